"""Rule sae_stability_train_model: one task transformer per seed, trained to high validation accuracy, or the untrained control."""
from mlsweeps.warm import run_in_warm_interpreter

run_in_warm_interpreter(snakemake)  # in the workflow's warm interpreter when one runs (mlsweeps.warm), else here

from mlsweeps.devices import configure_threads, describe_device, resolve_device
from mlsweeps.io import read_json, write_json, write_jsonl
from mlsweeps.logs import script_logging
from mlsweeps.seeding import seed_everything
from mlsweeps.sae_stability.checkpoints import load_task_data, save_transformer
from mlsweeps.sae_stability.config import TrainConfig, TransformerConfig, from_dict
from mlsweeps.sae_stability.train import fit, untrained

with script_logging(snakemake.log[0]) as log:
    configure_threads(snakemake.threads)
    device = resolve_device(snakemake.params.device)
    meta = read_json(snakemake.input.meta)
    model_config = from_dict(TransformerConfig, snakemake.params.model, vocab_size=meta["vocab_size"], max_len=meta["input_length"])
    train_config = from_dict(TrainConfig, snakemake.params.train, seed=snakemake.params.seed)
    seed_everything(train_config.seed)
    splits = load_task_data(snakemake.input.data)

    result = (fit if snakemake.params.trained else untrained)(model_config, train_config, {"train": splits["train"], "val": splits["val"]}, device=device)

    save_transformer(result.model, snakemake.output.model, snakemake.output.config)
    write_jsonl(snakemake.output.history, result.history)
    final = dict(result.final, task=snakemake.wildcards.task, transformer=snakemake.wildcards.transformer, seed=train_config.seed,
                 chance_accuracy=meta["chance_accuracy"], device=describe_device(device))
    log.info("final: %s", final)
    write_json(snakemake.output.metrics, final)
