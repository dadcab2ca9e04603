"""The real task_vectors workflow on the tiny test config: outputs, report numbers, grid extension, bad data."""
from __future__ import annotations

import math
import re
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
import yaml

from workflow_helpers import REPO, read_tables, effective_config, job_counts, planned_jobs, run_snakemake

pytestmark = pytest.mark.slow

CONFIG = effective_config(REPO / "configs" / "test.yaml")["task_vectors"]
TASKS, CATEGORIES = list(CONFIG["tasks"]), list(CONFIG["general_eval"])
STUDY = Path("results/task_vectors")
TABLES = ("sweep", "comparison", "crossings", "models")


def test_every_output_exists(workdir):
    expected = ["sweep.tsv", "comparison.tsv", "crossings.tsv", "models.tsv", "report.md", "base/losses.json",
                "figures/landscape_overlay.png", "figures/category_losses.png"]
    expected += [f"figures/landscape_{t}.png" for t in TASKS] + [f"finetune/{t}/task_vector.safetensors" for t in TASKS]
    expected += [f"analysis/{t}.json" for t in TASKS]
    for rel in expected:
        assert (workdir / STUDY / rel).stat().st_size > 0, rel
    for name in ("config.json", "model.safetensors", "tokenizer.json", "chat_template.jinja"):
        assert (workdir / "results/base_lm/model" / name).exists()
    sweep = read_tables(workdir, 'task_vectors', TABLES)["sweep"]
    assert list(sweep.columns) == ["task", "alpha", "loss", "task_loss", "loss_2alpha", *(f"loss_{c}" for c in CATEGORIES)]
    assert len(sweep) == len(TASKS) * CONFIG["alpha"]["num"]
    assert np.allclose(sorted(set(sweep.alpha)), np.linspace(CONFIG["alpha"]["min"], CONFIG["alpha"]["max"], CONFIG["alpha"]["num"]))
    comparison = read_tables(workdir, 'task_vectors', TABLES)["comparison"]
    assert list(comparison.columns) == ["task", "base_loss", "optimal_alpha", "min_loss", "delta", "improvement_pct",
                                        "task_optimal_alpha", "min_task_loss", "n_zero_crossings", "n_squaring_returns"]


def test_sweep_point_at_zero_is_the_base_model(workdir):
    """α = 0 evaluates θ_base itself: its general loss equals L_base from the base evaluation."""
    t = read_tables(workdir, 'task_vectors', TABLES)
    base = t["models"].query("model == 'base' and dataset == 'general'").loss.iloc[0]
    at_zero = t["sweep"][t["sweep"].alpha == 0.0]
    assert len(at_zero) == len(TASKS)
    assert np.allclose(at_zero.loss, base, rtol=1e-6)


def test_report_numbers_equal_values_recomputed_from_tsvs(workdir):
    t = read_tables(workdir, 'task_vectors', TABLES)
    report = (workdir / STUDY / "report.md").read_text()
    sweep, models = t["sweep"], t["models"]
    base = models.query("model == 'base' and dataset == 'general'").loss.iloc[0]
    table = report.split("## Comparative Metrics")[1]
    for task in TASKS:
        s = sweep[sweep.task == task]
        best = s.loc[s.loss.idxmin()]
        best_task = s.loc[s.task_loss.idxmin()]
        row = next(line for line in table.splitlines() if line.startswith(f"| **{task}** |"))
        cells = [c.strip() for c in row.strip("|").split("|")][1:]
        crossings = t["crossings"][t["crossings"].task == task]
        assert cells == [f"{best.alpha:.4f}", f"{best.loss:.4f}", f"{best.loss - base:+.4f}", f"{(base - best.loss) / base * 100:.2f}%",
                         f"{best_task.alpha:.4f}", f"{best_task.task_loss:.4f}",
                         str((crossings.kind == "zero_crossing").sum()), str((crossings.kind == "squaring_return").sum())]
        section = report.split(f"### {task} (Task Vector)")[1].split("### ")[0]
        for category in CATEGORIES:
            assert f"- {category}: {best[f'loss_{category}']:.4f}" in section
        for c in crossings.itertuples():
            assert f"α = {c.alpha:.4f}" in section and f"{getattr(c, '_4'):.6f}" in section
        before = models.query("model == 'base' and dataset == @task + '-eval'").loss.iloc[0]
        after = models.query("model == 'finetuned' and task == @task").loss.iloc[0]
        assert f"{task}: held-out task loss {before:.4f} for the base model and {after:.4f} after fine-tuning" in report
    untrained = models.query("model == 'untrained'").loss.iloc[0]
    assert f"general loss is {base:.4f} against {untrained:.4f}" in report


def test_crossings_recomputed_independently_from_the_sweep(workdir):
    """Sign changes of L(α) − L_base, by linear interpolation, as a reader would find them."""
    t = read_tables(workdir, 'task_vectors', TABLES)
    base = t["models"].query("model == 'base' and dataset == 'general'").loss.iloc[0]
    min_abs = CONFIG["crossings"]["min_abs_alpha"]
    for task in TASKS:
        s = t["sweep"][t["sweep"].task == task].sort_values("alpha")
        a, d = s.alpha.to_numpy(), s.loss.to_numpy() - base
        found = [a[i] - d[i] * (a[i + 1] - a[i]) / (d[i + 1] - d[i]) for i in range(len(a) - 1) if d[i] * d[i + 1] < 0]
        found = [x for x in found if abs(x) >= min_abs]
        listed = t["crossings"].query("task == @task and kind == 'zero_crossing'").alpha.to_numpy()
        assert np.allclose(sorted(found), sorted(listed))



def test_extending_the_alpha_grid_by_one_point_schedules_only_the_job_that_holds_it(workdir, snakemake_bin, tmp_path):
    """Points are grouped alpha_points_per_job at a time from the start of the grid: full jobs stay done."""
    grid = CONFIG["alpha"]
    step = (grid["max"] - grid["min"]) / (grid["num"] - 1)
    overlay = tmp_path / "longer_grid.yaml"
    overlay.write_text(yaml.safe_dump({"task_vectors": {"alpha": {"min": grid["min"], "max": grid["max"] + step, "num": grid["num"] + 1}}}))
    jobs = planned_jobs(snakemake_bin, workdir, configfiles=(REPO / "configs" / "test.yaml", overlay))
    assert jobs == Counter({"task_vectors_eval_alpha": len(TASKS), "task_vectors_analyze": len(TASKS),
                            "task_vectors_aggregate": 1, "task_vectors_report": 1, "all": 1})



def test_changing_one_tasks_finetune_setting_reruns_only_that_tasks_chain(workdir, snakemake_bin, tmp_path):
    """A per-task override reaches only that task's fine-tuning: its α points and analysis follow, then the study's TSVs and report."""
    task = TASKS[0]
    lr = {**CONFIG["finetune"], **CONFIG["tasks"][task].get("finetune", {})}["lr"]
    overlay = tmp_path / "one_task_lr.yaml"
    overlay.write_text(yaml.safe_dump({"task_vectors": {"tasks": {task: {"finetune": {"lr": lr / 2}}}}}))
    result = run_snakemake(snakemake_bin, workdir, "-n", configfiles=(REPO / "configs" / "test.yaml", overlay))
    text = result.stdout + result.stderr
    alpha_jobs = math.ceil(CONFIG["alpha"]["num"] / CONFIG["alpha_points_per_job"])
    assert job_counts(text) == Counter({"task_vectors_finetune": 1, "task_vectors_eval_alpha": alpha_jobs, "task_vectors_analyze": 1,
                                        "task_vectors_aggregate": 1, "task_vectors_report": 1, "all": 1})
    assert set(re.findall(r"tv_task=(\w+)", text)) == {task}



def _bad_data_run(snakemake_bin, tmp_path, tasks_overlay):
    overlay = tmp_path / "bad.yaml"
    overlay.write_text(yaml.safe_dump({"sae_stability": {"enabled": False}, "task_vectors": {"tasks": tasks_overlay}}))
    return run_snakemake(snakemake_bin, tmp_path, "results/task_vectors/data/SP-eval.json",
                         configfiles=(REPO / "configs" / "test.yaml", overlay), check=False)


def test_missing_data_file_is_named(tmp_path, snakemake_bin):
    result = _bad_data_run(snakemake_bin, tmp_path, {"SP": {"eval": {"path": "data/task_vectors/SP/nope.txt"}}})
    assert result.returncode != 0
    assert "data/task_vectors/SP/nope.txt" in result.stdout + result.stderr


def test_empty_data_file_is_named(tmp_path, snakemake_bin):
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n")
    result = _bad_data_run(snakemake_bin, tmp_path, {"SP": {"eval": {"path": str(empty)}}})
    assert result.returncode != 0
    log = (tmp_path / "logs/task_vectors/load_texts/SP-eval.log").read_text()
    assert "task_vectors set SP-eval" in log and str(empty) in log


def test_task_without_eval_set_is_named(tmp_path, snakemake_bin):
    overlay = tmp_path / "no_eval.yaml"
    overlay.write_text(yaml.safe_dump({"task_vectors": {"tasks": {"XX": {"train": {"path": "data/task_vectors/SP/train.txt"}}}}}))
    result = run_snakemake(snakemake_bin, tmp_path, "-n", configfiles=(REPO / "configs" / "test.yaml", overlay), check=False)
    assert result.returncode != 0
    assert "config key 'task_vectors.tasks.XX' is missing required entry: 'eval'" in result.stdout + result.stderr


def test_report_states_no_number_that_is_not_in_the_tsvs(workdir):
    """Every decimal number before the provenance section comes from a TSV, a difference of TSV values, or the config."""
    t = read_tables(workdir, 'task_vectors', TABLES)
    report = (workdir / STUDY / "report.md").read_text().split("## Provenance")[0]
    models = t["models"]
    base = models.query("model == 'base' and dataset == 'general'").loss.iloc[0]
    untrained = models.query("model == 'untrained'").loss.iloc[0]
    values = [v for frame in t.values() for col in frame.select_dtypes("number") for v in frame[col]]
    values += [base - v for v in t["sweep"].loss] + [100 * (untrained - base) / untrained]
    values += [r.loss - models.query("model == 'base' and dataset == @r.dataset").loss.iloc[0] for r in models.query("model == 'finetuned'").itertuples()]
    values.append(t["comparison"].optimal_alpha.max() - t["comparison"].optimal_alpha.min())
    allowed = {fmt.format(v) for v in values for fmt in ("{:.4f}", "{:+.4f}", "{:.6f}", "{:.2f}", "{:.1f}")}
    allowed |= {str(v) for v in (*CONFIG["alpha"].values(), *CONFIG["crossings"].values()) if not isinstance(v, str)}
    numbers = re.findall(r"-?\d+\.\d+", report)
    unexplained = sorted({n for n in numbers if n not in allowed and n.lstrip("-") not in allowed})
    assert numbers and not unexplained, f"numbers in report.md not derived from the TSVs or config: {unexplained}"
