"""Rule distill_evaluate: greedy generation on the test prompts by the students of each arm's selected point, every seed, parsed and scored."""
from mlsweeps.warm import run_in_warm_interpreter

run_in_warm_interpreter(snakemake)  # in the workflow's warm interpreter when one runs (mlsweeps.warm), else here

from mlsweeps.base_lm.pretrain import load_base_model
from mlsweeps.devices import configure_threads, describe_device, resolve_device
from mlsweeps.distill.config import EvalConfig, from_dict
from mlsweeps.distill.evaluate import evaluate, merged_adapter
from mlsweeps.distill.tasks import get_task, load_examples
from mlsweeps.io import read_json, write_json, write_jsonl
from mlsweeps.logs import script_logging
from mlsweeps.seeding import seed_everything

with script_logging(snakemake.log[0]) as log:
    configure_threads(snakemake.threads)
    seed_everything(0)  # greedy decoding draws nothing; this only switches on deterministic kernels
    name = snakemake.wildcards.distill_task
    task, eval_cfg = get_task(name), from_dict(EvalConfig, snakemake.params.eval)
    device = resolve_device(snakemake.params.device)
    examples = load_examples(snakemake.input.test, name, split="test", label_names=snakemake.params.label_names)
    base, tokenizer = load_base_model(snakemake.params.model, device=device, dtype=snakemake.params.dtype)
    selected = read_json(snakemake.input.selection)["selected"]
    seeds, settings = list(snakemake.params.seeds), list(snakemake.params.settings)
    outputs = iter(zip(snakemake.output.scores, snakemake.output.predictions, strict=True))  # arm by arm, seed by seed
    for arm in snakemake.params.arms:
        point = selected[arm]
        for s, seed in enumerate(seeds):
            scores_path, predictions_path = next(outputs)
            adapter = snakemake.input.adapters[settings.index(point["setting"]) * len(seeds) + s]
            with merged_adapter(base, adapter) as model:
                result = evaluate(model, tokenizer, task, examples, max_new_tokens=snakemake.params.max_new_tokens or task.max_new_tokens,
                                  batch_size=eval_cfg.batch_size, device=device)
            log.info("%s %s (%s) seed %s: %s", name, arm, point["setting"], seed, result.scores)
            write_jsonl(predictions_path, result.records)
            write_json(scores_path, {"task": name, "arm": arm, "setting": point["setting"], "lam": point["lam"], "lr": point["lr"], "seed": seed,
                                     "n_examples": len(examples), "scores": result.scores, "parse_failures": sum(not r["parsed"] for r in result.records),
                                     "device": describe_device(device)})
