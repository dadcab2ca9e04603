"""Rule task_vectors_finetune: full-parameter fine-tuning on a task, saved as its task vector T."""
from mlsweeps.warm import run_in_warm_interpreter

run_in_warm_interpreter(snakemake)  # in the workflow's warm interpreter when one runs (mlsweeps.warm), else here

from mlsweeps.base_lm.pretrain import load_base_model
from mlsweeps.devices import configure_threads, describe_device, resolve_device
from mlsweeps.io import read_json, write_json, write_jsonl
from mlsweeps.logs import script_logging
from mlsweeps.resume import job_checkpoint
from mlsweeps.seeding import seed_everything
from mlsweeps.task_vectors.config import EvalConfig, FinetuneConfig, ScoringConfig, from_dict, to_dict
from mlsweeps.task_vectors.finetune import finetune
from mlsweeps.task_vectors.losses import token_nll
from mlsweeps.task_vectors.vectors import parameter_state, save_vector, task_vector, vector_norm

with script_logging(snakemake.log[0]) as log:
    configure_threads(snakemake.threads)
    config = from_dict(FinetuneConfig, snakemake.params.finetune)
    eval_cfg = from_dict(EvalConfig, snakemake.params.eval)
    document_start = from_dict(ScoringConfig, snakemake.params.scoring).document_start
    seed_everything(config.seed)
    device = resolve_device(snakemake.params.device)
    task = snakemake.wildcards.tv_task
    train_texts, eval_texts = read_json(snakemake.input.train[0])["texts"], read_json(snakemake.input.eval[0])["texts"]
    model, tokenizer = load_base_model(snakemake.params.model, device=device, dtype=snakemake.params.dtype)

    base_state = parameter_state(model)
    # Did fine-tuning work, judged on what it trains on (raw text), whatever scorings the sweep uses.
    raw_scoring = {"batch_size": eval_cfg.batch_size, "max_length": eval_cfg.max_length, "device": device, "document_start": document_start}
    before = token_nll(model, tokenizer, eval_texts, **raw_scoring).loss
    checkpoint = job_checkpoint(snakemake, "task_vectors")
    result = finetune(model, tokenizer, train_texts, config, device=device, checkpoint=checkpoint, document_start=document_start)
    after = token_nll(model, tokenizer, eval_texts, **raw_scoring).loss
    train_after = token_nll(model, tokenizer, train_texts, **raw_scoring).loss  # beside `after`: how far the model fits its training texts only
    vector = task_vector(base_state, parameter_state(result.model))
    save_vector(snakemake.output.vector, vector, metadata={"task": task, "base": str(snakemake.params.model), "finetune": to_dict(config)})

    write_jsonl(snakemake.output.history, result.history)
    metrics = dict(result.final, task=task, eval_loss_base=before, eval_loss_finetuned=after, train_loss_finetuned=train_after, vector_norm=vector_norm(vector),
                   n_train_texts=len(train_texts), n_eval_texts=len(eval_texts), device=describe_device(device))
    log.info("final: %s", metrics)
    write_json(snakemake.output.metrics, metrics)
    checkpoint.remove()
