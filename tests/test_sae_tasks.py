"""Toy tasks, transformer and trainer of the `sae_stability` study.

The first tests guard the label leak of the original code: the token a position is scored on must
never be among the inputs at or before that position.
"""
from __future__ import annotations

import pytest
import torch

from mlsweeps.sae_stability.config import ActivationConfig, CopyConfig, ModularArithmeticConfig, TrainConfig, TransformerConfig
from mlsweeps.sae_stability.model import TinyTransformer
from mlsweeps.sae_stability.tasks import (
    activation_inputs,
    build_sequences,
    chance_accuracy,
    copy_examples,
    make_copy,
    make_modular_arithmetic,
    make_task,
    modular_arithmetic_examples,
    sized_for_task,
    task_seq_len,
    task_vocab_size,
)
from mlsweeps.sae_stability.train import collect_activations, evaluate, fit, heldout_rows, learning_rate, untrained

MOD = ModularArithmeticConfig(p=11, train_fraction=0.4, seed=3)
COPY = CopyConfig(seq_len=5, vocab_size=7, n_train=64, n_val=16, seed=3)
TASKS = [("modular_arithmetic", MOD), ("copy", COPY)]


def _examples(name, cfg, n, seed):
    """Prompts (n, P) and answers (n, A) of random examples of task ``name``."""
    g = torch.Generator().manual_seed(seed)
    if name == "modular_arithmetic":
        a, b = torch.randint(cfg.p, (2, n), generator=g)
        return modular_arithmetic_examples(cfg.p, a, b)
    return copy_examples(cfg, n, g)


def _tiny_model(name, cfg, seed=0, **overrides):
    torch.manual_seed(seed)
    model_cfg = TransformerConfig(**{"n_layers": 2, "d_model": 16, "n_heads": 2, "d_mlp": 32, **overrides})
    return TinyTransformer(sized_for_task(model_cfg, name, cfg)).eval()


# --- (a) the leak test ----------------------------------------------------------------------


@pytest.mark.parametrize("name,cfg", TASKS)
def test_answer_token_never_reaches_the_input_at_or_before_its_scored_position(name, cfg):
    prompts, answers = _examples(name, cfg, n=50, seed=1)
    data = build_sequences(prompts, answers)
    n_prompt, n_answer = prompts.shape[1], answers.shape[1]
    g = torch.Generator().manual_seed(2)
    for j in range(n_answer):
        pos = n_prompt - 1 + j
        assert data.loss_mask[:, pos].all()
        assert torch.equal(data.targets[:, pos], answers[:, j])
        # A different answer token j (always different: shift by 1..vocab-1 within the answer range).
        n_values = cfg.p if name == "modular_arithmetic" else cfg.vocab_size
        perturbed = answers.clone()
        perturbed[:, j] = (answers[:, j] + torch.randint(1, n_values, (answers.shape[0],), generator=g)) % n_values
        other = build_sequences(prompts, perturbed)
        assert not torch.equal(other.targets[:, pos], data.targets[:, pos])
        # Everything the model reads up to and including the scored position is unchanged.
        assert torch.equal(other.inputs[:, : pos + 1], data.inputs[:, : pos + 1])


@pytest.mark.parametrize("name,cfg", TASKS)
def test_loss_mask_marks_exactly_the_answer_positions(name, cfg):
    prompts, answers = _examples(name, cfg, n=8, seed=4)
    data = build_sequences(prompts, answers)
    n_prompt, n_answer = prompts.shape[1], answers.shape[1]
    assert data.inputs.shape == data.targets.shape == data.loss_mask.shape == (8, n_prompt + n_answer - 1)
    assert data.inputs.shape[1] == task_seq_len(name, cfg)
    expected = torch.zeros(n_prompt + n_answer - 1, dtype=torch.bool)
    expected[n_prompt - 1 :] = True
    assert torch.equal(data.loss_mask, expected.expand(8, -1))
    assert torch.equal(data.targets[:, :-1], data.inputs[:, 1:])  # next-token shift


def test_modular_arithmetic_inputs_never_contain_the_answer():
    for split in make_modular_arithmetic(MOD).values():
        assert split.inputs.shape[1] == 4
        plus, eq = MOD.p, MOD.p + 1
        assert (split.inputs[:, 1] == plus).all() and (split.inputs[:, 3] == eq).all()
        # The only scored position is the `=`; its input row is [a, +, b, =], with no answer column.
        assert torch.equal(split.loss_mask.nonzero()[:, 1].unique(), torch.tensor([3]))
        assert (split.inputs < MOD.p + 2).all()


# --- (b, c) the tasks are what they say ----------------------------------------------------------


def test_modular_arithmetic_splits_partition_all_pairs_with_correct_targets():
    splits = make_modular_arithmetic(MOD)
    train, val = splits["train"], splits["val"]
    assert train.inputs.shape[0] == round(MOD.train_fraction * MOD.p**2)
    pairs = [tuple(row) for split in (train, val) for row in split.inputs[:, [0, 2]].tolist()]
    assert len(pairs) == len(set(pairs)) == MOD.p**2
    assert set(pairs) == {(a, b) for a in range(MOD.p) for b in range(MOD.p)}
    for split in (train, val):
        a, b = split.inputs[:, 0], split.inputs[:, 2]
        assert torch.equal(split.targets[:, 3], (a + b) % MOD.p)
    assert chance_accuracy("modular_arithmetic", MOD) == pytest.approx(1 / MOD.p)
    assert task_vocab_size("modular_arithmetic", MOD) == MOD.p + 2


def test_copy_targets_at_scored_positions_are_the_source_sequence():
    for split, n in ((make_copy(COPY)["train"], COPY.n_train), (make_copy(COPY)["val"], COPY.n_val)):
        L = COPY.seq_len
        assert split.inputs.shape == (n, 2 * L)
        source = split.inputs[:, :L]
        assert (source < COPY.vocab_size).all()
        assert (split.inputs[:, L] == COPY.vocab_size).all()  # SEP
        scored = split.targets[split.loss_mask].view(n, L)  # (n, L) in row-major order
        assert torch.equal(scored, source)
    assert task_vocab_size("copy", COPY) == COPY.vocab_size + 1
    assert chance_accuracy("copy", COPY) == pytest.approx(1 / COPY.vocab_size)


def test_copy_val_differs_from_train():
    splits = make_copy(COPY)
    assert not torch.equal(splits["train"].inputs[: COPY.n_val], splits["val"].inputs)


def test_activation_inputs():
    act = ActivationConfig(n_vectors=23, seed=5)
    mod = activation_inputs("modular_arithmetic", MOD, act)
    assert mod.inputs.shape[0] == MOD.p**2
    assert mod.inputs[:, [0, 2]].tolist()[: MOD.p + 1] == [[0, b] for b in range(MOD.p)] + [[1, 0]]  # a-major
    cp = activation_inputs("copy", COPY, act)
    assert cp.inputs.shape[0] == 5  # ceil(23 / 5)
    assert torch.equal(cp.inputs, activation_inputs("copy", COPY, act).inputs)


def test_unknown_task_and_wrong_config_are_rejected():
    with pytest.raises(ValueError, match="unknown task 'sort'"):
        make_task("sort", COPY)
    with pytest.raises(ValueError, match="needs a ModularArithmeticConfig"):
        make_task("modular_arithmetic", COPY)


# --- (d) determinism -----------------------------------------------------------------------------


@pytest.mark.parametrize("name,cfg", TASKS)
def test_tasks_are_deterministic_from_their_seed(name, cfg):
    first, second = make_task(name, cfg), make_task(name, cfg)
    for split in ("train", "val"):
        for x, y in zip(first[split], second[split]):
            assert torch.equal(x, y)
    other = make_task(name, type(cfg)(**{**cfg.__dict__, "seed": cfg.seed + 1}))
    assert not torch.equal(first["train"].inputs, other["train"].inputs)


def test_fit_is_deterministic_from_its_seed():
    data = make_copy(COPY)
    model_cfg = sized_for_task(TransformerConfig(n_layers=1, d_model=16, n_heads=2, d_mlp=32), "copy", COPY)
    train_cfg = TrainConfig(epochs=2, batch_size=16, eval_every=1, seed=7)
    a = fit(model_cfg, train_cfg, data, device="cpu")
    b = fit(model_cfg, train_cfg, data, device="cpu")
    for pa, pb in zip(a.model.parameters(), b.model.parameters()):
        assert torch.equal(pa, pb)
    assert [h["train_loss"] for h in a.history] == [h["train_loss"] for h in b.history]
    assert len(a.history) == 2 and a.final["steps"] == 2 * 4


# --- (e, f) the model ----------------------------------------------------------------------------


@pytest.mark.parametrize("name,cfg", TASKS)
def test_residual_stream_of_last_layer_feeds_the_head(name, cfg):
    model = _tiny_model(name, cfg)
    inputs = make_task(name, cfg)["val"].inputs
    with torch.no_grad():
        resid = model.residual_stream(inputs, layer=-1)
        assert torch.allclose(model.head(model.ln_f(resid)), model(inputs), atol=1e-6)
        assert torch.equal(model.residual_stream(inputs, layer=1), resid)
        # Layer 0 stops after the first block: it differs from the last layer's stream.
        assert not torch.allclose(model.residual_stream(inputs, layer=0), resid)
    with pytest.raises(ValueError, match="layer must be in"):
        model.residual_stream(inputs, layer=2)


@pytest.mark.parametrize("layer", [0, -1])
def test_model_is_causal(layer):
    model = _tiny_model("copy", COPY)
    inputs = make_copy(COPY)["val"].inputs
    changed = inputs.clone()
    t = 6
    changed[:, t] = (changed[:, t] + 1) % COPY.vocab_size
    with torch.no_grad():
        before, after = model.residual_stream(inputs, layer), model.residual_stream(changed, layer)
    assert torch.equal(before[:, :t], after[:, :t])
    assert not torch.allclose(before[:, t:], after[:, t:])


def test_collect_activations_reads_scored_positions_in_order():
    model = _tiny_model("copy", COPY)
    data = activation_inputs("copy", COPY, ActivationConfig(n_vectors=23))
    acts, labels = collect_activations(model, data, layer=-1, n_vectors=23, batch_size=2, device="cpu")
    assert acts.shape == (23, 16) and acts.dtype == torch.float32
    with torch.no_grad():
        resid = model.residual_stream(data.inputs, -1)  # (N, T, C)
    expected = resid[:, COPY.seq_len :].reshape(-1, 16)[:23]  # scored positions are the last L
    assert torch.allclose(acts, expected, atol=1e-6)
    # each vector's label is the answer token predicted there: the copied sequence itself
    assert torch.equal(labels, data.inputs[:, : COPY.seq_len].reshape(-1)[:23])


def test_heldout_rows_hold_out_whole_sequences():
    held = heldout_rows(23, 5, 0.4, seed=0)  # 5 groups, the last one cut short
    assert held.shape == (23,) and held.dtype == torch.bool
    by_group = [held[i : i + 5] for i in range(0, 23, 5)]
    assert all(bool(g.all()) or not bool(g.any()) for g in by_group)  # a sequence is never split
    assert sum(bool(g[0]) for g in by_group) == 2  # 0.4 of 5 sequences
    assert torch.equal(held, heldout_rows(23, 5, 0.4, seed=0)) and not torch.equal(held, heldout_rows(23, 5, 0.4, seed=3))
    assert heldout_rows(2, 1, 0.01, seed=0).sum() == 1 and heldout_rows(2, 1, 0.99, seed=0).sum() == 1  # one on each side
    with pytest.raises(ValueError, match="make 1 group"):
        heldout_rows(5, 5, 0.5, seed=0)


def test_untrained_transformer_is_the_initialisation_fit_starts_from():
    data = make_copy(COPY)
    model_cfg = sized_for_task(TransformerConfig(n_layers=1, d_model=16, n_heads=2, d_mlp=32), "copy", COPY)
    start = untrained(model_cfg, TrainConfig(epochs=1, batch_size=16, seed=7), data, device="cpu")
    assert start.history == [] and start.final["epochs"] == start.final["steps"] == 0
    trained = fit(model_cfg, TrainConfig(epochs=1, batch_size=16, lr=1e-30, warmup_steps=0, weight_decay=0.0, seed=7), data, device="cpu")
    for a, b in zip(start.model.parameters(), trained.model.parameters()):
        torch.testing.assert_close(a, b)  # a vanishing learning rate leaves fit's start in place
    assert start.final["val_loss"] == pytest.approx(trained.final["val_loss"], rel=1e-5)


def test_lr_warms_up_linearly_then_stays_constant():
    cfg = TrainConfig(lr=1e-3, warmup_steps=4)
    assert [learning_rate(s, cfg) for s in range(6)] == pytest.approx([2.5e-4, 5e-4, 7.5e-4, 1e-3, 1e-3, 1e-3])
    assert learning_rate(0, TrainConfig(lr=1e-3, warmup_steps=0)) == 1e-3


def test_evaluate_on_a_perfect_predictor():
    data = make_copy(COPY)["val"]

    class Oracle(torch.nn.Module):
        """Puts all mass on the true target, except at one scored position of sequence 0."""

        def forward(self, inputs):
            logits = torch.full((*data.targets.shape, COPY.vocab_size + 1), -1e4)
            logits.scatter_(2, data.targets.unsqueeze(-1), 0.0)
            logits[0, COPY.seq_len, :] = 0.0  # uniform there: argmax picks token 0
            logits[0, COPY.seq_len, (data.targets[0, COPY.seq_len] + 1) % COPY.vocab_size] = 1.0  # wrong
            return logits

    result = evaluate(Oracle(), data, batch_size=len(data.inputs), device="cpu")
    n_scored = COPY.n_val * COPY.seq_len
    assert result.accuracy == pytest.approx(1 - 1 / n_scored)
    assert result.sequence_accuracy == pytest.approx(1 - 1 / COPY.n_val)


# --- (g) it learns -------------------------------------------------------------------------------


def test_short_fit_on_copy_beats_chance():
    # About 2 s on one idle core; it reaches 100 % from epoch 4 on, so 0.8 leaves a wide margin.
    task = CopyConfig(seq_len=4, vocab_size=6, n_train=512, n_val=256, seed=0)
    model_cfg = sized_for_task(TransformerConfig(n_layers=2, d_model=32, n_heads=2, d_mlp=64), "copy", task)
    train_cfg = TrainConfig(epochs=8, batch_size=64, lr=3e-3, weight_decay=0.01, warmup_steps=10, eval_every=4)
    result = fit(model_cfg, train_cfg, make_copy(task), device="cpu")
    assert result.final["val_accuracy"] > 0.8 > 4 * chance_accuracy("copy", task)
    assert result.history[-1]["val_accuracy"] == result.final["val_accuracy"]
    assert set(result.final) >= {"train_loss", "train_accuracy", "val_loss", "val_accuracy", "val_sequence_accuracy", "n_params", "wall_seconds"}
