"""Dataclass configs for the `sae_stability` study; each is saved as JSON beside what it produced.

Fields, defaults, bounds and their meaning: the ``sae_stability`` section of the config schema
(``mlsweeps.configs.schema_section``); ``__post_init__`` checks what spans several fields. Rule
scripts build these from ``snakemake.params``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..configs import ConfigError, check, from_dict, schema_section, to_dict

__all__ = [
    "ModularArithmeticConfig",
    "CopyConfig",
    "TransformerConfig",
    "TrainConfig",
    "ActivationConfig",
    "SaeConfig",
    "PositiveControlConfig",
    "SweepConfig",
    "from_dict",
    "to_dict",
    "task_data_config",
    "validate_study",
]

@dataclass(frozen=True)
@schema_section("sae_stability.tasks.modular_arithmetic.data")
class ModularArithmeticConfig:
    """Inputs `a + b =`, target `(a + b) mod p`, over all p² pairs split into train and val."""

    p: int
    train_fraction: float
    seed: int


@dataclass(frozen=True)
@schema_section("sae_stability.tasks.copy.data")
class CopyConfig:
    """Random sequences, then SEP, then the model reproduces the sequence."""

    seq_len: int
    vocab_size: int
    n_train: int
    n_val: int
    seed: int


@dataclass(frozen=True)
@schema_section("$defs.transformer", derived=("vocab_size", "max_len"))
class TransformerConfig:
    """A small pre-LayerNorm causal transformer (nanoGPT shape)."""

    n_layers: int
    d_model: int
    n_heads: int
    d_mlp: int
    vocab_size: int = 0
    """Set from the task's data (not from the config file)."""
    max_len: int = 0
    """Longest input sequence; set from the task's data."""

    def __post_init__(self):
        check(self.d_model % self.n_heads == 0, f"model.d_model ({self.d_model}) must be divisible by model.n_heads ({self.n_heads})")


@dataclass(frozen=True)
@schema_section("$defs.transformer_training", derived=("seed",))
class TrainConfig:
    """AdamW training of the task transformer."""

    epochs: int
    batch_size: int
    lr: float
    weight_decay: float
    beta1: float
    beta2: float
    warmup_steps: int
    grad_clip: float
    eval_every: int
    seed: int = 0
    """Initialisation and batch order: one of ``sae_stability.transformer_seeds``, set per transformer."""


@dataclass(frozen=True)
@schema_section("$defs.activations")
class ActivationConfig:
    """Which residual-stream vectors are collected for the SAEs."""

    layer: int
    n_vectors: int
    seed: int
    batch_size: int


@dataclass(frozen=True)
@schema_section("sae_stability.sae")
class SaeConfig:
    """TopK sparse autoencoder and its training (Gao et al. 2024)."""

    expansion: int
    k: int
    epochs: int
    batch_size: int
    lr: float
    auxk_coef: float
    auxk_k: int
    dead_after: int
    data_order_seed: int
    encoder_init_scale: float
    lr_warmup_fraction: float
    lr_decay: str


@dataclass(frozen=True)
@schema_section("sae_stability.positive_control")
class PositiveControlConfig:
    """Activations synthesised from a known dictionary: ``k`` of ``n_features`` directions per vector."""

    enabled: bool
    n_features: int
    k: int
    d_model: int
    n_vectors: int
    seed: int

    def __post_init__(self):
        check(self.k <= self.n_features, f"positive_control.k ({self.k}) must be <= positive_control.n_features ({self.n_features})")


@dataclass(frozen=True)
@schema_section("sae_stability.sweep")
class SweepConfig:
    """Grid of SAE shapes and training lengths on the first transformer of each swept task."""

    d_sae: tuple[int, ...]
    k: tuple[int, ...]
    epochs: tuple[int, ...]
    n_seeds: int
    tasks: tuple[str, ...]


TASK_DATA_CONFIGS = {"modular_arithmetic": ModularArithmeticConfig, "copy": CopyConfig}


def task_data_config(task: str, values: dict[str, Any]):
    """The data config dataclass of ``task`` built from its ``data`` section."""
    if task not in TASK_DATA_CONFIGS:
        raise ValueError(f"unknown sae_stability task {task!r}; expected one of {sorted(TASK_DATA_CONFIGS)}")
    return from_dict(TASK_DATA_CONFIGS[task], values)


def validate_study(section: dict[str, Any]) -> None:
    """Checks across keys that the schema cannot express; raises ConfigError naming every bad key."""
    problems = []
    for task, spec in section["tasks"].items():
        for key, build in (("data", lambda v: task_data_config(task, v)), ("model", lambda v: from_dict(TransformerConfig, v)), ("train", lambda v: from_dict(TrainConfig, v))):
            try:
                build(spec[key])
            except ConfigError as err:
                problems.append(f"config key 'sae_stability.tasks.{task}.{key}': {err}")
        d_sae = section["sae"]["expansion"] * spec["model"]["d_model"]
        if section["sae"]["k"] > d_sae:
            problems.append(f"config key 'sae_stability.sae.k' = {section['sae']['k']}: larger than d_sae = expansion × d_model = {d_sae} for task {task}")
        n_layers = spec["model"]["n_layers"]
        if not -n_layers <= spec["activations"]["layer"] < n_layers:
            problems.append(f"config key 'sae_stability.tasks.{task}.activations.layer' = {spec['activations']['layer']}: the model has {n_layers} blocks")
    try:
        from_dict(PositiveControlConfig, section["positive_control"])
    except ConfigError as err:
        problems.append(f"config key 'sae_stability.positive_control': {err}")
    if section["sweep"]["n_seeds"] > len(section["seeds"]):
        problems.append(f"config key 'sae_stability.sweep.n_seeds' = {section['sweep']['n_seeds']}: more than the {len(section['seeds'])} seeds in 'sae_stability.seeds'")
    if problems:
        raise ConfigError("invalid config:\n" + "\n".join(f"  - {p}" for p in problems))
