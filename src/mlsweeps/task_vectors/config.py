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
    "GeometryConfig",
    "ControlConfig",
    "BootstrapConfig",
    "BetweenConfig",
    "EarlyImprovementConfig",
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
    document_start: str

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


@dataclass(frozen=True)
@schema_section("task_vectors.geometry")
class GeometryConfig:
    """The parabola fitted near α = 0 (``analysis.fit_parabola``) and when a measured number counts as its prediction."""

    fit_half_width: float
    agreement_steps: float


@dataclass(frozen=True)
@schema_section("task_vectors.control")
class ControlConfig:
    """Random directions with a task vector's per-tensor norms (``vectors.random_direction``)."""

    draws: int
    seed: int

    def draw_seed(self, task_index: int, draw: int) -> int:
        """The seed of draw ``draw`` of the task at position ``task_index`` in the config.

        >>> ControlConfig(2, 5).draw_seed(1, 1)
        1006
        """
        return self.seed + 1000 * task_index + draw


@dataclass(frozen=True)
@schema_section("task_vectors.bootstrap")
class BootstrapConfig:
    """The paired bootstrap over the general set's texts (``stats.paired_bootstrap``)."""

    resamples: int
    confidence: float
    seed: int


@dataclass(frozen=True)
@schema_section("task_vectors.between")
class BetweenConfig:
    """Between tasks: the pair of the 2-D slice and its grid."""

    pair: tuple[str, ...]
    slice_min: float
    slice_max: float
    slice_num: int

    def __post_init__(self):
        object.__setattr__(self, "pair", tuple(self.pair))
        check(len(self.pair) in (0, 2) and len(set(self.pair)) == len(self.pair), f"between.pair must be empty or two different tasks, got {list(self.pair)}")
        check(self.slice_min < self.slice_max, f"between.slice_min ({self.slice_min}) must be < between.slice_max ({self.slice_max})")

    def slice_values(self) -> list[float]:
        """The values of a (and of b), rounded like the α grid.

        >>> BetweenConfig((), 0.0, 1.0, 3).slice_values()
        [0.0, 0.5, 1.0]
        """
        return AlphaGrid(self.slice_min, self.slice_max, self.slice_num).values()

    def slice_pair(self, tasks: Iterable[str]) -> tuple[str, str] | None:
        """The configured pair, or the first two tasks; None with fewer than two tasks."""
        tasks = list(tasks)
        if self.pair:
            return self.pair[0], self.pair[1]
        return (tasks[0], tasks[1]) if len(tasks) >= 2 else None


@dataclass(frozen=True)
@schema_section("task_vectors.early_improvement")
class EarlyImprovementConfig:
    """The seed report's large improvement at small α: where it is read and what counts as large."""

    alpha: float
    large_pct: float


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
    geometry = build("geometry", GeometryConfig, section["geometry"])
    if grid is not None and geometry is not None:
        n_fit = sum(abs(a) <= geometry.fit_half_width + 1e-9 for a in grid.values())
        if n_fit < 3:
            problems.append(f"config key 'task_vectors.geometry.fit_half_width': the parabola fit needs at least 3 grid points with "
                            f"|α| <= {geometry.fit_half_width}, task_vectors.alpha gives {n_fit} (widen it or refine the grid)")
    build("control", ControlConfig, section["control"])
    build("bootstrap", BootstrapConfig, section["bootstrap"])
    between = build("between", BetweenConfig, section["between"])
    unknown = [t for t in (between.pair if between else ()) if t not in section["tasks"]]
    if unknown:
        problems.append(f"config key 'task_vectors.between.pair': {unknown} are not tasks of task_vectors.tasks {list(section['tasks'])}")
    build("early_improvement", EarlyImprovementConfig, section["early_improvement"])
    for task, spec in section["tasks"].items():
        if spec.get("finetune"):  # keys and types checked by the schema; the whole of it here
            build(f"tasks.{task}.finetune", FinetuneConfig, {**section["finetune"], **spec["finetune"]})
    if problems:
        raise ConfigError("invalid config:\n" + "\n".join(f"  - {p}" for p in problems))
