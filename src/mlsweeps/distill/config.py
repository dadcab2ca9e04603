"""Dataclass configs for the `distill` study and the one way λ is written.

Rule scripts build these from ``snakemake.params`` (the validated config section), so each value
has one default (the schema's) and one check (``__post_init__``). ``format_lambda`` is the only
formatter of λ values: the workflow's ``expand``, its wildcard constraint and the scripts all use it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Literal

from ..configs import check as _check
from ..configs import from_dict, to_dict

__all__ = [
    "TASK_NAMES",
    "DIVERGENCES",
    "LoraSettings",
    "DivergenceConfig",
    "TrainConfig",
    "EvalConfig",
    "format_lambda",
    "lambda_labels",
    "validate_study",
    "from_dict",
    "to_dict",
]

TASK_NAMES: tuple[str, ...] = ("NLI", "PA", "QA", "NER", "POS")
"""The five XTREME tasks of the seed report; a config names a subset of them."""

DIVERGENCES: tuple[str, ...] = ("mse_topk", "kl")


@dataclass(frozen=True)
class LoraSettings:
    """LoRA adapters of the student (peft), on every attention and MLP projection by default."""

    r: int = 16
    alpha: int = 32
    dropout: float = 0.05
    target_modules: tuple[str, ...] = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")

    def __post_init__(self):
        object.__setattr__(self, "target_modules", tuple(self.target_modules))
        _check(self.r >= 1, f"distill.lora.r must be >= 1, got {self.r}")
        _check(self.alpha > 0, f"distill.lora.alpha must be > 0, got {self.alpha}")
        _check(0 <= self.dropout < 1, f"distill.lora.dropout must be in [0, 1), got {self.dropout}")
        _check(len(self.target_modules) > 0, "distill.lora.target_modules must name at least one module")


@dataclass(frozen=True)
class DivergenceConfig:
    """D, the distillation term between teacher and student logits at the answer positions."""

    kind: Literal["mse_topk", "kl"] = "mse_topk"
    """mse_topk: mean squared error of raw logits over the teacher's top_k entries; kl: KL(teacher || student) at a temperature."""
    top_k: int = 256
    temperature: float = 2.0
    """kl only: both distributions are softened by it and the KL is scaled by its square (Hinton et al.)."""

    def __post_init__(self):
        _check(self.kind in DIVERGENCES, f"distill.divergence.kind must be one of {list(DIVERGENCES)}, got {self.kind!r}")
        _check(self.top_k >= 1, f"distill.divergence.top_k must be >= 1, got {self.top_k}")
        _check(self.temperature > 0, f"distill.divergence.temperature must be > 0, got {self.temperature}")


@dataclass(frozen=True)
class TrainConfig:
    """LoRA fine-tuning of one (task, λ, seed) point."""

    steps: int = 200
    """Optimizer steps."""
    batch_size: int = 4
    """Examples per micro-batch."""
    grad_accum: int = 4
    """Micro-batches per optimizer step (effective batch = batch_size × grad_accum)."""
    lr: float = 2e-4
    weight_decay: float = 0.01
    warmup_steps: int = 20
    """Linear warm-up, then cosine decay to 0 at ``steps``."""
    grad_clip: float = 1.0
    """Maximum global gradient norm; 0 switches clipping off."""
    max_length: int = 512
    """Student tokens (prompt + answer); longer training examples are skipped, and counted in the log."""
    teacher_max_length: int = 2048
    """Teacher tokens; demonstrations are dropped (last first) until the teacher's sequence fits."""
    n_shots: int = 5
    """Demonstrations in the teacher's prompt (a task may override it)."""
    max_train_examples: int = 5000
    """The first N training examples form the pool (queries and demonstrations)."""

    def __post_init__(self):
        for name in ("steps", "batch_size", "grad_accum", "max_length", "teacher_max_length", "max_train_examples"):
            _check(getattr(self, name) >= 1, f"distill.train.{name} must be >= 1, got {getattr(self, name)}")
        _check(self.lr > 0, f"distill.train.lr must be > 0, got {self.lr}")
        _check(self.weight_decay >= 0, f"distill.train.weight_decay must be >= 0, got {self.weight_decay}")
        _check(self.warmup_steps >= 0, f"distill.train.warmup_steps must be >= 0, got {self.warmup_steps}")
        _check(self.grad_clip >= 0, f"distill.train.grad_clip must be >= 0 (0 = off), got {self.grad_clip}")
        _check(self.teacher_max_length >= self.max_length, f"distill.train.teacher_max_length ({self.teacher_max_length}) must be >= max_length ({self.max_length})")
        _check(self.n_shots >= 0, f"distill.train.n_shots must be >= 0, got {self.n_shots}")


@dataclass(frozen=True)
class EvalConfig:
    """Greedy generation on the first ``n_examples`` test examples."""

    n_examples: int = 500
    batch_size: int = 32
    """Prompts per generate call (left-padded); scores do not depend on it."""

    def __post_init__(self):
        _check(self.n_examples >= 1, f"distill.eval.n_examples must be >= 1, got {self.n_examples}")
        _check(self.batch_size >= 1, f"distill.eval.batch_size must be >= 1, got {self.batch_size}")


def format_lambda(value: float) -> str:
    """The label of λ in file names: shortest exact decimal, ``0``, ``0.01``, ``1``, ``1e-05``.

    >>> [format_lambda(x) for x in (0, 0.0, 0.01, 0.25, 1.0, 10)]
    ['0', '0', '0.01', '0.25', '1', '10']
    """
    return format(float(value), ".12g")


def lambda_labels(values: Iterable[float]) -> dict[str, float]:
    """Label -> λ, in the given order; two values with one label (or a negative λ) are an error."""
    labels: dict[str, float] = {}
    for value in values:
        _check(float(value) >= 0, f"distill.lambdas: λ must be >= 0, got {value}")
        label = format_lambda(value)
        _check(label not in labels, f"distill.lambdas: {value} is listed twice")
        labels[label] = float(value)
    return labels


def validate_study(section: dict) -> None:
    """Cross-key checks the schema cannot express; raises ValueError naming the key."""
    unknown = sorted(set(section["tasks"]) - set(TASK_NAMES))
    _check(not unknown, f"distill.tasks: unknown task(s) {unknown}; the study knows {list(TASK_NAMES)}")
    _check(len(set(section["seeds"])) == len(section["seeds"]), f"distill.seeds has duplicates: {section['seeds']}")
    lambda_labels(section["lambdas"])
    from_dict(LoraSettings, section["lora"])
    from_dict(DivergenceConfig, section["divergence"])
    from_dict(TrainConfig, section["train"])
    from_dict(EvalConfig, section["eval"])
