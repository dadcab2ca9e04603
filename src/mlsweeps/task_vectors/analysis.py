"""From a task's sweep to its summary: optimum, improvement, zero-crossings and squaring returns; the parabola near
α = 0 that predicts them; the paired bootstrap over eval texts that puts intervals on them.

Pure functions on arrays and DataFrames in the scikit-learn manner: keyword-only options, a shared
checker that raises ``ValueError`` quoting the bad value, and doctests on hand cases.
"""
from __future__ import annotations

import math
from typing import Literal, Mapping, NamedTuple, Sequence, get_args

import numpy as np
import pandas as pd

from ..stats import Interval, paired_bootstrap
from .config import BootstrapConfig, CrossingConfig, CrossingMethod, EarlyImprovementConfig, GeometryConfig, format_alpha

__all__ = ["Crossing", "TaskSummary", "Parabola", "find_crossings", "summarize_task", "fit_parabola", "fit_parabolas", "refine_minimum",
           "nearest_crossings", "loss_2alpha", "TextLosses", "landscape_intervals", "analyze_task"]

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


class Parabola(NamedTuple):
    """L(α) ≈ l0 + g·α + ½·c·α², least squares on the grid points near α = 0 (``fit_parabola``)."""

    l0: float
    g: float
    """Slope at α = 0 (nats per unit α): negative when moving along the direction first lowers the loss."""
    c: float
    """Curvature (nats per unit α²)."""

    @property
    def optimum(self) -> float:
        """−g/c, the vertex; NaN when c <= 0 (no minimum)."""
        return -self.g / self.c if self.c > 0 else math.nan

    @property
    def crossing(self) -> float:
        """−2g/c, where the parabola returns to its value at α = 0 (and the squaring return is at −g/c); NaN when c <= 0."""
        return 2 * self.optimum


def _fit_window(alphas: np.ndarray, half_width: float) -> np.ndarray:
    window = np.abs(alphas) <= half_width + 1e-9
    if window.sum() < 3:
        raise ValueError(f"the parabola fit needs at least 3 grid points with |α| <= geometry.fit_half_width = {half_width}, "
                         f"the grid has {int(window.sum())}: widen fit_half_width or refine the α grid")
    return window


def fit_parabolas(alphas: Sequence[float], curves: np.ndarray, *, half_width: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``fit_parabola`` of many curves at once: ``curves`` (R, n) on one grid -> (l0, g, c), each (R,)."""
    a, _ = _check_curve(alphas, np.zeros(len(alphas)))
    y = np.atleast_2d(np.asarray(curves, dtype=float))
    window = _fit_window(a, half_width)
    half_c, g, l0 = np.polyfit(a[window], y[:, window].T, 2)
    return l0, g, 2 * half_c


def fit_parabola(alphas: Sequence[float], losses: Sequence[float], *, half_width: float) -> Parabola:
    """Least-squares parabola through the grid points with |α| <= ``half_width``.

    >>> p = fit_parabola([-0.5, 0.0, 0.5, 1.0], [3.375, 3.0, 2.875, 9.0], half_width=0.5)  # 3 − 0.5α + 0.5α² within |α| <= 0.5
    >>> round(p.g, 6), round(p.c, 6), round(p.optimum, 6), round(p.crossing, 6)
    (-0.5, 1.0, 0.5, 1.0)
    """
    l0, g, c = fit_parabolas(alphas, np.asarray(losses, dtype=float)[None, :], half_width=half_width)
    return Parabola(float(l0[0]), float(g[0]), float(c[0]))


def refine_minimum(alphas: Sequence[float], losses: Sequence[float]) -> tuple[float, float]:
    """The minimum between grid points: vertex of the parabola through the grid minimum and its two neighbours.

    At an end of the grid, or where the three points are not convex, the grid minimum itself.

    >>> [round(v, 6) + 0.0 for v in refine_minimum([0.0, 1.0, 2.0, 3.0], [0.5625, 0.0625, 1.5625, 3.0])]  # (α − 0.75)² near the grid minimum
    [0.75, 0.0]
    """
    a, y = _check_curve(alphas, losses)
    i = int(np.nanargmin(y))
    if i == 0 or i == a.size - 1 or not np.all(np.isfinite(y[i - 1 : i + 2])):
        return float(a[i]), float(y[i])
    quad, lin, const = np.polyfit(a[i - 1 : i + 2], y[i - 1 : i + 2], 2)
    if quad <= 0:
        return float(a[i]), float(y[i])
    vertex = -lin / (2 * quad)
    return float(vertex), float(np.polyval([quad, lin, const], vertex))


def nearest_crossings(alphas: Sequence[float], curves: np.ndarray, bases: np.ndarray, *, side: int, min_abs_alpha: float) -> np.ndarray:
    """Per curve, the ``sign_change`` crossing of L(α) − L_base nearest to α = 0 on one side (``side`` +1: α > 0, −1: α < 0).

    ``curves`` (R, n) on one grid, ``bases`` (R,) their L_base. A grid point exactly at L_base counts where it is
    (a run of them is not averaged here: in resampled curves that has probability 0). NaN for a curve
    with no crossing on that side at |α| >= ``min_abs_alpha``.

    >>> nearest_crossings([0.0, 0.5, 1.0, 1.5], np.array([[1.0, 0.5, 1.5, 0.5]]), np.array([1.0]), side=1, min_abs_alpha=0.05)
    array([0.75])
    """
    a, _ = _check_curve(alphas, np.zeros(len(alphas)))
    d = np.atleast_2d(curves) - np.asarray(bases, dtype=float)[:, None]  # (R, n)
    left, right = d[:, :-1], d[:, 1:]
    with np.errstate(invalid="ignore", divide="ignore"):
        roots = a[:-1] + (a[1:] - a[:-1]) * left / (left - right)  # (R, n-1)
    candidates = np.concatenate([np.where(left * right < 0, roots, np.nan), np.where(d == 0, a, np.nan)], axis=1)
    candidates = np.where((side * candidates >= min_abs_alpha), candidates, np.nan)
    with np.errstate(invalid="ignore"):
        distance = np.where(np.isfinite(candidates), np.abs(candidates), np.inf)
    best = np.argmin(distance, axis=1)
    found = candidates[np.arange(candidates.shape[0]), best]
    return np.where(np.isfinite(distance.min(axis=1)), found, np.nan)


def loss_2alpha(alphas: Sequence[float], losses: Mapping[str, float]) -> list[float]:
    """L(2α) for each grid α, read from ``losses`` (label of α as ``format_alpha`` writes it -> L): the grid's own
    points where 2α is one of them, the extra evaluations elsewhere.

    >>> loss_2alpha([0.0, 0.5, 1.0], {"0.0000": 3.0, "0.5000": 2.0, "1.0000": 4.0, "2.0000": 9.0})
    [3.0, 4.0, 9.0]
    """
    missing = [format_alpha(2 * a) for a in alphas if format_alpha(2 * a) not in losses]
    if missing:
        raise ValueError(f"no evaluation at 2α = {missing}: the α jobs must evaluate every 2α that is not a grid point")
    return [float(losses[format_alpha(2 * a)]) for a in alphas]


class TextLosses(NamedTuple):
    """Per-text losses of one direction's sweep on the general set: what the bootstrap resamples."""

    nll: np.ndarray
    """(n_alpha, n_texts) summed NLL of each text at each grid α."""
    tokens: np.ndarray
    """(n_texts,) scored tokens of each text (the same at every α)."""


def landscape_intervals(alphas: Sequence[float], directions: Mapping[str, TextLosses], base_nll: Sequence[float], *, at_alpha: float,
                        half_width: float, min_abs_alpha: float, bootstrap: BootstrapConfig) -> dict[str, dict[str, Interval]]:
    """Paired bootstrap over the general set's texts of each direction's landscape numbers, and of T against the controls.

    ``directions`` maps a name to its ``TextLosses`` on the grid ``alphas``: ``"T"`` the task vector, every other
    name a control; ``base_nll`` (n_texts,) the base model's per-text NLL (L_base resampled with the same texts).
    Every resample draws the texts once, for every α, direction and for L_base. Per direction:

    - ``dip``: L_base − min over the grid of L(α);
    - ``change``: L(``at_alpha``) − L_base (``at_alpha`` a grid point, T's optimum);
    - ``change_at_1``: L(1) − L_base, where α = 1 is a grid point;
    - ``slope``, ``curvature``: g and c of the parabola fit (``fit_parabolas``);
    - ``crossing_pos``, ``crossing_neg``: the crossing nearest α = 0 on each side (NaN in resamples without one).

    With controls, under ``"T-controls"``: ``change`` and ``curvature`` of T minus the mean over the controls.
    """
    a = np.asarray(alphas, dtype=float)
    if "T" not in directions:
        raise ValueError(f"directions must hold the task vector 'T', got {list(directions)}")
    at = int(np.argmin(np.abs(a - at_alpha)))
    one = np.flatnonzero(np.abs(a - 1.0) < 1e-9)
    tokens = directions["T"].tokens.astype(float)
    base_nll = np.asarray(base_nll, dtype=float)
    names = list(directions)
    controls = [n for n in names if n != "T"]
    keys = ["dip", "change", "change_at_1", "slope", "curvature", "crossing_pos", "crossing_neg"]

    def statistic(weights: np.ndarray) -> np.ndarray:
        n_tok = weights @ tokens  # (R,)
        base = weights @ base_nll / n_tok
        columns, per = [], {}
        for name in names:
            curves = (weights @ directions[name].nll.T) / n_tok[:, None]  # (R, n_alpha)
            _, g, c = fit_parabolas(a, curves, half_width=half_width)
            per[name] = {
                "dip": base - curves.min(axis=1), "change": curves[:, at] - base,
                "change_at_1": curves[:, one[0]] - base if one.size else np.full(base.shape, np.nan),
                "slope": g, "curvature": c,
                "crossing_pos": nearest_crossings(a, curves, base, side=1, min_abs_alpha=min_abs_alpha),
                "crossing_neg": nearest_crossings(a, curves, base, side=-1, min_abs_alpha=min_abs_alpha),
            }
            columns += [per[name][k] for k in keys]
        if controls:
            columns += [per["T"][k] - np.mean([per[n][k] for n in controls], axis=0) for k in ("change", "curvature")]
        return np.stack(columns, axis=1)

    intervals = paired_bootstrap(statistic, tokens.size, n_resamples=bootstrap.resamples, confidence=bootstrap.confidence, seed=bootstrap.seed)
    result = {name: dict(zip(keys, intervals[i * len(keys) : (i + 1) * len(keys)])) for i, name in enumerate(names)}
    if controls:
        result["T-controls"] = dict(zip(("change", "curvature"), intervals[len(names) * len(keys) :]))
    return result


def _nearest_positive(crossings: Sequence[Crossing]) -> float:
    positive = [c.alpha for c in crossings if c.alpha > 0]
    return min(positive) if positive else math.nan


def analyze_task(points: Sequence[Mapping], base: Mapping, *, task: str, scorings: Sequence[str], categories: Sequence[str], crossing: CrossingConfig,
                 geometry: GeometryConfig, bootstrap: BootstrapConfig, early: EarlyImprovementConfig) -> dict:
    """Everything the study reports about one task, from its α jobs' ``points`` and the base evaluation ``base``.

    Per scoring (the first is the headline): ``summary`` and its crossings (``summarize_task``); ``sweep`` rows of
    the grid along T with L(2α) (``loss_2alpha``); ``geometry`` rows per direction (T, and under the headline
    every random control): the parabola near 0, its predicted optimum and crossing, the refined optimum, the
    nearest crossing and squaring return, and the improvement at the grid point nearest ``early.alpha``;
    ``intervals`` rows (``landscape_intervals``); ``control`` rows (the controls' grid losses); ``cross_task``
    rows (T scored on every task's held-out set).
    """
    frame = pd.DataFrame(list(points))
    result = {"task": task, "scorings": []}
    for kind in scorings:
        rows = frame[frame.scoring == kind]
        along_t = rows[rows.direction == "T"]
        grid = along_t[along_t.on_grid].sort_values("alpha", ignore_index=True)
        alphas = grid.alpha.to_numpy(dtype=float)
        sweep = grid[["alpha", "loss", *(f"loss_{c}" for c in categories)]].copy()
        sweep["task_loss"] = [losses[task] for losses in grid.task_losses]
        sweep["loss_2alpha"] = loss_2alpha(alphas, {format_alpha(r.alpha): r.loss for r in along_t.itertuples()})
        base_loss = base["base"][kind]["general"]
        summary = summarize_task(sweep, base_loss=base_loss, crossing=crossing)
        directions = {"T": grid}
        if kind == scorings[0]:
            controls = rows[rows.direction != "T"]
            directions.update({name: d.sort_values("alpha", ignore_index=True) for name, d in controls.groupby("direction", sort=True)})
        geometry_rows, text_losses = [], {}
        early_at = int(np.argmin(np.where(alphas > 0, np.abs(alphas - early.alpha), np.inf)))
        for name, d in directions.items():
            if not np.array_equal(d.alpha.to_numpy(dtype=float), alphas):
                raise ValueError(f"task {task}: direction {name} was evaluated at α {d.alpha.tolist()}, T's grid is {alphas.tolist()}")
            curve = d.loss.to_numpy(dtype=float)
            parabola = fit_parabola(alphas, curve, half_width=geometry.fit_half_width)
            optimum, optimum_loss = refine_minimum(alphas, curve)
            found = find_crossings(alphas, curve, base_loss, method=crossing.method, min_abs_alpha=crossing.min_abs_alpha,
                                   band_threshold=crossing.band_threshold, band_min_abs_alpha=crossing.band_min_abs_alpha)
            geometry_rows.append({
                "direction": name, "slope": parabola.g, "curvature": parabola.c, "predicted_optimum": parabola.optimum,
                "predicted_crossing": parabola.crossing, "grid_optimum": float(alphas[int(np.nanargmin(curve))]), "optimum": optimum,
                "optimum_loss": optimum_loss, "crossing": _nearest_positive(found),
                "squaring_return": _nearest_positive(summary.squaring_returns) if name == "T" else math.nan,
                "early_alpha": float(alphas[early_at]), "early_improvement_pct": (base_loss - curve[early_at]) / base_loss * 100.0,
            })
            text_losses[name] = TextLosses(np.array([r["general"] for r in d.text_nll], dtype=float), np.array(d.text_tokens.iloc[0]["general"]))
        intervals = landscape_intervals(alphas, text_losses, base["text_nll"][kind], at_alpha=summary.optimal_alpha,
                                        half_width=geometry.fit_half_width, min_abs_alpha=crossing.min_abs_alpha, bootstrap=bootstrap)
        result["scorings"].append({
            "scoring": kind, "summary": summary.row(),
            "zero_crossings": [c._asdict() for c in summary.zero_crossings], "squaring_returns": [c._asdict() for c in summary.squaring_returns],
            "sweep": sweep.to_dict("records"), "geometry": geometry_rows,
            "intervals": [{"direction": name, "statistic": stat, "at_alpha": summary.optimal_alpha if stat == "change" else math.nan, **iv._asdict()}
                          for name, stats in intervals.items() for stat, iv in stats.items()],
            "control": [{"direction": name, "alpha": float(a), "loss": float(l)} for name, d in directions.items() if name != "T"
                        for a, l in zip(d.alpha, d.loss)],
            "cross_task": [{"eval_task": other, "alpha": float(r.alpha), "loss": float(loss)} for r in grid.itertuples()
                           for other, loss in r.task_losses.items()],
        })
    return result
