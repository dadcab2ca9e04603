"""Data geometry and the span-aware nulls, on data and dictionaries of known structure."""
import numpy as np
import pytest

from mlsweeps.sae_stability.geometry import (
    class_r2,
    dims_for_variance,
    participation_ratio,
    principal_axes,
    span_coordinates,
    span_matched_dictionary,
    span_share,
)
from mlsweeps.sae_stability.metrics import pwmcc, random_unit_dictionary


def _data_of_rank(r: int, d: int = 16, n: int = 2000, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """n vectors in d dimensions that vary along exactly r orthonormal directions (with equal variance), off-centre."""
    rng = np.random.default_rng(seed)
    basis = np.linalg.qr(rng.standard_normal((d, d)))[0][:, :r].T  # (r, d) orthonormal rows
    return rng.standard_normal((n, r)) @ basis + 3.0, basis


def test_data_of_known_rank():
    x, basis = _data_of_rank(4)
    axes = principal_axes(x)
    assert axes.variances.shape == (16,) and np.all(np.diff(axes.variances) <= 1e-12)  # descending
    np.testing.assert_allclose(axes.axes @ axes.axes.T, np.eye(16), atol=1e-10)  # orthonormal
    assert np.all(axes.variances[4:] < 1e-10)
    assert dims_for_variance(axes.variances, 0.99) == 4 and dims_for_variance(axes.variances, 0.5) <= 3
    assert 3.5 < participation_ratio(axes.variances) <= 4.0  # four equal-variance directions, up to sampling
    # the top-4 axes span the data's directions
    assert span_share(basis, axes.axes[:4]) == pytest.approx(1.0)


@pytest.mark.parametrize(("variances", "ratio"), [([1.0, 1.0, 1.0, 1.0], 4.0), ([5.0, 0.0, 0.0], 1.0), ([3.0, 1.0], 16 / 10)])
def test_participation_ratio_hand_cases(variances, ratio):
    assert participation_ratio(variances) == pytest.approx(ratio)


def test_dims_for_variance_hand_cases_and_bad_input():
    assert dims_for_variance([1.0, 1.0, 1.0, 1.0], 0.5) == 2
    assert dims_for_variance([1.0, 1.0, 1.0, 1.0], 0.75) == 3
    assert dims_for_variance([9.0, 1.0], 0.9) == 1
    with pytest.raises(ValueError, match=r"fraction must be in \(0, 1\], got 1.5"):
        dims_for_variance([1.0], 1.5)
    with pytest.raises(ValueError, match=r"non-negative values with a positive sum, got \[1.0, -1.0\]"):
        participation_ratio([1.0, -1.0])


def test_class_r2_discrete_and_structureless_data():
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 5, 1000)
    centres = rng.standard_normal((5, 8)) * 10
    assert class_r2(centres[labels], labels) == pytest.approx(1.0)  # every class a single point
    noisy = centres[labels] + rng.standard_normal((1000, 8))
    assert 0.95 < class_r2(noisy, labels) < 1.0
    assert class_r2(rng.standard_normal((1000, 8)), labels) < 0.02  # labels unrelated to the data
    with pytest.raises(ValueError, match=r"one entry per row of x \(3\), got shape \(2,\)"):
        class_r2(np.ones((3, 2)), [0, 1])


def test_dictionary_confined_to_a_known_subspace():
    rng = np.random.default_rng(1)
    axes = np.eye(6)
    inside = np.hstack([rng.standard_normal((10, 2)), np.zeros((10, 4))])  # rows in the span of the first 2 axes
    outside = np.hstack([np.zeros((10, 2)), rng.standard_normal((10, 4))])
    assert span_share(inside, axes[:2]) == pytest.approx(1.0)
    assert span_share(outside, axes[:2]) == pytest.approx(0.0)
    assert span_share(np.vstack([inside, outside]), axes[:2]) == pytest.approx(0.5)
    # a random direction puts r / d of its norm² in an r-dimensional span, on average
    assert span_share(random_unit_dictionary(4000, 6, rng=rng), axes[:2]) == pytest.approx(2 / 6, abs=0.02)
    coordinates = span_coordinates(inside, axes[:2])
    assert coordinates.shape == (10, 2)
    np.testing.assert_allclose(np.abs(coordinates), np.abs(inside[:, :2] / np.linalg.norm(inside[:, :2], axis=1, keepdims=True)))
    with pytest.raises(ValueError, match=r"span_axes must be \(r, 6\)"):
        span_share(inside, np.eye(3))


def test_span_matched_dictionary_keeps_each_rows_span_mass():
    rng = np.random.default_rng(2)
    axes = np.linalg.qr(rng.standard_normal((8, 8)))[0].T  # a rotated basis
    D = random_unit_dictionary(50, 8, rng=rng) + 2 * axes[0]  # tilted towards the first axis
    null = span_matched_dictionary(D, axes, 3, rng=rng)
    assert null.shape == (50, 8)
    np.testing.assert_allclose(np.linalg.norm(null, axis=1), 1.0)
    # the null is written in the axes' coordinates: its first 3 coordinates are the span
    unit = D / np.linalg.norm(D, axis=1, keepdims=True)
    np.testing.assert_allclose(np.sum(null[:, :3] ** 2, axis=1), np.sum((unit @ axes[:3].T) ** 2, axis=1))
    assert span_matched_dictionary(D, axes, 8, rng=rng).shape == (50, 8)  # the span is everything
    with pytest.raises(ValueError, match=r"r in \[1, 8\], got shape \(8, 8\) and r=0"):
        span_matched_dictionary(D, axes, 0, rng=rng)


def test_inside_a_small_span_random_directions_agree_more():
    """The reason for the matched null: the same number of random directions crowd a small span."""
    rng = np.random.default_rng(3)
    wide = pwmcc(random_unit_dictionary(256, 64, rng=rng), random_unit_dictionary(256, 64, rng=rng))
    narrow = pwmcc(random_unit_dictionary(256, 8, rng=rng), random_unit_dictionary(256, 8, rng=rng))
    assert narrow > wide + 0.3
