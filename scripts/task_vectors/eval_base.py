"""Rule task_vectors_eval_base: L_base on every set under each scoring (and per text on the general set), and an untrained model of the
same shape for reference."""
from mlsweeps.warm import run_in_warm_interpreter

run_in_warm_interpreter(snakemake)  # in the workflow's warm interpreter when one runs (mlsweeps.warm), else here

from mlsweeps.base_lm.pretrain import load_base_model
from mlsweeps.devices import configure_threads, resolve_device
from mlsweeps.io import read_json, write_json
from mlsweeps.logs import script_logging
from mlsweeps.seeding import seed_everything
from mlsweeps.task_vectors.config import EvalConfig, ScoringConfig, from_dict
from mlsweeps.base_lm.corpus import read_corpus
from mlsweeps.task_vectors.sweep import general_losses, ngram_baselines, scored_nll

with script_logging(snakemake.log[0]) as log:
    configure_threads(snakemake.threads)
    seed_everything(snakemake.params.untrained_seed)
    device = resolve_device(snakemake.params.device)
    eval_cfg, scoring = from_dict(EvalConfig, snakemake.params.eval), from_dict(ScoringConfig, snakemake.params.scoring)
    general = {c: read_json(p)["texts"] for c, p in zip(snakemake.params.categories, snakemake.input.general)}
    task_sets = {t: read_json(p)["texts"] for t, p in zip(snakemake.params.tasks, snakemake.input.task_evals)}
    model, tokenizer = load_base_model(snakemake.params.model, device=device, dtype=snakemake.params.dtype)
    # Same architecture, fresh weights: how far pretraining moved the base from chance level.
    untrained = type(model)(model.config).to(device=device, dtype=model.dtype).eval()

    result = {"base": {}, "untrained": {}, "text_nll": {}}
    for kind in scoring.kinds:
        settings = {"eval_cfg": eval_cfg, "scoring": scoring, "kind": kind, "device": device}
        base = general_losses(model, tokenizer, general, **settings)
        result["base"][kind] = {"general": base.pooled.loss, **{c: r.loss for c, r in base.per_category.items()},
                                **{f"{task}-eval": scored_nll(model, tokenizer, texts, **settings).loss for task, texts in task_sets.items()}}
        result["text_nll"][kind] = list(base.pooled.text_nll)  # L_base resampled with the same texts as every α point
        result["untrained"][kind] = {"general": general_losses(untrained, tokenizer, general, **settings).pooled.loss}
    if snakemake.input.corpus and "raw" in scoring.kinds:  # the tiny LM: n-gram models of its own corpus, baselines it can fail, on the general set's raw tokens
        result["ngram"] = ngram_baselines(tokenizer, read_corpus(snakemake.input.corpus[0]), general, eval_cfg=eval_cfg, scoring=scoring)
    log.info("losses: %s", result)
    write_json(snakemake.output.losses, result)
