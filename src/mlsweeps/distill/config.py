"""Dataclass configs for the `distill` study and the one way λ is written.

Fields, defaults, bounds and their meaning: the ``distill`` section of the config schema
(``mlsweeps.configs.schema_section``); ``__post_init__`` checks what spans several fields. Rule
scripts build these from ``snakemake.params``. ``format_lambda`` is the only
formatter of λ values: the workflow's ``expand``, its wildcard constraint and the scripts all use it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Literal, NamedTuple

from ..configs import ConfigError, check, from_dict, schema_section, to_dict

__all__ = [
    "Divergence",
    "LoraSettings",
    "DivergenceConfig",
    "TrainConfig",
    "EvalConfig",
    "format_lambda",
    "lambda_labels",
    "ARMS",
    "Setting",
    "grid_settings",
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
    top_k_share: float
    temperature: float

    def top_k(self, vocab_size: int) -> int:
        """Vocabulary entries mse_topk compares: ``top_k_share`` of the vocabulary, at least 1.

        >>> DivergenceConfig("mse_topk", 0.02, 2.0).top_k(512), DivergenceConfig("mse_topk", 0.0017, 2.0).top_k(151_936)
        (10, 258)
        """
        return max(1, min(vocab_size, round(self.top_k_share * vocab_size)))


@dataclass(frozen=True)
@schema_section("distill.train")
class TrainConfig:
    """LoRA fine-tuning of one (task, λ, seed) point."""

    steps: int
    batch_size: int
    grad_accum: int
    lrs: tuple[float, ...]
    weight_decay: float
    warmup_steps: int
    grad_clip: float
    max_length: int
    teacher_max_length: int
    n_shots: int
    max_train_examples: int

    def __post_init__(self):
        object.__setattr__(self, "lrs", tuple(float(lr) for lr in self.lrs))
        check(len(set(self.lrs)) == len(self.lrs), f"distill.train.lrs lists a learning rate twice: {list(self.lrs)}")
        check(self.teacher_max_length >= self.max_length, f"distill.train.teacher_max_length ({self.teacher_max_length}) must be >= max_length ({self.max_length})")


@dataclass(frozen=True)
@schema_section("distill.eval")
class EvalConfig:
    """Greedy generation on the first ``n_examples`` test examples; selection on ``n_dev`` training rows held out."""

    n_examples: int
    n_dev: int
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


ARMS = ("sft", "few", "zero")
"""The three arms: λ = 0 (SFT); λ > 0 with the k-shot teacher; λ > 0 with the 0-shot teacher (the demonstration control)."""


class Setting(NamedTuple):
    """One grid point: an arm, its λ and its learning rate."""

    arm: str
    lam: float
    lr: float

    @property
    def label(self) -> str:
        """Its name in file paths: ``sft_lambda0_lr0.002``, ``few_lambda0.1_lr0.008``."""
        return f"{self.arm}_lambda{format_lambda(self.lam)}_lr{format_lambda(self.lr)}"

    @property
    def teacher(self) -> str | None:
        """The teacher whose targets it reads: ``few`` or ``zero`` (None for SFT)."""
        return None if self.arm == "sft" else self.arm


def grid_settings(lambdas: Iterable[float], lrs: Iterable[float]) -> dict[str, Setting]:
    """Label -> setting of every grid point: SFT at each lr, and each λ > 0 with either teacher at each lr.

    >>> list(grid_settings([0, 1], [0.01]))
    ['sft_lambda0_lr0.01', 'few_lambda1_lr0.01', 'zero_lambda1_lr0.01']
    """
    lambdas, lrs = list(lambda_labels(lambdas).values()), [float(lr) for lr in lrs]
    points = [Setting("sft", 0.0, lr) for lr in lrs] + [Setting(arm, lam, lr) for lam in lambdas if lam > 0 for arm in ("few", "zero") for lr in lrs]
    return {p.label: p for p in points}


def validate_study(section: dict) -> None:
    """Checks across keys that the schema cannot express; raises ConfigError naming every bad key."""
    problems: list[str] = []
    for key, build in (("lambdas", lambda_labels), ("lora", lambda v: from_dict(LoraSettings, v)), ("divergence", lambda v: from_dict(DivergenceConfig, v)),
                       ("train", lambda v: from_dict(TrainConfig, v)), ("eval", lambda v: from_dict(EvalConfig, v))):
        try:
            build(section[key])
        except ConfigError as err:
            problems.append(f"config key 'distill.{key}': {err}")
    if 0 not in [float(x) for x in section["lambdas"]] or not any(float(x) > 0 for x in section["lambdas"]):
        problems.append(f"config key 'distill.lambdas': must hold 0 (SFT, the reference) and at least one λ > 0, got {section['lambdas']}")
    if problems:
        raise ConfigError("invalid config:\n" + "\n".join(f"  - {p}" for p in problems))
