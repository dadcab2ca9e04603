"""Rule sae_stability_make_data: a task's train/val splits and the sequences activations are read on."""
from mlsweeps.warm import run_in_warm_interpreter

run_in_warm_interpreter(snakemake)  # in the workflow's warm interpreter when one runs (mlsweeps.warm), else here

from mlsweeps.io import write_json
from mlsweeps.logs import script_logging
from mlsweeps.sae_stability.checkpoints import save_task_data
from mlsweeps.sae_stability.config import ActivationConfig, from_dict, task_data_config, to_dict
from mlsweeps.sae_stability.tasks import activation_inputs, chance_accuracy, make_task, task_vocab_size

with script_logging(snakemake.log[0]) as log:
    task = snakemake.wildcards.task
    data_config = task_data_config(task, snakemake.params.data)
    activation_config = from_dict(ActivationConfig, snakemake.params.activations)
    log.info("task %s: %s", task, data_config)

    splits = make_task(task, data_config)
    splits["probe"] = activation_inputs(task, data_config, activation_config)
    save_task_data(snakemake.output.data, splits)

    meta = {
        "task": task,
        "data": to_dict(data_config),
        "vocab_size": task_vocab_size(task, data_config),
        "input_length": int(splits["train"].inputs.shape[1]),
        "chance_accuracy": chance_accuracy(task, data_config),
        "sequences": {split: int(data.inputs.shape[0]) for split, data in splits.items()},
        "scored_positions": {split: int(data.loss_mask.sum()) for split, data in splits.items()},
    }
    log.info("wrote %s", meta)
    write_json(snakemake.output.meta, meta)
