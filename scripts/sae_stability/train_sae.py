"""Rule sae_stability_train_sae: one TopK SAE per (task, transformer, grid point, seed) on the activation set's training vectors."""
from mlsweeps.warm import run_in_warm_interpreter

run_in_warm_interpreter(snakemake)  # in the workflow's warm interpreter when one runs (mlsweeps.warm), else here

from mlsweeps.devices import configure_threads, describe_device, resolve_device
from mlsweeps.io import load_tensors, save_tensors, write_json, write_jsonl
from mlsweeps.logs import script_logging
from mlsweeps.seeding import seed_everything
from mlsweeps.sae_stability.config import SaeConfig, from_dict, to_dict
from mlsweeps.sae_stability.plan import Point
from mlsweeps.sae_stability.sae import evaluate_sae, train_sae

with script_logging(snakemake.log[0]) as log:
    configure_threads(snakemake.threads)
    device = resolve_device(snakemake.params.device)
    point = Point.parse(snakemake.wildcards.point)
    config = from_dict(SaeConfig, snakemake.params.sae, k=point.k, epochs=point.epochs)
    seed = int(snakemake.wildcards.seed)
    seed_everything(seed)
    tensors = load_tensors(snakemake.input.activations)
    train, heldout = tensors["train"], tensors["heldout"]

    result = train_sae(train, config, seed=seed, device=device, d_sae=point.d_sae)

    save_tensors(snakemake.output.sae, result.sae.state_dict())
    save_tensors(snakemake.output.trace, {"start_decoder": result.initial_decoder, "final_epoch_fires": result.final_epoch_fires})
    # d_sae comes from the grid point; the config's expansion (the study's own point) does not apply to this SAE
    recipe = {key: value for key, value in to_dict(config).items() if key != "expansion"}
    write_json(snakemake.output.config, dict(recipe, seed=seed, d_model=int(train.shape[1]), d_sae=point.d_sae))
    write_jsonl(snakemake.output.history, result.history)
    held = evaluate_sae(result.sae, heldout)
    metrics = {"task": snakemake.wildcards.task, "transformer": snakemake.wildcards.transformer, **point._asdict(), "seed": seed,
               "mse": held.mse, "l0": held.l0, "explained_variance": held.explained_variance,
               "train_explained_variance": evaluate_sae(result.sae, train).explained_variance, "dead_frac": result.history[-1]["dead_frac"],
               "n_train": len(train), "n_heldout": len(heldout), "device": describe_device(device)}
    log.info("final: %s", metrics)
    write_json(snakemake.output.metrics, metrics)
