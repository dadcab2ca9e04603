"""Rule task_vectors_analyze: one task's optimum, crossings, parabola geometry, random-direction control and bootstrap intervals, per scoring."""
from mlsweeps.warm import run_in_warm_interpreter

run_in_warm_interpreter(snakemake)  # in the workflow's warm interpreter when one runs (mlsweeps.warm), else here

from mlsweeps.io import read_json, write_json
from mlsweeps.logs import script_logging
from mlsweeps.task_vectors.analysis import analyze_task
from mlsweeps.task_vectors.config import BootstrapConfig, CrossingConfig, EarlyImprovementConfig, GeometryConfig, from_dict

with script_logging(snakemake.log[0]) as log:
    params = snakemake.params
    result = analyze_task([point for p in snakemake.input.points for point in read_json(p)["points"]], read_json(snakemake.input.base),
                          task=snakemake.wildcards.tv_task, scorings=params.scorings, categories=params.categories,
                          crossing=from_dict(CrossingConfig, params.crossings), geometry=from_dict(GeometryConfig, params.geometry),
                          bootstrap=from_dict(BootstrapConfig, params.bootstrap), early=from_dict(EarlyImprovementConfig, params.early))
    for s in result["scorings"]:
        log.info("%s %s: %s; geometry %s", result["task"], s["scoring"], s["summary"], s["geometry"])
    write_json(snakemake.output.analysis, result)
