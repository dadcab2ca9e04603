"""Rule task_vectors_analyze: one task's optimum, zero-crossings and squaring returns from its grid points, per scoring."""
from mlsweeps.warm import run_in_warm_interpreter

run_in_warm_interpreter(snakemake)  # in the workflow's warm interpreter when one runs (mlsweeps.warm), else here

import pandas as pd

from mlsweeps.io import read_json, write_json
from mlsweeps.logs import script_logging
from mlsweeps.task_vectors.analysis import summarize_task
from mlsweeps.task_vectors.config import CrossingConfig, from_dict

with script_logging(snakemake.log[0]) as log:
    sweep = pd.DataFrame([point for p in snakemake.input.points for point in read_json(p)["points"]]).sort_values("alpha", ignore_index=True)
    base = read_json(snakemake.input.base)["base"]
    crossing = from_dict(CrossingConfig, snakemake.params.crossings)
    result = {"task": snakemake.wildcards.tv_task, "scorings": []}
    for kind in snakemake.params.scorings:
        summary = summarize_task(sweep[sweep.scoring == kind].drop(columns=["task", "scoring"]), base_loss=base[kind]["general"], crossing=crossing)
        result["scorings"].append({"scoring": kind, "summary": summary.row(), "zero_crossings": [c._asdict() for c in summary.zero_crossings],
                                   "squaring_returns": [c._asdict() for c in summary.squaring_returns]})
    log.info("%s", result)
    write_json(snakemake.output.analysis, result)
