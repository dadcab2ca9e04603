"""Rule task_vectors_eval_alpha: consecutive α grid points on one model load. Per point: along T under each scoring the general
loss (pooled, per category, per text) and every task's held-out loss; at 2α off the grid the general loss; along each random
control direction (T's per-tensor norms) the general loss under the headline scoring."""
from mlsweeps.warm import run_in_warm_interpreter

run_in_warm_interpreter(snakemake)  # in the workflow's warm interpreter when one runs (mlsweeps.warm), else here

from mlsweeps.base_lm.pretrain import load_base_model
from mlsweeps.devices import configure_threads, resolve_device
from mlsweeps.io import read_json, write_json
from mlsweeps.logs import script_logging
from mlsweeps.seeding import seed_everything
from mlsweeps.task_vectors.config import ControlConfig, EvalConfig, ScoringConfig, from_dict
from mlsweeps.task_vectors.sweep import EvalSets, evaluate_point
from mlsweeps.task_vectors.vectors import load_vector, parameter_state, random_direction

with script_logging(snakemake.log[0]) as log:
    configure_threads(snakemake.threads)
    seed_everything(0)  # the control's draws have their own seeds; this switches on deterministic kernels
    device = resolve_device(snakemake.params.device)
    eval_cfg, scoring = from_dict(EvalConfig, snakemake.params.eval), from_dict(ScoringConfig, snakemake.params.scoring)
    control = from_dict(ControlConfig, snakemake.params.control)
    task, tasks = snakemake.wildcards.tv_task, snakemake.params.tasks
    sets = EvalSets(general={c: read_json(p)["texts"] for c, p in zip(snakemake.params.categories, snakemake.input.general)},
                    tasks={t: read_json(p)["texts"] for t, p in zip(tasks, snakemake.input.task_evals)})
    model, tokenizer = load_base_model(snakemake.params.model, device=device, dtype=snakemake.params.dtype)
    vector = load_vector(snakemake.input.vector, device=str(device)).vector
    base = parameter_state(model)
    settings = {"eval_cfg": eval_cfg, "scoring": scoring, "device": device}

    # Each point restores θ_base bit for bit, so the order of points and directions changes nothing.
    points = []
    for alpha in snakemake.params.alphas:
        points += [dict(row, direction="T", on_grid=True) for row in evaluate_point(model, tokenizer, base, vector, alpha, sets, kinds=scoring.kinds, **settings)]
    for alpha in snakemake.params.extra_alphas:  # 2α where it is not a grid point: the squaring test reads these
        points += [dict(row, direction="T", on_grid=False)
                   for row in evaluate_point(model, tokenizer, base, vector, alpha, sets, kinds=scoring.kinds, with_tasks=False, **settings)]
    for draw in range(control.draws):
        direction = random_direction(vector, seed=control.draw_seed(tasks.index(task), draw))
        for alpha in snakemake.params.alphas:
            points += [dict(row, direction=f"random{draw + 1}", on_grid=True)
                       for row in evaluate_point(model, tokenizer, base, direction, alpha, sets, kinds=[scoring.headline], with_tasks=False, **settings)]
    for row in points:
        log.info("%s %s α=%s %s: L=%.6f", task, row["direction"], row["alpha"], row["scoring"], row["loss"])
    write_json(snakemake.output.points, {"points": [dict(row, task=task) for row in points]})
