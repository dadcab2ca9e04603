"""The `sae_stability` figures, drawn from the same tables and lookups as the report (``report.Study``)."""
from __future__ import annotations

from pathlib import Path
from typing import Mapping

import numpy as np
from matplotlib.ticker import FuncFormatter, NullFormatter

from ..plotting import plt, save_figure
from .analysis import seed_matrix
from .report import GROUP_NAMES, Study

__all__ = ["draw_figures"]


def _colors(names) -> dict:
    palette = plt.get_cmap("tab10")
    return {name: palette(i) for i, name in enumerate(names)}


def _log_x(ax) -> None:
    """A log-scaled x axis with plain numbers at its ticks (d_sae / rank spans about two decades)."""
    ax.set_xscale("log")
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
    ax.xaxis.set_minor_formatter(NullFormatter())


def _main_conditions(study: Study) -> list[tuple[str, str]]:
    return [(t, g) for t in study.tasks for g in ("trained", "untrained", "none") if study.has(t, g, study.main(t))]


def _bars(study: Study, path: str | Path) -> None:
    conditions = _main_conditions(study)
    colors = _colors(study.tasks)
    rng = np.random.default_rng(0)  # jitter of the pair dots only
    nulls = (("start_pwmcc", "start", "v"), ("isotropic_pwmcc", "isotropic null", "_"), ("matched_null_pwmcc", "span-matched null", "D"))
    fig, axes = plt.subplots(1, 2, figsize=(4 + 1.6 * len(conditions), 4.5), sharey=True, layout="constrained")
    for ax, metric, title in zip(axes, ("pwmcc", "matched_mcc"), ("PWMCC", "Matched MCC (Hungarian)")):
        for i, (task, group) in enumerate(conditions):
            values = study.pairs_of(task, group, study.main(task))[metric].to_numpy()
            std = values.std(ddof=1) if values.size > 1 else 0.0
            ax.bar(i, values.mean(), width=0.6, yerr=std, capsize=3, edgecolor="0.2", color=colors[task], alpha=1.0 if group != "untrained" else 0.45)
            ax.scatter(i + rng.uniform(-0.12, 0.12, values.size), values, s=8, color="0.1", zorder=3)
            if metric == "pwmcc":
                for column, label, marker in nulls:
                    ax.scatter(i + 0.4, study.value(task, group, study.main(task), column), marker=marker, s=30, color="0.3", zorder=4,
                               label=label if i == 0 else None)
        ax.axhline(study.threshold, ls="--", color="crimson", lw=1, label=f"{study.threshold} stability line")
        ax.set_xticks(range(len(conditions)), [f"{t}\n{GROUP_NAMES[g]}" for t, g in conditions], fontsize=7, rotation=30, ha="right")
        ax.set_ylim(0, 1)
        ax.set_title(title)
    axes[0].set_ylabel("similarity between seeds")
    axes[0].legend(loc="upper left", fontsize=7)
    save_figure(fig, path)


def _decomposition(study: Study, path: str | Path) -> None:
    conditions = sorted((c for c in study.conditions() if c[1] in ("trained", "none")), key=lambda c: (study.tasks.index(c[0]), c[2]))
    fig, ax = plt.subplots(figsize=(max(5.0, 0.55 * len(conditions) + 2), 4))
    parts = (("isotropic_pwmcc", "isotropic null (geometry)", "0.75"), ("span_mass_effect", "span mass (matched − isotropic)", "tab:orange"),
             ("excess_matched", "learned (PWMCC − matched)", "tab:blue"))
    for i, (task, group, point) in enumerate(conditions):
        base = 0.0
        for quantity, label, color in parts:
            value = study.value(task, group, point, quantity)
            # a negative part is drawn downwards from the top of the parts below it
            ax.bar(i, value, bottom=base, color=color, edgecolor="0.2", width=0.7, label=label if i == 0 else None)
            base += value
        ax.scatter(i, study.value(task, group, point, "pwmcc"), color="black", marker="_", s=120, zorder=3, label="PWMCC" if i == 0 else None)
    ax.set_xticks(range(len(conditions)), [f"{t}\nd{p.d_sae} k{p.k} e{p.epochs}" for t, _, p in conditions], rotation=90, fontsize=6)
    ax.set_ylabel("PWMCC")
    ax.set_ylim(0, 1)
    ax.legend(fontsize=7, loc="upper right")
    save_figure(fig, path)


def _heatmaps(study: Study, paths: Mapping[str, str | Path]) -> None:
    seeds = list(study.config["seeds"])
    for task in study.tasks:
        point = study.main(task)
        pairs = study.pwmcc[(study.pwmcc.task == task) & (study.pwmcc.d_sae == point.d_sae) & (study.pwmcc.k == point.k) & (study.pwmcc.epochs == point.epochs)]
        transformers = list(dict.fromkeys(pairs.transformer))
        fig, axes = plt.subplots(1, len(transformers), figsize=(0.4 + (1.2 + 0.8 * len(seeds)) * len(transformers), 1 + 0.7 * len(seeds)), squeeze=False)
        for ax, transformer in zip(axes[0], transformers):
            matrix = seed_matrix(pairs[pairs.transformer == transformer], seeds)
            image = ax.imshow(matrix, vmin=0, vmax=1, cmap="viridis")
            for (i, j), value in np.ndenumerate(matrix):
                ax.text(j, i, f"{value:.3f}", ha="center", va="center", color="white" if value < 0.6 else "black", fontsize=7)
            ax.set_xticks(range(len(seeds)), seeds)
            ax.set_yticks(range(len(seeds)), seeds)
            ax.grid(False)
            ax.set_title(f"{task}, {transformer}", fontsize=9)
        fig.colorbar(image, ax=axes[0].tolist(), fraction=0.046)
        save_figure(fig, paths[task])


def _histogram(study: Study, path: str | Path) -> None:
    colors = _colors(study.tasks)
    fig, ax = plt.subplots(figsize=(6, 3.5))
    trained = {t: study.pairs_of(t, study.main_group(t), study.main(t)) for t in study.tasks}
    values = np.concatenate([np.concatenate([p.pwmcc, p.isotropic_pwmcc]) for p in trained.values()])
    bins = np.linspace(max(0.0, values.min() - 0.02), min(1.0, values.max() + 0.02), 30)
    for task, pairs in trained.items():
        ax.hist(pairs.pwmcc, bins=bins, alpha=0.7, color=colors[task], label=f"{task} ({GROUP_NAMES[study.main_group(task)]})")
    ax.hist(np.concatenate([p.isotropic_pwmcc for p in trained.values()]), bins=bins, color="0.6", hatch="//", alpha=0.6, label="isotropic null draws")
    if bins[0] <= study.threshold <= bins[-1]:
        ax.axvline(study.threshold, ls="--", color="crimson", lw=1)
    ax.set_xlabel("pairwise PWMCC")
    ax.set_ylabel("pairs")
    ax.yaxis.set_major_locator(plt.MaxNLocator(integer=True))
    ax.legend(fontsize=8, loc="best")
    save_figure(fig, path)


def _sweep(study: Study, path: str | Path) -> None:
    swept = study.swept()
    epochs = sorted({c[2].epochs for c in study.conditions()})
    n_rows, n_cols = max(1, len(epochs)), max(1, len(swept))
    fig, axes = plt.subplots(n_rows, n_cols, figsize=(1 + 3.8 * n_cols, 0.8 + 3.2 * n_rows), squeeze=False, layout="constrained")
    ks = sorted({c[2].k for c in study.conditions()})
    colors = _colors(ks)
    for col, (task, group) in enumerate(swept):
        for row, n_epochs in enumerate(epochs):
            ax = axes[row][col]
            drawn = False
            for k in ks:
                points = sorted(p for t, g, p in study.conditions(group) if t == task and p.k == k and p.epochs == n_epochs)
                if not points:
                    continue
                stats = [study.stat(task, group, p, "excess_matched") for p in points]
                x = [p.d_sae / study.rank(task, group, p) for p in points]
                y = np.array([s.estimate for s in stats])
                ax.errorbar(x, y, yerr=[y - [s.ci_low for s in stats], [s.ci_high for s in stats] - y], marker="o", ms=3, capsize=2,
                            color=colors[k], label=f"k = {k}")
                drawn = True
            if not drawn:  # no grid point of this task at this training length
                ax.set_visible(False)
                continue
            ax.axhline(0, ls="--", color="0.4", lw=1)
            _log_x(ax)
            ax.set_title(f"{task}, {n_epochs} epochs", fontsize=9)
            ax.set_xlabel("d_sae / rank")
            ax.set_ylabel("PWMCC − span-matched null")
            ax.legend(fontsize=6)
    save_figure(fig, path)


def _dead(study: Study, path: str | Path) -> None:
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.8), layout="constrained")
    colors = _colors(study.tasks)
    for task in study.tasks:
        point, group = study.main(task), study.main_group(task)
        history = study.training[(study.training.task == task) & (study.training.d_sae == point.d_sae) & (study.training.k == point.k)
                                 & (study.training.epochs == point.epochs)]
        for i, ((_, _), rows) in enumerate(history.groupby(["transformer", "seed"], sort=False)):
            left.plot(rows.epoch, rows.dead_frac, color=colors[task], lw=1, alpha=0.7, label=task if i == 0 else None)
    left.set_xlabel("epoch")
    left.set_ylabel("dead latents (share, per epoch)")
    left.set_title("dead latents over training, each task's own point", fontsize=9)
    left.legend(fontsize=7)
    styles = ["-", "--", ":", "-."]
    for i, (task, group) in enumerate(study.swept()):
        for j, k in enumerate(sorted({p.k for t, g, p in study.conditions(group) if t == task})):
            points = sorted(p for t, g, p in study.conditions(group) if t == task and p.k == k and p.epochs == max(q.epochs for _, _, q in study.conditions(group)))
            if points:
                right.plot([p.d_sae / study.rank(task, group, p) for p in points], [study.value(task, group, p, "dead_frac") for p in points], marker="o", ms=3,
                           color=colors[task], ls=styles[j % len(styles)], label=f"{task}, k = {k}")
    _log_x(right)
    right.set_xlabel("d_sae / rank")
    right.set_ylabel("dead latents after training (share)")
    right.set_title("over the sweep, longest training", fontsize=9)
    right.legend(fontsize=6)
    save_figure(fig, path)


def draw_figures(study: Study, *, paths: Mapping[str, str | Path], heatmap_paths: Mapping[str, str | Path]) -> None:
    """Every figure of the report; ``paths`` has the keys bars, decomposition, histogram, sweep and dead."""
    _bars(study, paths["bars"])
    _decomposition(study, paths["decomposition"])
    _heatmaps(study, heatmap_paths)
    _histogram(study, paths["histogram"])
    _sweep(study, paths["sweep"])
    _dead(study, paths["dead"])
