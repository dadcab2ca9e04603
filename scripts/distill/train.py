"""Rule distill_train: LoRA fine-tuning of one (task, λ) point, one run per seed in turn, with loss = CE + λ · D."""
from mlsweeps.warm import run_in_warm_interpreter

run_in_warm_interpreter(snakemake)  # in the workflow's warm interpreter when one runs (mlsweeps.warm), else here

from mlsweeps.base_lm.pretrain import load_base_model
from mlsweeps.devices import configure_threads, describe_device, resolve_device
from mlsweeps.distill.config import DivergenceConfig, LoraSettings, TrainConfig, from_dict, to_dict
from mlsweeps.distill.tasks import load_examples
from mlsweeps.distill.train import TeacherTargets, add_lora, train
from mlsweeps.io import atomic_directory, load_tensors, write_json, write_jsonl
from mlsweeps.logs import script_logging
from mlsweeps.resume import job_checkpoint
from mlsweeps.seeding import seed_everything

with script_logging(snakemake.log[0]) as log:
    configure_threads(snakemake.threads)
    task, lam = snakemake.wildcards.distill_task, snakemake.params.lam
    train_cfg = from_dict(TrainConfig, snakemake.params.train)
    lora_cfg = from_dict(LoraSettings, snakemake.params.lora)
    div_cfg = from_dict(DivergenceConfig, snakemake.params.divergence) if snakemake.params.divergence else None  # None at λ = 0
    device = resolve_device(snakemake.params.device)
    pool = load_examples(snakemake.input.train, task, split="train", label_names=snakemake.params.label_names)
    base, tokenizer = load_base_model(snakemake.params.model, device=device, dtype=snakemake.params.dtype)
    # A finished seed keeps its final checkpoint until every seed's outputs are written: if the job is
    # killed, Snakemake deletes all its outputs, and the rerun restores finished seeds instead of retraining.
    checkpoints = [job_checkpoint(snakemake, "distill", beside=path, seed=seed) for seed, path in zip(snakemake.params.seeds, snakemake.output.metrics)]
    target_files = snakemake.input.teacher_targets or [None] * len(checkpoints)  # none: λ = 0, or kl runs the teacher here
    for seed, adapter_dir, metrics_path, history_path, checkpoint, target_file in zip(
        snakemake.params.seeds, snakemake.output.adapters, snakemake.output.metrics, snakemake.output.history, checkpoints, target_files, strict=True
    ):
        seed_everything(seed)
        model = add_lora(base, lora_cfg, seed=seed)
        targets = TeacherTargets(**load_tensors(target_file)) if target_file else None
        result = train(model, tokenizer, pool, train_cfg, lam=lam, div_cfg=div_cfg, n_shots=snakemake.params.n_shots, seed=seed, device=device,
                       checkpoint=checkpoint, targets=targets)
        with atomic_directory(adapter_dir) as tmp:
            model.save_pretrained(tmp)
        write_jsonl(history_path, result.history)
        metrics = dict(result.final, task=task, lam=lam, seed=seed, n_shots=snakemake.params.n_shots, device=describe_device(device),
                       train=to_dict(train_cfg), lora=to_dict(lora_cfg), divergence_config=to_dict(div_cfg) if div_cfg else None)
        log.info("seed %d final: %s", seed, metrics)
        write_json(metrics_path, metrics)
        base = model.unload()  # the base model without adapter layers, weights untouched, for the next seed
    for checkpoint in checkpoints:
        checkpoint.remove()
