"""From trained SAEs to the study's tables: pairwise stability, random baseline, task comparison."""
from __future__ import annotations

from itertools import combinations
from typing import Literal, Mapping, Sequence

import numpy as np
import pandas as pd

from ..stats import bootstrap_pairwise_difference, cohens_d, describe
from .metrics import matched_mcc, pwmcc, random_unit_dictionary

__all__ = [
    "pairwise_stability",
    "random_baseline",
    "seed_matrix",
    "summarize",
    "compare_tasks",
    "compare_to_random",
    "PAIR_COLUMNS",
]

PAIR_COLUMNS = ["pwmcc", "matched_mcc", "shared_frac"]


def _pair_row(a: np.ndarray, b: np.ndarray, threshold: float) -> dict[str, float]:
    matched = matched_mcc(a, b, threshold=threshold)
    return {"pwmcc": pwmcc(a, b), "matched_mcc": matched.mean_matched, "shared_frac": matched.shared_frac}


def pairwise_stability(decoders: Mapping[int, np.ndarray], *, threshold: float = 0.7) -> pd.DataFrame:
    """One row per unordered pair of seeds (in the given order): seed_a, seed_b and the pair's statistics."""
    rows = [{"seed_a": a, "seed_b": b, **_pair_row(decoders[a], decoders[b], threshold)} for a, b in combinations(decoders, 2)]
    return pd.DataFrame(rows, columns=["seed_a", "seed_b", *PAIR_COLUMNS])


def random_baseline(n_latents: int, d_model: int, *, draws: int, seed: int, threshold: float = 0.7) -> pd.DataFrame:
    """The same statistics between pairs of random unit dictionaries of the SAEs' shape.

    This is what geometry alone gives: 1024 random directions in 128 dimensions already reach a
    PWMCC of about 0.30.
    """
    rows = []
    for draw in range(draws):
        rng = np.random.default_rng([seed, draw])
        a, b = random_unit_dictionary(n_latents, d_model, rng=rng), random_unit_dictionary(n_latents, d_model, rng=rng)
        rows.append({"draw": draw, **_pair_row(a, b, threshold)})
    return pd.DataFrame(rows, columns=["draw", *PAIR_COLUMNS])


def seed_matrix(pairs: pd.DataFrame, seeds: Sequence[int], column: str = "pwmcc") -> np.ndarray:
    """The symmetric seed × seed matrix of ``column`` (1 on the diagonal) from one task's pair rows."""
    index = {s: i for i, s in enumerate(seeds)}
    matrix = np.eye(len(seeds))
    for row in pairs.itertuples(index=False):
        i, j = index[int(row.seed_a)], index[int(row.seed_b)]
        matrix[i, j] = matrix[j, i] = float(getattr(row, column))
    expected = len(seeds) * (len(seeds) - 1) // 2
    if len(pairs) != expected:
        raise ValueError(f"expected {expected} seed pairs for seeds {list(seeds)}, got {len(pairs)}")
    return matrix


def summarize(pwmcc_table: pd.DataFrame, random_table: pd.DataFrame, tasks: Sequence[str]) -> pd.DataFrame:
    """``summary.tsv``: per task the PWMCC mean, sample std, min, max, pair count and the random baseline."""
    rows = []
    for task in tasks:
        trained = describe(pwmcc_table.loc[pwmcc_table.task == task, "pwmcc"])
        rand = describe(random_table.loc[random_table.task == task, "pwmcc"])
        rows.append({"task": task, "mean": trained.mean, "std": trained.std, "min": trained.min, "max": trained.max,
                     "n_pairs": trained.n, "random_mean": rand.mean, "random_std": rand.std})
    return pd.DataFrame(rows)


def compare_tasks(pwmcc_table: pd.DataFrame, tasks: Sequence[str], seeds: Sequence[int], *, resamples: int, seed: int) -> pd.DataFrame:
    """``task_comparison.tsv``: every pair of tasks compared on mean PWMCC.

    The interval and p-value come from a bootstrap over seeds (pairs share SAEs, so they are not
    independent samples); Cohen's d is descriptive, over the pair values.
    """
    rows = []
    for task_a, task_b in combinations(tasks, 2):
        pairs_a, pairs_b = pwmcc_table[pwmcc_table.task == task_a], pwmcc_table[pwmcc_table.task == task_b]
        diff = bootstrap_pairwise_difference(seed_matrix(pairs_a, seeds), seed_matrix(pairs_b, seeds), n_resamples=resamples, seed=seed)
        rows.append({"task_a": task_a, "task_b": task_b, "mean_a": pairs_a.pwmcc.mean(), "mean_b": pairs_b.pwmcc.mean(),
                     "diff": diff.diff, "ci_low": diff.ci_low, "ci_high": diff.ci_high, "p_value": diff.p_value,
                     "cohens_d": cohens_d(pairs_a.pwmcc, pairs_b.pwmcc), "n_resamples": diff.n_resamples})
    columns = ["task_a", "task_b", "mean_a", "mean_b", "diff", "ci_low", "ci_high", "p_value", "cohens_d", "n_resamples"]
    return pd.DataFrame(rows, columns=columns)


def compare_to_random(trained: Sequence[float], random: Sequence[float]) -> Literal["above", "below", "overlaps"]:
    """Where trained pair values lie against random-dictionary values.

    "above": every trained pair exceeds every random draw; "below": every trained pair is under
    every random draw; "overlaps" otherwise.

    >>> compare_to_random([0.5, 0.6], [0.30, 0.31])
    'above'
    """
    t, r = np.asarray(trained, dtype=float), np.asarray(random, dtype=float)
    if t.size == 0 or r.size == 0:
        raise ValueError("compare_to_random needs at least one trained and one random value")
    if t.min() > r.max():
        return "above"
    if t.max() < r.min():
        return "below"
    return "overlaps"
