"""Benchmark: distill training step at λ > 0 against λ = 0, and batched against one-by-one generation.

    python bench/distill_step.py [--model results/base_lm/model] [--task NLI] [--steps 20] [--repeats 3] [--batch-size 16] [--teacher-max-length 256]

Prints min / median / max seconds per optimizer step and student answer tokens per second for
λ = 0 (CE only), λ > 0 (CE + the teacher's forward over its longer few-shot prompt), the ratio
(target ≤ 2.2), λ > 0 reading the teacher's cached top-k logits (what the workflow runs with
mse_topk) and the pass that writes that cache, per step (paid once for all λ > 0 of a seed);
then the time to generate answers for the test prompts in batches and one at a time (target
≥ 4 × faster batched). Data are the generated synthetic sets; the model is the built
tiny LM (run the workflow first) or any causal LM folder / hub id.
"""
from __future__ import annotations

import argparse
import json
import statistics
import time

import torch

from mlsweeps.base_lm.pretrain import load_base_model
from mlsweeps.distill.config import DivergenceConfig, LoraSettings, TrainConfig
from mlsweeps.distill.evaluate import generate
from mlsweeps.distill.prompts import prompt_ids
from mlsweeps.distill.synthetic import generate_task
from mlsweeps.distill.tasks import get_task
from mlsweeps.distill.train import add_lora, teacher_targets, train


def _row(label: str, values: list[float], extra: str = "") -> str:
    return f"{label:<34}{min(values):>8.3f}{statistics.median(values):>10.3f}{max(values):>8.3f}  {extra}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="results/base_lm/model")
    parser.add_argument("--task", default="NLI")
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--n-shots", type=int, default=2)
    parser.add_argument("--n-prompts", type=int, default=64)
    parser.add_argument("--batch-size", type=int, default=16, help="examples per training step")
    parser.add_argument("--teacher-max-length", type=int, default=256, help="the tiny LM's context; a real model's is longer")
    parser.add_argument("--top-k-share", type=float, default=DivergenceConfig().top_k_share, help="share of the vocabulary mse_topk compares")
    parser.add_argument("--json", metavar="PATH", help="also write the seconds per variant here (for bench/run_all.py)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    device = torch.device("cpu")
    task = get_task(args.task)
    splits = generate_task(args.task.lower(), n_train=500, n_test=args.n_prompts, seed=0)
    pool = task.examples(splits["train"], name="bench train")
    test = task.examples(splits["test"], name="bench test")
    base, tokenizer = load_base_model(args.model, device=device)
    cfg = TrainConfig(steps=args.steps, batch_size=args.batch_size, grad_accum=1, lrs=(1e-3,), warmup_steps=1, max_length=256,
                      teacher_max_length=args.teacher_max_length)
    divergence = DivergenceConfig(top_k_share=args.top_k_share)
    top_k = divergence.top_k(base.get_output_embeddings().weight.shape[0])

    print(f"distill benchmark: task {args.task}, {args.steps} steps × {args.repeats} repeats, {args.threads} threads, {args.n_shots}-shot teacher, model {args.model}")
    print(f"{'variant':<34}{'min s':>8}{'median s':>10}{'max s':>8}")
    per_step: dict[str, list[float]] = {}
    variants = (("0", 0.0, False), ("0.5", 0.5, False), ("0.5 cached teacher", 0.5, True))
    for label, lam, cached in variants:
        per_step[label], rates = [], []
        for repeat in range(args.repeats):
            targets = None
            if cached:
                started = time.perf_counter()
                # the workflow computes the whole pool's targets once per task; per step here, for comparison with a step
                targets = teacher_targets(base, tokenizer, pool, max_length=cfg.max_length, teacher_max_length=cfg.teacher_max_length, top_k=top_k, n_shots=args.n_shots, batch_size=args.batch_size, device=device)
                per_step.setdefault("teacher targets pass", []).append((time.perf_counter() - started) / (len(pool) / args.batch_size))
            model = add_lora(base, LoraSettings(r=16, alpha=32), seed=repeat)
            result = train(model, tokenizer, pool, cfg, lr=cfg.lrs[0], lam=lam, div_cfg=divergence, n_shots=args.n_shots, seed=repeat, device=device,
                           targets=targets)
            model.unload()
            per_step[label].append(result.final["wall_seconds"] / args.steps)
            rates.append(sum(h["answer_tokens"] for h in result.history) / result.final["wall_seconds"])
        print(_row(f"train step, λ = {label}", per_step[label], f"{statistics.median(rates):.0f} answer tokens/s"))
    print(_row("teacher targets pass, per batch of the pool", per_step["teacher targets pass"], "once per (task, teacher) for every seed, λ and lr"))
    ratio = statistics.median(per_step["0.5"]) / statistics.median(per_step["0"])
    print(f"λ > 0 / λ = 0 step time: {ratio:.2f} (target <= 2.2); with the cached teacher "
          f"{statistics.median(per_step['0.5 cached teacher']) / statistics.median(per_step['0']):.2f}")

    prompts = [prompt_ids(tokenizer, ex.prompt) for ex in test]
    timings: dict[str, list[float]] = {"batched": [], "one by one": []}
    for _ in range(args.repeats):
        for label, batch_size in (("batched", len(prompts)), ("one by one", 1)):
            started = time.perf_counter()
            generate(base, tokenizer, prompts, max_new_tokens=task.max_new_tokens, batch_size=batch_size, device=device)
            timings[label].append(time.perf_counter() - started)
    for label, values in timings.items():
        print(_row(f"generate {len(prompts)} prompts, {label}", values))
    print(f"one-by-one / batched: {statistics.median(timings['one by one']) / statistics.median(timings['batched']):.1f}x (target >= 4)")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"step_seconds": per_step, "generate_seconds": timings, "n_prompts": len(prompts), "steps": args.steps, "repeats": args.repeats}, f, indent=1)


if __name__ == "__main__":
    main()
