"""Rule sae_stability_compare: pairwise stability of one task's SAEs and the random baseline of their shape."""
from mlsweeps.warm import run_in_warm_interpreter

run_in_warm_interpreter(snakemake)  # in the workflow's warm interpreter when one runs (mlsweeps.warm), else here

from mlsweeps.io import write_tsv
from mlsweeps.logs import script_logging
from mlsweeps.sae_stability.analysis import pairwise_stability, random_baseline
from mlsweeps.sae_stability.checkpoints import load_decoder

with script_logging(snakemake.log[0]) as log:
    options = snakemake.params.comparison
    decoders = {seed: load_decoder(path).numpy() for seed, path in zip(snakemake.params.seeds, snakemake.input.saes)}
    n_latents, d_model = next(iter(decoders.values())).shape

    pairs = pairwise_stability(decoders, threshold=options["shared_threshold"])
    random = random_baseline(n_latents, d_model, draws=options["random_draws"], seed=options["random_seed"], threshold=options["shared_threshold"])
    log.info("pairs:\n%s\nrandom:\n%s", pairs, random)
    write_tsv(snakemake.output.pairs, pairs)
    write_tsv(snakemake.output.random, random)
