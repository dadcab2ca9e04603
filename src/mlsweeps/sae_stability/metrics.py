"""Per-SAE and between-SAE metrics for the `sae_stability` study, in the scikit-learn manner.

Dictionaries are compared through their unit-normalised decoder rows (one feature direction per
row); the sign of a direction carries no meaning for a feature, so similarities are ``|cos|``.
Every function is pure, takes NumPy arrays or torch tensors, and computes in float64 NumPy.

``*_score``-like quantities here (PWMCC, matched MCC, explained variance) are higher-is-better;
``dead_fraction`` is lower-is-better.
"""
from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
from scipy.optimize import linear_sum_assignment

__all__ = [
    "unit_rows",
    "cosine_matrix",
    "pwmcc",
    "MatchedMCC",
    "matched_mcc",
    "explained_variance",
    "dead_fraction",
    "random_unit_dictionary",
]


def _as_float64(array: Any, name: str) -> np.ndarray:
    """NumPy float64 copy of a NumPy array or a torch tensor (on any device, with or without grad)."""
    if hasattr(array, "detach"):  # torch tensor; avoid importing torch for NumPy-only callers
        array = array.detach().cpu().numpy()
    out = np.asarray(array, dtype=np.float64)
    if not np.all(np.isfinite(out)):
        raise ValueError(f"{name} contains non-finite values (NaN or inf)")
    return out


def _check_matrix(array: Any, name: str) -> np.ndarray:
    out = _as_float64(array, name)
    if out.ndim != 2 or out.shape[0] == 0 or out.shape[1] == 0:
        raise ValueError(f"{name} must be a non-empty 2-D array (n_features, d_model), got shape {out.shape}")
    return out


def _check_dictionaries(A: Any, B: Any) -> tuple[np.ndarray, np.ndarray]:
    """Validate two dictionaries of feature directions and return their unit-normalised rows.

    Both must be 2-D with at least one row and the same number of columns (the model dimension);
    the numbers of rows may differ.
    """
    A, B = _check_matrix(A, "A"), _check_matrix(B, "B")
    if A.shape[1] != B.shape[1]:
        raise ValueError(f"A and B must have the same number of columns (d_model), got shapes {A.shape} and {B.shape}")
    return unit_rows(A), unit_rows(B)


def unit_rows(D: Any) -> np.ndarray:
    """Normalise each row of a dictionary to unit Euclidean norm.

    Parameters
    ----------
    D : array-like of shape (n_features, d_model)
        Feature directions, one per row (NumPy array or torch tensor).

    Returns
    -------
    ndarray of shape (n_features, d_model), float64
        ``D`` with every row divided by its norm.

    Raises
    ------
    ValueError
        If ``D`` is not a non-empty 2-D array or has a row of zero norm (no direction).

    Examples
    --------
    >>> unit_rows([[3.0, 4.0], [0.0, 2.0]])
    array([[0.6, 0.8],
           [0. , 1. ]])
    """
    D = _check_matrix(D, "D")
    norms = np.linalg.norm(D, axis=1, keepdims=True)  # (n_features, 1)
    zero = np.flatnonzero(norms[:, 0] == 0)
    if zero.size:
        raise ValueError(f"rows {zero[:10].tolist()} have zero norm and no direction ({zero.size} in all)")
    return D / norms


def cosine_matrix(A: Any, B: Any) -> np.ndarray:
    """Absolute cosine similarity between every row of ``A`` and every row of ``B``.

    Parameters
    ----------
    A : array-like of shape (n_a, d_model)
    B : array-like of shape (n_b, d_model)

    Returns
    -------
    ndarray of shape (n_a, n_b), float64
        ``|cos(A_i, B_j)|``, in [0, 1].

    Examples
    --------
    >>> cosine_matrix([[1.0, 0.0]], [[0.0, -2.0], [-1.0, 0.0]])
    array([[0., 1.]])
    """
    A, B = _check_dictionaries(A, B)
    # rounding can push |cos| of parallel unit vectors a hair above 1
    return np.minimum(np.abs(A @ B.T), 1.0)  # (n_a, n_b)


def pwmcc(A: Any, B: Any) -> float:
    """Pairwise maximum cosine similarity (PWMCC) between two dictionaries.

    For every feature of ``A`` the largest ``|cos|`` over the features of ``B``, averaged; the
    same from ``B`` to ``A``; the mean of both directions. Symmetric in ``A`` and ``B`` and
    invariant to reordering or sign-flipping rows.

    Parameters
    ----------
    A : array-like of shape (n_a, d_model)
        Decoder directions of the first dictionary (need not be normalised).
    B : array-like of shape (n_b, d_model)
        Decoder directions of the second dictionary.

    Returns
    -------
    float
        In [0, 1]; best value 1.0 (every feature has an exact match, up to sign). Unrelated
        dictionaries score well above 0 when they have many rows in few dimensions (about 0.30
        for 1024 random directions in 128 dimensions), so compare with ``random_unit_dictionary``.

    Examples
    --------
    >>> round(pwmcc([[1.0, 0.0], [0.0, 1.0]], [[1.0, 1.0], [1.0, -1.0]]), 4)
    0.7071
    """
    cos = cosine_matrix(A, B)  # (n_a, n_b)
    return float(0.5 * (cos.max(axis=1).mean() + cos.max(axis=0).mean()))


class MatchedMCC(NamedTuple):
    """Statistics of a one-to-one matching between the features of two dictionaries."""

    mean_matched: float
    """Mean ``|cos|`` over the matched pairs, in [0, 1]; best 1.0."""
    shared_frac: float
    """Fraction of matched pairs whose ``|cos|`` is above the threshold, in [0, 1]; best 1.0."""


def matched_mcc(A: Any, B: Any, *, threshold: float = 0.7) -> MatchedMCC:
    """Mean matched cosine under the best one-to-one matching of features (Hungarian algorithm).

    Unlike PWMCC, one feature of ``B`` cannot serve as the match of several features of ``A``.
    With different numbers of rows, ``min(n_a, n_b)`` pairs are matched.

    Parameters
    ----------
    A : array-like of shape (n_a, d_model)
    B : array-like of shape (n_b, d_model)
    threshold : float, default=0.7
        A matched pair with ``|cos| > threshold`` counts as a shared feature; in [0, 1].

    Returns
    -------
    MatchedMCC
        ``mean_matched`` and ``shared_frac``, both in [0, 1], best 1.0.

    Examples
    --------
    >>> result = matched_mcc([[1.0, 0.0], [0.0, 1.0]], [[0.0, -1.0], [1.0, 0.1]])
    >>> round(result.mean_matched, 4), result.shared_frac
    (0.9975, 1.0)
    """
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold must be in [0, 1], got {threshold!r}")
    cos = cosine_matrix(A, B)  # (n_a, n_b)
    rows, cols = linear_sum_assignment(cos, maximize=True)
    matched = cos[rows, cols]  # (min(n_a, n_b),)
    return MatchedMCC(mean_matched=float(matched.mean()), shared_frac=float(np.mean(matched > threshold)))


def explained_variance(x: Any, x_hat: Any) -> float:
    """Fraction of the data's variance around its mean that a reconstruction explains.

    ``1 - Σ‖x - x̂‖² / Σ‖x - mean(x)‖²``, sums over rows and columns, mean over rows.

    Parameters
    ----------
    x : array-like of shape (n_samples, d_model)
        Inputs.
    x_hat : array-like of shape (n_samples, d_model)
        Reconstructions.

    Returns
    -------
    float
        At most 1.0 (best, perfect reconstruction); 0.0 for predicting the mean; negative when
        worse than the mean.

    Raises
    ------
    ValueError
        On mismatched shapes, or when ``x`` has no variance (the ratio is undefined).

    Examples
    --------
    >>> explained_variance([[0.0, 0.0], [2.0, 2.0]], [[0.0, 1.0], [2.0, 2.0]])
    0.75
    """
    x, x_hat = _check_matrix(x, "x"), _check_matrix(x_hat, "x_hat")
    if x.shape != x_hat.shape:
        raise ValueError(f"x and x_hat must have the same shape, got {x.shape} and {x_hat.shape}")
    total = np.sum((x - x.mean(axis=0)) ** 2)
    if total == 0:
        raise ValueError(f"x has zero variance around its mean (shape {x.shape}); explained variance is undefined")
    return float(1.0 - np.sum((x - x_hat) ** 2) / total)


def dead_fraction(fire_counts: Any) -> float:
    """Fraction of latents that never fired.

    Parameters
    ----------
    fire_counts : array-like of shape (d_sae,)
        Number of inputs on which each latent was active (non-negative).

    Returns
    -------
    float
        In [0, 1]; best value 0.0 (every latent used).

    Examples
    --------
    >>> dead_fraction([3, 0, 1, 0])
    0.5
    """
    counts = _as_float64(fire_counts, "fire_counts")
    if counts.ndim != 1 or counts.size == 0:
        raise ValueError(f"fire_counts must be a non-empty 1-D array (d_sae,), got shape {counts.shape}")
    if np.any(counts < 0):
        raise ValueError(f"fire_counts must be non-negative, got minimum {counts.min()!r}")
    return float(np.mean(counts == 0))


def random_unit_dictionary(n: int, d: int, *, rng: np.random.Generator) -> np.ndarray:
    """A dictionary of ``n`` directions drawn uniformly on the unit sphere in ``d`` dimensions.

    The random baseline for PWMCC and matched MCC: the same statistics between two such
    dictionaries measure what geometry alone gives.

    Parameters
    ----------
    n : int
        Number of directions (rows), >= 1.
    d : int
        Dimension, >= 1.
    rng : numpy.random.Generator
        Source of randomness (seed it for a reproducible baseline).

    Returns
    -------
    ndarray of shape (n, d), float64
        Unit-norm rows (normalised standard Gaussian vectors).

    Examples
    --------
    >>> D = random_unit_dictionary(4, 3, rng=np.random.default_rng(0))
    >>> D.shape, bool(np.allclose(np.linalg.norm(D, axis=1), 1.0))
    ((4, 3), True)
    """
    if n < 1 or d < 1:
        raise ValueError(f"n and d must be >= 1, got n={n!r}, d={d!r}")
    return unit_rows(rng.standard_normal((n, d)))
