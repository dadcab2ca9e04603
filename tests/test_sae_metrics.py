"""Stability and reconstruction metrics of the `sae_stability` study: hand cases and properties."""
from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from mlsweeps.sae_stability.metrics import (
    ActivationMCC,
    Firing,
    MatchedMCC,
    Recovery,
    activation_mcc,
    cosine_matrix,
    dead_fraction,
    decoder_drift,
    explained_variance,
    firing_fractions,
    live_latents,
    matched_mcc,
    pwmcc,
    random_unit_dictionary,
    recovery,
    unit_rows,
)

INV_SQRT2 = 1 / math.sqrt(2)


@pytest.fixture
def dictionary() -> np.ndarray:
    return random_unit_dictionary(48, 16, rng=np.random.default_rng(0))


def permuted_and_flipped(D: np.ndarray, seed: int) -> np.ndarray:
    """The same features in another order and with random signs: what another seed could learn."""
    rng = np.random.default_rng(seed)
    signs = rng.choice([-1.0, 1.0], size=(len(D), 1))
    return (D * signs)[rng.permutation(len(D))]


# --- hand cases ---------------------------------------------------------------------------------


def test_unit_rows_and_cosine_matrix_hand_case():
    np.testing.assert_allclose(unit_rows([[3.0, 4.0], [0.0, -2.0]]), [[0.6, 0.8], [0.0, -1.0]])
    # |cos| ignores sign and scale: [1, 0] vs [-5, 0] is 1, vs [1, 1] is 1/√2, vs [0, 3] is 0
    np.testing.assert_allclose(cosine_matrix([[1.0, 0.0]], [[-5.0, 0.0], [1.0, 1.0], [0.0, 3.0]]), [[1.0, INV_SQRT2, 0.0]])


def test_dictionary_against_itself_is_perfectly_stable(dictionary):
    assert pwmcc(dictionary, dictionary) == pytest.approx(1.0)
    result = matched_mcc(dictionary, dictionary)
    assert isinstance(result, MatchedMCC)
    assert result.mean_matched == pytest.approx(1.0)
    assert result.shared_frac == 1.0


def test_permutation_and_sign_flips_are_the_same_dictionary(dictionary):
    other = permuted_and_flipped(dictionary, seed=1)
    assert pwmcc(dictionary, other) == pytest.approx(1.0)
    assert matched_mcc(dictionary, other).mean_matched == pytest.approx(1.0)
    assert matched_mcc(dictionary, other).shared_frac == 1.0


def test_basis_against_rotated_basis_hand_case():
    # every |cos| between e1, e2 and (e1 ± e2)/√2 is 1/√2, so each max and each match is 1/√2
    A = [[1.0, 0.0], [0.0, 1.0]]
    B = [[INV_SQRT2, INV_SQRT2], [INV_SQRT2, -INV_SQRT2]]
    assert pwmcc(A, B) == pytest.approx(INV_SQRT2)
    result = matched_mcc(A, B)
    assert result.mean_matched == pytest.approx(INV_SQRT2)
    assert result.shared_frac == 1.0  # 0.7071 > 0.7
    assert matched_mcc(A, B, threshold=0.75).shared_frac == 0.0


def test_pwmcc_and_matching_differ_when_one_feature_covers_two():
    # A = {e1, e2}; B = {e1, (e1 + 0.1 e2)/‖·‖}: cos(e1, B1) = 1/‖(1, 0.1)‖ = 0.99504, cos(e2, B1) = 0.09950
    A = [[1.0, 0.0], [0.0, 1.0]]
    B = [[1.0, 0.0], [1.0, 0.1]]
    c = 1 / math.hypot(1.0, 0.1)
    # A→B maxima: e1 → 1, e2 → 0.1c; B→A maxima: 1, c
    assert pwmcc(A, B) == pytest.approx(0.5 * ((1 + 0.1 * c) / 2 + (1 + c) / 2))
    # one-to-one: (e1, B1) + (e2, B2) = 1 + 0.1c beats (e1, B2) + (e2, B1) = c + 0
    result = matched_mcc(A, B)
    assert result.mean_matched == pytest.approx((1 + 0.1 * c) / 2)
    assert result.shared_frac == 0.5


def test_random_dictionaries_give_the_geometric_baseline():
    rng = np.random.default_rng(123)
    A, B = random_unit_dictionary(1024, 128, rng=rng), random_unit_dictionary(1024, 128, rng=rng)
    np.testing.assert_allclose(np.linalg.norm(A, axis=1), 1.0)
    assert 0.27 < pwmcc(A, B) < 0.33
    result = matched_mcc(A, B)
    assert result.mean_matched < pwmcc(A, B)  # a one-to-one match can only lower the average
    assert result.shared_frac == 0.0


def test_explained_variance_hand_case():
    x = [[0.0, 0.0], [2.0, 2.0], [4.0, 4.0]]
    # mean (2, 2): Σ‖x - mean‖² = 8 + 0 + 8 = 16
    x_hat = [[1.0, 0.0], [2.0, 2.0], [4.0, 2.0]]
    # Σ‖x - x̂‖² = 1 + 0 + 4 = 5, so 1 - 5/16 = 0.6875
    assert explained_variance(x, x_hat) == pytest.approx(0.6875)


def test_explained_variance_extremes():
    x = np.random.default_rng(0).normal(size=(50, 4))
    assert explained_variance(x, x) == 1.0
    assert explained_variance(x, np.broadcast_to(x.mean(axis=0), x.shape)) == pytest.approx(0.0, abs=1e-12)
    assert explained_variance(x, -x + 2 * x.mean(axis=0)) == pytest.approx(-3.0)  # error 2(x - mean)


def test_explained_variance_accepts_torch_tensors():
    x = torch.tensor([[0.0, 0.0], [2.0, 2.0], [4.0, 4.0]])
    assert explained_variance(x, x.clone().requires_grad_()) == 1.0


def test_dead_fraction_hand_case():
    assert dead_fraction([5, 0, 1, 0, 0]) == pytest.approx(3 / 5)
    assert dead_fraction(torch.tensor([1, 2, 3])) == 0.0
    assert dead_fraction(np.zeros(4, dtype=int)) == 1.0


def test_random_unit_dictionary_is_reproducible():
    a = random_unit_dictionary(5, 3, rng=np.random.default_rng(7))
    b = random_unit_dictionary(5, 3, rng=np.random.default_rng(7))
    np.testing.assert_array_equal(a, b)


# --- input validation ---------------------------------------------------------------------------


def test_mismatched_model_dimension_is_rejected():
    with pytest.raises(ValueError, match=r"same number of columns.*\(3, 4\) and \(3, 5\)"):
        pwmcc(np.ones((3, 4)), np.ones((3, 5)))
    with pytest.raises(ValueError, match="same number of columns"):
        matched_mcc(np.ones((3, 4)), np.ones((2, 5)))


def test_bad_shapes_and_values_are_rejected():
    with pytest.raises(ValueError, match=r"2-D.*\(4,\)"):
        cosine_matrix(np.ones(4), np.ones((2, 4)))
    with pytest.raises(ValueError, match=r"rows \[1\] have zero norm"):
        unit_rows([[1.0, 0.0], [0.0, 0.0]])
    with pytest.raises(ValueError, match="non-finite"):
        pwmcc([[np.nan, 1.0]], [[1.0, 0.0]])
    with pytest.raises(ValueError, match=r"same shape.*\(2, 2\) and \(3, 2\)"):
        explained_variance(np.ones((2, 2)), np.ones((3, 2)))
    with pytest.raises(ValueError, match="zero variance"):
        explained_variance(np.ones((3, 2)), np.zeros((3, 2)))
    with pytest.raises(ValueError, match="non-negative"):
        dead_fraction([1, -1])
    with pytest.raises(ValueError, match=r"1-D.*\(2, 2\)"):
        dead_fraction(np.ones((2, 2)))
    with pytest.raises(ValueError, match="threshold must be in"):
        matched_mcc([[1.0]], [[1.0]], threshold=1.5)


# --- properties shared by the between-dictionary metrics ---------------------------------------

SYMMETRIC_METRICS = {
    "pwmcc": pwmcc,
    "matched_mcc.mean_matched": lambda A, B: matched_mcc(A, B).mean_matched,
    "matched_mcc.shared_frac": lambda A, B: matched_mcc(A, B, threshold=0.3).shared_frac,
}


@pytest.fixture
def two_dictionaries() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(5)
    A = random_unit_dictionary(40, 8, rng=rng)
    # B shares half of A's features (slightly perturbed) so that values are neither 0 nor 1
    B = np.vstack([A[:20] + 0.2 * rng.normal(size=(20, 8)), random_unit_dictionary(30, 8, rng=rng)])
    return A, B


@pytest.mark.parametrize("name", sorted(SYMMETRIC_METRICS))
def test_metric_is_symmetric(name, two_dictionaries):
    metric, (A, B) = SYMMETRIC_METRICS[name], two_dictionaries
    assert metric(A, B) == pytest.approx(metric(B, A), abs=1e-12)


@pytest.mark.parametrize("name", sorted(SYMMETRIC_METRICS))
def test_metric_ignores_feature_order_sign_and_scale(name, two_dictionaries):
    metric, (A, B) = SYMMETRIC_METRICS[name], two_dictionaries
    expected = metric(A, B)
    assert metric(permuted_and_flipped(A, seed=2), B) == pytest.approx(expected, abs=1e-12)
    assert metric(A, 3.0 * permuted_and_flipped(B, seed=3)) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("name", sorted(SYMMETRIC_METRICS))
def test_metric_accepts_torch_and_numpy_alike(name, two_dictionaries):
    metric, (A, B) = SYMMETRIC_METRICS[name], two_dictionaries
    assert metric(torch.from_numpy(A).float(), torch.from_numpy(B).float()) == pytest.approx(metric(A, B), abs=1e-6)


# --- drift, recovery, firing and the latent-activation comparison --------------------------------


def test_decoder_drift_hand_cases(dictionary):
    assert decoder_drift(dictionary, dictionary) == pytest.approx(1.0)  # not moved
    assert decoder_drift(-3 * dictionary, dictionary) == pytest.approx(1.0)  # sign and scale carry no direction
    assert decoder_drift([[1.0, 0.0], [0.0, 1.0]], [[0.0, 1.0], [1.0, 0.0]]) == 0.0  # every row turned by 90°
    assert decoder_drift([[1.0, 1.0]], [[1.0, 0.0]]) == pytest.approx(INV_SQRT2)
    with pytest.raises(ValueError, match=r"one start per row\), got \(48, 16\) and \(47, 16\)"):
        decoder_drift(dictionary, dictionary[:-1])


def test_recovery_of_a_known_dictionary(dictionary):
    learned = np.vstack([permuted_and_flipped(dictionary, 1), random_unit_dictionary(10, 16, rng=np.random.default_rng(5))])
    assert recovery(dictionary, learned) == Recovery(1.0, pytest.approx(1.0))  # extra learned rows do not hurt recovery
    half = recovery(dictionary, dictionary[:24])
    assert half.recovered_frac == pytest.approx(0.5) and half.mean_best_cos < 1.0
    assert recovery([[1.0, 0.0]], [[1.0, 1.0]], threshold=0.7).recovered_frac == 1.0  # |cos| 0.707 >= 0.7
    assert recovery([[1.0, 0.0]], [[1.0, 1.0]], threshold=0.9).recovered_frac == 0.0
    with pytest.raises(ValueError, match=r"threshold must be in \(0, 1\], got 0"):
        recovery(dictionary, dictionary, threshold=0)


def test_firing_fractions_and_live_latents():
    assert firing_fractions([0, 0, 3, 100], 1000, 0.01) == Firing(0.5, 0.25)
    assert live_latents([0, 0, 3, 100], 1000, 0.01).tolist() == [False, False, False, True]
    assert dead_fraction([0, 0, 3, 100]) == firing_fractions([0, 0, 3, 100], 1000, 0.01).dead_frac
    with pytest.raises(ValueError, match=r"n_inputs must be >= 1 and >= every count, got 10 with a largest count of 100.0"):
        firing_fractions([0, 100], 10, 0.01)
    with pytest.raises(ValueError, match=r"rare_rate must be in \(0, 1\), got 1.0"):
        live_latents([1], 10, 1.0)


def _sparse_codes(n: int, d: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.maximum(rng.standard_normal((n, d)), 0) * (rng.random((n, d)) < 0.2)


def test_activation_mcc_of_permuted_latents_is_one():
    Z = _sparse_codes(500, 12, 0)
    order = np.random.default_rng(1).permutation(12)
    assert activation_mcc(Z, 2.5 * Z[:, order]) == ActivationMCC(pytest.approx(1.0), 12)  # order and scale do not matter
    unrelated = activation_mcc(Z, _sparse_codes(500, 12, 2))
    assert unrelated.n_matched == 12 and unrelated.mean_matched < 0.2


def test_activation_mcc_leaves_out_dead_and_unselected_latents():
    Z = _sparse_codes(300, 6, 3)
    Z[:, 0] = 0.0  # a dead latent has no correlation with anything
    result = activation_mcc(Z, Z)
    assert result == ActivationMCC(pytest.approx(1.0), 5)
    live = np.array([False, True, True, False, True, True])
    assert activation_mcc(Z, Z, live_a=live, live_b=np.ones(6, bool)).n_matched == 4
    assert activation_mcc(np.zeros((5, 3)), np.ones((5, 3))) == ActivationMCC(0.0, 0)
    with pytest.raises(ValueError, match=r"same inputs \(rows\), at least 2, got shapes \(300, 6\) and \(299, 6\)"):
        activation_mcc(Z, Z[:-1])
    with pytest.raises(ValueError, match=r"live_a must have one entry per latent \(6\), got shape \(5,\)"):
        activation_mcc(Z, Z, live_a=live[:5])
