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
    "Firing",
    "firing_fractions",
    "live_latents",
    "random_unit_dictionary",
    "decoder_drift",
    "Recovery",
    "recovery",
    "ActivationMCC",
    "activation_mcc",
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


def _check_fire_counts(fire_counts: Any, n_inputs: int, rare_rate: float) -> np.ndarray:
    counts = _as_float64(fire_counts, "fire_counts")
    if counts.ndim != 1 or counts.size == 0 or np.any(counts < 0):
        raise ValueError(f"fire_counts must be a non-empty 1-D array of non-negative counts, got shape {counts.shape} and minimum {float(counts.min(initial=0))!r}")
    if n_inputs < 1 or np.any(counts > n_inputs):
        raise ValueError(f"n_inputs must be >= 1 and >= every count, got {n_inputs!r} with a largest count of {float(counts.max())!r}")
    if not 0.0 < rare_rate < 1.0:
        raise ValueError(f"rare_rate must be in (0, 1), got {rare_rate!r}")
    return counts


class Firing(NamedTuple):
    """How the latents of one SAE fired over a set of inputs."""

    dead_frac: float
    """Share of latents that fired on none of the inputs; in [0, 1], best 0."""
    rare_frac: float
    """Share that fired on some inputs but on fewer than ``rare_rate`` of them; in [0, 1], best 0."""


def live_latents(fire_counts: Any, n_inputs: int, rare_rate: float) -> np.ndarray:
    """Mask (d_sae,) of the latents that fired on at least ``rare_rate`` of ``n_inputs`` inputs.

    >>> live_latents([0, 1, 50], 100, 0.02).tolist()
    [False, False, True]
    """
    return _check_fire_counts(fire_counts, n_inputs, rare_rate) >= rare_rate * n_inputs


def firing_fractions(fire_counts: Any, n_inputs: int, rare_rate: float) -> Firing:
    """Dead and rare shares of the latents, from how many of ``n_inputs`` inputs each fired on.

    Parameters
    ----------
    fire_counts : array-like of shape (d_sae,)
        Inputs on which each latent fired.
    n_inputs : int
        Inputs counted.
    rare_rate : float
        In (0, 1): a latent firing on some inputs but fewer than this share of them is rare.

    Returns
    -------
    Firing
        ``dead_frac`` and ``rare_frac``, each in [0, 1], best 0; the rest of the latents are live.

    Examples
    --------
    >>> firing_fractions([0, 1, 50, 60], 100, 0.02)
    Firing(dead_frac=0.25, rare_frac=0.25)
    """
    counts = _check_fire_counts(fire_counts, n_inputs, rare_rate)
    return Firing(float(np.mean(counts == 0)), float(np.mean((counts > 0) & (counts < rare_rate * n_inputs))))


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


def decoder_drift(D: Any, D_start: Any) -> float:
    """Mean ``|cos|`` between each decoder row and the same row at initialisation.

    Parameters
    ----------
    D : array-like of shape (n_features, d_model)
        Trained decoder rows.
    D_start : array-like of shape (n_features, d_model)
        The rows it started from, in the same order.

    Returns
    -------
    float
        In [0, 1]; 1 = no row has turned (the dictionary is its initialisation), about
        ``sqrt(2 / (pi d_model))`` for rows that turned into unrelated directions.

    Examples
    --------
    >>> decoder_drift([[1.0, 0.0], [0.0, 2.0]], [[1.0, 0.0], [1.0, 0.0]])
    0.5
    """
    D, D_start = _check_dictionaries(D, D_start)
    if D.shape != D_start.shape:
        raise ValueError(f"D and D_start must have the same shape (one start per row), got {D.shape} and {D_start.shape}")
    return float(np.mean(np.minimum(np.abs(np.sum(D * D_start, axis=1)), 1.0)))


class Recovery(NamedTuple):
    """How well a learned dictionary contains a known one."""

    recovered_frac: float
    """Share of known directions with some learned row at ``|cos|`` >= the threshold; in [0, 1], best 1."""
    mean_best_cos: float
    """Mean over known directions of the best ``|cos|`` with a learned row; in [0, 1], best 1."""


def recovery(truth: Any, learned: Any, *, threshold: float = 0.9) -> Recovery:
    """Recovery of the known directions ``truth`` (n_true, d) by the rows of ``learned`` (n, d).

    Returns
    -------
    Recovery
        ``recovered_frac`` and ``mean_best_cos``, both in [0, 1], best 1.0. Random rows score above
        0 on ``mean_best_cos`` by geometry alone, so read it beside a null.

    Examples
    --------
    >>> recovery([[1.0, 0.0], [0.0, 1.0]], [[0.0, -3.0], [1.0, 1.0]])
    Recovery(recovered_frac=0.5, mean_best_cos=0.8535533905932737)
    """
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], got {threshold!r}")
    best = cosine_matrix(truth, learned).max(axis=1)  # (n_true,)
    return Recovery(float(np.mean(best >= threshold)), float(best.mean()))


class ActivationMCC(NamedTuple):
    """One-to-one match of two SAEs' latents by how their activations co-vary over the same inputs."""

    mean_matched: float
    """Mean Pearson correlation over the matched pairs, in [-1, 1]; best 1.0. 0 when nothing is matched."""
    n_matched: int
    """Pairs matched: the smaller number of live latents of the two SAEs."""


def activation_mcc(Z_a: Any, Z_b: Any, *, live_a: Any = None, live_b: Any = None) -> ActivationMCC:
    """Mean correlation of latent activations under the best one-to-one matching (Hungarian).

    Two SAEs whose latents are the same features fire on the same inputs with proportional
    strength, whatever their order or decoder directions: their matched correlation is 1.

    Parameters
    ----------
    Z_a, Z_b : array-like of shape (n_inputs, d_sae_a) and (n_inputs, d_sae_b)
        Latent activations of the two SAEs over the same inputs, in the same order.
    live_a, live_b : array-like of bool, shape (d_sae_a,) and (d_sae_b,), optional
        Latents to match (default: every latent that varies over the inputs). A latent that does
        not vary has no correlation and is always left out.

    Returns
    -------
    ActivationMCC
        ``mean_matched`` in [-1, 1], best 1.0, and ``n_matched``.

    Examples
    --------
    >>> Z = np.array([[1.0, 0.0], [0.0, 2.0], [3.0, 0.0]])
    >>> activation_mcc(Z, Z[:, ::-1] * 5)
    ActivationMCC(mean_matched=1.0, n_matched=2)
    """
    Z_a, Z_b = _check_matrix(Z_a, "Z_a"), _check_matrix(Z_b, "Z_b")
    if len(Z_a) != len(Z_b) or len(Z_a) < 2:
        raise ValueError(f"Z_a and Z_b must hold the same inputs (rows), at least 2, got shapes {Z_a.shape} and {Z_b.shape}")
    columns = []
    for Z, live, name in ((Z_a, live_a, "live_a"), (Z_b, live_b, "live_b")):
        mask = np.ones(Z.shape[1], dtype=bool) if live is None else np.asarray(live, dtype=bool)
        if mask.shape != (Z.shape[1],):
            raise ValueError(f"{name} must have one entry per latent ({Z.shape[1]}), got shape {mask.shape}")
        centred = Z[:, mask & (Z.std(axis=0) > 0)]
        centred = centred - centred.mean(axis=0)
        columns.append(centred / np.linalg.norm(centred, axis=0))
    if min(c.shape[1] for c in columns) == 0:
        return ActivationMCC(0.0, 0)
    correlation = np.clip(columns[0].T @ columns[1], -1.0, 1.0)  # (live_a, live_b)
    rows, cols = linear_sum_assignment(correlation, maximize=True)
    return ActivationMCC(float(correlation[rows, cols].mean()), int(rows.size))
