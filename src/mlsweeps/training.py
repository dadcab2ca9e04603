"""The training pieces every trainer of the project shares: schedule, optimizer, precision, padding, token loss.

- ``lr_at``: linear warm-up, then a constant, linear or cosine decay;
- ``adamw``: AdamW over the trainable parameters, weight decay on matrices only, stepping float32
  weights whatever dtype the model was loaded in (``float32_trainable``), with ``autocast`` for
  the forward pass and ``set_lr`` for the per-step rate;
- ``pad_token_id``, ``pad_batch`` and ``next_token_nll``: right-padded causal-LM batches and the
  loss of each real token given the ones before it.
"""
from __future__ import annotations

import math
from typing import Literal, NamedTuple, Sequence

import torch
import torch.nn.functional as F
from torch import nn

__all__ = [
    "DECAYS",
    "lr_at",
    "set_lr",
    "float32_trainable",
    "adamw",
    "autocast",
    "pad_token_id",
    "PaddedBatch",
    "pad_batch",
    "next_token_nll",
]

DECAYS = ("constant", "linear", "cosine")
"""What ``lr_at`` does after the warm-up."""


def lr_at(step: int, *, lr: float, warmup_steps: int, total_steps: int = 0,
          decay: Literal["constant", "linear", "cosine"] = "constant", final_fraction: float = 0.0) -> float:
    """Learning rate of optimizer step ``step`` (0-based) out of ``total_steps``.

    Linear warm-up over ``warmup_steps`` steps (``lr / warmup_steps`` at step 0, ``lr`` at step
    ``warmup_steps - 1``), then ``decay``: ``constant`` stays at ``lr``; ``linear`` and ``cosine``
    fall from ``lr`` at step ``warmup_steps`` to ``final_fraction × lr`` at step ``total_steps``
    (a straight line or half a cosine) and stay there after it. ``total_steps`` matters to these
    two only.

    >>> [round(lr_at(s, lr=1.0, warmup_steps=2, total_steps=6, decay="linear"), 3) for s in range(6)]
    [0.5, 1.0, 1.0, 0.75, 0.5, 0.25]
    >>> [round(lr_at(s, lr=1.0, warmup_steps=2, total_steps=6, decay="cosine"), 3) for s in range(6)]
    [0.5, 1.0, 1.0, 0.854, 0.5, 0.146]
    >>> [round(lr_at(s, lr=1.0, warmup_steps=2, total_steps=6, decay="cosine", final_fraction=0.1), 3) for s in range(7)]
    [0.5, 1.0, 1.0, 0.868, 0.55, 0.232, 0.1]
    """
    if step < warmup_steps:
        return lr * (step + 1) / warmup_steps
    if decay == "constant":
        return lr
    span = max(total_steps - warmup_steps, 1)
    if decay == "linear":
        remaining = max(0.0, (total_steps - step) / span)  # the part of the decay still ahead: 1 -> 0
        return lr * (final_fraction + (1 - final_fraction) * remaining)
    if decay == "cosine":
        done = min(1.0, (step - warmup_steps) / span)  # the part of the decay behind: 0 -> 1
        return lr * (final_fraction + (1 - final_fraction) * 0.5 * (1 + math.cos(math.pi * done)))
    raise ValueError(f"decay must be one of {DECAYS}, got {decay!r}")


def set_lr(optimizer: torch.optim.Optimizer, lr: float) -> None:
    """Set every parameter group of ``optimizer`` to learning rate ``lr``."""
    for group in optimizer.param_groups:
        group["lr"] = lr


def float32_trainable(model: nn.Module) -> list[nn.Parameter]:
    """The trainable parameters of ``model``, those held in bfloat16 or float16 cast to float32 in place.

    An optimizer step on a bfloat16 weight rounds the updated weight back to bfloat16, which has
    8 significant bits: near 0.04 its spacing is 2^-12 ≈ 2.4e-4, so an update under half of
    that (AdamW's first step at lr 1e-4 is 1e-4) is lost, and at a small learning rate most
    weights never move. In float32 they do. Frozen parameters keep their dtype (a LoRA base may
    stay bfloat16); on CUDA the causal-LM trainers run their forward passes under ``autocast``,
    so the matrix products stay bfloat16. A parameter keeps its identity (tied weights stay
    tied); only its data is replaced.
    """
    params = [p for p in model.parameters() if p.requires_grad]
    for param in params:
        if param.dtype in (torch.bfloat16, torch.float16):
            param.data = param.data.float()
    return params


def adamw(model: nn.Module, *, lr: float, weight_decay: float, betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
          fused: bool | None = None) -> torch.optim.AdamW:
    """AdamW over the trainable parameters of ``model`` (made float32 first: ``float32_trainable``).

    Weight decay applies to matrices and embeddings (parameters of 2 or more dimensions) only:
    decaying norm gains and biases would pull them towards 0 without making the solution any
    simpler. Without weight decay all parameters form one group (one fused kernel call, not two).
    ``betas``, ``eps`` and ``fused`` are passed to ``torch.optim.AdamW``; with weight decay 0 it is
    Adam.
    """
    params = float32_trainable(model)
    if weight_decay == 0:
        groups = [{"params": params, "weight_decay": 0.0}]
    else:
        groups = [
            {"params": [p for p in params if p.ndim >= 2], "weight_decay": weight_decay},
            {"params": [p for p in params if p.ndim < 2], "weight_decay": 0.0},
        ]
    return torch.optim.AdamW([g for g in groups if g["params"]], lr=lr, betas=betas, eps=eps, fused=fused)


def autocast(device: torch.device) -> torch.autocast:
    """bfloat16 autocast on CUDA, a no-op elsewhere: where the causal-LM trainers and distill's generation run the model."""
    return torch.autocast("cuda", dtype=torch.bfloat16, enabled=device.type == "cuda")


def pad_token_id(tokenizer) -> int:
    """The id to pad batches with: the tokenizer's pad token, else its eos token, else 0.

    Any id would do: pads are masked out of attention and never scored.
    """
    for candidate in (tokenizer.pad_token_id, tokenizer.eos_token_id):
        if candidate is not None:
            return int(candidate)
    return 0


class PaddedBatch(NamedTuple):
    """Sequences of token ids padded on the right to one length."""

    input_ids: torch.Tensor
    """(B, T) int64; positions past a sequence's end hold the pad id."""
    attention_mask: torch.Tensor
    """(B, T) int64: 1 on real tokens, 0 on pads."""


def pad_batch(sequences: Sequence[Sequence[int]], pad_id: int) -> PaddedBatch:
    """Right-pad ``sequences`` of token ids to the longest one's length.

    Right padding keeps every real token at the position it has alone, so with causal attention
    its prediction cannot see the pads and does not change with the batch.
    """
    width = max(len(s) for s in sequences)
    input_ids = torch.full((len(sequences), width), pad_id, dtype=torch.long)  # (B, T)
    attention_mask = torch.zeros((len(sequences), width), dtype=torch.long)  # (B, T)
    for row, seq in enumerate(sequences):
        input_ids[row, : len(seq)] = torch.as_tensor(seq, dtype=torch.long)
        attention_mask[row, : len(seq)] = 1
    return PaddedBatch(input_ids, attention_mask)


def next_token_nll(model: nn.Module, input_ids: torch.Tensor, attention_mask: torch.Tensor | None = None, *,
                   first_scored: torch.Tensor | None = None, reduction: Literal["none", "mean", "sum"] = "none") -> torch.Tensor:
    """Cross-entropy (nats, float32 even for a bfloat16 model) of each token of ``input_ids`` (B, T) given the ones before it.

    Position t predicts token t + 1. With ``attention_mask`` (a right-padded batch, ``pad_batch``)
    a prediction is scored when its target is a real token; without it every one of the
    B × (T − 1) predictions is. With ``first_scored`` (B,), a row's tokens before that index are not
    scored as targets (a chat prompt before the reply that is scored). ``reduction`` as in ``F.cross_entropy``: ``"none"`` gives (n,),
    one value per scored token in row-major order; differentiable.
    """
    logits = model(input_ids=input_ids, attention_mask=attention_mask, use_cache=False).logits  # (B, T, V)
    if attention_mask is None and first_scored is None:
        pred, target = logits[:, :-1].flatten(0, 1), input_ids[:, 1:].flatten()  # (n, V), (n,)
    else:
        scored = torch.ones_like(input_ids[:, 1:], dtype=torch.bool) if attention_mask is None else attention_mask[:, 1:].bool()  # (B, T-1): target is real
        if first_scored is not None:
            targets = torch.arange(1, input_ids.shape[1], device=input_ids.device)  # (T-1,): index of each target token
            scored &= targets[None, :] >= first_scored[:, None]
        pred, target = logits[:, :-1][scored], input_ids[:, 1:][scored]  # (n, V), (n,)
    return F.cross_entropy(pred.float(), target, reduction=reduction)
