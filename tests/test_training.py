"""The shared training pieces: schedule shapes (and bit-identity with the four schedules they replace),
AdamW parameter groups, float32 steps for low-precision models, padding and the token loss."""
from __future__ import annotations

import copy
import dataclasses
import glob
import math
from pathlib import Path
from types import SimpleNamespace

import pytest
import torch
import torch.nn.functional as F
import yaml
from torch import nn

from mlsweeps.base_lm.config import PretrainConfig
from mlsweeps.base_lm.pretrain import MIN_LR_FRACTION
from mlsweeps.distill.config import TrainConfig as DistillTrainConfig
from mlsweeps.sae_stability.config import TrainConfig as SaeTrainConfig
from mlsweeps.task_vectors.config import FinetuneConfig
from mlsweeps.training import adamw, float32_trainable, lr_at, next_token_nll, pad_batch, pad_token_id, set_lr

ROOT = Path(__file__).resolve().parents[1]


# ---------------------------------------------------------------- lr_at: shapes on hand-checked values


def test_constant_warms_up_linearly_then_holds():
    assert [lr_at(s, lr=1e-3, warmup_steps=4) for s in range(6)] == pytest.approx([2.5e-4, 5e-4, 7.5e-4, 1e-3, 1e-3, 1e-3])
    assert lr_at(0, lr=1e-3, warmup_steps=0) == 1e-3


def test_linear_falls_to_the_final_fraction_at_total_steps_and_stays():
    assert [lr_at(s, lr=1.0, warmup_steps=2, total_steps=6, decay="linear") for s in range(8)] == [0.5, 1.0, 1.0, 0.75, 0.5, 0.25, 0.0, 0.0]
    assert [lr_at(s, lr=1.0, warmup_steps=0, total_steps=4, decay="linear", final_fraction=0.2) for s in range(5)] == pytest.approx([1.0, 0.8, 0.6, 0.4, 0.2])


def test_cosine_falls_along_half_a_cosine_to_the_final_fraction():
    to_zero = [lr_at(s, lr=1.0, warmup_steps=2, total_steps=6, decay="cosine") for s in range(8)]
    half = 0.5 * (1 + math.cos(math.pi / 4))  # a quarter of the way down
    assert to_zero == pytest.approx([0.5, 1.0, 1.0, half, 0.5, 1 - half, 0.0, 0.0])
    # base_lm's: to 10 % of lr, half way down at the middle of the decay
    assert [lr_at(s, lr=1e-3, warmup_steps=10, total_steps=100, decay="cosine", final_fraction=0.1) for s in (0, 9, 10, 55, 100, 150)] == pytest.approx(
        [1e-4, 1e-3, 1e-3, 5.5e-4, 1e-4, 1e-4])


def test_unknown_decay_is_named():
    with pytest.raises(ValueError, match="decay must be one of .* got 'step'"):
        lr_at(5, lr=1.0, warmup_steps=0, total_steps=10, decay="step")


def test_set_lr_sets_every_group():
    optimizer = torch.optim.AdamW([{"params": [nn.Parameter(torch.ones(2, 2))]}, {"params": [nn.Parameter(torch.ones(2))]}], lr=1.0)
    set_lr(optimizer, 0.25)
    assert [g["lr"] for g in optimizer.param_groups] == [0.25, 0.25]


# ---------------------------------------------------------------- lr_at: bit for bit what each study computed before
# The four schedules as the studies wrote them before they shared lr_at, evaluation order included.


def _old_base_lm(step, cfg):
    if step < cfg.warmup_steps:
        return cfg.lr * (step + 1) / cfg.warmup_steps
    done = min(1.0, (step - cfg.warmup_steps) / max(1, cfg.steps - cfg.warmup_steps))
    return cfg.lr * (MIN_LR_FRACTION + (1 - MIN_LR_FRACTION) * 0.5 * (1 + math.cos(math.pi * done)))


def _old_task_vectors(step, total_steps, cfg):
    if step < cfg.warmup_steps:
        return cfg.lr * (step + 1) / cfg.warmup_steps
    return cfg.lr * max(0.0, (total_steps - step) / max(total_steps - cfg.warmup_steps, 1))


def _old_sae_stability(step, cfg):
    if step < cfg.warmup_steps:
        return cfg.lr * (step + 1) / cfg.warmup_steps
    return cfg.lr


def _old_distill(step, cfg, lr):
    if step < cfg.warmup_steps:
        return lr * (step + 1) / cfg.warmup_steps
    done = (step - cfg.warmup_steps) / max(cfg.steps - cfg.warmup_steps, 1)
    return lr * 0.5 * (1 + math.cos(math.pi * done))


def _configured(cls, study: str, section: str) -> list:
    """``cls`` with its defaults, and as set in config.yaml and every file under configs/."""
    found = [cls()]
    for path in [ROOT / "config.yaml", *sorted(glob.glob(str(ROOT / "configs" / "**" / "*.yaml"), recursive=True))]:
        values = ((yaml.safe_load(Path(path).read_text()) or {}).get(study) or {}).get(section) or {}
        known = {f.name for f in dataclasses.fields(cls)}
        found.append(cls(**{k: v for k, v in values.items() if k in known}))
    return found


def test_lr_at_reproduces_every_old_schedule_bit_for_bit_over_every_configured_run():
    for cfg in _configured(PretrainConfig, "base_lm", "pretrain"):
        new = [lr_at(s, lr=cfg.lr, warmup_steps=cfg.warmup_steps, total_steps=cfg.steps, decay="cosine", final_fraction=MIN_LR_FRACTION)
               for s in range(cfg.steps + 1)]
        assert new == [_old_base_lm(s, cfg) for s in range(cfg.steps + 1)], cfg
    for cfg in _configured(DistillTrainConfig, "distill", "train"):
        for lr in cfg.lrs:  # every point of the learning-rate grid
            new = [lr_at(s, lr=lr, warmup_steps=cfg.warmup_steps, total_steps=cfg.steps, decay="cosine") for s in range(cfg.steps)]
            assert new == [_old_distill(s, cfg, lr) for s in range(cfg.steps)], cfg
    for cfg in _configured(SaeTrainConfig, "sae_stability", "train"):
        assert [lr_at(s, lr=cfg.lr, warmup_steps=cfg.warmup_steps) for s in range(2000)] == [_old_sae_stability(s, cfg) for s in range(2000)], cfg
    # Fine-tuning's step count follows from the number of texts: every total up to 300 steps.
    for cfg in {dataclasses.replace(c, warmup_steps=w) for c in _configured(FinetuneConfig, "task_vectors", "finetune") for w in {c.warmup_steps, 0, 3}}:
        for total in range(1, 301):
            new = [lr_at(s, lr=cfg.lr, warmup_steps=cfg.warmup_steps, total_steps=total, decay="linear") for s in range(total)]
            assert new == [_old_task_vectors(s, total, cfg) for s in range(total)], (cfg, total)


# ---------------------------------------------------------------- adamw


class _Net(nn.Module):
    """An embedding, a linear layer with bias, a norm gain and a frozen matrix."""

    def __init__(self):
        super().__init__()
        torch.manual_seed(0)
        self.embed = nn.Embedding(5, 4)
        self.linear = nn.Linear(4, 3)
        self.norm = nn.LayerNorm(3, bias=False)
        self.frozen = nn.Parameter(torch.ones(2, 2), requires_grad=False)


def test_adamw_decays_matrices_only_and_skips_frozen_parameters():
    net = _Net()
    optimizer = adamw(net, lr=0.1, weight_decay=0.5, betas=(0.8, 0.9), eps=1e-6)
    decayed, kept = optimizer.param_groups
    assert decayed["params"] == [net.embed.weight, net.linear.weight] and decayed["weight_decay"] == 0.5
    assert kept["params"] == [net.linear.bias, net.norm.weight] and kept["weight_decay"] == 0.0
    assert all(g["betas"] == (0.8, 0.9) and g["eps"] == 1e-6 and g["lr"] == 0.1 and not g["fused"] for g in optimizer.param_groups)


def test_adamw_without_decay_is_one_group_and_empty_groups_are_dropped():
    net = _Net()
    (group,) = adamw(net, lr=0.1, weight_decay=0.0, fused=True).param_groups
    assert group["params"] == [net.embed.weight, net.linear.weight, net.linear.bias, net.norm.weight] and group["fused"]
    matrices = nn.Linear(3, 3, bias=False)
    (group,) = adamw(matrices, lr=0.1, weight_decay=0.01).param_groups
    assert group["params"] == [matrices.weight] and group["weight_decay"] == 0.01


def _old_optimizers(net: _Net) -> dict[str, torch.optim.Optimizer]:
    """Each trainer's optimizer as it was built before ``adamw``: (name -> optimizer over ``net``)."""
    params = [p for p in net.parameters() if p.requires_grad]

    def split(weight_decay):
        return [{"params": [p for p in params if p.ndim >= 2], "weight_decay": weight_decay}, {"params": [p for p in params if p.ndim < 2], "weight_decay": 0.0}]

    return {
        "base_lm": torch.optim.AdamW(split(0.1), lr=2e-3, betas=(0.9, 0.95)),
        "task_vectors": torch.optim.AdamW(split(0.0), lr=1e-3),
        "sae_stability transformer": torch.optim.AdamW(split(1.0), lr=1e-3, betas=(0.9, 0.98)),
        "distill": torch.optim.AdamW(params, lr=8e-3, weight_decay=0.01),
        "sae": torch.optim.Adam(params, lr=2e-4, fused=True),
    }


def _new_optimizers(net: _Net) -> dict[str, torch.optim.Optimizer]:
    """The same trainers' optimizers as they call ``adamw`` now."""
    return {
        "base_lm": adamw(net, lr=2e-3, weight_decay=0.1, betas=(0.9, 0.95)),
        "task_vectors": adamw(net, lr=1e-3, weight_decay=0.0),
        "sae_stability transformer": adamw(net, lr=1e-3, weight_decay=1.0, betas=(0.9, 0.98)),
        "distill": adamw(net, lr=8e-3, weight_decay=0.01),
        "sae": adamw(net, lr=2e-4, weight_decay=0.0, fused=True),
    }


def test_adamw_steps_every_trainer_exactly_as_its_old_optimizer_did():
    """Same gradients and learning rates for 20 steps: the weights agree bit for bit."""
    for name in ("base_lm", "task_vectors", "sae_stability transformer", "distill", "sae"):
        old_net, new_net = _Net(), _Net()
        if name == "distill":  # LoRA trains matrices only (distill's old single group decayed everything it trained)
            for net in (old_net, new_net):
                net.linear.bias.requires_grad_(False)
                net.norm.weight.requires_grad_(False)
        old, new = _old_optimizers(old_net)[name], _new_optimizers(new_net)[name]
        generator = torch.Generator().manual_seed(1)
        for step in range(20):
            for net, optimizer in ((old_net, old), (new_net, new)):
                set_lr(optimizer, lr_at(step, lr=optimizer.defaults["lr"], warmup_steps=3, total_steps=20, decay="cosine"))
            for p, q in zip(old_net.parameters(), new_net.parameters()):
                if p.requires_grad:
                    p.grad = torch.randn(p.shape, generator=generator)
                    q.grad = p.grad.clone()
            old.step()
            new.step()
        assert all(torch.equal(p, q) for p, q in zip(old_net.parameters(), new_net.parameters())), name


# ---------------------------------------------------------------- float32 steps for low-precision models


def test_a_small_update_to_a_bfloat16_model_is_not_lost():
    """bf16(0.04) has a spacing of 2^-12 ≈ 2.4e-4: AdamW's first step (size lr = 1e-4) rounds away on bf16 weights."""
    layer = nn.Linear(1, 1, bias=False).to(torch.bfloat16)
    with torch.no_grad():
        layer.weight.fill_(0.04)
    initial = layer.weight.detach().clone()
    assert initial + 1e-4 == initial

    naive = copy.deepcopy(layer)
    naive_optimizer = torch.optim.AdamW(naive.parameters(), lr=1e-4, weight_decay=0.0)  # steps the bf16 weights
    optimizer = adamw(layer, lr=1e-4, weight_decay=0.0)  # casts them to float32 first
    for model, opt in ((naive, naive_optimizer), (layer, optimizer)):
        model.weight.sum().backward()  # gradient 1: the first Adam step moves the weight by lr
        opt.step()

    assert naive.weight.dtype == torch.bfloat16 and torch.equal(naive.weight, initial)  # the update is lost
    assert layer.weight.dtype == torch.float32 and layer.weight.item() == pytest.approx(initial.item() - 1e-4, abs=1e-8)


def test_float32_trainable_leaves_frozen_parameters_and_tied_weights_alone():
    net = _Net().to(torch.bfloat16)
    net.norm.weight.requires_grad_(False)
    net.tied = net.linear  # the same module (and parameters) under a second name
    params = float32_trainable(net)
    assert [p.dtype for p in params] == [torch.float32] * 3 and net.embed.weight in params
    assert net.norm.weight.dtype == torch.bfloat16 and net.frozen.dtype == torch.bfloat16
    assert net.tied.weight is net.linear.weight and net.tied.weight.dtype == torch.float32


# ---------------------------------------------------------------- padding and the token loss


def test_pad_token_id_prefers_pad_then_eos_then_zero():
    assert pad_token_id(SimpleNamespace(pad_token_id=3, eos_token_id=7)) == 3
    assert pad_token_id(SimpleNamespace(pad_token_id=None, eos_token_id=7)) == 7
    assert pad_token_id(SimpleNamespace(pad_token_id=None, eos_token_id=None)) == 0


def test_pad_batch_pads_on_the_right():
    batch = pad_batch([[5, 6, 7], [8]], pad_id=0)
    assert batch.input_ids.tolist() == [[5, 6, 7], [8, 0, 0]] and batch.attention_mask.tolist() == [[1, 1, 1], [1, 0, 0]]
    assert batch.input_ids.dtype == batch.attention_mask.dtype == torch.long


class _Bigram(nn.Module):
    """Logits from the current token alone; takes the keywords a causal LM takes."""

    def __init__(self, vocab: int = 9):
        super().__init__()
        torch.manual_seed(0)
        self.table = nn.Embedding(vocab, vocab)

    def forward(self, input_ids, attention_mask=None, use_cache=None):
        return SimpleNamespace(logits=self.table(input_ids))


def test_next_token_nll_scores_real_targets_only():
    model, batch = _Bigram(), pad_batch([[1, 2, 3, 4], [5, 6]], pad_id=0)
    nll = next_token_nll(model, batch.input_ids, batch.attention_mask)
    expected = [-F.log_softmax(model.table.weight[a], -1)[b] for a, b in ((1, 2), (2, 3), (3, 4), (5, 6))]
    assert nll.shape == (4,) and nll.dtype == torch.float32 and torch.allclose(nll, torch.stack(expected))
    # without a mask every prediction counts; a full mask is the same
    full = torch.tensor([[1, 2, 3], [4, 5, 6]])
    assert torch.equal(next_token_nll(model, full), next_token_nll(model, full, torch.ones_like(full)))
    assert torch.allclose(next_token_nll(model, full, reduction="sum"), next_token_nll(model, full).sum())
