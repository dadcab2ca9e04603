"""Rule task_vectors_between: cosines of the task vectors; each T_i alone and each T_i + T_j on every task's held-out set and the
general set; the 2-D slice θ_base + a·T_i + b·T_j of one pair (headline scoring)."""
from mlsweeps.warm import run_in_warm_interpreter

run_in_warm_interpreter(snakemake)  # in the workflow's warm interpreter when one runs (mlsweeps.warm), else here

from itertools import combinations

from mlsweeps.base_lm.pretrain import load_base_model
from mlsweeps.devices import configure_threads, resolve_device
from mlsweeps.io import read_json, write_json
from mlsweeps.logs import script_logging
from mlsweeps.seeding import seed_everything
from mlsweeps.task_vectors.config import BetweenConfig, EvalConfig, ScoringConfig, from_dict
from mlsweeps.task_vectors.sweep import EvalSets, evaluate_point
from mlsweeps.task_vectors.vectors import cosine, linear_combination, load_vector, parameter_state

with script_logging(snakemake.log[0]) as log:
    configure_threads(snakemake.threads)
    seed_everything(0)  # no randomness here; this only switches on deterministic kernels
    device = resolve_device(snakemake.params.device)
    eval_cfg, scoring = from_dict(EvalConfig, snakemake.params.eval), from_dict(ScoringConfig, snakemake.params.scoring)
    between, tasks = from_dict(BetweenConfig, snakemake.params.between), list(snakemake.params.tasks)
    sets = EvalSets(general={c: read_json(p)["texts"] for c, p in zip(snakemake.params.categories, snakemake.input.general)},
                    tasks={t: read_json(p)["texts"] for t, p in zip(tasks, snakemake.input.task_evals)})
    model, tokenizer = load_base_model(snakemake.params.model, device=device, dtype=snakemake.params.dtype)
    vectors = {t: load_vector(p, device=str(device)).vector for t, p in zip(tasks, snakemake.input.vectors)}
    base = parameter_state(model)

    evaluated: dict[tuple[float, ...], dict] = {}  # a slice point that is a single T_i or a sum is evaluated once

    def scores(kind: str, coefficients: dict[str, float]) -> list[dict]:
        """Losses at θ_base + Σ coefficient·T on the general set and every task's set, one row per set."""
        coefs = {f"coef_{t}": float(coefficients.get(t, 0.0)) for t in tasks}
        key = tuple(coefs.values())
        if key not in evaluated:
            (evaluated[key],) = evaluate_point(model, tokenizer, base, linear_combination(vectors, coefficients), 1.0, sets, eval_cfg=eval_cfg,
                                               scoring=scoring, kinds=[scoring.headline], device=device)
            log.info("%s: general %.6f, tasks %s", coefficients, evaluated[key]["loss"], evaluated[key]["task_losses"])
        row = evaluated[key]
        return [{"kind": kind, **coefs, "set": name, "scoring": scoring.headline, "loss": loss}
                for name, loss in {"general": row["loss"], **row["task_losses"]}.items()]

    points = [r for t in tasks for r in scores("single", {t: 1.0})]
    points += [r for i, j in combinations(tasks, 2) for r in scores("sum", {i: 1.0, j: 1.0})]
    pair = between.slice_pair(tasks)
    if pair:
        points += [r for a in between.slice_values() for b in between.slice_values() for r in scores("slice", {pair[0]: a, pair[1]: b})]
    write_json(snakemake.output.between, {
        "cosines": [{"task_a": i, "task_b": j, "cosine": cosine(vectors[i], vectors[j])} for i, j in combinations(tasks, 2)],
        "pair": list(pair) if pair else [], "points": points,
    })
