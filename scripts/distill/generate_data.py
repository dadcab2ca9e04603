"""Rule distill_generate_data: the task's synthetic train and test splits, in the hub schema, as parquet."""
from mlsweeps.warm import run_in_warm_interpreter

run_in_warm_interpreter(snakemake)  # in the workflow's warm interpreter when one runs (mlsweeps.warm), else here

from mlsweeps.distill.synthetic import generate_task
from mlsweeps.io import atomic_path
from mlsweeps.logs import script_logging

with script_logging(snakemake.log[0]) as log:
    settings = snakemake.params.synthetic
    task = snakemake.wildcards.distill_task
    splits = generate_task(task.lower(), n_train=settings["n_train"], n_test=settings["n_test"], seed=settings["seed"])
    for split in ("train", "test"):
        with atomic_path(snakemake.output[split]) as tmp:
            splits[split].to_parquet(str(tmp))
        log.info("%s %s: %d rows, features %s", task, split, len(splits[split]), splits[split].features)
