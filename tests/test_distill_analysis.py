"""distill: the grid, dev selection, paired gains and the wording that the report's conclusions follow from."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mlsweeps.distill.analysis import crossed_arrays, gain_rows, item_rows, select_settings, teacher_gain_rows, teacher_item_rows
from mlsweeps.distill.config import DivergenceConfig, Setting, grid_settings
from mlsweeps.distill.report import CI, VERDICTS, lr_edge_note, report_verdict, task_sentence, task_verdict, teacher_verdict


def test_grid_has_sft_at_each_lr_and_both_teachers_at_each_positive_lambda():
    grid = grid_settings([0, 0.1, 1.0], [0.002, 0.008])
    assert len(grid) == 2 + 2 * 2 * 2
    assert grid["sft_lambda0_lr0.002"] == Setting("sft", 0.0, 0.002) and grid["sft_lambda0_lr0.002"].teacher is None
    assert grid["zero_lambda0.1_lr0.008"].teacher == "zero" and grid["few_lambda1_lr0.002"].teacher == "few"
    assert {s.arm for s in grid.values() if s.lam == 0} == {"sft"}


@pytest.mark.parametrize(("share", "vocab", "k"), [(0.02, 512, 10), (0.0017, 151_936, 258), (0.0017, 512, 1), (1.0, 7, 7), (0.5, 4, 2)])
def test_top_k_is_a_share_of_the_vocabulary_at_least_one(share, vocab, k):
    assert DivergenceConfig(kind="mse_topk", top_k_share=share).top_k(vocab) == k


def _run(arm, lam, lr, seed, nll):
    return {"task": "T", "arm": arm, "setting": Setting(arm, lam, lr).label, "lam": lam, "lr": lr, "seed": seed, "dev_nll": nll}


def test_selection_takes_each_arms_lowest_mean_dev_nll_and_breaks_ties_towards_small_lambda_and_lr():
    runs = [_run("sft", 0.0, 0.1, 0, 1.0), _run("sft", 0.0, 0.1, 1, 3.0),  # mean 2.0
            _run("sft", 0.0, 0.2, 0, 1.5), _run("sft", 0.0, 0.2, 1, 1.5),  # mean 1.5: selected although seed 0 of lr 0.1 is lower
            _run("few", 1.0, 0.1, 0, 0.5), _run("few", 0.5, 0.2, 0, 0.5), _run("few", 0.5, 0.1, 0, 0.5),  # a three-way tie
            _run("zero", 1.0, 0.1, 0, 0.9), _run("zero", 0.5, 0.1, 0, 1.0)]
    chosen = select_settings(runs)
    assert (chosen["sft"]["lr"], chosen["sft"]["dev_nll"]) == (0.2, 1.5)
    assert (chosen["few"]["lam"], chosen["few"]["lr"]) == (0.5, 0.1)
    assert chosen["zero"]["setting"] == "zero_lambda1_lr0.1"


def _items(task, arm, per_seed):
    """Eval records of one arm: per seed a list of 0/1 correctness over the same items."""
    evals = [{"task": task, "arm": arm, "lam": 0.0 if arm == "sft" else 1.0, "lr": 0.1, "seed": s, "scores": {}} for s in range(len(per_seed))]
    preds = [[{"index": i, "numerator": float(c), "denominator": 1.0, "parsed": True} for i, c in enumerate(row)] for row in per_seed]
    return item_rows(evals, preds)


def test_gains_are_paired_differences_in_points_with_intervals():
    sft = [[1, 0, 0, 1, 0, 0, 1, 0]] * 2  # 37.5 %
    few = [[1, 1, 0, 1, 1, 0, 1, 1]] * 2  # 75 %
    zero = [[1, 1, 0, 1, 1, 0, 1, 1]] * 2  # the control equals the k-shot arm
    items = pd.concat([_items("T", "sft", sft), _items("T", "few", few), _items("T", "zero", zero)])
    rows = {r["comparison"]: r for r in gain_rows(items, {"T": "accuracy"})}
    assert rows["distillation"]["estimate"] == pytest.approx(37.5) and rows["distillation"]["ci_low"] > 0
    assert rows["demonstrations"]["estimate"] == 0 and rows["demonstrations"]["ci_low"] == rows["demonstrations"]["ci_high"] == 0
    assert rows["lambda_term"]["estimate"] == pytest.approx(37.5)
    assert (rows["distillation"]["n_seeds"], rows["distillation"]["n_items"]) == (2, 8)
    # the control explains the gain
    assert task_verdict(*(CI(*(rows[name][k] for k in ("estimate", "ci_low", "ci_high"))) for name in ("distillation", "demonstrations", "lambda_term"))) == "lambda_term"


def test_crossed_arrays_refuse_a_seed_missing_an_item():
    items = _items("T", "sft", [[1, 0, 1], [1, 1, 1]])
    with pytest.raises(ValueError, match="holes"):
        crossed_arrays(items.iloc[:-1])


def test_teacher_gains_cover_generation_logprob_and_ranked_choice():
    teachers = [{"task": "T"}]
    zero = [{"index": i, "numerator": 0.0, "denominator": 1.0, "gold_logprob": -2.0, "choice_correct": 0.0, "n_demos": 0} for i in range(6)]
    few = [{"index": i, "numerator": 1.0, "denominator": 1.0, "gold_logprob": -1.5, "choice_correct": 1.0, "n_demos": 2} for i in range(6)]
    table = teacher_item_rows(teachers, [{"zero_shot": zero, "few_shot": few}])
    rows = {r["metric"]: r for r in teacher_gain_rows(table, {"T": "accuracy"})}
    assert rows["accuracy"]["estimate"] == 100.0 and rows["gold_logprob"]["estimate"] == pytest.approx(0.5)
    assert rows["choice_accuracy"]["estimate"] == 100.0 and rows["gold_logprob"]["n_seeds"] == 1
    no_choice = table.assign(choice_correct=None)
    assert {r["metric"] for r in teacher_gain_rows(no_choice, {"T": "f1"})} == {"f1", "gold_logprob"}


ABOVE, BELOW, ACROSS = CI(4.0, 1.0, 7.0), CI(-4.0, -7.0, -1.0), CI(1.0, -2.0, 4.0)


@pytest.mark.parametrize(("gain", "demonstrations", "lambda_term", "category"), [
    (ABOVE, ABOVE, ACROSS, "demonstrations"),  # gain over SFT, and the k-shot teacher beats the 0-shot control
    (ABOVE, ACROSS, ABOVE, "lambda_term"),  # gain, and the control alone gives it too: not the demonstrations
    (ABOVE, BELOW, ABOVE, "lambda_term"),
    (ABOVE, ACROSS, ACROSS, "unresolved"),  # gain, but neither the demonstrations nor the control alone is beyond noise
    (ACROSS, ABOVE, BELOW, "noise"),  # no gain over SFT, whatever the control says
    (ACROSS, ACROSS, ACROSS, "noise"),
    (BELOW, ACROSS, BELOW, "hurts"),
])
def test_task_verdict_follows_the_intervals(gain, demonstrations, lambda_term, category):
    assert task_verdict(gain, demonstrations, lambda_term) == category
    assert VERDICTS[category] in task_sentence("T", category, gain, demonstrations, lambda_term)


def test_report_verdict_names_the_tasks_of_each_finding():
    assert report_verdict({"A": "demonstrations", "B": "noise", "C": "lambda_term"}) == (
        "Overall: the demonstrations help (A); the λ term helps but not through the demonstrations (C); nothing beyond noise on 1 of 3 tasks (B).")
    assert report_verdict({"A": "noise", "B": "noise"}) == "Overall: nothing beyond noise on every task (A, B)."
    assert report_verdict({"A": "hurts"}) == "Overall: distillation hurts (A)."
    assert report_verdict({"A": "unresolved", "B": "hurts"}) == (
        "Overall: distillation helps, but the control cannot tell whether through the demonstrations (A); distillation hurts (B).")


def test_teacher_verdict_from_logits():
    assert teacher_verdict(CI(0.5, 0.2, 0.8), CI(10.0, 3.0, 17.0), 2).endswith("they help the teacher")
    assert teacher_verdict(CI(0.5, 0.2, 0.8), CI(-10.0, -17.0, -3.0), 2).endswith("the two measures disagree, so no verdict on the teacher")
    assert teacher_verdict(CI(0.1, -0.2, 0.4), CI(-10.0, -17.0, -3.0), 2).endswith("they hurt the teacher")  # choice worse, log p unchanged
    assert teacher_verdict(CI(-0.5, -0.8, -0.2), None, 2).endswith("they hurt the teacher")
    assert "nothing measurable" in teacher_verdict(CI(0.1, -0.2, 0.4), CI(1.0, -3.0, 5.0), 3)
    assert teacher_verdict(CI(0.5, 0.2, 0.8), CI(1.0, -3.0, 5.0), 3).endswith("not choose among the labels (the ranked choice is within noise)")
    assert teacher_verdict(CI(0.5, 0.2, 0.8), None, 3).endswith("they help the teacher")  # no label set: log p decides
    assert teacher_verdict(CI(0.1, -0.2, 0.4), CI(10.0, 3.0, 17.0), 3).endswith("they help the teacher")  # the choice improves


def test_lr_edge_note_names_the_arms_selected_at_the_grids_ends():
    selection = pd.DataFrame({"task": ["T"] * 3 + ["U"], "arm": ["sft", "few", "zero", "sft"], "lr": [0.1, 0.2, 0.3, 0.2]})
    assert lr_edge_note(selection, [0.1, 0.2, 0.3], "T") == ("Selected at the edge of the lr grid: SFT (λ = 0) at its smallest lr (0.1); "
                                                             "0-shot teacher (control) at its largest lr (0.3); a wider grid might do better on dev.")
    assert lr_edge_note(selection, [0.1, 0.2, 0.3], "U") == "" and lr_edge_note(selection, [0.2], "U") == ""
