"""Rule distill_train: LoRA fine-tuning of one (task, λ, seed) point with loss = CE + λ · D."""
from mlsweeps.base_lm.pretrain import load_base_model
from mlsweeps.devices import configure_threads, describe_device, resolve_device
from mlsweeps.distill.config import DivergenceConfig, LoraSettings, TrainConfig, from_dict, to_dict
from mlsweeps.distill.tasks import load_examples
from mlsweeps.distill.train import add_lora, train
from mlsweeps.io import atomic_directory, write_json, write_jsonl
from mlsweeps.logs import script_logging
from mlsweeps.resume import job_checkpoint
from mlsweeps.seeding import seed_everything

with script_logging(snakemake.log[0]) as log:
    configure_threads(snakemake.threads)
    task, seed, lam = snakemake.wildcards.distill_task, int(snakemake.wildcards.distill_seed), snakemake.params.lam
    train_cfg = from_dict(TrainConfig, snakemake.params.train)
    lora_cfg = from_dict(LoraSettings, snakemake.params.lora)
    div_cfg = from_dict(DivergenceConfig, snakemake.params.divergence)
    seed_everything(seed)
    device = resolve_device(snakemake.params.device)
    pool = load_examples(snakemake.input.train, task, split="train", label_names=snakemake.params.label_names)
    model, tokenizer = load_base_model(snakemake.params.model, device=device, dtype=snakemake.params.dtype)
    model = add_lora(model, lora_cfg, seed=seed)
    checkpoint = job_checkpoint(snakemake, "distill")
    result = train(model, tokenizer, pool, train_cfg, lam=lam, div_cfg=div_cfg, n_shots=snakemake.params.n_shots, seed=seed, device=device,
                   checkpoint=checkpoint)

    with atomic_directory(snakemake.output.adapter) as tmp:
        model.save_pretrained(tmp)
    write_jsonl(snakemake.output.history, result.history)
    metrics = dict(result.final, task=task, lam=lam, seed=seed, n_shots=snakemake.params.n_shots, device=describe_device(device),
                   train=to_dict(train_cfg), lora=to_dict(lora_cfg), divergence_config=to_dict(div_cfg))
    log.info("final: %s", metrics)
    write_json(snakemake.output.metrics, metrics)
    checkpoint.remove()
