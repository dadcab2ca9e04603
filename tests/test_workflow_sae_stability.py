"""The real sae_stability workflow on the tiny test config: outputs, report numbers, reruns, bad configs."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
import yaml

from mlsweeps.sae_stability.report import MARGINAL_EXCESS, pct
from workflow_helpers import REPO, read_tables, effective_config, planned_jobs, run_snakemake

pytestmark = pytest.mark.slow

TEST_CONFIG = effective_config(REPO / "configs" / "test.yaml")["sae_stability"]
TASKS, SEEDS = list(TEST_CONFIG["tasks"]), TEST_CONFIG["seeds"]
STUDY = Path("results/sae_stability")
TABLES = ("pwmcc", "sae_metrics", "summary", "random_baseline", "models", "task_comparison")


def test_every_output_exists(workdir):
    expected = [f"{name}.tsv" for name in ("pwmcc", "sae_metrics", "summary", "random_baseline", "models", "task_comparison")]
    expected += ["report.md", "figures/pwmcc_by_task.png", "figures/pwmcc_histogram.png"]
    expected += [f"figures/pwmcc_matrix_{t}.png" for t in TASKS]
    for task in TASKS:
        expected += [f"data/{task}/dataset.safetensors", f"model/{task}/model.safetensors", f"model/{task}/metrics.jsonl",
                     f"activations/{task}/activations.safetensors", f"compare/{task}/pairs.tsv"]
        for seed in SEEDS:
            expected += [f"sae/{task}/seed{seed}/{name}" for name in ("sae.safetensors", "config.json", "metrics.json", "metrics.jsonl")]
    for rel in expected:
        path = workdir / STUDY / rel
        assert path.exists() and path.stat().st_size > 0, f"missing or empty: {path}"
    for log in (workdir / "logs" / "sae_stability").rglob("*.log"):
        assert log.stat().st_size > 0, f"empty log {log}"
    assert all("100%|" in p.read_text() for p in (workdir / "logs/sae_stability/train_sae").rglob("*.log")), "no progress bar in the SAE logs"


def test_tsv_columns_are_stable(workdir):
    columns = {
        "pwmcc": ["task", "seed_a", "seed_b", "pwmcc", "matched_mcc", "shared_frac"],
        "sae_metrics": ["task", "seed", "mse", "l0", "explained_variance", "dead_frac"],
        "summary": ["task", "mean", "std", "min", "max", "n_pairs", "random_mean", "random_std"],
    }
    for name, expected in columns.items():
        frame = pd.read_csv(workdir / STUDY / f"{name}.tsv", sep="\t")
        assert list(frame.columns) == expected
    pairs = pd.read_csv(workdir / STUDY / "pwmcc.tsv", sep="\t")
    assert len(pairs) == len(TASKS) * len(SEEDS) * (len(SEEDS) - 1) // 2


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


def test_report_numbers_equal_values_recomputed_from_tsvs(workdir):
    """An independent reader recomputes every statistic from pwmcc.tsv and the other TSVs."""
    t = read_tables(workdir, 'sae_stability', TABLES)
    report = (workdir / STUDY / "report.md").read_text()
    pairs, rand = t["pwmcc"], t["random_baseline"]

    # Summary statistics, recomputed from the pair values rather than read from summary.tsv.
    rows = {r[0].strip("*"): r for r in _table_rows(report, "### PWMCC Comparison")}
    assert set(rows) == set(TASKS)
    for task in TASKS:
        v, r = pairs[pairs.task == task], rand[rand.task == task]
        mean, std = v.pwmcc.mean(), v.pwmcc.std(ddof=1)
        assert rows[task][1:] == [f"{mean:.3f}", f"±{std:.3f}", f"[{v.pwmcc.min():.3f}, {v.pwmcc.max():.3f}]", str(len(v)),
                                  f"{r.pwmcc.mean():.3f} ± {r.pwmcc.std(ddof=1):.3f}", f"{mean - r.pwmcc.mean():+.3f}",
                                  f"{v.matched_mcc.mean():.3f}", f"{r.matched_mcc.mean():.3f}", pct(v.shared_frac.mean())]
        summary = t["summary"].set_index("task").loc[task]
        assert summary["mean"] == pytest.approx(mean) and summary["std"] == pytest.approx(std)
        assert f"{task}**: mean PWMCC {mean:.3f} ± {std:.3f} over {len(v)} seed pairs" in report
        # The seed x seed matrix block.
        for row in v.itertuples():
            line = next(l for l in report.split(f"### PWMCC Matrix ({task})")[1].splitlines() if l.startswith(f"{row.seed_a} "))
            assert f"{row.pwmcc:7.3f}" in line

    # Per-seed SAE metrics.
    for task in TASKS:
        cells = _table_rows(report, f"**{task}**\n")
        m = t["sae_metrics"][t["sae_metrics"].task == task]
        assert cells == [[str(r.seed), f"{r.mse:.4g}", f"{r.l0:.2f}", f"{r.explained_variance:.4f}", pct(r.dead_frac)] for r in m.itertuples()]

    # Task comparison: the difference recomputed from the pairs; the interval from task_comparison.tsv.
    for row in t["task_comparison"].itertuples():
        diff = pairs[pairs.task == row.task_a].pwmcc.mean() - pairs[pairs.task == row.task_b].pwmcc.mean()
        assert f"- Difference: {diff:+.3f}" in report
        assert f"[{row.ci_low:+.3f}, {row.ci_high:+.3f}]" in report and f"{row.p_value:.4f}" in report

    # Model quality.
    for row in t["models"].itertuples():
        assert f"validation accuracy {pct(row.val_accuracy)}" in report


def _allowed_numbers(tables, config) -> set[str]:
    allowed = set()
    formats = ["{:.1f}", "{:.2f}", "{:.3f}", "{:.4f}", "{:.4g}", "{:+.3f}", "±{:.3f}", "{:+.3f}"]
    values = []
    for frame in tables.values():
        for column in frame.select_dtypes("number"):
            values += frame[column].tolist()
    for task in TASKS:
        p, r = tables["pwmcc"][tables["pwmcc"].task == task], tables["random_baseline"][tables["random_baseline"].task == task]
        values += [p.pwmcc.mean() - r.pwmcc.mean(), p.matched_mcc.mean(), r.matched_mcc.mean(), p.shared_frac.mean(), r.pwmcc.std(ddof=1),
                   tables["sae_metrics"][tables["sae_metrics"].task == task].l0.mean()]
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
    allowed.add(str(MARGINAL_EXCESS))  # the report's stated wording threshold
    return allowed


def test_report_states_no_number_that_is_not_in_the_tsvs(workdir):
    """Every decimal number before the provenance section comes from a TSV or the config (none is canned)."""
    tables = read_tables(workdir, 'sae_stability', TABLES)
    report = (workdir / STUDY / "report.md").read_text().split("## Provenance")[0]
    allowed = _allowed_numbers(tables, TEST_CONFIG)
    numbers = re.findall(r"[-+±]?\d+\.\d+", report)
    assert numbers, "the report has no numbers"
    unexplained = sorted({n for n in numbers if n not in allowed and n.lstrip("+±") not in allowed})
    assert not unexplained, f"numbers in report.md not derived from the TSVs or config: {unexplained}"


def test_report_has_every_section_and_provenance(workdir):
    report = (workdir / STUDY / "report.md").read_text()
    for heading in ("## Executive Summary", "## Experimental Setup", "### PWMCC Comparison", "### Statistical Analysis",
                    "## Key Findings", "## Random Baseline", "## Figures", "### Metrics Summary", "## Conclusion", "## Provenance"):
        assert heading in report
    provenance = report.split("## Provenance")[1]
    for item in ("Config digest", "Code commit", "Device(s): cpu", "Seeds:", "torch 2.13.0", "| train_sae |"):
        assert item in provenance
    for figure in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", report):
        assert (workdir / STUDY / figure).exists()



def test_adding_a_seed_schedules_only_its_saes_comparisons_aggregation_and_report(workdir, snakemake_bin, tmp_path):
    overlay = tmp_path / "more_seeds.yaml"
    overlay.write_text(yaml.safe_dump({"sae_stability": {"seeds": [*SEEDS, 99]}}))
    jobs = planned_jobs(snakemake_bin, workdir, configfiles=(REPO / "configs" / "test.yaml", overlay))
    assert jobs == Counter({"sae_stability_train_sae": len(TASKS), "sae_stability_compare": len(TASKS),
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
