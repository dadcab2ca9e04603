"""Rule sae_stability_aggregate: the study's long-format TSVs from the per-job outputs."""
from mlsweeps.warm import run_in_warm_interpreter

run_in_warm_interpreter(snakemake)  # in the workflow's warm interpreter when one runs (mlsweeps.warm), else here

import pandas as pd

from mlsweeps.io import read_json, write_tsv
from mlsweeps.logs import script_logging
from mlsweeps.sae_stability.analysis import KEYS, PAIR_COLUMNS, compare_tasks, sae_table, stability_table, summarize

MODEL_COLUMNS = ["task", "transformer", "seed", "n_params", "epochs", "train_loss", "train_accuracy", "val_loss", "val_accuracy",
                 "val_sequence_accuracy", "chance_accuracy"]
GEOMETRY_COLUMNS = ["task", "transformer", "n_vectors", "participation_ratio", "dims_90", "dims_99", "span_dims", "class_r2", "n_classes"]
HISTORY_COLUMNS = ["epoch", "lr", "fvu", "auxk_loss", "dead_frac", "explained_variance"]

with script_logging(snakemake.log[0]) as log:
    params = snakemake.params
    pairs = pd.concat([pd.read_csv(p, sep="\t").assign(**c) for c, p in zip(params.comparisons, snakemake.input.pairs)])
    pairs = pairs[[*KEYS, "seed_a", "seed_b", *PAIR_COLUMNS]]
    diagnostics = pd.concat([pd.read_csv(p, sep="\t").assign(**c) for c, p in zip(params.comparisons, snakemake.input.saes)])
    sae_metrics = sae_table([read_json(p) for p in snakemake.input.sae_metrics], diagnostics)
    training = pd.concat([pd.read_json(p, lines=True)[HISTORY_COLUMNS].assign(**job) for job, p in zip(params.sae_jobs, snakemake.input.sae_histories)])
    training = training[[*KEYS, "seed", *HISTORY_COLUMNS]]
    geometry = pd.DataFrame([read_json(p) for p in snakemake.input.geometry])[GEOMETRY_COLUMNS]
    models = pd.DataFrame([read_json(p) for p in snakemake.input.model_metrics], columns=MODEL_COLUMNS)
    models = models.merge(geometry[["task", "transformer", "n_vectors"]].rename(columns={"n_vectors": "n_activations"}), on=["task", "transformer"])
    main = pd.DataFrame(params.main_points)
    resamples, bootstrap_seed = params.bootstrap["bootstrap_resamples"], params.bootstrap["bootstrap_seed"]

    write_tsv(snakemake.output.pwmcc, pairs)
    write_tsv(snakemake.output.sae_metrics, sae_metrics)
    write_tsv(snakemake.output.training, training)
    write_tsv(snakemake.output.geometry, geometry)
    write_tsv(snakemake.output.models, models)
    write_tsv(snakemake.output.summary, summarize(pairs, main))
    write_tsv(snakemake.output.stability, stability_table(pairs, sae_metrics, resamples=resamples, seed=bootstrap_seed))
    comparison = compare_tasks(pairs, main, params.tasks, resamples=resamples, seed=bootstrap_seed)
    write_tsv(snakemake.output.task_comparison, comparison)
    log.info("%d comparisons of %d SAEs aggregated; task comparison:\n%s", len(params.comparisons), len(sae_metrics), comparison)
