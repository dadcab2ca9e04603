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
from .prompts import Encoded, answer_ids, encode, prompt_ids, stop_token_ids
from .tasks import Example, Task
from .train import answer_logprobs

__all__ = ["generate", "EvalResult", "evaluate", "demonstrations_for", "merged_adapter", "logit_scores", "dev_nll"]


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
    """Per example: index, generation, prediction, answer, parsed (False: parse failure), numerator and denominator
    (``Task.item_scores``: their sums' ratio is the primary metric)."""


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
    items = task.item_scores(predictions, examples)
    records = [{"index": i, "generation": g, "prediction": p, "answer": ex.answer, "parsed": task.parsed(g, ex), "numerator": num, "denominator": den}
               for i, (g, p, ex, (num, den)) in enumerate(zip(generations, predictions, examples, items))]
    return EvalResult(scores, records)


def logit_scores(model: nn.Module, tokenizer, task: Task, examples: Sequence[Example], *, batch_size: int, device: torch.device,
                 pool: Sequence[Example] = (), n_shots: int = 0, seed: int = 0, max_length: int | None = None) -> list[dict]:
    """The model judged from its logits, per example: ``gold_logprob`` and, for classification, ``choice_correct``.

    ``gold_logprob`` is log p(gold answer ids | prompt), summed over the answer and end-of-turn
    tokens (nats). ``choice_correct`` is 1 when the gold label has the highest summed log-probability
    among the label words (a ranked choice), else 0; None for tasks without a label set. The
    demonstrations are those of ``evaluate`` (``demonstrations_for``), as many as fit in
    ``max_length`` with the longest choice; every choice of an example reads the same prompt.
    ``n_demos`` records how many were kept.
    """
    sequences: list[Encoded] = []
    spans: list[tuple[int, list[str], int]] = []  # (first sequence, candidate answers, demonstrations kept)
    for i, ex in enumerate(examples):
        candidates = task.choices(ex) or [ex.answer]
        longest = max(candidates, key=lambda c: len(answer_ids(tokenizer, c)))
        demos = demonstrations_for(pool, n_shots, seed=seed, index=i) if n_shots else []
        fitted = encode(tokenizer, Example(ex.prompt, longest, ex.reference), demos, max_length=max_length) or encode(tokenizer, Example(ex.prompt, longest, ex.reference))
        prompt = fitted.ids[: fitted.prompt_len]
        spans.append((len(sequences), candidates, fitted.n_demos))
        for answer in dict.fromkeys([ex.answer, *candidates]):  # gold first; a label word only once
            ids = answer_ids(tokenizer, answer)
            sequences.append(Encoded(prompt + ids, len(prompt), len(ids), fitted.n_demos))
    logprobs = answer_logprobs(model, sequences, pad_id=pad_token_id(tokenizer), batch_size=batch_size, device=device)
    out = []
    for (start, candidates, n_demos), ex in zip(spans, examples):
        answers = list(dict.fromkeys([ex.answer, *candidates]))
        scored = dict(zip(answers, logprobs[start : start + len(answers)]))
        correct = None
        if task.choices(ex):
            correct = float(max(candidates, key=lambda c: scored[c]) == ex.answer)
        out.append({"gold_logprob": scored[ex.answer], "choice_correct": correct, "n_demos": n_demos})
    return out


def dev_nll(model: nn.Module, tokenizer, examples: Sequence[Example], *, batch_size: int, device: torch.device) -> float:
    """Mean NLL per gold answer token (nats) of the zero-shot student sequences of ``examples``: the selection score on dev.

    Teacher-forced, one forward pass per batch: cheap enough to score every grid point and seed,
    where generating on dev would cost more than the training.
    """
    sequences = [encode(tokenizer, ex) for ex in examples]
    logprobs = answer_logprobs(model, sequences, pad_id=pad_token_id(tokenizer), batch_size=batch_size, device=device)
    return -sum(logprobs) / sum(s.n_answer for s in sequences)
