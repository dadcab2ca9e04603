"""Rule task_vectors_aggregate: sweep.tsv, comparison.tsv, crossings.tsv and models.tsv."""
from mlsweeps.warm import run_in_warm_interpreter

run_in_warm_interpreter(snakemake)  # in the workflow's warm interpreter when one runs (mlsweeps.warm), else here

import pandas as pd

from mlsweeps.io import read_json, write_tsv
from mlsweeps.logs import script_logging

COMPARISON_COLUMNS = ["task", "base_loss", "optimal_alpha", "min_loss", "delta", "improvement_pct",
                      "task_optimal_alpha", "min_task_loss", "n_zero_crossings", "n_squaring_returns"]

with script_logging(snakemake.log[0]) as log:
    tasks, categories = snakemake.params.tasks, snakemake.params.categories
    columns = ["task", "alpha", "loss", "task_loss", "loss_2alpha", *(f"loss_{c}" for c in categories)]
    sweep = pd.DataFrame([point for p in snakemake.input.points for point in read_json(p)["points"]])[columns]
    sweep["task"] = pd.Categorical(sweep.task, categories=tasks)
    write_tsv(snakemake.output.sweep, sweep.sort_values(["task", "alpha"]))

    analyses = [read_json(p) for p in snakemake.input.analyses]
    write_tsv(snakemake.output.comparison, pd.DataFrame([dict(a["summary"], task=a["task"]) for a in analyses])[COMPARISON_COLUMNS])
    crossings = [{"task": a["task"], "kind": kind, "alpha": c["alpha"], "return": c["ret"]}
                 for a in analyses for kind, key in (("zero_crossing", "zero_crossings"), ("squaring_return", "squaring_returns")) for c in a[key]]
    write_tsv(snakemake.output.crossings, pd.DataFrame(crossings, columns=["task", "kind", "alpha", "return"]))

    base = read_json(snakemake.input.base)
    models = [{"model": "base", "task": "", "dataset": name, "loss": loss} for name, loss in base["base"].items()]
    models.append({"model": "untrained", "task": "", "dataset": "general", "loss": base["untrained"]["general"]})
    for path in snakemake.input.finetune:
        m = read_json(path)
        models.append({"model": "finetuned", "task": m["task"], "dataset": f"{m['task']}-eval", "loss": m["eval_loss_finetuned"]})
    write_tsv(snakemake.output.models, pd.DataFrame(models))
    log.info("aggregated %d grid points over %d tasks", len(sweep), len(tasks))
