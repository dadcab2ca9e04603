"""The activations' geometry, and where a dictionary sits in it.

Activations that fill only a few directions of the model's space change what a "random"
dictionary is: a decoder row only gets gradient inside the data's span, so the rest of it keeps
whatever it started with. These functions measure the span (principal axes, participation ratio,
dimensions for a share of variance), how discrete the data is (the answer class's share of
variance), how much of a dictionary lies in the span, and draw the null dictionaries that match
it. Pure functions in float64 NumPy, as in ``metrics``.
"""
from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from .metrics import _as_float64, _check_matrix, unit_rows

__all__ = [
    "PrincipalAxes",
    "principal_axes",
    "participation_ratio",
    "dims_for_variance",
    "class_r2",
    "span_share",
    "span_coordinates",
    "span_matched_dictionary",
]


class PrincipalAxes(NamedTuple):
    """Principal components of a set of vectors, largest variance first."""

    variances: np.ndarray
    """(d,) variance along each axis (population, ddof = 0), descending, >= 0."""
    axes: np.ndarray
    """(d, d) one unit axis per row, orthonormal, in the order of ``variances``."""


def principal_axes(x: Any) -> PrincipalAxes:
    """Principal axes and variances of ``x`` (n_samples, d) around its mean.

    Examples
    --------
    >>> pa = principal_axes([[1.0, 0.0], [-1.0, 0.0], [0.0, 0.5], [0.0, -0.5]])
    >>> pa.variances.round(4).tolist(), np.abs(pa.axes).round(4).tolist()
    ([0.5, 0.125], [[1.0, 0.0], [0.0, 1.0]])
    """
    x = _check_matrix(x, "x")
    centred = x - x.mean(axis=0)
    variances, vectors = np.linalg.eigh(centred.T @ centred / len(x))  # ascending
    return PrincipalAxes(np.clip(variances[::-1], 0.0, None), vectors[:, ::-1].T.copy())


def _check_variances(variances: Any) -> np.ndarray:
    v = _as_float64(variances, "variances")
    if v.ndim != 1 or v.size == 0 or np.any(v < 0) or v.sum() == 0:
        raise ValueError(f"variances must be a non-empty 1-D array of non-negative values with a positive sum, got {v.tolist()!r}")
    return v


def participation_ratio(variances: Any) -> float:
    """Effective number of dimensions: (Σ λ)² / Σ λ² over the principal variances λ.

    Returns
    -------
    float
        In [1, d]: 1 when one direction holds all the variance, d when all d hold the same.

    Examples
    --------
    >>> participation_ratio([1.0, 1.0, 0.0]), participation_ratio([4.0, 0.0])
    (2.0, 1.0)
    """
    v = _check_variances(variances)
    return float(v.sum() ** 2 / np.sum(v**2))


def dims_for_variance(variances: Any, fraction: float) -> int:
    """Fewest principal axes (largest first) that hold at least ``fraction`` of the variance.

    Returns
    -------
    int
        In [1, d]; the data's rank at that share of variance.

    Examples
    --------
    >>> dims_for_variance([6.0, 3.0, 1.0], 0.9), dims_for_variance([6.0, 3.0, 1.0], 0.91)
    (2, 3)
    """
    if not 0.0 < fraction <= 1.0:
        raise ValueError(f"fraction must be in (0, 1], got {fraction!r}")
    v = np.sort(_check_variances(variances))[::-1]
    shares = np.cumsum(v) / v.sum()
    # a tolerance: float sums of shares that add up to exactly ``fraction`` may fall a hair short
    return int(np.searchsorted(shares, fraction - 1e-12) + 1)


def class_r2(x: Any, labels: Any) -> float:
    """Share of the variance of ``x`` explained by the mean of each vector's class.

    ``1 - Σ‖x - mean_class(x)‖² / Σ‖x - mean(x)‖²``: 1 when every class is a single point, 0 when
    the class means coincide.

    Parameters
    ----------
    x : array-like of shape (n_samples, d)
    labels : array-like of shape (n_samples,)
        Class of each vector (here: the answer token the model predicts from it).

    Returns
    -------
    float
        In [0, 1]; 1 = the data is its classes' means (as discrete as it can be).

    Examples
    --------
    >>> round(class_r2([[0.0], [0.2], [2.0], [2.2]], [0, 0, 1, 1]), 4)
    0.9901
    """
    x = _check_matrix(x, "x")
    labels = np.asarray(labels).ravel()
    if labels.shape != (len(x),):
        raise ValueError(f"labels must have one entry per row of x ({len(x)}), got shape {labels.shape}")
    total = np.sum((x - x.mean(axis=0)) ** 2)
    if total == 0:
        raise ValueError(f"x has zero variance around its mean (shape {x.shape}); the explained share is undefined")
    _, inverse = np.unique(labels, return_inverse=True)
    means = np.zeros((inverse.max() + 1, x.shape[1]))
    np.add.at(means, inverse, x)
    means /= np.bincount(inverse)[:, None]
    return float(1.0 - np.sum((x - means[inverse]) ** 2) / total)


def _check_span(span_axes: Any, d: int) -> np.ndarray:
    axes = _check_matrix(span_axes, "span_axes")
    if axes.shape[1] != d or axes.shape[0] > d:
        raise ValueError(f"span_axes must be (r, {d}) with r <= {d}, got shape {axes.shape}")
    return axes


def span_share(D: Any, span_axes: Any) -> float:
    """Mean share of each unit decoder row's squared norm inside the span of ``span_axes``.

    Parameters
    ----------
    D : array-like of shape (n_features, d)
        Dictionary rows (normalised here).
    span_axes : array-like of shape (r, d)
        Orthonormal rows spanning the data's subspace (the top ``principal_axes``).

    Returns
    -------
    float
        In [0, 1]; 1 when every row lies in the span. A random direction puts r / d there on average.

    Examples
    --------
    >>> span_share([[3.0, 4.0], [0.0, 1.0]], [[1.0, 0.0]])
    0.18
    """
    D = unit_rows(D)
    return float(np.mean(np.sum((D @ _check_span(span_axes, D.shape[1]).T) ** 2, axis=1)))


def span_coordinates(D: Any, span_axes: Any) -> np.ndarray:
    """Each decoder row's part inside the span, in the span's own r coordinates, normalised.

    What PWMCC restricted to the span compares: the directions the data can move, without the
    out-of-span remainder that keeps its random start.

    Returns
    -------
    ndarray of shape (n_features, r)
        Unit rows.

    Examples
    --------
    >>> span_coordinates([[3.0, 4.0, 0.0]], [[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]]).tolist()
    [[0.8, 0.6]]
    """
    D = unit_rows(D)
    return unit_rows(D @ _check_span(span_axes, D.shape[1]).T)


def span_matched_dictionary(D: Any, axes: Any, r: int, *, rng: np.random.Generator) -> np.ndarray:
    """A random dictionary with the span masses of ``D``: the null that matches the data's geometry.

    Row i gets the same squared norm inside the span of the first ``r`` ``axes`` as unit row i of
    ``D``, pointing uniformly at random inside the span and uniformly at random outside it. It is
    written in the coordinates of ``axes``; cosines, and so PWMCC, do not depend on the basis.

    Parameters
    ----------
    D : array-like of shape (n_features, d)
        The trained dictionary whose span masses are matched.
    axes : array-like of shape (d, d)
        Orthonormal rows, the data's span first (``principal_axes(x).axes``).
    r : int
        Dimension of the span, in [1, d].
    rng : numpy.random.Generator

    Returns
    -------
    ndarray of shape (n_features, d)
        Unit rows; ``span_share`` of the result over its first r coordinates equals that of ``D``.

    Examples
    --------
    >>> N = span_matched_dictionary([[1.0, 1.0, 0.0]], np.eye(3), 1, rng=np.random.default_rng(0))
    >>> round(float(N[0, 0] ** 2), 6), round(float(np.linalg.norm(N[0])), 6)
    (0.5, 1.0)
    """
    D = unit_rows(D)
    n, d = D.shape
    axes = _check_span(axes, d)
    if axes.shape[0] != d or not 1 <= r <= d:
        raise ValueError(f"axes must be a full basis ({d}, {d}) and r in [1, {d}], got shape {axes.shape} and r={r!r}")
    inside = np.sum((D @ axes[:r].T) ** 2, axis=1)  # (n,)
    inside = np.clip(inside, 0.0, 1.0)
    in_span = unit_rows(rng.standard_normal((n, r))) * np.sqrt(inside)[:, None]
    if r == d:
        return in_span
    out_span = unit_rows(rng.standard_normal((n, d - r))) * np.sqrt(1.0 - inside)[:, None]
    return np.hstack([in_span, out_span])
