"""Rule distill_prepare_data: load the task's sources, check every field and label, keep the rows used."""
from mlsweeps.warm import run_in_warm_interpreter

run_in_warm_interpreter(snakemake)  # in the workflow's warm interpreter when one runs (mlsweeps.warm), else here

from mlsweeps.distill.data import load_split
from mlsweeps.distill.tasks import get_task
from mlsweeps.io import atomic_path, write_json
from mlsweeps.logs import script_logging

with script_logging(snakemake.log[0]) as log:
    name = snakemake.wildcards.distill_task
    task = get_task(name)
    limits = {"train": snakemake.params.max_train_examples, "test": snakemake.params.n_test}
    info = {"task": name, "metric": task.metric}
    examples = {}
    for split, source in (("train", snakemake.params.train_source), ("test", snakemake.params.test_source)):
        label = f"task {name} {split}"
        dataset = load_split(source, name=label, synthetic_file=snakemake.params.synthetic_files[split])
        dataset = dataset.select(range(min(limits[split], len(dataset))))
        examples[split] = task.examples(dataset, name=label, label_names_cfg=snakemake.params.label_names)  # checks fields and labels
        with atomic_path(snakemake.output[split]) as tmp:
            dataset.to_parquet(str(tmp))
        info[f"n_{split}"] = len(dataset)
        info[f"{split}_source"] = source
        log.info("%s: %d rows from %s", label, len(dataset), source)
    baseline = task.baseline(examples["train"], examples["test"])
    info["baseline"] = {"score": baseline.score, "description": baseline.description}
    log.info("baseline: %s", info["baseline"])
    write_json(snakemake.output.info, info)
