"""Rule distill_prepare_data: load the task's sources, check every field and label, keep the rows used (pool, dev, test)."""
from mlsweeps.warm import run_in_warm_interpreter

run_in_warm_interpreter(snakemake)  # in the workflow's warm interpreter when one runs (mlsweeps.warm), else here

from mlsweeps.configs import ConfigError
from mlsweeps.distill.data import load_split
from mlsweeps.distill.tasks import get_task
from mlsweeps.io import atomic_path, write_json
from mlsweeps.logs import script_logging

with script_logging(snakemake.log[0]) as log:
    name = snakemake.wildcards.distill_task
    task = get_task(name)
    info = {"task": name, "metric": task.metric}
    loaded = {split: load_split(source, name=f"task {name} {split}", synthetic_file=snakemake.params.synthetic_files[split])
              for split, source in (("train", snakemake.params.train_source), ("test", snakemake.params.test_source))}
    for split, dataset in loaded.items():  # a missing field is named before any size is judged
        task.examples(dataset.select(range(min(1, len(dataset)))), name=f"task {name} {split}", label_names_cfg=snakemake.params.label_names)
    n_dev, n_rows = snakemake.params.n_dev, len(loaded["train"])
    if n_rows <= n_dev:
        raise ConfigError(f"config key 'distill.eval.n_dev': task {name}'s training split has {n_rows} rows, so no pool is left "
                          f"beside {n_dev} dev rows (lower n_dev, or raise distill.synthetic.n_train for generated data)")
    # The dev split is the training split's last n_dev rows; the pool its first rows before them: disjoint by construction.
    rows = {"train": range(min(snakemake.params.max_train_examples, n_rows - n_dev)), "dev": range(n_rows - n_dev, n_rows),
            "test": range(min(snakemake.params.n_test, len(loaded["test"])))}
    examples = {}
    for split, keep in rows.items():
        label = f"task {name} {split}"
        dataset = loaded["test" if split == "test" else "train"].select(keep)
        examples[split] = task.examples(dataset, name=label, label_names_cfg=snakemake.params.label_names)  # checks fields and labels
        with atomic_path(snakemake.output[split]) as tmp:
            dataset.to_parquet(str(tmp))
        info[f"n_{split}"] = len(dataset)
        info[f"{split}_source"] = snakemake.params.test_source if split == "test" else snakemake.params.train_source
        log.info("%s: %d rows", label, len(dataset))
    baseline = task.baseline(examples["train"], examples["test"])
    info["baseline"] = {"score": baseline.score, "description": baseline.description}
    log.info("baseline: %s", info["baseline"])
    write_json(snakemake.output.info, info)
