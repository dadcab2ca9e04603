"""LoRA fine-tuning with a few-shot-teacher distillation term: loss = CE + λ · D.

The teacher is the frozen base model itself (the student's adapters switched off), prompted with
k demonstrations; the student is base + LoRA, prompted zero-shot. Both are read at the positions
that predict the gold answer tokens (``prompts.Encoded.answer_positions``), and only there are
logits computed (``logits_to_keep``): a 150k vocabulary times every prompt position would
otherwise dominate memory. CE and D are per answer token, summed over an optimizer step and
divided by the step's answer tokens, so gradient accumulation changes memory, not the gradient.

The batch order depends on the seed; each pool example's demonstrations depend on the example
alone (``teacher_demonstrations``), so every run of a task meets the same teacher sequence for an
example, whatever its seed, λ or lr. With ``mse_topk`` the teacher's part of D is its top-k logits,
which ``teacher_targets`` computes once per (task, teacher) for every pool example; ``train`` then
reads them instead of running the teacher. ``kl`` needs the whole distribution and runs the teacher
in every step. The demonstration control is the same teacher with ``n_shots = 0``: its sequence is
the student's own.
"""
from __future__ import annotations

import logging
import math
import random
import time
from typing import NamedTuple, Sequence

import torch
import torch.nn.functional as F
from torch import nn

from ..logs import progress
from ..resume import Checkpoint, rng_state, set_rng_state
from ..training import adamw, autocast, lr_at, pad_batch, pad_token_id, set_lr
from .config import DivergenceConfig, LoraSettings, TrainConfig
from .prompts import Encoded, encode
from .tasks import Example

__all__ = ["add_lora", "answer_logits", "answer_logprobs", "divergence", "teacher_demonstrations", "TeacherTargets", "teacher_targets", "top_k_mse",
           "TrainResult", "train"]

log = logging.getLogger(__name__)


def add_lora(model: nn.Module, cfg: LoraSettings, *, seed: int) -> nn.Module:
    """``model`` wrapped by peft with fresh adapters (A random from ``seed``, B = 0): output unchanged.

    The adapters are float32 whatever the base's dtype (peft's ``autocast_adapter_dtype``, and
    ``training.adamw`` again); the frozen base keeps its own.
    """
    from peft import LoraConfig, get_peft_model

    torch.manual_seed(seed)
    lora = LoraConfig(r=cfg.r, lora_alpha=cfg.alpha, lora_dropout=cfg.dropout, target_modules=list(cfg.target_modules), task_type="CAUSAL_LM")
    return get_peft_model(model, lora)


def answer_logits(model: nn.Module, sequences: Sequence[Encoded], *, pad_id: int, device: torch.device) -> torch.Tensor:
    """Logits at every answer position of right-padded ``sequences``: (N, V), rows in sequence then answer order."""
    input_ids, attention_mask = pad_batch([s.ids for s in sequences], pad_id)  # (B, T) each
    positions = sorted({p for s in sequences for p in s.answer_positions})
    column = {p: i for i, p in enumerate(positions)}
    rows = torch.as_tensor([r for r, s in enumerate(sequences) for _ in s.answer_positions])
    cols = torch.as_tensor([column[p] for s in sequences for p in s.answer_positions])
    logits = model(
        input_ids=input_ids.to(device),
        attention_mask=attention_mask.to(device),
        logits_to_keep=torch.as_tensor(positions, device=device),
        use_cache=False,
    ).logits  # (B, len(positions), V)
    return logits[rows.to(device), cols.to(device)].float()  # (N, V)


def answer_targets(sequences: Sequence[Encoded]) -> torch.Tensor:
    """The gold answer token each answer position predicts: (N,)."""
    return torch.as_tensor([s.ids[p + 1] for s in sequences for p in s.answer_positions])


@torch.no_grad()
def answer_logprobs(model: nn.Module, sequences: Sequence[Encoded], *, pad_id: int, batch_size: int, device: torch.device) -> list[float]:
    """log p(answer | prompt) of each sequence: the sum over its answer tokens (nats), in input order."""
    out: list[float] = []
    for start in range(0, len(sequences), batch_size):
        batch = sequences[start : start + batch_size]
        with autocast(device):
            logits = answer_logits(model, batch, pad_id=pad_id, device=device)
        token_lp = logits.log_softmax(-1).gather(-1, answer_targets(batch).to(device)[:, None])[:, 0].cpu()
        out += [float(chunk.sum()) for chunk in token_lp.split([s.n_answer for s in batch])]
    return out


def divergence(student: torch.Tensor, teacher: torch.Tensor, cfg: DivergenceConfig) -> torch.Tensor:
    """D per position (N,) between student and teacher logits (N, V); zero when they are equal.

    mse_topk: mean squared difference of the raw logits over the teacher's ``cfg.top_k(V)`` largest
    entries (the reference method: no softmax, no temperature). kl: T² · KL(p_T || q_T) with both
    distributions softened by T, the usual scaling that keeps gradients comparable across T.
    """
    if cfg.kind == "mse_topk":
        return top_k_mse(student, teacher.topk(cfg.top_k(teacher.shape[-1]), dim=-1))
    t = cfg.temperature
    log_p, log_q = F.log_softmax(teacher / t, dim=-1), F.log_softmax(student / t, dim=-1)
    return (log_p.exp() * (log_p - log_q)).sum(-1) * t * t


def top_k_mse(student: torch.Tensor, teacher_top: tuple[torch.Tensor, torch.Tensor]) -> torch.Tensor:
    """mse_topk per position (N,) from the teacher's top-k ``(values, indices)``, each (N, k), computed or cached."""
    values, indices = teacher_top
    return (student.gather(-1, indices) - values).pow(2).mean(-1)


class TrainResult(NamedTuple):
    history: list[dict]
    """One dict per optimizer step: step, lr, ce, divergence (None at λ = 0), loss, answer_tokens."""
    final: dict
    """Means over the last 10 % of steps, plus steps, examples, skipped (too long), wall_seconds."""


class TeacherTargets(NamedTuple):
    """The teacher's top-k answer logits for every pool example, in pool order."""

    values: torch.Tensor
    """(N, k) logits, all examples' answer positions stacked (bfloat16 when that is exact, else float32)."""
    indices: torch.Tensor
    """(N, k) their vocabulary ids (int16 or int32)."""
    offsets: torch.Tensor
    """(pool size + 1,) where each pool example's rows start; an example too long to train on has none."""
    mass: torch.Tensor
    """(N,) the teacher's probability on its top-k entries at each position: how much of its distribution D sees."""
    shots: torch.Tensor
    """(pool size,) demonstrations kept in each example's teacher sequence (fewer than k when they do not fit)."""

    def rows(self, examples: Sequence[int], device: torch.device) -> tuple[torch.Tensor, torch.Tensor]:
        """(values, indices) of the pool ``examples``' answer positions, concatenated in that order, for ``top_k_mse``."""
        spans = [torch.arange(int(self.offsets[i]), int(self.offsets[i + 1])) for i in examples]
        picked = torch.cat(spans)
        return self.values[picked].to(device, torch.float32), self.indices[picked].to(device, torch.long)


@torch.no_grad()
def teacher_targets(model: nn.Module, tokenizer, pool: Sequence[Example], *, max_length: int, teacher_max_length: int, top_k: int, n_shots: int,
                    batch_size: int, device: torch.device) -> TeacherTargets:
    """The teacher's (``model``, no adapters) top-k logits at the answer positions of every trainable pool example.

    Each example's teacher sequence is the one ``train`` would build (``teacher_demonstrations``),
    so every seed, λ and lr of the task reads these rows instead of running the teacher. Of the
    training settings only the two lengths decide which examples and demonstrations fit.
    """
    pad_id = pad_token_id(tokenizer)
    _, usable = _encode_pool(tokenizer, pool, max_length)
    sequences = {i: _teacher_sequence(tokenizer, pool, i, n_shots, teacher_max_length) for i in usable}
    values, indices, mass, counts = [], [], [], [0] * len(pool)
    model.eval()
    batches = [usable[i : i + batch_size] for i in range(0, len(usable), batch_size)]
    for batch in progress(batches, desc=f"teacher top-{top_k}", total=len(batches)):
        with autocast(device):
            logits = answer_logits(model, [sequences[i] for i in batch], pad_id=pad_id, device=device)
        top = logits.topk(min(top_k, logits.shape[-1]), dim=-1)
        index_dtype = torch.int16 if logits.shape[-1] <= torch.iinfo(torch.int16).max else torch.int32  # ¼ or ½ of int64's bytes
        values.append(top.values.cpu())
        indices.append(top.indices.to(index_dtype).cpu())
        mass.append(logits.softmax(-1).gather(-1, top.indices).sum(-1).cpu())
        for i in batch:
            counts[i] = sequences[i].n_answer
    stacked = torch.cat(values)
    if torch.equal(stacked, stacked.bfloat16().float()):  # logits of a bf16 model: half the bytes, nothing lost
        stacked = stacked.bfloat16()
    offsets = torch.cumsum(torch.as_tensor([0, *counts]), 0)
    shots = torch.as_tensor([sequences[i].n_demos if i in sequences else 0 for i in range(len(pool))])
    return TeacherTargets(stacked, torch.cat(indices), offsets, torch.cat(mass), shots)


def train(
    model: nn.Module,
    tokenizer,
    pool: Sequence[Example],
    cfg: TrainConfig,
    *,
    lr: float,
    lam: float,
    div_cfg: DivergenceConfig | None,
    n_shots: int,
    seed: int,
    device: torch.device,
    checkpoint: Checkpoint | None = None,
    targets: TeacherTargets | None = None,
) -> TrainResult:
    """Train the LoRA adapters of ``model`` (a peft model) on ``pool`` for ``cfg.steps`` steps.

    The batch order comes from ``seed``; each query's demonstrations from ``teacher_demonstrations``
    (``n_shots = 0``: the teacher reads the student's own sequence). At λ = 0 the teacher is not
    run (and ``div_cfg`` may be None).
    With ``checkpoint``, training resumes from its saved state and saves a new one when due. With
    ``targets`` (``teacher_targets`` of the same teacher and settings; mse_topk only), D reads the
    teacher's top-k logits from them instead of running the teacher.
    """
    started = time.perf_counter()
    if lam > 0 and div_cfg is None:
        raise ValueError(f"λ = {lam:g} needs a divergence (distill.divergence)")
    if lam > 0 and targets is not None and div_cfg.kind != "mse_topk":
        raise ValueError(f"cached teacher targets hold top-k logits, which the {div_cfg.kind!r} divergence cannot use")
    pad_id = pad_token_id(tokenizer)
    students, usable = _encode_pool(tokenizer, pool, cfg.max_length)
    skipped = len(pool) - len(usable)
    log.info("pool: %d examples, %d skipped as longer than %d tokens; λ = %g, %d-shot teacher", len(pool), skipped, cfg.max_length, lam, n_shots)

    optimizer = adamw(model, lr=lr, weight_decay=cfg.weight_decay)
    order_rng = random.Random(seed)
    order: list[int] = []
    history: list[dict] = []
    saved = checkpoint.load() if checkpoint else None
    if saved:
        _load_adapters(model, saved["adapters"])
        optimizer.load_state_dict(saved["optimizer"])
        order, history = saved["order"], saved["history"]
        set_rng_state(saved["rng"], order_rng)
    first_step = last_saved = saved["step"] if saved else 0
    model.train()
    for step in progress(range(first_step, cfg.steps), desc=f"train λ={lam:g}", total=cfg.steps, initial=first_step):
        step_lr = lr_at(step, lr=lr, warmup_steps=cfg.warmup_steps, total_steps=cfg.steps, decay="cosine")
        set_lr(optimizer, step_lr)
        micro_batches = _micro_batches(order, usable, order_rng, cfg)
        n_tokens = sum(students[i].n_answer for batch in micro_batches for i in batch)
        optimizer.zero_grad(set_to_none=True)
        ce_sum = div_sum = 0.0
        for batch in micro_batches:
            student_seqs = [students[i] for i in batch]
            with autocast(device):
                student_logits = answer_logits(model, student_seqs, pad_id=pad_id, device=device)
                ce = F.cross_entropy(student_logits, answer_targets(student_seqs).to(device), reduction="sum")
                loss = ce
                if lam > 0:
                    if targets is not None:
                        div = top_k_mse(student_logits, _cached_top(targets, batch, len(student_logits), device)).sum()
                    else:
                        teacher_seqs = [_teacher_sequence(tokenizer, pool, i, n_shots, cfg.teacher_max_length) for i in batch]
                        with torch.no_grad(), model.disable_adapter():
                            teacher_logits = answer_logits(model, teacher_seqs, pad_id=pad_id, device=device)
                        div = divergence(student_logits, teacher_logits, div_cfg).sum()
                    loss = ce + lam * div
                    div_sum += div.item()
            (loss / n_tokens).backward()
            ce_sum += ce.item()
        if not math.isfinite(ce_sum + lam * div_sum):
            kept = f"; the last good checkpoint (step {last_saved}) is kept at {checkpoint.path}" if last_saved else ""
            raise FloatingPointError(f"training loss is {ce_sum + lam * div_sum} at step {step + 1} (λ = {lam:g}){kept}; lower distill.train.lr or λ")
        if cfg.grad_clip > 0:
            nn.utils.clip_grad_norm_(model.parameters(), cfg.grad_clip)
        optimizer.step()
        record = {
            "step": step + 1,
            "lr": step_lr,
            "ce": ce_sum / n_tokens,
            "divergence": div_sum / n_tokens if lam > 0 else None,
            "loss": (ce_sum + lam * div_sum) / n_tokens,
            "answer_tokens": n_tokens,
        }
        history.append(record)
        if checkpoint and checkpoint.due(step + 1, last=step + 1 == cfg.steps):  # the script trains its seeds in turn
            checkpoint.save(step + 1, {"adapters": _adapters(model), "optimizer": optimizer.state_dict(), "order": order, "history": history,
                                       "rng": rng_state(order_rng)})
            last_saved = step + 1
        if (step + 1) % max(cfg.steps // 10, 1) == 0:
            log.info("step %d lr %.3g ce %.4f D %s loss %.4f", step + 1, step_lr, record["ce"], "-" if lam == 0 else f"{record['divergence']:.4f}", record["loss"])
    model.eval()
    tail = history[-max(len(history) // 10, 1) :]
    final = {
        "ce": sum(h["ce"] for h in tail) / len(tail),
        "divergence": sum(h["divergence"] for h in tail) / len(tail) if lam > 0 else None,
        "steps": cfg.steps,
        "examples": len(usable),
        "skipped": skipped,
        "wall_seconds": time.perf_counter() - started,
        "resumed_from_step": first_step,
    }
    return TrainResult(history, final)


def _adapters(model: nn.Module) -> dict[str, torch.Tensor]:
    """The trainable (LoRA) parameters by name: all that a checkpoint needs of the model."""
    return {name: p.detach().clone() for name, p in model.named_parameters() if p.requires_grad}


def _load_adapters(model: nn.Module, adapters: dict[str, torch.Tensor]) -> None:
    unexpected = model.load_state_dict(adapters, strict=False).unexpected_keys
    if unexpected:
        raise ValueError(f"checkpoint holds parameters the model lacks: {unexpected[:3]}")


def _encode_pool(tokenizer, pool: Sequence[Example], max_length: int) -> tuple[list[Encoded | None], list[int]]:
    """Every pool example's student sequence (None when longer than max_length) and the usable indices."""
    students = [encode(tokenizer, ex, max_length=max_length) for ex in pool]
    usable = [i for i, s in enumerate(students) if s is not None]
    if not usable:
        raise ValueError(f"distill.train.max_length {max_length} is shorter than every training example")
    return students, usable


def _micro_batches(order: list[int], usable: Sequence[int], order_rng: random.Random, cfg: TrainConfig) -> list[list[int]]:
    """The pool indices of one optimizer step's micro-batches, taken from ``order`` (refilled with a new shuffle when empty)."""
    micro_batches = []
    for _ in range(cfg.grad_accum):
        batch = []
        for _ in range(cfg.batch_size):
            if not order:  # a new pass over the pool in a new order
                order[:] = usable
                order_rng.shuffle(order)
            batch.append(order.pop())
        micro_batches.append(batch)
    return micro_batches


def _cached_top(targets: TeacherTargets, batch: Sequence[int], n_rows: int, device: torch.device) -> tuple[torch.Tensor, torch.Tensor]:
    if max(batch) + 1 >= len(targets.offsets):
        raise ValueError(f"the cached teacher targets cover {len(targets.offsets) - 1} pool examples; this run's pool is larger (other data)")
    top = targets.rows(batch, device)
    if len(top[0]) != n_rows:
        raise ValueError(f"cached teacher targets do not match this run's examples: {len(top[0])} answer tokens there and {n_rows} here "
                         "(other data or settings)")
    return top


def teacher_demonstrations(pool_size: int, index: int, n_shots: int) -> list[int]:
    """The pool indices of the demonstrations in pool[index]'s teacher sequence: ``n_shots`` others, fixed by the index alone.

    >>> teacher_demonstrations(10, 3, 2) == teacher_demonstrations(10, 3, 2), 3 in teacher_demonstrations(10, 3, 9)
    (True, False)
    """
    others = random.Random(f"demonstrations-{index}").sample(range(pool_size - 1), min(n_shots, pool_size - 1))
    return [j + (j >= index) for j in others]  # skip the query itself


def _teacher_sequence(tokenizer, pool: Sequence[Example], index: int, n_shots: int, teacher_max_length: int) -> Encoded:
    """The teacher's sequence for pool[index]: its demonstrations (as many as fit), then the query."""
    return encode(tokenizer, pool[index], [pool[j] for j in teacher_demonstrations(len(pool), index, n_shots)], max_length=teacher_max_length)
