"""From per-run outputs to the study's tables: dev selection, per-item test scores, and paired gains with intervals.

Scores are in points (fractions × 100) in the TSVs and the report. Every comparison is paired: the
arms share seeds (LoRA initialisation, batch order) and test items, and the bootstrap
(``mlsweeps.stats.crossed_difference``) resamples both.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from ..stats import crossed_difference, crossed_ratio_interval

__all__ = ["SCORE_COLUMNS", "ITEM_COLUMNS", "DEV_COLUMNS", "SELECTION_COLUMNS", "GAIN_COLUMNS", "TEACHER_ITEM_COLUMNS", "COMPARISONS",
           "TABLES", "select_settings", "dev_rows", "selection_rows", "score_rows", "item_rows", "crossed_arrays", "arm_interval",
           "gain_rows", "teacher_item_rows", "teacher_gain_rows"]

SCORE_COLUMNS = ["task", "arm", "lambda", "lr", "seed", "metric", "score"]
ITEM_COLUMNS = ["task", "arm", "lambda", "lr", "seed", "item", "numerator", "denominator", "parsed"]
DEV_COLUMNS = ["task", "arm", "lambda", "lr", "seed", "dev_nll"]
SELECTION_COLUMNS = ["task", "arm", "lambda", "lr", "dev_nll"]
GAIN_COLUMNS = ["task", "comparison", "metric", "estimate", "ci_low", "ci_high", "p_value", "n_seeds", "n_items"]
TEACHER_ITEM_COLUMNS = ["task", "setting", "item", "numerator", "denominator", "gold_logprob", "choice_correct", "n_demos"]

TABLES = ("scores", "test_items", "dev", "selection", "gains", "teacher", "teacher_items", "divergence", "baselines")
"""The aggregate TSVs (``results/distill/<name>.tsv``) the report is computed from."""

COMPARISONS = {"distillation": ("few", "sft"), "demonstrations": ("few", "zero"), "lambda_term": ("zero", "sft")}
"""Name -> (arm A, arm B) of each test comparison A − B: the gain over SFT, the part due to the demonstrations
(few- minus zero-shot teacher), and what the λ term gives without any demonstration."""


def select_settings(runs: Sequence[Mapping]) -> dict[str, dict]:
    """Arm -> the grid point with the lowest mean dev NLL over seeds (ties: smaller λ, then smaller lr).

    ``runs`` are training metrics (``arm``, ``setting``, ``lam``, ``lr``, ``seed``, ``dev_nll``).

    >>> runs = [{"arm": "sft", "setting": f"s{lr}", "lam": 0.0, "lr": lr, "seed": s, "dev_nll": nll}
    ...         for lr, s, nll in ((0.1, 0, 1.0), (0.1, 1, 3.0), (0.2, 0, 1.5), (0.2, 1, 1.5))]
    >>> select_settings(runs)["sft"]["lr"]
    0.2
    """
    by_setting: dict[str, list[Mapping]] = defaultdict(list)
    for run in runs:
        by_setting[run["setting"]].append(run)
    best: dict[str, dict] = {}
    for label, group in by_setting.items():
        first = group[0]
        point = {"setting": label, "lam": float(first["lam"]), "lr": float(first["lr"]), "dev_nll": float(np.mean([r["dev_nll"] for r in group]))}
        current = best.get(first["arm"])
        if current is None or (point["dev_nll"], point["lam"], point["lr"]) < (current["dev_nll"], current["lam"], current["lr"]):
            best[first["arm"]] = point
    return best


def dev_rows(runs: Sequence[Mapping]) -> pd.DataFrame:
    """dev.tsv: one row per (task, grid point, seed) with its dev NLL per answer token (nats)."""
    rows = [{"task": r["task"], "arm": r["arm"], "lambda": float(r["lam"]), "lr": float(r["lr"]), "seed": int(r["seed"]), "dev_nll": float(r["dev_nll"])}
            for r in runs]
    return pd.DataFrame(rows, columns=DEV_COLUMNS).sort_values(["task", "arm", "lambda", "lr", "seed"], kind="stable").reset_index(drop=True)


def selection_rows(selections: Sequence[Mapping]) -> pd.DataFrame:
    """selection.tsv: the selected (λ, lr) of each task and arm, with its mean dev NLL."""
    rows = [{"task": s["task"], "arm": arm, "lambda": p["lam"], "lr": p["lr"], "dev_nll": p["dev_nll"]} for s in selections for arm, p in s["selected"].items()]
    return pd.DataFrame(rows, columns=SELECTION_COLUMNS)


def score_rows(evals: Sequence[Mapping]) -> pd.DataFrame:
    """scores.tsv: one row per (task, arm, seed, metric) of the test evaluation at the selected points; score in points."""
    rows = [{"task": e["task"], "arm": e["arm"], "lambda": float(e["lam"]), "lr": float(e["lr"]), "seed": int(e["seed"]), "metric": metric, "score": 100.0 * value}
            for e in evals for metric, value in e["scores"].items()]
    return pd.DataFrame(rows, columns=SCORE_COLUMNS)


def item_rows(evals: Sequence[Mapping], predictions: Sequence[Sequence[Mapping]]) -> pd.DataFrame:
    """test_items.tsv: per test item of every evaluation, the numerator and denominator of the primary metric, and whether it parsed."""
    rows = [{"task": e["task"], "arm": e["arm"], "lambda": float(e["lam"]), "lr": float(e["lr"]), "seed": int(e["seed"]), "item": int(r["index"]),
             "numerator": float(r["numerator"]), "denominator": float(r["denominator"]), "parsed": bool(r["parsed"])}
            for e, records in zip(evals, predictions, strict=True) for r in records]
    return pd.DataFrame(rows, columns=ITEM_COLUMNS)


def crossed_arrays(items: pd.DataFrame, values: str = "numerator", weights: str = "denominator") -> tuple[np.ndarray, np.ndarray]:
    """(seeds, items) arrays of ``values`` and ``weights`` from the rows of one condition, seeds and items in sorted order."""
    num = items.pivot(index="seed", columns="item", values=values).sort_index().sort_index(axis=1)
    den = items.pivot(index="seed", columns="item", values=weights).reindex_like(num)
    if num.isna().to_numpy().any():
        raise ValueError("every seed must be scored on every item: the table has holes")
    return num.to_numpy(dtype=float), den.to_numpy(dtype=float)


def arm_interval(items: pd.DataFrame, task: str, arm: str):
    """The test score (points) of an arm at its selected point, with its bootstrap interval over seeds and items."""
    ci = crossed_ratio_interval(*crossed_arrays(items[(items.task == task) & (items.arm == arm)]))
    return ci._replace(estimate=100 * ci.estimate, ci_low=100 * ci.ci_low, ci_high=100 * ci.ci_high)


def _gain_row(task: str, comparison: str, metric: str, a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray], scale: float) -> dict:
    d = crossed_difference(*a, *b)
    return {"task": task, "comparison": comparison, "metric": metric, "estimate": scale * d.diff, "ci_low": scale * d.ci_low,
            "ci_high": scale * d.ci_high, "p_value": d.p_value, "n_seeds": a[0].shape[0], "n_items": a[0].shape[1]}


def gain_rows(items: pd.DataFrame, primary: Mapping[str, str]) -> list[dict]:
    """Every task's ``COMPARISONS`` on test: difference of the primary metric (points), paired bootstrap CI over seeds and items."""
    rows = []
    for task in sorted(items.task.unique()):
        arms = {arm: crossed_arrays(items[(items.task == task) & (items.arm == arm)]) for arm in ("sft", "few", "zero")}
        rows += [_gain_row(task, name, primary[task], arms[a], arms[b], 100.0) for name, (a, b) in COMPARISONS.items()]
    return rows


def teacher_item_rows(teachers: Sequence[Mapping], items: Sequence[Mapping[str, Sequence[Mapping]]]) -> pd.DataFrame:
    """teacher_items.tsv: per test item and teacher setting, the generation score's parts and the logit scores."""
    rows = [{"task": t["task"], "setting": setting, "item": int(r["index"]), "numerator": float(r["numerator"]), "denominator": float(r["denominator"]),
             "gold_logprob": float(r["gold_logprob"]), "choice_correct": r["choice_correct"], "n_demos": int(r["n_demos"])}
            for t, per_setting in zip(teachers, items, strict=True) for setting in ("zero_shot", "few_shot") for r in per_setting[setting]]
    return pd.DataFrame(rows, columns=TEACHER_ITEM_COLUMNS)


def teacher_gain_rows(teacher_items: pd.DataFrame, primary: Mapping[str, str]) -> list[dict]:
    """Few- minus zero-shot teacher per task: generation score, gold-answer log-probability, ranked choice (one model: items resampled only).

    Generation score and ranked-choice accuracy in points; gold-answer log-probability in nats.
    """
    rows = []
    for task in sorted(teacher_items.task.unique()):
        sides = {s: teacher_items[(teacher_items.task == task) & (teacher_items.setting == s)].assign(seed=0) for s in ("few_shot", "zero_shot")}
        has_choice = sides["few_shot"].choice_correct.notna().all()
        for metric, values, weights, scale in (("primary", "numerator", "denominator", 100.0), ("gold_logprob", "gold_logprob", None, 1.0),
                                               ("choice_accuracy", "choice_correct", None, 100.0)):
            if metric == "choice_accuracy" and not has_choice:
                continue
            pair = [crossed_arrays(sides[s].assign(one=1.0), values, weights or "one") for s in ("few_shot", "zero_shot")]
            rows.append(_gain_row(task, "teacher_demonstrations", primary[task] if metric == "primary" else metric, *pair, scale))
    return rows
