"""Invariants of the TopK SAE and its trainer, on small random data (each test well under 5 s)."""
from __future__ import annotations

import pytest
import torch

from mlsweeps.sae_stability import sae as sae_module
from mlsweeps.sae_stability.config import SaeConfig
from mlsweeps.sae_stability.metrics import dead_fraction, explained_variance
from mlsweeps.sae_stability.sae import (
    ForwardOutput,
    SaeMetrics,
    TopKSAE,
    default_lr,
    epoch_order,
    evaluate_sae,
    fire_counts,
    latent_activations,
    sae_at_start,
    train_sae,
    train_step,
)

D_MODEL, D_SAE, K = 16, 64, 4
CPU = torch.device("cpu")


@pytest.fixture(autouse=True)
def deterministic_algorithms():
    """Run every test as the rule scripts do (seed_everything turns this on), then restore."""
    previous = torch.are_deterministic_algorithms_enabled()
    torch.use_deterministic_algorithms(True)
    yield
    torch.use_deterministic_algorithms(previous)


@pytest.fixture
def data() -> torch.Tensor:
    return torch.randn(512, D_MODEL, generator=torch.Generator().manual_seed(0)) + 0.5  # (N, d_model), off-centre


def make_sae(seed: int = 0) -> TopKSAE:
    return TopKSAE(D_MODEL, D_SAE, K, generator=torch.Generator().manual_seed(seed))


def run_steps(sae: TopKSAE, data: torch.Tensor, n_steps: int = 10, dead_mask: torch.Tensor | None = None) -> ForwardOutput:
    sae.init_decoder_bias(data)
    optimizer = torch.optim.Adam(sae.parameters(), lr=1e-2)  # large so that a few steps move far
    dead_mask = torch.zeros(D_SAE, dtype=torch.bool) if dead_mask is None else dead_mask
    for step in range(n_steps):
        out = train_step(sae, optimizer, data[step * 32:(step + 1) * 32], dead_mask=dead_mask, auxk_k=8, auxk_coef=1 / 32)
    return out


def small_config(**overrides) -> SaeConfig:
    return SaeConfig(**{"expansion": 4, "k": 4, "epochs": 2, "batch_size": 64, **overrides})


# --- the module ---------------------------------------------------------------------------------


def test_initialisation_ties_encoder_to_decoder():
    sae = make_sae()
    assert sae.W_enc.shape == sae.W_dec.shape == (D_SAE, D_MODEL)
    assert torch.equal(sae.W_enc, sae.W_dec)
    torch.testing.assert_close(sae.W_dec.norm(dim=1), torch.ones(D_SAE))
    assert torch.count_nonzero(sae.b_enc) == 0 and torch.count_nonzero(sae.b_dec) == 0
    scaled = TopKSAE(D_MODEL, D_SAE, K, generator=torch.Generator().manual_seed(0), encoder_init_scale=0.5)
    assert torch.equal(scaled.W_dec, sae.W_dec) and torch.equal(scaled.W_enc, 0.5 * sae.W_dec)
    with pytest.raises(ValueError, match=r"sae_stability.sae.encoder_init_scale = 0: must be > 0"):
        SaeConfig(encoder_init_scale=0)


def test_init_decoder_bias_is_the_sample_mean(data):
    sae = make_sae()
    sae.init_decoder_bias(data)
    torch.testing.assert_close(sae.b_dec.detach(), data.mean(dim=0))


def test_bad_sizes_are_rejected():
    with pytest.raises(ValueError, match=r"k must be in \[1, d_sae=8\], got 9"):
        TopKSAE(4, 8, 9)


def test_decoder_rows_stay_unit_norm_after_training(data):
    sae = make_sae()
    run_steps(sae, data)
    torch.testing.assert_close(sae.W_dec.detach().norm(dim=1), torch.ones(D_SAE), atol=1e-5, rtol=0)
    assert not torch.equal(sae.W_enc, sae.W_dec)  # the steps did move the weights


def test_exactly_k_distinct_latents_are_selected(data):
    sae = make_sae()
    run_steps(sae, data)
    with torch.no_grad():
        top_values, top_indices, pre_acts = sae.encode(data)
    assert top_indices.shape == (len(data), K) and top_values.shape == (len(data), K)
    assert (top_indices.sort(dim=1).values.diff(dim=1) > 0).all()  # distinct within each row
    # the selected latents are the k largest pre-activations, before the ReLU
    selected = pre_acts.gather(1, top_indices)  # (B, k)
    others = pre_acts.scatter(1, top_indices, float("-inf"))  # (B, d_sae)
    assert (selected.min(dim=1).values >= others.max(dim=1).values).all()
    torch.testing.assert_close(top_values, selected.clamp_min(0))
    metrics = evaluate_sae(sae, data)
    assert 0 < metrics.l0 <= K


def test_decode_matches_a_dense_reconstruction(data):
    sae = make_sae()
    run_steps(sae, data)
    with torch.no_grad():
        top_values, top_indices, _ = sae.encode(data)
        dense = torch.zeros(len(data), D_SAE).scatter(1, top_indices, top_values)  # (B, d_sae)
        torch.testing.assert_close(sae.decode(top_values, top_indices), dense @ sae.W_dec + sae.b_dec)


def test_gradient_parallel_to_decoder_rows_is_removed(data):
    sae = make_sae()
    sae.init_decoder_bias(data)
    sae(data).loss.backward()
    row_dot = lambda: (sae.W_dec.grad * sae.W_dec).sum(dim=1)  # noqa: E731  (d_sae,)
    assert row_dot().abs().max() > 1e-4  # there was something to remove
    sae.remove_gradient_parallel_to_decoder()
    torch.testing.assert_close(row_dot(), torch.zeros(D_SAE), atol=1e-6, rtol=0)


def test_fvu_and_reconstruction_agree_with_explained_variance(data):
    sae = make_sae()
    run_steps(sae, data)
    with torch.no_grad():
        out = sae(data)
    assert out.fvu.item() == pytest.approx(1 - explained_variance(data, out.reconstruction), rel=1e-4)
    assert out.auxk_loss.item() == 0.0 and out.loss.item() == pytest.approx(out.fvu.item())
    assert out.sse.item() == pytest.approx((data - out.reconstruction).pow(2).sum().item(), rel=1e-5)
    metrics = evaluate_sae(sae, data, batch_size=100)  # batched sums equal the one-batch value
    assert isinstance(metrics, SaeMetrics)
    assert metrics.explained_variance == pytest.approx(1 - out.fvu.item(), rel=1e-4)
    assert metrics.mse == pytest.approx((data - out.reconstruction).pow(2).mean().item(), rel=1e-4)


def never_firing(sae: TopKSAE, latent: int) -> TopKSAE:
    with torch.no_grad():
        sae.W_enc[latent] = 0.0
        sae.b_enc[latent] = -1e6  # pre-activation -1e6 for every input: never among the top k
    return sae


def test_latent_that_never_fires_counts_as_dead(data):
    sae = never_firing(make_sae(), latent=3)
    sae.init_decoder_bias(data)
    with torch.no_grad():
        top_values, top_indices, _ = sae.encode(data)
    counts = fire_counts(top_values, top_indices, D_SAE)
    assert counts[3] == 0 and counts.sum() == (top_values > 0).sum()
    metrics = evaluate_sae(sae, data)
    assert metrics.dead_frac >= 1 / D_SAE
    assert metrics.dead_frac == dead_fraction(counts)


def test_auxk_loss_trains_dead_latents_only_when_masked(data):
    sae = make_sae()
    sae.init_decoder_bias(data)
    with torch.no_grad():
        sae.W_enc[3] = 0.0
        sae.b_enc[3] = 1e-3  # positive, so AuxK's ReLU passes it, but far below the top k
        top_values, top_indices, _ = sae.encode(data)
    assert fire_counts(top_values, top_indices, D_SAE)[3] == 0
    sae(data).loss.backward()
    assert sae.W_dec.grad[3].abs().sum() == 0  # without AuxK a latent that never fires never learns
    sae.zero_grad()

    dead_mask = torch.zeros(D_SAE, dtype=torch.bool)
    dead_mask[3] = True
    out = sae(data, dead_mask, auxk_k=8)
    assert out.auxk_loss.item() > 0
    assert out.loss.item() == pytest.approx(out.fvu.item() + out.auxk_loss.item() / 32)
    # one dead latent of auxk_k = 8: the loss is scaled by 1/8 (min(dead / auxk_k, 1)); with 8 or more dead it is not
    full = sae(data, dead_mask, auxk_k=1).auxk_loss.item()
    assert out.auxk_loss.item() == pytest.approx(full / 8)
    out.loss.backward()
    # the dead latent's direction and encoder learn from the residual of the live ones
    assert sae.W_dec.grad[3].abs().sum() > 0 and sae.b_enc.grad[3] != 0
    assert sae(data, torch.zeros_like(dead_mask)).auxk_loss.item() == 0.0


# --- the trainer --------------------------------------------------------------------------------


def test_train_sae_reports_history_per_epoch(data):
    result = train_sae(data, small_config(), seed=1, device=CPU)
    assert result.sae.d_sae == 4 * D_MODEL
    assert [h["epoch"] for h in result.history] == [1, 2]
    assert set(result.history[0]) == {"epoch", "lr", "fvu", "auxk_loss", "dead_frac", "explained_variance"}
    metrics = evaluate_sae(result.sae, data)
    assert 0 < metrics.l0 <= 4 and metrics.mse > 0
    assert result.history[-1]["explained_variance"] < metrics.explained_variance  # the training pass lags the final weights


def test_training_pass_explained_variance_equals_an_evaluation_when_nothing_learns(data):
    """With a vanishing learning rate every batch is reconstructed by the initial weights: the
    epoch's explained variance is then the evaluation of the initial SAE over the same vectors."""
    cfg = small_config(epochs=1, lr=1e-30, batch_size=len(data) // 4)
    initial = sae_module.TopKSAE(D_MODEL, 4 * D_MODEL, 4, generator=torch.Generator().manual_seed(3))
    initial.init_decoder_bias(data)
    result = train_sae(data, cfg, seed=3, device=CPU)
    assert result.history[0]["explained_variance"] == pytest.approx(evaluate_sae(initial, data).explained_variance, abs=1e-6)  # float32 sums in other batch shapes


def test_chunked_whole_set_statistics_equal_the_float64_formulas():
    """2,500 rows: two full chunks of 1024 and a partial one."""
    offset = torch.randn(2500, 3, generator=torch.Generator().manual_seed(0)) * 0.01 + 1000.0  # a float32 sum would drift
    mean = sae_module._mean_float64(offset)
    assert mean.dtype == torch.float64
    torch.testing.assert_close(mean, offset.double().mean(dim=0), rtol=0, atol=1e-12)
    x = torch.randn(2500, 64, generator=torch.Generator().manual_seed(1)) * 3 + 5
    mean = sae_module._mean_float64(x).float()
    deviations = sae_module._squared_deviations(x, mean)
    assert deviations.shape == (2500,) and deviations.dtype == torch.float64
    # float32 squares (the trainer's own precision), summed over the 64 features in float64
    torch.testing.assert_close(deviations, (x - mean).pow(2).double().sum(dim=1), rtol=1e-13, atol=0)


def test_fire_counts_count_non_zero_selections_only():
    top_values = torch.tensor([[0.5, 0.0], [1.0, 0.2]])
    top_indices = torch.tensor([[3, 1], [3, 0]])
    assert fire_counts(top_values, top_indices, 5).tolist() == [1, 0, 0, 2, 0]


def test_dead_fraction_of_an_epoch_counts_latents_idle_in_it():
    # 64 inputs with k = 1 can fire at most 64 of 512 latents in an epoch
    x = torch.randn(64, 8, generator=torch.Generator().manual_seed(0))
    result = train_sae(x, SaeConfig(expansion=64, k=1, epochs=1, batch_size=16), seed=0, device=CPU)
    assert result.history[0]["dead_frac"] >= 1 - 64 / 512


def test_same_seed_gives_bit_identical_weights(data):
    a = train_sae(data, small_config(), seed=7, device=CPU)
    b = train_sae(data, small_config(), seed=7, device=CPU)
    for name, tensor in a.sae.state_dict().items():
        assert torch.equal(tensor, b.sae.state_dict()[name]), name
    assert a.history == b.history


def test_seeds_change_the_initialisation_but_not_the_data_order(data, monkeypatch):
    orders: list[torch.Tensor] = []

    def recording_epoch_order(n, epoch, data_order_seed):
        orders.append(epoch_order(n, epoch, data_order_seed))
        return orders[-1]

    monkeypatch.setattr(sae_module, "epoch_order", recording_epoch_order)
    first = train_sae(data, small_config(), seed=1, device=CPU).sae.W_dec.detach()
    second = train_sae(data, small_config(), seed=2, device=CPU).sae.W_dec.detach()
    assert not torch.allclose(first, second)
    assert len(orders) == 4  # two epochs per training
    assert all(torch.equal(a, b) for a, b in zip(orders[:2], orders[2:]))


def test_epoch_order_depends_only_on_its_arguments():
    torch.manual_seed(0)
    first = epoch_order(100, 1, 5)
    torch.manual_seed(1)  # global torch state (what SAE seeds touch) plays no part
    assert torch.equal(first, epoch_order(100, 1, 5))
    assert torch.equal(first.sort().values, torch.arange(100))
    assert not torch.equal(first, epoch_order(100, 2, 5))  # reshuffled every epoch
    assert not torch.equal(first, epoch_order(100, 1, 6))


def test_learning_rate_warms_up_then_decays_to_zero(data):
    cfg = small_config(epochs=4, lr=1e-3, lr_warmup_fraction=0.25, lr_decay="linear")  # 8 steps per epoch, 32 in all
    lrs = [h["lr"] for h in train_sae(data, cfg, seed=0, device=CPU).history]  # the last step of each epoch
    assert lrs[0] == pytest.approx(1e-3)  # warm-up over steps 0-7 ends at the peak
    assert lrs[1] > lrs[2] > lrs[3] and lrs[3] == pytest.approx(1e-3 / 24)  # linear decay over steps 8-32
    constant = train_sae(data, small_config(epochs=2, lr=1e-3, lr_decay="constant"), seed=0, device=CPU)
    assert [h["lr"] for h in constant.history] == [1e-3, 1e-3]


def test_train_sae_records_its_start_and_the_last_epochs_firing(data):
    result = train_sae(data, small_config(), seed=5, device=CPU, d_sae=24)
    assert result.sae.d_sae == 24 and result.initial_decoder.shape == (24, D_MODEL)
    torch.testing.assert_close(result.initial_decoder, TopKSAE(D_MODEL, 24, 4, generator=torch.Generator().manual_seed(5)).W_dec.detach())
    assert result.final_epoch_fires.shape == (24,) and result.final_epoch_fires.dtype == torch.long
    assert int(result.final_epoch_fires.sum()) <= 4 * len(data)  # at most k latents fire per input
    assert result.history[-1]["dead_frac"] == pytest.approx(float((result.final_epoch_fires == 0).double().mean()))


def test_sae_at_start_rebuilds_the_initial_sae(data):
    result = train_sae(data, small_config(encoder_init_scale=0.5), seed=2, device=CPU)
    start = sae_at_start(result.initial_decoder, k=4, encoder_init_scale=0.5, activations=data)
    fresh = TopKSAE(D_MODEL, 4 * D_MODEL, 4, generator=torch.Generator().manual_seed(2), encoder_init_scale=0.5)
    fresh.init_decoder_bias(data)
    for name, tensor in fresh.state_dict().items():
        torch.testing.assert_close(start.state_dict()[name], tensor)


def test_permuted_saes_have_identical_latent_activations(data):
    """Two SAEs that are permutations of each other: the same features, so activation MCC 1 and PWMCC 1."""
    from mlsweeps.sae_stability.metrics import activation_mcc, pwmcc

    sae = make_sae(3)
    sae.init_decoder_bias(data)
    order = torch.randperm(D_SAE, generator=torch.Generator().manual_seed(0))
    permuted = make_sae(4)
    permuted.load_state_dict({"W_enc": sae.W_enc[order], "b_enc": sae.b_enc[order], "W_dec": sae.W_dec[order], "b_dec": sae.b_dec})
    codes, permuted_codes = latent_activations(sae, data), latent_activations(permuted, data, batch_size=100)
    assert codes.shape == (len(data), D_SAE) and int((codes > 0).sum(dim=1).max()) <= K
    torch.testing.assert_close(permuted_codes, codes[:, order])
    assert activation_mcc(codes.numpy(), permuted_codes.numpy()).mean_matched == pytest.approx(1.0)
    assert pwmcc(sae.W_dec.detach().numpy(), permuted.W_dec.detach().numpy()) == pytest.approx(1.0)


def test_known_dictionary_is_recovered_and_seeds_agree():
    """The positive control in small: SAEs of the known dictionary's size and k find its directions, and so agree."""
    from mlsweeps.sae_stability.config import PositiveControlConfig
    from mlsweeps.sae_stability.known_dictionary import synthesize
    from mlsweeps.sae_stability.metrics import pwmcc, recovery

    dictionary, vectors = synthesize(PositiveControlConfig(n_features=32, k=2, d_model=32, n_vectors=4000, seed=0))
    assert dictionary.shape == (32, 32) and vectors.shape == (4000, 32)
    torch.testing.assert_close(dictionary.norm(dim=1), torch.ones(32))
    decoders = [train_sae(vectors, SaeConfig(k=2, epochs=10, batch_size=128), seed=seed, device=CPU, d_sae=32).sae.W_dec.detach().numpy()
                for seed in (1, 2)]
    found = [recovery(dictionary.numpy(), d) for d in decoders]
    assert all(f.recovered_frac >= 0.7 and f.mean_best_cos > 0.9 for f in found), found
    assert pwmcc(*decoders) > 0.8
    starts = [TopKSAE(32, 32, 2, generator=torch.Generator().manual_seed(seed)).W_dec.detach().numpy() for seed in (1, 2)]
    assert recovery(dictionary.numpy(), starts[0]).recovered_frac == 0.0 and pwmcc(*starts) < 0.5  # what the start gives


def test_default_learning_rate_follows_sparsify_scaling():
    assert default_lr(16384) == pytest.approx(2e-4)
    assert default_lr(1024) == pytest.approx(8e-4)


def test_train_sae_learns_sparse_structured_data():
    # 4096 inputs in 32 dims, each a non-negative combination of 3 of 64 fixed unit directions:
    # a dictionary of 128 latents with k = 4 can represent every input almost exactly
    gen = torch.Generator().manual_seed(0)
    directions = torch.randn(64, 32, generator=gen)
    directions /= directions.norm(dim=1, keepdim=True)  # (64, 32)
    active = torch.rand(4096, 64, generator=gen).argsort(dim=1)[:, :3]  # (N, 3) distinct features
    coefficients = torch.zeros(4096, 64).scatter(1, active, 0.5 + torch.rand(4096, 3, generator=gen))  # (N, 64)
    x = coefficients @ directions  # (N, 32)
    result = train_sae(x, SaeConfig(expansion=4, k=4, epochs=5, batch_size=256), seed=0, device=CPU)
    assert evaluate_sae(result.sae, x).explained_variance > 0.8, result.history
    assert [h["explained_variance"] for h in result.history][-1] > result.history[0]["explained_variance"]
