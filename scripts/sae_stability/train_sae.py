"""Rule sae_stability_train_sae: one TopK SAE per (task, seed) on the task's activations."""
from mlsweeps.warm import run_in_warm_interpreter

run_in_warm_interpreter(snakemake)  # in the workflow's warm interpreter when one runs (mlsweeps.warm), else here

from mlsweeps.devices import configure_threads, describe_device, resolve_device
from mlsweeps.io import load_tensors, save_tensors, write_json, write_jsonl
from mlsweeps.logs import script_logging
from mlsweeps.seeding import seed_everything
from mlsweeps.sae_stability.config import SaeConfig, from_dict, to_dict
from mlsweeps.sae_stability.sae import evaluate_sae, train_sae

with script_logging(snakemake.log[0]) as log:
    configure_threads(snakemake.threads)
    device = resolve_device(snakemake.params.device)
    config = from_dict(SaeConfig, snakemake.params.sae)
    seed = int(snakemake.wildcards.seed)
    seed_everything(seed)
    activations = load_tensors(snakemake.input.activations)["activations"]

    result = train_sae(activations, config, seed=seed, device=device)

    save_tensors(snakemake.output.sae, result.sae.state_dict())
    write_json(snakemake.output.config, dict(to_dict(config), seed=seed, d_model=int(activations.shape[1]), d_sae=int(result.sae.W_dec.shape[0])))
    write_jsonl(snakemake.output.history, result.history)
    metrics = dict(evaluate_sae(result.sae, activations)._asdict(), task=snakemake.wildcards.task, seed=seed, device=describe_device(device))
    log.info("final: %s", metrics)
    write_json(snakemake.output.metrics, metrics)
