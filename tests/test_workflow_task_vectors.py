"""The real task_vectors workflow on the tiny test config: outputs, report numbers, grid extension, bad data."""
from __future__ import annotations

import json
import math
import re
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
import yaml

from mlsweeps.task_vectors.config import AlphaGrid, alpha_labels, format_alpha
from workflow_helpers import REPO, read_tables, effective_config, job_counts, planned_jobs, run_snakemake

pytestmark = pytest.mark.slow

CONFIG = effective_config(REPO / "configs" / "test.yaml")["task_vectors"]
TASKS, CATEGORIES, SCORINGS = list(CONFIG["tasks"]), list(CONFIG["general_eval"]), list(CONFIG["scoring"]["kinds"])
HEADLINE = SCORINGS[0]
STUDY = Path("results/task_vectors")
TABLES = ("sweep", "comparison", "crossings", "models", "geometry", "intervals", "control", "cross_task", "cosines", "between")


def test_every_output_exists(workdir):
    expected = ["sweep.tsv", "comparison.tsv", "crossings.tsv", "models.tsv", "report.md", "base/losses.json",
                "figures/landscape_overlay.png", "figures/category_losses.png", "figures/slice.png", "per_text.tsv",
                *(f"{name}.tsv" for name in TABLES)]
    expected += [f"figures/landscape_{t}.png" for t in TASKS] + [f"finetune/{t}/task_vector.safetensors" for t in TASKS]
    expected += [f"analysis/{t}.json" for t in TASKS]
    for rel in expected:
        assert (workdir / STUDY / rel).stat().st_size > 0, rel
    for name in ("config.json", "model.safetensors", "tokenizer.json", "chat_template.jinja"):
        assert (workdir / "results/base_lm/model" / name).exists()
    sweep = read_tables(workdir, 'task_vectors', TABLES)["sweep"]
    assert SCORINGS == ["raw", "chat"], "the test config computes both scorings"
    assert list(sweep.columns) == ["task", "scoring", "alpha", "loss", "task_loss", "loss_2alpha", *(f"loss_{c}" for c in CATEGORIES)]
    assert len(sweep) == len(TASKS) * len(SCORINGS) * CONFIG["alpha"]["num"]
    assert np.allclose(sorted(set(sweep.alpha)), np.linspace(CONFIG["alpha"]["min"], CONFIG["alpha"]["max"], CONFIG["alpha"]["num"]))
    comparison = read_tables(workdir, 'task_vectors', TABLES)["comparison"]
    assert list(comparison.columns) == ["task", "scoring", "base_loss", "optimal_alpha", "min_loss", "delta", "improvement_pct",
                                        "task_optimal_alpha", "min_task_loss", "n_zero_crossings", "n_squaring_returns"]


def test_sweep_point_at_zero_is_the_base_model(workdir):
    """α = 0 evaluates θ_base itself: under each scoring its general loss equals L_base from the base evaluation."""
    t = read_tables(workdir, 'task_vectors', TABLES)
    for scoring in SCORINGS:
        base = t["models"].query("model == 'base' and dataset == 'general' and scoring == @scoring").loss.iloc[0]
        at_zero = t["sweep"].query("alpha == 0.0 and scoring == @scoring")
        assert len(at_zero) == len(TASKS)
        assert np.allclose(at_zero.loss, base, rtol=1e-6)
    raw, chat = (t["models"].query("model == 'base' and dataset == 'general' and scoring == @s").loss.iloc[0] for s in ("raw", "chat"))
    assert raw != chat  # two measurements, not one copied


def test_finetuning_check_is_on_raw_text_like_the_base_evaluation(workdir):
    models = read_tables(workdir, 'task_vectors', TABLES)["models"]
    assert set(models.query("model == 'finetuned'").scoring) == {"raw"}
    for task in TASKS:
        metrics = json.loads((workdir / STUDY / "finetune" / task / "metrics.json").read_text())
        base = models.query("model == 'base' and dataset == @task + '-eval' and scoring == 'raw'").loss.iloc[0]
        assert metrics["eval_loss_base"] == pytest.approx(base, rel=1e-6)


def test_report_numbers_equal_values_recomputed_from_tsvs(workdir):
    t = {name: frame[frame.scoring == HEADLINE] if "scoring" in frame else frame for name, frame in read_tables(workdir, 'task_vectors', TABLES).items()}
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
        metrics = json.loads((workdir / STUDY / "finetune" / task / "metrics.json").read_text())
        before, after = metrics["eval_loss_base"], metrics["eval_loss_finetuned"]
        assert f"{task}: held-out task loss on raw text (what fine-tuning trains on) {before:.4f} for the base model and {after:.4f} after fine-tuning" in report
    untrained = models.query("model == 'untrained'").loss.iloc[0]
    assert f"general loss is {base:.4f} against {untrained:.4f}" in report
    assert f"Headline scoring: {HEADLINE}" in report


def test_report_sets_the_scorings_side_by_side(workdir):
    comparison = read_tables(workdir, 'task_vectors', TABLES)["comparison"]
    section = (workdir / STUDY / "report.md").read_text().split("## Raw and chat-formatted scoring")[1].split("## ")[0]
    for r in comparison.itertuples():
        assert f"| **{r.task}** | {r.scoring} | {r.base_loss:.4f} | {r.optimal_alpha:.4f} | {r.min_loss:.4f} | {r.improvement_pct:.2f}% |" in section


def test_crossings_recomputed_independently_from_the_sweep(workdir):
    """Sign changes of L(α) − L_base, by linear interpolation, as a reader would find them."""
    t = read_tables(workdir, 'task_vectors', TABLES)
    min_abs = CONFIG["crossings"]["min_abs_alpha"]
    for task in TASKS:
        for scoring in SCORINGS:
            base = t["models"].query("model == 'base' and dataset == 'general' and scoring == @scoring").loss.iloc[0]
            s = t["sweep"].query("task == @task and scoring == @scoring").sort_values("alpha")
            a, d = s.alpha.to_numpy(), s.loss.to_numpy() - base
            found = [a[i] - d[i] * (a[i + 1] - a[i]) / (d[i + 1] - d[i]) for i in range(len(a) - 1) if d[i] * d[i + 1] < 0]
            found = [x for x in found if abs(x) >= min_abs]
            listed = t["crossings"].query("task == @task and scoring == @scoring and kind == 'zero_crossing'").alpha.to_numpy()
            assert np.allclose(sorted(found), sorted(listed))



def test_extending_the_alpha_grid_by_one_point_schedules_only_the_job_that_holds_it(workdir, snakemake_bin, tmp_path):
    """Points are grouped alpha_points_per_job at a time from the start of the grid: full jobs stay done, unless one of their
    2α joins the grid (then it is read from the grid, and the job no longer evaluates it)."""
    grid = CONFIG["alpha"]
    step = (grid["max"] - grid["min"]) / (grid["num"] - 1)
    overlay = tmp_path / "longer_grid.yaml"
    overlay.write_text(yaml.safe_dump({"task_vectors": {"alpha": {"min": grid["min"], "max": grid["max"] + step, "num": grid["num"] + 1}}}))
    jobs = planned_jobs(snakemake_bin, workdir, configfiles=(REPO / "configs" / "test.yaml", overlay))

    def job_plan(num, hi):
        """(points, their 2α off the grid) of each job: a job reruns when either changes."""
        labels = list(alpha_labels(AlphaGrid(grid["min"], hi, num).values()).items())
        size = CONFIG["alpha_points_per_job"]
        chunks = [labels[i : i + size] for i in range(0, len(labels), size)]
        return [(tuple(l for l, _ in c), tuple(format_alpha(2 * a) for _, a in c if format_alpha(2 * a) not in dict(labels))) for c in chunks]

    changed = len(set(job_plan(grid["num"] + 1, grid["max"] + step)) - set(job_plan(grid["num"], grid["max"])))
    assert changed >= 1
    assert jobs == Counter({"task_vectors_eval_alpha": changed * len(TASKS), "task_vectors_analyze": len(TASKS),
                            "task_vectors_aggregate": 1, "task_vectors_report": 1, "all": 1})



def test_changing_one_tasks_finetune_setting_reruns_only_that_tasks_chain(workdir, snakemake_bin, tmp_path):
    """A per-task override reaches only that task's fine-tuning: its α points and analysis follow, the between-tasks job (it reads
    every vector), then the study's TSVs and report."""
    task = TASKS[0]
    lr = {**CONFIG["finetune"], **CONFIG["tasks"][task].get("finetune", {})}["lr"]
    overlay = tmp_path / "one_task_lr.yaml"
    overlay.write_text(yaml.safe_dump({"task_vectors": {"tasks": {task: {"finetune": {"lr": lr / 2}}}}}))
    result = run_snakemake(snakemake_bin, workdir, "-n", configfiles=(REPO / "configs" / "test.yaml", overlay))
    text = result.stdout + result.stderr
    alpha_jobs = math.ceil(CONFIG["alpha"]["num"] / CONFIG["alpha_points_per_job"])
    assert job_counts(text) == Counter({"task_vectors_finetune": 1, "task_vectors_eval_alpha": alpha_jobs, "task_vectors_analyze": 1,
                                        "task_vectors_between": 1, "task_vectors_aggregate": 1, "task_vectors_report": 1, "all": 1})
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
    values += [r.loss - models.query("model == 'base' and dataset == @r.dataset").loss.iloc[0] for r in models.query("model == 'finetuned' and dataset.str.endswith('-eval')").itertuples()]
    refined = t["geometry"].query("direction == 'T' and scoring == @HEADLINE").optimum
    values.append(refined.max() - refined.min())
    grid = CONFIG["alpha"]
    values.append(CONFIG["geometry"]["agreement_steps"] * (grid["max"] - grid["min"]) / (grid["num"] - 1))
    allowed = {fmt.format(v) for v in values for fmt in ("{:.4f}", "{:+.4f}", "{:.6f}", "{:.2f}", "{:.1f}")}
    allowed |= {str(v) for key in ("alpha", "crossings", "geometry", "early_improvement") for v in CONFIG[key].values() if not isinstance(v, str)}
    numbers = re.findall(r"-?\d+\.\d+", report)
    unexplained = sorted({n for n in numbers if n not in allowed and n.lstrip("-") not in allowed})
    assert numbers and not unexplained, f"numbers in report.md not derived from the TSVs or config: {unexplained}"



def test_loss_2alpha_is_the_grid_point_at_2alpha_or_its_own_evaluation(workdir):
    """Where 2α is a grid point L(2α) is that point's loss bit for bit; elsewhere it was evaluated (and only there)."""
    t = read_tables(workdir, "task_vectors", TABLES)
    per_text = read_tables(workdir, "task_vectors", ("per_text",))["per_text"]
    for (task, scoring), s in t["sweep"].groupby(["task", "scoring"]):
        by_alpha = dict(zip(s.alpha.round(4), s.loss))
        for r in s.itertuples():
            if round(2 * r.alpha, 4) in by_alpha:
                assert r.loss_2alpha == by_alpha[round(2 * r.alpha, 4)]
        evaluated = per_text.query("task == @task and scoring == @scoring and direction == 'T' and set == 'general'").alpha.round(4).unique()
        expected = sorted({round(a, 4) for a in s.alpha} | {round(2 * a, 4) for a in s.alpha})
        assert sorted(evaluated) == expected  # each point once: the grid and the 2α off it


def test_intervals_and_geometry_recomputed_from_per_text_losses(workdir):
    """The pooled losses and the observed values of the intervals follow from per_text.tsv."""
    t = read_tables(workdir, "task_vectors", TABLES)
    per_text = read_tables(workdir, "task_vectors", ("per_text",))["per_text"]
    for r in t["sweep"].itertuples():
        rows = per_text.query("task == @r.task and scoring == @r.scoring and direction == 'T' and set == 'general' and alpha == @r.alpha")
        assert rows.nll.sum() / rows.n_tokens.sum() == pytest.approx(r.loss, rel=1e-9)
    for r in t["control"].itertuples():
        rows = per_text.query("task == @r.task and scoring == @r.scoring and direction == @r.direction and alpha == @r.alpha")
        assert rows.nll.sum() / rows.n_tokens.sum() == pytest.approx(r.loss, rel=1e-9)
    base = t["models"].query("model == 'base' and dataset == 'general'")
    for r in t["comparison"].itertuples():
        iv = t["intervals"].query("task == @r.task and scoring == @r.scoring and direction == 'T'").set_index("statistic")
        L0 = base[base.scoring == r.scoring].loss.iloc[0]
        assert iv.loc["dip", "estimate"] == pytest.approx(-r.delta, abs=1e-9)
        assert iv.loc["change", "at_alpha"] == r.optimal_alpha
        assert iv.loc["dip", "ci_low"] <= iv.loc["dip", "estimate"] + 1e-12 <= iv.loc["dip", "ci_high"] + 2e-12
        assert L0 == pytest.approx(r.base_loss)
    assert set(t["geometry"].query("direction != 'T'").scoring) == {HEADLINE}
    assert t["control"].direction.nunique() == CONFIG["control"]["draws"]
    assert set(zip(t["cross_task"].vector, t["cross_task"].eval_task)) == {(v, e) for v in TASKS for e in TASKS}


def test_report_states_the_new_sections_from_the_tsvs(workdir):
    t = {name: frame[frame.scoring == HEADLINE] if "scoring" in frame else frame for name, frame in read_tables(workdir, "task_vectors", TABLES).items()}
    report = (workdir / STUDY / "report.md").read_text()
    geometry = report.split("## Geometry near α = 0")[1].split("\n## ")[0]
    for r in t["geometry"].query("direction == 'T'").itertuples():
        assert f"| **{r.task}** | {r.slope:+.4f} | {r.curvature:.4f} | {r.predicted_optimum:.4f} | {r.optimum:.4f} | {r.grid_optimum:.4f} |" in geometry
    uncertainty = report.split("## Uncertainty over evaluation texts")[1].split("\n## ")[0]
    control = report.split("## Control: random directions")[1].split("\n## ")[0]
    for r in t["intervals"].itertuples():
        text = f"{r.estimate:+.4f} [{r.ci_low:+.4f}, {r.ci_high:+.4f}]"
        if r.statistic == "change":
            assert text in control and (r.direction != "T" or text in uncertainty)
        if r.statistic == "dip" and r.direction == "T":
            assert f"{r.estimate:.4f} [{r.ci_low:.4f}, {r.ci_high:.4f}]" in uncertainty
    between = report.split("## Between tasks")[1].split("\n## ")[0]
    for r in t["cosines"].itertuples():
        assert f"| {r.task_a} | {r.task_b} | {r.cosine:.4f} |" in between
    early = report.split("## The seed report's early improvement")[1].split("\n## ")[0]
    for r in read_tables(workdir, "task_vectors", ("geometry",))["geometry"].query("direction == 'T'").itertuples():
        assert f"| **{r.task}** | {r.scoring} | {r.early_alpha:.4f} | {r.early_improvement_pct:.2f}% |" in early
    corpus = t["models"].query("dataset == 'corpus-heldout'").set_index("model").loss
    assert f"loss is {corpus['base']:.4f}, against {corpus['unigram']:.4f} for a unigram and {corpus['bigram']:.4f} for a bigram" in report
    general = t["models"].query("dataset == 'general' and scoring == 'raw'").set_index("model").loss
    assert f"it is {general['base']:.4f}, against {general['unigram']:.4f} for the unigram and {general['bigram']:.4f} for the bigram" in report
    summary = report.split("## Executive Summary")[1].split("\n## ")[0]
    change = t["intervals"].query("statistic == 'change'").set_index(["task", "direction"]).ci_high
    beyond = [task for task in TASKS if change[(task, "T")] < 0]
    specific = [task for task in beyond if change[(task, "T-controls")] < 0]
    assert (f"beyond resampling the texts for {len(beyond)} of them ({', '.join(beyond) or 'none'}), and specific to T against random directions "
            f"of the same norms for {len(specific)} ({', '.join(specific) or 'none'})") in summary
