"""Rule task_vectors_aggregate: sweep.tsv, comparison.tsv, crossings.tsv and models.tsv, one row set per scoring."""
from mlsweeps.warm import run_in_warm_interpreter

run_in_warm_interpreter(snakemake)  # in the workflow's warm interpreter when one runs (mlsweeps.warm), else here

import pandas as pd

from mlsweeps.io import read_json, write_tsv
from mlsweeps.logs import script_logging

COMPARISON_COLUMNS = ["task", "scoring", "base_loss", "optimal_alpha", "min_loss", "delta", "improvement_pct",
                      "task_optimal_alpha", "min_task_loss", "n_zero_crossings", "n_squaring_returns"]

with script_logging(snakemake.log[0]) as log:
    tasks, categories, scorings = snakemake.params.tasks, snakemake.params.categories, snakemake.params.scorings
    columns = ["task", "scoring", "alpha", "loss", "task_loss", "loss_2alpha", *(f"loss_{c}" for c in categories)]
    sweep = pd.DataFrame([point for p in snakemake.input.points for point in read_json(p)["points"]])[columns]
    sweep["task"] = pd.Categorical(sweep.task, categories=tasks)
    sweep["scoring"] = pd.Categorical(sweep.scoring, categories=scorings)
    write_tsv(snakemake.output.sweep, sweep.sort_values(["task", "scoring", "alpha"]))

    analyses = [(a["task"], s) for a in map(read_json, snakemake.input.analyses) for s in a["scorings"]]
    write_tsv(snakemake.output.comparison, pd.DataFrame([dict(s["summary"], task=task, scoring=s["scoring"]) for task, s in analyses])[COMPARISON_COLUMNS])
    crossings = [{"task": task, "scoring": s["scoring"], "kind": kind, "alpha": c["alpha"], "return": c["ret"]}
                 for task, s in analyses for kind, key in (("zero_crossing", "zero_crossings"), ("squaring_return", "squaring_returns")) for c in s[key]]
    write_tsv(snakemake.output.crossings, pd.DataFrame(crossings, columns=["task", "scoring", "kind", "alpha", "return"]))

    base = read_json(snakemake.input.base)
    models = [{"model": "base", "task": "", "dataset": name, "scoring": kind, "loss": loss} for kind in scorings for name, loss in base["base"][kind].items()]
    models += [{"model": "untrained", "task": "", "dataset": "general", "scoring": kind, "loss": base["untrained"][kind]["general"]} for kind in scorings]
    for path in snakemake.input.finetune:  # fine-tuning trains on raw text, and its own check is on raw text
        m = read_json(path)
        models.append({"model": "finetuned", "task": m["task"], "dataset": f"{m['task']}-eval", "scoring": "raw", "loss": m["eval_loss_finetuned"]})
    write_tsv(snakemake.output.models, pd.DataFrame(models))
    log.info("aggregated %d grid points over %d tasks and %d scorings", len(sweep), len(tasks), len(scorings))
