"""The real distill workflow on the tiny test config: outputs, report numbers, λ-grid extension, bad data."""
from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import pytest
import yaml

from workflow_helpers import REPO, read_tables, effective_config, planned_jobs, run_snakemake

pytestmark = pytest.mark.slow

CONFIG = effective_config(REPO / "configs" / "test.yaml")["distill"]
TASKS = list(CONFIG["tasks"])
STUDY = Path("results/distill")
TABLES = ("scores", "summary", "teacher", "baselines")


def test_every_output_exists(workdir):
    expected = ["scores.tsv", "summary.tsv", "teacher.tsv", "baselines.tsv", "report.md", "figures/lambda_sweep_combined.png"]
    expected += [f"figures/{t.lower()}_lambda_sweep.png" for t in TASKS] + [f"teacher/{t}.json" for t in TASKS]
    for task in TASKS:
        for lam in CONFIG["lambdas"]:
            for seed in CONFIG["seeds"]:
                run = f"{task}/lambda{lam:g}/seed{seed}"
                expected += [f"train/{run}/adapter/adapter_model.safetensors", f"train/{run}/metrics.json", f"eval/{run}.json"]
    for rel in expected:
        assert (workdir / STUDY / rel).stat().st_size > 0, rel
    t = read_tables(workdir, 'distill', TABLES)
    assert list(t["scores"].columns) == ["task", "lambda", "seed", "metric", "score"]
    assert list(t["summary"].columns) == ["task", "lambda", "mean", "std", "n_seeds"]
    assert len(t["summary"]) == len(TASKS) * len(CONFIG["lambdas"])
    assert set(t["scores"].metric) == {"accuracy", "f1", "exact_match"}


def test_summary_recomputed_from_scores(workdir):
    t = read_tables(workdir, 'distill', TABLES)
    primary = dict(zip(t["baselines"].task, t["baselines"].metric))
    for row in t["summary"].itertuples():
        values = t["scores"].query("task == @row.task and `lambda` == @row._2 and metric == @primary[@row.task]").score
        assert row.mean == pytest.approx(values.mean()) and row.n_seeds == len(values)


def test_report_numbers_equal_values_recomputed_from_tsvs(workdir):
    t = read_tables(workdir, 'distill', TABLES)
    report = (workdir / STUDY / "report.md").read_text()
    table = report.split("## Summary Table")[1].split("## Teacher")[0]
    for task in TASKS:
        rows = t["summary"][t["summary"].task == task].sort_values("lambda")
        sft = rows[rows["lambda"] == 0].iloc[0]
        best = rows.iloc[rows["mean"].to_numpy().argmax()]
        fmt = lambda r: f"{r['mean']:.1f}" if math.isnan(r["std"]) else f"{r['mean']:.1f} ± {r['std']:.1f}"
        baseline = t["baselines"].query("task == @task").score.iloc[0]
        line = next(l for l in table.splitlines() if l.startswith(f"| {task} |"))
        cells = [c.strip() for c in line.strip("|").split("|")]
        assert cells[1:5] == [fmt(sft), f"{best['lambda']:g}", fmt(best), f"{best['mean'] - sft['mean']:+.1f}"]
        assert cells[-1] == f"{baseline:.1f}"
        metric = t["baselines"].query("task == @task").metric.iloc[0]
        teacher = t["teacher"][(t["teacher"].task == task) & (t["teacher"].metric == metric)]
        zero, few = teacher[teacher.setting == "zero_shot"].score.iloc[0], teacher[teacher.setting == "few_shot"].score.iloc[0]
        assert any(l.startswith(f"| {task} | {zero:.1f} | {few:.1f} |") for l in report.split("## Teacher")[1].splitlines())
        section = report.split(f"### {task}\n")[1].split("###")[0]
        for r in rows.itertuples():
            assert f"| {r._2:g} | {fmt(rows.loc[r.Index])}" in section



def test_adding_one_lambda_schedules_only_its_jobs(workdir, snakemake_bin, tmp_path):
    overlay = tmp_path / "more_lambdas.yaml"
    overlay.write_text(yaml.safe_dump({"distill": {"lambdas": [*CONFIG["lambdas"], 0.25]}}))
    jobs = planned_jobs(snakemake_bin, workdir, configfiles=(REPO / "configs" / "test.yaml", overlay))
    # one training and one evaluation per task, each covering the new λ's seeds; the teacher's targets are reused
    assert jobs == Counter({"distill_train": len(TASKS), "distill_evaluate": len(TASKS), "distill_aggregate": 1, "distill_report": 1, "all": 1})


def test_changing_the_divergence_reruns_the_teacher_targets_and_only_the_runs_with_lambda_above_zero(workdir, snakemake_bin, tmp_path):
    overlay = tmp_path / "top_k.yaml"
    overlay.write_text(yaml.safe_dump({"distill": {"divergence": {**CONFIG["divergence"], "top_k": CONFIG["divergence"]["top_k"] // 2}}}))
    jobs = planned_jobs(snakemake_bin, workdir, configfiles=(REPO / "configs" / "test.yaml", overlay))
    distilled = sum(lam > 0 for lam in CONFIG["lambdas"]) * len(TASKS)
    assert jobs == Counter({"distill_teacher_targets": len(TASKS), "distill_train": distilled, "distill_evaluate": distilled,
                            "distill_aggregate": 1, "distill_report": 1, "all": 1})



def test_dataset_missing_a_field_is_named(tmp_path, snakemake_bin):
    bad = tmp_path / "pos.jsonl"
    bad.write_text('{"tokens": ["a", "b"], "tags": [0, 1]}\n')
    overlay = tmp_path / "bad.yaml"  # POS is not in the test config, so this source is not merged with another
    overlay.write_text(yaml.safe_dump({"sae_stability": {"enabled": False}, "task_vectors": {"enabled": False},
                                       "distill": {"tasks": {"POS": {"train": {"path": str(bad)}, "test": {"synthetic": True}}}}}))
    result = run_snakemake(snakemake_bin, tmp_path, "results/distill/data/POS/info.json", configfiles=(REPO / "configs" / "test.yaml", overlay), check=False)
    assert result.returncode != 0
    log = (tmp_path / "logs/distill/prepare_data/POS.log").read_text()
    assert "task POS train: the dataset has no field 'pos_tags'" in log


def test_unknown_task_is_named(tmp_path, snakemake_bin):
    overlay = tmp_path / "unknown.yaml"
    overlay.write_text(yaml.safe_dump({"distill": {"tasks": {"XNLI": {"train": {"synthetic": True}, "test": {"synthetic": True}}}}}))
    result = run_snakemake(snakemake_bin, tmp_path, "-n", configfiles=(REPO / "configs" / "test.yaml", overlay), check=False)
    assert result.returncode != 0
    assert "XNLI" in result.stdout + result.stderr
