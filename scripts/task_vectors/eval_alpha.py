"""Rule task_vectors_eval_alpha: consecutive α grid points on one model load; per point and scoring L(α), every category, L_task(α) and L(2α)."""
from mlsweeps.warm import run_in_warm_interpreter

run_in_warm_interpreter(snakemake)  # in the workflow's warm interpreter when one runs (mlsweeps.warm), else here

from mlsweeps.base_lm.pretrain import load_base_model
from mlsweeps.devices import configure_threads, resolve_device
from mlsweeps.io import read_json, write_json
from mlsweeps.logs import script_logging
from mlsweeps.seeding import seed_everything
from mlsweeps.task_vectors.config import EvalConfig, ScoringConfig, from_dict
from mlsweeps.task_vectors.sweep import EvalSets, evaluate_point
from mlsweeps.task_vectors.vectors import load_vector, parameter_state

with script_logging(snakemake.log[0]) as log:
    configure_threads(snakemake.threads)
    seed_everything(0)  # no randomness here; this only switches on deterministic kernels
    device = resolve_device(snakemake.params.device)
    eval_cfg, scoring = from_dict(EvalConfig, snakemake.params.eval), from_dict(ScoringConfig, snakemake.params.scoring)
    sets = EvalSets(general={c: read_json(p)["texts"] for c, p in zip(snakemake.params.categories, snakemake.input.general)},
                    task=read_json(snakemake.input.task_eval[0])["texts"])
    model, tokenizer = load_base_model(snakemake.params.model, device=device, dtype=snakemake.params.dtype)
    vector = load_vector(snakemake.input.vector, device=str(device)).vector
    base = parameter_state(model)

    points = []
    for alpha in snakemake.params.alphas:  # each point restores θ_base bit for bit: the order changes nothing
        rows = evaluate_point(model, tokenizer, base, vector, alpha, sets, eval_cfg=eval_cfg, scoring=scoring, device=device)
        log.info("%s α=%s: %s", snakemake.wildcards.tv_task, alpha, rows)
        points += [dict(row, task=snakemake.wildcards.tv_task) for row in rows]
    write_json(snakemake.output.points, {"points": points})
