"""The numbers of one grid point: L(α) per category and pooled, L_task(α) and L(2α), under each scoring.

The model is set to θ_base + αT in place and restored exactly afterwards (``vectors.scaled``),
so a job evaluating many points keeps one model in memory; every scoring (``ScoringConfig.kinds``)
is computed on the same weights before they move again.
"""
from __future__ import annotations

from typing import Mapping, NamedTuple, Sequence

import torch
from torch import nn

from .config import EvalConfig, Scoring, ScoringConfig
from .losses import LossResult, combine, token_nll
from .vectors import scaled

__all__ = ["EvalSets", "GeneralLosses", "scored_nll", "general_losses", "evaluate_point", "evaluate_model"]


class EvalSets(NamedTuple):
    """The texts every model is scored on."""

    general: dict[str, list[str]]
    """Category -> texts of the general eval set (``coding``, ``common_knowledge``, …), in report order."""
    task: list[str]
    """The task's held-out eval texts."""


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
                     scoring=kind, chat_user_message=scoring.chat_user_message)


def general_losses(model: nn.Module, tokenizer, general: Mapping[str, Sequence[str]], *, eval_cfg: EvalConfig, scoring: ScoringConfig,
                   kind: Scoring, device: torch.device | str) -> GeneralLosses:
    """Loss of ``model`` on each category of the general set and on all of them pooled, under scoring ``kind``."""
    if not general:
        raise ValueError("the general eval set has no category")
    per_category = {category: scored_nll(model, tokenizer, texts, eval_cfg=eval_cfg, scoring=scoring, kind=kind, device=device)
                    for category, texts in general.items()}
    return GeneralLosses(combine(per_category.values()), per_category)


def _flat(general: GeneralLosses, task: LossResult) -> dict[str, float]:
    row = {"loss": general.pooled.loss}
    row.update({f"loss_{category}": result.loss for category, result in general.per_category.items()})
    row["task_loss"] = task.loss
    return row


def evaluate_model(model: nn.Module, tokenizer, sets: EvalSets, *, eval_cfg: EvalConfig, scoring: ScoringConfig, kind: Scoring,
                   device: torch.device | str) -> dict[str, float]:
    """Scores of a fixed model under scoring ``kind``: ``loss`` (general, pooled per token), ``loss_<category>`` each, ``task_loss``."""
    general = general_losses(model, tokenizer, sets.general, eval_cfg=eval_cfg, scoring=scoring, kind=kind, device=device)
    task = scored_nll(model, tokenizer, sets.task, eval_cfg=eval_cfg, scoring=scoring, kind=kind, device=device)
    return _flat(general, task)


def evaluate_point(
    model: nn.Module,
    tokenizer,
    base_params: Mapping[str, torch.Tensor],
    vector: Mapping[str, torch.Tensor],
    alpha: float,
    sets: EvalSets,
    *,
    eval_cfg: EvalConfig,
    scoring: ScoringConfig,
    device: torch.device | str,
) -> list[dict[str, float | str]]:
    """The rows of ``sweep.tsv`` (without the task column) for grid value ``alpha``, one per scoring in ``scoring.kinds``.

    Keys: ``scoring``, ``alpha``, ``loss`` (general set at θ_base + αT, pooled per token over all
    categories), ``loss_<category>`` for each category, ``task_loss`` (task eval set at αT),
    ``loss_2alpha`` (general set, pooled, at θ_base + 2αT: the "squaring" test). The model holds
    θ_base again, bit for bit, when this returns or raises.
    """
    if "2alpha" in sets.general:
        raise ValueError("a general eval category may not be named '2alpha': its column would clash with loss_2alpha")
    with scaled(model, base_params, vector, alpha):
        rows = [{"scoring": kind, "alpha": float(alpha), **evaluate_model(model, tokenizer, sets, eval_cfg=eval_cfg, scoring=scoring, kind=kind, device=device)}
                for kind in scoring.kinds]
    with scaled(model, base_params, vector, 2 * alpha):
        for row in rows:
            row["loss_2alpha"] = general_losses(model, tokenizer, sets.general, eval_cfg=eval_cfg, scoring=scoring, kind=row["scoring"], device=device).pooled.loss
    return rows
