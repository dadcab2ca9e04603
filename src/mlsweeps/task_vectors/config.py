"""Dataclass configs for the `task_vectors` study, the α grid and the one way α is written.

Fields, defaults, bounds and their meaning: the ``task_vectors`` section of the config schema
(``mlsweeps.configs.schema_section``); ``__post_init__`` checks what spans several fields. Rule
scripts build these from ``snakemake.params``. ``format_alpha`` is the only
formatter of grid values: the workflow's ``expand`` and wildcard constraints and the scripts all use
it, so ``0.1`` and ``0.10`` can never become two jobs.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable, Literal

import numpy as np

from ..configs import ConfigError, check, from_dict, schema_section, to_dict

__all__ = [
    "CrossingMethod",
    "Scoring",
    "FinetuneConfig",
    "EvalConfig",
    "ScoringConfig",
    "AlphaGrid",
    "CrossingConfig",
    "format_alpha",
    "alpha_labels",
    "validate_study",
    "from_dict",
    "to_dict",
]

CrossingMethod = Literal["sign_change", "band"]
Scoring = Literal["raw", "chat"]

ALPHA_DECIMALS = 10
"""Grid values are rounded to this many decimals, so that re-deriving a grid is exact (see ``AlphaGrid``)."""


@dataclass(frozen=True)
@schema_section("$defs.finetune")
class FinetuneConfig:
    """Full-parameter causal-LM fine-tuning of the base model on one task's training texts."""

    epochs: int
    lr: float
    batch_size: int
    max_length: int
    weight_decay: float
    warmup_steps: int
    grad_clip: float
    seed: int
    grad_accum: int


@dataclass(frozen=True)
@schema_section("task_vectors.eval")
class EvalConfig:
    """Batching of the loss evaluations (the numbers do not depend on it, only the speed)."""

    batch_size: int
    max_length: int


@dataclass(frozen=True)
@schema_section("task_vectors.scoring")
class ScoringConfig:
    """Under which scorings every loss is computed; the first is the report's headline (``losses.token_nll``)."""

    kinds: tuple[Scoring, ...]
    chat_user_message: str

    def __post_init__(self):
        object.__setattr__(self, "kinds", tuple(self.kinds))
        check(len(set(self.kinds)) == len(self.kinds) and set(self.kinds) <= {"raw", "chat"},
              f"scoring.kinds must be distinct values of raw and chat, got {list(self.kinds)}")

    @property
    def headline(self) -> Scoring:
        return self.kinds[0]


@dataclass(frozen=True)
@schema_section("task_vectors.alpha")
class AlphaGrid:
    """The α grid: ``numpy.linspace(min, max, num)``, endpoints included."""

    min: float
    max: float
    num: int

    def __post_init__(self):
        check(math.isfinite(self.min) and math.isfinite(self.max), f"alpha.min and alpha.max must be finite, got {self.min}, {self.max}")
        check(self.min < self.max, f"alpha.min ({self.min}) must be < alpha.max ({self.max})")

    def values(self) -> list[float]:
        """The grid as Python floats, each rounded to 10 decimals.

        The rounding is why a grid extended by whole steps (min -0.5, max 1.6, num 22 after
        max 1.5, num 21) gives its old points back as identical floats: ``linspace`` computes the
        step from the span, and the two spans differ in their last bits. ``-0.0`` becomes ``0.0``.

        >>> AlphaGrid(-0.5, 1.5, 5).values()
        [-0.5, 0.0, 0.5, 1.0, 1.5]
        """
        grid = np.round(np.linspace(self.min, self.max, self.num), ALPHA_DECIMALS) + 0.0  # + 0.0 turns -0.0 into 0.0
        return [float(a) for a in grid]


@dataclass(frozen=True)
@schema_section("task_vectors.crossings")
class CrossingConfig:
    """How zero-crossings (returns of L(α) to L_base at α ≠ 0) are found; see ``analysis.find_crossings``."""

    method: CrossingMethod
    min_abs_alpha: float
    band_threshold: float
    band_min_abs_alpha: float


def format_alpha(alpha: float) -> str:
    """The label of a grid value in file names and wildcards: 4 decimals, never ``-0.0000``.

    >>> format_alpha(0.25), format_alpha(-0.5), format_alpha(-1e-9)
    ('0.2500', '-0.5000', '0.0000')
    """
    alpha = float(alpha)
    if not math.isfinite(alpha):
        raise ValueError(f"alpha must be finite, got {alpha}")
    label = f"{alpha:.4f}"
    return "0.0000" if label == "-0.0000" else label


def alpha_labels(values: Iterable[float]) -> dict[str, float]:
    """Map each grid value's label to the value; two values sharing a label are an error.

    The workflow turns a wildcard back into its exact α through this mapping, so a collision
    would silently evaluate one point twice and lose the other.

    >>> alpha_labels([0.0, 0.5])
    {'0.0000': 0.0, '0.5000': 0.5}
    """
    labels: dict[str, float] = {}
    for value in values:
        label = format_alpha(value)
        if label in labels:
            raise ConfigError(
                f"alpha values {labels[label]!r} and {float(value)!r} share the label {label!r}; "
                "the grid is finer than 4 decimals can tell apart (lower alpha.num or widen the range)"
            )
        labels[label] = float(value)
    return labels


def validate_study(section: dict) -> None:
    """Checks across keys that the schema cannot express; raises ConfigError naming every bad key."""
    problems: list[str] = []

    def build(key: str, cls, values: dict):
        try:
            return from_dict(cls, values)
        except ConfigError as err:
            problems.append(f"config key 'task_vectors.{key}': {err}")

    grid = build("alpha", AlphaGrid, section["alpha"])
    if grid is not None:
        try:
            alpha_labels(grid.values())
        except ConfigError as err:
            problems.append(f"config key 'task_vectors.alpha': {err}")
    build("finetune", FinetuneConfig, section["finetune"])
    build("eval", EvalConfig, section["eval"])
    build("scoring", ScoringConfig, section["scoring"])
    build("crossings", CrossingConfig, section["crossings"])
    for task, spec in section["tasks"].items():
        if spec.get("finetune"):  # keys and types checked by the schema; the whole of it here
            build(f"tasks.{task}.finetune", FinetuneConfig, {**section["finetune"], **spec["finetune"]})
    if problems:
        raise ConfigError("invalid config:\n" + "\n".join(f"  - {p}" for p in problems))
