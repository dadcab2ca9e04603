"""Benchmark: cost of one α grid point, in-place update vs reloading the model vs the bare forward passes.

    python bench/alpha_sweep.py [--model results/base_lm/model] [--repeats 5] [--scoring raw]

Prints a table of min / median / max seconds per grid point and the two ratios the task_vectors
issue sets a target for (in-place ≤ 1.2 × bare forward passes). A grid point is what the workflow's
α job computes for it: the bundled general set and every task's evaluation set at α, the general set
at 2α; ``--scoring`` picks how they are scored (one scoring per point).
"""
from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

import torch

from mlsweeps.base_lm.pretrain import load_base_model
from mlsweeps.task_vectors.config import EvalConfig, ScoringConfig
from mlsweeps.task_vectors.sweep import EvalSets, evaluate_model, evaluate_point, general_losses
from mlsweeps.task_vectors.vectors import parameter_state

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data" / "task_vectors"


def eval_sets(tasks: tuple[str, ...] = ("SP", "SN", "QA")) -> EvalSets:
    general = {p.stem: p.read_text().splitlines() for p in sorted((DATA / "general").glob("*.txt"))}
    return EvalSets(general=general, tasks={task: (DATA / task / "eval.txt").read_text().splitlines() for task in tasks})


def timed_round_robin(variants: dict, repeats: int) -> dict[str, list[float]]:
    """Seconds per call of each variant, the variants interleaved so that machine load drifts hit all alike."""
    for fn in variants.values():
        fn()  # warm-up: first-call allocations and lazy initialisation
    times: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(repeats):
        for name, fn in variants.items():
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=str(REPO / "results" / "base_lm" / "model"))
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--scoring", choices=["raw", "chat"], default="raw")
    parser.add_argument("--json", metavar="PATH", help="also write the seconds per variant here (for bench/run_all.py)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    device = torch.device("cpu")
    eval_cfg = EvalConfig(batch_size=32, max_length=128)
    scoring = ScoringConfig(kinds=(args.scoring,))
    settings = {"eval_cfg": eval_cfg, "scoring": scoring, "device": device}
    model, tokenizer = load_base_model(args.model, device=device)
    sets = eval_sets()
    base = parameter_state(model)
    generator = torch.Generator().manual_seed(0)
    vector = {name: 0.01 * torch.randn(p.shape, generator=generator, dtype=p.dtype) for name, p in base.items()}

    def bare():  # the forward passes one grid point needs, weights untouched: general + tasks at α, general at 2α
        evaluate_model(model, tokenizer, sets, kind=args.scoring, **settings)
        general_losses(model, tokenizer, sets.general, kind=args.scoring, **settings)

    def in_place():
        evaluate_point(model, tokenizer, base, vector, 0.5, sets, kinds=[args.scoring], **settings)
        evaluate_point(model, tokenizer, base, vector, 1.0, sets, kinds=[args.scoring], with_tasks=False, **settings)

    def reloaded(alpha):
        fresh, _ = load_base_model(args.model, device=device)
        with torch.no_grad():
            for name, p in fresh.named_parameters():
                p.add_(vector[name], alpha=alpha)
        return fresh

    def reload():  # what a naive sweep does: a fresh model from disk for α and again for 2α
        evaluate_model(reloaded(0.5), tokenizer, sets, kind=args.scoring, **settings)
        general_losses(reloaded(1.0), tokenizer, sets.general, kind=args.scoring, **settings)

    rows = timed_round_robin({"bare forward passes": bare, "in-place update": in_place, "reload per point": reload}, args.repeats)
    print(f"alpha-sweep grid point, {args.scoring} scoring, {args.repeats} repeats, {args.threads} threads, model {args.model}")
    print(f"{'variant':<22}{'min s':>9}{'median s':>10}{'max s':>9}")
    for name, times in rows.items():
        print(f"{name:<22}{min(times):9.3f}{statistics.median(times):10.3f}{max(times):9.3f}")
    bare_median = statistics.median(rows["bare forward passes"])
    print(f"in-place / bare: {statistics.median(rows['in-place update']) / bare_median:.3f} (target <= 1.2)")
    print(f"reload / bare:   {statistics.median(rows['reload per point']) / bare_median:.3f}")
    if args.json:
        Path(args.json).write_text(json.dumps({"seconds": rows, "repeats": args.repeats, "threads": args.threads}, indent=1))


if __name__ == "__main__":
    main()
