"""Statistics on hand-checked cases."""
import math

import numpy as np
import pytest

from mlsweeps.stats import (cohens_d, crossed_difference, crossed_ratio_interval, describe, group_mean, hierarchical_difference, hierarchical_interval,
                            upper_triangle)


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
    d = hierarchical_difference([_constant_pairs(5, 0.6)], [_constant_pairs(5, 0.3)], n_resamples=500, seed=1)
    assert d.diff == pytest.approx(0.3)
    assert d.ci_low == pytest.approx(0.3) and d.ci_high == pytest.approx(0.3)
    assert d.p_value == 0.0


def test_bootstrap_identical_conditions_include_zero():
    rng = np.random.default_rng(0)
    m = rng.uniform(0.2, 0.4, (6, 6))
    m = (m + m.T) / 2
    d = hierarchical_difference([m], [m.copy()], n_resamples=2000, seed=3)
    assert d.diff == 0.0
    assert d.ci_low < 0 < d.ci_high
    assert d.p_value > 0.05


def test_bootstrap_is_reproducible_and_validates():
    m = _constant_pairs(3, 0.5)
    m[0, 1] = m[1, 0] = 0.7
    a = hierarchical_difference([m], [_constant_pairs(3, 0.4)], n_resamples=300, seed=7)
    b = hierarchical_difference([m], [_constant_pairs(3, 0.4)], n_resamples=300, seed=7)
    assert a == b
    with pytest.raises(ValueError, match="square matrix over at least 2 seeds"):
        hierarchical_difference([np.ones((1, 1))], [m])
    with pytest.raises(ValueError, match="confidence"):
        hierarchical_difference([m], [m], confidence=1.5)
    with pytest.raises(ValueError, match="groups holds no group"):
        hierarchical_interval([])
    with pytest.raises(ValueError, match=r"groups\[1\] contains NaN or inf"):
        hierarchical_interval([np.array([0.1]), np.array([np.nan])])


def test_group_mean_of_values_and_of_pairs():
    assert group_mean(np.array([0.2, 0.4])) == pytest.approx(0.3)
    m = _constant_pairs(3, 0.5)
    m[0, 1] = m[1, 0] = 0.8
    assert group_mean(m) == pytest.approx((0.8 + 0.5 + 0.5) / 3)  # the diagonal is not a pair


def test_hierarchical_interval_spans_the_spread_between_groups():
    """Two transformers whose SAEs agree perfectly within each but differ between them: the interval
    comes from the transformer level alone and reaches from one transformer's value to the other's."""
    low, high = _constant_pairs(4, 0.2), _constant_pairs(4, 0.6)
    interval = hierarchical_interval([low, high], n_resamples=2000, seed=0)
    assert interval.estimate == pytest.approx(0.4)
    assert interval.ci_low == pytest.approx(0.2) and interval.ci_high == pytest.approx(0.6)
    # one group: only the seeds are resampled, and constant pairs leave no spread
    assert hierarchical_interval([low], n_resamples=200).ci_low == pytest.approx(0.2)
    # per-unit values (one per SAE) go through the same two levels
    values = hierarchical_interval([np.array([0.1, 0.1]), np.array([0.3, 0.3])], n_resamples=2000, seed=1)
    assert values.estimate == pytest.approx(0.2) and values.ci_low == pytest.approx(0.1) and values.ci_high == pytest.approx(0.3)


def test_task_difference_within_the_spread_between_transformers_is_not_detected():
    """The seed report's mistake: two activation sets per task differ by less than their transformers do."""
    rng = np.random.default_rng(4)
    def transformer(level):
        m = np.full((5, 5), level) + rng.normal(0, 0.0005, (5, 5))
        return (m + m.T) / 2
    task_a = [transformer(v) for v in (0.300, 0.310, 0.305)]
    task_b = [transformer(v) for v in (0.302, 0.312, 0.297)]
    with_transformers = hierarchical_difference(task_a, task_b, n_resamples=2000, seed=0)
    assert with_transformers.ci_low < 0 < with_transformers.ci_high
    one_each = hierarchical_difference(task_a[:1], task_b[:1], n_resamples=2000, seed=0)  # what one transformer per task shows
    assert one_each.ci_high < 0


def test_paired_bootstrap_known_cases():
    from mlsweeps.stats import paired_bootstrap, resample_weights

    weights = resample_weights(5, 300, np.random.default_rng(0))
    assert weights.shape == (300, 5) and np.all(weights.sum(axis=1) == 5)
    constant = np.full(6, 2.0)
    (iv,) = paired_bootstrap(lambda w: (w @ constant / w.sum(axis=1))[:, None], 6, n_resamples=200)
    assert iv == (2.0, 2.0, 2.0, 200)
    # Paired: a − b with a = b + 1 unit by unit has no spread, although a and b spread widely.
    b = np.random.default_rng(1).normal(0, 5, size=30)
    a = b + 1.0
    mean_a, mean_b, diff = paired_bootstrap(lambda w: np.stack([w @ a, w @ b, w @ (a - b)], axis=1) / w.sum(axis=1)[:, None], 30, n_resamples=500)
    assert diff.ci_low == pytest.approx(1.0) and diff.ci_high == pytest.approx(1.0)
    assert mean_a.ci_high - mean_a.ci_low > 1.0 and mean_a.ci_low < a.mean() < mean_a.ci_high
    # A statistic that a resample does not have (NaN) is left out and counted.
    (partial,) = paired_bootstrap(lambda w: np.where(w[:, :1] > 0, 1.0, np.nan), 4, n_resamples=400, seed=3)
    assert partial.estimate == 1.0 and 0 < partial.n_resamples < 400
    with pytest.raises(ValueError, match="shape"):
        paired_bootstrap(lambda w: w.sum(axis=1), 4, n_resamples=100)
# --- seeds crossed with items ---------------------------------------------------------------------


def test_crossed_ratio_interval_is_a_ratio_of_sums_per_seed_averaged_over_seeds():
    num = np.array([[1.0, 3.0], [0.0, 2.0]])
    den = np.array([[2.0, 4.0], [1.0, 3.0]])
    ci = crossed_ratio_interval(num, den, n_resamples=500)
    assert ci.estimate == pytest.approx((4 / 6 + 2 / 4) / 2)
    assert ci.ci_low <= ci.estimate <= ci.ci_high


def test_crossed_ratio_interval_of_a_constant_has_no_width_and_zero_denominators_score_zero():
    ci = crossed_ratio_interval(np.ones((3, 5)), np.ones((3, 5)), n_resamples=200)
    assert (ci.estimate, ci.ci_low, ci.ci_high) == (1.0, 1.0, 1.0)
    assert crossed_ratio_interval(np.zeros((1, 3)), np.zeros((1, 3)), n_resamples=10).estimate == 0.0


def test_crossed_interval_of_a_binomial_mean_matches_its_standard_error():
    rng = np.random.default_rng(1)
    correct = (rng.random((1, 400)) < 0.5).astype(float)
    ci = crossed_ratio_interval(correct, np.ones_like(correct), n_resamples=4000)
    p = correct.mean()
    assert (ci.ci_high - ci.ci_low) / 2 == pytest.approx(1.96 * math.sqrt(p * (1 - p) / 400), rel=0.1)


def test_crossed_difference_is_paired_so_shared_item_difficulty_cancels():
    rng = np.random.default_rng(0)
    difficulty = rng.random((1, 300)) < 0.5  # what both conditions get right or wrong together
    a = np.repeat(difficulty, 3, axis=0).astype(float)
    b = a.copy()
    b[:, :15] = 1 - b[:, :15]  # B differs from A on 15 items only
    d = crossed_difference(a, np.ones_like(a), b, np.ones_like(b), n_resamples=2000)
    assert d.diff == pytest.approx(a.mean() - b.mean())
    unpaired_half_width = 1.96 * math.sqrt(2 * 0.25 / 300)
    assert (d.ci_high - d.ci_low) / 2 < unpaired_half_width / 2


def test_crossed_difference_of_identical_conditions_is_zero_with_p_one_and_shapes_are_checked():
    a = np.array([[1.0, 0.0, 1.0]])
    d = crossed_difference(a, np.ones_like(a), a, np.ones_like(a), n_resamples=100)
    assert (d.diff, d.ci_low, d.ci_high, d.p_value) == (0.0, 0.0, 0.0, 1.0)
    with pytest.raises(ValueError, match="same seeds and items"):
        crossed_difference(a, np.ones_like(a), np.ones((2, 3)), np.ones((2, 3)))
    with pytest.raises(ValueError, match="negative denominator"):
        crossed_ratio_interval(a, -np.ones_like(a))
