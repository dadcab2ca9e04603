# Reproducible pipeline for three ML studies. Run: `snakemake --cores 8` (or `make run`).
# Config: config.yaml (the embedded CPU default); paper scale: --configfile configs/paper/<study>.yaml.
# A config file given with --configfile stands alone: config.yaml is read only when none is given, and
# several files merge in order (common.smk, docs/config.md).
from snakemake.utils import min_version

min_version("9.0")


if not workflow.overwrite_configfiles:

    configfile: "config.yaml"


# `snakemake --report results/report.html` after a run: every study's figures and tables, captioned.
report: "workflow/report/workflow.rst"


include: "workflow/rules/common.smk"
include: "workflow/rules/sae_stability.smk"
include: "workflow/rules/base_lm.smk"
include: "workflow/rules/pretrained.smk"
include: "workflow/rules/task_vectors.smk"
include: "workflow/rules/distill.smk"


rule all:
    default_target: True
    input:
        final_outputs(),
