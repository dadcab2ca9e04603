"""Statistics on hand-checked cases."""
import math

import numpy as np
import pytest

from mlsweeps.stats import bootstrap_pairwise_difference, cohens_d, describe, upper_triangle


def test_describe_hand_case():
    s = describe([2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0])
    assert s.mean == 5.0
    # sum of squared deviations = 32, ddof = 1 -> 32 / 7
    assert s.std == pytest.approx(math.sqrt(32 / 7))
    assert (s.min, s.max, s.n) == (2.0, 9.0, 8)


def test_describe_single_value_has_nan_std():
    s = describe([0.3])
    assert s.mean == 0.3 and math.isnan(s.std) and s.n == 1


@pytest.mark.parametrize("bad", [[], [1.0, float("nan")], [float("inf")]])
def test_describe_rejects_empty_and_non_finite(bad):
    with pytest.raises(ValueError, match="values"):
        describe(bad)


def test_cohens_d_hand_case():
    # means 2 and 4, both sample variances 1 -> pooled sd 1 -> d = -2
    assert cohens_d([1.0, 2.0, 3.0], [3.0, 4.0, 5.0]) == pytest.approx(-2.0)
    # unequal sizes: a var 1 (n 3), b = [0, 4] var 8 (n 2): pooled = (2*1 + 1*8) / 3 = 10/3
    assert cohens_d([1.0, 2.0, 3.0], [0.0, 4.0]) == pytest.approx(0.0 / math.sqrt(10 / 3))
    assert cohens_d([5.0, 6.0, 7.0], [0.0, 4.0]) == pytest.approx(4.0 / math.sqrt(10 / 3))


def test_cohens_d_degenerate_is_nan():
    assert math.isnan(cohens_d([1.0, 1.0], [1.0, 1.0]))
    assert math.isnan(cohens_d([1.0], [2.0, 3.0]))


def test_upper_triangle_order():
    m = np.arange(9.0).reshape(3, 3)
    assert upper_triangle(m).tolist() == [1.0, 2.0, 5.0]
    with pytest.raises(ValueError, match="square"):
        upper_triangle(np.zeros((2, 3)))


def _constant_pairs(n: int, value: float) -> np.ndarray:
    m = np.full((n, n), value)
    np.fill_diagonal(m, 1.0)
    return m


def test_bootstrap_constant_matrices_gives_exact_difference():
    d = bootstrap_pairwise_difference(_constant_pairs(5, 0.6), _constant_pairs(5, 0.3), n_resamples=500, seed=1)
    assert d.diff == pytest.approx(0.3)
    assert d.ci_low == pytest.approx(0.3) and d.ci_high == pytest.approx(0.3)
    assert d.p_value == 0.0


def test_bootstrap_identical_conditions_include_zero():
    rng = np.random.default_rng(0)
    m = rng.uniform(0.2, 0.4, (6, 6))
    m = (m + m.T) / 2
    d = bootstrap_pairwise_difference(m, m.copy(), n_resamples=2000, seed=3)
    assert d.diff == 0.0
    assert d.ci_low < 0 < d.ci_high
    assert d.p_value > 0.05


def test_bootstrap_is_reproducible_and_validates():
    m = _constant_pairs(3, 0.5)
    m[0, 1] = m[1, 0] = 0.7
    a = bootstrap_pairwise_difference(m, _constant_pairs(3, 0.4), n_resamples=300, seed=7)
    b = bootstrap_pairwise_difference(m, _constant_pairs(3, 0.4), n_resamples=300, seed=7)
    assert a == b
    with pytest.raises(ValueError, match="at least 2 seeds"):
        bootstrap_pairwise_difference(np.ones((1, 1)), m)
    with pytest.raises(ValueError, match="confidence"):
        bootstrap_pairwise_difference(m, m, confidence=1.5)
