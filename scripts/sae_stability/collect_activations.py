"""Rule sae_stability_collect_activations: residual-stream vectors at the answer positions, split into SAE training and held-out sequences."""
from mlsweeps.warm import run_in_warm_interpreter

run_in_warm_interpreter(snakemake)  # in the workflow's warm interpreter when one runs (mlsweeps.warm), else here

from mlsweeps.devices import configure_threads, resolve_device
from mlsweeps.io import save_tensors
from mlsweeps.logs import script_logging
from mlsweeps.seeding import seed_everything
from mlsweeps.sae_stability.checkpoints import load_task_data, load_transformer
from mlsweeps.sae_stability.config import ActivationConfig, from_dict
from mlsweeps.sae_stability.train import collect_activations, heldout_rows

with script_logging(snakemake.log[0]) as log:
    configure_threads(snakemake.threads)
    device = resolve_device(snakemake.params.device)
    config = from_dict(ActivationConfig, snakemake.params.activations)
    seed_everything(config.seed)
    model = load_transformer(snakemake.input.model, snakemake.input.config, device)
    probe = load_task_data(snakemake.input.data)["probe"]

    vectors, labels = collect_activations(model, probe, layer=config.layer, n_vectors=config.n_vectors, batch_size=config.batch_size, device=device)
    held = heldout_rows(len(vectors), int(probe.loss_mask[0].sum()), snakemake.params.holdout_fraction, config.seed)
    log.info("collected %d vectors of width %d at layer %d; %d held out", *vectors.shape, config.layer, int(held.sum()))
    save_tensors(snakemake.output.activations, {"train": vectors[~held], "heldout": vectors[held], "train_labels": labels[~held], "heldout_labels": labels[held]},
                 metadata={"layer": str(config.layer)})
