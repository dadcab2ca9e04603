# Workflow-wide Python: config validation, wildcard constraints, resources, final targets.
from pathlib import Path

from mlsweeps.config_validation import load_schema, validate_config
from mlsweeps.sae_stability.config import validate_study as validate_sae_stability

# Fill defaults and reject unknown keys, wrong types and out-of-range values before any job starts.
validate_config(config, load_schema(Path(workflow.basedir) / "workflow" / "schemas" / "config.schema.yaml"))
validate_sae_stability(config["sae_stability"])

SAE = config["sae_stability"]


wildcard_constraints:
    task="|".join(SAE["tasks"]) or "none",
    seed="|".join(str(s) for s in SAE["seeds"]),


def rule_resources(study, family):
    """Threads and scheduler resources for a rule family ('train' or 'analysis') of a study."""
    return config[study]["resources"][family]


def final_outputs():
    """The report (and with it everything upstream) of every enabled study."""
    outputs = []
    if SAE["enabled"]:
        outputs += sae_stability_outputs()
    return outputs


# --- sae_stability -------------------------------------------------------------------------


def sae_stability_outputs():
    """The study's final target: its report (and with it everything upstream)."""
    return [rules.sae_stability_report.output.report]


def sae_stability_task(wildcards):
    """The config section of the task a job is for."""
    return SAE["tasks"][wildcards.task]


def sae_stability_benchmarks(wildcards):
    """Benchmark files of every upstream job, stage by stage, for the report's wall-time table."""
    tasks, seeds = list(SAE["tasks"]), SAE["seeds"]
    files = []
    for stage in (rules.sae_stability_make_data, rules.sae_stability_train_model, rules.sae_stability_collect_activations):
        files += expand(stage.benchmark, task=tasks)
    files += expand(rules.sae_stability_train_sae.benchmark, task=tasks, seed=seeds)
    files += expand(rules.sae_stability_compare.benchmark, task=tasks)
    files.append(rules.sae_stability_aggregate.benchmark)
    return files
