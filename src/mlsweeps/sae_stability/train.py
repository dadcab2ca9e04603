"""Training and evaluation of the task transformer, and collection of its activations for the SAEs.

``untrained`` scores the same transformer at its initialisation, the control whose activations
show what the study measures when nothing has been learnt.

The loss is cross-entropy on the scored (answer) positions only: the prompt is random or fixed
structure, so predicting it would only add noise to the loss and to the accuracies.
"""
from __future__ import annotations

import logging
import time
from dataclasses import asdict
from typing import NamedTuple

import torch
import torch.nn.functional as F
from torch import nn

from ..logs import progress
from ..training import adamw, lr_at, set_lr
from .config import TrainConfig, TransformerConfig
from .model import TinyTransformer
from .tasks import TaskData

__all__ = [
    "EvalResult",
    "TransformerTrainResult",
    "evaluate",
    "learning_rate",
    "train_step",
    "fit",
    "untrained",
    "Activations",
    "collect_activations",
    "heldout_rows",
]

log = logging.getLogger(__name__)


class EvalResult(NamedTuple):
    """Scores of a model on one split, over its scored positions only."""

    loss: float
    """Mean cross-entropy per scored position (nats)."""
    accuracy: float
    """Fraction of scored positions whose argmax prediction is the target."""
    sequence_accuracy: float
    """Fraction of sequences with every scored position right."""


class TransformerTrainResult(NamedTuple):
    """What ``fit`` returns."""

    model: TinyTransformer
    """The trained model, in eval mode, on the training device."""
    history: list[dict]
    """One dict per evaluation: epoch, step, lr, train_loss, train_accuracy, val_loss, val_accuracy."""
    final: dict
    """After the last epoch: train/val loss and accuracy, val_sequence_accuracy, n_params, epochs, steps, wall_seconds."""


@torch.no_grad()
def evaluate(model: nn.Module, data: TaskData, *, batch_size: int, device: torch.device | str) -> EvalResult:
    """Loss and accuracies of ``model`` on ``data``, in batches of ``batch_size`` sequences."""
    was_training = model.training
    model.eval()
    loss_sum, n_correct, n_scored, n_seq_correct = 0.0, 0, 0, 0
    for start in range(0, data.inputs.shape[0], batch_size):
        inputs, targets, mask = (t[start : start + batch_size].to(device) for t in data)
        logits = model(inputs)  # (B, T, V)
        loss_sum += F.cross_entropy(logits[mask], targets[mask], reduction="sum").item()  # logits[mask]: (n, V)
        right = logits.argmax(dim=-1) == targets  # (B, T)
        n_correct += (right & mask).sum().item()
        n_scored += mask.sum().item()
        n_seq_correct += (right | ~mask).all(dim=1).sum().item()  # unscored positions cannot fail a sequence
    model.train(was_training)
    n_seq = data.inputs.shape[0]
    return EvalResult(loss_sum / max(n_scored, 1), n_correct / max(n_scored, 1), n_seq_correct / max(n_seq, 1))


def learning_rate(step: int, cfg: TrainConfig) -> float:
    """Learning rate at optimizer step ``step`` (0-based): linear warm-up, then constant."""
    return lr_at(step, lr=cfg.lr, warmup_steps=cfg.warmup_steps, decay="constant")


def train_step(model: nn.Module, optimizer: torch.optim.Optimizer, batch: TaskData, cfg: TrainConfig) -> float:
    """One optimizer step on ``batch`` (already on the model's device); returns the batch loss."""
    logits = model(batch.inputs)  # (B, T, V)
    loss = F.cross_entropy(logits[batch.loss_mask], batch.targets[batch.loss_mask])  # over scored positions only
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    if cfg.grad_clip > 0:
        nn.utils.clip_grad_norm_(model.parameters(), cfg.grad_clip)
    optimizer.step()
    return loss.item()


def fit(
    model_cfg: TransformerConfig,
    train_cfg: TrainConfig,
    data: dict[str, TaskData],
    *,
    device: torch.device | str,
) -> TransformerTrainResult:
    """Train a ``TinyTransformer`` on ``data["train"]``, evaluating on train and ``data["val"]``.

    ``model_cfg`` must carry the task's vocab_size and max_len (``tasks.sized_for_task``).
    Initialisation and batch order are seeded by ``train_cfg.seed`` without touching the caller's
    global random state.
    """
    started = time.perf_counter()
    model = _initial_model(model_cfg, train_cfg.seed, device)
    order_generator = torch.Generator().manual_seed(train_cfg.seed)
    # the decay on the weight matrices (training.adamw leaves gains and biases alone) is what drives grokking
    optimizer = adamw(model, lr=train_cfg.lr, weight_decay=train_cfg.weight_decay, betas=(train_cfg.beta1, train_cfg.beta2))
    train, val = data["train"].to(device), data["val"]
    n_train, seq_len = train.inputs.shape
    batch_size = min(train_cfg.batch_size, n_train)
    steps_per_epoch = -(-n_train // batch_size)  # the last, partial batch is kept

    log.info("model config: %s", asdict(model_cfg))
    log.info("train config: %s", asdict(train_cfg))
    log.info("parameters: %d; train/val sequences: %d/%d", model.n_params(), n_train, val.inputs.shape[0])
    log.info(
        "tokens per step: %d (%d scored); %d steps per epoch, %d steps in all",
        batch_size * seq_len, batch_size * int(train.loss_mask[0].sum()), steps_per_epoch, steps_per_epoch * train_cfg.epochs,
    )

    history: list[dict] = []
    step = 0
    model.train()
    for epoch in progress(range(1, train_cfg.epochs + 1), desc="train transformer", total=train_cfg.epochs):
        order = torch.randperm(n_train, generator=order_generator).to(device)
        for start in range(0, n_train, batch_size):
            set_lr(optimizer, learning_rate(step, train_cfg))
            train_step(model, optimizer, train.subset(order[start : start + batch_size]), train_cfg)
            step += 1
        if epoch % train_cfg.eval_every == 0 or epoch == train_cfg.epochs:
            tr = evaluate(model, train, batch_size=max(batch_size, 1024), device=device)
            va = evaluate(model, val, batch_size=max(batch_size, 1024), device=device)
            history.append({
                "epoch": epoch, "step": step, "lr": learning_rate(step - 1, train_cfg),
                "train_loss": tr.loss, "train_accuracy": tr.accuracy, "val_loss": va.loss, "val_accuracy": va.accuracy,
            })
            log.info("epoch %d: loss %.4f acc %.4f val_loss %.4f val_acc %.4f", epoch, tr.loss, tr.accuracy, va.loss, va.accuracy)

    model.eval()
    return TransformerTrainResult(model, history, _final(model, tr, va, epochs=train_cfg.epochs, steps=step, started=started))


def _initial_model(model_cfg: TransformerConfig, seed: int, device: torch.device | str) -> TinyTransformer:
    """The transformer as initialised by ``seed``, without touching the caller's global random state."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return TinyTransformer(model_cfg).to(device)


def _final(model: TinyTransformer, tr: EvalResult, va: EvalResult, *, epochs: int, steps: int, started: float) -> dict:
    final = {
        "train_loss": tr.loss, "train_accuracy": tr.accuracy,
        "val_loss": va.loss, "val_accuracy": va.accuracy, "val_sequence_accuracy": va.sequence_accuracy,
        "n_params": model.n_params(), "epochs": epochs, "steps": steps,
        "wall_seconds": time.perf_counter() - started,
    }
    log.info("final: %s", final)
    return final


def untrained(model_cfg: TransformerConfig, train_cfg: TrainConfig, data: dict[str, TaskData], *, device: torch.device | str) -> TransformerTrainResult:
    """The transformer ``fit`` would start from (seed ``train_cfg.seed``), scored on ``data`` without a step of training."""
    started = time.perf_counter()
    model = _initial_model(model_cfg, train_cfg.seed, device).eval()
    batch_size = max(train_cfg.batch_size, 1024)
    tr, va = (evaluate(model, data[split], batch_size=batch_size, device=device) for split in ("train", "val"))
    return TransformerTrainResult(model, [], _final(model, tr, va, epochs=0, steps=0, started=started))


class Activations(NamedTuple):
    """Residual-stream vectors at the scored positions, with the answer token each one predicts."""

    vectors: torch.Tensor
    """float32 (N, d_model) on CPU, sequence by sequence, positions in order within a sequence."""
    labels: torch.Tensor
    """int64 (N,): the target token at each vector's position (its answer class)."""


@torch.no_grad()
def collect_activations(
    model: TinyTransformer,
    data: TaskData,
    *,
    layer: int,
    n_vectors: int,
    batch_size: int,
    device: torch.device | str,
) -> Activations:
    """Residual stream after block ``layer`` at every scored position, and the targets there.

    Rows follow the sequences in order, then the scored positions within each sequence; the
    result is truncated to ``n_vectors`` (fewer when ``data`` has fewer scored positions).
    """
    was_training = model.training
    model.eval()
    chunks: list[torch.Tensor] = []
    n_collected = 0
    for start in range(0, data.inputs.shape[0], batch_size):
        if n_collected >= n_vectors:
            break
        inputs, mask = data.inputs[start : start + batch_size].to(device), data.loss_mask[start : start + batch_size].to(device)
        resid = model.residual_stream(inputs, layer)  # (B, T, C)
        vectors = resid[mask].float().cpu()  # (n, C): boolean indexing keeps row-major order
        chunks.append(vectors)
        n_collected += vectors.shape[0]
    model.train(was_training)
    acts = torch.cat(chunks)[:n_vectors] if chunks else torch.empty(0, model.cfg.d_model)
    if acts.shape[0] < n_vectors:
        log.warning("collected %d activation vectors, fewer than the %d asked for: the input set is smaller", acts.shape[0], n_vectors)
    return Activations(acts, data.targets[data.loss_mask][: len(acts)])


def heldout_rows(n_rows: int, rows_per_group: int, fraction: float, seed: int) -> torch.Tensor:
    """Mask (n_rows,) of the rows held out of SAE training: whole groups (sequences), ``fraction`` of them.

    Row ``i`` belongs to group ``i // rows_per_group`` (the rows of one sequence are consecutive and
    correlated, so a sequence is held out whole). At least one group lands on each side when there
    are two or more; the choice is a seeded permutation of the groups.
    """
    if rows_per_group < 1 or not 0 < fraction < 1:
        raise ValueError(f"rows_per_group must be >= 1 and fraction in (0, 1), got {rows_per_group!r} and {fraction!r}")
    n_groups = -(-n_rows // rows_per_group)
    if n_groups < 2:
        raise ValueError(f"{n_rows} rows in groups of {rows_per_group} make {n_groups} group(s); holding some out needs 2 or more")
    n_heldout = min(max(round(fraction * n_groups), 1), n_groups - 1)
    groups = torch.randperm(n_groups, generator=torch.Generator().manual_seed(seed))[:n_heldout]
    held = torch.zeros(n_groups, dtype=torch.bool).index_fill_(0, groups, True)
    return held.repeat_interleave(rows_per_group)[:n_rows]
