"""The `distill` report and figures, computed from the study's TSVs.

Numbers come from `scores.tsv`, `summary.tsv`, `teacher.tsv` and `baselines.tsv` beside the
report (points = fractions × 100); every finding sentence is chosen from them.
"""
from __future__ import annotations

import math
from typing import Mapping, Sequence

import pandas as pd

from ..markdown import markdown_table
from ..plotting import plt, save_figure
from .analysis import TaskSweep, task_sweep

__all__ = ["CLEAR_MARGIN", "render_report", "draw_figures", "setup_line", "mean_std", "baseline_verdict", "gain_verdict", "teacher_verdict"]

CLEAR_MARGIN = 5.0
"""Points above the trivial baseline for a score to count as clearly above it."""

METRIC_NAMES = {"accuracy": "accuracy", "f1": "F1"}


def mean_std(mean: float, std: float) -> str:
    """``'88.8 ± 1.2'``; the std is left out when it is unknown (one seed).

    >>> mean_std(88.83, 1.24), mean_std(50.0, float("nan"))
    ('88.8 ± 1.2', '50.0')
    """
    return f"{mean:.1f}" if math.isnan(std) else f"{mean:.1f} ± {std:.1f}"


def baseline_verdict(score: float, baseline: float) -> str:
    """How far the SFT score is above the trivial baseline.

    >>> baseline_verdict(60.0, 33.3)
    'clearly above it (+26.7 points)'
    """
    margin = score - baseline
    if margin >= CLEAR_MARGIN:
        return f"clearly above it ({margin:+.1f} points)"
    if margin > 0:
        return f"only marginally above it ({margin:+.1f} points, less than {CLEAR_MARGIN:.0f}): fine-tuning barely learned this task"
    return f"not above it ({margin:+.1f} points): fine-tuning did not learn this task"


def gain_verdict(sweep: TaskSweep) -> str:
    """The finding of one task's sweep: did distillation help, and is the gain beyond seed noise?"""
    if sweep.best_lambda == 0.0:
        return f"distillation did not help: no λ > 0 beats SFT ({sweep.sft_mean:.1f})"
    noise = sweep.gain_beyond_noise
    if noise is None:
        judged = "with one seed there is no spread to judge it against"
    elif noise:
        judged = f"larger than the seed-to-seed spread ({sweep.spread:.1f} points)"
    else:
        judged = f"within the seed-to-seed spread ({sweep.spread:.1f} points), so not distinguishable from noise"
    return f"best λ = {sweep.best_lambda:g} ({sweep.gain:+.1f} points over SFT); the gain is {judged}"


def teacher_verdict(zero_shot: float, few_shot: float, n_shots: int) -> str:
    """Whether the demonstrations made the teacher better than the bare base model.

    >>> teacher_verdict(40.0, 45.5, 5)
    'the 5 demonstrations raise the base model from 40.0 to 45.5 (+5.5 points): the teacher knows more than the zero-shot model'
    """
    delta = few_shot - zero_shot
    if delta >= CLEAR_MARGIN:
        return f"the {n_shots} demonstrations raise the base model from {zero_shot:.1f} to {few_shot:.1f} ({delta:+.1f} points): the teacher knows more than the zero-shot model"
    if delta > 0:
        return (f"the {n_shots} demonstrations barely help the base model ({zero_shot:.1f} zero-shot, {few_shot:.1f} few-shot, "
                f"{delta:+.1f} points, less than {CLEAR_MARGIN:.0f}): the teacher has little to teach")
    return f"the {n_shots} demonstrations do not help the base model ({zero_shot:.1f} zero-shot, {few_shot:.1f} few-shot): the teacher has little to teach"


def _lookup(table: pd.DataFrame, **where) -> pd.Series:
    rows = table
    for key, value in where.items():
        rows = rows[rows[key] == value]
    if len(rows) != 1:
        raise ValueError(f"expected one row for {where}, found {len(rows)}")
    return rows.iloc[0]


def _summary_table(sweeps: Sequence[TaskSweep], baselines: pd.DataFrame) -> list[str]:
    rows = []
    for s in sweeps:
        b = _lookup(baselines, task=s.task)
        rows.append([s.task, mean_std(s.sft_mean, s.sft_std), f"{s.best_lambda:g}", mean_std(s.best_mean, s.best_std), f"{s.gain:+.1f}",
                     "–" if math.isnan(s.spread) else f"{s.spread:.1f}", METRIC_NAMES.get(b.metric, b.metric), f"{b.score:.1f}"])
    return markdown_table(["Task", "SFT (λ=0)", "Best λ", "Best Score", "Gain (points)", "Spread (std)", "Metric", "Trivial baseline"], rows, align="lllllllr").splitlines()


def _teacher_table(teacher: pd.DataFrame, tasks: Sequence[str], primary: Mapping[str, str]) -> list[str]:
    rows = []
    for task in tasks:
        zero = _lookup(teacher, task=task, setting="zero_shot", metric=primary[task])
        few = _lookup(teacher, task=task, setting="few_shot", metric=primary[task])
        rows.append([task, f"{zero.score:.1f}", f"{few.score:.1f}", int(few.n_shots), f"{few.score - zero.score:+.1f}", METRIC_NAMES.get(primary[task], primary[task])])
    return markdown_table(["Task", "Base zero-shot", "Teacher (few-shot)", "k", "Difference", "Metric"], rows, align="lrrrrl").splitlines()


def _lambda_table(summary: pd.DataFrame, sweep: TaskSweep) -> list[str]:
    rows = []
    for _, r in summary[summary.task == sweep.task].sort_values("lambda").iterrows():
        mark = " ← best" if r["lambda"] == sweep.best_lambda else ""
        rows.append([f"{r['lambda']:g}", mean_std(r["mean"], r["std"]) + mark, int(r["n_seeds"])])
    return markdown_table(["λ", "Score (mean ± std)", "Seeds"], rows, align="lll").splitlines()


def render_report(*, scores: pd.DataFrame, summary: pd.DataFrame, teacher: pd.DataFrame, baselines: pd.DataFrame,
                  study_config: Mapping, figures: Mapping[str, str], provenance: str, setup: str) -> str:
    """The Markdown report; ``figures`` maps ``<task>`` and ``combined`` to paths relative to the report."""
    tasks = list(study_config["tasks"])
    primary = {r.task: r.metric for r in baselines.itertuples()}
    sweeps = [task_sweep(summary, t) for t in tasks]
    lines = ["# Few-Shot-Teacher Distillation: Isolated λ Sweep Results", "", setup, "",
             "Scores are points (fractions × 100) on the first test examples, greedy decoding, zero-shot prompt; "
             "mean ± sample std over seeds. Gain = best mean − SFT mean; Spread = the larger std of the two.", "",
             "## Summary Table", "", *_summary_table(sweeps, baselines), "",
             "## Teacher", "",
             "The teacher is the frozen base model with demonstrations in its prompt; scored once per task on the same test examples.", "",
             *_teacher_table(teacher, tasks, primary), "",
             "## Per-Task Lambda Sensitivity", ""]
    for s in sweeps:
        lines += [f"### {s.task}", "", f"![{s.task.lower()} lambda sweep]({figures[s.task]})", "", *_lambda_table(summary, s), ""]
    lines += ["### All tasks", "", f"![lambda sweep combined]({figures['combined']})", "", "## Analysis & Ideal Lambdas", ""]
    for s in sweeps:
        b = _lookup(baselines, task=s.task)
        zero = _lookup(teacher, task=s.task, setting="zero_shot", metric=primary[s.task])
        few = _lookup(teacher, task=s.task, setting="few_shot", metric=primary[s.task])
        lines.append(
            f"- **{s.task}**: {gain_verdict(s)}. Sensitivity: the mean moves by {s.sensitivity:.1f} points across the λ grid. "
            f"SFT scores {s.sft_mean:.1f} against the trivial baseline's {b.score:.1f} ({b.description}): {baseline_verdict(s.sft_mean, b.score)}. "
            f"Teacher: {teacher_verdict(zero.score, few.score, int(few.n_shots))}."
        )
    helped = [s for s in sweeps if s.best_lambda > 0 and s.gain_beyond_noise]
    lines += ["", f"Distillation gives a gain beyond the seed-to-seed spread on {len(helped)} of {len(sweeps)} tasks"
              + (f" ({', '.join(f'{s.task} at λ = {s.best_lambda:g}' for s in helped)})." if helped else "."), "", provenance]
    return "\n".join(lines) + "\n"


def draw_figures(*, scores: pd.DataFrame, summary: pd.DataFrame, teacher: pd.DataFrame, baselines: pd.DataFrame, tasks: Sequence[str],
                 task_paths: Mapping[str, str], combined_path: str) -> None:
    """One λ-sweep figure per task (symlog λ axis, seeds as dots, mean ± std band, SFT line, best point) and a combined one."""
    primary = {r.task: r.metric for r in baselines.itertuples()}
    positive = sorted(l for l in summary["lambda"].unique() if l > 0)
    linthresh = positive[0] if positive else 1.0
    for task in tasks:
        rows = summary[summary.task == task].sort_values("lambda")
        sweep = task_sweep(summary, task)
        seeds = scores[(scores.task == task) & (scores.metric == primary[task])]
        fig, ax = plt.subplots(figsize=(6.2, 3.8))
        std = rows["std"].fillna(0).to_numpy()
        ax.fill_between(rows["lambda"], rows["mean"] - std, rows["mean"] + std, alpha=0.2, color="C0", label="mean ± std over seeds")
        ax.plot(rows["lambda"], rows["mean"], "o-", color="C0", label="mean")
        ax.scatter(seeds["lambda"], seeds["score"], s=12, color="C0", alpha=0.45, label="single seeds")
        ax.axhline(sweep.sft_mean, color="0.3", ls="--", lw=1, label="SFT (λ = 0)")
        ax.axhline(_lookup(baselines, task=task).score, color="C3", ls=":", lw=1, label="trivial baseline")
        ax.axhline(_lookup(teacher, task=task, setting="few_shot", metric=primary[task]).score, color="C2", ls="-.", lw=1, label="few-shot teacher")
        ax.plot([sweep.best_lambda], [sweep.best_mean], marker="*", ms=14, color="C1", ls="none", label=f"best (λ = {sweep.best_lambda:g})")
        ax.set_xscale("symlog", linthresh=linthresh)
        ax.set_xlabel("λ (distillation weight, symlog)")
        ax.set_ylabel(f"{METRIC_NAMES.get(primary[task], primary[task])} (points)")
        ax.set_title(f"{task}: score against λ")
        ax.legend(fontsize=7, loc="best")
        save_figure(fig, task_paths[task])

    fig, ax = plt.subplots(figsize=(6.2, 3.8))
    for i, task in enumerate(tasks):
        rows = summary[summary.task == task].sort_values("lambda")
        sft = task_sweep(summary, task).sft_mean
        ax.plot(rows["lambda"], rows["mean"] - sft, "o-", color=f"C{i}", label=f"{task} ({METRIC_NAMES.get(primary[task], primary[task])})")
    ax.axhline(0, color="0.3", ls="--", lw=1)
    ax.set_xscale("symlog", linthresh=linthresh)
    ax.set_xlabel("λ (distillation weight, symlog)")
    ax.set_ylabel("mean score − SFT (points)")
    ax.set_title("Gain over SFT, every task")
    ax.legend(fontsize=7, loc="best")
    save_figure(fig, combined_path)


def setup_line(study_config: Mapping, model_label: str) -> str:
    """The report's **Setup** paragraph, from the config."""
    train, lora, div = study_config["train"], study_config["lora"], study_config["divergence"]
    d = f"MSE over the teacher's top-{div['top_k']} logits" if div["kind"] == "mse_topk" else f"KL at temperature {div['temperature']:g}"
    sources = sorted({"synthetic (generated, hub schema)" if spec[s].get("synthetic") else (f"hub {spec[s]['hub']}" if "hub" in spec[s] else "local files")
                      for spec in study_config["tasks"].values() for s in ("train", "test")})
    return (f"**Setup**: {model_label}, LoRA r {lora['r']} / alpha {lora['alpha']:g}, {train['steps']} steps of effective batch "
            f"{train['batch_size'] * train['grad_accum']}, lr {train['lr']:g}, D = {d}; "
            f"λ ∈ {{{', '.join(f'{x:g}' for x in study_config['lambdas'])}}}; seeds {list(study_config['seeds'])}; "
            f"{study_config['eval']['n_examples']} test examples at most; data: {', '.join(sources)}.")

