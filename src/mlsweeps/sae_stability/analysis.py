"""From trained SAEs to the study's tables: pair statistics with their nulls, per-SAE diagnostics,
intervals over transformers and seeds, and the task comparison.

One comparison is every pair of seeds of one (task, transformer, grid point). Each pair gets its
own draw of each null, so an excess over a null is a per-pair value and its interval carries the
null's randomness along with the seeds' and the transformers'.
"""
from __future__ import annotations

import zlib
from itertools import combinations
from typing import Mapping, NamedTuple, Sequence

import numpy as np
import pandas as pd

from ..stats import cohens_d, describe, group_mean, hierarchical_difference, hierarchical_interval
from .geometry import span_coordinates, span_matched_dictionary, span_share
from .metrics import activation_mcc, decoder_drift, firing_fractions, live_latents, matched_mcc, pwmcc, random_unit_dictionary, recovery
from .plan import transformer_group

__all__ = [
    "SaeRecord",
    "ComparisonTables",
    "PAIR_COLUMNS",
    "SAE_COLUMNS",
    "PAIR_QUANTITIES",
    "SAE_QUANTITIES",
    "KEYS",
    "compare_saes",
    "sae_table",
    "seed_matrix",
    "summarize",
    "stability_table",
    "compare_tasks",
]

PAIR_COLUMNS = [
    "pwmcc", "matched_mcc", "shared_frac", "start_pwmcc", "isotropic_pwmcc", "isotropic_matched_mcc", "matched_null_pwmcc",
    "span_pwmcc", "span_null_pwmcc", "activation_mcc", "start_activation_mcc", "shuffled_activation_mcc", "n_matched_latents",
]
"""Columns of a pair row after seed_a and seed_b (``docs/sae_stability.md`` defines each)."""
SAE_COLUMNS = ["drift", "span_share", "start_span_share", "dead_frac", "rare_frac", "recovered_frac", "mean_best_cos"]
"""Columns of a per-SAE row after seed, from the comparison job."""
KEYS = ["task", "transformer", "d_sae", "k", "epochs"]
"""What names one comparison in the aggregate tables."""

PAIR_QUANTITIES: dict[str, tuple[str, str | None]] = {
    "pwmcc": ("pwmcc", None),
    "matched_mcc": ("matched_mcc", None),
    "start_pwmcc": ("start_pwmcc", None),
    "isotropic_pwmcc": ("isotropic_pwmcc", None),
    "matched_null_pwmcc": ("matched_null_pwmcc", None),
    "excess_isotropic": ("pwmcc", "isotropic_pwmcc"),
    "excess_start": ("pwmcc", "start_pwmcc"),
    "excess_matched": ("pwmcc", "matched_null_pwmcc"),
    "span_mass_effect": ("matched_null_pwmcc", "isotropic_pwmcc"),
    "span_pwmcc": ("span_pwmcc", None),
    "span_null_pwmcc": ("span_null_pwmcc", None),
    "excess_span": ("span_pwmcc", "span_null_pwmcc"),
    "activation_mcc": ("activation_mcc", None),
    "start_activation_mcc": ("start_activation_mcc", None),
    "shuffled_activation_mcc": ("shuffled_activation_mcc", None),
    "excess_activation_start": ("activation_mcc", "start_activation_mcc"),
    "excess_activation_shuffled": ("activation_mcc", "shuffled_activation_mcc"),
}
"""Quantities of ``stability.tsv`` computed per seed pair: a column, or a column minus another (an excess over a null)."""
SAE_QUANTITIES = ["drift", "span_share", "start_span_share", "dead_frac", "rare_frac", "explained_variance", "recovered_frac", "mean_best_cos"]
"""Quantities of ``stability.tsv`` computed per SAE."""


class SaeRecord(NamedTuple):
    """What the comparison needs of one trained SAE, as NumPy arrays."""

    decoder: np.ndarray
    """(d_sae, d_model) trained decoder rows."""
    start_decoder: np.ndarray
    """(d_sae, d_model) the rows it started from."""
    codes: np.ndarray
    """(n_heldout, d_sae) its latent activations on the held-out activations."""
    start_codes: np.ndarray
    """(n_heldout, d_sae) the starting SAE's latent activations on them."""
    final_epoch_fires: np.ndarray
    """(d_sae,) inputs of the last training epoch on which each latent fired."""


class ComparisonTables(NamedTuple):
    pairs: pd.DataFrame
    """seed_a, seed_b and ``PAIR_COLUMNS``: one row per unordered pair of seeds."""
    saes: pd.DataFrame
    """seed and ``SAE_COLUMNS``: one row per SAE (recovery columns empty without a known dictionary)."""


def comparison_key(label: str) -> int:
    """A stable integer from a comparison's name, so that each comparison draws its own nulls."""
    return zlib.crc32(label.encode())


def compare_saes(saes: Mapping[int, SaeRecord], *, axes: np.ndarray, span_dims: int, n_train: int, label: str,
                 shared_threshold: float, rare_rate: float, random_seed: int,
                 truth: np.ndarray | None = None, recovery_threshold: float = 0.9) -> ComparisonTables:
    """Every pair of the SAEs of one comparison against its nulls, and each SAE's diagnostics.

    ``axes`` (d_model, d_model) are the principal axes of the training activations, the data's
    span their first ``span_dims``; ``n_train`` is the number of inputs of a training epoch (for
    the rare-latent rate); ``label`` names the comparison (its nulls are drawn from
    ``random_seed``, ``label`` and the pair's seeds); ``truth`` is the known dictionary of the
    positive control.

    Per pair: PWMCC and matched MCC of the trained decoders; PWMCC of their starting decoders; one
    pair of isotropic random dictionaries of the same shape; one pair of span-matched random
    dictionaries (each row with its trained row's mass in the span); PWMCC of the decoders'
    in-span parts in the span's coordinates, and of random dictionaries in that many dimensions;
    the latent-activation MCC on the held-out inputs over the latents live there, for the trained
    and the starting SAEs, and for the trained ones with one SAE's inputs shuffled.
    """
    span = axes[:span_dims]
    key = comparison_key(label)
    pair_rows = []
    for a, b in combinations(saes, 2):
        A, B = saes[a], saes[b]
        rng = np.random.default_rng([random_seed, key, a, b])
        matched = matched_mcc(A.decoder, B.decoder, threshold=shared_threshold)
        iso_a, iso_b = (random_unit_dictionary(*A.decoder.shape, rng=rng) for _ in range(2))
        null_a, null_b = (span_matched_dictionary(D.decoder, axes, span_dims, rng=rng) for D in (A, B))
        span_null_a, span_null_b = (random_unit_dictionary(len(D.decoder), span_dims, rng=rng) for D in (A, B))
        live = [live_latents((Z > 0).sum(axis=0), len(Z), rare_rate) for Z in (A.codes, B.codes, A.start_codes, B.start_codes)]
        trained = activation_mcc(A.codes, B.codes, live_a=live[0], live_b=live[1])
        shuffled = activation_mcc(A.codes, B.codes[rng.permutation(len(B.codes))], live_a=live[0], live_b=live[1])
        pair_rows.append({
            "seed_a": a, "seed_b": b,
            "pwmcc": pwmcc(A.decoder, B.decoder), "matched_mcc": matched.mean_matched, "shared_frac": matched.shared_frac,
            "start_pwmcc": pwmcc(A.start_decoder, B.start_decoder),
            "isotropic_pwmcc": pwmcc(iso_a, iso_b), "isotropic_matched_mcc": matched_mcc(iso_a, iso_b).mean_matched,
            "matched_null_pwmcc": pwmcc(null_a, null_b),
            "span_pwmcc": pwmcc(span_coordinates(A.decoder, span), span_coordinates(B.decoder, span)),
            "span_null_pwmcc": pwmcc(span_null_a, span_null_b),
            "activation_mcc": trained.mean_matched,
            "start_activation_mcc": activation_mcc(A.start_codes, B.start_codes, live_a=live[2], live_b=live[3]).mean_matched,
            "shuffled_activation_mcc": shuffled.mean_matched,
            "n_matched_latents": trained.n_matched,
        })
    sae_rows = []
    for seed, sae in saes.items():
        firing = firing_fractions(sae.final_epoch_fires, n_train, rare_rate)
        found = recovery(truth, sae.decoder, threshold=recovery_threshold) if truth is not None else None
        sae_rows.append({
            "seed": seed, "drift": decoder_drift(sae.decoder, sae.start_decoder),
            "span_share": span_share(sae.decoder, span), "start_span_share": span_share(sae.start_decoder, span),
            "dead_frac": firing.dead_frac, "rare_frac": firing.rare_frac,
            "recovered_frac": found.recovered_frac if found else np.nan, "mean_best_cos": found.mean_best_cos if found else np.nan,
        })
    return ComparisonTables(pd.DataFrame(pair_rows, columns=["seed_a", "seed_b", *PAIR_COLUMNS]), pd.DataFrame(sae_rows, columns=["seed", *SAE_COLUMNS]))


def sae_table(metrics: Sequence[Mapping], diagnostics: pd.DataFrame) -> pd.DataFrame:
    """``sae_metrics.tsv``: each SAE's training-job metrics (``metrics.json``) beside its comparison's diagnostics.

    ``diagnostics`` holds the comparison jobs' per-SAE rows with the ``KEYS`` columns added; the
    dead and rare shares come from there (the training job's own dead share is the same count).
    """
    measured = pd.DataFrame(list(metrics))[[*KEYS, "seed", "mse", "l0", "explained_variance", "train_explained_variance", "n_train", "n_heldout"]]
    merged = measured.merge(diagnostics, on=[*KEYS, "seed"])
    return merged[[*KEYS, "seed", "mse", "l0", "explained_variance", "train_explained_variance", *SAE_COLUMNS, "n_train", "n_heldout"]]


def seed_matrix(pairs: pd.DataFrame, seeds: Sequence[int], column: str = "pwmcc", minus: str | None = None) -> np.ndarray:
    """The symmetric seed × seed matrix of ``column`` (less ``minus``) from one comparison's pair rows; 1 on the diagonal."""
    index = {s: i for i, s in enumerate(seeds)}
    matrix = np.eye(len(seeds))
    for row in pairs.itertuples(index=False):
        i, j = index[int(row.seed_a)], index[int(row.seed_b)]
        matrix[i, j] = matrix[j, i] = float(getattr(row, column)) - (float(getattr(row, minus)) if minus else 0.0)
    expected = len(seeds) * (len(seeds) - 1) // 2
    if len(pairs) != expected:
        raise ValueError(f"expected {expected} seed pairs for seeds {list(seeds)}, got {len(pairs)}")
    return matrix


def _with_group(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(transformers=frame.transformer.map(transformer_group))


CONDITION = ["task", "transformers", "d_sae", "k", "epochs"]
"""What names one row of ``stability.tsv``: a task, a kind of activation set and a grid point."""


def _pair_groups(pairs: pd.DataFrame, column: str, minus: str | None) -> list[np.ndarray]:
    """One seed × seed matrix per transformer of one condition's pair rows."""
    groups = []
    for _, rows in pairs.groupby("transformer", sort=False):
        seeds = list(dict.fromkeys([*rows.seed_a, *rows.seed_b]))
        groups.append(seed_matrix(rows, seeds, column, minus))
    return groups


def stability_table(pairs: pd.DataFrame, saes: pd.DataFrame, *, resamples: int, seed: int, confidence: float = 0.95) -> pd.DataFrame:
    """``stability.tsv``: every quantity of every condition with its two-level bootstrap interval.

    A condition is a task, a kind of activation set (trained transformers, the untrained one, or
    none for the positive control) and a grid point. The estimate is the mean over its transformers
    of each transformer's mean over seed pairs (``PAIR_QUANTITIES``) or SAEs (``SAE_QUANTITIES``);
    the interval resamples transformers, then seeds within each. Quantities a condition does not
    have (recovery outside the positive control) are left out.
    """
    pairs, saes = _with_group(pairs), _with_group(saes)
    rows = []
    for condition, cond_pairs in pairs.groupby(CONDITION, sort=False):
        cond_saes = saes.merge(pd.DataFrame([condition], columns=CONDITION))
        n_transformers = cond_pairs.transformer.nunique()
        for quantity, (column, minus) in PAIR_QUANTITIES.items():
            interval = hierarchical_interval(_pair_groups(cond_pairs, column, minus), n_resamples=resamples, confidence=confidence, seed=seed)
            rows.append([*condition, quantity, *interval[:3], n_transformers, len(cond_pairs)])
        for quantity in SAE_QUANTITIES:
            if cond_saes[quantity].isna().any():
                continue
            groups = [values.to_numpy(dtype=float) for _, values in cond_saes.groupby("transformer", sort=False)[quantity]]
            interval = hierarchical_interval(groups, n_resamples=resamples, confidence=confidence, seed=seed)
            rows.append([*condition, quantity, *interval[:3], n_transformers, len(cond_saes)])
    return pd.DataFrame(rows, columns=[*CONDITION, "quantity", "estimate", "ci_low", "ci_high", "n_transformers", "n_units"])


def summarize(pairs: pd.DataFrame, main: pd.DataFrame) -> pd.DataFrame:
    """``summary.tsv``: PWMCC over the seed pairs of each task and kind of activation set at the study's own point.

    ``main`` lists each task's own point (columns task, d_sae, k, epochs). The random columns
    describe the isotropic null draws of the same pairs.
    """
    rows = []
    chosen = _with_group(pairs.merge(main, on=["task", "d_sae", "k", "epochs"]))
    for (task, group), rows_ in chosen.groupby(["task", "transformers"], sort=False):
        trained, rand = describe(rows_.pwmcc), describe(rows_.isotropic_pwmcc)
        rows.append({"task": task, "transformers": group, "n_transformers": rows_.transformer.nunique(), "mean": trained.mean,
                     "std": trained.std, "min": trained.min, "max": trained.max, "n_pairs": trained.n, "random_mean": rand.mean, "random_std": rand.std})
    return pd.DataFrame(rows, columns=["task", "transformers", "n_transformers", "mean", "std", "min", "max", "n_pairs", "random_mean", "random_std"])


def compare_tasks(pairs: pd.DataFrame, main: pd.DataFrame, tasks: Sequence[str], *, resamples: int, seed: int) -> pd.DataFrame:
    """``task_comparison.tsv``: every pair of ``tasks`` compared on PWMCC and on its excess over the matched null.

    Trained transformers at each task's own point. The interval and p-value come from the
    two-level bootstrap (transformers, then SAE seeds); Cohen's d is over the per-transformer
    means (the independent replicates), descriptive.
    """
    chosen = _with_group(pairs.merge(main, on=["task", "d_sae", "k", "epochs"]))
    chosen = chosen[chosen.transformers == "trained"]
    rows = []
    for quantity in ("pwmcc", "excess_matched"):
        column, minus = PAIR_QUANTITIES[quantity]
        for task_a, task_b in combinations(tasks, 2):
            groups_a, groups_b = (_pair_groups(chosen[chosen.task == t], column, minus) for t in (task_a, task_b))
            diff = hierarchical_difference(groups_a, groups_b, n_resamples=resamples, seed=seed)
            means_a, means_b = [group_mean(g) for g in groups_a], [group_mean(g) for g in groups_b]
            rows.append({"task_a": task_a, "task_b": task_b, "quantity": quantity, "mean_a": np.mean(means_a), "mean_b": np.mean(means_b),
                         "diff": diff.diff, "ci_low": diff.ci_low, "ci_high": diff.ci_high, "p_value": diff.p_value,
                         "cohens_d": cohens_d(means_a, means_b), "n_resamples": diff.n_resamples,
                         "n_transformers_a": len(groups_a), "n_transformers_b": len(groups_b)})
    columns = ["task_a", "task_b", "quantity", "mean_a", "mean_b", "diff", "ci_low", "ci_high", "p_value", "cohens_d", "n_resamples",
               "n_transformers_a", "n_transformers_b"]
    return pd.DataFrame(rows, columns=columns)
