"""The two toy tasks of the `sae_stability` study, generated deterministically from their seeds.

Every example is a prompt followed by its answer tokens, and ``build_sequences`` is the one place
that turns them into next-token training sequences. It shifts by one, so answer token ``j`` is the
*target* at position ``P - 1 + j`` and first appears as an *input* at ``P + j``: the model never
sees the token it is scored on. (The original research code fed the answer as input at the very
position where it was scored, a label leak that made "learning" trivial.)

    modular_arithmetic  prompt [a, +, b, =]            answer [(a + b) mod p]
    copy                prompt [x1 .. xL, SEP]          answer [x1 .. xL]
"""
from __future__ import annotations

import math
from dataclasses import replace
from typing import NamedTuple

import torch

from .config import ActivationConfig, CopyConfig, ModularArithmeticConfig, TransformerConfig

__all__ = [
    "TaskData",
    "build_sequences",
    "modular_arithmetic_examples",
    "make_modular_arithmetic",
    "copy_examples",
    "make_copy",
    "make_task",
    "task_vocab_size",
    "task_seq_len",
    "sized_for_task",
    "chance_accuracy",
    "activation_inputs",
]

TaskConfig = ModularArithmeticConfig | CopyConfig


class TaskData(NamedTuple):
    """Next-token sequences of one split; row ``i`` of each field belongs to example ``i``."""

    inputs: torch.Tensor
    """LongTensor (N, T): tokens fed to the model."""
    targets: torch.Tensor
    """LongTensor (N, T): the token to predict at each position (``inputs`` shifted left by one)."""
    loss_mask: torch.Tensor
    """BoolTensor (N, T): True at scored positions, i.e. where the target is an answer token."""

    def subset(self, index: torch.Tensor) -> "TaskData":
        """The sequences selected by ``index`` (a LongTensor of rows or a BoolTensor mask)."""
        return TaskData(self.inputs[index], self.targets[index], self.loss_mask[index])

    def to(self, device: torch.device | str) -> "TaskData":
        return TaskData(self.inputs.to(device), self.targets.to(device), self.loss_mask.to(device))


def build_sequences(prompts: torch.Tensor, answers: torch.Tensor) -> TaskData:
    """Turn prompts (N, P) and answers (N, A) into next-token sequences of length T = P + A - 1.

    Position ``P - 1 + j`` is scored on answer token ``j`` (j = 0 .. A-1); that token enters the
    input only at position ``P + j``, after it has been predicted. The last answer token is never
    an input at all.
    """
    if prompts.ndim != 2 or answers.ndim != 2 or prompts.shape[0] != answers.shape[0]:
        raise ValueError(f"prompts and answers must be (N, P) and (N, A) with the same N, got {tuple(prompts.shape)} and {tuple(answers.shape)}")
    if prompts.shape[1] < 1 or answers.shape[1] < 1:
        raise ValueError(f"prompts and answers need at least one token each, got {tuple(prompts.shape)} and {tuple(answers.shape)}")
    n, p = prompts.shape
    a = answers.shape[1]
    tokens = torch.cat([prompts, answers], dim=1).long()  # (N, P + A)
    inputs = tokens[:, :-1].contiguous()  # (N, T)
    targets = tokens[:, 1:].contiguous()  # (N, T): targets[:, t] == tokens[:, t + 1]
    loss_mask = torch.zeros(n, p + a - 1, dtype=torch.bool)  # (N, T)
    loss_mask[:, p - 1 :] = True  # positions P-1 .. P+A-2, whose next token is an answer token
    return TaskData(inputs, targets, loss_mask)


# --- modular arithmetic -------------------------------------------------------------------------


def modular_arithmetic_examples(p: int, a: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Prompts [a, +, b, =] (N, 4) and answers [(a + b) mod p] (N, 1); `+` is token p, `=` is p + 1."""
    plus = torch.full_like(a, p)
    eq = torch.full_like(a, p + 1)
    prompts = torch.stack([a, plus, b, eq], dim=1)  # (N, 4)
    answers = ((a + b) % p).unsqueeze(1)  # (N, 1)
    return prompts, answers


def _all_pairs(p: int) -> tuple[torch.Tensor, torch.Tensor]:
    """All p² pairs (a, b), a-major: (0,0), (0,1), .., (0,p-1), (1,0), .."""
    a = torch.arange(p).repeat_interleave(p)  # (p²,)
    b = torch.arange(p).repeat(p)  # (p²,)
    return a, b


def make_modular_arithmetic(cfg: ModularArithmeticConfig) -> dict[str, TaskData]:
    """A ``train`` and a ``val`` split that partition all p² pairs; the shuffle is seeded by ``cfg.seed``."""
    a, b = _all_pairs(cfg.p)
    n_pairs = cfg.p * cfg.p
    order = torch.randperm(n_pairs, generator=torch.Generator().manual_seed(cfg.seed))
    # Both splits must be non-empty, whatever rounding does to extreme fractions of small p.
    n_train = min(max(round(cfg.train_fraction * n_pairs), 1), n_pairs - 1)
    data = build_sequences(*modular_arithmetic_examples(cfg.p, a, b))
    return {"train": data.subset(order[:n_train]), "val": data.subset(order[n_train:])}


# --- copy ---------------------------------------------------------------------------------------


def copy_examples(cfg: CopyConfig, n: int, generator: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """``n`` prompts [x1 .. xL, SEP] (n, L + 1) and answers [x1 .. xL] (n, L); SEP is token ``vocab_size``."""
    x = torch.randint(cfg.vocab_size, (n, cfg.seq_len), generator=generator)  # (n, L)
    sep = torch.full((n, 1), cfg.vocab_size, dtype=torch.long)  # (n, 1)
    return torch.cat([x, sep], dim=1), x.clone()


def make_copy(cfg: CopyConfig) -> dict[str, TaskData]:
    """``n_train`` then ``n_val`` sequences drawn from one generator seeded by ``cfg.seed``.

    Val comes later in the same stream, so it never shares draws with train; with 20^10 possible
    sequences a repeat between the splits is vanishingly rare and not removed.
    """
    generator = torch.Generator().manual_seed(cfg.seed)
    train = build_sequences(*copy_examples(cfg, cfg.n_train, generator))
    val = build_sequences(*copy_examples(cfg, cfg.n_val, generator))
    return {"train": train, "val": val}


# --- by task name -------------------------------------------------------------------------------


def _check_task(name: str, cfg: TaskConfig) -> None:
    expected = {"modular_arithmetic": ModularArithmeticConfig, "copy": CopyConfig}
    if name not in expected:
        raise ValueError(f"unknown task {name!r}; expected one of {sorted(expected)}")
    if not isinstance(cfg, expected[name]):
        raise ValueError(f"task {name!r} needs a {expected[name].__name__}, got {type(cfg).__name__}")


def make_task(name: str, cfg: TaskConfig) -> dict[str, TaskData]:
    """The ``train`` and ``val`` splits of task ``name``."""
    _check_task(name, cfg)
    return make_modular_arithmetic(cfg) if name == "modular_arithmetic" else make_copy(cfg)


def task_vocab_size(name: str, cfg: TaskConfig) -> int:
    """Tokens the model must embed: p residues + `+` + `=`, or the content tokens + SEP."""
    _check_task(name, cfg)
    return cfg.p + 2 if name == "modular_arithmetic" else cfg.vocab_size + 1


def task_seq_len(name: str, cfg: TaskConfig) -> int:
    """Length T of the input sequences (prompt + answer - 1)."""
    _check_task(name, cfg)
    return 4 if name == "modular_arithmetic" else 2 * cfg.seq_len


def sized_for_task(model_cfg: TransformerConfig, name: str, cfg: TaskConfig) -> TransformerConfig:
    """``model_cfg`` with ``vocab_size`` and ``max_len`` set from the task (they never come from the config file)."""
    return replace(model_cfg, vocab_size=task_vocab_size(name, cfg), max_len=task_seq_len(name, cfg))


def chance_accuracy(name: str, cfg: TaskConfig) -> float:
    """Per-position accuracy of guessing uniformly among the possible answers (1/p or 1/vocab_size)."""
    _check_task(name, cfg)
    return 1.0 / (cfg.p if name == "modular_arithmetic" else cfg.vocab_size)


def activation_inputs(name: str, cfg: TaskConfig, act_cfg: ActivationConfig) -> TaskData:
    """Sequences whose scored positions give the activation vectors for the SAEs.

    Modular arithmetic has a finite input set, so it is all p² pairs in a fixed a-major order
    (fewer than ``n_vectors`` when p² is smaller). Copy gets ceil(n_vectors / seq_len) fresh
    sequences from ``act_cfg.seed``, each giving seq_len vectors.
    """
    _check_task(name, cfg)
    if name == "modular_arithmetic":
        return build_sequences(*modular_arithmetic_examples(cfg.p, *_all_pairs(cfg.p)))
    n = math.ceil(act_cfg.n_vectors / cfg.seq_len)
    return build_sequences(*copy_examples(cfg, n, torch.Generator().manual_seed(act_cfg.seed)))
