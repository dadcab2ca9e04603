"""Pretraining of the tiny base LM on packed corpus blocks, and its save/load as a `transformers` folder.

Typical use (the rule script does this)::

    seed_everything(seed)
    model = build_model(TinyLMConfig(), tokenizer)
    result = pretrain(model, tokenizer, texts, PretrainConfig(), device=device)
    save_base_model(result.model, tokenizer, "results/base_lm/model")
    model, tokenizer = load_base_model("results/base_lm/model", device=device)  # or a hub id
"""
from __future__ import annotations

import logging
import os
import random
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, NamedTuple, Sequence

import torch

from ..hub import hub_unreachable, model_folder_problem, offline_mode
from ..io import atomic_directory, write_json
from ..logs import progress
from ..training import adamw, lr_at, next_token_nll, set_lr
from .config import PretrainConfig
from .model import n_params

__all__ = [
    "MIN_LR_FRACTION",
    "METADATA_FILE",
    "DocumentSplit",
    "split_documents",
    "pack_tokens",
    "NgramModel",
    "ngram_model",
    "ngram_losses",
    "corpus_stream",
    "learning_rate",
    "train_step",
    "evaluate",
    "PretrainResult",
    "pretrain",
    "save_base_model",
    "LoadedModel",
    "load_base_model",
]

log = logging.getLogger(__name__)

MIN_LR_FRACTION = 0.1
"""The cosine schedule ends at this fraction of the peak learning rate."""
METADATA_FILE = "mlsweeps_base_lm.json"
"""Written beside the weights by ``save_base_model``: configs, corpus digest, pretraining summary."""


class DocumentSplit(NamedTuple):
    train: list[str]
    """Documents to train on, in corpus order."""
    eval: list[str]
    """Held-out documents, in corpus order."""


def split_documents(texts: list[str], eval_fraction: float, seed: int) -> DocumentSplit:
    """Hold out ``eval_fraction`` of the documents (at least one), chosen by a seeded shuffle."""
    if len(texts) < 2:
        raise ValueError(f"need at least 2 documents to hold some out, got {len(texts)}")
    order = list(range(len(texts)))
    random.Random(seed).shuffle(order)
    n_eval = min(len(texts) - 1, max(1, round(eval_fraction * len(texts))))
    held_out = set(order[:n_eval])
    return DocumentSplit(
        train=[t for i, t in enumerate(texts) if i not in held_out],
        eval=[t for i, t in enumerate(texts) if i in held_out],
    )


def _documents_then_eos(tokenizer, texts: Iterable[str]) -> list[int]:
    """Token ids of the documents, each followed by eos, concatenated."""
    # verbose=False: documents longer than model_max_length are fine here, they are cut into blocks.
    ids = tokenizer(list(texts), add_special_tokens=False, verbose=False)["input_ids"]
    return [token for doc in ids for token in (*doc, tokenizer.eos_token_id)]


def pack_tokens(tokenizer, texts: Iterable[str], seq_len: int) -> torch.Tensor:
    """Token ids of the documents, each followed by eos, concatenated and cut into full blocks.

    Returns a LongTensor of shape (n_blocks, seq_len); the tail shorter than one block is dropped.
    """
    flat = _documents_then_eos(tokenizer, texts)
    n_blocks = len(flat) // seq_len
    if n_blocks == 0:
        raise ValueError(f"pack_tokens: {len(flat)} tokens do not fill one block of seq_len={seq_len}")
    return torch.tensor(flat[: n_blocks * seq_len], dtype=torch.long).view(n_blocks, seq_len)  # (n_blocks, seq_len)


class NgramModel(NamedTuple):
    """Add-one-smoothed token counts: unigram (V,) and bigram (V, V), indexed [previous, next]."""

    unigram: torch.Tensor
    bigram: torch.Tensor


def ngram_model(sequences: Iterable[Sequence[int]], vocab_size: int) -> NgramModel:
    """Counts of every predicted token of ``sequences`` (each token after a sequence's first) and of its pair with the one before.

    >>> ngram_model([[0, 1, 0, 1]], 2).bigram.tolist()
    [[1.0, 3.0], [2.0, 1.0]]
    """
    unigram = torch.ones(vocab_size, dtype=torch.float64)
    bigram = torch.ones(vocab_size * vocab_size, dtype=torch.float64)
    for seq in sequences:
        ids = torch.as_tensor(seq, dtype=torch.long)
        unigram += torch.bincount(ids[1:], minlength=vocab_size).double()
        bigram += torch.bincount(ids[:-1] * vocab_size + ids[1:], minlength=vocab_size * vocab_size).double()
    return NgramModel(unigram, bigram.view(vocab_size, vocab_size))


def ngram_losses(model: NgramModel, sequences: Iterable[Sequence[int]], first_scored: int = 1) -> dict[str, float]:
    """Mean NLL per predicted token (from index ``first_scored`` on) of ``sequences`` under the unigram and the bigram model.

    >>> {k: round(v, 4) for k, v in ngram_losses(ngram_model([[0, 1, 0, 1]], 2), [[0, 1]]).items()}
    {'unigram': 0.5108, 'bigram': 0.2877}
    """
    prev, target = [], []
    for seq in sequences:
        ids = torch.as_tensor(seq, dtype=torch.long)
        prev.append(ids[first_scored - 1 : -1])
        target.append(ids[first_scored:])
    prev, target = torch.cat(prev), torch.cat(target)
    if target.numel() == 0:
        raise ValueError("ngram_losses: no token to predict")
    uni = -(model.unigram[target] / model.unigram.sum()).log().mean().item()
    bi = -(model.bigram[prev, target] / model.bigram[prev].sum(dim=1)).log().mean().item()
    return {"unigram": uni, "bigram": bi}


def corpus_stream(tokenizer, texts: Iterable[str]) -> list[int]:
    """The corpus as pretraining sees it: every document after ``eos``, the separator (``pack_tokens`` before cutting into blocks)."""
    return [tokenizer.eos_token_id, *_documents_then_eos(tokenizer, texts)]


def learning_rate(step: int, cfg: PretrainConfig) -> float:
    """Learning rate of 0-based ``step``: linear warm-up to ``cfg.lr``, then cosine decay to MIN_LR_FRACTION × lr."""
    return lr_at(step, lr=cfg.lr, warmup_steps=cfg.warmup_steps, total_steps=cfg.steps, decay="cosine", final_fraction=MIN_LR_FRACTION)


def train_step(model, optimizer: torch.optim.Optimizer, batch: torch.Tensor, *, lr: float, grad_clip: float) -> float:
    """One AdamW step on ``batch`` (B, T) at learning rate ``lr``; returns the batch's mean token loss."""
    set_lr(optimizer, lr)
    loss = next_token_nll(model, batch, reduction="mean")
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    if grad_clip > 0:
        torch.nn.utils.clip_grad_norm_(model.parameters(), grad_clip)
    optimizer.step()
    return loss.item()


@torch.no_grad()
def evaluate(model, blocks: torch.Tensor, batch_size: int) -> float:
    """Mean next-token cross-entropy (nats) over every predicted token of ``blocks`` (n_blocks, T)."""
    was_training = model.training
    model.eval()
    device = next(model.parameters()).device
    total, count = 0.0, 0
    for start in range(0, len(blocks), batch_size):
        batch = blocks[start : start + batch_size].to(device)  # (B, T)
        total += next_token_nll(model, batch, reduction="sum").item()
        count += batch.shape[0] * (batch.shape[1] - 1)
    model.train(was_training)
    return total / count


def _batch_indices(n_blocks: int, batch_size: int, steps: int, generator: torch.Generator) -> Iterator[torch.Tensor]:
    """``steps`` batches of block indices, walking through a fresh permutation each epoch."""
    order = torch.empty(0, dtype=torch.long)
    for _ in range(steps):
        while len(order) < batch_size:
            order = torch.cat([order, torch.randperm(n_blocks, generator=generator)])
        yield order[:batch_size]
        order = order[batch_size:]


class PretrainResult(NamedTuple):
    model: Any
    """The trained model, in eval mode, on the training device."""
    history: list[dict[str, Any]]
    """One record per evaluation: step, lr, train_loss (mean over the interval; None at step 0), eval_loss."""
    final: dict[str, Any]
    """eval_loss_before (the untrained model's held-out loss), eval_loss, eval_loss_unigram and eval_loss_bigram (``ngram_losses`` of
    counts on the training blocks),
    train_loss, steps, tokens_seen,
    train_tokens, eval_tokens, n_params, wall_seconds."""


def pretrain(model, tokenizer, texts: list[str], cfg: PretrainConfig, *, device: torch.device | str) -> PretrainResult:
    """Train ``model`` on ``texts`` with the next-token loss; evaluate on held-out documents.

    The model's initialisation is the caller's (seed before building it); this function seeds only
    the held-out split and the batch order, both from ``cfg.seed``.
    """
    start = time.perf_counter()
    max_len = model.config.max_position_embeddings
    if cfg.seq_len > max_len:
        raise ValueError(f"pretrain.seq_len ({cfg.seq_len}) exceeds the model's max_position ({max_len})")
    split = split_documents(texts, cfg.eval_fraction, cfg.seed)
    train_blocks = pack_tokens(tokenizer, split.train, cfg.seq_len)  # (N_train, T)
    eval_blocks = pack_tokens(tokenizer, split.eval, cfg.seq_len)  # (N_eval, T)
    model.to(device)
    # beta2 = 0.95 is the usual LM-pretraining choice: it reacts faster to the loss spikes of short runs.
    optimizer = adamw(model, lr=cfg.lr, weight_decay=cfg.weight_decay, betas=(0.9, 0.95))
    generator = torch.Generator().manual_seed(cfg.seed)
    tokens_per_step = cfg.batch_size * cfg.seq_len

    log.info("pretrain config: %s", asdict(cfg))
    log.info(
        "parameters: %d; tokens per step: %d; train: %d documents, %d blocks (%d tokens, %.1f epochs); eval: %d documents, %d blocks",
        n_params(model), tokens_per_step, len(split.train), len(train_blocks), train_blocks.numel(),
        cfg.steps * tokens_per_step / train_blocks.numel(), len(split.eval), len(eval_blocks),
    )
    eval_before = evaluate(model, eval_blocks, cfg.batch_size)
    log.info("step 0: eval %.4f (untrained)", eval_before)
    history: list[dict[str, Any]] = [{"step": 0, "lr": learning_rate(0, cfg), "train_loss": None, "eval_loss": eval_before}]

    model.train()
    interval_losses: list[float] = []
    batches = _batch_indices(len(train_blocks), cfg.batch_size, cfg.steps, generator)
    for step, index in enumerate(progress(batches, desc="pretrain", total=cfg.steps), start=1):
        lr = learning_rate(step - 1, cfg)
        interval_losses.append(train_step(model, optimizer, train_blocks[index].to(device), lr=lr, grad_clip=cfg.grad_clip))
        if step % cfg.eval_every == 0 or step == cfg.steps:
            record = {"step": step, "lr": lr, "train_loss": sum(interval_losses) / len(interval_losses), "eval_loss": evaluate(model, eval_blocks, cfg.batch_size)}
            history.append(record)
            interval_losses = []
            log.info("step %d: loss %.4f eval %.4f lr %.2e", step, record["train_loss"], record["eval_loss"], lr)
    model.eval()

    final = {
        "eval_loss_before": eval_before,
        "eval_loss": history[-1]["eval_loss"],
        **{f"eval_loss_{name}": loss for name, loss in ngram_losses(ngram_model(train_blocks, len(tokenizer)), eval_blocks).items()},
        "train_loss": history[-1]["train_loss"],
        "steps": cfg.steps,
        "tokens_seen": cfg.steps * tokens_per_step,
        "train_tokens": train_blocks.numel(),
        "eval_tokens": eval_blocks.numel(),
        "n_params": n_params(model),
        "wall_seconds": time.perf_counter() - start,
    }
    log.info("pretrain done: eval loss %.4f -> %.4f in %.1f s", eval_before, final["eval_loss"], final["wall_seconds"])
    return PretrainResult(model=model, history=history, final=final)


# --------------------------------------------------------------------------- save and load


def save_base_model(model, tokenizer, out_dir: str | os.PathLike, *, metadata: Mapping[str, Any] | None = None) -> Path:
    """``save_pretrained`` model and tokenizer into ``out_dir``, which appears only once complete.

    Everything is written into a temporary sibling folder that is then renamed onto ``out_dir``,
    so a killed job never leaves a half-written model under the final name. ``metadata`` (configs,
    corpus digest, losses) is saved beside the weights as METADATA_FILE. A previous ``out_dir`` is
    replaced.
    """
    with atomic_directory(out_dir) as folder:
        folder.chmod(0o755)  # mkdtemp makes it private; the final folder should read like any other output
        model.save_pretrained(folder)
        tokenizer.save_pretrained(folder)
        if metadata is not None:
            write_json(folder / METADATA_FILE, dict(metadata))
    return Path(out_dir)


class LoadedModel(NamedTuple):
    model: Any
    """An ``AutoModelForCausalLM`` in eval mode on the requested device."""
    tokenizer: Any
    """The matching ``AutoTokenizer``."""


def _looks_like_path(name: str) -> bool:
    """Hub ids are 'name' or 'owner/name'; anything else (absolute, relative, deeper) is a local path."""
    return name.startswith((".", "/", "~")) or name.count("/") > 1 or os.sep != "/" and os.sep in name


def _hub_error(name: str, reason: str) -> RuntimeError:
    return RuntimeError(
        f"cannot load model {name!r} from the Hugging Face hub: {reason}. Without network, set the study's `model` "
        f"(task_vectors.model / distill.model) to a local folder written by save_pretrained, or to base_lm (the pipeline's own tiny LM)."
    )


def load_base_model(name_or_path: str | os.PathLike, *, device: torch.device | str, dtype: torch.dtype | None = None, hub_timeout: float = 5.0) -> LoadedModel:
    """Load a causal LM and its tokenizer by ``from_pretrained``: the same call for a local folder or a hub id.

    A hub id is read from the local cache when it is there. Otherwise, with no route to the hub
    (or ``HF_HUB_OFFLINE`` set), this fails within ``hub_timeout`` seconds with a RuntimeError that
    names the id and suggests a local path, instead of retrying for a minute.
    ``dtype`` None keeps the dtype the checkpoint was saved in.
    """
    from huggingface_hub import try_to_load_from_cache
    from transformers import AutoModelForCausalLM, AutoTokenizer

    name = str(name_or_path)
    local = Path(name).expanduser()
    is_hub_id = not local.is_dir()
    if is_hub_id and (_looks_like_path(name) or local.exists()):
        raise FileNotFoundError(f"model folder {name!r} does not exist (or is not a folder); build it first or fix the path")
    if not is_hub_id and (problem := model_folder_problem(local)):
        raise FileNotFoundError(problem)
    offline: dict[str, Any] = {}
    unreachable = None if not is_hub_id or offline_mode() else hub_unreachable(hub_timeout)
    if is_hub_id and (offline_mode() or unreachable is not None):
        # Without this check huggingface_hub retries for about a minute before giving up.
        if not isinstance(try_to_load_from_cache(name, "config.json"), str):
            why = "HF_HUB_OFFLINE is set" if offline_mode() else f"the hub is unreachable ({unreachable})"
            raise _hub_error(name, f"it is not in the local cache and {why}")
        offline["local_files_only"] = True
    source = name if is_hub_id else str(local)
    try:
        tokenizer = AutoTokenizer.from_pretrained(source, **offline)
        model = AutoModelForCausalLM.from_pretrained(source, **offline, **({} if dtype is None else {"dtype": dtype}))
    except OSError as err:
        if is_hub_id:
            raise _hub_error(name, str(err).splitlines()[0]) from err
        raise
    model.to(device).eval()
    return LoadedModel(model=model, tokenizer=tokenizer)
