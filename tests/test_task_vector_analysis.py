"""Zero-crossings, task summaries and the α grid, on curves and tables whose answers are known."""
import numpy as np
import pandas as pd
import pytest

from mlsweeps.task_vectors.analysis import Crossing, find_crossings, summarize_task
from mlsweeps.task_vectors.config import AlphaGrid, CrossingConfig, EvalConfig, FinetuneConfig, alpha_labels, format_alpha

BASE = 3.0


def _parabola(alphas, r1=0.3, r2=0.9):
    a = np.asarray(alphas, dtype=float)
    return BASE + (a - r1) * (a - r2)


def _interpolated_root(a0, a1, d0, d1):
    """The root of the line through (a0, d0) and (a1, d1), solved as a 2×2 linear system."""
    slope, intercept = np.linalg.solve([[a0, 1.0], [a1, 1.0]], [d0, d1])
    return -intercept / slope


def test_sign_change_interpolates_each_root_once():
    alphas = np.linspace(-0.5, 1.5, 12)  # step 2/11: neither root is a grid point
    d = _parabola(alphas) - BASE
    crossings = find_crossings(alphas, _parabola(alphas), BASE)
    expected = []
    for i in range(len(alphas) - 1):
        if d[i] * d[i + 1] < 0:
            expected.append((_interpolated_root(alphas[i], alphas[i + 1], d[i], d[i + 1]), min(abs(d[i]), abs(d[i + 1]))))
    assert len(expected) == 2 and len(crossings) == 2
    for got, (root, ret) in zip(crossings, expected):
        assert got.alpha == pytest.approx(root, abs=1e-12)
        assert got.ret == pytest.approx(ret, abs=1e-12)
    assert crossings[0].alpha == pytest.approx(0.3, abs=0.05) and crossings[1].alpha == pytest.approx(0.9, abs=0.05)


def test_sign_change_converges_to_the_true_roots_on_a_fine_grid():
    alphas = np.linspace(-0.5, 1.5, 2001) + 1e-4  # offset so that no grid point sits on a root
    crossings = find_crossings(alphas, _parabola(alphas), BASE)
    assert [c.alpha for c in crossings] == pytest.approx([0.3, 0.9], abs=1e-6)
    assert all(c.ret < 2e-3 for c in crossings)


def test_hand_case_root_and_return():
    # d = -0.5 at 0.5 and +0.5 at 1.0: the root is halfway, the return is 0.5 (both ends equal).
    assert find_crossings([0.0, 0.5, 1.0], [1.0, 0.5, 1.5], 1.0) == [Crossing(0.75, 0.5)]
    # d = -0.1 at 0.5, +0.3 at 1.0: root at 0.5 + 0.5 * 0.1 / 0.4 = 0.625, nearer point 0.5 (|d| = 0.1).
    (c,) = find_crossings([0.0, 0.5, 1.0], [1.0, 0.9, 1.3], 1.0)
    assert c.alpha == pytest.approx(0.625) and c.ret == pytest.approx(0.1)


def test_trivial_return_at_zero_is_excluded():
    alphas = np.linspace(-0.5, 1.5, 100)  # the reference grid: no point is exactly 0
    losses = BASE + alphas * (alphas - 0.8)  # roots at 0 (trivial) and 0.8
    crossings = find_crossings(alphas, losses, BASE)
    assert len(crossings) == 1 and crossings[0].alpha == pytest.approx(0.8, abs=1e-3)
    assert len(find_crossings(alphas, losses, BASE, min_abs_alpha=0.0)) == 2
    # A parabola touching base at α = 0 (a grid point exactly at base) counts as nothing.
    grid = np.linspace(-0.5, 1.5, 21)
    assert grid[5] == 0.0
    assert find_crossings(grid, BASE + grid**2, BASE) == []
    # ... and a point exactly at base elsewhere counts once, not once per neighbouring interval.
    assert find_crossings(grid, BASE + (grid - 1.0) ** 2, BASE) == [Crossing(1.0, 0.0)]
    assert find_crossings(grid, BASE + (grid - 1.0), BASE) == [Crossing(1.0, 0.0)]


def test_flat_curve_at_base_through_zero_has_no_crossing():
    grid = np.linspace(-0.5, 1.5, 21)
    assert find_crossings(grid, np.full(21, BASE), BASE) == []


def test_no_crossing_on_a_monotone_curve():
    alphas = np.linspace(-0.5, 1.5, 50)
    assert find_crossings(alphas, BASE + 1.0 + alphas, BASE) == []
    assert find_crossings(alphas, BASE + 1.0 + alphas, BASE, method="band") == []


def test_band_rule_counts_one_physical_crossing_several_times():
    alphas = np.round(np.linspace(0.0, 1.0, 51), 10)  # step 0.02
    # Slope 7: |L − L_base| < 0.2 within ±0.0286 of the root, which holds 2 or 3 grid points.
    losses = BASE + 7.0 * (alphas - 0.65)
    band = find_crossings(alphas, losses, BASE, method="band")
    assert [c.alpha for c in band] == pytest.approx([0.64, 0.66])
    assert [c.ret for c in band] == pytest.approx([0.07, 0.07])
    losses = BASE + 7.0 * (alphas - 0.64)
    assert [c.alpha for c in find_crossings(alphas, losses, BASE, method="band")] == pytest.approx([0.62, 0.64, 0.66])
    # The default rule sees one crossing in both curves.
    assert len(find_crossings(alphas, losses, BASE)) == 1


def test_band_rule_excludes_small_alpha():
    alphas = np.array([-0.2, -0.1, 0.0, 0.1, 0.16])
    band = find_crossings(alphas, np.full(5, BASE + 0.01), BASE, method="band")
    assert [c.alpha for c in band] == [-0.2, 0.16]


def test_validation_errors():
    with pytest.raises(ValueError, match="strictly ascending"):
        find_crossings([0.0, 1.0, 0.5], [1, 2, 3], 1.0)
    with pytest.raises(ValueError, match="strictly ascending"):
        find_crossings([0.0, 0.5, 0.5], [1, 2, 3], 1.0)
    with pytest.raises(ValueError, match="same length, got 3 and 2"):
        find_crossings([0.0, 0.5, 1.0], [1, 2], 1.0)
    with pytest.raises(ValueError, match="method must be one of"):
        find_crossings([0.0, 1.0], [1, 2], 1.0, method="nearest")
    with pytest.raises(ValueError, match="base_loss must be finite"):
        find_crossings([0.0, 1.0], [1, 2], float("nan"))
    with pytest.raises(ValueError, match="1-D"):
        find_crossings([[0.0, 1.0]], [[1, 2]], 1.0)


def test_non_finite_losses_are_skipped():
    alphas = [0.0, 0.5, 1.0, 1.5]
    assert find_crossings(alphas, [0.5, 2.0, np.inf, np.nan], 1.0) == [Crossing(pytest.approx(1 / 6), 0.5)]


def _table():
    return pd.DataFrame({
        "task": "SP",
        "alpha": [1.0, -0.5, 0.0, 0.5],  # unsorted on purpose
        "loss": [3.8, 4.5, 4.0, 3.0],
        "task_loss": [2.0, 6.0, 5.0, 3.5],
        "loss_2alpha": [9.0, 5.5, 4.0, 3.8],
        "loss_coding": [3.9, 4.6, 4.1, 3.2],
        "loss_wikitext": [3.7, 4.4, 3.9, 2.8],
    })


def test_summarize_task_hand_table():
    s = summarize_task(_table(), base_loss=4.0)
    assert s.base_loss == 4.0 and s.optimal_alpha == 0.5 and s.min_loss == 3.0
    assert s.delta == pytest.approx(-1.0) and s.improvement_pct == pytest.approx(25.0)
    assert s.task_optimal_alpha == 1.0 and s.min_task_loss == 2.0
    # L: 4.5, 4.0 (=base at α=0, trivial), 3.0, 3.8: no return away from 0.
    assert s.zero_crossings == []
    # L(2α) − base: 1.5, 0, -0.2, 5.0: one sign change between 0.5 and 1.0.
    (r,) = s.squaring_returns
    assert r.alpha == pytest.approx(0.5 + 0.5 * 0.2 / 5.2) and r.ret == pytest.approx(0.2)
    row = s.row()  # comparison.tsv's columns
    assert row["min_loss"] == 3.0 and row["n_zero_crossings"] == 0 and row["n_squaring_returns"] == 1


def test_summarize_task_band_option_and_errors():
    s = summarize_task(_table(), base_loss=4.0, crossing=CrossingConfig(method="band", band_threshold=0.25, band_min_abs_alpha=0.15))
    assert [c.alpha for c in s.zero_crossings] == [1.0]
    assert [c.alpha for c in s.squaring_returns] == [0.5]
    with pytest.raises(ValueError, match=r"lacks column\(s\) \['loss_2alpha'\]"):
        summarize_task(_table().drop(columns="loss_2alpha"), base_loss=4.0)
    with pytest.raises(ValueError, match="one task's rows"):
        summarize_task(_table().assign(task=["SP", "SN", "SP", "SP"]), base_loss=4.0)
    with pytest.raises(ValueError, match="strictly ascending"):
        summarize_task(_table().assign(alpha=[1.0, 0.0, 0.0, 0.5]), base_loss=4.0)


def test_alpha_grid_validation_and_values():
    with pytest.raises(ValueError, match=r"task_vectors.alpha.num = 1: must be >= 2"):
        AlphaGrid(num=1)
    with pytest.raises(ValueError, match=r"alpha.min \(1.5\) must be < alpha.max \(1.5\)"):
        AlphaGrid(min=1.5, max=1.5)
    with pytest.raises(ValueError, match="alpha.min"):
        AlphaGrid(min=2.0, max=1.0)
    values = AlphaGrid().values()
    assert len(values) == 100 and values[0] == -0.5 and values[-1] == 1.5
    assert all(isinstance(v, float) for v in values)


@pytest.mark.parametrize("old, new", [((-0.5, 1.5, 21), (-0.5, 1.6, 22)), ((-0.5, 1.5, 41), (-0.5, 2.0, 51)), ((0.0, 1.0, 11), (-0.3, 1.0, 14))])
def test_extended_grid_reproduces_old_points_exactly(old, new):
    old_values, new_values = AlphaGrid(*old).values(), AlphaGrid(*new).values()
    assert set(old_values) <= set(new_values)
    assert set(alpha_labels(old_values).items()) <= set(alpha_labels(new_values).items())


def test_format_alpha_and_labels():
    assert format_alpha(0.25) == "0.2500" and format_alpha(-0.5) == "-0.5000" and format_alpha(1) == "1.0000"
    assert format_alpha(-0.0) == "0.0000" and format_alpha(-1e-9) == "0.0000"
    labels = alpha_labels(AlphaGrid().values())
    assert len(labels) == 100 and not any(label == "-0.0000" for label in labels)
    assert all(format_alpha(v) == k for k, v in labels.items())
    assert "0.0000" in alpha_labels(AlphaGrid(-0.5, 0.5, 3).values())
    with pytest.raises(ValueError, match="share the label '0.1000'"):
        alpha_labels([0.1, 0.10001])
    with pytest.raises(ValueError, match="finite"):
        format_alpha(float("nan"))


def test_config_validation_names_the_key():
    with pytest.raises(ValueError, match="finetune.lr"):
        FinetuneConfig(lr=0)
    with pytest.raises(ValueError, match="finetune.grad_accum"):
        FinetuneConfig(grad_accum=0)
    with pytest.raises(ValueError, match="eval.batch_size"):
        EvalConfig(batch_size=0)
    with pytest.raises(ValueError, match="crossings.method"):
        CrossingConfig(method="nearest")
    assert FinetuneConfig() == FinetuneConfig(epochs=4, lr=1e-4, batch_size=32, max_length=1024, weight_decay=0.0, warmup_steps=0, grad_clip=1.0, seed=0, grad_accum=1)


# --------------------------------------------------------------------------- geometry, control and bootstrap

from mlsweeps.task_vectors.analysis import (TextLosses, analyze_task, fit_parabola, landscape_intervals, loss_2alpha,  # noqa: E402
                                            nearest_crossings, refine_minimum)
from mlsweeps.task_vectors.config import BootstrapConfig, EarlyImprovementConfig, GeometryConfig  # noqa: E402


def _known(alphas, g=-0.3, c=1.7, l0=BASE):
    a = np.asarray(alphas, dtype=float)
    return l0 + g * a + 0.5 * c * a**2


def test_parabola_fit_recovers_a_known_parabola_and_its_predictions():
    grid = np.linspace(-0.5, 1.5, 13)
    p = fit_parabola(grid, _known(grid) + np.where(np.abs(grid) > 0.4, 5.0, 0.0), half_width=0.34)  # far points do not enter
    assert (p.l0, p.g, p.c) == pytest.approx((BASE, -0.3, 1.7), abs=1e-10)
    assert p.optimum == pytest.approx(0.3 / 1.7) and p.crossing == pytest.approx(0.6 / 1.7)
    assert np.isnan(fit_parabola(grid, BASE - grid**2, half_width=0.34).optimum)  # concave: no optimum
    with pytest.raises(ValueError, match="fit_half_width = 0.1"):
        fit_parabola(grid, _known(grid), half_width=0.1)


def test_refined_minimum_is_exact_for_a_parabola_and_the_grid_value_at_an_end():
    grid = np.linspace(-0.5, 1.5, 13)
    assert refine_minimum(grid, _known(grid)) == pytest.approx((0.3 / 1.7, BASE - 0.09 / 3.4))
    assert refine_minimum(grid, BASE - grid) == (1.5, BASE - 1.5)  # minimum at the end: not refined


def test_nearest_crossings_agree_with_find_crossings():
    grid = np.linspace(-0.5, 1.5, 13)
    rng = np.random.default_rng(0)
    curves = BASE + rng.normal(0, 0.3, size=(50, grid.size))
    for curve, pos, neg in zip(curves, nearest_crossings(grid, curves, np.full(50, BASE), side=1, min_abs_alpha=0.05),
                               nearest_crossings(grid, curves, np.full(50, BASE), side=-1, min_abs_alpha=0.05)):
        found = [c.alpha for c in find_crossings(grid, curve, BASE)]
        positive, negative = [a for a in found if a > 0], [a for a in found if a < 0]
        assert (pos == pytest.approx(min(positive))) if positive else np.isnan(pos)
        assert (neg == pytest.approx(max(negative))) if negative else np.isnan(neg)
    (cross,) = nearest_crossings(grid, _known(grid)[None, :], np.array([BASE]), side=1, min_abs_alpha=0.05)
    assert cross == pytest.approx(0.6 / 1.7, abs=0.01)


def test_loss_2alpha_reads_grid_points_and_extra_evaluations():
    assert loss_2alpha([-0.5, 0.0, 0.5], {"-1.0000": 7.0, "0.0000": 3.0, "0.5000": 2.5, "1.0000": 2.0}) == [7.0, 3.0, 2.0]
    with pytest.raises(ValueError, match="2α"):
        loss_2alpha([0.0, 0.5], {"0.0000": 3.0, "0.5000": 2.5})


def _text_losses(curve, tokens):
    """Per-text NLL when every text has the same per-token loss ``curve`` (n_alpha,)."""
    return TextLosses(np.outer(curve, tokens), np.asarray(tokens))


BOOT = BootstrapConfig(resamples=200, confidence=0.9, seed=0)


def test_landscape_intervals_on_identical_texts_collapse_to_the_known_values():
    grid, tokens = np.linspace(-0.5, 1.5, 13), np.array([3, 5, 4, 7])
    t_curve, r_curve = _known(grid), BASE + 0.5 * grid**2  # the control: no slope, curvature 1
    result = landscape_intervals(grid, {"T": _text_losses(t_curve, tokens), "random1": _text_losses(r_curve, tokens)}, BASE * tokens,
                                 at_alpha=grid[4], half_width=0.34, min_abs_alpha=0.05, bootstrap=BOOT)
    t, r, diff = result["T"], result["random1"], result["T-controls"]
    for interval in (*t.values(), *r.values(), *diff.values()):
        if np.isfinite(interval.estimate):  # every resample is the same sample: zero width
            assert interval.ci_low == pytest.approx(interval.estimate) and interval.ci_high == pytest.approx(interval.estimate)
    assert t["dip"].estimate == pytest.approx(BASE - t_curve.min())
    assert t["change"].estimate == pytest.approx(t_curve[4] - BASE) and r["change"].estimate == pytest.approx(r_curve[4] - BASE)
    assert (t["slope"].estimate, t["curvature"].estimate, r["curvature"].estimate) == pytest.approx((-0.3, 1.7, 1.0))
    assert t["change_at_1"].estimate == pytest.approx(_known(1.0) - BASE)
    assert diff["change"].estimate == pytest.approx((t_curve[4] - BASE) - (r_curve[4] - BASE)) and diff["curvature"].estimate == pytest.approx(0.7)
    assert np.isnan(r["crossing_pos"].estimate) and r["crossing_pos"].n_resamples == 0  # never returns: no crossing in any resample
    assert np.isnan(t["crossing_neg"].estimate) and t["crossing_pos"].n_resamples == BOOT.resamples


def test_landscape_intervals_widen_with_text_spread_and_cover_the_dip():
    """Texts whose own dips differ: the interval of the change at α* spans the spread, and contains the pooled value."""
    grid = np.linspace(-0.5, 1.5, 13)
    rng = np.random.default_rng(1)
    n, tokens = 40, np.full(40, 10)
    depth = rng.normal(-0.3, 0.2, size=n)  # each text's slope
    nll = np.stack([(BASE + g * grid + 0.85 * grid**2) * 10 for g in depth], axis=1)  # (n_alpha, n)
    result = landscape_intervals(grid, {"T": TextLosses(nll, tokens)}, np.full(n, BASE * 10), at_alpha=grid[4], half_width=0.34,
                                 min_abs_alpha=0.05, bootstrap=BootstrapConfig(resamples=500, confidence=0.95, seed=0))
    change = result["T"]["change"]
    assert change.ci_low < change.estimate < change.ci_high < 0
    assert change.estimate == pytest.approx(depth.mean() * grid[4] + 0.85 * grid[4] ** 2)
    assert "T-controls" not in result


def _points(grid, extras, t_curve, r_curve, tokens):
    def row(direction, alpha, loss, on_grid, with_tasks=True):
        return {"task": "A", "direction": direction, "scoring": "raw", "alpha": float(alpha), "on_grid": on_grid, "loss": float(loss),
                "loss_c": float(loss), "task_losses": {"A": float(loss) - 1.0, "B": float(loss) + 1.0} if with_tasks else {},
                "text_nll": {"general": list(loss * tokens)}, "text_tokens": {"general": list(tokens)}}
    points = [row("T", a, l, True) for a, l in zip(grid, t_curve(grid))]
    points += [row("T", a, t_curve(a), False, with_tasks=False) for a in extras]
    points += [row("random1", a, l, True, with_tasks=False) for a, l in zip(grid, r_curve(grid))]
    return points


def test_analyze_task_on_a_known_parabola():
    """L = 3 − 0.6α + 0.5α²: −g/c = 0.6 and −2g/c = 1.2; on the grid the refined optimum is exact, the crossing and the squaring
    return are the linear interpolations between grid points."""
    grid, tokens = [-0.5, 0.0, 0.5, 1.0, 1.5], np.array([2, 3, 4])
    extras = [-1.0, 2.0, 3.0]  # 2α of −0.5, 1.0 and 1.5 are not grid points
    t_curve = lambda a: BASE - 0.6 * np.asarray(a) + 0.5 * np.asarray(a) ** 2  # noqa: E731
    r_curve = lambda a: BASE + 0.1 * np.asarray(a) ** 2  # noqa: E731
    base = {"base": {"raw": {"general": BASE}}, "text_nll": {"raw": list(BASE * tokens)}}
    result = analyze_task(_points(grid, extras, t_curve, r_curve, tokens), base, task="A", scorings=["raw"], categories=["c"],
                          crossing=CrossingConfig(), geometry=GeometryConfig(fit_half_width=0.5, agreement_steps=0.5), bootstrap=BOOT,
                          early=EarlyImprovementConfig(alpha=0.1, large_pct=10))
    (s,) = result["scorings"]
    assert [r["loss_2alpha"] for r in s["sweep"]] == pytest.approx(list(t_curve(2 * np.asarray(grid))))
    assert [r["task_loss"] for r in s["sweep"]] == pytest.approx(list(t_curve(grid) - 1.0))
    t, r = s["geometry"]
    assert t["direction"] == "T" and r["direction"] == "random1"
    assert (t["slope"], t["curvature"], t["predicted_optimum"], t["predicted_crossing"]) == pytest.approx((-0.6, 1.0, 0.6, 1.2))
    # d = −0.1 at α = 1 and +0.225 at 1.5; L(2α) − L_base = −0.1 at α = 0.5 and +0.8 at 1.
    assert (t["optimum"], t["grid_optimum"], t["crossing"], t["squaring_return"]) == pytest.approx((0.6, 0.5, 1 + 0.5 * 0.1 / 0.325, 0.5 + 0.5 * 0.1 / 0.9))
    assert t["optimum_loss"] == pytest.approx(BASE - 0.18)
    assert t["early_alpha"] == 0.5 and t["early_improvement_pct"] == pytest.approx(0.175 / BASE * 100)
    assert np.isnan(r["squaring_return"]) and r["curvature"] == pytest.approx(0.2)
    intervals = {(i["direction"], i["statistic"]): i for i in s["intervals"]}
    assert intervals[("T", "change")]["at_alpha"] == 0.5 and intervals[("T", "change")]["estimate"] == pytest.approx(-0.175)
    assert intervals[("T-controls", "change")]["estimate"] == pytest.approx(-0.175 - 0.025)
    assert {(c["eval_task"], c["alpha"]): c["loss"] for c in s["cross_task"]}[("B", 1.0)] == pytest.approx(t_curve(1.0) + 1.0)
    assert len(s["control"]) == len(grid)


def test_study_validation_names_the_geometry_and_between_keys():
    from mlsweeps.configs import ConfigError
    from mlsweeps.task_vectors.config import BetweenConfig, ControlConfig, validate_study
    from workflow_helpers import REPO, effective_config

    section = effective_config(REPO / "configs" / "test.yaml")["task_vectors"]
    validate_study(section)
    with pytest.raises(ConfigError, match=r"task_vectors.geometry.fit_half_width': .* gives 1"):
        validate_study({**section, "geometry": {**section["geometry"], "fit_half_width": 0.34}})
    with pytest.raises(ConfigError, match=r"task_vectors.between.pair': \['XX'\] are not tasks"):
        validate_study({**section, "between": {**section["between"], "pair": ["SP", "XX"]}})
    with pytest.raises(ConfigError, match="two different tasks"):
        BetweenConfig(pair=("SP", "SP"))
    assert BetweenConfig().slice_pair(["SP", "SN", "QA"]) == ("SP", "SN") and BetweenConfig(pair=("QA", "SP")).slice_pair(["SP"]) == ("QA", "SP")
    assert BetweenConfig().slice_pair(["SP"]) is None
    assert ControlConfig(draws=2, seed=5).draw_seed(1, 1) == 1006
