"""The `distill` report and figures, computed from the study's TSVs.

Numbers come from the TSVs beside the report (points = fractions × 100; log-probabilities and NLL in
nats); intervals are the paired bootstrap ones of ``gains.tsv`` and, for single arms,
``analysis.arm_interval`` recomputed from ``test_items.tsv``. Every finding sentence is chosen by a
small function below from those intervals: a difference counts only when its 95 % interval
excludes 0.
"""
from __future__ import annotations

from typing import Mapping, NamedTuple, Sequence

import pandas as pd

from ..markdown import markdown_table
from ..plotting import plt, save_figure
from .analysis import COMPARISONS, arm_interval

__all__ = ["CI", "VERDICTS", "ci_text", "direction", "teacher_verdict", "task_verdict", "report_verdict", "lr_edge_note", "render_report", "draw_figures",
           "setup_line"]

METRIC_NAMES = {"accuracy": "accuracy", "f1": "F1"}
ARM_NAMES = {"sft": "SFT (λ = 0)", "few": "k-shot teacher", "zero": "0-shot teacher (control)"}


class CI(NamedTuple):
    """An estimate with its 95 % interval."""

    estimate: float
    ci_low: float
    ci_high: float


VERDICTS = {
    "demonstrations": "the demonstrations help",
    "lambda_term": "the λ term helps but not through the demonstrations",
    "unresolved": "distillation helps, but the control cannot tell whether through the demonstrations",
    "hurts": "distillation hurts",
    "noise": "nothing beyond noise",
}
"""Category -> the conclusion it states (``task_verdict``)."""


def ci_text(ci: CI, digits: int = 1) -> str:
    """``'+3.2 [−1.0, +7.5]'``: a signed estimate and its interval.

    >>> ci_text(CI(3.21, -1.0, 7.46))
    '+3.2 [-1.0, +7.5]'
    """
    return f"{ci.estimate:+.{digits}f} [{ci.ci_low:+.{digits}f}, {ci.ci_high:+.{digits}f}]"


def direction(ci: CI) -> int:
    """+1 when the interval lies above 0, -1 below, 0 when it includes 0.

    >>> direction(CI(2.0, 0.5, 3.0)), direction(CI(-2.0, -3.0, -0.1)), direction(CI(1.0, -0.5, 2.0))
    (1, -1, 0)
    """
    return 1 if ci.ci_low > 0 else -1 if ci.ci_high < 0 else 0


def teacher_verdict(logprob: CI, choice: CI | None, n_shots: int) -> str:
    """Whether the demonstrations help the teacher, judged from its logits: gold-answer log-probability, and ranked choice where there are labels.

    A measure moved beyond noise decides; two that move in opposite directions decide nothing.

    >>> teacher_verdict(CI(0.4, 0.1, 0.7), None, 2).endswith("+0.40 [+0.10, +0.70] nats: they help the teacher")
    True
    """
    said = f"the {n_shots} demonstrations {'raise' if logprob.estimate >= 0 else 'lower'} the gold answer's log-probability by {ci_text(logprob, 2)} nats"
    if choice is not None:
        said += f" and change its ranked-choice accuracy by {ci_text(choice)} points"
    signs = {direction(logprob)} | ({direction(choice)} if choice is not None else set())
    if {1, -1} <= signs:
        return said + ": the two measures disagree, so no verdict on the teacher"
    if choice is not None and direction(choice) == 0 and direction(logprob) > 0:
        return said + ": they help the teacher produce the answer, not choose among the labels (the ranked choice is within noise)"
    if 1 in signs:
        return said + ": they help the teacher"
    if -1 in signs:
        return said + ": they hurt the teacher"
    return said + ": no change beyond noise, the teacher gains nothing measurable from them"


def task_verdict(gain: CI, demonstrations: CI, lambda_term: CI) -> str:
    """The category of one task's finding (a key of ``VERDICTS``) from three paired test intervals.

    ``gain`` is the selected k-shot-teacher arm minus the selected SFT; ``demonstrations`` the
    k-shot-teacher arm minus the 0-shot-teacher control; ``lambda_term`` the control minus SFT.
    The gain counts only when its interval lies above 0; it is credited to the demonstrations only
    when their interval does too, and to the λ term alone when the control beats SFT by itself;
    when neither does, the control cannot refute either reading.

    >>> task_verdict(CI(5, 2, 8), CI(4, 1, 7), CI(1, -2, 4)), task_verdict(CI(5, 2, 8), CI(1, -2, 4), CI(4, 1, 7))
    ('demonstrations', 'lambda_term')
    >>> task_verdict(CI(5, 2, 8), CI(2, -1, 5), CI(3, -1, 7)), task_verdict(CI(1, -2, 4), CI(4, 1, 7), CI(4, 1, 7))
    ('unresolved', 'noise')
    >>> task_verdict(CI(-5, -8, -2), CI(0, -3, 3), CI(-5, -8, -2))
    'hurts'
    """
    if direction(gain) > 0:
        if direction(demonstrations) > 0:
            return "demonstrations"
        return "lambda_term" if direction(lambda_term) > 0 else "unresolved"
    return "hurts" if direction(gain) < 0 else "noise"


def task_sentence(task: str, category: str, gain: CI, demonstrations: CI, lambda_term: CI) -> str:
    """The conclusion line of one task, its category's wording followed by the three intervals it rests on."""
    return (f"**{task}**: {VERDICTS[category]}: k-shot teacher − SFT {ci_text(gain)}, k-shot − 0-shot teacher (the demonstrations) "
            f"{ci_text(demonstrations)}, 0-shot teacher − SFT (the λ term alone) {ci_text(lambda_term)} points.")


def report_verdict(categories: Mapping[str, str]) -> str:
    """The report's conclusion from the tasks' categories: the strongest finding any task supports, and where.

    >>> report_verdict({"NLI": "lambda_term", "PA": "noise"})
    'Overall: the λ term helps but not through the demonstrations (NLI); nothing beyond noise on 1 of 2 tasks (PA).'
    >>> report_verdict({"NLI": "noise"})
    'Overall: nothing beyond noise on every task (NLI).'
    """
    groups = {c: [t for t, v in categories.items() if v == c] for c in VERDICTS}
    n = len(categories)
    if len(groups["noise"]) == n:
        return f"Overall: {VERDICTS['noise']} on every task ({', '.join(groups['noise'])})."
    parts = [f"{VERDICTS[c]} ({', '.join(groups[c])})" for c in ("demonstrations", "lambda_term", "unresolved", "hurts") if groups[c]]
    if groups["noise"]:
        parts.append(f"{VERDICTS['noise']} on {len(groups['noise'])} of {n} tasks ({', '.join(groups['noise'])})")
    return "Overall: " + "; ".join(parts) + "."


def _gain(gains: pd.DataFrame, task: str, comparison: str, metric: str | None = None) -> CI:
    rows = gains[(gains.task == task) & (gains.comparison == comparison)]
    if metric is not None:
        rows = rows[rows.metric == metric]
    if len(rows) != 1:
        raise ValueError(f"gains.tsv: expected one row for {task} {comparison} {metric or ''}, found {len(rows)}")
    r = rows.iloc[0]
    return CI(float(r.estimate), float(r.ci_low), float(r.ci_high))


def _score(table: pd.DataFrame, **where) -> float:
    rows = table
    for key, value in where.items():
        rows = rows[rows[key] == value]
    if len(rows) != 1:
        raise ValueError(f"expected one row for {where}, found {len(rows)}")
    return float(rows.iloc[0].score)


def _point(selection: pd.DataFrame, task: str, arm: str) -> str:
    r = selection[(selection.task == task) & (selection.arm == arm)].iloc[0]
    return f"λ {r['lambda']:g}, lr {r['lr']:g}"


def _teacher_section(teacher: pd.DataFrame, gains: pd.DataFrame, tasks: Sequence[str], primary: Mapping[str, str]) -> list[str]:
    rows, lines = [], []
    for task in tasks:
        get = lambda setting, metric: _score(teacher, task=task, setting=setting, metric=metric)
        has_choice = not teacher[(teacher.task == task) & (teacher.metric == "choice_accuracy")].empty
        choice = _gain(gains, task, "teacher_demonstrations", "choice_accuracy") if has_choice else None
        logprob = _gain(gains, task, "teacher_demonstrations", "gold_logprob")
        n_shots = int(teacher[(teacher.task == task) & (teacher.setting == "few_shot")].n_shots.iloc[0])
        rows.append([task, f"{get('zero_shot', primary[task]):.1f}", f"{get('few_shot', primary[task]):.1f}",
                     f"{get('zero_shot', 'gold_logprob'):.2f}", f"{get('few_shot', 'gold_logprob'):.2f}", ci_text(logprob, 2),
                     f"{get('zero_shot', 'choice_accuracy'):.1f}" if has_choice else "–", f"{get('few_shot', 'choice_accuracy'):.1f}" if has_choice else "–",
                     ci_text(choice) if choice else "–", f"{get('few_shot', 'demonstrations'):.2f} of {n_shots}"])
        lines.append(f"- **{task}**: {teacher_verdict(logprob, choice, n_shots)}.")
    table = markdown_table(["Task", "Generation 0-shot", "Generation k-shot", "log p(gold) 0-shot", "log p(gold) k-shot", "Δ log p [95% CI]",
                            "Choice 0-shot", "Choice k-shot", "Δ choice [95% CI]", "Demonstrations kept"], rows, align="lrrrrrrrrr").splitlines()
    return [*table, "", *lines]


def _summary_table(items: pd.DataFrame, gains: pd.DataFrame, selection: pd.DataFrame, baselines: pd.DataFrame, tasks: Sequence[str],
                   categories: Mapping[str, str]) -> list[str]:
    rows = []
    for task in tasks:
        arms = {arm: arm_interval(items, task, arm) for arm in ("sft", "few", "zero")}
        b = baselines[baselines.task == task].iloc[0]
        rows.append([task, f"{arms['sft'].estimate:.1f} ({_point(selection, task, 'sft')})", f"{arms['few'].estimate:.1f} ({_point(selection, task, 'few')})",
                     ci_text(_gain(gains, task, "distillation")), f"{arms['zero'].estimate:.1f} ({_point(selection, task, 'zero')})",
                     ci_text(_gain(gains, task, "demonstrations")), METRIC_NAMES.get(b.metric, b.metric), f"{b.score:.1f}", VERDICTS[categories[task]]])
    return markdown_table(["Task", "SFT (selected lr)", "Distilled, k-shot teacher (selected)", "Gain over SFT [95% CI]", "Control: 0-shot teacher (selected)",
                           "Gain due to demonstrations [95% CI]", "Metric", "Trivial baseline", "Conclusion"], rows, align="lrrrrrlrl").splitlines()


def _arm_table(items: pd.DataFrame, tasks: Sequence[str]) -> list[str]:
    rows = []
    for task in tasks:
        for arm in ("sft", "few", "zero"):
            ci = arm_interval(items, task, arm)
            sub = items[(items.task == task) & (items.arm == arm)]
            rows.append([task, ARM_NAMES[arm], f"{ci.estimate:.1f} [{ci.ci_low:.1f}, {ci.ci_high:.1f}]", sub.seed.nunique(), sub.item.nunique(),
                         int((~sub.parsed.astype(bool)).sum())])
    return markdown_table(["Task", "Arm", "Test score [95% CI]", "Seeds", "Test items", "Parse failures"], rows, align="llrrrr").splitlines()


def _dev_table(dev: pd.DataFrame, selection: pd.DataFrame, task: str) -> list[str]:
    rows = []
    means = dev[dev.task == task].groupby(["arm", "lambda", "lr"], sort=True).dev_nll.agg(["mean", "count"]).reset_index()
    for r in means.itertuples():
        chosen = selection[(selection.task == task) & (selection.arm == r.arm)].iloc[0]
        mark = " ← selected" if (chosen["lambda"], chosen["lr"]) == (r._2, r.lr) else ""
        rows.append([ARM_NAMES[r.arm], f"{r._2:g}", f"{r.lr:g}", f"{r.mean:.4f}{mark}", int(r.count)])
    return markdown_table(["Arm", "λ", "lr", "Dev NLL (mean over seeds)", "Seeds"], rows, align="lrrll").splitlines()


def lr_edge_note(selection: pd.DataFrame, lrs: Sequence[float], task: str) -> str:
    """A sentence naming the arms of ``task`` whose selected lr is the grid's largest or smallest ('' when none is, or the grid has one lr).

    >>> sel = pd.DataFrame({"task": ["T", "T"], "arm": ["sft", "few"], "lr": [0.3, 0.2]})
    >>> lr_edge_note(sel, [0.1, 0.2, 0.3], "T")
    'Selected at the edge of the lr grid: SFT (λ = 0) at its largest lr (0.3); a wider grid might do better on dev.'
    """
    if len(lrs) < 2:
        return ""
    rows = selection[selection.task == task]
    parts = [f"{ARM_NAMES[r.arm]} at its {'largest' if r.lr == max(lrs) else 'smallest'} lr ({r.lr:g})" for r in rows.itertuples() if r.lr in (max(lrs), min(lrs))]
    return f"Selected at the edge of the lr grid: {'; '.join(parts)}; a wider grid might do better on dev." if parts else ""


def _divergence_lines(divergence: pd.DataFrame) -> list[str]:
    if divergence.empty:
        return ["D is a KL divergence over the whole vocabulary: no top-k share applies."]
    rows = [[r.task, r.teacher, f"{r.top_k} of {r.vocab_size}", f"{100 * r.top_k_share:.2f} %", f"{100 * r.top_k_mass:.1f} %", f"{r.mean_demonstrations:.2f}"]
            for r in divergence.sort_values(["task", "teacher"]).itertuples()]
    return markdown_table(["Task", "Teacher", "Top-k", "Share of the vocabulary", "Teacher probability on its top-k (mean)", "Demonstrations kept (mean)"],
                          rows, align="llrrrr").splitlines()


def render_report(*, test_items: pd.DataFrame, dev: pd.DataFrame, selection: pd.DataFrame, gains: pd.DataFrame, teacher: pd.DataFrame,
                  divergence: pd.DataFrame, baselines: pd.DataFrame, study_config: Mapping, figures: Mapping[str, str],
                  provenance: str, setup: str) -> str:
    """The Markdown report; ``figures`` maps ``<task>`` and ``combined`` to paths relative to the report.

    The intervals come from ``gains.tsv`` and ``test_items.tsv`` (``scores.tsv`` and ``teacher_items.tsv`` hold the same
    evaluations per run and per teacher item, for readers).
    """
    items = test_items
    tasks = list(study_config["tasks"])
    primary = {r.task: r.metric for r in baselines.itertuples()}
    categories = {t: task_verdict(*(_gain(gains, t, name) for name in ("distillation", "demonstrations", "lambda_term"))) for t in tasks}
    n_seeds, n_items = items.seed.nunique(), items.groupby("task").item.nunique().min()
    lines = ["# Few-Shot-Teacher Distillation: Controlled λ Sweep Results", "", setup, "",
             f"Test scores are points (fractions × 100) on {n_items} or more test examples, greedy decoding, zero-shot prompt, {n_seeds} seeds. "
             "Each arm's λ and lr are selected on the dev split (gold-answer NLL, mean over seeds); nothing is selected on test. "
             "Intervals are 95 % paired bootstrap intervals over seeds and test items (2,000 resamples); a difference counts only when its interval excludes 0.", "",
             "## Teacher quality", "",
             "The teacher is the frozen base model; k-shot = with the demonstrations the distillation teacher sees, 0-shot = without. "
             "Generation: the task's metric on greedy outputs (points). log p(gold): the gold answer's log-probability (nats, mean over test items). "
             "Choice: ranked-choice accuracy over the label words (points; classification tasks). Δ = k-shot − 0-shot, bootstrap over test items.", "",
             *_teacher_section(teacher, gains, tasks, primary), "",
             "## Summary Table", "",
             "Scores at each arm's selected point (mean over seeds); gains are paired differences with their intervals. "
             "The control is the same training with a teacher that gets no demonstrations (k = 0, same sequences otherwise).", "",
             *_summary_table(items, gains, selection, baselines, tasks, categories), "",
             "## Arms on test", "", *_arm_table(items, tasks), "",
             "## Conclusions", ""]
    for task in tasks:
        lines.append("- " + task_sentence(task, categories[task], _gain(gains, task, "distillation"), _gain(gains, task, "demonstrations"),
                                          _gain(gains, task, "lambda_term")))
    lines += ["", report_verdict(categories), "", "## Dev selection", "",
              "Every grid point and seed is scored on the dev split (held-out training rows) by its mean NLL per gold answer token; "
              "each arm's point with the lowest mean over seeds is the one evaluated on test.", ""]
    for task in tasks:
        edge = lr_edge_note(selection, study_config["train"]["lrs"], task)
        lines += [f"### {task}", "", f"![{task.lower()} dev sweep]({figures[task]})", "", *_dev_table(dev, selection, task), "", *([edge, ""] if edge else [])]
    lines += ["### All tasks", "", f"![gains]({figures['combined']})", "", "## The distillation term D", "", *_divergence_lines(divergence), ""]
    tagging = [t for t in tasks if t in ("NER", "POS")]
    if tagging:
        lines += ["## Tagging parse", "",
                  "NER and POS answer with one tag per given word (the words are not repeated). The first non-blank output line is split on "
                  "whitespace and item i is word i's tag; an unknown tag and every word past the last item get O for NER and count as wrong for "
                  "POS; extra items are dropped. An output with another number of tags than the sentence has words is a parse failure: still "
                  "read by position, but its later tags may be shifted. Failures (outputs, all seeds):", ""]
        rows = [[t, ARM_NAMES[arm], f"{int((~items[(items.task == t) & (items.arm == arm)].parsed.astype(bool)).sum())} of "
                 f"{len(items[(items.task == t) & (items.arm == arm)])}"] for t in tagging for arm in ("sft", "few", "zero")]
        lines += [*markdown_table(["Task", "Arm", "Parse failures (all seeds)"], rows, align="llr").splitlines(), ""]
    lines += [provenance]
    return "\n".join(lines) + "\n"


def draw_figures(*, dev: pd.DataFrame, gains: pd.DataFrame, tasks: Sequence[str], task_paths: Mapping[str, str], combined_path: str) -> None:
    """Per task, dev NLL against λ for each arm and lr (symlog λ axis; SFT at λ = 0); and every task's test gains with their intervals."""
    positive = sorted(l for l in dev["lambda"].unique() if l > 0)
    linthresh = positive[0] if positive else 1.0
    for task in tasks:
        fig, ax = plt.subplots(figsize=(6.2, 3.8))
        means = dev[dev.task == task].groupby(["arm", "lr", "lambda"]).dev_nll.mean().reset_index()
        for j, lr in enumerate(sorted(means.lr.unique())):
            sft = means[(means.arm == "sft") & (means.lr == lr)].dev_nll
            for arm, style in (("few", "o-"), ("zero", "s--")):
                rows = means[(means.arm == arm) & (means.lr == lr)].sort_values("lambda")
                ax.plot([0.0, *rows["lambda"]], [*sft, *rows.dev_nll], style, color=f"C{j}", label=f"{ARM_NAMES[arm]}, lr {lr:g}")
        ax.set_xscale("symlog", linthresh=linthresh)
        ax.set_xlabel("λ (distillation weight, symlog; 0 = SFT)")
        ax.set_ylabel("dev NLL per answer token (nats)")
        ax.set_title(f"{task}: dev NLL against λ (lower is better)")
        ax.legend(fontsize=7, loc="best")
        save_figure(fig, task_paths[task])

    fig, ax = plt.subplots(figsize=(6.2, 3.8))
    for j, name in enumerate(COMPARISONS):
        for i, task in enumerate(tasks):
            ci = _gain(gains, task, name)
            ax.errorbar([i + (j - 1) * 0.22], [ci.estimate], yerr=[[ci.estimate - ci.ci_low], [ci.ci_high - ci.estimate]], fmt="o", color=f"C{j}",
                        capsize=3, label={"distillation": "k-shot teacher − SFT", "demonstrations": "k-shot − 0-shot teacher",
                                          "lambda_term": "0-shot teacher − SFT"}[name] if i == 0 else None)
    ax.axhline(0, color="0.3", ls="--", lw=1)
    ax.set_xticks(range(len(tasks)), tasks)
    ax.set_ylabel("test difference (points, 95 % CI)")
    ax.set_title("Paired test differences at the selected points")
    ax.legend(fontsize=7, loc="best")
    save_figure(fig, combined_path)


def setup_line(study_config: Mapping, model_label: str) -> str:
    """The report's **Setup** paragraph, from the config."""
    train, lora, div = study_config["train"], study_config["lora"], study_config["divergence"]
    d = (f"MSE over the teacher's top {100 * div['top_k_share']:g} % of the vocabulary's logits" if div["kind"] == "mse_topk"
         else f"KL at temperature {div['temperature']:g}")
    sources = sorted({"synthetic (generated, hub schema)" if spec[s].get("synthetic") else (f"hub {spec[s]['hub']}" if "hub" in spec[s] else "local files")
                      for spec in study_config["tasks"].values() for s in ("train", "test")})
    return (f"**Setup**: {model_label}, LoRA r {lora['r']} / alpha {lora['alpha']:g}, {train['steps']} steps of effective batch "
            f"{train['batch_size'] * train['grad_accum']}, lr ∈ {{{', '.join(f'{x:g}' for x in train['lrs'])}}}, D = {d}; "
            f"λ ∈ {{{', '.join(f'{x:g}' for x in study_config['lambdas'])}}}; seeds {list(study_config['seeds'])}; "
            f"{study_config['eval']['n_examples']} test and {study_config['eval']['n_dev']} dev examples at most; data: {', '.join(sources)}.")
