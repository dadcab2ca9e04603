"""From a task's sweep to its summary: optimum, improvement, zero-crossings and squaring returns.

Pure functions on arrays and DataFrames in the scikit-learn manner: keyword-only options, a shared
checker that raises ``ValueError`` quoting the bad value, and doctests on hand cases.
"""
from __future__ import annotations

import math
from typing import Literal, NamedTuple, Sequence, get_args

import numpy as np
import pandas as pd

from .config import CrossingConfig, CrossingMethod

__all__ = ["Crossing", "TaskSummary", "find_crossings", "summarize_task"]

SWEEP_COLUMNS: tuple[str, ...] = ("alpha", "loss", "task_loss", "loss_2alpha")
"""Columns every task's sweep has; the ``loss_<category>`` columns come on top."""


class Crossing(NamedTuple):
    """A return of a loss curve to L_base at α ≠ 0."""

    alpha: float
    """Where: for ``sign_change`` the linearly interpolated root between two grid points; for
    ``band`` the grid point itself."""
    ret: float
    """The report's "return": |L − L_base| at a grid point. For ``sign_change`` that is the
    bracketing grid point nearer the crossing (under linear interpolation, the smaller of the two
    |L − L_base|; 0 for a grid point exactly at L_base); for ``band`` the listed point."""


class TaskSummary(NamedTuple):
    """A task's landscape in numbers (docs/task_vectors.md, "Numbers")."""

    base_loss: float
    """L_base = L(0), the base model's general loss (nats)."""
    optimal_alpha: float
    """argmin over the grid of the general loss L(α) (the first one on ties)."""
    min_loss: float
    """L at ``optimal_alpha``."""
    delta: float
    """``min_loss − base_loss`` (<= 0 when the grid holds α = 0 or a better point)."""
    improvement_pct: float
    """``(base_loss − min_loss) / base_loss × 100``."""
    task_optimal_alpha: float
    """argmin over the grid of the task loss."""
    min_task_loss: float
    """Task loss at ``task_optimal_alpha``."""
    zero_crossings: list[Crossing]
    """Returns of L(α) to L_base, by increasing α."""
    squaring_returns: list[Crossing]
    """Returns of L(2α) to the same L_base, by increasing α (α, not 2α, is listed)."""

    def row(self) -> dict[str, float | int]:
        """The ``comparison.tsv`` columns (without ``task``)."""
        return {
            "base_loss": self.base_loss, "optimal_alpha": self.optimal_alpha, "min_loss": self.min_loss,
            "delta": self.delta, "improvement_pct": self.improvement_pct,
            "task_optimal_alpha": self.task_optimal_alpha, "min_task_loss": self.min_task_loss,
            "n_zero_crossings": len(self.zero_crossings), "n_squaring_returns": len(self.squaring_returns),
        }


def _check_curve(alphas: Sequence[float], losses: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
    """Shared checker: 1-D, same length, α finite and strictly increasing (losses may be inf/NaN)."""
    a = np.asarray(alphas, dtype=float)
    y = np.asarray(losses, dtype=float)
    if a.ndim != 1 or y.ndim != 1:
        raise ValueError(f"alphas and losses must be 1-D, got shapes {a.shape} and {y.shape}")
    if a.shape != y.shape:
        raise ValueError(f"alphas and losses must have the same length, got {a.size} and {y.size}")
    if not np.all(np.isfinite(a)):
        raise ValueError(f"alphas must be finite, got {a[~np.isfinite(a)][:3].tolist()}")
    steps = np.diff(a)
    if np.any(steps <= 0):
        i = int(np.argmax(steps <= 0))
        raise ValueError(f"alphas must be sorted strictly ascending, got {a[i]!r} then {a[i + 1]!r} at index {i}")
    return a, y


def _check_base(base_loss: float) -> float:
    base = float(base_loss)
    if not math.isfinite(base):
        raise ValueError(f"base_loss must be finite, got {base_loss!r}")
    return base


def find_crossings(
    alphas: Sequence[float],
    losses: Sequence[float],
    base_loss: float,
    *,
    method: Literal["sign_change", "band"] = "sign_change",
    min_abs_alpha: float = 0.05,
    band_threshold: float = 0.2,
    band_min_abs_alpha: float = 0.15,
) -> list[Crossing]:
    """Where a loss curve sampled on a grid returns to ``base_loss``, by increasing α.

    Parameters
    ----------
    alphas : array-like of shape (n,)
        Grid values, finite and strictly ascending.
    losses : array-like of shape (n,)
        L(α) at each grid value (nats). Pairs with a non-finite loss are skipped.
    base_loss : float
        L_base.
    method : {"sign_change", "band"}
        ``sign_change``: every sign change of L(α) − L_base between neighbouring grid points,
        located by linear interpolation of α; a grid point exactly at L_base is one crossing (a run
        of such points is one crossing at the run's mean α); crossings with |α| < ``min_abs_alpha``
        (any point of a run, for runs) are dropped as the trivial return at α = 0.
        ``band``: the original's rule, every grid point with |α| > ``band_min_abs_alpha`` and
        |L(α) − L_base| < ``band_threshold``; one physical crossing may count 2–3 times.

    Returns
    -------
    list of Crossing
        Empty when the curve never returns.

    Examples
    --------
    >>> find_crossings([0.0, 0.5, 1.0], [1.0, 0.5, 1.5], 1.0)
    [Crossing(alpha=0.75, ret=0.5)]
    >>> find_crossings([0.0, 0.5, 1.0], [1.0, 0.5, 1.5], 1.0, method="band", band_threshold=0.6, band_min_abs_alpha=0.1)
    [Crossing(alpha=0.5, ret=0.5), Crossing(alpha=1.0, ret=0.5)]
    """
    a, y = _check_curve(alphas, losses)
    base = _check_base(base_loss)
    if method not in get_args(CrossingMethod):
        raise ValueError(f"method must be one of {list(get_args(CrossingMethod))}, got {method!r}")
    d = y - base  # (n,)
    if method == "band":
        keep = (np.abs(a) > band_min_abs_alpha) & (np.abs(d) < band_threshold)  # NaN compares False
        return [Crossing(float(a[i]), float(abs(d[i]))) for i in np.flatnonzero(keep)]

    crossings: list[Crossing] = []
    for i in range(a.size - 1):
        left, right = d[i], d[i + 1]
        if np.isfinite(left) and np.isfinite(right) and left * right < 0:  # strictly opposite signs
            root = a[i] + (a[i + 1] - a[i]) * left / (left - right)
            if abs(root) >= min_abs_alpha:
                crossings.append(Crossing(float(root), float(min(abs(left), abs(right)))))
    at_base = np.append(d == 0, False)  # (n+1,): sentinel closes a run at the end
    start = None
    for i, hit in enumerate(at_base):
        if hit and start is None:
            start = i
        elif not hit and start is not None:
            run = a[start:i]
            if np.all(np.abs(run) >= min_abs_alpha):
                crossings.append(Crossing(float(run.mean()), 0.0))
            start = None
    return sorted(crossings)


def summarize_task(sweep: pd.DataFrame, *, base_loss: float, crossing: CrossingConfig | None = None) -> TaskSummary:
    """Summary of one task's sweep (rows in any order; one row per α).

    ``sweep`` has the columns ``alpha``, ``loss``, ``task_loss`` and ``loss_2alpha``; others (the
    ``loss_<category>`` ones) are not read, but a ``task`` column, if present, must hold one value.
    ``crossing`` picks the crossing rule (default ``CrossingConfig()``).

    >>> sweep = pd.DataFrame({"alpha": [0.0, 0.5, 1.0], "loss": [4.0, 3.0, 4.5], "task_loss": [5.0, 4.0, 3.0],
    ...                       "loss_2alpha": [4.0, 4.5, 6.0], "loss_code": [3.0, 2.0, 3.5]})
    >>> s = summarize_task(sweep, base_loss=4.0)
    >>> s.optimal_alpha, s.delta, s.improvement_pct, s.task_optimal_alpha
    (0.5, -1.0, 25.0, 1.0)
    """
    crossing = crossing or CrossingConfig()
    missing = [c for c in SWEEP_COLUMNS if c not in sweep.columns]
    if missing:
        raise ValueError(f"sweep lacks column(s) {missing}; it has {list(sweep.columns)}")
    if "task" in sweep.columns and sweep["task"].nunique() > 1:
        raise ValueError(f"summarize_task takes one task's rows, got tasks {sorted(sweep['task'].unique())}")
    base = _check_base(base_loss)
    if base <= 0:
        raise ValueError(f"base_loss must be > 0 (improvement_pct divides by it), got {base_loss!r}")
    frame = sweep.sort_values("alpha", kind="stable").reset_index(drop=True)
    alphas, loss = _check_curve(frame["alpha"], frame["loss"])
    task_loss = frame["task_loss"].to_numpy(dtype=float)
    if np.all(np.isnan(loss)) or np.all(np.isnan(task_loss)):
        raise ValueError("every loss (or every task loss) of the sweep is NaN")
    best, task_best = int(np.nanargmin(loss)), int(np.nanargmin(task_loss))
    min_loss = float(loss[best])
    options = {
        "method": crossing.method, "min_abs_alpha": crossing.min_abs_alpha,
        "band_threshold": crossing.band_threshold, "band_min_abs_alpha": crossing.band_min_abs_alpha,
    }
    return TaskSummary(
        base_loss=base,
        optimal_alpha=float(alphas[best]),
        min_loss=min_loss,
        delta=min_loss - base,
        improvement_pct=(base - min_loss) / base * 100.0,
        task_optimal_alpha=float(alphas[task_best]),
        min_task_loss=float(task_loss[task_best]),
        zero_crossings=find_crossings(alphas, loss, base, **options),
        squaring_returns=find_crossings(alphas, frame["loss_2alpha"].to_numpy(dtype=float), base, **options),
    )
