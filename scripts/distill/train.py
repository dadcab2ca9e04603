"""Rule distill_train: LoRA fine-tuning of one grid point (arm, λ, lr), one run per seed in turn, with loss = CE + λ · D, each scored on dev."""
from mlsweeps.warm import run_in_warm_interpreter

run_in_warm_interpreter(snakemake)  # in the workflow's warm interpreter when one runs (mlsweeps.warm), else here

from mlsweeps.base_lm.pretrain import load_base_model
from mlsweeps.devices import configure_threads, describe_device, resolve_device
from mlsweeps.distill.config import DivergenceConfig, LoraSettings, TrainConfig, from_dict, to_dict
from mlsweeps.distill.evaluate import dev_nll
from mlsweeps.distill.tasks import load_examples
from mlsweeps.distill.train import TeacherTargets, add_lora, train
from mlsweeps.io import atomic_directory, load_tensors, write_json, write_jsonl
from mlsweeps.logs import script_logging
from mlsweeps.resume import job_checkpoint
from mlsweeps.seeding import seed_everything

with script_logging(snakemake.log[0]) as log:
    configure_threads(snakemake.threads)
    task, setting = snakemake.wildcards.distill_task, snakemake.params.setting
    lam, lr = setting["lam"], setting["lr"]
    train_cfg = from_dict(TrainConfig, {**snakemake.params.train, "lrs": [lr]})
    lora_cfg = from_dict(LoraSettings, snakemake.params.lora)
    div_cfg = from_dict(DivergenceConfig, snakemake.params.divergence) if snakemake.params.divergence else None  # None at λ = 0
    device = resolve_device(snakemake.params.device)
    labels = snakemake.params.label_names
    pool = load_examples(snakemake.input.train, task, split="train", label_names=labels)
    dev = load_examples(snakemake.input.dev, task, split="dev", label_names=labels)
    base, tokenizer = load_base_model(snakemake.params.model, device=device, dtype=snakemake.params.dtype)
    # One read serves every seed: the teacher's targets do not depend on the seed.
    targets = TeacherTargets(**load_tensors(snakemake.input.teacher_targets[0])) if snakemake.input.teacher_targets else None  # none: λ = 0, or kl
    # A finished seed keeps its final checkpoint until every seed's outputs are written: if the job is
    # killed, Snakemake deletes all its outputs, and the rerun restores finished seeds instead of retraining.
    checkpoints = [job_checkpoint(snakemake, "distill", beside=path, seed=seed) for seed, path in zip(snakemake.params.seeds, snakemake.output.metrics)]
    for seed, adapter_dir, metrics_path, history_path, checkpoint in zip(
        snakemake.params.seeds, snakemake.output.adapters, snakemake.output.metrics, snakemake.output.history, checkpoints, strict=True
    ):
        seed_everything(seed)
        model = add_lora(base, lora_cfg, seed=seed)
        result = train(model, tokenizer, pool, train_cfg, lr=lr, lam=lam, div_cfg=div_cfg, n_shots=snakemake.params.n_shots, seed=seed, device=device,
                       checkpoint=checkpoint, targets=targets)
        with atomic_directory(adapter_dir) as tmp:
            model.save_pretrained(tmp)
        write_jsonl(history_path, result.history)
        metrics = dict(result.final, task=task, setting=snakemake.wildcards.setting, arm=setting["arm"], lam=lam, lr=lr, seed=seed,
                       n_shots=snakemake.params.n_shots, dev_nll=dev_nll(model, tokenizer, dev, batch_size=snakemake.params.batch_size, device=device),
                       n_dev=len(dev), device=describe_device(device), train=to_dict(train_cfg), lora=to_dict(lora_cfg),
                       divergence_config=to_dict(div_cfg) if div_cfg else None)
        log.info("seed %d final: %s", seed, metrics)
        write_json(metrics_path, metrics)
        base = model.unload()  # the base model without adapter layers, weights untouched, for the next seed
    for checkpoint in checkpoints:
        checkpoint.remove()
