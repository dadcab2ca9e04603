"""The `sae_stability` report and figures, computed from the study's TSVs.

Every number printed here is read from a TSV beside the report and formatted with the specs
below, so a reader can recompute each one; every finding sentence is chosen from those numbers.
"""
from __future__ import annotations

from pathlib import Path
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from ..markdown import markdown_table
from ..plotting import plt, save_figure
from .analysis import compare_to_random, seed_matrix

__all__ = ["TASK_DESCRIPTIONS", "render_report", "draw_figures", "pct", "learning_verdict"]

TASK_DESCRIPTIONS = {
    "modular_arithmetic": "modular addition: input `a + b =`, the model predicts `(a + b) mod p` at `=`",
    "copy": "sequence copying: input `x1 … xL SEP`, the model reproduces `x1 … xL` one token at a time",
}


def pct(x: float) -> str:
    """A fraction as a percentage with one decimal, as every percentage in the report."""
    return f"{100 * x:.1f}%"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def learning_verdict(accuracy: float, chance: float) -> str:
    """How well a transformer learned its task, from validation accuracy against chance.

    >>> learning_verdict(0.99, 0.05)
    'learned the task'
    """
    if accuracy >= 0.9:
        return "learned the task"
    if accuracy >= 2 * chance:
        return "learned the task only partly"
    return "did not learn the task beyond chance, so its activations carry little task structure"


MARGINAL_EXCESS = 0.05
"""An excess of trained over random PWMCC below this is called marginal in the report's wording."""


def _verdict_sentence(verdict: str, excess: float) -> str:
    if verdict == "above":
        degree = "only marginally" if excess < MARGINAL_EXCESS else "clearly"
        return (f"every trained pair lies above every random draw, so the seeds share more features than geometry alone gives, "
                f"{degree} (an excess under {MARGINAL_EXCESS} counts as marginal here)")
    if verdict == "below":
        return "every trained pair lies below every random draw"
    return "the trained pairs overlap the random draws, so there is no evidence of shared features beyond geometry"


def _task_verdicts(pwmcc: pd.DataFrame, random: pd.DataFrame, tasks: Sequence[str]) -> dict[str, str]:
    return {t: compare_to_random(pwmcc.loc[pwmcc.task == t, "pwmcc"], random.loc[random.task == t, "pwmcc"]) for t in tasks}


def _executive_summary(summary: pd.DataFrame, pwmcc: pd.DataFrame, models: pd.DataFrame, verdicts: Mapping[str, str], threshold: float) -> list[str]:
    lines = ["## Executive Summary", ""]
    for row in summary.itertuples(index=False):
        model = models.set_index("task").loc[row.task]
        n_stable = int((pwmcc.loc[pwmcc.task == row.task, "pwmcc"] >= threshold).sum())
        lines.append(
            f"- **{row.task}**: mean PWMCC {row.mean:.3f} ± {row.std:.3f} over {row.n_pairs} seed pairs, against "
            f"{row.random_mean:.3f} for random dictionaries of the same shape (trained − random = {row.mean - row.random_mean:+.3f}); "
            f"{_verdict_sentence(verdicts[row.task], row.mean - row.random_mean)}. {n_stable} of {row.n_pairs} pairs reach the {threshold} stability line. "
            f"The transformer it reads from reaches {pct(model.val_accuracy)} validation accuracy (chance {pct(model.chance_accuracy)}): "
            f"it {learning_verdict(model.val_accuracy, model.chance_accuracy)}."
        )
    return lines + [""]


def _setup(config: Mapping, models: pd.DataFrame, sae_config: Mapping, seeds: Sequence[int]) -> list[str]:
    lines = ["## Experimental Setup", ""]
    for task, spec in config["tasks"].items():
        model = models.set_index("task").loc[task]
        m, tr, act = spec["model"], spec["train"], spec["activations"]
        data = ", ".join(f"{k} {v}" for k, v in spec["data"].items())
        lines += [
            f"### {task}",
            f"- **Task**: {TASK_DESCRIPTIONS[task]} ({data})",
            f"- **Transformer**: {_plural(m['n_layers'], 'layer')}, d_model {m['d_model']}, {_plural(m['n_heads'], 'head')}, d_mlp {m['d_mlp']} "
            f"({int(model.n_params):,} parameters), trained {int(model.epochs)} epochs (AdamW lr {tr['lr']}, weight decay {tr['weight_decay']})",
            f"- **Performance**: train accuracy {pct(model.train_accuracy)}, validation accuracy {pct(model.val_accuracy)} "
            f"(whole answers right: {pct(model.val_sequence_accuracy)}; chance {pct(model.chance_accuracy)}); validation loss {model.val_loss:.4f}",
            f"- **Activations**: {int(model.n_activations):,} residual-stream vectors after block {act['layer']} at the answer positions",
            "",
        ]
    d_models = sorted({spec["model"]["d_model"] for spec in config["tasks"].values()})
    lines += [
        "### SAEs",
        f"- TopK SAE, k = {sae_config['k']}, expansion {sae_config['expansion']}× "
        f"(d_sae = {', '.join(str(sae_config['expansion'] * d) for d in d_models)}), AuxK coefficient {sae_config['auxk_coef']:.4g}, "
        f"{sae_config['epochs']} epochs, batch {sae_config['batch_size']}",
        f"- Seeds {', '.join(map(str, seeds))}: {len(seeds)} SAEs and {len(seeds) * (len(seeds) - 1) // 2} pairs per task; "
        f"the batch order is the same for every seed (data-order seed {sae_config['data_order_seed']}), so seeds differ only in initialisation",
        "",
    ]
    return lines


def _results(summary: pd.DataFrame, pwmcc: pd.DataFrame, random: pd.DataFrame, comparison: pd.DataFrame, seeds: Sequence[int], threshold: float) -> list[str]:
    rows = []
    for row in summary.itertuples(index=False):
        task_pairs, task_random = pwmcc[pwmcc.task == row.task], random[random.task == row.task]
        rows.append([
            f"**{row.task}**", f"{row.mean:.3f}", f"±{row.std:.3f}", f"[{row.min:.3f}, {row.max:.3f}]", row.n_pairs,
            f"{row.random_mean:.3f} ± {row.random_std:.3f}", f"{row.mean - row.random_mean:+.3f}",
            f"{task_pairs.matched_mcc.mean():.3f}", f"{task_random.matched_mcc.mean():.3f}", pct(task_pairs.shared_frac.mean()),
        ])
    lines = [
        "## Results", "", "### PWMCC Comparison", "",
        markdown_table(["Task", "Mean PWMCC", "Std Dev", "Range", "N Comparisons", "Random PWMCC", "Trained − Random",
                        "Matched MCC", "Random Matched MCC", f"Shared (> {threshold})"], rows),
        "PWMCC: for each decoder direction the largest |cos| with the other SAE, averaged both ways. Matched MCC: mean |cos| "
        f"under a one-to-one (Hungarian) matching; shared: fraction of matched pairs above {threshold}. Std Dev is the sample "
        "std (ddof = 1) over seed pairs; random: pairs of random unit dictionaries of the same shape.",
        "",
        "### Statistical Analysis",
        "",
    ]
    if comparison.empty:
        lines += ["Only one task is configured: there is no task comparison.", ""]
    for row in comparison.itertuples(index=False):
        excludes_zero = row.ci_low > 0 or row.ci_high < 0
        lines += [
            f"**{row.task_a} − {row.task_b}** (mean PWMCC {row.mean_a:.3f} vs {row.mean_b:.3f}):",
            f"- Difference: {row.diff:+.3f}",
            f"- 95% CI for the difference (bootstrap over seeds, {row.n_resamples} resamples): [{row.ci_low:+.3f}, {row.ci_high:+.3f}]",
            f"- Bootstrap p-value (two-sided): {row.p_value:.4f}",
            f"- Cohen's d (over pair values, descriptive): {row.cohens_d:.2f}",
            "- " + (f"The interval excludes 0: the tasks differ in seed stability ({row.task_a if row.diff > 0 else row.task_b} is more stable)."
                    if excludes_zero else f"The interval includes 0: no difference between the tasks is detectable with {len(seeds)} seeds."),
            "",
        ]
    lines += ["Seed pairs share SAEs, so they are not independent samples: the interval resamples seeds, not pairs "
              "(a z-test over pairs would overstate the evidence).", ""]
    for task in summary.task:
        matrix = seed_matrix(pwmcc[pwmcc.task == task], seeds)
        header = "seed    " + " ".join(f"{s:>7}" for s in seeds)
        body = [f"{s:<7} " + " ".join(f"{v:7.3f}" for v in matrix[i]) for i, s in enumerate(seeds)]
        lines += [f"### PWMCC Matrix ({task})", "", "```", header, *body, "```", ""]
    return lines


def _findings(summary: pd.DataFrame, pwmcc: pd.DataFrame, sae_metrics: pd.DataFrame, verdicts: Mapping[str, str], threshold: float) -> list[str]:
    lines = ["## Key Findings", ""]
    for i, row in enumerate(summary.itertuples(index=False), start=1):
        task_sae = sae_metrics[sae_metrics.task == row.task]
        n_stable = int((pwmcc.loc[pwmcc.task == row.task, "pwmcc"] >= threshold).sum())
        lines += [
            f"### {i}. {row.task}: {'above' if verdicts[row.task] == 'above' else 'not above'} the random baseline",
            f"- PWMCC {row.mean:.3f} vs random {row.random_mean:.3f} ({row.mean - row.random_mean:+.3f}); {_verdict_sentence(verdicts[row.task], row.mean - row.random_mean)}.",
            f"- {n_stable} of {row.n_pairs} pairs reach PWMCC ≥ {threshold}: "
            + ("the SAEs are stable across seeds by this criterion." if n_stable == row.n_pairs else "by this criterion the SAEs are not stable across seeds."),
            f"- Reconstruction is {'good' if task_sae.explained_variance.min() >= 0.9 else 'incomplete'}: explained variance "
            f"{task_sae.explained_variance.min():.4f} to {task_sae.explained_variance.max():.4f}, dead latents "
            f"{pct(task_sae.dead_frac.min())} to {pct(task_sae.dead_frac.max())}, L0 {task_sae.l0.mean():.2f}.",
            "",
        ]
    return lines


def _random_section(summary: pd.DataFrame, random: pd.DataFrame, n_shapes: Mapping[str, str]) -> list[str]:
    rows = [[row.task, n_shapes[row.task], int((random.task == row.task).sum()), f"{row.random_mean:.3f}", f"±{row.random_std:.3f}"] for row in summary.itertuples(index=False)]
    return [
        "## Random Baseline",
        "",
        "Random unit dictionaries of the SAEs' shape reach a PWMCC well above 0 by geometry alone (many directions in few "
        "dimensions always find a close neighbour). Only the excess over this baseline measures learned, shared features.",
        "",
        markdown_table(["Task", "Dictionary shape", "Draws", "Random PWMCC", "Std Dev"], rows),
    ]


def _metrics_section(sae_metrics: pd.DataFrame, tasks: Sequence[str]) -> list[str]:
    lines = ["## Saved Outputs", "",
             "- SAEs: `results/sae_stability/sae/<task>/seed<seed>/sae.safetensors` (config and metrics beside each)",
             "- Tables: `pwmcc.tsv`, `sae_metrics.tsv`, `summary.tsv`, `random_baseline.tsv`, `models.tsv`, `task_comparison.tsv`",
             "", "### Metrics Summary", ""]
    for task in tasks:
        rows = [[int(r.seed), f"{r.mse:.4g}", f"{r.l0:.2f}", f"{r.explained_variance:.4f}", pct(r.dead_frac)]
                for r in sae_metrics[sae_metrics.task == task].itertuples(index=False)]
        lines += [f"**{task}**", "", markdown_table(["Seed", "MSE", "L0", "Explained Variance", "Dead Latents"], rows)]
    return lines


def _conclusion(summary: pd.DataFrame, comparison: pd.DataFrame, verdicts: Mapping[str, str]) -> list[str]:
    above = [t for t, v in verdicts.items() if v == "above"]
    not_above = [t for t, v in verdicts.items() if v != "above"]
    lines = ["## Conclusion", ""]
    if above:
        lines.append(f"- Seed stability beyond the random baseline: {', '.join(above)}.")
    if not_above:
        lines.append(f"- No stability beyond the random baseline: {', '.join(not_above)}.")
    for row in comparison.itertuples(index=False):
        differ = row.ci_low > 0 or row.ci_high < 0
        lines.append(f"- {row.task_a} vs {row.task_b}: difference {row.diff:+.3f}, 95% CI [{row.ci_low:+.3f}, {row.ci_high:+.3f}]: "
                     + ("the tasks differ." if differ else "no detectable difference."))
    best = summary.loc[summary["mean"].idxmax()]
    lines += [f"- Highest mean PWMCC: {best.task} ({best['mean']:.3f}).", ""]
    return lines


def render_report(*, pwmcc: pd.DataFrame, sae_metrics: pd.DataFrame, summary: pd.DataFrame, random: pd.DataFrame,
                  models: pd.DataFrame, task_comparison: pd.DataFrame, study_config: Mapping, figures: Mapping[str, str], provenance: str) -> str:
    """The Markdown report; ``figures`` maps a figure key to its path relative to the report."""
    seeds, tasks = list(study_config["seeds"]), list(study_config["tasks"])
    threshold = study_config["comparison"]["shared_threshold"]
    verdicts = _task_verdicts(pwmcc, random, tasks)
    shapes = {t: f"{study_config['sae']['expansion'] * spec['model']['d_model']} × {spec['model']['d_model']}" for t, spec in study_config["tasks"].items()}
    lines = [
        "# SAE Seed Stability Across Tasks",
        "",
        f"**Experiment:** TopK SAEs trained with {len(seeds)} seeds on the activations of a small transformer per task "
        f"({', '.join(tasks)}), compared pairwise (PWMCC, matched MCC) and against random dictionaries of the same shape.",
        "",
        *_executive_summary(summary, pwmcc, models, verdicts, threshold),
        *_setup(study_config, models, study_config["sae"], seeds),
        *_results(summary, pwmcc, random, task_comparison, seeds, threshold),
        *_findings(summary, pwmcc, sae_metrics, verdicts, threshold),
        *_random_section(summary, random, shapes),
        "## Figures",
        "",
        f"![PWMCC by task]({figures['bars']})",
        "",
        f"*Mean PWMCC and matched MCC per task (bars: mean ± std over seed pairs, dots: pairs) beside random dictionaries of the same shape; dashed: the {threshold} line.*",
        "",
        *[f"![PWMCC matrix {t}]({figures['heatmap_' + t]})\n\n*Seed × seed PWMCC for {t}.*\n" for t in tasks],
        f"![PWMCC histogram]({figures['histogram']})",
        "",
        "*Distribution of pairwise PWMCC per task and of the random draws.*",
        "",
        *_metrics_section(sae_metrics, tasks),
        *_conclusion(summary, task_comparison, verdicts),
        "## Command to reproduce",
        "",
        "```bash",
        "snakemake --cores 8   # with the same config (see the digest below); or `make run` for the default",
        "```",
        "",
        provenance,
    ]
    return "\n".join(lines)


def _colors(tasks: Sequence[str]) -> dict[str, str]:
    palette = plt.get_cmap("tab10")
    return {t: palette(i) for i, t in enumerate(tasks)}


def draw_figures(*, pwmcc: pd.DataFrame, random: pd.DataFrame, seeds: Sequence[int], tasks: Sequence[str], threshold: float,
                 bars_path: str | Path, heatmap_paths: Mapping[str, str | Path], histogram_path: str | Path) -> None:
    colors = _colors(tasks)
    rng = np.random.default_rng(0)  # jitter of the pair dots only
    fig, axes = plt.subplots(1, 2, figsize=(4 + 2.2 * len(tasks), 4), sharey=True)
    for ax, metric, title in zip(axes, ("pwmcc", "matched_mcc"), ("PWMCC", "Matched MCC (Hungarian)")):
        for i, task in enumerate(tasks):
            trained = pwmcc.loc[pwmcc.task == task, metric].to_numpy()
            rand = random.loc[random.task == task, metric].to_numpy()
            for offset, values, label, style in ((-0.2, trained, "trained", dict(color=colors[task])), (0.2, rand, "random", dict(color="0.75", hatch="//"))):
                std = values.std(ddof=1) if values.size > 1 else 0.0
                ax.bar(i + offset, values.mean(), width=0.36, yerr=std, capsize=3, edgecolor="0.2", label=label if i == 0 else None, **style)
                ax.scatter(i + offset + rng.uniform(-0.08, 0.08, values.size), values, s=10, color="0.1", zorder=3)
        ax.axhline(threshold, ls="--", color="crimson", lw=1, label=f"{threshold} stability line")
        ax.set_xticks(range(len(tasks)), tasks)
        ax.set_ylim(0, 1)
        ax.set_title(title)
    axes[0].set_ylabel("similarity between seeds")
    axes[0].legend(loc="upper left", fontsize=8)
    save_figure(fig, bars_path)

    for task in tasks:
        matrix = seed_matrix(pwmcc[pwmcc.task == task], seeds)
        fig, ax = plt.subplots(figsize=(1.2 + 0.8 * len(seeds), 1 + 0.7 * len(seeds)))
        image = ax.imshow(matrix, vmin=0, vmax=1, cmap="viridis")
        for (i, j), value in np.ndenumerate(matrix):
            ax.text(j, i, f"{value:.3f}", ha="center", va="center", color="white" if value < 0.6 else "black", fontsize=8)
        ax.set_xticks(range(len(seeds)), seeds)
        ax.set_yticks(range(len(seeds)), seeds)
        ax.grid(False)
        ax.set_title(f"PWMCC between seeds: {task}")
        fig.colorbar(image, ax=ax, fraction=0.046)
        save_figure(fig, heatmap_paths[task])

    fig, ax = plt.subplots(figsize=(6, 3.5))
    values = np.concatenate([pwmcc.pwmcc.to_numpy(), random.pwmcc.to_numpy()])
    bins = np.linspace(max(0.0, values.min() - 0.02), min(1.0, values.max() + 0.02), 30)
    for task in tasks:
        ax.hist(pwmcc.loc[pwmcc.task == task, "pwmcc"], bins=bins, alpha=0.7, color=colors[task], label=f"{task} (trained)")
    ax.hist(random.pwmcc, bins=bins, color="0.6", hatch="//", alpha=0.6, label="random dictionaries (same shapes)")
    if bins[0] <= threshold <= bins[-1]:
        ax.axvline(threshold, ls="--", color="crimson", lw=1)
    ax.set_xlabel("pairwise PWMCC")
    ax.set_ylabel("pairs")
    ax.yaxis.set_major_locator(plt.MaxNLocator(integer=True))
    ax.legend(fontsize=8, loc="best")
    save_figure(fig, histogram_path)
