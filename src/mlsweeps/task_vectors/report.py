"""The `task_vectors` report and figures, computed from the study's TSVs.

Numbers come from `sweep.tsv`, `comparison.tsv`, `crossings.tsv` and `models.tsv` beside the
report, and the fine-tuning jobs' metrics; every finding sentence is chosen from them. The
headline sections and figures use the headline scoring (the first of `scoring.kinds`); a section
sets the scorings side by side when there are several.
"""
from __future__ import annotations

from pathlib import Path
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from ..markdown import markdown_table
from ..plotting import plt, save_figure

__all__ = ["render_report", "draw_figures", "for_scoring", "model_loss", "pretraining_verdict", "CLEAR_GAIN", "SCORING_NAMES"]

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


def _crossing_lines(rows: pd.DataFrame, label: str) -> list[str]:
    return [f"  {i}. α = {r.alpha:.4f} ({label} = {r['return']:.6f})" for i, (_, r) in enumerate(rows.iterrows(), start=1)]


def _executive_summary(comparison: pd.DataFrame, models: pd.DataFrame, finetuned: Mapping[str, Mapping], tasks: Sequence[str], headline: str) -> list[str]:
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
    lines += [
        f"- Moving along the task vector lowers the general loss below L_base for {n_better} of {len(comparison)} tasks; the lowest general loss is "
        f"{best.min_loss:.4f} for {best.task} at α = {best.optimal_alpha:.4f} ({best.improvement_pct:.2f}% below the base).",
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
    return [
        "## Models",
        "",
        "Mean cross-entropy per scored token (padding masked, averaged over all tokens of a set, not per batch).",
        "",
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


def _insights(comparison: pd.DataFrame) -> list[str]:
    best = comparison.loc[comparison.min_loss.idxmin()]
    smallest = comparison.loc[comparison.optimal_alpha.idxmin()]
    largest = comparison.loc[comparison.optimal_alpha.idxmax()]
    total_crossings = int(comparison.n_zero_crossings.sum())
    total_squaring = int(comparison.n_squaring_returns.sum())
    lines = [
        "## Key Insights",
        "",
        f"**Best General Performance:** {best.task} achieves the lowest loss of {best.min_loss:.4f} at α={best.optimal_alpha:.4f}",
        "",
        f"**Optimal α Variance:** Range of {largest.optimal_alpha - smallest.optimal_alpha:.4f} across tasks",
        f"  - Smallest: {smallest.task} (α={smallest.optimal_alpha:.4f})",
        f"  - Largest: {largest.task} (α={largest.optimal_alpha:.4f})",
        "",
        f"**Zero-Crossing Analysis:** {total_crossings} total zero-crossing{'s' if total_crossings != 1 else ''} found across all tasks",
        "",
    ]
    if total_squaring:
        lines += [f"**Squaring Returns:** {total_squaring} point{'s' if total_squaring != 1 else ''} where L(2α) returns to L_base "
                  "(where L(α) itself does not have to), listed per task above.", ""]
    return lines


def render_report(*, sweep: pd.DataFrame, comparison: pd.DataFrame, crossings: pd.DataFrame, models: pd.DataFrame, finetuned: Mapping[str, Mapping],
                  study_config: Mapping, model_label: str, figures: Mapping[str, str], provenance: str) -> str:
    """The Markdown report; ``finetuned`` maps each task to its fine-tuning metrics, ``figures`` figure keys to paths relative to the report."""
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
        *_executive_summary(head_comparison, models, finetuned, tasks, headline),
        *_models_section(models, finetuned, tasks, categories, scorings),
        *(_scoring_section(comparison, scorings, headline) if len(scorings) > 1 else []),
        *_comparison_table(head_comparison),
        f"![Landscapes of all tasks]({figures['overlay']})",
        "",
        f"![Category losses]({figures['categories']})",
        "",
        "## Detailed Task Analysis",
        "",
    ]
    head_sweep, head_crossings = for_scoring(sweep, headline), for_scoring(crossings, headline)
    for row in head_comparison.itertuples(index=False):
        lines += _task_section(row, head_sweep, head_crossings, categories, figures[f"landscape_{row.task}"])
    lines += [*_insights(head_comparison), provenance]
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
