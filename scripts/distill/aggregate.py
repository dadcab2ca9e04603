"""Rule distill_aggregate: scores.tsv, summary.tsv, teacher.tsv and baselines.tsv."""
from mlsweeps.warm import run_in_warm_interpreter

run_in_warm_interpreter(snakemake)  # in the workflow's warm interpreter when one runs (mlsweeps.warm), else here

import pandas as pd

from mlsweeps.distill.analysis import score_rows, summarize
from mlsweeps.io import read_json, write_tsv
from mlsweeps.logs import script_logging

with script_logging(snakemake.log[0]) as log:
    infos = [read_json(p) for p in snakemake.input.info]
    primary = {info["task"]: info["metric"] for info in infos}
    scores = score_rows([read_json(p) for p in snakemake.input.scores])
    write_tsv(snakemake.output.scores, scores)
    write_tsv(snakemake.output.summary, summarize(scores, primary))

    teacher = [{"task": t["task"], "setting": setting, "n_shots": t["n_shots"] if setting == "few_shot" else 0, "metric": metric, "score": 100.0 * value}
               for t in map(read_json, snakemake.input.teacher) for setting in ("zero_shot", "few_shot") for metric, value in t[setting].items()]
    write_tsv(snakemake.output.teacher, pd.DataFrame(teacher, columns=["task", "setting", "n_shots", "metric", "score"]))
    baselines = [{"task": i["task"], "metric": i["metric"], "score": 100.0 * i["baseline"]["score"], "description": i["baseline"]["description"]} for i in infos]
    write_tsv(snakemake.output.baselines, pd.DataFrame(baselines, columns=["task", "metric", "score", "description"]))
    log.info("aggregated %d runs over %d tasks", scores[["task", "lambda", "seed"]].drop_duplicates().shape[0], len(infos))
