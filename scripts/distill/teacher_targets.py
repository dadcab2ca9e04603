"""Rule distill_teacher_targets: the teacher's top-k answer logits for every micro-batch of each seed's training, shared by all λ > 0."""
from mlsweeps.warm import run_in_warm_interpreter

run_in_warm_interpreter(snakemake)  # in the workflow's warm interpreter when one runs (mlsweeps.warm), else here

from mlsweeps.base_lm.pretrain import load_base_model
from mlsweeps.devices import configure_threads, resolve_device
from mlsweeps.distill.config import TrainConfig, from_dict
from mlsweeps.distill.tasks import load_examples
from mlsweeps.distill.train import teacher_targets
from mlsweeps.io import save_tensors
from mlsweeps.logs import script_logging
from mlsweeps.seeding import seed_everything

with script_logging(snakemake.log[0]) as log:
    configure_threads(snakemake.threads)
    task = snakemake.wildcards.distill_task
    train_cfg = from_dict(TrainConfig, snakemake.params.train)
    device = resolve_device(snakemake.params.device)
    pool = load_examples(snakemake.input.train, task, split="train", label_names=snakemake.params.label_names)
    model, tokenizer = load_base_model(snakemake.params.model, device=device, dtype=snakemake.params.dtype)
    for seed, path in zip(snakemake.params.seeds, snakemake.output.targets):
        seed_everything(seed)
        targets = teacher_targets(model, tokenizer, pool, train_cfg, top_k=snakemake.params.top_k, n_shots=snakemake.params.n_shots, seed=seed,
                                  device=device)
        save_tensors(path, targets._asdict(), metadata={"task": task, "seed": str(seed), "top_k": str(snakemake.params.top_k)})
        log.info("seed %d: %d micro-batches, %d answer tokens, top-%d", seed, len(targets.offsets) - 1, len(targets.values), targets.values.shape[-1])
