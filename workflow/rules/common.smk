# Workflow-wide Python: config validation, wildcard constraints, resources, final targets.
import os
import re
from pathlib import Path

from mlsweeps.config_validation import check_local_inputs, compose_config, load_schema, validate_config
from mlsweeps.distill.analysis import TABLES as DISTILL_TABLES
from mlsweeps.distill.config import ARMS, grid_settings
from mlsweeps.io import tensors_to_rebuild
from mlsweeps.pretrained import PACKAGED_MODELS, packaged_gguf, packaged_model_record
from mlsweeps.distill.config import validate_study as validate_distill
from mlsweeps.sae_stability.config import validate_study as validate_sae_stability
from mlsweeps.sae_stability import plan as sae_plan
from mlsweeps.task_vectors.config import validate_study as validate_task_vectors

# Files given with --configfile, merged in order by the project's rule (a data source in a later file replaces the
# earlier one whole), then --config values; Snakemake's own merge would keep a default's `path` beside an override's `hub`.
if workflow.overwrite_configfiles:
    config.clear()
    config.update(compose_config(workflow.overwrite_configfiles, workflow.config_settings.config))

# Fill defaults and reject unknown keys, wrong types and out-of-range values before any job starts.
validate_config(config, load_schema(Path(workflow.basedir) / "workflow" / "schemas" / "config.schema.yaml"))
validate_sae_stability(config["sae_stability"])
validate_distill(config["distill"])
validate_task_vectors(config["task_vectors"])
# Missing or empty data files and unusable model folders: named now, not when their job runs.
check_local_inputs(config, resolve=lambda path: Path(workflow.basedir) / path)

SAE = config["sae_stability"]

# Jobs share the cores: OpenMP threads that spin while waiting slow every other job down.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

# Scripts import mlsweeps from this checkout in every software environment: the venv's editable install, or an
# `--sdm conda` env of envs/ (Snakemake copies env files under .snakemake/conda/, so they cannot pip-install it by path).
_SRC = str(Path(workflow.basedir) / "src")
_PYTHONPATH = [entry for entry in os.environ.get("PYTHONPATH", "").split(os.pathsep) if entry]
if _SRC not in _PYTHONPATH:
    os.environ.update(PYTHONPATH=os.pathsep.join([_SRC, *_PYTHONPATH]))



# A local run's jobs fork from one warm interpreter that has imported torch and transformers once
# (mlsweeps.warm); each rule script hands itself over first thing. Cluster jobs run as before.
WARM = None


onstart:
    global WARM
    if workflow.is_main_process and workflow.local_exec:
        from mlsweeps.warm import start as start_warm_interpreter

        WARM = start_warm_interpreter()


onsuccess:
    if WARM is not None:
        WARM.stop()


onerror:
    if WARM is not None:
        WARM.stop()

wildcard_constraints:
    task="|".join(sae_plan.task_names(SAE)) or "none",
    transformer=r"t\d+|untrained|none",
    point=r"d\d+_k\d+_e\d+",
    seed="|".join(str(s) for s in SAE["seeds"]),
    tv_task="|".join(config["task_vectors"]["tasks"]),
    dataset="[A-Za-z0-9_]+-[A-Za-z0-9_]+",
    alpha=r"-?\d+\.\d{4}",
    n_points=r"[1-9]\d*",
    distill_task="|".join(config["distill"]["tasks"]),
    distill_seed="|".join(str(s) for s in config["distill"]["seeds"]),
    setting="|".join(re.escape(label) for label in grid_settings(config["distill"]["lambdas"], config["distill"]["train"]["lrs"])),
    teacher="few|zero",
    arm="sft|few|zero",
    packaged_model="|".join(PACKAGED_MODELS),


def rule_resources(study, family):
    """Threads and scheduler resources for a rule family ('train' or 'analysis') of a study."""
    return config[study]["resources"][family]


# How a study runs, not what it computes: left out of the config that reports record and digest, so
# changing a resource request or the checkpoint interval reruns nothing.
RUN_ONLY_KEYS = ("resources", "checkpoint_every", "alpha_points_per_job")


def results_config(study):
    """The study's config section without RUN_ONLY_KEYS."""
    return {key: value for key, value in config[study].items() if key not in RUN_ONLY_KEYS}


def attempt_mem_mb(base_mb):
    """mem_mb that grows with the attempt: a job retried after running out of memory asks for 2×, 3×…"""
    return lambda wildcards, attempt: base_mb * attempt


# A truncated or corrupt tensor file (a full disk, a copy cut short) is moved aside and rebuilt by this run, and with
# it everything downstream; checked once, by the Snakemake process that schedules the jobs.
TENSORS_TO_REBUILD = tensors_to_rebuild("results") if workflow.is_main_process else []


def final_outputs():
    """The report (and with it everything upstream) of every enabled study, and any tensor file to rebuild."""
    outputs = list(TENSORS_TO_REBUILD)
    if SAE["enabled"]:
        outputs += sae_stability_outputs()
    if config["task_vectors"]["enabled"]:
        outputs += task_vectors_outputs()
    if config["distill"]["enabled"]:
        outputs += distill_outputs()
    return outputs


def per_task_report(pattern, tasks, *, caption, category, subcategory):
    """One ``report()`` output per task, ``pattern`` with ``{}`` for the file label, each labelled with its task.

    ``tasks`` maps the file label to the task name; the HTML report lists the files in one table by task.
    """
    return [report(pattern.format(label), caption=caption, category=category, subcategory=subcategory, labels={"task": task})
            for label, task in tasks.items()]


# --- sae_stability -------------------------------------------------------------------------

# Every comparison of the study (task, transformer, grid point, seeds) and every SAE, from the config alone.
SAE_COMPARISONS = sae_plan.comparisons(SAE) if SAE["enabled"] else []
SAE_TRANSFORMER_TASKS = "|".join(SAE["tasks"]) or "none"
# The SAE recipe without the grid point's keys (a job gets d_sae, k and epochs from its point), so that changing
# the study's own point reruns only its SAEs, not the sweep's.
SAE_RECIPE = {key: value for key, value in SAE["sae"].items() if key not in ("expansion", "k", "epochs")}
# What the comparison jobs compute with; the bootstrap settings only reach the aggregation.
SAE_COMPARE_OPTIONS = {key: SAE["comparison"][key] for key in ("shared_threshold", "random_seed", "rare_rate", "recovery_threshold")}


def sae_stability_outputs():
    """The study's final target: its report (and with it everything upstream)."""
    return [rules.sae_stability_report.output.report]


def sae_stability_task(wildcards):
    """The config section of the transformer task a job is for."""
    return SAE["tasks"][wildcards.task]


def sae_stability_transformer_seed(wildcards):
    """The seed of a transformer label: t<seed>, or the first transformer seed for the untrained control."""
    return SAE["transformer_seeds"][0] if wildcards.transformer == sae_plan.UNTRAINED else int(wildcards.transformer[1:])


def sae_stability_activation_sets():
    """(task, transformer) of every activation set, in plan order."""
    return list(dict.fromkeys((c.task, c.transformer) for c in SAE_COMPARISONS))


def sae_stability_comparison(wildcards):
    """The planned comparison a compare job is for."""
    return next(c for c in SAE_COMPARISONS if (c.task, c.transformer, c.point.label) == (wildcards.task, wildcards.transformer, wildcards.point))


def sae_stability_comparison_files(rule_output, wildcards):
    """``rule_output`` (a train_sae output pattern) of every seed of the comparison a job is for."""
    comparison = sae_stability_comparison(wildcards)
    return expand(rule_output, task=comparison.task, transformer=comparison.transformer, point=comparison.point.label, seed=comparison.seeds)


def sae_stability_every(pattern, *, saes=False):
    """``pattern`` filled for every comparison (``saes``: for every SAE of every comparison)."""
    if saes:
        return [pattern.format(task=t, transformer=m, point=p.label, seed=s) for t, m, p, s in sae_plan.sae_jobs(SAE)]
    return [pattern.format(task=c.task, transformer=c.transformer, point=c.point.label) for c in SAE_COMPARISONS]


def sae_stability_benchmarks(wildcards):
    """Benchmark files of every upstream job, stage by stage, for the report's wall-time table."""
    sets = sae_stability_activation_sets()
    models = [(t, m) for t, m in sets if t != sae_plan.KNOWN_DICTIONARY]
    files = expand(rules.sae_stability_make_data.benchmark, task=list(SAE["tasks"]))
    files += [rules.sae_stability_train_model.benchmark.format(task=t, transformer=m) for t, m in models]
    files += [rules.sae_stability_collect_activations.benchmark.format(task=t, transformer=m) for t, m in models]
    if SAE["positive_control"]["enabled"]:
        files.append(rules.sae_stability_synthesize_activations.benchmark)
    files += [rules.sae_stability_measure_geometry.benchmark.format(task=t, transformer=m) for t, m in sets]
    files += sae_stability_every(rules.sae_stability_train_sae.benchmark, saes=True)
    files += sae_stability_every(rules.sae_stability_compare.benchmark)
    files.append(rules.sae_stability_aggregate.benchmark)
    return files


# --- base models: the tiny LM (base_lm.smk) and packaged pretrained LMs (pretrained.smk) ---------

BASE_LM = config["base_lm"]
BASE_LM_LEXICON = sorted(str(path) for path in (Path(workflow.basedir) / "src" / "mlsweeps" / "base_lm" / "lexicon").glob("*.yaml"))
TV = config["task_vectors"]


def repo_path(path):
    """A config path: absolute as given, relative ones resolved against the repository."""
    return str(Path(path) if Path(path).is_absolute() else Path(workflow.basedir) / path)


def studies_on_base_lm():
    """Enabled studies whose model is the pipeline's own tiny LM."""
    return [study for study in ("task_vectors", "distill") if config[study]["enabled"] and config[study]["model"] == "base_lm"]


def base_lm_excluded_texts(wildcards):
    """Every evaluation text set of the studies that use the tiny LM: the corpus must avoid them."""
    files = []
    if "task_vectors" in studies_on_base_lm():
        files += [rules.task_vectors_load_texts.output.texts.format(dataset=name) for name in tv_eval_datasets()]
    return files


def built_model_folder(study):
    """The folder of the study's model when this workflow builds it (base_lm, a packaged model); None for a hub id or folder."""
    model = config[study]["model"]
    if model == "base_lm":
        return rules.base_lm_pretrain.output.model
    if model in PACKAGED_MODELS:
        return rules.pretrained_convert.output.model.format(packaged_model=model)
    return None


def model_input(study):
    """The base model folder as a rule input when this workflow builds it (a hub id or a given folder needs none)."""
    return [folder] if (folder := built_model_folder(study)) else []


def model_name_or_path(study):
    """A params function: what from_pretrained receives, the built folder (the rule's model input) or the hub id / path."""
    if built_model_folder(study):
        return lambda wildcards, input: input.model[0]
    return config[study]["model"]


def model_source(study):
    """The source record of a packaged model (which file, package and quantisation), for the report; none otherwise."""
    model = config[study]["model"]
    return [rules.pretrained_convert.output.source.format(packaged_model=model)] if model in PACKAGED_MODELS else []


def model_benchmarks(study):
    """Benchmark files of the jobs that build the study's model, for the report's wall-time table."""
    model = config[study]["model"]
    if model == "base_lm":
        return [rules.base_lm_build_corpus.benchmark, rules.base_lm_train_tokenizer.benchmark, rules.base_lm_pretrain.benchmark]
    if model in PACKAGED_MODELS:
        return [rules.pretrained_convert.benchmark.format(packaged_model=model)]
    return []


BENCHMARK_ROOTS_OF_MODELS = ["benchmarks/base_lm", "benchmarks/pretrained"]


# --- task_vectors --------------------------------------------------------------------------

from mlsweeps.task_vectors.config import AlphaGrid, alpha_labels, format_alpha

TV_ALPHAS = alpha_labels(AlphaGrid(**TV["alpha"]).values())  # file label -> exact α
TV_CATEGORIES = list(TV["general_eval"])
TV_TASKS = list(TV["tasks"])
# α points evaluated by one job (one model load), keyed by the first point's label. Consecutive
# chunks of the grid: extending the grid by whole steps leaves every full chunk as it was.
TV_ALPHA_JOBS = {labels[0]: labels for labels in (list(TV_ALPHAS)[i : i + TV["alpha_points_per_job"]]
                                                  for i in range(0, len(TV_ALPHAS), TV["alpha_points_per_job"]))}


def tv_alpha_outputs(pattern, tv_task):
    """``pattern`` (a rule's output, log or benchmark) of every α job of ``tv_task``."""
    return [pattern.format(tv_task=tv_task, alpha=first, n_points=len(labels)) for first, labels in TV_ALPHA_JOBS.items()]


def tv_extra_alphas(labels):
    """The 2α of the grid points ``labels`` that are not grid points themselves: the squaring test evaluates only these."""
    return [2 * TV_ALPHAS[label] for label in labels if format_alpha(2 * TV_ALPHAS[label]) not in TV_ALPHAS]


def tv_datasets():
    """Every text set of the study by name: general-<category>, <task>-train, <task>-eval."""
    sets = {f"general-{category}": source for category, source in TV["general_eval"].items()}
    for task, spec in TV["tasks"].items():
        sets[f"{task}-train"], sets[f"{task}-eval"] = spec["train"], spec["eval"]
    return sets


def tv_eval_datasets():
    return [f"general-{c}" for c in TV_CATEGORIES] + [f"{t}-eval" for t in TV_TASKS]


def tv_source_file(wildcards):
    """The local file behind a text set (so editing it reruns what depends on it); none for hub sets."""
    source = tv_datasets()[wildcards.dataset]
    return [repo_path(source["path"])] if "path" in source else []


def tv_source(wildcards):
    source = dict(tv_datasets()[wildcards.dataset])
    if "path" in source:
        source["path"] = repo_path(source["path"])
    return source


def tv_texts(*names):
    return [rules.task_vectors_load_texts.output.texts.format(dataset=name) for name in names]


def tv_general_texts():
    return tv_texts(*(f"general-{c}" for c in TV_CATEGORIES))


def tv_finetune_config(wildcards):
    """The study's fine-tuning settings with the task's own overrides on top."""
    return {**TV["finetune"], **TV["tasks"][wildcards.tv_task].get("finetune", {})}


def task_vectors_outputs():
    return [rules.task_vectors_report.output.report]


def task_vectors_benchmarks(wildcards):
    """Benchmark files of every upstream job, stage by stage, for the report's wall-time table."""
    files = model_benchmarks("task_vectors")
    files += expand(rules.task_vectors_load_texts.benchmark, dataset=list(tv_datasets()))
    files.append(rules.task_vectors_eval_base.benchmark)
    files += expand(rules.task_vectors_finetune.benchmark, tv_task=TV_TASKS)
    files += [f for task in TV_TASKS for f in tv_alpha_outputs(rules.task_vectors_eval_alpha.benchmark, task)]
    files += expand(rules.task_vectors_analyze.benchmark, tv_task=TV_TASKS)
    files.append(rules.task_vectors_between.benchmark)
    files.append(rules.task_vectors_aggregate.benchmark)
    return files


# --- distill -------------------------------------------------------------------------------

DISTILL = config["distill"]
DISTILL_TASKS = list(DISTILL["tasks"])
DISTILL_SETTINGS = grid_settings(DISTILL["lambdas"], DISTILL["train"]["lrs"])  # file label -> (arm, λ, lr) of every grid point
DISTILL_SEEDS = list(DISTILL["seeds"])


def distill_source(split):
    """A params function: the task's source of ``split``, local paths resolved against the repository."""

    def source(wildcards):
        spec = dict(DISTILL["tasks"][wildcards.distill_task][split])
        if "path" in spec:
            spec["path"] = repo_path(spec["path"])
        return spec

    return source


def distill_source_files(wildcards):
    """What the task's data preparation reads locally: its files, or the generated data (hub sources: none)."""
    files = []
    for split in ("train", "test"):
        spec = DISTILL["tasks"][wildcards.distill_task][split]
        if "path" in spec:
            files.append(repo_path(spec["path"]))
        elif spec.get("synthetic"):
            files.append(getattr(rules.distill_generate_data.output, split).format(distill_task=wildcards.distill_task))
    return files


def distill_task_setting(key, default=None):
    """A params function: the task's own value of ``key`` (n_shots, max_new_tokens, label_names)."""
    return lambda wildcards: DISTILL["tasks"][wildcards.distill_task].get(key, default)


def distill_n_shots(wildcards):
    return DISTILL["tasks"][wildcards.distill_task].get("n_shots", DISTILL["train"]["n_shots"])


def distill_reads_teacher_targets(setting):
    """Whether training ``setting`` reads cached teacher targets: at λ > 0 with mse_topk (kl runs the teacher in the job)."""
    return setting.lam > 0 and DISTILL["divergence"]["kind"] == "mse_topk"


def distill_teacher_targets(wildcards):
    """The cached teacher targets a training job reads (its arm's teacher), or none."""
    setting = DISTILL_SETTINGS[wildcards.setting]
    if distill_reads_teacher_targets(setting):
        return expand(rules.distill_teacher_targets.output.targets, distill_task=wildcards.distill_task, teacher=setting.teacher)
    return []


def distill_setting_outputs(output, **wildcards):
    """A training output of every grid point and seed of the task (``output`` from rules.distill_train.output)."""
    return [path for label in DISTILL_SETTINGS for path in expand(output, setting=label, **wildcards, allow_missing=True)]


def distill_outputs():
    return [rules.distill_report.output.report]


def distill_benchmarks(wildcards):
    """Benchmark files of every upstream job, stage by stage, for the report's wall-time table."""
    files = model_benchmarks("distill")
    synthetic = [t for t in DISTILL_TASKS if any(DISTILL["tasks"][t][s].get("synthetic") for s in ("train", "test"))]
    files += expand(rules.distill_generate_data.benchmark, distill_task=synthetic)
    files += expand(rules.distill_prepare_data.benchmark, distill_task=DISTILL_TASKS)
    files += expand(rules.distill_evaluate_teacher.benchmark, distill_task=DISTILL_TASKS)
    teachers = sorted({p.teacher for p in DISTILL_SETTINGS.values() if distill_reads_teacher_targets(p)})
    files += expand(rules.distill_teacher_targets.benchmark, distill_task=DISTILL_TASKS, teacher=teachers)
    files += expand(rules.distill_train.benchmark, distill_task=DISTILL_TASKS, setting=list(DISTILL_SETTINGS))
    files += expand(rules.distill_select.benchmark, distill_task=DISTILL_TASKS)
    files += expand(rules.distill_evaluate.benchmark, distill_task=DISTILL_TASKS)
    files.append(rules.distill_aggregate.benchmark)
    return files
