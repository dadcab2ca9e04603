"""Rule distill_evaluate_teacher: the frozen base model zero-shot and with k demonstrations, scored once per task from its generations and its logits."""
from mlsweeps.warm import run_in_warm_interpreter

run_in_warm_interpreter(snakemake)  # in the workflow's warm interpreter when one runs (mlsweeps.warm), else here

from mlsweeps.base_lm.pretrain import load_base_model
from mlsweeps.devices import configure_threads, describe_device, resolve_device
from mlsweeps.distill.config import EvalConfig, from_dict
from mlsweeps.distill.evaluate import evaluate, logit_scores
from mlsweeps.distill.tasks import get_task, load_examples
from mlsweeps.io import write_json, write_jsonl
from mlsweeps.logs import script_logging
from mlsweeps.seeding import seed_everything

with script_logging(snakemake.log[0]) as log:
    configure_threads(snakemake.threads)
    seed_everything(0)
    name = snakemake.wildcards.distill_task
    task, eval_cfg = get_task(name), from_dict(EvalConfig, snakemake.params.eval)
    device = resolve_device(snakemake.params.device)
    labels = snakemake.params.label_names
    pool = load_examples(snakemake.input.train, name, split="train", label_names=labels)
    examples = load_examples(snakemake.input.test, name, split="test", label_names=labels)
    model, tokenizer = load_base_model(snakemake.params.model, device=device, dtype=snakemake.params.dtype)
    n_shots, max_length, batch_size = snakemake.params.n_shots, snakemake.params.teacher_max_length, eval_cfg.batch_size
    scores, items = {}, []
    for setting, shots in (("zero_shot", 0), ("few_shot", n_shots)):
        demos = {"pool": pool, "n_shots": shots, "max_length": max_length} if shots else {}
        generated = evaluate(model, tokenizer, task, examples, max_new_tokens=snakemake.params.max_new_tokens or task.max_new_tokens,
                             batch_size=batch_size, device=device, **demos)
        logits = logit_scores(model, tokenizer, task, examples, batch_size=batch_size, device=device, **demos)
        choices = [r["choice_correct"] for r in logits]
        scores[setting] = {**generated.scores, "gold_logprob": sum(r["gold_logprob"] for r in logits) / len(logits)}
        if None not in choices:
            scores[setting]["choice_accuracy"] = sum(choices) / len(choices)
        scores[setting + "_demonstrations"] = sum(r["n_demos"] for r in logits) / len(logits)
        items += [{"setting": setting, **g, **l} for g, l in zip(generated.records, logits, strict=True)]
    log.info("%s teacher: %s", name, scores)
    write_jsonl(snakemake.output.per_item, items)
    write_json(snakemake.output.scores, {"task": name, "n_shots": n_shots, "n_examples": len(examples), **scores, "device": describe_device(device)})
