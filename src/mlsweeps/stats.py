"""Descriptive statistics and the seed-level bootstrap used to compare conditions.

Pairwise statistics (one value per pair of seeds) are not independent: every seed appears in
several pairs. Uncertainty is therefore estimated by resampling the seeds, not the pairs.
"""
from __future__ import annotations

from typing import NamedTuple, Sequence

import numpy as np

__all__ = ["Summary", "describe", "cohens_d", "Difference", "upper_triangle", "bootstrap_pairwise_difference"]


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


class Difference(NamedTuple):
    """Difference of mean pairwise values between two conditions, with its bootstrap interval."""

    diff: float
    """Observed mean(A pairs) - mean(B pairs)."""
    ci_low: float
    ci_high: float
    p_value: float
    """Two-sided bootstrap p-value: twice the smaller tail mass of the resampled difference at 0."""
    n_resamples: int


def _resampled_pair_means(matrix: np.ndarray, n_resamples: int, rng: np.random.Generator) -> np.ndarray:
    n = matrix.shape[0]
    idx = rng.integers(0, n, size=(n_resamples, n))  # (R, n) seeds drawn with replacement
    sub = matrix[idx[:, :, None], idx[:, None, :]]  # (R, n, n) pairwise values of the drawn seeds
    # Only pairs of two different seeds count: a seed compared with itself is not a pair.
    valid = (idx[:, :, None] < idx[:, None, :])  # (R, n, n), each distinct unordered pair once per draw
    counts = valid.sum(axis=(1, 2))
    sums = np.where(valid, sub, 0.0).sum(axis=(1, 2))
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)


def bootstrap_pairwise_difference(
    matrix_a: np.ndarray,
    matrix_b: np.ndarray,
    *,
    n_resamples: int = 10_000,
    confidence: float = 0.95,
    seed: int = 0,
) -> Difference:
    """Compare the mean off-diagonal value of two seed × seed matrices by resampling seeds.

    Each resample draws the seeds of each condition with replacement and averages the values of
    the pairs of distinct drawn seeds; draws with no such pair are discarded.
    """
    a, b = np.asarray(matrix_a, dtype=np.float64), np.asarray(matrix_b, dtype=np.float64)
    for name, m in (("matrix_a", a), ("matrix_b", b)):
        if m.ndim != 2 or m.shape[0] != m.shape[1] or m.shape[0] < 2:
            raise ValueError(f"{name} must be a square matrix over at least 2 seeds, got shape {m.shape}")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be in (0, 1), got {confidence}")
    if n_resamples < 1:
        raise ValueError(f"n_resamples must be >= 1, got {n_resamples}")
    rng = np.random.default_rng(seed)
    diffs = _resampled_pair_means(a, n_resamples, rng) - _resampled_pair_means(b, n_resamples, rng)
    diffs = diffs[np.isfinite(diffs)]
    tail = (1 - confidence) / 2
    low, high = np.quantile(diffs, [tail, 1 - tail])
    p_value = min(1.0, 2 * min(np.mean(diffs <= 0), np.mean(diffs >= 0)))
    observed = float(upper_triangle(a).mean() - upper_triangle(b).mean())
    return Difference(observed, float(low), float(high), float(p_value), int(diffs.size))
