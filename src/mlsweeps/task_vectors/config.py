"""Dataclass configs for the `task_vectors` study, the α grid and the one way α is written.

Rule scripts build these from ``snakemake.params`` (which carry the validated config section), so a
value has one default (the schema's) and one check (``__post_init__``). ``format_alpha`` is the only
formatter of grid values: the workflow's ``expand`` and wildcard constraints and the scripts all use
it, so ``0.1`` and ``0.10`` can never become two jobs.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, fields
from typing import Iterable, Literal

import numpy as np

from ..configs import check as _check
from ..configs import from_dict, to_dict

__all__ = [
    "CrossingMethod",
    "CROSSING_METHODS",
    "FinetuneConfig",
    "EvalConfig",
    "AlphaGrid",
    "CrossingConfig",
    "format_alpha",
    "alpha_labels",
    "validate_study",
    "from_dict",
    "to_dict",
]

CrossingMethod = Literal["sign_change", "band"]
CROSSING_METHODS: tuple[str, ...] = ("sign_change", "band")

ALPHA_DECIMALS = 10
"""Grid values are rounded to this many decimals, so that re-deriving a grid is exact (see ``AlphaGrid``)."""


@dataclass(frozen=True)
class FinetuneConfig:
    """Full-parameter causal-LM fine-tuning of the base model on one task's training texts."""

    epochs: int = 4
    """Passes over the training texts."""
    lr: float = 1e-4
    """Peak AdamW learning rate (after warm-up; then linear decay to 0)."""
    batch_size: int = 32
    """Texts per micro-batch; one optimizer step sees batch_size × grad_accum texts."""
    max_length: int = 1024
    """Tokens per text; longer texts are truncated."""
    weight_decay: float = 0.0
    """AdamW decoupled weight decay, applied to matrices and embeddings only."""
    warmup_steps: int = 0
    """Optimizer steps of linear warm-up from 0 to ``lr``."""
    grad_clip: float = 1.0
    """Maximum global gradient norm; 0 switches clipping off."""
    seed: int = 0
    """Seed of the batch order (and of dropout, where the model has any)."""
    grad_accum: int = 1
    """Micro-batches accumulated per optimizer step."""

    def __post_init__(self):
        _check(self.epochs >= 1, f"finetune.epochs must be >= 1, got {self.epochs}")
        _check(self.lr > 0, f"finetune.lr must be > 0, got {self.lr}")
        _check(self.batch_size >= 1, f"finetune.batch_size must be >= 1, got {self.batch_size}")
        _check(self.max_length >= 2, f"finetune.max_length must be >= 2 (one token predicts the next), got {self.max_length}")
        _check(self.weight_decay >= 0, f"finetune.weight_decay must be >= 0, got {self.weight_decay}")
        _check(self.warmup_steps >= 0, f"finetune.warmup_steps must be >= 0, got {self.warmup_steps}")
        _check(self.grad_clip >= 0, f"finetune.grad_clip must be >= 0 (0 = off), got {self.grad_clip}")
        _check(self.grad_accum >= 1, f"finetune.grad_accum must be >= 1, got {self.grad_accum}")


@dataclass(frozen=True)
class EvalConfig:
    """Batching of the loss evaluations (the numbers do not depend on it, only the speed)."""

    batch_size: int = 16
    """Texts per forward pass."""
    max_length: int = 1024
    """Tokens per text; longer texts are truncated."""

    def __post_init__(self):
        _check(self.batch_size >= 1, f"eval.batch_size must be >= 1, got {self.batch_size}")
        _check(self.max_length >= 2, f"eval.max_length must be >= 2 (one token predicts the next), got {self.max_length}")


@dataclass(frozen=True)
class AlphaGrid:
    """The α grid: ``numpy.linspace(min, max, num)``, endpoints included."""

    min: float = -0.5
    """First α."""
    max: float = 1.5
    """Last α."""
    num: int = 100
    """Number of grid points (>= 2)."""

    def __post_init__(self):
        _check(self.num >= 2, f"alpha.num must be >= 2, got {self.num}")
        _check(math.isfinite(self.min) and math.isfinite(self.max), f"alpha.min and alpha.max must be finite, got {self.min}, {self.max}")
        _check(self.min < self.max, f"alpha.min ({self.min}) must be < alpha.max ({self.max})")

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
class CrossingConfig:
    """How zero-crossings (returns of L(α) to L_base at α ≠ 0) are found; see ``analysis.find_crossings``."""

    method: CrossingMethod = "sign_change"
    """``sign_change``: sign changes of L(α) − L_base between neighbours, interpolated linearly;
    ``band``: the original's rule, every grid point close to L_base (counts one crossing 2–3 times)."""
    min_abs_alpha: float = 0.05
    """``sign_change`` ignores crossings with |α| below this: they are the trivial return at α = 0."""
    band_threshold: float = 0.20
    """``band``: a grid point counts when |L(α) − L_base| is below this (nats)."""
    band_min_abs_alpha: float = 0.15
    """``band``: ... and |α| is above this."""

    def __post_init__(self):
        _check(self.method in CROSSING_METHODS, f"crossings.method must be one of {list(CROSSING_METHODS)}, got {self.method!r}")
        _check(self.min_abs_alpha >= 0, f"crossings.min_abs_alpha must be >= 0, got {self.min_abs_alpha}")
        _check(self.band_threshold > 0, f"crossings.band_threshold must be > 0, got {self.band_threshold}")
        _check(self.band_min_abs_alpha >= 0, f"crossings.band_min_abs_alpha must be >= 0, got {self.band_min_abs_alpha}")


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
            raise ValueError(
                f"alpha values {labels[label]!r} and {float(value)!r} share the label {label!r}; "
                "the grid is finer than 4 decimals can tell apart (lower alpha.num or widen the range)"
            )
        labels[label] = float(value)
    return labels


def _override_type_problems(key: str, override: dict) -> list[str]:
    """Per-task ``finetune`` overrides are an open mapping in the schema: check their names and types here."""
    types = {f.name: f.type for f in fields(FinetuneConfig)}
    problems = []
    for name, value in override.items():
        if name not in types:
            problems.append(f"unknown config key '{name}' under '{key}'; expected one of: {', '.join(sorted(types))}")
        elif isinstance(value, bool) or not isinstance(value, int if types[name] == "int" else (int, float)):
            problems.append(f"config key '{key}.{name}' must be of type {'integer' if types[name] == 'int' else 'number'}, got {value!r}")
    return problems


def validate_study(section: dict) -> None:
    """Checks across keys that the schema cannot express; raises ConfigError naming every bad key."""
    from ..config_validation import ConfigError

    problems: list[str] = []

    def build(key: str, cls, values: dict):
        try:
            return from_dict(cls, values)
        except ValueError as err:
            problems.append(f"config key 'task_vectors.{key}': {err}")

    grid = build("alpha", AlphaGrid, section["alpha"])
    if grid is not None:
        try:
            alpha_labels(grid.values())
        except ValueError as err:
            problems.append(f"config key 'task_vectors.alpha': {err}")
    build("finetune", FinetuneConfig, section["finetune"])
    build("eval", EvalConfig, section["eval"])
    build("crossings", CrossingConfig, section["crossings"])
    for task, spec in section["tasks"].items():
        override = spec.get("finetune") or {}
        found = _override_type_problems(f"task_vectors.tasks.{task}.finetune", override)
        problems += found
        if override and not found:
            build(f"tasks.{task}.finetune", FinetuneConfig, {**section["finetune"], **override})
    if problems:
        raise ConfigError("invalid config:\n" + "\n".join(f"  - {p}" for p in problems))
