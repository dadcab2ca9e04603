"""Rule sae_stability_synthesize_activations: the positive control's activations, built from a known dictionary."""
from mlsweeps.warm import run_in_warm_interpreter

run_in_warm_interpreter(snakemake)  # in the workflow's warm interpreter when one runs (mlsweeps.warm), else here

from mlsweeps.io import save_tensors
from mlsweeps.logs import script_logging
from mlsweeps.seeding import seed_everything
from mlsweeps.sae_stability.config import PositiveControlConfig, from_dict
from mlsweeps.sae_stability.known_dictionary import synthesize
from mlsweeps.sae_stability.train import heldout_rows

with script_logging(snakemake.log[0]) as log:
    config = from_dict(PositiveControlConfig, snakemake.params.positive_control)
    seed_everything(config.seed)

    dictionary, vectors = synthesize(config)
    held = heldout_rows(len(vectors), 1, snakemake.params.holdout_fraction, config.seed)  # vectors are independent: each its own group
    log.info("synthesised %d vectors of width %d from %d directions, %d active in each; %d held out",
             *vectors.shape, config.n_features, config.k, int(held.sum()))
    save_tensors(snakemake.output.activations, {"train": vectors[~held], "heldout": vectors[held], "dictionary": dictionary})
