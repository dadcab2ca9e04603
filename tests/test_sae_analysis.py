"""From pair statistics to the study's tables, on hand cases."""
import numpy as np
import pandas as pd
import pytest

from mlsweeps.sae_stability.analysis import compare_tasks, compare_to_random, pairwise_stability, random_baseline, seed_matrix, summarize


def _pairs(task, values, seeds=(1, 2, 3)):
    rows = []
    it = iter(values)
    for i, a in enumerate(seeds):
        for b in seeds[i + 1:]:
            v = next(it)
            rows.append({"task": task, "seed_a": a, "seed_b": b, "pwmcc": v, "matched_mcc": v - 0.1, "shared_frac": 0.0})
    return pd.DataFrame(rows)


def test_seed_matrix_is_symmetric_with_unit_diagonal():
    m = seed_matrix(_pairs("t", [0.2, 0.3, 0.4]), [1, 2, 3])
    assert m.tolist() == [[1.0, 0.2, 0.3], [0.2, 1.0, 0.4], [0.3, 0.4, 1.0]]
    with pytest.raises(ValueError, match="expected 3 seed pairs"):
        seed_matrix(_pairs("t", [0.2, 0.3, 0.4]).iloc[:2], [1, 2, 3])


def test_summarize_hand_case():
    pairs = pd.concat([_pairs("a", [0.2, 0.3, 0.4]), _pairs("b", [0.5, 0.5, 0.5])])
    random = pd.DataFrame({"task": ["a", "a", "b", "b"], "draw": [0, 1, 0, 1], "pwmcc": [0.1, 0.3, 0.2, 0.2], "matched_mcc": 0.0, "shared_frac": 0.0})
    s = summarize(pairs, random, ["a", "b"]).set_index("task")
    assert s.loc["a", "mean"] == pytest.approx(0.3) and s.loc["a", "std"] == pytest.approx(0.1)
    assert (s.loc["a", "min"], s.loc["a", "max"], s.loc["a", "n_pairs"]) == (0.2, 0.4, 3)
    assert s.loc["a", "random_mean"] == pytest.approx(0.2) and s.loc["a", "random_std"] == pytest.approx(np.sqrt(0.02))
    assert s.loc["b", "std"] == 0.0


def test_compare_tasks_columns_and_direction():
    pairs = pd.concat([_pairs("a", [0.6, 0.6, 0.6]), _pairs("b", [0.3, 0.3, 0.3])])
    table = compare_tasks(pairs, ["a", "b"], [1, 2, 3], resamples=200, seed=0)
    row = table.iloc[0]
    assert (row.task_a, row.task_b) == ("a", "b")
    assert row["diff"] == pytest.approx(0.3) and row.ci_low == pytest.approx(0.3) and row.p_value == 0.0
    assert compare_tasks(_pairs("a", [0.6, 0.6, 0.6]), ["a"], [1, 2, 3], resamples=200, seed=0).empty


@pytest.mark.parametrize(("trained", "random", "verdict"), [
    ([0.5, 0.6], [0.3, 0.31], "above"),
    ([0.30, 0.35], [0.31, 0.32], "overlaps"),
    ([0.1, 0.2], [0.3], "below"),
])
def test_compare_to_random(trained, random, verdict):
    assert compare_to_random(trained, random) == verdict


def test_pairwise_stability_identical_decoders_and_random_baseline():
    rng = np.random.default_rng(0)
    d = rng.normal(size=(16, 8))
    pairs = pairwise_stability({1: d, 2: d[::-1] * -1, 3: rng.normal(size=(16, 8))})
    assert list(zip(pairs.seed_a, pairs.seed_b)) == [(1, 2), (1, 3), (2, 3)]
    first = pairs.iloc[0]
    assert first.pwmcc == pytest.approx(1.0) and first.matched_mcc == pytest.approx(1.0) and first.shared_frac == 1.0
    base = random_baseline(1024, 128, draws=2, seed=0)
    assert list(base.draw) == [0, 1]
    assert base.pwmcc.between(0.27, 0.33).all()
    assert base.equals(random_baseline(1024, 128, draws=2, seed=0))
