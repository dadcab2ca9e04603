"""From SAEs to the study's tables, on hand-built cases."""
import numpy as np
import pandas as pd
import pytest

from mlsweeps.sae_stability.analysis import (
    PAIR_COLUMNS,
    PAIR_QUANTITIES,
    SAE_COLUMNS,
    SaeRecord,
    compare_saes,
    compare_tasks,
    sae_table,
    seed_matrix,
    stability_table,
    summarize,
)
from mlsweeps.sae_stability.metrics import random_unit_dictionary

D_MODEL, D_SAE = 8, 24


def _record(decoder, start, codes, fires=None) -> SaeRecord:
    fires = np.full(len(decoder), 50) if fires is None else fires
    return SaeRecord(decoder, start, codes, codes, fires)


def _codes(seed, n=200, d=D_SAE):
    rng = np.random.default_rng(seed)
    return np.maximum(rng.standard_normal((n, d)), 0) * (rng.random((n, d)) < 0.3)


def _compare(records, **kwargs):
    options = {"axes": np.eye(D_MODEL), "span_dims": 2, "n_train": 1000, "label": "copy/t0/d24_k4_e2", "shared_threshold": 0.7,
               "rare_rate": 0.001, "random_seed": 0, **kwargs}
    return compare_saes(records, **options)


def test_identical_saes_that_never_moved():
    rng = np.random.default_rng(0)
    D = random_unit_dictionary(D_SAE, D_MODEL, rng=rng)
    codes = _codes(1)
    order = rng.permutation(D_SAE)
    tables = _compare({1: _record(D, D, codes), 2: _record(-D[order], D[order], codes[:, order])})
    pair = tables.pairs.iloc[0]
    assert list(tables.pairs.columns) == ["seed_a", "seed_b", *PAIR_COLUMNS] and list(tables.saes.columns) == ["seed", *SAE_COLUMNS]
    assert pair.pwmcc == pytest.approx(1.0) and pair.start_pwmcc == pytest.approx(1.0) and pair.span_pwmcc == pytest.approx(1.0)
    assert pair.activation_mcc == pytest.approx(1.0) and pair.n_matched_latents == D_SAE
    assert pair.shuffled_activation_mcc < 0.5  # shuffling the inputs breaks the correspondence
    assert pair.isotropic_pwmcc < 0.9 and pair.matched_null_pwmcc < 0.9  # the nulls are random, whatever the trained pair
    assert tables.saes.drift.tolist() == pytest.approx([1.0, 1.0])  # a decoder equal to its start (up to sign) has not moved
    assert tables.saes.recovered_frac.isna().all()  # no known dictionary outside the positive control
    again = _compare({1: _record(D, D, codes), 2: _record(-D[order], D[order], codes[:, order])})
    pd.testing.assert_frame_equal(tables.pairs, again.pairs)  # the nulls are seeded by the comparison's name and seeds


def test_decoders_confined_to_the_data_span_and_the_known_dictionary():
    rng = np.random.default_rng(1)
    inside = np.hstack([random_unit_dictionary(D_SAE, 2, rng=rng), np.zeros((D_SAE, D_MODEL - 2))])
    start = random_unit_dictionary(D_SAE, D_MODEL, rng=rng)
    fires = np.array([0] * 6 + [1] * 6 + [100] * 12)  # 6 dead, 6 rare (1 of 1000 inputs < 0.002), 12 live
    tables = _compare({1: _record(inside, start, _codes(2), fires), 2: _record(inside[::-1], start, _codes(3), fires)},
                      truth=inside[:5], rare_rate=0.002)
    sae = tables.saes.iloc[0]
    assert sae.span_share == pytest.approx(1.0) and sae.start_span_share < 0.6
    assert sae.dead_frac == pytest.approx(0.25) and sae.rare_frac == pytest.approx(0.25)
    assert sae.recovered_frac == 1.0 and sae.mean_best_cos == pytest.approx(1.0)
    # a dictionary wholly in a 2-dimensional span: the matched null puts every row there too, and agrees as much
    pair = tables.pairs.iloc[0]
    assert pair.pwmcc == pytest.approx(1.0) and pair.matched_null_pwmcc > 0.9


def _pairs(task, transformer, values, seeds=(1, 2, 3), point=(24, 4, 2), null=0.3):
    rows = []
    it = iter(values)
    for i, a in enumerate(seeds):
        for b in seeds[i + 1:]:
            v = next(it)
            rows.append({"task": task, "transformer": transformer, "d_sae": point[0], "k": point[1], "epochs": point[2], "seed_a": a, "seed_b": b,
                         **{c: 0.0 for c in PAIR_COLUMNS}, "pwmcc": v, "matched_null_pwmcc": null, "isotropic_pwmcc": null - 0.01})
    return pd.DataFrame(rows)


def _saes(task, transformer, seeds=(1, 2, 3), point=(24, 4, 2), drift=0.5):
    return pd.DataFrame([{"task": task, "transformer": transformer, "d_sae": point[0], "k": point[1], "epochs": point[2], "seed": s,
                          **{c: 0.1 for c in SAE_COLUMNS}, "drift": drift, "explained_variance": 0.9, "recovered_frac": np.nan,
                          "mean_best_cos": np.nan} for s in seeds])


def test_seed_matrix_is_symmetric_with_unit_diagonal_and_takes_differences():
    pairs = _pairs("t", "t0", [0.2, 0.3, 0.4])
    assert seed_matrix(pairs, [1, 2, 3]).tolist() == [[1.0, 0.2, 0.3], [0.2, 1.0, 0.4], [0.3, 0.4, 1.0]]
    assert seed_matrix(pairs, [1, 2, 3], "pwmcc", "matched_null_pwmcc")[0, 1] == pytest.approx(-0.1)
    with pytest.raises(ValueError, match="expected 3 seed pairs"):
        seed_matrix(pairs.iloc[:2], [1, 2, 3])


def test_stability_table_pools_transformers_and_keeps_groups_apart():
    pairs = pd.concat([_pairs("copy", "t0", [0.5] * 3), _pairs("copy", "t1", [0.7] * 3), _pairs("copy", "untrained", [0.3] * 3)])
    saes = pd.concat([_saes("copy", m) for m in ("t0", "t1", "untrained")])
    table = stability_table(pairs, saes, resamples=500, seed=0).set_index(["transformers", "quantity"])
    trained = table.loc[("trained", "pwmcc")]
    assert trained.estimate == pytest.approx(0.6) and trained.n_transformers == 2 and trained.n_units == 6
    assert trained.ci_low == pytest.approx(0.5) and trained.ci_high == pytest.approx(0.7)  # from the transformer level alone
    assert table.loc[("trained", "excess_matched")].estimate == pytest.approx(0.3)
    assert table.loc[("untrained", "pwmcc")].estimate == pytest.approx(0.3)
    assert table.loc[("trained", "drift")].estimate == pytest.approx(0.5)
    assert ("trained", "recovered_frac") not in table.index  # only the positive control has a known dictionary
    assert set(PAIR_QUANTITIES) <= set(table.loc["trained"].index)


def test_summarize_and_compare_tasks_at_the_main_point():
    pairs = pd.concat([_pairs("a", "t0", [0.6, 0.6, 0.6]), _pairs("a", "t1", [0.6, 0.6, 0.6]),
                       _pairs("b", "t0", [0.3, 0.3, 0.3]), _pairs("b", "t1", [0.3, 0.3, 0.3]),
                       _pairs("b", "t0", [0.9, 0.9, 0.9], point=(8, 1, 2))])  # a sweep point: not the main one
    main = pd.DataFrame([{"task": t, "d_sae": 24, "k": 4, "epochs": 2} for t in ("a", "b")])
    summary = summarize(pairs, main).set_index("task")
    assert summary.loc["b", "mean"] == pytest.approx(0.3) and summary.loc["b", "n_pairs"] == 6 and summary.loc["b", "n_transformers"] == 2
    assert summary.loc["a", "random_mean"] == pytest.approx(0.29)
    table = compare_tasks(pairs, main, ["a", "b"], resamples=300, seed=0).set_index("quantity")
    assert table.loc["pwmcc", "diff"] == pytest.approx(0.3) and table.loc["pwmcc", "ci_low"] == pytest.approx(0.3)
    assert table.loc["pwmcc", "p_value"] == 0.0 and table.loc["pwmcc", "n_transformers_a"] == 2
    assert np.isnan(table.loc["pwmcc", "cohens_d"])  # no spread between transformers
    assert table.loc["excess_matched", "diff"] == pytest.approx(0.3)
    assert compare_tasks(pairs, main, ["a"], resamples=100, seed=0).empty


def test_sae_table_joins_training_metrics_and_diagnostics():
    keys = {"task": "copy", "transformer": "t0", "d_sae": 24, "k": 4, "epochs": 2}
    metrics = [{**keys, "seed": s, "mse": 0.1, "l0": 4.0, "explained_variance": 0.9, "train_explained_variance": 0.95, "dead_frac": 0.5,
                "n_train": 80, "n_heldout": 20, "device": "cpu"} for s in (1, 2)]
    table = sae_table(metrics, _saes("copy", "t0", seeds=(2, 1)).drop(columns="explained_variance"))  # as the comparison writes them
    assert list(table.seed) == [1, 2] and (table.dead_frac == 0.1).all()  # the comparison's last-epoch reading, not the job's
    assert list(table.columns) == ["task", "transformer", "d_sae", "k", "epochs", "seed", "mse", "l0", "explained_variance",
                                   "train_explained_variance", *SAE_COLUMNS, "n_train", "n_heldout"]
