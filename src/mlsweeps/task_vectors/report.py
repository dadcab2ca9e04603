"""The `task_vectors` report and figures, computed from the study's TSVs.

Numbers come from `sweep.tsv`, `comparison.tsv`, `crossings.tsv` and `models.tsv` beside the
report, and the fine-tuning jobs' metrics; every finding sentence is chosen from them. The
headline sections and figures use the headline scoring (the first of `scoring.kinds`); a section
sets the scorings side by side when there are several.
"""
from __future__ import annotations

from pathlib import Path
import math
from typing import Mapping, NamedTuple, Sequence

import numpy as np
import pandas as pd

from ..markdown import markdown_table
from ..plotting import plt, save_figure

__all__ = ["render_report", "draw_figures", "for_scoring", "model_loss", "pretraining_verdict", "CLEAR_GAIN", "SCORING_NAMES", "KEPT_SHARE",
           "parabola_verdict", "dip_verdict", "control_verdict", "curvature_verdict", "forgetting_verdict", "overfitting_verdict",
           "early_improvement_verdict", "sum_verdict", "format_interval", "draw_slice", "baseline_verdict"]

SCORING_NAMES = {"raw": "raw text", "chat": "chat-formatted text (each text as the assistant's reply, only its tokens scored)"}


def for_scoring(frame: pd.DataFrame, scoring: str) -> pd.DataFrame:
    """The rows of one scoring of a study table (``sweep``, ``comparison``, ``crossings``, ``models``)."""
    return frame[frame.scoring == scoring]


def model_loss(models: pd.DataFrame, model: str, dataset: str, scoring: str, task: str = "") -> float:
    """One loss from ``models.tsv``: ``model`` in {base, untrained, finetuned}, ``dataset`` a set name, under ``scoring``."""
    rows = models[(models.model == model) & (models.dataset == dataset) & (models.scoring == scoring) & (models.task.fillna("") == task)]
    if len(rows) != 1:
        raise ValueError(f"models.tsv has {len(rows)} rows for model={model!r} dataset={dataset!r} scoring={scoring!r} task={task!r}")
    return float(rows.loss.iloc[0])


CLEAR_GAIN = 0.10
"""A base loss at least this fraction below the untrained model's counts as clearly learned."""


def pretraining_verdict(base_loss: float, untrained_loss: float) -> str:
    """Whether the base model learned something that transfers to the general set.

    >>> pretraining_verdict(4.0, 7.6)
    'it clearly learned from its pretraining corpus'
    """
    if base_loss <= (1 - CLEAR_GAIN) * untrained_loss:
        return "it clearly learned from its pretraining corpus"
    if base_loss < untrained_loss:
        return (f"only marginally lower (less than {CLEAR_GAIN:.0%}): what the base learned from its corpus barely transfers "
                "to these texts, so read the landscapes as those of a weak model")
    return "no lower at all: the base did not learn anything that transfers to these texts"


class Estimate(NamedTuple):
    """A number with its bootstrap interval, as one row of ``intervals.tsv`` holds it."""

    estimate: float
    ci_low: float
    ci_high: float


def format_interval(value: Estimate, fmt: str = "{:+.4f}") -> str:
    """``estimate [low, high]``; an interval no resample had (NaN bounds) is marked as such.

    >>> format_interval(Estimate(-0.026, -0.036, -0.017))
    '-0.0260 [-0.0360, -0.0170]'
    """
    if not math.isfinite(value.estimate):
        return "none"
    if not (math.isfinite(value.ci_low) and math.isfinite(value.ci_high)):
        return f"{fmt.format(value.estimate)} [no resample has one]"
    return f"{fmt.format(value.estimate)} [{fmt.format(value.ci_low)}, {fmt.format(value.ci_high)}]"


def _near(measured: float, predicted: float, tolerance: float) -> bool:
    return math.isfinite(measured) and math.isfinite(predicted) and abs(measured - predicted) <= tolerance


def parabola_verdict(*, predicted_optimum: float, optimum: float, predicted_crossing: float, crossing: float, squaring_return: float,
                     tolerance: float, optimum_at_end: bool = False) -> str:
    """Whether the optimum, the zero-crossing and the squaring return are one parabola's −g/c, −2g/c and −g/c.

    ``optimum_at_end``: the grid minimum is the grid's last point, so the minimum itself was not measured.

    >>> parabola_verdict(predicted_optimum=0.175, optimum=0.17, predicted_crossing=0.35, crossing=0.347, squaring_return=0.174, tolerance=0.08)[-30:]
    'one number, not three findings'
    """
    if not math.isfinite(predicted_optimum):
        return "L(α) is not convex near α = 0 (c ≤ 0): no parabola predicts an optimum, so the grid values stand on their own"
    if optimum_at_end:
        return ("L(α) still falls at the end of the grid: its minimum lies beyond it, so there is no measured optimum, crossing or "
                "squaring return to set against the parabola's −g/c and −2g/c")
    measured = {"optimum": (optimum, predicted_optimum), "zero-crossing": (crossing, predicted_crossing),
                "squaring return": (squaring_return, predicted_optimum)}
    missing = [name for name, (value, _) in measured.items() if not math.isfinite(value)]
    off = [name for name, (value, prediction) in measured.items() if math.isfinite(value) and not _near(value, prediction, tolerance)]
    if off:
        return (f"not one parabola: the {' and the '.join(off)} lie{'s' if len(off) == 1 else ''} more than {tolerance:.4f} from the fitted "
                "parabola's prediction, so the landscape has shape beyond its curvature at α = 0")
    if missing:
        return (f"as far as measured, one parabola: the {' and the '.join(n for n in measured if n not in missing)} match −g/c or −2g/c "
                f"within {tolerance:.4f}; there is no {' and no '.join(missing)} at α > 0 on the grid")
    return (f"the optimum, the zero-crossing and the squaring return are the fitted parabola's −g/c, −2g/c and −g/c (each within "
            f"{tolerance:.4f} of its prediction): one number, not three findings")


def dip_verdict(change: Estimate) -> str:
    """What the interval of L(α*) − L_base at T's grid optimum α* says (α* chosen on the same texts, so read it as an upper bound).

    >>> dip_verdict(Estimate(-0.026, -0.036, -0.017))
    'the dip below L_base is larger than resampling the evaluation texts moves it (the interval lies below 0)'
    """
    if change.ci_high < 0:
        return "the dip below L_base is larger than resampling the evaluation texts moves it (the interval lies below 0)"
    if change.estimate < 0:
        return "the dip below L_base is within what resampling the evaluation texts moves (the interval reaches 0 or above)"
    return "there is no dip: no grid point lies below L_base"


def control_verdict(t_change: Estimate, difference: Estimate) -> str:
    """T's change at its optimum against random directions with T's per-tensor norms (``difference``: T minus their mean).

    >>> control_verdict(Estimate(-0.026, -0.036, -0.017), Estimate(-0.029, -0.04, -0.02))
    'the dip is specific to T: the random directions change L less at the same α (T minus random lies below 0)'
    >>> control_verdict(Estimate(-0.026, -0.036, -0.017), Estimate(-0.001, -0.01, 0.008))
    'the random directions cannot be told from T at the same α (T minus random holds 0): the dip is not shown to be specific to T'
    """
    if t_change.ci_high >= 0:
        return "there is no dip for the control to explain (T's own interval reaches 0 or above)"
    if difference.ci_high < 0:
        return "the dip is specific to T: the random directions change L less at the same α (T minus random lies below 0)"
    if difference.ci_low > 0:
        return "the random directions lower L more than T does at the same α: the dip is a property of moving, not of T"
    return "the random directions cannot be told from T at the same α (T minus random holds 0): the dip is not shown to be specific to T"


def curvature_verdict(difference: Estimate) -> str:
    """T's curvature near α = 0 against the random directions' (``difference``: T minus their mean).

    >>> curvature_verdict(Estimate(1.5, 1.2, 1.8))
    'the landscape curves up faster along T than along random directions of the same per-tensor norms'
    """
    if difference.ci_low > 0:
        return "the landscape curves up faster along T than along random directions of the same per-tensor norms"
    if difference.ci_high < 0:
        return "the landscape curves up more slowly along T than along random directions of the same per-tensor norms"
    return "the curvature along T cannot be told from the random directions' (the interval of the difference holds 0)"


def forgetting_verdict(change_at_1: Estimate) -> str:
    """What L(1) − L_base (the fine-tuned model against the base on the general set, with its interval) says about forgetting.

    >>> forgetting_verdict(Estimate(0.4, 0.3, 0.5))
    'fine-tuning costs general text (forgetting): the fine-tuned model is above L_base beyond resampling noise'
    """
    if not math.isfinite(change_at_1.estimate):
        return "α = 1 is not a grid point, so the fine-tuned model's general loss is not on the grid"
    if change_at_1.ci_low > 0:
        return "fine-tuning costs general text (forgetting): the fine-tuned model is above L_base beyond resampling noise"
    if change_at_1.ci_high < 0:
        return "no forgetting: the fine-tuned model is below L_base on general text beyond resampling noise"
    return "no forgetting that the texts support: the fine-tuned model's general loss is within resampling noise of L_base"


def overfitting_verdict(*, task_optimal_alpha: float, train_loss: float, eval_loss: float) -> str:
    """Over-fitting from the held-out task curve (lowest before α = 1?) and the train/held-out gap of the fine-tuned model.

    >>> overfitting_verdict(task_optimal_alpha=0.67, train_loss=1.7, eval_loss=2.6)
    'over-fitting: the held-out task loss is lowest before α = 1, and the fine-tuned model fits its training texts better than held-out ones'
    """
    early = task_optimal_alpha < 1
    gap = train_loss < eval_loss
    if early and gap:
        return ("over-fitting: the held-out task loss is lowest before α = 1, and the fine-tuned model fits its training texts better "
                "than held-out ones")
    if early:
        return "the held-out task loss is lowest before α = 1, though training and held-out losses of the fine-tuned model do not part"
    if gap:
        return ("the held-out task loss still falls up to α = 1 (no overshoot along T), but the fine-tuned model fits its training texts "
                "better than held-out ones")
    return "no sign of over-fitting: the held-out task loss falls up to α = 1 and is not above the training loss"


def early_improvement_verdict(improvements: Mapping[str, float], *, large_pct: float) -> str:
    """Whether the seed report's large early improvement appears, per scoring (scoring -> % of L_base at the small α).

    >>> early_improvement_verdict({"raw": 1.1, "chat": 0.7}, large_pct=10)
    'no large early improvement under any scoring (raw, chat): each is below 10% of L_base'
    >>> early_improvement_verdict({"raw": 40.0, "chat": 0.7}, large_pct=10)
    'a large early improvement appears under raw only, not under chat: a change in how the model treats that format, not a better model of the texts'
    """
    large = [k for k, pct in improvements.items() if pct >= large_pct]
    small = [k for k in improvements if k not in large]
    if not large:
        return f"no large early improvement under any scoring ({', '.join(improvements)}): each is below {large_pct:g}% of L_base"
    if not small:
        return f"a large early improvement appears under every scoring ({', '.join(large)}): at least {large_pct:g}% of L_base"
    return (f"a large early improvement appears under {', '.join(large)} only, not under {', '.join(small)}: a change in how the model "
            "treats that format, not a better model of the texts")


KEPT_SHARE = 0.5
"""A sum T_i + T_j keeps a task when it keeps at least this share of the task's own vector's loss drop below the base."""


def sum_verdict(kept: Mapping[str, float]) -> str:
    """Whether T_i + T_j keeps both tasks (task -> share of its own vector's drop of the task loss that the sum keeps;
    NaN where the task's own vector does not lower that loss, so there is no drop to keep).

    >>> sum_verdict({"SP": 0.9, "QA": 0.2})
    'keeps SP but loses most of QA'
    """
    keeps = [t for t, share in kept.items() if share >= KEPT_SHARE]
    loses = [t for t, share in kept.items() if share < KEPT_SHARE]
    no_drop = [t for t, share in kept.items() if not math.isfinite(share)]
    if no_drop:
        said = []
        if keeps:
            said.append(f"keeps {', '.join(keeps)}")
        if loses:
            said.append(f"loses most of {', '.join(loses)}")
        return "; ".join([*said, f"has no drop to keep on {', '.join(no_drop)} (its own vector does not lower its held-out loss)"])
    if not loses:
        return "keeps both tasks"
    if not keeps:
        return "loses most of both tasks"
    return f"keeps {keeps[0]} but loses most of {loses[0]}"


def baseline_verdict(base_loss: float, unigram_loss: float, bigram_loss: float) -> str:
    """The tiny LM on its own held-out corpus against n-gram models of that corpus (baselines it can fail).

    >>> baseline_verdict(3.50, 5.31, 4.03)
    'it beats the bigram model: it learned more than which token follows which'
    """
    if base_loss < bigram_loss:
        return "it beats the bigram model: it learned more than which token follows which"
    if base_loss < unigram_loss:
        return "it beats the unigram model but not the bigram model: it learned less than adjacent-token statistics hold"
    return "it does not beat the unigram model: it has not even learned the token frequencies"


def _crossing_lines(rows: pd.DataFrame, label: str) -> list[str]:
    return [f"  {i}. α = {r.alpha:.4f} ({label} = {r['return']:.6f})" for i, (_, r) in enumerate(rows.iterrows(), start=1)]


def _executive_summary(comparison: pd.DataFrame, models: pd.DataFrame, intervals: pd.DataFrame, finetuned: Mapping[str, Mapping], tasks: Sequence[str],
                       headline: str) -> list[str]:
    base, untrained = model_loss(models, "base", "general", headline), model_loss(models, "untrained", "general", headline)
    lines = [
        "## Executive Summary",
        "",
        f"- The base model's general loss is {base:.4f} against {untrained:.4f} for an untrained model of the same shape "
        f"({100 * (untrained - base) / untrained:.1f}% lower): {pretraining_verdict(base, untrained)}.",
    ]
    for task in tasks:
        before, after = finetuned[task]["eval_loss_base"], finetuned[task]["eval_loss_finetuned"]
        verdict = "fine-tuning lowered it" if after < before else "fine-tuning did not lower it"
        lines.append(f"- {task}: held-out task loss on raw text (what fine-tuning trains on) {before:.4f} for the base model and {after:.4f} "
                     f"after fine-tuning (α = 1); {verdict}.")
    best = comparison.loc[comparison.min_loss.idxmin()]
    n_better = int((comparison.min_loss < comparison.base_loss).sum())
    beyond = [t for t in comparison.task if interval(intervals, t, "change").ci_high < 0]
    specific = [t for t in beyond if interval(intervals, t, "change", "T-controls").ci_high < 0]
    lines += [
        f"- Moving along the task vector lowers the general loss below L_base at some grid point for {n_better} of {len(comparison)} tasks; the "
        f"lowest general loss is {best.min_loss:.4f} for {best.task} at α = {best.optimal_alpha:.4f} ({best.improvement_pct:.2f}% below the base). "
        f"The dip at the optimum is beyond resampling the texts for {len(beyond)} of them ({', '.join(beyond) or 'none'}), and specific to T "
        f"against random directions of the same norms for {len(specific)} ({', '.join(specific) or 'none'}).",
        "",
    ]
    return lines


def _models_section(models: pd.DataFrame, finetuned: Mapping[str, Mapping], tasks: Sequence[str], categories: Sequence[str], scorings: Sequence[str]) -> list[str]:
    rows = [[name, kind, f"{model_loss(models, name, 'general', kind):.4f}",
             *(f"{model_loss(models, name, c, kind):.4f}" if name == "base" else "–" for c in categories)]
            for kind in scorings for name in ("base", "untrained")]
    task_rows = []
    for task in tasks:
        before, after = finetuned[task]["eval_loss_base"], finetuned[task]["eval_loss_finetuned"]
        task_rows.append([task, f"{before:.4f}", f"{after:.4f}", f"{after - before:+.4f}"])
    baselines = []
    if len(models[models.dataset == "corpus-heldout"]):
        base, unigram, bigram, untrained = (model_loss(models, name, "corpus-heldout", "raw") for name in ("base", "unigram", "bigram", "untrained"))
        baselines.append(f"On held-out documents of its own pretraining corpus the tiny LM's loss is {base:.4f}, against {unigram:.4f} for a "
                         f"unigram and {bigram:.4f} for a bigram model of the training documents (add-one smoothed) and {untrained:.4f} "
                         f"untrained: {baseline_verdict(base, unigram, bigram)}.")
    if len(models[(models.model == "bigram") & (models.dataset == "general")]):
        base, unigram, bigram = (model_loss(models, name, "general", "raw") for name in ("base", "unigram", "bigram"))
        baselines.append(f"On the general set (raw scoring, the same tokens scored) it is {base:.4f}, against {unigram:.4f} for the unigram "
                         f"and {bigram:.4f} for the bigram model of its whole corpus: {baseline_verdict(base, unigram, bigram)}.")
    baselines = [" ".join(baselines), ""] if baselines else []
    return [
        "## Models",
        "",
        "Mean cross-entropy per scored token (padding masked, averaged over all tokens of a set, not per batch).",
        "",
        *baselines,
        markdown_table(["Model", "Scoring", "General", *categories], rows),
        "Held-out task loss on raw text, before and after fine-tuning:",
        "",
        markdown_table(["Task", "Base task loss", "Fine-tuned task loss", "Change"], task_rows),
    ]


def _scoring_section(comparison: pd.DataFrame, scorings: Sequence[str], headline: str) -> list[str]:
    """The scorings side by side: where along each task vector the general loss is lowest under each."""
    rows = [[f"**{r.task}**", r.scoring, f"{r.base_loss:.4f}", f"{r.optimal_alpha:.4f}", f"{r.min_loss:.4f}", f"{r.improvement_pct:.2f}%",
             f"{r.task_optimal_alpha:.4f}", int(r.n_zero_crossings)]
            for r in comparison.itertuples(index=False)]
    return [
        "## Raw and chat-formatted scoring",
        "",
        "The same weights scored two ways: " + "; ".join(f"{kind}: {SCORING_NAMES[kind]}" for kind in scorings)
        + f". The sections above and the figures use {headline}. A loss decrease that appears under one scoring only is a "
        "change in how the model treats that format, not a better model of the texts.",
        "",
        markdown_table(["Task", "Scoring", "L_base", "Optimal α", "Min Loss", "Improvement", "Task-optimal α", "Zero-Crossings"], rows),
    ]


def _comparison_table(comparison: pd.DataFrame) -> list[str]:
    rows = [[f"**{r.task}**", f"{r.optimal_alpha:.4f}", f"{r.min_loss:.4f}", f"{r.delta:+.4f}", f"{r.improvement_pct:.2f}%",
             f"{r.task_optimal_alpha:.4f}", f"{r.min_task_loss:.4f}", int(r.n_zero_crossings), int(r.n_squaring_returns)]
            for r in comparison.itertuples(index=False)]
    return ["## Comparative Metrics", "",
            markdown_table(["Task", "Optimal α", "Min Loss", "Δ from Base", "Improvement", "Task-optimal α", "Min Task Loss", "Zero-Crossings", "Squaring Returns"], rows)]


def _task_section(row, sweep: pd.DataFrame, crossings: pd.DataFrame, categories: Sequence[str], figure: str) -> list[str]:
    task_sweep = sweep[sweep.task == row.task]
    at_optimum = task_sweep.loc[(task_sweep.alpha - row.optimal_alpha).abs().idxmin()]
    zero = crossings[(crossings.task == row.task) & (crossings.kind == "zero_crossing")]
    squaring = crossings[(crossings.task == row.task) & (crossings.kind == "squaring_return")]
    lines = [
        f"### {row.task} (Task Vector)",
        "",
        f"![{row.task} landscape]({figure})",
        "",
        "**General Performance:**",
        f"- Optimal α: **{row.optimal_alpha:.4f}**",
        f"- Minimum loss: **{row.min_loss:.4f}**",
        f"- Base loss: {row.base_loss:.4f}",
        f"- Improvement: **{row.base_loss - row.min_loss:.4f}** ({row.improvement_pct:.2f}%)",
        "",
        "**Task-Specific Performance:**",
        f"- Optimal α: **{row.task_optimal_alpha:.4f}**",
        f"- Minimum task loss: **{row.min_task_loss:.4f}**",
        "",
        f"**Zero-Crossings:** {len(zero)} found" + (":" if len(zero) else ""),
        *_crossing_lines(zero, "return"),
        "",
        f"**Squaring Returns (L(2α) ≈ L_base):** {len(squaring)} found" + (":" if len(squaring) else ""),
        *_crossing_lines(squaring, "|L(2α) - L_base|"),
        "",
        "**Category Performance at Optimal α:**",
        *[f"- {c}: {at_optimum[f'loss_{c}']:.4f}" for c in categories],
        "",
    ]
    return lines


def interval(intervals: pd.DataFrame, task: str, statistic: str, direction: str = "T") -> Estimate:
    """One row of ``intervals.tsv`` (one scoring's rows) as an ``Estimate``."""
    rows = intervals[(intervals.task == task) & (intervals.direction == direction) & (intervals.statistic == statistic)]
    if len(rows) != 1:
        raise ValueError(f"intervals.tsv has {len(rows)} rows for task={task!r} direction={direction!r} statistic={statistic!r}")
    r = rows.iloc[0]
    return Estimate(float(r.estimate), float(r.ci_low), float(r.ci_high))


def _geometry_section(geometry: pd.DataFrame, intervals: pd.DataFrame, tolerance: float, half_width: float, grid_end: float) -> list[str]:
    t_rows = geometry[geometry.direction == "T"]
    def value(x: float) -> str:
        return f"{x:.4f}" if math.isfinite(x) else "none"

    rows = [[f"**{r.task}**", f"{r.slope:+.4f}", f"{r.curvature:.4f}", value(r.predicted_optimum), f"{r.optimum:.4f}", f"{r.grid_optimum:.4f}",
             value(r.predicted_crossing), format_interval(interval(intervals, r.task, "crossing_pos"), "{:.4f}"), value(r.squaring_return)]
            for r in t_rows.itertuples(index=False)]
    lines = ["## Geometry near α = 0", "",
             f"A parabola L ≈ L0 + g·α + ½·c·α² is fitted by least squares to the grid points with |α| ≤ {half_width:g}. It predicts the "
             "optimum at −g/c, the return to L_base (zero-crossing) at −2g/c, and the squaring return (L(2α) = L_base) at −g/c again. "
             "The measured optimum is refined between grid points by the parabola through the grid minimum and its two neighbours; "
             "the crossing's interval is the paired bootstrap over evaluation texts.", "",
             markdown_table(["Task", "g", "c", "−g/c", "Optimum (refined)", "Optimum (grid)", "−2g/c", "Crossing [CI]", "Squaring return"], rows)]
    for r in t_rows.itertuples(index=False):
        lines.append(f"- {r.task}: " + parabola_verdict(predicted_optimum=r.predicted_optimum, optimum=r.optimum, predicted_crossing=r.predicted_crossing,
                                                           crossing=r.crossing, squaring_return=r.squaring_return, tolerance=tolerance,
                                                           optimum_at_end=r.grid_optimum == grid_end) + ".")
    return [*lines, ""]


def _uncertainty_section(comparison: pd.DataFrame, intervals: pd.DataFrame, confidence: float, resamples: int) -> list[str]:
    rows, sentences = [], []
    for r in comparison.itertuples(index=False):
        change = interval(intervals, r.task, "change")
        crossing = intervals[(intervals.task == r.task) & (intervals.direction == "T") & (intervals.statistic == "crossing_pos")].iloc[0]
        rows.append([f"**{r.task}**", format_interval(interval(intervals, r.task, "dip"), "{:.4f}"), f"{r.optimal_alpha:.4f}", format_interval(change),
                     format_interval(interval(intervals, r.task, "crossing_pos"), "{:.4f}"), int(crossing.n_resamples)])
        sentences.append(f"- {r.task}: {dip_verdict(change)}.")
    return ["## Uncertainty over evaluation texts", "",
            f"{confidence:.0%} intervals of a paired bootstrap over the general set's texts ({resamples} resamples; every α, direction and "
            "L_base sees the same resampled texts). The dip L_base − min L takes the minimum anew in each resample; the change at α* is read "
            "at T's grid optimum, chosen on the same texts, so it leans towards a dip. A resample without a crossing at α > 0 gives none; "
            "the last column counts those that have one.", "",
            markdown_table(["Task", "L_base − min L [CI]", "α*", "L(α*) − L_base [CI]", "Crossing α > 0 [CI]", "Resamples with a crossing"], rows),
            *sentences, ""]


def _control_section(comparison: pd.DataFrame, geometry: pd.DataFrame, intervals: pd.DataFrame, control: pd.DataFrame) -> list[str]:
    rows, sentences = [], []
    for r in comparison.itertuples(index=False):
        for direction in geometry[geometry.task == r.task].direction:
            rows.append([f"**{r.task}**", direction, f"{r.optimal_alpha:.4f}", format_interval(interval(intervals, r.task, "change", direction)),
                         format_interval(interval(intervals, r.task, "curvature", direction), "{:.4f}")])
        rows.append([f"**{r.task}**", "T − mean random", f"{r.optimal_alpha:.4f}", format_interval(interval(intervals, r.task, "change", "T-controls")),
                     format_interval(interval(intervals, r.task, "curvature", "T-controls"), "{:+.4f}")])
        t_change = interval(intervals, r.task, "change")
        sentences.append(f"- {r.task}: {control_verdict(t_change, interval(intervals, r.task, 'change', 'T-controls'))}; "
                         f"{curvature_verdict(interval(intervals, r.task, 'curvature', 'T-controls'))}.")
    n_draws = control.groupby("task").direction.nunique().min()
    return ["## Control: random directions", "",
            f"Per task, {n_draws} Gaussian direction(s) with T's norm in every parameter tensor, swept on the same grid (general set, "
            "headline scoring). Is the dip below L_base, and the curvature, a property of T or of moving the weights this far at all?", "",
            markdown_table(["Task", "Direction", "α*", "L(α*) − L_base [CI]", "Curvature c [CI]"], rows), *sentences, ""]


def _overfitting_section(comparison: pd.DataFrame, sweep: pd.DataFrame, intervals: pd.DataFrame, models: pd.DataFrame, tasks: Sequence[str]) -> list[str]:
    lines = ["## Over-fitting and forgetting", ""]
    for r in comparison.itertuples(index=False):
        at_1 = interval(intervals, r.task, "change_at_1")
        s = sweep[sweep.task == r.task]
        at_one = s[(s.alpha - 1.0).abs() < 1e-9]
        task_at_1 = f"{at_one.task_loss.iloc[0]:.4f}" if len(at_one) else "not on the grid"
        train, held_out = model_loss(models, "finetuned", f"{r.task}-train", "raw", r.task), model_loss(models, "finetuned", f"{r.task}-eval", "raw", r.task)
        lines += [f"- {r.task}: general loss at α = 1 minus L_base {format_interval(at_1)}: {forgetting_verdict(at_1)}. "
                  f"Held-out task loss lowest at α = {r.task_optimal_alpha:.4f} ({r.min_task_loss:.4f}; at α = 1: {task_at_1}); "
                  f"the fine-tuned model's raw-text loss on its training texts {train:.4f}, on held-out ones {held_out:.4f}: "
                  f"{overfitting_verdict(task_optimal_alpha=r.task_optimal_alpha, train_loss=train, eval_loss=held_out)}."]
    return [*lines, ""]


def _between_section(cosines: pd.DataFrame, cross_task: pd.DataFrame, between: pd.DataFrame, models: pd.DataFrame, tasks: Sequence[str],
                     headline: str, figure: str) -> list[str]:
    if len(tasks) < 2:
        return []
    lines = ["## Between tasks", "", "Cosine similarity of the task vectors (all parameters flattened):", "",
             markdown_table(["Task", "Task", "Cosine"], [[r.task_a, r.task_b, f"{r.cosine:.4f}"] for r in cosines.itertuples(index=False)])]
    ct = cross_task[cross_task.scoring == headline]
    shown = sorted({ct.alpha.min(), ct.alpha.iloc[int((ct.alpha - 1.0).abs().argmin())], ct.alpha.max()})  # the ends and nearest α = 1
    rows = [[f"**{v}**", e, *(f"{ct[(ct.vector == v) & (ct.eval_task == e) & (ct.alpha == a)].loss.iloc[0]:.4f}" for a in shown),
             f"{model_loss(models, 'base', f'{e}-eval', headline):.4f}"]
            for v in tasks for e in tasks]
    lines += [f"Each task's vector scored on every task's held-out set (the cross-task matrix; α < 0 negates the vector, the forgetting "
              f"curve of the other tasks), at the grid's ends and nearest α = 1:", "",
              markdown_table(["Vector", "Held-out set", *(f"L at α = {a:.4f}" for a in shown), "Base model"], rows)]
    coef = {t: f"coef_{t}" for t in tasks}
    single = between[between.kind == "single"]
    sums = between[between.kind == "sum"]
    rows, sentences = [], []
    for i_pos, i in enumerate(tasks):
        for j in tasks[i_pos + 1:]:
            pair = sums[(sums[coef[i]] == 1.0) & (sums[coef[j]] == 1.0)]
            kept = {}
            for task in (i, j):
                base = model_loss(models, "base", f"{task}-eval", headline)
                alone = single[(single[coef[task]] == 1.0) & (single.set == task)].loss.iloc[0]
                together = pair[pair.set == task].loss.iloc[0]
                kept[task] = (base - together) / (base - alone) if base > alone else math.nan
                rows.append([f"**{i} + {j}**", task, f"{base:.4f}", f"{alone:.4f}", f"{together:.4f}"])
            sentences.append(f"- T_{i} + T_{j} {sum_verdict(kept)} (a task is kept when the sum keeps at least {KEPT_SHARE:.0%} of its own vector's "
                             "drop of its held-out loss).")
    lines += ["T_i + T_j on both tasks' held-out sets, against the base model and each task's own vector alone:", "",
              markdown_table(["Sum", "Held-out set", "Base model", "Own vector alone", "Sum"], rows), *sentences, "",
              f"![2-D slice of two task vectors]({figure})", ""]
    return lines


def _early_section(geometry: pd.DataFrame, scorings: Sequence[str], early: Mapping) -> list[str]:
    t_rows = geometry[geometry.direction == "T"]
    rows = [[f"**{r.task}**", r.scoring, f"{r.early_alpha:.4f}", f"{r.early_improvement_pct:.2f}%"] for r in t_rows.itertuples(index=False)]
    largest = {kind: t_rows[t_rows.scoring == kind].early_improvement_pct.max() for kind in scorings}
    return ["## The seed report's early improvement", "",
            f"The seed report found the general loss 46% below the base already at α ≈ {early['alpha']}. Improvement in % of L_base at the grid point "
            "nearest that α, per task and scoring:", "",
            markdown_table(["Task", "Scoring", "α", "Improvement"], rows),
            f"Largest per scoring: {', '.join(f'{k} {v:.2f}%' for k, v in largest.items())}: {early_improvement_verdict(largest, large_pct=early['large_pct'])}.", ""]


def _insights(comparison: pd.DataFrame, geometry: pd.DataFrame) -> list[str]:
    best = comparison.loc[comparison.min_loss.idxmin()]
    refined = geometry[geometry.direction == "T"].set_index("task").optimum
    smallest_task, largest_task = refined.idxmin(), refined.idxmax()
    total_crossings = int(comparison.n_zero_crossings.sum())
    total_squaring = int(comparison.n_squaring_returns.sum())
    lines = [
        "## Key Insights",
        "",
        f"**Best General Performance:** {best.task} achieves the lowest loss of {best.min_loss:.4f} at α={best.optimal_alpha:.4f}",
        "",
        f"**Optimal α Variance:** Range of {refined.max() - refined.min():.4f} across tasks (optima refined between grid points)",
        f"  - Smallest: {smallest_task} (α={refined.min():.4f})",
        f"  - Largest: {largest_task} (α={refined.max():.4f})",
        "",
        f"**Zero-Crossing Analysis:** {total_crossings} total zero-crossing{'s' if total_crossings != 1 else ''} found across all tasks",
        "",
    ]
    if total_squaring:
        lines += [f"**Squaring Returns:** {total_squaring} point{'s' if total_squaring != 1 else ''} where L(2α) returns to L_base, listed per "
                  "task above; for a parabola near α = 0 they are the zero-crossings at half the α (see Geometry near α = 0).", ""]
    return lines


def render_report(*, sweep: pd.DataFrame, comparison: pd.DataFrame, crossings: pd.DataFrame, models: pd.DataFrame, geometry: pd.DataFrame,
                  intervals: pd.DataFrame, control: pd.DataFrame, cross_task: pd.DataFrame, cosines: pd.DataFrame, between: pd.DataFrame,
                  finetuned: Mapping[str, Mapping], study_config: Mapping, model_label: str, figures: Mapping[str, str], provenance: str) -> str:
    """The Markdown report from the study's TSVs (keyword = file name); ``finetuned`` maps each task to its fine-tuning metrics,
    ``figures`` figure keys to paths relative to the report."""
    tasks, categories = list(study_config["tasks"]), list(study_config["general_eval"])
    scorings = list(study_config["scoring"]["kinds"])
    headline = scorings[0]
    grid, crossing = study_config["alpha"], study_config["crossings"]
    method = (f"sign changes of L(α) − L_base between neighbouring grid points, located by linear interpolation, ignoring |α| < {crossing['min_abs_alpha']}"
              if crossing["method"] == "sign_change" else
              f"the original's band rule: every grid point with |α| > {crossing['band_min_abs_alpha']} and |L(α) − L_base| < {crossing['band_threshold']} "
              "(one physical crossing can count several times)")
    head_comparison = for_scoring(comparison, headline)
    lines = [
        "# Multi-Task Loss Landscape Comparison Report",
        "",
        f"Loss landscapes L(α) = L(θ_base + α·T) along task vectors T = θ_finetuned − θ_base for {len(tasks)} tasks "
        f"({', '.join(tasks)}), base model {model_label}, α = linspace({grid['min']}, {grid['max']}, {grid['num']}). "
        f"General loss L is pooled per token over the categories {', '.join(categories)}; L_task is the held-out task set; "
        f"zero-crossings use {method}; the return of a crossing is |L(α) − L_base| at its nearer grid point. "
        f"Headline scoring: {headline}, {SCORING_NAMES[headline]}"
        + (f"; also computed: {', '.join(scorings[1:])}." if len(scorings) > 1 else "."),
        "",
        *_executive_summary(head_comparison, models, for_scoring(intervals, headline), finetuned, tasks, headline),
        *_models_section(models, finetuned, tasks, categories, scorings),
        *(_scoring_section(comparison, scorings, headline) if len(scorings) > 1 else []),
        *_comparison_table(head_comparison),
        f"![Landscapes of all tasks]({figures['overlay']})",
        "",
        f"![Category losses]({figures['categories']})",
        "",
    ]
    head_sweep, head_crossings = for_scoring(sweep, headline), for_scoring(crossings, headline)
    head_geometry, head_intervals = for_scoring(geometry, headline), for_scoring(intervals, headline)
    step = (grid["max"] - grid["min"]) / (grid["num"] - 1)
    lines += [
        *_geometry_section(head_geometry, head_intervals, study_config["geometry"]["agreement_steps"] * step, study_config["geometry"]["fit_half_width"],
                           head_sweep.alpha.max()),
        *_uncertainty_section(head_comparison, head_intervals, study_config["bootstrap"]["confidence"], study_config["bootstrap"]["resamples"]),
        *_control_section(head_comparison, head_geometry, head_intervals, control),
        *_overfitting_section(head_comparison, head_sweep, head_intervals, models, tasks),
        *_between_section(cosines, cross_task, between, models, tasks, headline, figures["slice"]),
        *_early_section(geometry, scorings, study_config["early_improvement"]),
    ]
    lines += ["## Detailed Task Analysis", ""]
    for row in head_comparison.itertuples(index=False):
        lines += _task_section(row, head_sweep, head_crossings, categories, figures[f"landscape_{row.task}"])
    lines += [*_insights(head_comparison, head_geometry), provenance]
    return "\n".join(lines)


def draw_figures(*, sweep: pd.DataFrame, comparison: pd.DataFrame, crossings: pd.DataFrame, tasks: Sequence[str], categories: Sequence[str],
                 landscape_paths: Mapping[str, str | Path], overlay_path: str | Path, categories_path: str | Path) -> None:
    colors = {t: plt.get_cmap("tab10")(i) for i, t in enumerate(tasks)}
    summary = comparison.set_index("task")
    for task in tasks:
        s = sweep[sweep.task == task].sort_values("alpha")
        base = summary.loc[task, "base_loss"]
        fig, ax = plt.subplots(figsize=(7, 4.2))
        ax.plot(s.alpha, s.loss, color=colors[task], lw=2, label="L(α) general")
        ax.plot(s.alpha, s.task_loss, color=colors[task], lw=1.5, ls="--", label="L_task(α) held-out task set")
        ax.plot(s.alpha, s.loss_2alpha, color="0.45", lw=1, ls=":", label="L(2α) general")
        ax.axhline(base, color="crimson", lw=1, label=f"L_base = {base:.3f}")
        ax.axvline(0, color="0.6", lw=0.8)
        ax.axvline(1, color="0.6", lw=0.8, ls="--")
        ax.plot(summary.loc[task, "optimal_alpha"], summary.loc[task, "min_loss"], "v", color="k", ms=8, label="minimum of L")
        zero = crossings[(crossings.task == task) & (crossings.kind == "zero_crossing")]
        if len(zero):
            ax.plot(zero.alpha, np.interp(zero.alpha, s.alpha, s.loss), "o", mfc="none", mec="crimson", ms=9, label="zero-crossings")
        squaring = crossings[(crossings.task == task) & (crossings.kind == "squaring_return")]
        if len(squaring):
            ax.plot(squaring.alpha, np.interp(squaring.alpha, s.alpha, s.loss_2alpha), "s", mfc="none", mec="0.3", ms=8, label="squaring returns")
        ax.set_xlabel("α (θ = θ_base + α·T; α = 1 is the fine-tuned model)")
        ax.set_ylabel("mean token loss")
        ax.set_title(f"Loss landscape along the {task} task vector")
        ax.legend(fontsize=8)
        save_figure(fig, landscape_paths[task])

    fig, ax = plt.subplots(figsize=(7, 4.2))
    for task in tasks:
        s = sweep[sweep.task == task].sort_values("alpha")
        ax.plot(s.alpha, s.loss, color=colors[task], lw=2, label=task)
        ax.plot(summary.loc[task, "optimal_alpha"], summary.loc[task, "min_loss"], "v", color=colors[task], ms=8)
    ax.axhline(summary.base_loss.iloc[0], color="crimson", lw=1, label="L_base")
    ax.set_xlabel("α")
    ax.set_ylabel("general loss L(α)")
    ax.set_title("General loss along each task vector (▼ minimum)")
    ax.legend(fontsize=8)
    save_figure(fig, overlay_path)

    fig, axes = plt.subplots(1, len(tasks), figsize=(4.2 * len(tasks), 3.6), sharey=True, squeeze=False)
    for ax, task in zip(axes[0], tasks):
        s = sweep[sweep.task == task].sort_values("alpha")
        for i, category in enumerate(categories):
            ax.plot(s.alpha, s[f"loss_{category}"], lw=1.5, color=plt.get_cmap("Set2")(i), label=category)
        ax.axvline(summary.loc[task, "optimal_alpha"], color="k", lw=0.8, ls=":")
        ax.set_title(task)
        ax.set_xlabel("α")
    axes[0][0].set_ylabel("category loss")
    axes[0][0].legend(fontsize=8)
    fig.suptitle("Loss per general-eval category (dotted: optimal α of the pooled loss)")
    save_figure(fig, categories_path)


def draw_slice(between: pd.DataFrame, tasks: Sequence[str], path: str | Path) -> None:
    """Filled contours of the general loss on the 2-D slice θ_base + a·T_i + b·T_j (``between.tsv`` rows of kind ``slice``)."""
    fig, ax = plt.subplots(figsize=(5.6, 4.6))
    rows = between[(between.kind == "slice") & (between.set == "general")] if len(between) else between
    moved = [t for t in tasks if len(rows) and rows[f"coef_{t}"].nunique() > 1]
    if len(moved) != 2:
        ax.text(0.5, 0.5, "fewer than two tasks: no slice", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        save_figure(fig, path)
        return
    i, j = moved
    grid = rows.pivot_table(index=f"coef_{j}", columns=f"coef_{i}", values="loss")
    filled = ax.contourf(grid.columns, grid.index, grid.to_numpy(), levels=12, cmap="viridis")
    fig.colorbar(filled, ax=ax, label="general loss")
    for (a, b), label in (((0, 0), "base"), ((1, 0), f"T_{i}"), ((0, 1), f"T_{j}"), ((1, 1), f"T_{i} + T_{j}")):
        ax.plot(a, b, "o", color="w", mec="k", ms=7)
        ax.annotate(label, (a, b), textcoords="offset points", xytext=(6, 6), color="w", fontsize=8)
    ax.set_xlabel(f"a (coefficient of T_{i})")
    ax.set_ylabel(f"b (coefficient of T_{j})")
    ax.set_title(f"General loss at θ_base + a·T_{i} + b·T_{j}")
    save_figure(fig, path)
