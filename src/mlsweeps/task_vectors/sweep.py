"""The numbers of one point θ_base + α·D of a direction D (a task vector or its random control): L per category and
pooled, each task's held-out loss, and the per-text losses behind them, under each scoring.

The model is set in place and restored exactly afterwards (``vectors.scaled``), so a job evaluating
many points and directions keeps one model in memory; every scoring is computed on the same weights
before they move again.
"""
from __future__ import annotations

from typing import Mapping, NamedTuple, Sequence

import torch
from torch import nn

from .config import EvalConfig, Scoring, ScoringConfig
from ..base_lm.pretrain import corpus_stream, ngram_losses, ngram_model
from .losses import LossResult, combine, encode_for_scoring, token_nll
from .vectors import scaled

__all__ = ["EvalSets", "GeneralLosses", "scored_nll", "general_losses", "evaluate_point", "evaluate_model", "ngram_baselines"]


class EvalSets(NamedTuple):
    """The texts every model is scored on."""

    general: dict[str, list[str]]
    """Category -> texts of the general eval set (``coding``, ``common_knowledge``, …), in report order."""
    tasks: dict[str, list[str]]
    """Task -> its held-out eval texts: a task vector is scored on every task's set (the cross-task matrix)."""


class GeneralLosses(NamedTuple):
    """A model's loss on the general eval set."""

    pooled: LossResult
    """All categories as one set, pooled per token (so a category weighs by its token count)."""
    per_category: dict[str, LossResult]
    """Category -> its own loss, in the order of ``EvalSets.general``."""


def scored_nll(model: nn.Module, tokenizer, texts: Sequence[str], *, eval_cfg: EvalConfig, scoring: ScoringConfig, kind: Scoring,
               device: torch.device | str) -> LossResult:
    """``token_nll`` of ``texts`` under scoring ``kind`` with the study's batching and lengths."""
    return token_nll(model, tokenizer, texts, batch_size=eval_cfg.batch_size, max_length=eval_cfg.max_length, device=device,
                     scoring=kind, chat_user_message=scoring.chat_user_message, document_start=scoring.document_start)


def general_losses(model: nn.Module, tokenizer, general: Mapping[str, Sequence[str]], *, eval_cfg: EvalConfig, scoring: ScoringConfig,
                   kind: Scoring, device: torch.device | str) -> GeneralLosses:
    """Loss of ``model`` on each category of the general set and on all of them pooled, under scoring ``kind``."""
    if not general:
        raise ValueError("the general eval set has no category")
    per_category = {category: scored_nll(model, tokenizer, texts, eval_cfg=eval_cfg, scoring=scoring, kind=kind, device=device)
                    for category, texts in general.items()}
    return GeneralLosses(combine(per_category.values()), per_category)


def evaluate_model(model: nn.Module, tokenizer, sets: EvalSets, *, eval_cfg: EvalConfig, scoring: ScoringConfig, kind: Scoring,
                   device: torch.device | str, with_tasks: bool = True) -> dict:
    """Scores of a fixed model under scoring ``kind``.

    Keys: ``loss`` (general, pooled per token), ``loss_<category>`` each, ``task_losses`` (task -> loss on its held-out
    set; empty without ``with_tasks``), ``text_nll`` and ``text_tokens`` (set -> per-text summed NLL and scored
    tokens, set ``general`` in category order and each task's name; what the bootstrap over texts resamples).
    """
    general = general_losses(model, tokenizer, sets.general, eval_cfg=eval_cfg, scoring=scoring, kind=kind, device=device)
    tasks = {task: scored_nll(model, tokenizer, texts, eval_cfg=eval_cfg, scoring=scoring, kind=kind, device=device)
             for task, texts in sets.tasks.items()} if with_tasks else {}
    results = {"general": general.pooled, **tasks}
    row = {"loss": general.pooled.loss, **{f"loss_{c}": r.loss for c, r in general.per_category.items()},
           "task_losses": {task: r.loss for task, r in tasks.items()}}
    row["text_nll"] = {name: list(r.text_nll) for name, r in results.items()}
    row["text_tokens"] = {name: list(r.text_tokens) for name, r in results.items()}
    return row


def evaluate_point(
    model: nn.Module,
    tokenizer,
    base_params: Mapping[str, torch.Tensor],
    direction: Mapping[str, torch.Tensor],
    alpha: float,
    sets: EvalSets,
    *,
    eval_cfg: EvalConfig,
    scoring: ScoringConfig,
    kinds: Sequence[Scoring],
    device: torch.device | str,
    with_tasks: bool = True,
) -> list[dict]:
    """One row per scoring in ``kinds`` for the model at θ_base + α·direction: ``scoring``, ``alpha`` and ``evaluate_model``'s keys.

    The model holds θ_base again, bit for bit, when this returns or raises.
    """
    if "2alpha" in sets.general:
        raise ValueError("a general eval category may not be named '2alpha': its column would clash with loss_2alpha")
    with scaled(model, base_params, direction, alpha):
        return [{"scoring": kind, "alpha": float(alpha),
                 **evaluate_model(model, tokenizer, sets, eval_cfg=eval_cfg, scoring=scoring, kind=kind, device=device, with_tasks=with_tasks)}
                for kind in kinds]


def ngram_baselines(tokenizer, corpus: Sequence[str], general: Mapping[str, Sequence[str]], *, eval_cfg: EvalConfig, scoring: ScoringConfig) -> dict[str, float]:
    """Unigram and bigram models counted on ``corpus`` (documents after the separator, as in pretraining), scored on the general
    set's tokens exactly as the raw scoring scores the model: the same encoding, the same predicted tokens, pooled per token."""
    texts = [text for texts in general.values() for text in texts]
    encoded = encode_for_scoring(tokenizer, texts, max_length=eval_cfg.max_length, document_start=scoring.document_start)
    model = ngram_model([corpus_stream(tokenizer, corpus)], len(tokenizer))
    return ngram_losses(model, [e.ids for e in encoded if len(e.ids) > e.first_scored])
