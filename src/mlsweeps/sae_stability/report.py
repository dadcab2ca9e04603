"""The `sae_stability` report, computed from the study's TSVs.

Every number printed here is read from a TSV beside the report (or is a mean, difference or
ratio of such numbers, named where it appears) and formatted with the specs below, so a reader
can recompute each one. Every finding sentence is chosen by the rules in this module from those
numbers, and names the control that could have refuted it with both numbers.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

import pandas as pd

from ..markdown import markdown_table
from .analysis import seed_matrix
from .plan import KNOWN_DICTIONARY, Point, control_matched_point, main_point, task_names, transformer_group

__all__ = [
    "TASK_DESCRIPTIONS",
    "GROUP_NAMES",
    "VERDICT_WORDS",
    "MIN_PAIRS",
    "pct",
    "learning_verdict",
    "stability_verdict",
    "verdict_sentence",
    "activation_verdict",
    "task_difference_verdict",
    "crisis_verdict",
    "Study",
    "render_report",
]

TASK_DESCRIPTIONS = {
    "modular_arithmetic": "modular addition: input `a + b =`, the model predicts `(a + b) mod p` at `=`",
    "copy": "sequence copying: input `x1 … xL SEP`, the model reproduces `x1 … xL` one token at a time",
    KNOWN_DICTIONARY: "positive control: vectors synthesised as sums of k of n_features known random directions",
}
GROUP_NAMES = {"trained": "trained transformers", "untrained": "untrained transformer", "none": "synthesised"}
"""How the report names each kind of activation set (``stability.tsv``'s ``transformers`` column)."""


def pct(x: float) -> str:
    """A fraction as a percentage with one decimal, as every percentage in the report."""
    return f"{100 * x:.1f}%"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _ci(low: float, high: float, signed: bool = False) -> str:
    spec = "+.3f" if signed else ".3f"
    return f"[{low:{spec}}, {high:{spec}}]"


def learning_verdict(accuracy: float, chance: float) -> str:
    """How well a transformer learned its task, from validation accuracy against chance.

    >>> learning_verdict(0.99, 0.05)
    'learned the task'
    """
    if accuracy >= 0.9:
        return "learned the task"
    if accuracy >= 2 * chance:
        return "learned the task only partly"
    return "did not learn the task beyond chance"


VERDICT_WORDS = {
    "too_few": "no verdict: fewer than 3 pairs",
    "not_moved": "no verdict: decoders not moved",
    "stable": "stable",
    "shared": "agree beyond the data's geometry",
    "none": "no agreement beyond the data's geometry",
    "below": "below the matched null",
}
"""The short form of each stability verdict, for tables."""


MIN_PAIRS = 3
"""Seed pairs a condition needs for its interval to mean anything (two SAE seeds on one transformer give one pair, no spread)."""


def stability_verdict(*, drift: float, pwmcc: float, excess_low: float, excess_high: float, threshold: float, unmoved_cos: float,
                      n_pairs: int = MIN_PAIRS) -> str:
    """Which stability verdict the numbers of one condition allow (a key of ``VERDICT_WORDS``).

    - ``too_few``: fewer than ``MIN_PAIRS`` seed pairs, so there is no interval to judge by;
    - ``not_moved``: the decoder rows kept mean |cos| >= ``unmoved_cos`` with their own starting
      rows, so PWMCC re-measures the initialisation and no verdict is given;
    - ``stable``: the interval of PWMCC minus the span-matched null lies above 0 and PWMCC reaches
      ``threshold``;
    - ``shared``: the interval lies above 0, PWMCC below ``threshold``;
    - ``below``: the interval lies below 0;
    - ``none``: the interval includes 0 (the matched null explains the PWMCC).

    >>> stability_verdict(drift=0.5, pwmcc=0.8, excess_low=0.2, excess_high=0.3, threshold=0.7, unmoved_cos=0.9)
    'stable'
    """
    if n_pairs < MIN_PAIRS:
        return "too_few"
    if drift >= unmoved_cos:
        return "not_moved"
    if excess_low > 0:
        return "stable" if pwmcc >= threshold else "shared"
    if excess_high < 0:
        return "below"
    return "none"


VERDICT_SENTENCES = {
    "too_few": "no stability verdict: fewer than {min_pairs} seed pairs give no interval (PWMCC {pwmcc:.3f}, span-matched random dictionaries {null:.3f})",
    "not_moved": "no stability verdict: the decoder rows kept mean |cos| {drift:.3f} with their own starting rows (≥ {unmoved_cos}), "
                 "so PWMCC {pwmcc:.3f} re-measures the initialisation (the starting dictionaries give {start:.3f})",
    "stable": "the seeds agree: PWMCC {pwmcc:.3f} reaches the {threshold} line and exceeds span-matched random dictionaries ({null:.3f}) by {interval}",
    "shared": "the seeds share more than the data's geometry gives, below the {threshold} line: PWMCC {pwmcc:.3f} against {null:.3f} "
              "for span-matched random dictionaries, {interval}",
    "below": "the seeds agree less than span-matched random dictionaries: PWMCC {pwmcc:.3f} against {null:.3f}, {interval}",
    "none": "no agreement beyond the data's geometry: span-matched random dictionaries give {null:.3f} against PWMCC {pwmcc:.3f} "
            "({interval}, the interval includes 0)",
}
"""The finding sentence of each stability verdict; each names its control (span-matched null or starting rows) with both numbers."""


def verdict_sentence(verdict: str, *, pwmcc: float, null: float, excess: float, low: float, high: float, drift: float, start: float,
                     threshold: float, unmoved_cos: float) -> str:
    """``VERDICT_SENTENCES[verdict]`` filled with the condition's numbers."""
    if verdict not in VERDICT_SENTENCES:
        raise ValueError(f"unknown verdict {verdict!r}; expected one of {sorted(VERDICT_SENTENCES)}")
    return VERDICT_SENTENCES[verdict].format(pwmcc=pwmcc, null=null, drift=drift, start=start, threshold=threshold, unmoved_cos=unmoved_cos,
                                             min_pairs=MIN_PAIRS, interval=f"{excess:+.3f} {_ci(low, high, signed=True)}")


def activation_verdict(*, over_start_low: float, over_shuffled_low: float) -> str:
    """What the latent-activation comparison shows: ``learned`` (the trained SAEs' latents co-vary more than
    their starting SAEs' and than with shuffled inputs), ``start`` (no more than the starting SAEs'), or
    ``chance`` (no more than with shuffled inputs).

    >>> activation_verdict(over_start_low=0.05, over_shuffled_low=0.4)
    'learned'
    """
    if over_shuffled_low <= 0:
        return "chance"
    return "learned" if over_start_low > 0 else "start"


def task_difference_verdict(*, pwmcc_differs: bool, excess_differs: bool) -> str:
    """What a comparison of two tasks shows, from whether the interval of each difference excludes 0.

    ``beyond_geometry``: the tasks differ in PWMCC minus the span-matched null; ``geometry``: they
    differ in PWMCC only, so the span-matched null (the data's geometry) explains the difference;
    ``none``: neither interval excludes 0.

    >>> task_difference_verdict(pwmcc_differs=True, excess_differs=False)
    'geometry'
    """
    if excess_differs:
        return "beyond_geometry"
    return "geometry" if pwmcc_differs else "none"


def crisis_verdict(*, control_detects: bool, main_verdicts: Mapping[str, str], sweep_agreeing: Sequence[str]) -> str:
    """How this run's numbers bear on the seed report's claim of a universal reproducibility crisis.

    ``undecidable`` when the positive control's seeds do not agree (the measurement shows no power);
    ``refuted`` when every task's seeds are stable at the study's own point; ``qualified`` when some
    grid point of a transformer task (``sweep_agreeing``) has seeds agreeing beyond the matched null;
    ``confirmed`` otherwise (for this data and recipe).

    >>> crisis_verdict(control_detects=True, main_verdicts={"copy": "not_moved"}, sweep_agreeing=["copy"])
    'qualified'
    """
    if not control_detects:
        return "undecidable"
    if main_verdicts and all(v == "stable" for v in main_verdicts.values()):
        return "refuted"
    return "qualified" if sweep_agreeing else "confirmed"


@dataclass
class Study:
    """The study's tables and config, with the lookups the report's sections share."""

    pwmcc: pd.DataFrame
    sae_metrics: pd.DataFrame
    summary: pd.DataFrame
    stability: pd.DataFrame
    geometry: pd.DataFrame
    training: pd.DataFrame
    models: pd.DataFrame
    task_comparison: pd.DataFrame
    config: Mapping

    def __post_init__(self):
        self._stats = self.stability.set_index(["task", "transformers", "d_sae", "k", "epochs", "quantity"]).sort_index()
        self.threshold = self.config["comparison"]["shared_threshold"]
        self.unmoved_cos = self.config["comparison"]["unmoved_cos"]

    @property
    def tasks(self) -> list[str]:
        return task_names(self.config)

    @property
    def transformer_tasks(self) -> list[str]:
        return list(self.config["tasks"])

    def main(self, task: str) -> Point:
        return main_point(self.config, task)

    def has(self, task: str, group: str, point: Point) -> bool:
        return (task, group, *point) in self._stats.index.droplevel("quantity")

    def stat(self, task: str, group: str, point: Point, quantity: str) -> pd.Series:
        """The ``stability.tsv`` row (estimate, ci_low, ci_high, n_transformers, n_units) of one quantity."""
        return self._stats.loc[(task, group, *point, quantity)]

    def value(self, task: str, group: str, point: Point, quantity: str) -> float:
        return float(self.stat(task, group, point, quantity).estimate)

    def conditions(self, group: str | None = None) -> list[tuple[str, str, Point]]:
        keys = self.stability[["task", "transformers", "d_sae", "k", "epochs"]].drop_duplicates()
        return [(r.task, r.transformers, Point(r.d_sae, r.k, r.epochs)) for r in keys.itertuples(index=False) if group in (None, r.transformers)]

    def rank(self, task: str, group: str, point: Point) -> float:
        """Mean span dimension (the data's rank) of the activation sets a condition's SAEs were trained on."""
        transformers = set(self.pairs_of(task, group, point).transformer)
        rows = self.geometry[(self.geometry.task == task) & self.geometry.transformer.isin(transformers)]
        return float(rows.span_dims.mean())

    def verdict(self, task: str, group: str, point: Point) -> str:
        excess = self.stat(task, group, point, "excess_matched")
        return stability_verdict(drift=self.value(task, group, point, "drift"), pwmcc=self.value(task, group, point, "pwmcc"),
                                 excess_low=excess.ci_low, excess_high=excess.ci_high, threshold=self.threshold, unmoved_cos=self.unmoved_cos,
                                 n_pairs=int(excess.n_units))

    def verdict_text(self, task: str, group: str, point: Point) -> str:
        excess = self.stat(task, group, point, "excess_matched")
        return verdict_sentence(self.verdict(task, group, point), pwmcc=self.value(task, group, point, "pwmcc"),
                                null=self.value(task, group, point, "matched_null_pwmcc"), excess=excess.estimate, low=excess.ci_low,
                                high=excess.ci_high, drift=self.value(task, group, point, "drift"),
                                start=self.value(task, group, point, "start_pwmcc"), threshold=self.threshold, unmoved_cos=self.unmoved_cos)

    def pairs_of(self, task: str, group: str, point: Point) -> pd.DataFrame:
        rows = self.pwmcc[(self.pwmcc.task == task) & (self.pwmcc.d_sae == point.d_sae) & (self.pwmcc.k == point.k) & (self.pwmcc.epochs == point.epochs)]
        return rows[rows.transformer.map(transformer_group) == group]

    def saes_of(self, task: str, group: str, point: Point) -> pd.DataFrame:
        m = self.sae_metrics
        rows = m[(m.task == task) & (m.d_sae == point.d_sae) & (m.k == point.k) & (m.epochs == point.epochs)]
        return rows[rows.transformer.map(transformer_group) == group]

    def main_group(self, task: str) -> str:
        return "none" if task == KNOWN_DICTIONARY else "trained"

    def swept(self) -> list[tuple[str, str]]:
        """(task, kind of activation set) of each task with more conditions than its own point."""
        return [(t, self.main_group(t)) for t in self.tasks if sum(1 for c in self.conditions(self.main_group(t)) if c[0] == t) > 1]


def _point_text(point: Point) -> str:
    return f"d_sae {point.d_sae}, k {point.k}, {point.epochs} epochs"


# --- sections -----------------------------------------------------------------------------------


def _decomposition(study: Study, task: str, group: str, point: Point) -> str:
    """What part of the PWMCC is geometry and initialisation, the decoders' span mass, and learned shared features."""
    v = lambda q: study.value(task, group, point, q)  # noqa: E731
    excess = study.stat(task, group, point, "excess_matched")
    rank = study.rank(task, group, point)
    return (f"PWMCC {v('pwmcc'):.3f}. Geometry and initialisation: isotropic random dictionaries of this shape give {v('isotropic_pwmcc'):.3f} "
            f"and the SAEs' own starting dictionaries {v('start_pwmcc'):.3f}; the decoder rows end at mean |cos| {v('drift'):.3f} with their "
            f"starting rows. Span mass: the decoders hold {pct(v('span_share'))} of their norm² in the data's span of {rank:.1f} dimensions "
            f"({pct(v('start_span_share'))} at the start), which lifts span-matched random dictionaries to {v('matched_null_pwmcc'):.3f} "
            f"({v('span_mass_effect'):+.3f}). Learning: {excess.estimate:+.3f} {_ci(excess.ci_low, excess.ci_high, signed=True)} is left "
            f"for features shared across seeds.")


def _control_sentence(study: Study) -> list[str]:
    if KNOWN_DICTIONARY not in study.tasks:
        return []
    control, own, main = study.config["positive_control"], control_matched_point(study.config), study.main(KNOWN_DICTIONARY)
    lines = []
    for point, name in ((own, "at the known dictionary's own size and k"), (main, "at the study's shape")):
        recovered, best = study.value(KNOWN_DICTIONARY, "none", point, "recovered_frac"), study.value(KNOWN_DICTIONARY, "none", point, "mean_best_cos")
        lines.append(f"{name} ({_point_text(point)}) the SAEs recover {pct(recovered)} of the directions (|cos| ≥ "
                     f"{study.config['comparison']['recovery_threshold']}; mean best |cos| {best:.3f}), and {study.verdict_text(KNOWN_DICTIONARY, 'none', point)}")
    detects = study.verdict(KNOWN_DICTIONARY, "none", own) in ("stable", "shared")
    return [f"- **Positive control** (`{KNOWN_DICTIONARY}`: {control['n_features']} known directions in {control['d_model']} dimensions, "
            f"{control['k']} active per vector): {lines[0]}; {lines[1]}. "
            + ("The measurement detects stability where it exists." if detects else
               "The measurement did not detect the known dictionary's stability in this run, so no result below can show stability.")]


def _agreeing_sweep_points(study: Study) -> list[tuple[str, Point]]:
    """Transformer-task conditions on trained transformers whose seeds agree beyond the matched null, best excess first."""
    found = [(task, point) for task, group, point in study.conditions("trained")
             if task in study.transformer_tasks and study.verdict(task, group, point) in ("stable", "shared")]
    return sorted(found, key=lambda tp: -study.value(tp[0], "trained", tp[1], "excess_matched"))


def _crisis(study: Study) -> list[str]:
    if KNOWN_DICTIONARY not in study.tasks or not study.transformer_tasks:
        return ["- The seed report's claim of a universal reproducibility crisis is not judged here: it needs the positive control "
                "and at least one transformer task."]
    own = control_matched_point(study.config)
    control = (study.value(KNOWN_DICTIONARY, "none", own, "pwmcc"), study.value(KNOWN_DICTIONARY, "none", own, "matched_null_pwmcc"))
    main_verdicts = {t: study.verdict(t, "trained", study.main(t)) for t in study.transformer_tasks}
    agreeing = _agreeing_sweep_points(study)
    verdict = crisis_verdict(control_detects=study.verdict(KNOWN_DICTIONARY, "none", own) in ("stable", "shared"),
                             main_verdicts=main_verdicts, sweep_agreeing=[t for t, _ in agreeing])
    at_main = "; ".join(f"{t}: {VERDICT_WORDS[v]} (PWMCC {study.value(t, 'trained', study.main(t), 'pwmcc'):.3f}, span-matched null "
                        f"{study.value(t, 'trained', study.main(t), 'matched_null_pwmcc'):.3f})" for t, v in main_verdicts.items())
    head = "- **The seed report's claim of a universal reproducibility crisis**"
    if verdict == "undecidable":
        return [f"{head} cannot be judged from this run: the positive control's seeds did not agree beyond span-matched random "
                f"dictionaries (PWMCC {control[0]:.3f} against {control[1]:.3f}), so the measurement shows no power here."]
    if verdict == "refuted":
        return [f"{head} is refuted for this data: at the study's own shape every task's seeds agree ({at_main})."]
    if verdict == "confirmed":
        return [f"{head} is confirmed for this data and recipe: at no grid point of any task do the seeds agree beyond span-matched "
                f"random dictionaries ({at_main}), while the positive control's seeds do (PWMCC {control[0]:.3f} against {control[1]:.3f})."]
    where = "; ".join(f"{t} at {_point_text(p)}: PWMCC {study.value(t, 'trained', p, 'pwmcc'):.3f} against "
                      f"{study.value(t, 'trained', p, 'matched_null_pwmcc'):.3f}" for t, p in agreeing[:3])
    main = study.main(KNOWN_DICTIONARY)
    control_at_main = (f"on the known dictionary the study's shape gives PWMCC {study.value(KNOWN_DICTIONARY, 'none', main, 'pwmcc'):.3f} "
                       f"against {study.value(KNOWN_DICTIONARY, 'none', main, 'matched_null_pwmcc'):.3f} and recovers "
                       f"{pct(study.value(KNOWN_DICTIONARY, 'none', main, 'recovered_frac'))} of the directions")
    return [f"{head} is qualified: at the study's own shape {at_main}; but where the dictionary fits the data the seeds agree beyond "
            f"span-matched random dictionaries ({where}), and the positive control shows that agreement is measurable "
            f"(PWMCC {control[0]:.3f} against {control[1]:.3f} at its own shape, while {control_at_main}). Low PWMCC at d_sae = "
            f"expansion × d_model here is a property of that shape and training length on this data, not evidence that SAEs in "
            f"general do not reproduce."]


def _executive_summary(study: Study) -> list[str]:
    lines = ["## Executive Summary", ""]
    for task in study.transformer_tasks:
        point = study.main(task)
        n_transformers = int(study.stat(task, "trained", point, "pwmcc").n_transformers)
        lines.append(f"- **{task}** ({_point_text(point)}; {_plural(n_transformers, 'transformer')} × {_plural(len(study.config['seeds']), 'SAE seed')}): "
                     f"{_decomposition(study, task, 'trained', point)} Verdict: {study.verdict_text(task, 'trained', point)}.")
    lines += _control_sentence(study)
    for task in study.transformer_tasks:
        if study.has(task, "untrained", study.main(task)):
            lines.append(f"- **Untrained transformer control, {task}**: {study.verdict_text(task, 'untrained', study.main(task))}.")
    lines += _crisis(study)
    lines += ["", "Per task and dictionary size (trained transformers; the positive control's synthesised data last). "
              "PWMCC = isotropic null (geometry) + (matched null − isotropic: the decoders' span mass) + learned, where learned = "
              "PWMCC − span-matched null, with its 95% interval over transformers and SAE seeds; start: the same SAEs' starting "
              "dictionaries; drift: mean |cos| of decoder rows with their starts; rank: the data's span dimension (mean over the "
              "condition's transformers):", "", _size_table(study, [c for c in study.conditions() if c[1] in ("trained", "none")]), ""]
    return lines


def _size_table(study: Study, conditions: Sequence[tuple[str, str, Point]]) -> str:
    rows = []
    for task, group, point in sorted(conditions, key=lambda c: (study.tasks.index(c[0]), c[2])):
        v = lambda q: study.value(task, group, point, q)  # noqa: E731
        excess = study.stat(task, group, point, "excess_matched")
        rows.append([task, point.d_sae, f"{point.d_sae / study.rank(task, group, point):.1f}", point.k, point.epochs, f"{v('pwmcc'):.3f}",
                     f"{v('isotropic_pwmcc'):.3f}", f"{v('start_pwmcc'):.3f}", f"{v('matched_null_pwmcc'):.3f}",
                     f"{excess.estimate:+.3f} {_ci(excess.ci_low, excess.ci_high, signed=True)}", f"{v('drift'):.3f}",
                     VERDICT_WORDS[study.verdict(task, group, point)]])
    return markdown_table(["Task", "d_sae", "d_sae / rank", "k", "Epochs", "PWMCC", "Isotropic", "Start", "Matched null", "Learned [95% CI]",
                           "Drift", "Verdict"], rows)


def _geometry(study: Study) -> list[str]:
    rows = []
    for r in study.geometry.itertuples(index=False):
        d_model = study.config["positive_control"]["d_model"] if r.task == KNOWN_DICTIONARY else study.config["tasks"][r.task]["model"]["d_model"]
        class_share = "—" if pd.isna(r.class_r2) else f"{r.class_r2:.3f} ({int(r.n_classes)} classes)"
        rows.append([r.task, r.transformer, f"{int(r.n_vectors):,}", d_model, f"{r.participation_ratio:.1f}", int(r.dims_90), int(r.dims_99),
                     int(r.span_dims), class_share])
    return ["## Data Geometry", "",
            "The SAE training vectors of each activation set: participation ratio (Σλ)²/Σλ² of the principal variances, the fewest "
            f"principal dimensions holding 90% and 99% of the variance, the span the nulls use ({pct(study.config['comparison']['span_variance'])} "
            "of the variance), and the share of variance the mean of each answer class explains (R²; the synthesised control has no classes). "
            "A decoder row only gets gradient inside this span.", "",
            markdown_table(["Task", "Transformer", "Vectors", "d_model", "Participation ratio", "Dims (90%)", "Dims (99%)", "Span dims",
                            "Class R²"], rows)]


def _setup(study: Study) -> list[str]:
    lines = ["## Experimental Setup", ""]
    models = study.models
    for task, spec in study.config["tasks"].items():
        m, tr, act = spec["model"], spec["train"], spec["activations"]
        data = ", ".join(f"{k} {v}" for k, v in spec["data"].items())
        task_models = models[models.task == task]
        trained = task_models[task_models.transformer != "untrained"]
        performance = "; ".join(f"{r.transformer}: val accuracy {pct(r.val_accuracy)} (whole answers {pct(r.val_sequence_accuracy)}), "
                                f"{learning_verdict(r.val_accuracy, r.chance_accuracy)}" for r in task_models.itertuples(index=False))
        lines += [
            f"### {task}",
            f"- **Task**: {TASK_DESCRIPTIONS[task]} ({data})",
            f"- **Transformers**: {_plural(m['n_layers'], 'layer')}, d_model {m['d_model']}, {_plural(m['n_heads'], 'head')}, d_mlp {m['d_mlp']} "
            f"({int(task_models.n_params.iloc[0]):,} parameters), seeds {', '.join(map(str, study.config['transformer_seeds']))}, each trained "
            f"{int(trained.epochs.iloc[0])} epochs (AdamW lr {tr['lr']}, weight decay {tr['weight_decay']})"
            + ("; the untrained control is the first seed's initialisation" if study.config["untrained_control"] else ""),
            f"- **Performance** (chance {pct(task_models.chance_accuracy.iloc[0])}): {performance}",
            f"- **Activations**: residual stream after block {act['layer']} at the answer positions, {pct(study.config['holdout_fraction'])} "
            f"of the sequences held out of SAE training",
            "",
        ]
    sae, sweep = study.config["sae"], study.config["sweep"]
    lines += [
        "### SAEs",
        f"- TopK SAE, the study's own point: k = {sae['k']}, expansion {sae['expansion']}× (d_sae = expansion × d_model), {sae['epochs']} epochs, "
        f"batch {sae['batch_size']}; Adam with linear warm-up over {pct(sae['lr_warmup_fraction'])} of the steps, then {sae['lr_decay']} decay; "
        f"AuxK coefficient {sae['auxk_coef']:.4g}, scaled by min(dead latents / auxk_k, 1)",
        f"- SAE seeds {', '.join(map(str, study.config['seeds']))} on every activation set; the batch order is the same for every seed "
        f"(data-order seed {sae['data_order_seed']}), so seeds differ only in initialisation",
        f"- Sweep on the first transformer of {', '.join(sweep['tasks']) or 'no task'}: d_sae {sweep['d_sae']}, k {sweep['k']}, "
        f"epochs {sweep['epochs']} (every combination with k ≤ d_sae), the first {sweep['n_seeds']} SAE seeds per point",
        "",
    ]
    return lines


def _results(study: Study) -> list[str]:
    rows = []
    for r in study.summary.itertuples(index=False):
        pairs = study.pairs_of(r.task, r.transformers, study.main(r.task))
        rows.append([f"**{r.task}**", GROUP_NAMES[r.transformers], f"{r.mean:.3f}", f"±{r.std:.3f}", f"[{r.min:.3f}, {r.max:.3f}]", int(r.n_pairs),
                     f"{r.random_mean:.3f} ± {r.random_std:.3f}", f"{r.mean - r.random_mean:+.3f}", f"{pairs.matched_mcc.mean():.3f}",
                     f"{pairs.isotropic_matched_mcc.mean():.3f}", pct(pairs.shared_frac.mean())])
    lines = [
        "## Results", "", "### PWMCC Comparison", "",
        markdown_table(["Task", "Activations", "Mean PWMCC", "Std Dev", "Range", "N Comparisons", "Random PWMCC", "Trained − Random",
                        "Matched MCC", "Random Matched MCC", f"Shared (> {study.threshold})"], rows),
        "At each task's own point. PWMCC: for each decoder direction the largest |cos| with the other SAE, averaged both ways. "
        "Matched MCC: mean |cos| under a one-to-one (Hungarian) matching; shared: fraction of matched pairs above the line. Std Dev "
        "is the sample std (ddof = 1) over all seed pairs of all transformers; random: one pair of isotropic random dictionaries of "
        "the same shape drawn per seed pair.",
        "",
        "### Nulls and Controls",
        "",
        "Each seed pair is set against its own draw of each null. Start: the same two SAEs before training. Isotropic: random unit "
        "dictionaries of the same shape. Matched null: random dictionaries whose rows hold the trained rows' norm² in the data's span, "
        "pointing at random inside and outside it. In span: PWMCC of the decoders' in-span parts in the span's own coordinates, "
        "against random directions in that many dimensions. Intervals: 95%, resampling transformers, then SAE seeds.",
        "",
    ]
    null_rows = []
    for task, group, point in sorted(((t, g, study.main(t)) for t in study.tasks for g in ("trained", "untrained", "none")
                                      if study.has(t, g, study.main(t))), key=lambda c: study.tasks.index(c[0])):
        s = lambda q: study.stat(task, group, point, q)  # noqa: E731
        null_rows.append([task, GROUP_NAMES[group], f"{s('pwmcc').estimate:.3f} {_ci(s('pwmcc').ci_low, s('pwmcc').ci_high)}",
                          f"{s('start_pwmcc').estimate:.3f}", f"{s('isotropic_pwmcc').estimate:.3f}", f"{s('matched_null_pwmcc').estimate:.3f}",
                          f"{s('excess_matched').estimate:+.3f} {_ci(s('excess_matched').ci_low, s('excess_matched').ci_high, signed=True)}",
                          f"{s('span_pwmcc').estimate:.3f}", f"{s('span_null_pwmcc').estimate:.3f}",
                          f"{s('excess_span').estimate:+.3f} {_ci(s('excess_span').ci_low, s('excess_span').ci_high, signed=True)}",
                          f"{s('drift').estimate:.3f}", f"{pct(s('span_share').estimate)} ({pct(s('start_span_share').estimate)})"])
    lines += [markdown_table(["Task", "Activations", "PWMCC [95% CI]", "Start", "Isotropic", "Matched null", "PWMCC − matched [95% CI]",
                              "In span", "In-span null", "In span − null [95% CI]", "Drift", "Span share (start)"], null_rows)]
    lines += _latents(study)
    lines += _statistics(study)
    for task in study.tasks:
        for transformer, rows in study.pwmcc[(study.pwmcc.task == task) & (study.pwmcc.d_sae == study.main(task).d_sae) & (study.pwmcc.k == study.main(task).k)
                                              & (study.pwmcc.epochs == study.main(task).epochs)].groupby("transformer", sort=False):
            seeds = list(study.config["seeds"])
            matrix = seed_matrix(rows, seeds)
            header = "seed    " + " ".join(f"{s:>7}" for s in seeds)
            body = [f"{s:<7} " + " ".join(f"{v:7.3f}" for v in matrix[i]) for i, s in enumerate(seeds)]
            lines += [f"### PWMCC Matrix ({task}, {transformer})", "", "```", header, *body, "```", ""]
    return lines


def _latents(study: Study) -> list[str]:
    rows, sentences = [], []
    conditions = [(t, g, study.main(t)) for t in study.tasks for g in ("trained", "untrained", "none")]
    if KNOWN_DICTIONARY in study.tasks:  # where the known dictionary is recovered, the latents should agree in what they do
        conditions.append((KNOWN_DICTIONARY, "none", control_matched_point(study.config)))
    for task, group, point in conditions:
        if study.has(task, group, point):
            s = lambda q: study.stat(task, group, point, q)  # noqa: E731
            over_start, over_shuffled = s("excess_activation_start"), s("excess_activation_shuffled")
            pairs = study.pairs_of(task, group, point)
            rows.append([task, GROUP_NAMES[group], point.d_sae, point.k, point.epochs,
                         f"{s('activation_mcc').estimate:.3f} {_ci(s('activation_mcc').ci_low, s('activation_mcc').ci_high)}",
                         f"{s('start_activation_mcc').estimate:.3f}", f"{s('shuffled_activation_mcc').estimate:.3f}",
                         f"{over_start.estimate:+.3f} {_ci(over_start.ci_low, over_start.ci_high, signed=True)}", f"{pairs.n_matched_latents.mean():.1f}",
                         pct(s("dead_frac").estimate), pct(s("rare_frac").estimate)])
            verdict = activation_verdict(over_start_low=over_start.ci_low, over_shuffled_low=over_shuffled.ci_low)
            numbers = (f"matched correlation {s('activation_mcc').estimate:.3f} against {s('start_activation_mcc').estimate:.3f} for their starting "
                       f"SAEs and {s('shuffled_activation_mcc').estimate:.3f} with one SAE's inputs shuffled")
            meaning = {"learned": "training made their latents fire together more than their starting SAEs' did",
                       "start": "their latents fire together no more than their starting SAEs' did: the agreement comes from the initialisation and the data",
                       "chance": "their latents fire together no more than with shuffled inputs"}[verdict]
            sentences.append(f"- {task} ({GROUP_NAMES[group]}, {_point_text(point)}): {meaning} ({numbers}; trained − start {over_start.estimate:+.3f} "
                             f"{_ci(over_start.ci_low, over_start.ci_high, signed=True)}).")
    rare = study.config["comparison"]["rare_rate"]
    return ["", "### What the Latents Do", "",
            "Pearson correlation of two SAEs' latent activations over the held-out vectors, latents matched one to one (Hungarian), over "
            f"the latents that fire on at least {pct(rare)} of them in both SAEs. Baselines: the two SAEs at their start, and the "
            "trained pair with one SAE's inputs shuffled. Dead (no firing in the last training epoch) and rare (firing on fewer than "
            f"{pct(rare)} of its inputs) latents are counted apart and left out of the matching.", "",
            markdown_table(["Task", "Activations", "d_sae", "k", "Epochs", "Activation MCC [95% CI]", "Start", "Shuffled", "Trained − start [95% CI]", "Matched latents",
                            "Dead", "Rare"], rows), *sentences, ""]


def _excludes_zero(row) -> bool:
    return row.ci_low > 0 or row.ci_high < 0


def _task_differences(study: Study) -> list[tuple[str, str, str, pd.Series, pd.Series]]:
    """(task_a, task_b, verdict, PWMCC row, excess row) of every compared pair of tasks."""
    table = study.task_comparison.set_index(["task_a", "task_b", "quantity"])
    found = []
    for task_a, task_b in dict.fromkeys(zip(study.task_comparison.task_a, study.task_comparison.task_b)):
        raw, excess = table.loc[(task_a, task_b, "pwmcc")], table.loc[(task_a, task_b, "excess_matched")]
        found.append((task_a, task_b, task_difference_verdict(pwmcc_differs=_excludes_zero(raw), excess_differs=_excludes_zero(excess)), raw, excess))
    return found


def _task_difference_sentence(task_a: str, task_b: str, verdict: str, raw: pd.Series, excess: pd.Series) -> str:
    numbers = (f"PWMCC {raw['diff']:+.3f} {_ci(raw.ci_low, raw.ci_high, signed=True)}; PWMCC − span-matched null "
               f"{excess['diff']:+.3f} {_ci(excess.ci_low, excess.ci_high, signed=True)}")
    if verdict == "beyond_geometry":
        higher = task_a if excess["diff"] > 0 else task_b
        return f"the tasks differ beyond the data's geometry, {higher} higher ({numbers})"
    if verdict == "geometry":
        return (f"the tasks differ in PWMCC, but not once span-matched random dictionaries are subtracted: the difference is the "
                f"data's geometry ({numbers})")
    return f"no difference between the tasks is detectable with these transformers and seeds ({numbers})"


def _statistics(study: Study) -> list[str]:
    lines = ["### Statistical Analysis", ""]
    if study.task_comparison.empty:
        return lines + ["Only one transformer task is configured: there is no task comparison.", ""]
    names = {"pwmcc": "PWMCC", "excess_matched": "PWMCC − span-matched null"}
    for row in study.task_comparison.itertuples(index=False):
        d = "undefined (fewer than two transformers or no spread)" if pd.isna(row.cohens_d) else f"{row.cohens_d:.2f}"
        lines += [
            f"**{row.task_a} − {row.task_b}, {names[row.quantity]}** (mean {row.mean_a:.3f} vs {row.mean_b:.3f}; "
            f"{row.n_transformers_a} and {row.n_transformers_b} transformers):",
            f"- Difference: {row.diff:+.3f}",
            f"- 95% CI (resampling transformers, then SAE seeds; {row.n_resamples} resamples): {_ci(row.ci_low, row.ci_high, signed=True)}",
            f"- Bootstrap p-value (two-sided): {row.p_value:.4f}",
            f"- Cohen's d over the per-transformer means (descriptive): {d}",
            "",
        ]
    lines += [f"- {a} vs {b}: {_task_difference_sentence(a, b, v, raw, excess)}." for a, b, v, raw, excess in _task_differences(study)]
    return lines + ["", "Seed pairs share SAEs and SAEs share a transformer, so neither pairs nor SAEs are independent samples: the interval "
                    "resamples transformers, then SAE seeds within each; a task difference must exceed the spread between transformers.", ""]


def _sweep(study: Study, figure: str) -> list[str]:
    main = {(t, study.main(t)) for t in study.tasks}
    conditions = [c for c in study.conditions() if c[1] in ("trained", "none") and (c[0], c[2]) not in main]
    lines = ["## Sweep: Where Seeds Agree", ""]
    if not conditions:
        return lines + ["No sweep is configured.", ""]
    rows = []
    for task, group, point in sorted(conditions, key=lambda c: (study.tasks.index(c[0]), c[2].epochs, c[2].k, c[2].d_sae)):
        s = lambda q: study.stat(task, group, point, q)  # noqa: E731
        rows.append([task, point.d_sae, f"{point.d_sae / study.rank(task, group, point):.1f}", point.k, point.epochs, f"{s('pwmcc').estimate:.3f}",
                     f"{s('matched_null_pwmcc').estimate:.3f}", f"{s('excess_matched').estimate:+.3f} {_ci(s('excess_matched').ci_low, s('excess_matched').ci_high, signed=True)}",
                     f"{s('excess_span').estimate:+.3f}", f"{s('drift').estimate:.3f}", pct(s("dead_frac").estimate), f"{s('explained_variance').estimate:.4f}",
                     VERDICT_WORDS[study.verdict(task, group, point)]])
    agreeing = _agreeing_sweep_points(study)
    summary = (f"Seeds agree beyond span-matched random dictionaries at {_plural(len(agreeing), 'transformer-task point')} of the grid; the largest "
               f"excess: {agreeing[0][0]} at {_point_text(agreeing[0][1])}, {study.verdict_text(agreeing[0][0], 'trained', agreeing[0][1])}."
               if agreeing else "At no transformer-task point of the grid do the seeds agree beyond span-matched random dictionaries.")
    return lines + [
        f"Grid points on the first transformer of each swept task, {_plural(study.config['sweep']['n_seeds'], 'SAE seed')} each, and the "
        f"positive control's own shape (its synthesised data, every seed); each task's own point is in the tables above. "
        "Rank: the data's span dimension. EV: explained variance on the held-out vectors.", "",
        markdown_table(["Task", "d_sae", "d_sae / rank", "k", "Epochs", "PWMCC", "Matched null", "PWMCC − matched [95% CI]", "In span − null",
                        "Drift", "Dead", "EV", "Verdict"], rows),
        summary, "", f"![Sweep]({figure})", "",
        "*PWMCC minus the span-matched null (95% interval) against d_sae / rank, one line per k, one panel per task and training length; "
        "dashed: 0.*", ""]


def _dead_latents(study: Study, figure: str) -> list[str]:
    lines = ["## Dead Latents and Training", ""]
    for task in study.tasks:
        group, point = study.main_group(task), study.main(task)
        saes = study.saes_of(task, group, point)
        history = study.training[(study.training.task == task) & (study.training.d_sae == point.d_sae) & (study.training.k == point.k)
                                 & (study.training.epochs == point.epochs)]
        last = history[history.epoch == point.epochs]
        lines.append(f"- {task} ({GROUP_NAMES[group]}, {_point_text(point)}): over the last training epoch {pct(saes.dead_frac.min())} to "
                     f"{pct(saes.dead_frac.max())} of the latents are dead and {pct(saes.rare_frac.min())} to {pct(saes.rare_frac.max())} rare; "
                     f"the AuxK loss of that epoch is {last.auxk_loss.min():.3f} to {last.auxk_loss.max():.3f}; held-out explained variance "
                     f"{saes.explained_variance.min():.4f} to {saes.explained_variance.max():.4f} (training set "
                     f"{saes.train_explained_variance.min():.4f} to {saes.train_explained_variance.max():.4f}).")
    lines += _dead_over_sweep(study)
    return lines + ["", "Dead: no firing on any input of the last training epoch; the AuxK loss is the dead latents' fraction of the "
                    "residual's variance left unexplained (1: they explain none of it), scaled by min(dead / auxk_k, 1).", "",
                    f"![Dead latents]({figure})", "",
                    "*Left: share of dead latents per epoch at each task's own point (one line per SAE). Right: dead share after training "
                    "against d_sae / rank over the sweep, one line per k.*", ""]


def _dead_over_sweep(study: Study) -> list[str]:
    """How the dead share changes with d_sae / rank over the sweep's longest training, per task and k."""
    lines = []
    for task, group in study.swept():
        points = [p for t, _, p in study.conditions(group) if t == task]
        longest = max(p.epochs for p in points)
        parts = []
        for k in sorted({p.k for p in points}):
            row = sorted(p for p in points if p.k == k and p.epochs == longest)
            if len(row) < 2:
                continue
            first, last = row[0], row[-1]
            parts.append(f"at k = {k} from {pct(study.value(task, group, first, 'dead_frac'))} (d_sae / rank "
                         f"{first.d_sae / study.rank(task, group, first):.1f}) to {pct(study.value(task, group, last, 'dead_frac'))} "
                         f"({last.d_sae / study.rank(task, group, last):.1f}, "
                         f"{(1 - study.value(task, group, last, 'dead_frac')) * last.d_sae:.1f} of {last.d_sae} latents alive)")
        if parts:
            classes = study.geometry[study.geometry.task == task].n_classes.dropna()
            known = f"; the data has {int(classes.iloc[0])} answer classes" if len(classes) else ""
            lines.append(f"- Over the sweep ({task}, {longest} epochs) the dead share grows with the dictionary's size per data dimension: "
                         + "; ".join(parts) + known + ".")
    return lines


def _findings(study: Study) -> list[str]:
    lines = ["## Key Findings", ""]
    for i, task in enumerate(study.tasks, start=1):
        group, point = study.main_group(task), study.main(task)
        saes = study.saes_of(task, group, point)
        verdict = study.verdict(task, group, point)
        own = [] if task != KNOWN_DICTIONARY else [
            f"- At the known dictionary's own shape, {_point_text(control_matched_point(study.config))}: "
            f"{study.verdict_text(task, group, control_matched_point(study.config))}."]
        lines += [
            f"### {i}. {task}: {VERDICT_WORDS[verdict]}",
            f"- At {_point_text(point)} ({GROUP_NAMES[group]}): {study.verdict_text(task, group, point)}.",
            *own,
            f"- Reconstruction is {'good' if saes.explained_variance.min() >= 0.9 else 'incomplete'} on held-out vectors (good means "
            f"every SAE explains ≥ 0.9 of the variance): {saes.explained_variance.min():.4f} to {saes.explained_variance.max():.4f}; "
            f"dead latents {pct(saes.dead_frac.min())} to {pct(saes.dead_frac.max())}, L0 {saes.l0.mean():.2f}.",
            "",
        ]
    return lines


def _random_section(study: Study) -> list[str]:
    rows = []
    for r in study.summary.itertuples(index=False):
        point = study.main(r.task)
        d_model = study.config["positive_control"]["d_model"] if r.task == KNOWN_DICTIONARY else study.config["tasks"][r.task]["model"]["d_model"]
        rows.append([r.task, GROUP_NAMES[r.transformers], f"{point.d_sae} × {d_model}", int(r.n_pairs), f"{r.random_mean:.3f}", f"±{r.random_std:.3f}"])
    return ["## Random Baseline", "",
            "Isotropic random unit dictionaries of the SAEs' shape reach a PWMCC well above 0 by geometry alone (many directions in few "
            "dimensions always find a close neighbour); one pair is drawn per trained pair. Activations that fill only part of the space "
            "raise this further, which the span-matched null of the sections above accounts for.", "",
            markdown_table(["Task", "Activations", "Dictionary shape", "Draws", "Random PWMCC", "Std Dev"], rows)]


def _metrics_section(study: Study) -> list[str]:
    lines = ["## Saved Outputs", "",
             "- SAEs: `results/sae_stability/sae/<task>/<transformer>/d<d_sae>_k<k>_e<epochs>/seed<seed>/sae.safetensors` (config, metrics, "
             "starting decoder and last-epoch firing counts beside each)",
             "- Tables: `pwmcc.tsv`, `sae_metrics.tsv`, `summary.tsv`, `stability.tsv`, `geometry.tsv`, `training.tsv`, `models.tsv`, "
             "`task_comparison.tsv`", "", "### Metrics Summary", ""]
    for task in study.tasks:
        rows = [[r.transformer, int(r.seed), f"{r.mse:.4g}", f"{r.l0:.2f}", f"{r.explained_variance:.4f}", f"{r.train_explained_variance:.4f}",
                 pct(r.dead_frac), pct(r.rare_frac), f"{r.drift:.3f}", pct(r.span_share)]
                for group in ("trained", "untrained", "none") for r in study.saes_of(task, group, study.main(task)).itertuples(index=False)]
        lines += [f"**{task}**", "", markdown_table(["Transformer", "Seed", "MSE", "L0", "EV (held out)", "EV (train)", "Dead", "Rare", "Drift",
                                                     "Span share"], rows)]
    return lines


def _conclusion(study: Study) -> list[str]:
    lines = ["## Conclusion", ""]
    for task in study.tasks:
        group, point = study.main_group(task), study.main(task)
        lines.append(f"- {task} at {_point_text(point)}: {VERDICT_WORDS[study.verdict(task, group, point)]} (PWMCC "
                     f"{study.value(task, group, point, 'pwmcc'):.3f}, span-matched random dictionaries "
                     f"{study.value(task, group, point, 'matched_null_pwmcc'):.3f}, drift {study.value(task, group, point, 'drift'):.3f}).")
    lines += [f"- {a} vs {b}: {_task_difference_sentence(a, b, v, raw, excess)}." for a, b, v, raw, excess in _task_differences(study)]
    agreeing = _agreeing_sweep_points(study)
    if agreeing:
        lines.append(f"- Seeds agree beyond the data's geometry at {_plural(len(agreeing), 'transformer-task condition')}; the largest excesses: "
                     + "; ".join(f"{t} at {_point_text(p)} ({study.value(t, 'trained', p, 'excess_matched'):+.3f})" for t, p in agreeing[:5]) + ".")
    return lines + [""]


def render_report(study: Study, *, figures: Mapping[str, str], provenance: str) -> str:
    """The Markdown report; ``figures`` maps a figure key to its path relative to the report."""
    seeds = list(study.config["seeds"])
    lines = [
        "# SAE Seed Stability Across Tasks",
        "",
        f"**Experiment:** TopK SAEs trained with {len(seeds)} seeds on the activations of {_plural(len(study.config['transformer_seeds']), 'transformer')} "
        f"per task ({', '.join(study.transformer_tasks)}), compared pairwise (PWMCC, matched MCC, latent activations) against their starting "
        "dictionaries, isotropic and span-matched random dictionaries, with an untrained transformer and a synthesised known dictionary as "
        "controls and a sweep over dictionary size, k and training length.",
        "",
        *_executive_summary(study),
        *_geometry(study),
        *_setup(study),
        *_results(study),
        *_sweep(study, figures["sweep"]),
        *_dead_latents(study, figures["dead"]),
        *_findings(study),
        *_random_section(study),
        "## Figures",
        "",
        f"![PWMCC by task]({figures['bars']})",
        "",
        "*PWMCC and matched MCC at each task's own point (bars: mean ± std over seed pairs, dots: pairs) beside the starting dictionaries, "
        f"isotropic and span-matched nulls; dashed: the {study.threshold} line.*",
        "",
        f"![Decomposition]({figures['decomposition']})",
        "",
        "*PWMCC of every trained condition split into what isotropic random dictionaries give, what the decoders' span mass adds "
        "(span-matched null − isotropic) and what is left (PWMCC − span-matched null), by task and dictionary size.*",
        "",
        *[f"![PWMCC matrix {t}]({figures['heatmap_' + t]})\n\n*Seed × seed PWMCC for {t}, one panel per transformer.*\n" for t in study.tasks],
        f"![PWMCC histogram]({figures['histogram']})",
        "",
        "*Distribution of pairwise PWMCC per task at its own point, and of the isotropic null draws.*",
        "",
        *_metrics_section(study),
        *_conclusion(study),
        "## Command to reproduce",
        "",
        "```bash",
        "snakemake --cores 8   # with the same config (see the digest below); or `make run` for the default",
        "```",
        "",
        provenance,
    ]
    return "\n".join(lines)
