"""LoRA fine-tuning with a few-shot-teacher distillation term: loss = CE + λ · D.

The teacher is the frozen base model itself (the student's adapters switched off), prompted with
k demonstrations; the student is base + LoRA, prompted zero-shot. Both are read at the positions
that predict the gold answer tokens (``prompts.Encoded.answer_positions``), and only there are
logits computed (``logits_to_keep``): a 150k vocabulary times every prompt position would
otherwise dominate memory. CE and D are per answer token, summed over an optimizer step and
divided by the step's answer tokens, so gradient accumulation changes memory, not the gradient.

Batches and demonstrations depend on the seed alone, so every λ > 0 run of a (task, seed) meets the
same teacher sequences. With ``mse_topk`` the teacher's part of D is its top-k logits, which
``teacher_targets`` computes once per (task, seed) for all of them; ``train`` then reads them
instead of running the teacher (the result is bit-identical). ``kl`` needs the whole distribution
and runs the teacher in every step.
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

__all__ = ["add_lora", "answer_logits", "divergence", "TeacherTargets", "teacher_targets", "top_k_mse", "TrainResult", "train"]

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


def divergence(student: torch.Tensor, teacher: torch.Tensor, cfg: DivergenceConfig) -> torch.Tensor:
    """D per position (N,) between student and teacher logits (N, V); zero when they are equal.

    mse_topk: mean squared difference of the raw logits over the teacher's ``top_k`` largest
    entries (the reference method: no softmax, no temperature). kl: T² · KL(p_T || q_T) with both
    distributions softened by T, the usual scaling that keeps gradients comparable across T.
    """
    if cfg.kind == "mse_topk":
        return top_k_mse(student, teacher.topk(min(cfg.top_k, teacher.shape[-1]), dim=-1))
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
    """The teacher's top-k answer logits for every micro-batch of one seed's training, in training order."""

    values: torch.Tensor
    """(N, k) logits, all micro-batches' answer positions stacked (bfloat16 when that is exact, else float32)."""
    indices: torch.Tensor
    """(N, k) their vocabulary ids (int16 or int32)."""
    offsets: torch.Tensor
    """(micro-batches + 1,) where each micro-batch's rows start; the last entry is N."""

    def micro_batch(self, index: int, device: torch.device) -> tuple[torch.Tensor, torch.Tensor]:
        """(values, indices) of micro-batch ``index`` (0-based, over all steps), for ``top_k_mse``."""
        start, end = int(self.offsets[index]), int(self.offsets[index + 1])
        return self.values[start:end].to(device, torch.float32), self.indices[start:end].to(device, torch.long)


@torch.no_grad()
def teacher_targets(model: nn.Module, tokenizer, pool: Sequence[Example], cfg: TrainConfig, *, top_k: int, n_shots: int, seed: int,
                    device: torch.device) -> TeacherTargets:
    """What ``train`` with this ``seed`` would compute from the teacher (``model``, no adapters) in each micro-batch.

    The batches and demonstrations are drawn exactly as ``train`` draws them, so ``train`` given
    these targets gives the result of running the teacher itself, bit for bit.
    """
    pad_id = pad_token_id(tokenizer)
    _, usable = _encode_pool(tokenizer, pool, cfg)
    order_rng, demo_rng = _generators(seed)
    order: list[int] = []
    values, indices, rows = [], [], [0]
    model.eval()
    for _ in progress(range(cfg.steps), desc=f"teacher top-{top_k}", total=cfg.steps):
        for batch in _micro_batches(order, usable, order_rng, cfg):
            teacher_seqs = [_teacher_sequence(tokenizer, pool, i, n_shots, demo_rng, cfg) for i in batch]
            with autocast(device):
                logits = answer_logits(model, teacher_seqs, pad_id=pad_id, device=device)
            top = logits.topk(min(top_k, logits.shape[-1]), dim=-1)
            index_dtype = torch.int16 if logits.shape[-1] <= torch.iinfo(torch.int16).max else torch.int32  # ¼ or ½ of int64's bytes
            values.append(top.values.cpu())
            indices.append(top.indices.to(index_dtype).cpu())
            rows.append(rows[-1] + len(logits))
    stacked = torch.cat(values)
    if torch.equal(stacked, stacked.bfloat16().float()):  # logits of a bf16 model: half the bytes, nothing lost
        stacked = stacked.bfloat16()
    return TeacherTargets(stacked, torch.cat(indices), torch.as_tensor(rows))


def train(
    model: nn.Module,
    tokenizer,
    pool: Sequence[Example],
    cfg: TrainConfig,
    *,
    lam: float,
    div_cfg: DivergenceConfig | None,
    n_shots: int,
    seed: int,
    device: torch.device,
    checkpoint: Checkpoint | None = None,
    targets: TeacherTargets | None = None,
) -> TrainResult:
    """Train the LoRA adapters of ``model`` (a peft model) on ``pool`` for ``cfg.steps`` steps.

    Batch order and each query's demonstrations come from ``seed``; the demonstrations of an
    example are drawn from the pool without the example itself. At λ = 0 the teacher is not run
    (and ``div_cfg`` may be None).
    With ``checkpoint``, training resumes from its saved state and saves a new one when due. With
    ``targets`` (``teacher_targets`` of the same seed and settings; mse_topk only), D reads the
    teacher's top-k logits from them instead of running the teacher.
    """
    started = time.perf_counter()
    if lam > 0 and div_cfg is None:
        raise ValueError(f"λ = {lam:g} needs a divergence (distill.divergence)")
    if lam > 0 and targets is not None and div_cfg.kind != "mse_topk":
        raise ValueError(f"cached teacher targets hold top-k logits, which the {div_cfg.kind!r} divergence cannot use")
    pad_id = pad_token_id(tokenizer)
    students, usable = _encode_pool(tokenizer, pool, cfg)
    skipped = len(pool) - len(usable)
    log.info("pool: %d examples, %d skipped as longer than %d tokens; λ = %g, %d-shot teacher", len(pool), skipped, cfg.max_length, lam, n_shots)

    optimizer = adamw(model, lr=cfg.lr, weight_decay=cfg.weight_decay)
    order_rng, demo_rng = _generators(seed)
    order: list[int] = []
    history: list[dict] = []
    saved = checkpoint.load() if checkpoint else None
    if saved:
        _load_adapters(model, saved["adapters"])
        optimizer.load_state_dict(saved["optimizer"])
        order, history = saved["order"], saved["history"]
        set_rng_state(saved["rng"], order_rng, demo_rng)
    first_step = last_saved = saved["step"] if saved else 0
    model.train()
    for step in progress(range(first_step, cfg.steps), desc=f"train λ={lam:g}", total=cfg.steps, initial=first_step):
        lr = lr_at(step, lr=cfg.lr, warmup_steps=cfg.warmup_steps, total_steps=cfg.steps, decay="cosine")
        set_lr(optimizer, lr)
        micro_batches = _micro_batches(order, usable, order_rng, cfg)
        n_tokens = sum(students[i].n_answer for batch in micro_batches for i in batch)
        optimizer.zero_grad(set_to_none=True)
        ce_sum = div_sum = 0.0
        for micro, batch in enumerate(micro_batches):
            student_seqs = [students[i] for i in batch]
            with autocast(device):
                student_logits = answer_logits(model, student_seqs, pad_id=pad_id, device=device)
                ce = F.cross_entropy(student_logits, answer_targets(student_seqs).to(device), reduction="sum")
                loss = ce
                if lam > 0:
                    if targets is not None:
                        div = top_k_mse(student_logits, _cached_top(targets, step * cfg.grad_accum + micro, len(student_logits), device)).sum()
                    else:
                        teacher_seqs = [_teacher_sequence(tokenizer, pool, i, n_shots, demo_rng, cfg) for i in batch]
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
            "lr": lr,
            "ce": ce_sum / n_tokens,
            "divergence": div_sum / n_tokens if lam > 0 else None,
            "loss": (ce_sum + lam * div_sum) / n_tokens,
            "answer_tokens": n_tokens,
        }
        history.append(record)
        if checkpoint and checkpoint.due(step + 1, last=step + 1 == cfg.steps):  # the script trains its seeds in turn
            checkpoint.save(step + 1, {"adapters": _adapters(model), "optimizer": optimizer.state_dict(), "order": order, "history": history,
                                       "rng": rng_state(order_rng, demo_rng)})
            last_saved = step + 1
        if (step + 1) % max(cfg.steps // 10, 1) == 0:
            log.info("step %d lr %.3g ce %.4f D %s loss %.4f", step + 1, lr, record["ce"], "-" if lam == 0 else f"{record['divergence']:.4f}", record["loss"])
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


def _encode_pool(tokenizer, pool: Sequence[Example], cfg: TrainConfig) -> tuple[list[Encoded | None], list[int]]:
    """Every pool example's student sequence (None when longer than max_length) and the usable indices."""
    students = [encode(tokenizer, ex, max_length=cfg.max_length) for ex in pool]
    usable = [i for i, s in enumerate(students) if s is not None]
    if not usable:
        raise ValueError(f"distill.train.max_length {cfg.max_length} is shorter than every training example")
    return students, usable


def _generators(seed: int) -> tuple[random.Random, random.Random]:
    """The batch-order and demonstration generators of ``seed``: the same for every λ, so all λ see the same batches."""
    return random.Random(seed), random.Random(f"demonstrations-{seed}")


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


def _cached_top(targets: TeacherTargets, index: int, n_rows: int, device: torch.device) -> tuple[torch.Tensor, torch.Tensor]:
    if index + 1 >= len(targets.offsets):
        raise ValueError(f"the cached teacher targets hold {len(targets.offsets) - 1} micro-batches; this run needs more (other steps or grad_accum)")
    top = targets.micro_batch(index, device)
    if len(top[0]) != n_rows:
        raise ValueError(f"cached teacher targets do not match this run's batches: micro-batch {index} has {len(top[0])} answer tokens "
                         f"there and {n_rows} here (other data, seed or settings)")
    return top


def _teacher_sequence(tokenizer, pool: Sequence[Example], index: int, n_shots: int, rng: random.Random, cfg: TrainConfig) -> Encoded:
    """The teacher's sequence for pool[index]: ``n_shots`` other pool examples as demonstrations, then the query."""
    others = rng.sample(range(len(pool) - 1), min(n_shots, len(pool) - 1))
    demos = [pool[j + (j >= index)] for j in others]  # skip the query itself
    return encode(tokenizer, pool[index], demos, max_length=cfg.teacher_max_length)
