"""Rule distill_select: the λ and lr of each arm (SFT, few-shot teacher, zero-shot teacher) chosen on the dev split."""
from mlsweeps.warm import run_in_warm_interpreter

run_in_warm_interpreter(snakemake)  # in the workflow's warm interpreter when one runs (mlsweeps.warm), else here

from mlsweeps.distill.analysis import select_settings
from mlsweeps.io import read_json, write_json
from mlsweeps.logs import script_logging

with script_logging(snakemake.log[0]) as log:
    runs = [read_json(p) for p in snakemake.input.metrics]
    selection = select_settings(runs)
    log.info("%s: %s", snakemake.wildcards.distill_task, selection)
    write_json(snakemake.output.selection, {"task": snakemake.wildcards.distill_task, "criterion": "mean dev NLL per answer token over seeds",
                                           "selected": selection})
