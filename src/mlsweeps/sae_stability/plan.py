"""Which SAEs the study trains and which sets of them it compares, from the config alone.

The workflow builds its jobs from these lists and the report reads its tables through the same
functions, so the two cannot disagree about what the study's own point, the sweep and the
controls are. An SAE is named by its task, the activation set it was trained on (a transformer,
the untrained control, or none for the synthesised positive control), its grid point and its seed;
a comparison is every pair of seeds at one (task, transformer, point).
"""
from __future__ import annotations

import re
from itertools import product
from typing import Any, Mapping, NamedTuple

__all__ = [
    "KNOWN_DICTIONARY",
    "UNTRAINED",
    "NO_TRANSFORMER",
    "Point",
    "Comparison",
    "transformer_label",
    "transformer_group",
    "trained_transformers",
    "activation_sets",
    "task_names",
    "task_d_model",
    "main_point",
    "control_matched_point",
    "sweep_transformer",
    "comparisons",
    "sae_jobs",
]

KNOWN_DICTIONARY = "known_dictionary"
"""Task name of the positive control."""
UNTRAINED = "untrained"
"""Transformer label of the untrained control (the first transformer seed's initialisation)."""
NO_TRANSFORMER = "none"
"""Transformer label of the positive control, whose activations come from no transformer."""


class Point(NamedTuple):
    """One SAE shape and training length."""

    d_sae: int
    k: int
    epochs: int

    @property
    def label(self) -> str:
        """The point in file names, e.g. ``d1024_k32_e10``."""
        return f"d{self.d_sae}_k{self.k}_e{self.epochs}"

    @classmethod
    def parse(cls, label: str) -> "Point":
        match = re.fullmatch(r"d(\d+)_k(\d+)_e(\d+)", label)
        if match is None:
            raise ValueError(f"not a grid point label (d<d_sae>_k<k>_e<epochs>): {label!r}")
        return cls(*map(int, match.groups()))


class Comparison(NamedTuple):
    """The SAEs of one (task, transformer, point), compared pairwise."""

    task: str
    transformer: str
    point: Point
    seeds: tuple[int, ...]


def transformer_label(seed: int) -> str:
    """Label of the transformer trained with ``seed``: ``t<seed>``."""
    return f"t{seed}"


def transformer_group(label: str) -> str:
    """What kind of activation set a transformer label names: trained, untrained or none."""
    if label in (UNTRAINED, NO_TRANSFORMER):
        return label
    if re.fullmatch(r"t\d+", label):
        return "trained"
    raise ValueError(f"not a transformer label (t<seed>, {UNTRAINED!r} or {NO_TRANSFORMER!r}): {label!r}")


def trained_transformers(section: Mapping[str, Any]) -> list[str]:
    return [transformer_label(s) for s in section["transformer_seeds"]]


def activation_sets(section: Mapping[str, Any], task: str) -> list[str]:
    """Transformer labels of ``task``'s activation sets: each trained seed, then the untrained control."""
    if task == KNOWN_DICTIONARY:
        return [NO_TRANSFORMER]
    return trained_transformers(section) + ([UNTRAINED] if section["untrained_control"] else [])


def task_names(section: Mapping[str, Any]) -> list[str]:
    """The transformer tasks in config order, then the positive control when it runs."""
    return list(section["tasks"]) + ([KNOWN_DICTIONARY] if section["positive_control"]["enabled"] else [])


def task_d_model(section: Mapping[str, Any], task: str) -> int:
    if task == KNOWN_DICTIONARY:
        return section["positive_control"]["d_model"]
    return section["tasks"][task]["model"]["d_model"]


def main_point(section: Mapping[str, Any], task: str) -> Point:
    """The study's own SAE point for ``task``: d_sae = expansion × d_model, the configured k and epochs."""
    sae = section["sae"]
    return Point(sae["expansion"] * task_d_model(section, task), sae["k"], sae["epochs"])


def control_matched_point(section: Mapping[str, Any]) -> Point:
    """The positive control's SAEs at the known dictionary's own size and k."""
    control = section["positive_control"]
    return Point(control["n_features"], control["k"], section["sae"]["epochs"])


def sweep_transformer(section: Mapping[str, Any], task: str) -> str:
    """The activation set a task's sweep runs on: its first transformer (none for the positive control)."""
    return activation_sets(section, task)[0]


def comparisons(section: Mapping[str, Any]) -> list[Comparison]:
    """Every comparison of the study, each (task, transformer, point) once.

    The study's own point on every activation set with all seeds; the positive control also at its
    own shape; the sweep grid (every d_sae, k <= d_sae, epochs) on each swept task's first
    transformer with the first ``sweep.n_seeds`` seeds. A grid point that is also the study's own
    point keeps all seeds, so its SAEs serve both.
    """
    seeds = tuple(section["seeds"])
    found: dict[tuple[str, str, Point], tuple[int, ...]] = {}
    for task in task_names(section):
        for transformer in activation_sets(section, task):
            found[task, transformer, main_point(section, task)] = seeds
    if section["positive_control"]["enabled"]:
        found[KNOWN_DICTIONARY, NO_TRANSFORMER, control_matched_point(section)] = seeds
    sweep = section["sweep"]
    for task in (t for t in sweep["tasks"] if t in task_names(section)):
        for d_sae, k, epochs in product(sweep["d_sae"], sweep["k"], sweep["epochs"]):
            if k <= d_sae:
                found.setdefault((task, sweep_transformer(section, task), Point(d_sae, k, epochs)), seeds[: sweep["n_seeds"]])
    return [Comparison(task, transformer, point, s) for (task, transformer, point), s in found.items()]


def sae_jobs(section: Mapping[str, Any]) -> list[tuple[str, str, Point, int]]:
    """(task, transformer, point, seed) of every SAE the study trains."""
    return [(c.task, c.transformer, c.point, seed) for c in comparisons(section) for seed in c.seeds]
