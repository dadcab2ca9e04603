"""Greedy generation on test prompts, then each task's parse rule and metric.

Prompts are batched (left-padded, sorted by length so a batch wastes few pads) and generated with
``model.generate`` greedily.
"""
from __future__ import annotations

import random
from contextlib import contextmanager
from typing import Iterator, NamedTuple, Sequence

import torch
from torch import nn

from ..logs import progress
from ..training import autocast, pad_token_id
from .prompts import prompt_ids, stop_token_ids
from .tasks import Example, Task

__all__ = ["generate", "EvalResult", "evaluate", "demonstrations_for", "merged_adapter"]


@torch.inference_mode()
def generate(model: nn.Module, tokenizer, prompts: Sequence[list[int]], *, max_new_tokens: int, batch_size: int, device: torch.device) -> list[str]:
    """Greedy continuation of each prompt (token ids), decoded without special tokens, in input order."""
    pad_id = pad_token_id(tokenizer)
    stops = stop_token_ids(tokenizer)
    order = sorted(range(len(prompts)), key=lambda i: len(prompts[i]))
    outputs: list[str] = [""] * len(prompts)
    batches = [order[i : i + batch_size] for i in range(0, len(order), batch_size)]
    for batch in progress(batches, desc="generate", total=len(batches)):
        width = max(len(prompts[i]) for i in batch)
        input_ids = torch.full((len(batch), width), pad_id, dtype=torch.long)  # (B, T), left-padded
        attention_mask = torch.zeros_like(input_ids)
        for row, i in enumerate(batch):
            input_ids[row, width - len(prompts[i]) :] = torch.as_tensor(prompts[i])
            attention_mask[row, width - len(prompts[i]) :] = 1
        with autocast(device):
            generated = model.generate(
                input_ids=input_ids.to(device),
                attention_mask=attention_mask.to(device),
                max_new_tokens=max_new_tokens,
                do_sample=False,
                eos_token_id=stops,
                pad_token_id=pad_id,
            )
        for row, i in enumerate(batch):
            outputs[i] = tokenizer.decode(generated[row, width:], skip_special_tokens=True)
    return outputs


@contextmanager
def merged_adapter(base: nn.Module, adapter_dir: str) -> Iterator[nn.Module]:
    """``base`` with the LoRA adapter in ``adapter_dir`` merged into its weights, restored exactly on exit.

    One loaded model then serves every seed's adapter in turn; the touched weights are copied back
    rather than unmerged, so each result is bit-identical to merging into a freshly loaded model.
    """
    from peft import PeftModel  # here, not at the top: the teacher's evaluation needs no peft import
    from peft.tuners.lora import LoraLayer

    model = PeftModel.from_pretrained(base, adapter_dir)
    originals = [(m.get_base_layer(), m.get_base_layer().weight.detach().clone()) for m in model.modules() if isinstance(m, LoraLayer)]
    merged = model.merge_and_unload().eval()
    try:
        yield merged
    finally:
        with torch.no_grad():
            for layer, weight in originals:
                layer.weight.copy_(weight)


def demonstrations_for(pool: Sequence[Example], n_shots: int, *, seed: int, index: int) -> list[Example]:
    """The ``n_shots`` demonstrations the few-shot teacher sees for test example ``index`` (fixed by seed and index)."""
    rng = random.Random(f"{seed}-{index}")
    return [pool[j] for j in rng.sample(range(len(pool)), min(n_shots, len(pool)))]


def _fitted_prompt(tokenizer, example: Example, demonstrations: list[Example], max_length: int | None) -> list[int]:
    while True:
        ids = prompt_ids(tokenizer, example.prompt, demonstrations)
        if max_length is None or len(ids) <= max_length or not demonstrations:
            return ids
        demonstrations = demonstrations[:-1]


class EvalResult(NamedTuple):
    scores: dict[str, float]
    """Metric -> fraction in [0, 1]; the task's primary metric first."""
    records: list[dict]
    """Per example: index, generation, prediction, answer."""


def evaluate(
    model: nn.Module,
    tokenizer,
    task: Task,
    examples: Sequence[Example],
    *,
    max_new_tokens: int,
    batch_size: int,
    device: torch.device,
    pool: Sequence[Example] = (),
    n_shots: int = 0,
    seed: int = 0,
    max_length: int | None = None,
) -> EvalResult:
    """Score ``model`` on ``examples``: zero-shot, or with ``n_shots`` demonstrations from ``pool``.

    With ``max_length`` (the model's context), demonstrations are dropped (last first) until a
    prompt and its ``max_new_tokens`` generated tokens fit in it: positions past the context are
    ones the model never saw in training.
    """
    prompt_budget = None if max_length is None else max_length - max_new_tokens
    prompts = [_fitted_prompt(tokenizer, ex, demonstrations_for(pool, n_shots, seed=seed, index=i) if n_shots else [], prompt_budget) for i, ex in enumerate(examples)]
    generations = generate(model, tokenizer, prompts, max_new_tokens=max_new_tokens, batch_size=batch_size, device=device)
    predictions = [task.parse(g, ex) for g, ex in zip(generations, examples)]
    scores = task.score(predictions, examples)
    scores = {task.metric: scores[task.metric], **scores}
    records = [{"index": i, "generation": g, "prediction": p, "answer": ex.answer} for i, (g, p, ex) in enumerate(zip(generations, predictions, examples))]
    return EvalResult(scores, records)
