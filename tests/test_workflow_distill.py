"""The real distill workflow on the tiny test config: outputs, report numbers, λ-grid extension, bad data."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

import pandas as pd

from mlsweeps.distill.analysis import arm_interval, gain_rows, teacher_gain_rows
from mlsweeps.distill.config import grid_settings
from mlsweeps.distill.report import ARM_NAMES, CI, VERDICTS, ci_text, lr_edge_note, report_verdict, task_sentence, task_verdict
from workflow_helpers import REPO, read_tables, effective_config, planned_jobs, run_snakemake

pytestmark = pytest.mark.slow

CONFIG = effective_config(REPO / "configs" / "test.yaml")["distill"]
TASKS = list(CONFIG["tasks"])
STUDY = Path("results/distill")
TABLES = ("scores", "test_items", "dev", "selection", "gains", "teacher", "teacher_items", "divergence", "baselines")
SETTINGS = grid_settings(CONFIG["lambdas"], CONFIG["train"]["lrs"])


def test_every_output_exists(workdir):
    expected = ["report.md", "figures/gains.png", *(f"{name}.tsv" for name in TABLES)]
    expected += [f"figures/{t.lower()}_dev_sweep.png" for t in TASKS] + [f"teacher/{t}.json" for t in TASKS] + [f"selection/{t}.json" for t in TASKS]
    for task in TASKS:
        for label in SETTINGS:
            for seed in CONFIG["seeds"]:
                run = f"{task}/{label}/seed{seed}"
                expected += [f"train/{run}/adapter/adapter_model.safetensors", f"train/{run}/metrics.json"]
        expected += [f"eval/{task}/{arm}/seed{seed}.json" for arm in ("sft", "few", "zero") for seed in CONFIG["seeds"]]
        expected += [f"teacher_targets/{task}/{teacher}.safetensors" for teacher in ("few", "zero")]
    for rel in expected:
        assert (workdir / STUDY / rel).stat().st_size > 0, rel
    t = read_tables(workdir, "distill", TABLES)
    assert list(t["scores"].columns) == ["task", "arm", "lambda", "lr", "seed", "metric", "score"]
    assert len(t["dev"]) == len(TASKS) * len(SETTINGS) * len(CONFIG["seeds"])
    assert len(t["test_items"]) == len(TASKS) * 3 * len(CONFIG["seeds"]) * CONFIG["eval"]["n_examples"]
    assert set(t["scores"].metric) == {"accuracy", "f1", "exact_match"}


def test_selection_is_the_lowest_mean_dev_nll_and_test_scores_are_at_the_selected_points(workdir):
    t = read_tables(workdir, "distill", TABLES)
    means = t["dev"].groupby(["task", "arm", "lambda", "lr"]).dev_nll.mean().reset_index()
    for row in t["selection"].itertuples():
        arm = means[(means.task == row.task) & (means.arm == row.arm)]
        assert row.dev_nll == pytest.approx(arm.dev_nll.min())
        tested = t["test_items"][(t["test_items"].task == row.task) & (t["test_items"].arm == row.arm)]
        assert set(tested["lambda"]) == {row._3} and set(tested.lr) == {row.lr}


def test_item_scores_add_up_to_the_primary_metric(workdir):
    t = read_tables(workdir, "distill", TABLES)
    primary = dict(zip(t["baselines"].task, t["baselines"].metric))
    for (task, arm, seed), group in t["test_items"].groupby(["task", "arm", "seed"]):
        score = t["scores"].query("task == @task and arm == @arm and seed == @seed and metric == @primary[@task]").score.iloc[0]
        total = group.denominator.sum()
        assert score == pytest.approx(100 * group.numerator.sum() / total if total else 0.0)


def _ci(row):
    return CI(float(row.estimate), float(row.ci_low), float(row.ci_high))


def test_report_numbers_equal_values_recomputed_from_tsvs(workdir):
    t = read_tables(workdir, "distill", TABLES)
    report = (workdir / STUDY / "report.md").read_text()
    primary = dict(zip(t["baselines"].task, t["baselines"].metric))
    # the gains recomputed from the per-item tables
    gains = pd.DataFrame(gain_rows(t["test_items"], primary) + teacher_gain_rows(t["teacher_items"], primary))
    merged = gains.merge(t["gains"], on=["task", "comparison", "metric"], suffixes=("", "_tsv"))
    assert len(merged) == len(t["gains"]) == len(gains)
    for col in ("estimate", "ci_low", "ci_high", "p_value"):
        assert merged[col].to_numpy() == pytest.approx(merged[f"{col}_tsv"].to_numpy())

    teacher_part = report.split("## Teacher quality")[1].split("## Summary Table")[0]
    summary = report.split("## Summary Table")[1].split("## Arms on test")[0]
    arms_part = report.split("## Arms on test")[1].split("## Conclusions")[0]
    conclusions = report.split("## Conclusions")[1].split("## Dev selection")[0]
    categories = {}
    for task in TASKS:
        g = {r.comparison: _ci(r) for r in t["gains"][(t["gains"].task == task) & (t["gains"].metric == primary[task])].itertuples()}
        logprob = _ci(t["gains"].query("task == @task and metric == 'gold_logprob'").iloc[0])
        teacher = t["teacher"][t["teacher"].task == task]
        zero = teacher.query("setting == 'zero_shot' and metric == @primary[@task]").score.iloc[0]
        few = teacher.query("setting == 'few_shot' and metric == @primary[@task]").score.iloc[0]
        lp = {setting: teacher.query("setting == @setting and metric == 'gold_logprob'").score.iloc[0] for setting in ("zero_shot", "few_shot")}
        row = f"| {task} | {zero:.1f} | {few:.1f} | {lp['zero_shot']:.2f} | {lp['few_shot']:.2f} | {ci_text(logprob, 2)} |"
        if primary[task] == "accuracy" and task != "POS":  # a label set: the ranked choice
            choice = _ci(t["gains"].query("task == @task and metric == 'choice_accuracy'").iloc[0])
            c = {setting: teacher.query("setting == @setting and metric == 'choice_accuracy'").score.iloc[0] for setting in ("zero_shot", "few_shot")}
            row += f" {c['zero_shot']:.1f} | {c['few_shot']:.1f} | {ci_text(choice)} |"
        assert any(l.startswith(row) for l in teacher_part.splitlines()), row
        line = next(l for l in summary.splitlines() if l.startswith(f"| {task} |"))
        cells = [c.strip() for c in line.strip("|").split("|")]
        arms = {arm: arm_interval(t["test_items"], task, arm) for arm in ("sft", "few", "zero")}
        sel = {r.arm: f"λ {r._3:g}, lr {r.lr:g}" for r in t["selection"][t["selection"].task == task].itertuples()}
        assert cells[1:6] == [f"{arms['sft'].estimate:.1f} ({sel['sft']})", f"{arms['few'].estimate:.1f} ({sel['few']})", ci_text(g["distillation"]),
                              f"{arms['zero'].estimate:.1f} ({sel['zero']})", ci_text(g["demonstrations"])]
        assert cells[7] == f"{t['baselines'].query('task == @task').score.iloc[0]:.1f}"
        categories[task] = task_verdict(g["distillation"], g["demonstrations"], g["lambda_term"])
        assert cells[8] == VERDICTS[categories[task]]
        for arm in ("sft", "few", "zero"):
            ci = arms[arm]
            assert f"| {task} | {ARM_NAMES[arm]} | {ci.estimate:.1f} [{ci.ci_low:.1f}, {ci.ci_high:.1f}] |" in arms_part
        assert task_sentence(task, categories[task], g["distillation"], g["demonstrations"], g["lambda_term"]) in conclusions
        dev_part = report.split(f"### {task}\n")[1].split("###")[0]
        chosen = t["selection"].query("task == @task")
        for r in chosen.itertuples():
            mean = t["dev"].query("task == @task and arm == @r.arm and `lambda` == @r._3 and lr == @r.lr").dev_nll.mean()
            assert f"| {r._3:g} | {r.lr:g} | {mean:.4f} ← selected |" in dev_part
        assert lr_edge_note(t["selection"], CONFIG["train"]["lrs"], task) in dev_part
    assert report_verdict(categories) in conclusions
    for r in t["divergence"].itertuples():
        assert f"| {r.task} | {r.teacher} | {r.top_k} of {r.vocab_size} | {100 * r.top_k_share:.2f} % | {100 * r.top_k_mass:.1f} % |" in report
    if "NER" in TASKS:
        part = report.split("## Tagging parse")[1]
        for arm in ("sft", "few", "zero"):
            sub = t["test_items"].query("task == 'NER' and arm == @arm")
            assert f"| NER | {ARM_NAMES[arm]} | {int((~sub.parsed.astype(bool)).sum())} of {len(sub)} |" in part


def test_adding_one_lambda_schedules_only_its_jobs(workdir, snakemake_bin, tmp_path):
    overlay = tmp_path / "more_lambdas.yaml"
    overlay.write_text(yaml.safe_dump({"distill": {"lambdas": [*CONFIG["lambdas"], 0.25]}}))
    jobs = planned_jobs(snakemake_bin, workdir, configfiles=(REPO / "configs" / "test.yaml", overlay))
    # both teachers at every lr for the new λ; the teacher targets are reused; selection and test evaluation redone
    new_points = 2 * len(CONFIG["train"]["lrs"])
    assert jobs == Counter({"distill_train": new_points * len(TASKS), "distill_select": len(TASKS), "distill_evaluate": len(TASKS),
                            "distill_aggregate": 1, "distill_report": 1, "all": 1})


def test_adding_one_lr_schedules_only_its_trainings(workdir, snakemake_bin, tmp_path):
    """The teacher targets depend on the sequence lengths, not on the lr grid: no teacher is rerun."""
    overlay = tmp_path / "more_lrs.yaml"
    overlay.write_text(yaml.safe_dump({"distill": {"train": {**CONFIG["train"], "lrs": [*CONFIG["train"]["lrs"], 0.0005]}}}))
    jobs = planned_jobs(snakemake_bin, workdir, configfiles=(REPO / "configs" / "test.yaml", overlay))
    new_points = len({(s.arm, s.lam) for s in SETTINGS.values()})
    assert jobs == Counter({"distill_train": new_points * len(TASKS), "distill_select": len(TASKS), "distill_evaluate": len(TASKS),
                            "distill_aggregate": 1, "distill_report": 1, "all": 1})


def test_changing_the_divergence_reruns_the_teacher_targets_and_only_the_runs_with_lambda_above_zero(workdir, snakemake_bin, tmp_path):
    overlay = tmp_path / "top_k.yaml"
    overlay.write_text(yaml.safe_dump({"distill": {"divergence": {**CONFIG["divergence"], "top_k_share": CONFIG["divergence"]["top_k_share"] / 2}}}))
    jobs = planned_jobs(snakemake_bin, workdir, configfiles=(REPO / "configs" / "test.yaml", overlay))
    distilled = sum(s.lam > 0 for s in SETTINGS.values()) * len(TASKS)
    assert jobs == Counter({"distill_teacher_targets": 2 * len(TASKS), "distill_train": distilled, "distill_select": len(TASKS),
                            "distill_evaluate": len(TASKS), "distill_aggregate": 1, "distill_report": 1, "all": 1})


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
