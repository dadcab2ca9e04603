"""The real sae_stability workflow on the tiny test config: outputs, report numbers, reruns, bad configs."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
import yaml

from mlsweeps.sae_stability.analysis import PAIR_COLUMNS, PAIR_QUANTITIES, SAE_COLUMNS
from mlsweeps.sae_stability.plan import KNOWN_DICTIONARY, UNTRAINED, Point, comparisons, control_matched_point, main_point, sae_jobs, task_names, transformer_group
from mlsweeps.sae_stability.report import VERDICT_WORDS, crisis_verdict, pct, stability_verdict
from workflow_helpers import REPO, read_tables, effective_config, planned_jobs, run_snakemake

pytestmark = pytest.mark.slow

TEST_CONFIG = effective_config(REPO / "configs" / "test.yaml")["sae_stability"]
TASKS = task_names(TEST_CONFIG)
SEEDS = TEST_CONFIG["seeds"]
STUDY = Path("results/sae_stability")
TABLES = ("pwmcc", "sae_metrics", "summary", "stability", "geometry", "training", "models", "task_comparison")
GROUPS = ("trained", "untrained", "none")


def test_every_output_exists(workdir):
    expected = [f"{name}.tsv" for name in TABLES] + ["report.md"]
    expected += [f"figures/{name}.png" for name in ("pwmcc_by_task", "pwmcc_histogram", "decomposition", "sweep", "dead_latents")]
    expected += [f"figures/pwmcc_matrix_{t}.png" for t in TASKS]
    for comparison in comparisons(TEST_CONFIG):
        where = f"{comparison.task}/{comparison.transformer}"
        expected += [f"activations/{where}/{name}" for name in ("activations.safetensors", "geometry.json", "axes.safetensors")]
        expected += [f"compare/{where}/{comparison.point.label}/{name}" for name in ("pairs.tsv", "saes.tsv")]
        if comparison.task != KNOWN_DICTIONARY:
            expected += [f"data/{comparison.task}/dataset.safetensors", f"model/{where}/model.safetensors", f"model/{where}/metrics.json"]
            if comparison.transformer != UNTRAINED:  # the untrained control has no training history
                expected.append(f"model/{where}/metrics.jsonl")
        for seed in comparison.seeds:
            expected += [f"sae/{where}/{comparison.point.label}/seed{seed}/{name}"
                         for name in ("sae.safetensors", "trace.safetensors", "config.json", "metrics.json", "metrics.jsonl")]
    for rel in expected:
        path = workdir / STUDY / rel
        assert path.exists() and path.stat().st_size > 0, f"missing or empty: {path}"
    for log in (workdir / "logs" / "sae_stability").rglob("*.log"):
        assert log.stat().st_size > 0, f"empty log {log}"
    assert all("100%|" in p.read_text() for p in (workdir / "logs/sae_stability/train_sae").rglob("*.log")), "no progress bar in the SAE logs"


def test_tsv_columns_are_stable(workdir):
    keys = ["task", "transformer", "d_sae", "k", "epochs"]
    columns = {
        "pwmcc": [*keys, "seed_a", "seed_b", *PAIR_COLUMNS],
        "sae_metrics": [*keys, "seed", "mse", "l0", "explained_variance", "train_explained_variance", *SAE_COLUMNS, "n_train", "n_heldout"],
        "summary": ["task", "transformers", "n_transformers", "mean", "std", "min", "max", "n_pairs", "random_mean", "random_std"],
        "stability": ["task", "transformers", "d_sae", "k", "epochs", "quantity", "estimate", "ci_low", "ci_high", "n_transformers", "n_units"],
        "geometry": ["task", "transformer", "n_vectors", "participation_ratio", "dims_90", "dims_99", "span_dims", "class_r2", "n_classes"],
        "training": [*keys, "seed", "epoch", "lr", "fvu", "auxk_loss", "dead_frac", "explained_variance"],
        "models": ["task", "transformer", "seed", "n_params", "epochs", "train_loss", "train_accuracy", "val_loss", "val_accuracy",
                   "val_sequence_accuracy", "chance_accuracy", "n_activations"],
        "task_comparison": ["task_a", "task_b", "quantity", "mean_a", "mean_b", "diff", "ci_low", "ci_high", "p_value", "cohens_d",
                            "n_resamples", "n_transformers_a", "n_transformers_b"],
    }
    tables = read_tables(workdir, "sae_stability", TABLES)
    for name, expected in columns.items():
        assert list(tables[name].columns) == expected, name
    assert len(tables["pwmcc"]) == sum(len(c.seeds) * (len(c.seeds) - 1) // 2 for c in comparisons(TEST_CONFIG))
    assert len(tables["sae_metrics"]) == len(sae_jobs(TEST_CONFIG))


def _table_rows(report: str, heading: str) -> list[list[str]]:
    """Cells of the first Markdown table after ``heading``."""
    section = report.split(heading, 1)[1]
    block = []
    for line in section.splitlines()[1:]:
        if line.startswith("|"):
            block.append([c.strip() for c in line.strip("|").split("|")])
        elif block:
            break
    return block[2:]


def _group(frame):
    return frame.transformer.map(transformer_group)


def _at(frame, task, point, group=None):
    rows = frame[(frame.task == task) & (frame.d_sae == point.d_sae) & (frame.k == point.k) & (frame.epochs == point.epochs)]
    return rows if group is None else rows[_group(rows) == group]


def _two_level_mean(rows, column, minus=None):
    """The report's estimate, recomputed: the mean over transformers of each transformer's mean."""
    values = rows[column] - (rows[minus] if minus else 0.0)
    return values.groupby(rows.transformer).mean().mean()


def _ci(low, high, signed=True):
    spec = "+.3f" if signed else ".3f"
    return f"[{low:{spec}}, {high:{spec}}]"


def _stat(tables, task, group, point, quantity):
    s = tables["stability"]
    return s[(s.task == task) & (s.transformers == group) & (s.d_sae == point.d_sae) & (s.k == point.k) & (s.epochs == point.epochs)
             & (s.quantity == quantity)].iloc[0]


def _rank(tables, task, group, point):
    """Mean span dimension of the activation sets a condition's SAEs were trained on."""
    transformers = set(_at(tables["pwmcc"], task, point, group).transformer)
    g = tables["geometry"]
    return g[(g.task == task) & g.transformer.isin(transformers)].span_dims.mean()


def test_report_numbers_equal_values_recomputed_from_tsvs(workdir):
    """An independent reader recomputes every statistic from the pair and SAE rows; intervals come from stability.tsv."""
    t = read_tables(workdir, "sae_stability", TABLES)
    report = (workdir / STUDY / "report.md").read_text()
    pairs, saes = t["pwmcc"], t["sae_metrics"]

    # PWMCC comparison at each task's own point, from the pair values rather than from summary.tsv
    rows = {(r[0].strip("*"), r[1]): r for r in _table_rows(report, "### PWMCC Comparison")}
    names = {"trained": "trained transformers", "untrained": "untrained transformer", "none": "synthesised"}
    for task in TASKS:
        for group in GROUPS:
            v = _at(pairs, task, main_point(TEST_CONFIG, task), group)
            if v.empty:
                continue
            mean, std = v.pwmcc.mean(), v.pwmcc.std(ddof=1)
            assert rows[task, names[group]][2:] == [
                f"{mean:.3f}", f"±{std:.3f}", f"[{v.pwmcc.min():.3f}, {v.pwmcc.max():.3f}]", str(len(v)),
                f"{v.isotropic_pwmcc.mean():.3f} ± {v.isotropic_pwmcc.std(ddof=1):.3f}", f"{mean - v.isotropic_pwmcc.mean():+.3f}",
                f"{v.matched_mcc.mean():.3f}", f"{v.isotropic_matched_mcc.mean():.3f}", pct(v.shared_frac.mean())]
            summary = t["summary"].set_index(["task", "transformers"]).loc[(task, group)]
            assert summary["mean"] == pytest.approx(mean) and summary["std"] == pytest.approx(std)

    # nulls and controls: two-level means recomputed from the pairs and SAEs, intervals from stability.tsv
    null_rows = {(r[0], r[1]): r for r in _table_rows(report, "### Nulls and Controls")}
    for (task, group_name), cells in null_rows.items():
        group = {v: k for k, v in names.items()}[group_name]
        point = main_point(TEST_CONFIG, task)
        p, s = _at(pairs, task, point, group), _at(saes, task, point, group)
        ci = lambda q: _stat(t, task, group, point, q)  # noqa: E731
        assert cells[2] == f"{_two_level_mean(p, 'pwmcc'):.3f} {_ci(ci('pwmcc').ci_low, ci('pwmcc').ci_high, signed=False)}"
        assert cells[3:6] == [f"{_two_level_mean(p, c):.3f}" for c in ("start_pwmcc", "isotropic_pwmcc", "matched_null_pwmcc")]
        excess = _two_level_mean(p, "pwmcc", "matched_null_pwmcc")
        assert cells[6] == f"{excess:+.3f} {_ci(ci('excess_matched').ci_low, ci('excess_matched').ci_high)}"
        assert cells[10] == f"{_two_level_mean(s, 'drift'):.3f}"
        assert cells[11] == f"{pct(_two_level_mean(s, 'span_share'))} ({pct(_two_level_mean(s, 'start_span_share'))})"

    # per task and dictionary size, in the executive summary
    size_rows = _table_rows(report, "Per task and dictionary size")
    assert len(size_rows) == t["stability"].query("transformers != 'untrained'")[["task", "d_sae", "k", "epochs"]].drop_duplicates().shape[0]
    for cells in size_rows:
        task, point = cells[0], Point(int(cells[1]), int(cells[3]), int(cells[4]))
        group = "none" if task == KNOWN_DICTIONARY else "trained"
        p = _at(pairs, task, point, group)
        assert cells[2] == f"{point.d_sae / _rank(t, task, group, point):.1f}"
        assert cells[5:9] == [f"{_two_level_mean(p, c):.3f}" for c in ("pwmcc", "isotropic_pwmcc", "start_pwmcc", "matched_null_pwmcc")]
        assert cells[10] == f"{_two_level_mean(_at(saes, task, point, group), 'drift'):.3f}"

    # data geometry
    geometry_rows = _table_rows(report, "## Data Geometry")
    assert len(geometry_rows) == len(t["geometry"])
    for cells, row in zip(geometry_rows, t["geometry"].itertuples()):
        assert cells[:2] == [row.task, row.transformer] and cells[4:8] == [f"{row.participation_ratio:.1f}", str(row.dims_90), str(row.dims_99), str(row.span_dims)]
        assert cells[8] == ("—" if pd.isna(row.class_r2) else f"{row.class_r2:.3f} ({int(row.n_classes)} classes)")

    # what the latents do
    latent_rows = _table_rows(report, "### What the Latents Do")
    assert [(r[0], r[2], r[3]) for r in latent_rows if r[0] == KNOWN_DICTIONARY][-1] == (KNOWN_DICTIONARY, *map(str, control_matched_point(TEST_CONFIG)[:2]))
    for cells in latent_rows:
        group = {v: k for k, v in names.items()}[cells[1]]
        point = Point(*map(int, cells[2:5]))
        p, s = _at(pairs, cells[0], point, group), _at(saes, cells[0], point, group)
        assert cells[5].startswith(f"{_two_level_mean(p, 'activation_mcc'):.3f} [")
        assert cells[6:8] == [f"{_two_level_mean(p, 'start_activation_mcc'):.3f}", f"{_two_level_mean(p, 'shuffled_activation_mcc'):.3f}"]
        assert cells[9:] == [f"{p.n_matched_latents.mean():.1f}", pct(_two_level_mean(s, "dead_frac")), pct(_two_level_mean(s, "rare_frac"))]

    # the positive control's recovery, per SAE in the metrics and as a two-level mean in the summary
    control = _at(saes, KNOWN_DICTIONARY, control_matched_point(TEST_CONFIG), "none")
    assert f"recover {pct(control.recovered_frac.mean())} of the directions" in report

    # per-SAE metrics at each task's own point
    for task in TASKS:
        cells = _table_rows(report, f"**{task}**\n")
        m = pd.concat([_at(saes, task, main_point(TEST_CONFIG, task), g) for g in GROUPS])
        assert cells == [[r.transformer, str(r.seed), f"{r.mse:.4g}", f"{r.l0:.2f}", f"{r.explained_variance:.4f}", f"{r.train_explained_variance:.4f}",
                          pct(r.dead_frac), pct(r.rare_frac), f"{r.drift:.3f}", pct(r.span_share)] for r in m.itertuples()]

    # task comparison: the difference recomputed from the pairs; the interval from task_comparison.tsv
    for row in t["task_comparison"].itertuples():
        column, minus = PAIR_QUANTITIES[row.quantity]
        a, b = (_at(pairs, task, main_point(TEST_CONFIG, task), "trained") for task in (row.task_a, row.task_b))
        assert f"- Difference: {_two_level_mean(a, column, minus) - _two_level_mean(b, column, minus):+.3f}" in report
        assert f"[{row.ci_low:+.3f}, {row.ci_high:+.3f}]" in report and f"{row.p_value:.4f}" in report

    # the seed x seed matrices
    for task in TASKS:
        for transformer, rows_ in _at(pairs, task, main_point(TEST_CONFIG, task)).groupby("transformer"):
            block = report.split(f"### PWMCC Matrix ({task}, {transformer})")[1]
            for row in rows_.itertuples():
                line = next(l for l in block.splitlines() if l.startswith(f"{row.seed_a} "))
                assert f"{row.pwmcc:7.3f}" in line

    # model quality
    for row in t["models"].itertuples():
        assert f"{row.transformer}: val accuracy {pct(row.val_accuracy)}" in report


def _allowed_numbers(tables, config) -> set[str]:
    formats = ["{:.1f}", "{:.2f}", "{:.3f}", "{:.4f}", "{:.4g}", "{:+.3f}", "±{:.3f}"]
    values = []
    for frame in tables.values():
        for column in frame.select_dtypes("number"):
            values += frame[column].dropna().tolist()
    pairs, saes = tables["pwmcc"], tables["sae_metrics"]
    for keys, rows in pairs.groupby(["task", "d_sae", "k", "epochs"]):
        for group in GROUPS:
            g = rows[_group(rows) == group]
            if g.empty:
                continue
            rank = _rank(tables, keys[0], group, Point(*keys[1:]))
            values += [g.pwmcc.mean() - g.isotropic_pwmcc.mean(), g.matched_mcc.mean(), g.isotropic_matched_mcc.mean(), g.shared_frac.mean(),
                       g.isotropic_pwmcc.std(ddof=1), g.n_matched_latents.mean(), keys[1] / rank, rank]
    stats = tables["stability"]
    dead = stats[stats.quantity == "dead_frac"]
    values += ((1 - dead.estimate) * dead.d_sae).tolist()  # latents alive, in the dead-latent section
    for _, rows in saes.groupby(["task", "transformer", "d_sae", "k", "epochs"]):
        values += [rows.l0.mean()]
    for keys, rows in saes.groupby(["task", "d_sae", "k", "epochs"]):
        for group in GROUPS:
            values += [rows[_group(rows) == group].l0.mean()]
    allowed = set()
    for v in values:
        allowed |= {f.format(v) for f in formats} | {pct(v).rstrip("%"), f"{100 * v:.1f}"}

    def leaves(node):
        if isinstance(node, dict):
            for value in node.values():
                yield from leaves(value)
        elif isinstance(node, list):
            yield from node
        else:
            yield node
    allowed |= {str(v) for v in leaves(config)} | {f"{v:.4g}" for v in leaves(config) if isinstance(v, float)}
    allowed |= {pct(v).rstrip("%") for v in leaves(config) if isinstance(v, float)}
    return allowed


def test_report_states_no_number_that_is_not_in_the_tsvs(workdir):
    """Every decimal number before the provenance section comes from a TSV or the config (none is canned)."""
    tables = read_tables(workdir, "sae_stability", TABLES)
    report = (workdir / STUDY / "report.md").read_text().split("## Provenance")[0]
    allowed = _allowed_numbers(tables, TEST_CONFIG)
    numbers = re.findall(r"[-+±]?\d+\.\d+(?:e[-+]\d+)?", report)
    assert numbers, "the report has no numbers"
    unexplained = sorted({n for n in numbers if n not in allowed and n.lstrip("+±") not in allowed})
    assert not unexplained, f"numbers in report.md not derived from the TSVs or config: {unexplained}"


def test_report_verdicts_follow_from_stability_tsv(workdir):
    """Each verdict in the size table is the rule's verdict on the row's numbers; none is asserted without its control."""
    t = read_tables(workdir, "sae_stability", TABLES)
    report = (workdir / STUDY / "report.md").read_text()
    comparison = TEST_CONFIG["comparison"]

    def verdict(task, group, point):
        excess = _stat(t, task, group, point, "excess_matched")
        return stability_verdict(drift=_stat(t, task, group, point, "drift").estimate, pwmcc=_stat(t, task, group, point, "pwmcc").estimate,
                                 excess_low=excess.ci_low, excess_high=excess.ci_high, threshold=comparison["shared_threshold"],
                                 unmoved_cos=comparison["unmoved_cos"], n_pairs=int(excess.n_units))

    for cells in _table_rows(report, "Per task and dictionary size"):
        task, point = cells[0], Point(int(cells[1]), int(cells[3]), int(cells[4]))
        assert cells[-1] == VERDICT_WORDS[verdict(task, "none" if task == KNOWN_DICTIONARY else "trained", point)]
    # the seed report's claim, judged by the rule from the same numbers
    conditions = t["stability"][["task", "transformers", "d_sae", "k", "epochs"]].drop_duplicates()
    agreeing = [r.task for r in conditions.itertuples() if r.transformers == "trained" and r.task != KNOWN_DICTIONARY
                and verdict(r.task, "trained", Point(r.d_sae, r.k, r.epochs)) in ("stable", "shared")]
    claim = crisis_verdict(control_detects=verdict(KNOWN_DICTIONARY, "none", control_matched_point(TEST_CONFIG)) in ("stable", "shared"),
                           main_verdicts={task: verdict(task, "trained", main_point(TEST_CONFIG, task)) for task in TEST_CONFIG["tasks"]},
                           sweep_agreeing=agreeing)
    phrase = {"undecidable": "cannot be judged from this run", "refuted": "is refuted", "confirmed": "is confirmed", "qualified": "is qualified"}
    assert f"The seed report's claim of a universal reproducibility crisis** {phrase[claim]}" in report


def test_report_has_every_section_and_provenance(workdir):
    report = (workdir / STUDY / "report.md").read_text()
    for heading in ("## Executive Summary", "## Data Geometry", "## Experimental Setup", "### PWMCC Comparison", "### Nulls and Controls",
                    "### What the Latents Do", "### Statistical Analysis", "## Sweep: Where Seeds Agree", "## Dead Latents and Training",
                    "## Key Findings", "## Random Baseline", "## Figures", "### Metrics Summary", "## Conclusion", "## Provenance"):
        assert heading in report
    provenance = report.split("## Provenance")[1]
    for item in ("Config digest", "Code commit", "Device(s): cpu", "Seeds:", "torch 2.13.0", "| train_sae |", "| compare |"):
        assert item in provenance
    for figure in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", report):
        assert (workdir / STUDY / figure).exists()


def test_adding_a_seed_schedules_only_its_saes_comparisons_aggregation_and_report(workdir, snakemake_bin, tmp_path):
    overlay = tmp_path / "more_seeds.yaml"
    overlay.write_text(yaml.safe_dump({"sae_stability": {"seeds": [*SEEDS, 99]}}))
    jobs = planned_jobs(snakemake_bin, workdir, configfiles=(REPO / "configs" / "test.yaml", overlay))
    # the sweep takes the first seeds, so only the comparisons with every seed gain one
    with_all_seeds = [c for c in comparisons(TEST_CONFIG) if c.seeds == tuple(SEEDS)]
    assert jobs == Counter({"sae_stability_train_sae": len(with_all_seeds), "sae_stability_compare": len(with_all_seeds),
                            "sae_stability_aggregate": 1, "sae_stability_report": 1, "all": 1})


def test_changing_the_span_reruns_no_training(workdir, snakemake_bin, tmp_path):
    """The data's span is measured and used in jobs of its own: SAEs and transformers stay as they are."""
    overlay = tmp_path / "span.yaml"
    overlay.write_text(yaml.safe_dump({"sae_stability": {"comparison": {"span_variance": 0.95}}}))
    jobs = planned_jobs(snakemake_bin, workdir, configfiles=(REPO / "configs" / "test.yaml", overlay))
    sets = {(c.task, c.transformer) for c in comparisons(TEST_CONFIG)}
    assert jobs == Counter({"sae_stability_measure_geometry": len(sets), "sae_stability_compare": len(comparisons(TEST_CONFIG)),
                            "sae_stability_aggregate": 1, "sae_stability_report": 1, "all": 1})


def test_a_new_grid_point_schedules_only_its_saes(workdir, snakemake_bin, tmp_path):
    overlay = tmp_path / "grid.yaml"
    sweep = {**TEST_CONFIG["sweep"], "epochs": [*TEST_CONFIG["sweep"]["epochs"], 3]}
    overlay.write_text(yaml.safe_dump({"sae_stability": {"sweep": sweep}}))
    jobs = planned_jobs(snakemake_bin, workdir, configfiles=(REPO / "configs" / "test.yaml", overlay))
    new_points = len(comparisons({**TEST_CONFIG, "sweep": sweep})) - len(comparisons(TEST_CONFIG))
    assert jobs == Counter({"sae_stability_train_sae": new_points * sweep["n_seeds"], "sae_stability_compare": new_points,
                            "sae_stability_aggregate": 1, "sae_stability_report": 1, "all": 1})


@pytest.mark.parametrize(("overlay", "message"), [
    ({"sae_stability": {"sae": {"epocs": 2}}}, "unknown config key(s) 'epocs' under 'sae_stability.sae'; expected one of:"),
    ({"sae_stability": {"tasks": {"modular_arithmatic": {}}}}, "unknown config key(s) 'modular_arithmatic' under 'sae_stability.tasks'; expected one of: copy, modular_arithmetic"),
])
def test_bad_config_stops_before_any_job_with_a_message_naming_it(tmp_path, snakemake_bin, overlay, message):
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(overlay))
    result = run_snakemake(snakemake_bin, tmp_path, "-n", configfiles=(REPO / "configs" / "test.yaml", path), check=False)
    assert result.returncode != 0
    assert message in result.stdout + result.stderr
    assert not (tmp_path / "results").exists()
