"""The task_vectors report's wording functions, one test per branch, on hand-built numbers."""
import math

import pytest

from mlsweeps.task_vectors.report import (KEPT_SHARE, Estimate, baseline_verdict, control_verdict, curvature_verdict, dip_verdict,
                                          early_improvement_verdict, forgetting_verdict, format_interval, overfitting_verdict,
                                          parabola_verdict, sum_verdict)

NAN = math.nan


def test_parabola_verdict_branches():
    one = dict(predicted_optimum=0.175, optimum=0.17, predicted_crossing=0.35, crossing=0.347, squaring_return=0.174, tolerance=0.08)
    assert "one number, not three findings" in parabola_verdict(**one)
    assert "not one parabola: the zero-crossing lies more than 0.0800" in parabola_verdict(**{**one, "crossing": 0.6})
    assert "the optimum and the squaring return lie" in parabola_verdict(**{**one, "optimum": 0.4, "squaring_return": 0.4})
    missing = parabola_verdict(**{**one, "crossing": NAN, "squaring_return": NAN})
    assert missing.startswith("as far as measured, one parabola") and "no zero-crossing and no squaring return" in missing
    assert "not convex" in parabola_verdict(**{**one, "predicted_optimum": NAN, "predicted_crossing": NAN})
    assert "still falls at the end of the grid" in parabola_verdict(**{**one, "optimum": 1.0, "predicted_optimum": 1.4}, optimum_at_end=True)


def test_dip_and_control_verdicts_branches():
    dip, noisy, none = Estimate(-0.026, -0.036, -0.017), Estimate(-0.01, -0.03, 0.01), Estimate(0.0, 0.0, 0.0)
    assert "larger than resampling" in dip_verdict(dip)
    assert "within what resampling" in dip_verdict(noisy)
    assert "no dip" in dip_verdict(none)
    assert "specific to T" in control_verdict(dip, Estimate(-0.029, -0.04, -0.02))
    assert control_verdict(dip, Estimate(-0.001, -0.01, 0.008)).endswith("the dip is not shown to be specific to T")  # the control can explain it
    assert "a property of moving, not of T" in control_verdict(dip, Estimate(0.02, 0.01, 0.03))
    assert "no dip for the control to explain" in control_verdict(noisy, Estimate(-0.029, -0.04, -0.02))


def test_curvature_forgetting_overfitting_verdicts_branches():
    assert "faster along T" in curvature_verdict(Estimate(1.5, 1.2, 1.8))
    assert "more slowly along T" in curvature_verdict(Estimate(-1.5, -1.8, -1.2))
    assert "cannot be told" in curvature_verdict(Estimate(0.1, -0.2, 0.4))
    assert "(forgetting)" in forgetting_verdict(Estimate(0.4, 0.3, 0.5))
    assert forgetting_verdict(Estimate(-0.1, -0.2, -0.05)).startswith("no forgetting:")
    assert "within resampling noise" in forgetting_verdict(Estimate(0.01, -0.02, 0.03))
    assert "not a grid point" in forgetting_verdict(Estimate(NAN, NAN, NAN))
    assert overfitting_verdict(task_optimal_alpha=0.67, train_loss=1.7, eval_loss=2.6).startswith("over-fitting")
    assert "do not part" in overfitting_verdict(task_optimal_alpha=0.67, train_loss=2.7, eval_loss=2.6)
    assert "no overshoot" in overfitting_verdict(task_optimal_alpha=1.0, train_loss=1.7, eval_loss=2.6)
    assert "no sign of over-fitting" in overfitting_verdict(task_optimal_alpha=1.5, train_loss=2.7, eval_loss=2.6)


def test_early_improvement_verdict_on_hand_built_curves():
    """The seed's 46 % at α ≈ 0.1 against what the scorings show."""
    assert early_improvement_verdict({"raw": 1.1, "chat": 0.7}, large_pct=10).startswith("no large early improvement under any scoring (raw, chat)")
    assert "under every scoring (raw, chat)" in early_improvement_verdict({"raw": 46.0, "chat": 12.0}, large_pct=10)
    only = early_improvement_verdict({"chat": 0.7, "raw": 46.0}, large_pct=10)
    assert "appears under raw only, not under chat" in only and "format" in only
    assert early_improvement_verdict({"raw": 10.0}, large_pct=10).startswith("a large early improvement appears under every scoring")


def test_sum_and_baseline_verdicts_branches():
    assert sum_verdict({"SP": 0.9, "QA": KEPT_SHARE}) == "keeps both tasks"
    assert sum_verdict({"SP": 0.9, "QA": 0.2}) == "keeps SP but loses most of QA"
    assert sum_verdict({"SP": 0.1, "QA": 0.3}) == "loses most of both tasks"
    assert sum_verdict({"SP": 0.1, "QA": NAN}) == "loses most of SP; has no drop to keep on QA (its own vector does not lower its held-out loss)"
    assert "beats the bigram" in baseline_verdict(3.50, 5.31, 4.03)
    assert "not the bigram" in baseline_verdict(4.5, 5.31, 4.03)
    assert "not even" in baseline_verdict(5.5, 5.31, 4.03)


def test_format_interval():
    assert format_interval(Estimate(-0.026, -0.036, -0.017)) == "-0.0260 [-0.0360, -0.0170]"
    assert format_interval(Estimate(0.5, NAN, NAN), "{:.4f}") == "0.5000 [no resample has one]"
    assert format_interval(Estimate(NAN, NAN, NAN)) == "none"
