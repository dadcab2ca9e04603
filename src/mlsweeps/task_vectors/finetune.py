"""Full-parameter causal-LM fine-tuning of the base model on one task's texts.

Every parameter trains (the task vector spans all of them). The loss is the per-token mean NLL
over the real tokens of an optimizer step, pads masked, whatever the split into micro-batches,
so gradient accumulation changes memory use and not the gradient.

Whatever dtype the model was loaded in, its parameters are cast to float32 before training
(``training.float32_trainable``) and stay float32 afterwards: AdamW steps on bfloat16 weights
would lose every update smaller than half the bfloat16 spacing at the weight. On CUDA the forward
pass runs under bfloat16 autocast.
"""
from __future__ import annotations

import logging
import math
import time
from dataclasses import asdict
from typing import NamedTuple, Sequence

import torch
from torch import nn

from ..logs import progress
from ..resume import Checkpoint, rng_state, set_rng_state
from ..training import PaddedBatch, adamw, autocast, lr_at, next_token_nll, pad_batch, pad_token_id, set_lr
from .config import FinetuneConfig
from .losses import LossResult, encode_texts

__all__ = ["FinetuneResult", "train_step", "finetune"]

log = logging.getLogger(__name__)


class FinetuneResult(NamedTuple):
    """What ``finetune`` returns."""

    model: nn.Module
    """The fine-tuned model (the one passed in, trained in place, its parameters now float32), in eval mode, on the training device."""
    history: list[dict]
    """One dict per epoch: epoch, step (optimizer steps so far), lr (of the epoch's last step), train_loss
    (per-token mean over the epoch, measured in training mode as the weights moved)."""
    final: dict
    """train_loss (last epoch), steps, tokens_seen (scored tokens over all epochs), wall_seconds."""


def train_step(model: nn.Module, optimizer: torch.optim.Optimizer, micro_batches: Sequence[PaddedBatch], cfg: FinetuneConfig, *,
               device: torch.device) -> LossResult:
    """One optimizer step over ``micro_batches`` (gradients accumulated); returns the step's loss.

    Each micro-batch's summed NLL is divided by the scored tokens of the whole step, so the
    gradient is that of the step's per-token mean, however the texts were split.
    """
    n_step = sum(int(mask[:, 1:].sum()) for _, mask in micro_batches)
    optimizer.zero_grad(set_to_none=True)
    nll_sum = 0.0
    for input_ids, attention_mask in micro_batches:
        with autocast(device):
            nll = next_token_nll(model, input_ids.to(device), attention_mask.to(device))  # (n,)
        (nll.sum() / n_step).backward()
        nll_sum += nll.detach().double().sum().item()
    if cfg.grad_clip > 0:
        nn.utils.clip_grad_norm_(model.parameters(), cfg.grad_clip)
    optimizer.step()
    return LossResult(nll_sum, n_step, nll_sum / n_step)


def finetune(model: nn.Module, tokenizer, texts: Sequence[str], cfg: FinetuneConfig, *, device: torch.device | str,
             checkpoint: Checkpoint | None = None, document_start: str = "") -> FinetuneResult:
    """Fine-tune every parameter of ``model`` (in place) on ``texts`` with the causal-LM loss.

    Texts are encoded as the sweep scores raw text (``losses.encode_texts`` with ``document_start``).
    Batch order comes from a generator seeded with ``cfg.seed``; dropout, if any, is seeded the
    same way inside a forked RNG, so the caller's global random state is left untouched. With
    ``checkpoint``, training resumes from its saved state and saves a new one when due.
    """
    started, device = time.perf_counter(), torch.device(device)
    encoded = [ids for ids in encode_texts(tokenizer, texts, max_length=cfg.max_length, document_start=document_start) if len(ids) >= 2]
    if not encoded:
        raise ValueError(f"finetune: none of the {len(texts)} texts has 2 or more tokens")
    pad_id = pad_token_id(tokenizer)
    texts_per_step = cfg.batch_size * cfg.grad_accum
    steps_per_epoch = math.ceil(len(encoded) / texts_per_step)  # the last, partial step is kept
    total_steps = steps_per_epoch * cfg.epochs
    optimizer = adamw(model.to(device), lr=cfg.lr, weight_decay=cfg.weight_decay)
    order_generator = torch.Generator().manual_seed(cfg.seed)

    mean_len = sum(len(ids) for ids in encoded) / len(encoded)
    log.info("finetune config: %s", asdict(cfg))
    log.info("parameters: %d; training texts: %d (%d tokens, mean %.1f per text)", sum(p.numel() for p in model.parameters()), len(encoded), sum(len(i) for i in encoded), mean_len)
    log.info("tokens per step: ~%d (%d texts × %.1f); %d steps per epoch, %d in all", round(texts_per_step * mean_len), texts_per_step, mean_len, steps_per_epoch, total_steps)

    history: list[dict] = []
    tokens_seen = epoch_nll = epoch_tokens = 0
    order: list[int] = []
    saved = checkpoint.load() if checkpoint else None
    if saved:
        model.load_state_dict(saved["model"])
        optimizer.load_state_dict(saved["optimizer"])
        order_generator.set_state(saved["order_generator"])
        history, order, tokens_seen, epoch_nll, epoch_tokens = (saved[k] for k in ("history", "order", "tokens_seen", "epoch_nll", "epoch_tokens"))
    first_step = last_saved = saved["step"] if saved else 0
    model.train()
    with torch.random.fork_rng(devices=[device] if device.type == "cuda" else []):
        torch.manual_seed(cfg.seed)
        if saved:
            set_rng_state(saved["rng"])
        for step in progress(range(first_step, total_steps), desc="finetune", total=total_steps, initial=first_step):
            epoch, k = divmod(step, steps_per_epoch)
            if k == 0:
                order = torch.randperm(len(encoded), generator=order_generator).tolist()
                epoch_nll, epoch_tokens = 0.0, 0
            chunk = [encoded[i] for i in order[k * texts_per_step : (k + 1) * texts_per_step]]
            micro = [pad_batch(chunk[m : m + cfg.batch_size], pad_id) for m in range(0, len(chunk), cfg.batch_size)]
            # linear to 0: the Hugging Face Trainer's default schedule, which the reference runs used
            lr = lr_at(step, lr=cfg.lr, warmup_steps=cfg.warmup_steps, total_steps=total_steps, decay="linear")
            set_lr(optimizer, lr)
            result = train_step(model, optimizer, micro, cfg, device=device)
            if not math.isfinite(result.nll_sum):
                kept = f"; the last good checkpoint (step {last_saved}) is kept at {checkpoint.path}" if last_saved else ""
                raise FloatingPointError(f"fine-tuning loss is {result.nll_sum} at step {step + 1}{kept}; lower task_vectors.finetune.lr")
            epoch_nll, epoch_tokens = epoch_nll + result.nll_sum, epoch_tokens + result.n_tokens
            if k == steps_per_epoch - 1:
                tokens_seen += epoch_tokens
                history.append({"epoch": epoch + 1, "step": step + 1, "lr": lr, "train_loss": epoch_nll / epoch_tokens})
                log.info("epoch %d: step %d lr %.3g train_loss %.4f", epoch + 1, step + 1, lr, epoch_nll / epoch_tokens)
            if checkpoint and checkpoint.due(step + 1) and step + 1 < total_steps:
                checkpoint.save(step + 1, {"model": model.state_dict(), "optimizer": optimizer.state_dict(), "order_generator": order_generator.get_state(),
                                           "history": history, "order": order, "tokens_seen": tokens_seen, "epoch_nll": epoch_nll,
                                           "epoch_tokens": epoch_tokens, "rng": rng_state()})
                last_saved = step + 1

    model.eval()
    final = {"train_loss": history[-1]["train_loss"], "steps": total_steps, "resumed_from_step": first_step, "tokens_seen": tokens_seen, "wall_seconds": time.perf_counter() - started}
    log.info("final: %s", final)
    return FinetuneResult(model, history, final)
