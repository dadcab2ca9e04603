"""From per-run scores to the sweep's summary: mean ± std per λ, best λ, gain over SFT and its noise.

All scores here are in points (fractions × 100), as in the TSVs and the report.
"""
from __future__ import annotations

import math
from typing import Mapping, NamedTuple, Sequence

import numpy as np
import pandas as pd

__all__ = ["SCORE_COLUMNS", "SUMMARY_COLUMNS", "score_rows", "summarize", "TaskSweep", "task_sweep"]

SCORE_COLUMNS = ["task", "lambda", "seed", "metric", "score"]
SUMMARY_COLUMNS = ["task", "lambda", "mean", "std", "n_seeds"]


def score_rows(runs: Sequence[Mapping]) -> pd.DataFrame:
    """One row per (task, λ, seed, metric) from the evaluation outputs; score in points."""
    rows = [
        {"task": r["task"], "lambda": float(r["lam"]), "seed": int(r["seed"]), "metric": metric, "score": 100.0 * value}
        for r in runs
        for metric, value in r["scores"].items()
    ]
    return pd.DataFrame(rows, columns=SCORE_COLUMNS).sort_values(["task", "lambda", "seed", "metric"], kind="stable").reset_index(drop=True)


def summarize(scores: pd.DataFrame, primary: Mapping[str, str]) -> pd.DataFrame:
    """Mean and sample std (ddof 1; NaN for one seed) over seeds of each task's primary metric, per λ."""
    rows = []
    for (task, lam), group in scores.groupby(["task", "lambda"], sort=True):
        values = group.loc[group["metric"] == primary[task], "score"].to_numpy(dtype=float)
        rows.append({"task": task, "lambda": lam, "mean": values.mean(), "std": values.std(ddof=1) if len(values) > 1 else math.nan, "n_seeds": len(values)})
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


class TaskSweep(NamedTuple):
    """What the report says about one task's λ sweep."""

    task: str
    sft_mean: float
    sft_std: float
    best_lambda: float
    best_mean: float
    best_std: float
    gain: float
    """best_mean - sft_mean (points; 0 when λ = 0 is best)."""
    spread: float
    """Seed-to-seed spread the gain is compared with: the larger std of the two λ (NaN with one seed)."""
    sensitivity: float
    """Range of the mean over the λ grid (max - min, points)."""

    @property
    def gain_beyond_noise(self) -> bool | None:
        """True when the gain exceeds the spread, None when the spread is unknown (one seed)."""
        if math.isnan(self.spread):
            return None
        return self.gain > self.spread


def task_sweep(summary: pd.DataFrame, task: str) -> TaskSweep:
    """The best λ of ``task`` (highest mean; ties go to the smaller λ, so SFT wins a tie) and its gain over λ = 0."""
    rows = summary[summary["task"] == task].sort_values("lambda")
    if rows.empty or 0.0 not in set(rows["lambda"]):
        raise ValueError(f"task {task}: the summary has no λ = 0 row, the SFT reference every gain is measured from")
    sft = rows[rows["lambda"] == 0.0].iloc[0]
    best = rows.iloc[int(np.argmax(rows["mean"].to_numpy()))]  # argmax returns the first maximum: the smallest λ
    spread = max(sft["std"], best["std"]) if not (math.isnan(sft["std"]) or math.isnan(best["std"])) else math.nan
    return TaskSweep(
        task=task,
        sft_mean=float(sft["mean"]),
        sft_std=float(sft["std"]),
        best_lambda=float(best["lambda"]),
        best_mean=float(best["mean"]),
        best_std=float(best["std"]),
        gain=float(best["mean"] - sft["mean"]),
        spread=float(spread),
        sensitivity=float(rows["mean"].max() - rows["mean"].min()),
    )
