"""Rule sae_stability_compare: every seed pair of one (task, transformer, grid point) against its nulls, and each SAE's diagnostics."""
from mlsweeps.warm import run_in_warm_interpreter

run_in_warm_interpreter(snakemake)  # in the workflow's warm interpreter when one runs (mlsweeps.warm), else here

from threadpoolctl import threadpool_limits

from mlsweeps.devices import configure_threads
from mlsweeps.io import load_tensors, read_json, write_tsv
from mlsweeps.logs import script_logging
from mlsweeps.sae_stability.analysis import SaeRecord, compare_saes
from mlsweeps.sae_stability.checkpoints import load_sae
from mlsweeps.sae_stability.sae import latent_activations, sae_at_start

with script_logging(snakemake.log[0]) as log:
    configure_threads(snakemake.threads)
    threadpool_limits(limits=snakemake.threads, user_api="blas")  # NumPy's BLAS would start a thread per core beside the other jobs
    options = snakemake.params.comparison
    activations = load_tensors(snakemake.input.activations)
    train, heldout = activations["train"], activations["heldout"]
    records = {}
    for seed, sae_path, trace_path, config_path in zip(snakemake.params.seeds, snakemake.input.saes, snakemake.input.traces, snakemake.input.configs):
        sae, trace, config = load_sae(sae_path, config_path), load_tensors(trace_path), read_json(config_path)
        start = sae_at_start(trace["start_decoder"], k=config["k"], encoder_init_scale=config["encoder_init_scale"], activations=train)
        records[seed] = SaeRecord(sae.W_dec.detach().double().numpy(), trace["start_decoder"].double().numpy(),
                                  latent_activations(sae, heldout).double().numpy(), latent_activations(start, heldout).double().numpy(),
                                  trace["final_epoch_fires"].numpy())

    label = "/".join(snakemake.wildcards[name] for name in ("task", "transformer", "point"))
    truth = activations["dictionary"].double().numpy() if "dictionary" in activations else None
    tables = compare_saes(records, axes=load_tensors(snakemake.input.axes)["axes"].numpy(), span_dims=read_json(snakemake.input.geometry)["span_dims"],
                          n_train=len(train), label=label, shared_threshold=options["shared_threshold"], rare_rate=options["rare_rate"],
                          random_seed=options["random_seed"], truth=truth, recovery_threshold=options["recovery_threshold"])
    log.info("%s pairs:\n%s\nSAEs:\n%s", label, tables.pairs.to_string(), tables.saes.to_string())
    write_tsv(snakemake.output.pairs, tables.pairs)
    write_tsv(snakemake.output.saes, tables.saes)
