"""Dataclass configs for the `distill` study and the one way λ is written.

Fields, defaults, bounds and their meaning: the ``distill`` section of the config schema
(``mlsweeps.configs.schema_section``); ``__post_init__`` checks what spans several fields. Rule
scripts build these from ``snakemake.params``. ``format_lambda`` is the only
formatter of λ values: the workflow's ``expand``, its wildcard constraint and the scripts all use it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Literal

from ..configs import ConfigError, check, from_dict, schema_section, to_dict

__all__ = [
    "Divergence",
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

Divergence = Literal["mse_topk", "kl"]


@dataclass(frozen=True)
@schema_section("distill.lora")
class LoraSettings:
    """LoRA adapters of the student (peft), on every attention and MLP projection by default."""

    r: int
    alpha: float
    dropout: float
    target_modules: tuple[str, ...]

    def __post_init__(self):
        object.__setattr__(self, "target_modules", tuple(self.target_modules))


@dataclass(frozen=True)
@schema_section("distill.divergence")
class DivergenceConfig:
    """D, the distillation term between teacher and student logits at the answer positions."""

    kind: Divergence
    top_k: int
    temperature: float


@dataclass(frozen=True)
@schema_section("distill.train")
class TrainConfig:
    """LoRA fine-tuning of one (task, λ, seed) point."""

    steps: int
    batch_size: int
    grad_accum: int
    lr: float
    weight_decay: float
    warmup_steps: int
    grad_clip: float
    max_length: int
    teacher_max_length: int
    n_shots: int
    max_train_examples: int

    def __post_init__(self):
        check(self.teacher_max_length >= self.max_length, f"distill.train.teacher_max_length ({self.teacher_max_length}) must be >= max_length ({self.max_length})")


@dataclass(frozen=True)
@schema_section("distill.eval")
class EvalConfig:
    """Greedy generation on the first ``n_examples`` test examples."""

    n_examples: int
    batch_size: int


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
        check(float(value) >= 0, f"distill.lambdas: λ must be >= 0, got {value}")
        label = format_lambda(value)
        check(label not in labels, f"distill.lambdas: {value} is listed twice")
        labels[label] = float(value)
    return labels


def validate_study(section: dict) -> None:
    """Checks across keys that the schema cannot express; raises ConfigError naming every bad key."""
    problems: list[str] = []
    for key, build in (("lambdas", lambda_labels), ("lora", lambda v: from_dict(LoraSettings, v)), ("divergence", lambda v: from_dict(DivergenceConfig, v)),
                       ("train", lambda v: from_dict(TrainConfig, v)), ("eval", lambda v: from_dict(EvalConfig, v))):
        try:
            build(section[key])
        except ConfigError as err:
            problems.append(f"config key 'distill.{key}': {err}")
    if problems:
        raise ConfigError("invalid config:\n" + "\n".join(f"  - {p}" for p in problems))
