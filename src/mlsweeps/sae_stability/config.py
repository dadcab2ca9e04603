"""Dataclass configs for the `sae_stability` study; each is saved as JSON beside what it produced.

Rule scripts build these from ``snakemake.params`` (which carry the validated config section),
so a value has one default (the schema's) and one check (``__post_init__``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from ..configs import check as _check
from ..configs import from_dict, to_dict

__all__ = [
    "TaskName",
    "TASK_NAMES",
    "ModularArithmeticConfig",
    "CopyConfig",
    "TransformerConfig",
    "TrainConfig",
    "ActivationConfig",
    "SaeConfig",
    "from_dict",
    "to_dict",
    "task_data_config",
    "validate_study",
]

TaskName = Literal["modular_arithmetic", "copy"]
TASK_NAMES: tuple[str, ...] = ("modular_arithmetic", "copy")


@dataclass(frozen=True)
class ModularArithmeticConfig:
    """Inputs `a + b =`, target `(a + b) mod p`, over all p² pairs split into train and val."""

    p: int = 113
    """Modulus; the vocabulary is the p residues plus the `+` and `=` tokens."""
    train_fraction: float = 0.3
    """Fraction of the p² pairs used for training (0.3 with weight decay 1.0 groks)."""
    seed: int = 0
    """Seed of the train/val split."""

    def __post_init__(self):
        _check(self.p >= 2, f"modular_arithmetic.p must be >= 2, got {self.p}")
        _check(0 < self.train_fraction < 1, f"modular_arithmetic.train_fraction must be in (0, 1), got {self.train_fraction}")


@dataclass(frozen=True)
class CopyConfig:
    """Random sequences, then SEP, then the model reproduces the sequence."""

    seq_len: int = 10
    """Length of the sequence to copy."""
    vocab_size: int = 20
    """Number of content tokens (SEP is one more)."""
    n_train: int = 20_000
    """Training sequences."""
    n_val: int = 2_000
    """Held-out validation sequences."""
    seed: int = 0
    """Seed of the generated sequences."""

    def __post_init__(self):
        _check(self.seq_len >= 1, f"copy.seq_len must be >= 1, got {self.seq_len}")
        _check(self.vocab_size >= 2, f"copy.vocab_size must be >= 2, got {self.vocab_size}")
        _check(self.n_train >= 1 and self.n_val >= 1, "copy.n_train and copy.n_val must be >= 1")


@dataclass(frozen=True)
class TransformerConfig:
    """A small pre-LayerNorm causal transformer (nanoGPT shape)."""

    n_layers: int = 2
    d_model: int = 128
    n_heads: int = 4
    d_mlp: int = 512
    vocab_size: int = 0
    """Set from the task's data (not from the config file)."""
    max_len: int = 0
    """Longest input sequence; set from the task's data."""

    def __post_init__(self):
        _check(self.d_model % self.n_heads == 0, f"model.d_model ({self.d_model}) must be divisible by model.n_heads ({self.n_heads})")
        _check(self.n_layers >= 1, f"model.n_layers must be >= 1, got {self.n_layers}")


@dataclass(frozen=True)
class TrainConfig:
    """AdamW training of the task transformer."""

    epochs: int = 100
    batch_size: int = 256
    lr: float = 1e-3
    weight_decay: float = 1.0
    beta1: float = 0.9
    beta2: float = 0.98
    warmup_steps: int = 10
    """Linear warm-up of the learning rate, then constant."""
    grad_clip: float = 1.0
    seed: int = 0
    """Seed of the initialisation and the batch order."""
    eval_every: int = 10
    """Evaluate on train and val every this many epochs (and after the last)."""

    def __post_init__(self):
        _check(self.epochs >= 1, f"train.epochs must be >= 1, got {self.epochs}")
        _check(self.batch_size >= 1, f"train.batch_size must be >= 1, got {self.batch_size}")
        _check(self.lr > 0, f"train.lr must be > 0, got {self.lr}")


@dataclass(frozen=True)
class ActivationConfig:
    """Which residual-stream vectors are collected for the SAEs."""

    layer: int = -1
    """Block whose output (the residual stream after it) is read; -1 = last."""
    n_vectors: int = 50_000
    """Number of activation vectors (one per scored position)."""
    seed: int = 1
    """Seed of the sequences generated for collection (tasks with a finite input set use all of it)."""
    batch_size: int = 1024


@dataclass(frozen=True)
class SaeConfig:
    """TopK sparse autoencoder and its training (Gao et al. 2024)."""

    expansion: int = 8
    """d_sae = expansion × d_model."""
    k: int = 32
    """Active latents per input."""
    epochs: int = 20
    batch_size: int = 256
    lr: float = 0.0
    """Adam learning rate; 0 picks 2e-4 / sqrt(d_sae / 16384) as in EleutherAI sparsify."""
    auxk_coef: float = 1 / 32
    """Weight of the AuxK loss that lets dead latents reconstruct the residual."""
    auxk_k: int = 0
    """Dead latents used by AuxK; 0 picks d_model // 2."""
    dead_after: int = 0
    """A latent that has not fired for this many training samples counts as dead for AuxK; 0 = one epoch."""
    data_order_seed: int = 0
    """Seed of the batch order, shared by all SAE seeds so that they differ only in initialisation."""
    encoder_init_scale: float = 1.0
    """Norm of each encoder column at initialisation (the decoder rows start at norm 1). Smaller
    values learn faster but leave more latents dead: 0.577 (sparsify's norm) raised the one-epoch
    explained variance of the benchmark from 0.627 to 0.687, and the dead latents of the default
    run's SAEs (10 epochs; seeds 42 and 123) from 0.4–3.4 % to 17–26 %."""

    def __post_init__(self):
        _check(self.expansion >= 1, f"sae.expansion must be >= 1, got {self.expansion}")
        _check(self.k >= 1, f"sae.k must be >= 1, got {self.k}")
        _check(self.epochs >= 1, f"sae.epochs must be >= 1, got {self.epochs}")
        _check(self.batch_size >= 1, f"sae.batch_size must be >= 1, got {self.batch_size}")
        _check(self.encoder_init_scale > 0, f"sae.encoder_init_scale must be > 0, got {self.encoder_init_scale}")


TASK_DATA_CONFIGS = {"modular_arithmetic": ModularArithmeticConfig, "copy": CopyConfig}


def task_data_config(task: str, values: dict[str, Any]):
    """The data config dataclass of ``task`` built from its ``data`` section."""
    if task not in TASK_DATA_CONFIGS:
        raise ValueError(f"unknown sae_stability task {task!r}; expected one of {sorted(TASK_DATA_CONFIGS)}")
    return from_dict(TASK_DATA_CONFIGS[task], values)


def validate_study(section: dict[str, Any]) -> None:
    """Checks across keys that the schema cannot express; raises ConfigError naming the key."""
    from ..config_validation import ConfigError

    problems = []
    for task, spec in section["tasks"].items():
        for key, build in (("data", lambda v: task_data_config(task, v)), ("model", lambda v: from_dict(TransformerConfig, v)), ("train", lambda v: from_dict(TrainConfig, v))):
            try:
                build(spec[key])
            except ValueError as err:
                problems.append(f"config key 'sae_stability.tasks.{task}.{key}': {err}")
        d_sae = section["sae"]["expansion"] * spec["model"]["d_model"]
        if section["sae"]["k"] > d_sae:
            problems.append(f"config key 'sae_stability.sae.k' = {section['sae']['k']}: larger than d_sae = expansion × d_model = {d_sae} for task {task}")
        n_layers = spec["model"]["n_layers"]
        if not -n_layers <= spec["activations"]["layer"] < n_layers:
            problems.append(f"config key 'sae_stability.tasks.{task}.activations.layer' = {spec['activations']['layer']}: the model has {n_layers} blocks")
    if problems:
        raise ConfigError("invalid config:\n" + "\n".join(f"  - {p}" for p in problems))
