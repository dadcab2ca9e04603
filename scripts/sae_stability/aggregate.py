"""Rule sae_stability_aggregate: the study's long-format TSVs from the per-job outputs."""
from mlsweeps.warm import run_in_warm_interpreter

run_in_warm_interpreter(snakemake)  # in the workflow's warm interpreter when one runs (mlsweeps.warm), else here

import pandas as pd

from mlsweeps.io import read_json, tensor_shapes, write_tsv
from mlsweeps.logs import script_logging
from mlsweeps.sae_stability.analysis import compare_tasks, summarize

MODEL_COLUMNS = ["task", "n_params", "epochs", "train_loss", "train_accuracy", "val_loss", "val_accuracy", "val_sequence_accuracy", "chance_accuracy"]
SAE_COLUMNS = ["task", "seed", "mse", "l0", "explained_variance", "dead_frac"]

with script_logging(snakemake.log[0]) as log:
    tasks, options = snakemake.params.tasks, snakemake.params.comparison
    pairs = pd.concat([pd.read_csv(p, sep="\t").assign(task=t) for t, p in zip(tasks, snakemake.input.pairs)])
    pairs = pairs[["task", "seed_a", "seed_b", "pwmcc", "matched_mcc", "shared_frac"]]
    random = pd.concat([pd.read_csv(p, sep="\t").assign(task=t) for t, p in zip(tasks, snakemake.input.random)])
    random = random[["task", "draw", "pwmcc", "matched_mcc", "shared_frac"]]
    sae_metrics = pd.DataFrame([read_json(p) for p in snakemake.input.sae_metrics])[SAE_COLUMNS]
    models = pd.DataFrame([read_json(p) for p in snakemake.input.model_metrics])[MODEL_COLUMNS]
    models["n_activations"] = [tensor_shapes(p)["activations"][0] for p in snakemake.input.activations]

    write_tsv(snakemake.output.pwmcc, pairs)
    write_tsv(snakemake.output.random, random)
    write_tsv(snakemake.output.sae_metrics, sae_metrics)
    write_tsv(snakemake.output.models, models)
    write_tsv(snakemake.output.summary, summarize(pairs, random, tasks))
    comparison = compare_tasks(pairs, tasks, snakemake.params.seeds, resamples=options["bootstrap_resamples"], seed=options["bootstrap_seed"])
    write_tsv(snakemake.output.task_comparison, comparison)
    log.info("summary written for tasks %s; task comparison:\n%s", tasks, comparison)
