"""Descriptive statistics and the two-level bootstrap used to put intervals on means and compare conditions.

Pairwise statistics (one value per pair of seeds) are not independent: every seed appears in
several pairs. Uncertainty is therefore estimated by resampling the seeds, not the pairs; and
where the seeds sit under a higher level of randomness (SAE seeds on one transformer's
activations, several transformers), the higher level is resampled first.
"""
from __future__ import annotations

from typing import Callable, NamedTuple, Sequence

import numpy as np

__all__ = ["Summary", "describe", "cohens_d", "upper_triangle", "Interval", "Difference", "group_mean", "hierarchical_interval", "hierarchical_difference",
           "resample_weights", "paired_bootstrap",
           "crossed_ratio_interval", "crossed_difference"]


class Summary(NamedTuple):
    """Descriptive statistics of a sample."""

    mean: float
    std: float
    """Sample standard deviation (ddof = 1); NaN for fewer than two values."""
    min: float
    max: float
    n: int


def _as_sample(values: Sequence[float], name: str) -> np.ndarray:
    arr = np.asarray(values, dtype=np.float64).ravel()
    if arr.size == 0:
        raise ValueError(f"{name} is empty")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or inf: {arr.tolist()}")
    return arr


def describe(values: Sequence[float]) -> Summary:
    """Mean, sample std (ddof = 1), min, max and count of ``values``.

    >>> describe([1.0, 2.0, 3.0])
    Summary(mean=2.0, std=1.0, min=1.0, max=3.0, n=3)
    """
    arr = _as_sample(values, "values")
    std = float(arr.std(ddof=1)) if arr.size > 1 else float("nan")
    return Summary(float(arr.mean()), std, float(arr.min()), float(arr.max()), int(arr.size))


def cohens_d(a: Sequence[float], b: Sequence[float]) -> float:
    """Cohen's d of ``a`` against ``b``: mean difference over the pooled sample std.

    Range (-inf, inf); 0 means no difference. Returns NaN when the pooled std is 0 or either
    sample has fewer than two values.

    >>> round(cohens_d([1.0, 2.0, 3.0], [2.0, 3.0, 4.0]), 6)
    -1.0
    """
    x, y = _as_sample(a, "a"), _as_sample(b, "b")
    if x.size < 2 or y.size < 2:
        return float("nan")
    pooled_var = ((x.size - 1) * x.var(ddof=1) + (y.size - 1) * y.var(ddof=1)) / (x.size + y.size - 2)
    if pooled_var == 0:
        return float("nan")
    return float((x.mean() - y.mean()) / np.sqrt(pooled_var))


def upper_triangle(matrix: np.ndarray) -> np.ndarray:
    """The values above the diagonal of a square matrix, row by row (one per unordered pair)."""
    m = np.asarray(matrix, dtype=np.float64)
    if m.ndim != 2 or m.shape[0] != m.shape[1]:
        raise ValueError(f"expected a square matrix, got shape {m.shape}")
    return m[np.triu_indices(m.shape[0], k=1)]


class Interval(NamedTuple):
    """A mean with its bootstrap interval."""

    estimate: float
    """Observed value: the mean over groups of each group's mean."""
    ci_low: float
    ci_high: float
    n_resamples: int
    """Resamples kept (those with at least one group that had a value)."""


class Difference(NamedTuple):
    """Difference of mean pairwise values between two conditions, with its bootstrap interval."""

    diff: float
    """Observed mean(A) - mean(B), each the mean over groups of the group means."""
    ci_low: float
    ci_high: float
    p_value: float
    """Two-sided bootstrap p-value: twice the smaller tail mass of the resampled difference at 0."""
    n_resamples: int


def _check_group(group: np.ndarray, name: str) -> np.ndarray:
    g = np.asarray(group, dtype=np.float64)
    square = g.ndim == 2 and g.shape[0] == g.shape[1] and g.shape[0] >= 2
    if not (square or (g.ndim == 1 and g.size >= 1)):
        raise ValueError(f"{name} must be a non-empty 1-D array of values or a square matrix over at least 2 seeds, got shape {g.shape}")
    if not np.all(np.isfinite(upper_triangle(g) if square else g)):
        raise ValueError(f"{name} contains NaN or inf")
    return g


def group_mean(group: np.ndarray) -> float:
    """Mean of a group: of its values (1-D), or of its distinct-seed pairs (a seed × seed matrix)."""
    g = np.asarray(group, dtype=np.float64)
    return float(upper_triangle(g).mean() if g.ndim == 2 else g.mean())


def _resampled_group_means(group: np.ndarray, shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    """Means (shape) of a group after drawing its units with replacement, once per cell.

    Units are values, or for a seed × seed matrix seeds, of whose draws only pairs of two different
    seeds count (a seed compared with itself is not a pair); a draw with no such pair is NaN.
    """
    n = group.shape[0]
    idx = rng.integers(0, n, size=(shape[0] * shape[1], n))  # (R·G, n) units drawn with replacement
    if group.ndim == 1:
        return group[idx].mean(axis=1).reshape(shape)
    sub = group[idx[:, :, None], idx[:, None, :]]  # (R·G, n, n) pairwise values of the drawn seeds
    valid = idx[:, :, None] < idx[:, None, :]  # each distinct unordered pair once per draw
    counts = valid.sum(axis=(1, 2))
    sums = np.where(valid, sub, 0.0).sum(axis=(1, 2))
    return np.where(counts > 0, sums / np.maximum(counts, 1), np.nan).reshape(shape)


def _hierarchical_resamples(groups: Sequence[np.ndarray], n_resamples: int, rng: np.random.Generator) -> np.ndarray:
    """(n_resamples,) means of a two-level bootstrap: groups with replacement, then units within each drawn group.

    Each drawn copy of a group gets its own draw of units. A resample's mean is over the drawn
    groups that have a value (NaN when none has).
    """
    n_groups = len(groups)
    outer = rng.integers(0, n_groups, size=(n_resamples, n_groups))  # (R, G) groups drawn with replacement
    inner = np.stack([_resampled_group_means(g, (n_resamples, n_groups), rng) for g in groups])  # (G, R, G)
    drawn = inner[outer, np.arange(n_resamples)[:, None], np.arange(n_groups)[None, :]]  # (R, G)
    kept = np.isfinite(drawn)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(kept.any(axis=1), np.where(kept, drawn, 0.0).sum(axis=1) / kept.sum(axis=1), np.nan)


def _check_groups(groups: Sequence[np.ndarray], name: str) -> list[np.ndarray]:
    if len(groups) == 0:
        raise ValueError(f"{name} holds no group")
    return [_check_group(g, f"{name}[{i}]") for i, g in enumerate(groups)]


def _check_options(n_resamples: int, confidence: float) -> None:
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be in (0, 1), got {confidence}")
    if n_resamples < 1:
        raise ValueError(f"n_resamples must be >= 1, got {n_resamples}")


def _percentile_bounds(resampled: np.ndarray, confidence: float) -> tuple[float, float]:
    """The central ``confidence`` percentile interval of the resampled values (NaN bounds when there are none)."""
    if resampled.size == 0:
        return float("nan"), float("nan")
    tail = (1 - confidence) / 2
    low, high = np.quantile(resampled, [tail, 1 - tail])
    return float(low), float(high)


def _two_sided_p(diffs: np.ndarray) -> float:
    """Twice the smaller tail mass of the resampled differences at 0, at most 1."""
    return float(min(1.0, 2 * min(np.mean(diffs <= 0), np.mean(diffs >= 0))))


def hierarchical_interval(groups: Sequence[np.ndarray], *, n_resamples: int = 10_000, confidence: float = 0.95, seed: int = 0) -> Interval:
    """Mean over groups (e.g. transformers) of a per-group mean, with a two-level bootstrap interval.

    Each group is a 1-D array of values (one per SAE) or a seed × seed matrix of pair values
    (one per pair of SAE seeds). The interval resamples groups, then units within each drawn
    group, so it covers both levels of randomness (which transformer, which SAE seeds).

    >>> hierarchical_interval([np.array([0.2, 0.2]), np.array([0.4])], n_resamples=100).estimate
    0.30000000000000004
    """
    checked = _check_groups(groups, "groups")
    _check_options(n_resamples, confidence)
    means = _hierarchical_resamples(checked, n_resamples, np.random.default_rng(seed))
    means = means[np.isfinite(means)]
    return Interval(float(np.mean([group_mean(g) for g in checked])), *_percentile_bounds(means, confidence), int(means.size))


def hierarchical_difference(groups_a: Sequence[np.ndarray], groups_b: Sequence[np.ndarray], *, n_resamples: int = 10_000,
                            confidence: float = 0.95, seed: int = 0) -> Difference:
    """Compare two conditions' means (as in ``hierarchical_interval``) by resampling each independently.

    Resamples in which either condition has no value are dropped.
    """
    a, b = _check_groups(groups_a, "groups_a"), _check_groups(groups_b, "groups_b")
    _check_options(n_resamples, confidence)
    rng = np.random.default_rng(seed)
    diffs = _hierarchical_resamples(a, n_resamples, rng) - _hierarchical_resamples(b, n_resamples, rng)
    diffs = diffs[np.isfinite(diffs)]
    observed = np.mean([group_mean(g) for g in a]) - np.mean([group_mean(g) for g in b])
    return Difference(float(observed), *_percentile_bounds(diffs, confidence), _two_sided_p(diffs), int(diffs.size))


def resample_weights(n_units: int, n_resamples: int, rng: np.random.Generator) -> np.ndarray:
    """(n_resamples, n_units) counts of each unit in a draw of ``n_units`` with replacement (each row sums to ``n_units``)."""
    if n_units < 1:
        raise ValueError(f"n_units must be >= 1, got {n_units}")
    drawn = rng.integers(0, n_units, size=(n_resamples, n_units))
    weights = np.zeros((n_resamples, n_units))
    np.add.at(weights, (np.arange(n_resamples)[:, None], drawn), 1.0)
    return weights


def paired_bootstrap(statistic: Callable[[np.ndarray], np.ndarray], n_units: int, *, n_resamples: int = 10_000, confidence: float = 0.95,
                     seed: int = 0) -> list[Interval]:
    """One-level bootstrap of several statistics over the same units (e.g. eval texts), paired: each resample feeds all of them.

    ``statistic`` maps a (R, n_units) array of unit weights (draw counts; all ones is the observed sample) to a
    (R, m) array of m statistics. Returns one ``Interval`` per statistic: the observed value, the percentile
    interval of the resamples where it is finite (a crossing that a resample does not have is NaN there),
    and how many those were (NaN bounds when none).

    >>> values = np.array([1.0, 2.0, 3.0, 4.0])
    >>> (iv,) = paired_bootstrap(lambda w: (w @ values / w.sum(axis=1))[:, None], 4, n_resamples=200)
    >>> iv.estimate, 1.0 <= iv.ci_low <= 2.5 <= iv.ci_high <= 4.0
    (2.5, True)
    """
    _check_options(n_resamples, confidence)
    observed = np.asarray(statistic(np.ones((1, n_units))), dtype=np.float64)
    resampled = np.asarray(statistic(resample_weights(n_units, n_resamples, np.random.default_rng(seed))), dtype=np.float64)
    if observed.ndim != 2 or resampled.shape != (n_resamples, observed.shape[1]):
        raise ValueError(f"statistic must return shape (R, m), got {observed.shape} for R = 1 and {resampled.shape} for R = {n_resamples}")
    intervals = []
    for j in range(observed.shape[1]):
        kept = resampled[np.isfinite(resampled[:, j]), j]
        intervals.append(Interval(float(observed[0, j]), *_percentile_bounds(kept, confidence), int(kept.size)))
    return intervals


# --- seeds crossed with test items -----------------------------------------------------------------


def _check_crossed(num: np.ndarray, den: np.ndarray, name: str) -> tuple[np.ndarray, np.ndarray]:
    n, d = np.asarray(num, dtype=np.float64), np.asarray(den, dtype=np.float64)
    if n.ndim != 2 or n.shape != d.shape or n.size == 0:
        raise ValueError(f"{name}: numerators and denominators must be non-empty (seeds, items) arrays of one shape, got {n.shape} and {d.shape}")
    if not (np.all(np.isfinite(n)) and np.all(np.isfinite(d))) or np.any(d < 0):
        raise ValueError(f"{name} contains NaN, inf or a negative denominator")
    return n, d


def _crossed_ratios(num: np.ndarray, den: np.ndarray, seeds: np.ndarray, items: np.ndarray) -> np.ndarray:
    """(R,) mean over drawn seeds of sum(num) / sum(den) over drawn items (0 where the denominator sums to 0)."""
    top = num[seeds[:, :, None], items[:, None, :]].sum(axis=2)  # (R, S)
    bottom = den[seeds[:, :, None], items[:, None, :]].sum(axis=2)
    return np.where(bottom > 0, top / np.where(bottom > 0, bottom, 1.0), 0.0).mean(axis=1)


def _crossed_draws(shape: tuple[int, int], n_resamples: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.integers(0, shape[0], size=(n_resamples, shape[0])), rng.integers(0, shape[1], size=(n_resamples, shape[1]))


def crossed_ratio_interval(num: np.ndarray, den: np.ndarray, *, n_resamples: int = 2_000, confidence: float = 0.95, seed: int = 0) -> Interval:
    """A score over seeds and test items, with a bootstrap interval that resamples both.

    ``num`` and ``den`` are (seeds, items): a seed's score is sum(num) / sum(den) over its items
    (accuracy: correct / 1 per item; a micro-averaged score: its counts per item), the estimate
    the mean over seeds. Seeds and items are crossed (every seed is scored on the same items), so
    each resample draws seeds and items with replacement once and reads every drawn seed on the
    same drawn items. A denominator summing to 0 scores 0.

    >>> crossed_ratio_interval(np.array([[1.0, 0.0, 1.0, 1.0]]), np.ones((1, 4)), n_resamples=10).estimate
    0.75
    """
    n, d = _check_crossed(num, den, "scores")
    _check_options(n_resamples, confidence)
    seeds, items = _crossed_draws(n.shape, n_resamples, seed)
    means = _crossed_ratios(n, d, seeds, items)
    every = (np.arange(n.shape[0])[None, :], np.arange(n.shape[1])[None, :])
    return Interval(float(_crossed_ratios(n, d, *every)[0]), *_percentile_bounds(means, confidence), int(n_resamples))


def crossed_difference(num_a: np.ndarray, den_a: np.ndarray, num_b: np.ndarray, den_b: np.ndarray, *, n_resamples: int = 2_000,
                       confidence: float = 0.95, seed: int = 0) -> Difference:
    """Paired comparison of two conditions scored as in ``crossed_ratio_interval`` on the same seeds and items.

    Row s of A and of B is the same seed (same initialisation and batch order), column i the same
    test item; each resample draws one set of seeds and items and applies it to both, so what the
    two share (an item's difficulty, a seed's luck) cancels in the difference.
    """
    a, b = _check_crossed(num_a, den_a, "condition A"), _check_crossed(num_b, den_b, "condition B")
    if a[0].shape != b[0].shape:
        raise ValueError(f"paired conditions need the same seeds and items, got shapes {a[0].shape} and {b[0].shape}")
    _check_options(n_resamples, confidence)
    seeds, items = _crossed_draws(a[0].shape, n_resamples, seed)
    diffs = _crossed_ratios(*a, seeds, items) - _crossed_ratios(*b, seeds, items)
    every = (np.arange(a[0].shape[0])[None, :], np.arange(a[0].shape[1])[None, :])
    observed = _crossed_ratios(*a, *every)[0] - _crossed_ratios(*b, *every)[0]
    return Difference(float(observed), *_percentile_bounds(diffs, confidence), _two_sided_p(diffs), int(n_resamples))
