"""TopK sparse autoencoder and its trainer (Gao et al. 2024, as in EleutherAI sparsify).

The recipe: the decoder bias is subtracted before encoding; the encoder starts as the decoder
(times ``SaeConfig.encoder_init_scale``; both hold one row per latent); exactly ``k`` latents are
kept per input (top-k of the pre-activations, then ReLU); decoder rows stay unit-norm (the
gradient component along each row is removed before the step and the rows are renormalised after
it); an AuxK loss lets latents that have not fired for a while reconstruct what the live ones
miss, which revives them, scaled down while few latents are dead; the learning rate warms up
linearly, then decays (``SaeConfig.lr_decay``, linearly to 0 in the reference recipe).

Seeds differ only in initialisation: the batch order comes from ``SaeConfig.data_order_seed``
(see ``epoch_order``), so every SAE seed sees the same batches in the same order.
"""
from __future__ import annotations

import logging
import math
from typing import NamedTuple

import numpy as np
import torch
import torch.nn.functional as F
from torch import Tensor, nn

from mlsweeps.logs import progress
from mlsweeps.sae_stability.config import SaeConfig
from mlsweeps.sae_stability.metrics import dead_fraction
from mlsweeps.training import adamw, lr_at, set_lr

__all__ = [
    "Encoding",
    "ForwardOutput",
    "TopKSAE",
    "SaeMetrics",
    "SaeTrainResult",
    "default_lr",
    "epoch_order",
    "fire_counts",
    "train_step",
    "evaluate_sae",
    "latent_activations",
    "sae_at_start",
    "train_sae",
]

log = logging.getLogger(__name__)


class Encoding(NamedTuple):
    """The sparse code of a batch."""

    top_values: Tensor
    """(B, k) activations of the selected latents after ReLU (a selected latent may be 0)."""
    top_indices: Tensor
    """(B, k) indices of the k largest pre-activations; distinct within a row."""
    pre_acts: Tensor
    """(B, d_sae) encoder outputs before selection; AuxK picks its dead latents from these."""


class ForwardOutput(NamedTuple):
    """Reconstruction and loss terms of one batch."""

    reconstruction: Tensor
    """(B, d_model) decoded input, decoder bias included."""
    top_indices: Tensor
    """(B, k) selected latents."""
    top_values: Tensor
    """(B, k) their activations after ReLU."""
    sse: Tensor
    """Scalar: Σ‖x - x̂‖², the FVU's numerator."""
    fvu: Tensor
    """Scalar: fraction of variance unexplained, Σ‖x - x̂‖² / Σ‖x - mean_batch(x)‖²."""
    auxk_loss: Tensor
    """Scalar: the dead latents' reconstruction of the residual, normalised like ``fvu`` by the
    residual's variance and scaled by min(dead latents / auxk_k, 1); 0 when there are no dead
    latents or no dead mask."""
    loss: Tensor
    """Scalar: ``fvu + auxk_coef * auxk_loss``, what training minimises."""


def _sparse_decode(values: Tensor, indices: Tensor, weight: Tensor) -> Tensor:
    """Σ_j values[b, j] · weight[indices[b, j]], without the dense (B, d_sae) code.

    ``embedding_bag`` gathers only the selected rows: a training step with it is faster than with
    scatter-to-dense + matmul or with gather + bmm. Its sum-mode backward is deterministic on CPU
    and CUDA.
    """
    return F.embedding_bag(indices, weight, per_sample_weights=values, mode="sum")  # (B, d_model)


class TopKSAE(nn.Module):
    """TopK sparse autoencoder: ``x̂ = Σ_topk ReLU(((x - b_dec) W_enc^T + b_enc)_i) W_dec[i] + b_dec``."""

    def __init__(self, d_model: int, d_sae: int, k: int, *, generator: torch.Generator | None = None, encoder_init_scale: float = 1.0):
        super().__init__()
        if d_model < 1 or d_sae < 1:
            raise ValueError(f"d_model and d_sae must be >= 1, got d_model={d_model!r}, d_sae={d_sae!r}")
        if not 1 <= k <= d_sae:
            raise ValueError(f"k must be in [1, d_sae={d_sae}], got {k!r}")
        self.d_model, self.d_sae, self.k = d_model, d_sae, k
        W_dec = torch.randn(d_sae, d_model, generator=generator)  # (d_sae, d_model)
        W_dec /= W_dec.norm(dim=1, keepdim=True)
        self.W_dec = nn.Parameter(W_dec)
        # one row per latent, as in the decoder: each latent starts by reading the direction it writes.
        # In this layout the encoder's gradient comes out of the matmul backward in the parameter's
        # own strides; the (d_model, d_sae) layout cost a transposed copy per step
        self.W_enc = nn.Parameter(W_dec * encoder_init_scale)  # (d_sae, d_model)
        self.b_enc = nn.Parameter(torch.zeros(d_sae))
        self.b_dec = nn.Parameter(torch.zeros(d_model))

    def encode(self, x: Tensor) -> Encoding:
        # (x - b_dec) W_enc^T + b_enc, with b_dec folded into the bias: x needs no gradient, so the
        # backward pass skips the (B, d_sae) × (d_sae, d_model) product that x - b_dec would need
        pre_acts = torch.addmm(self.b_enc - self.W_enc @ self.b_dec, x, self.W_enc.T)  # (B, d_sae)
        top_pre, top_indices = pre_acts.topk(self.k, dim=-1, sorted=False)  # (B, k)
        return Encoding(F.relu(top_pre), top_indices, pre_acts)

    def decode(self, top_values: Tensor, top_indices: Tensor) -> Tensor:
        return _sparse_decode(top_values, top_indices, self.W_dec) + self.b_dec  # (B, d_model)

    def forward(self, x: Tensor, dead_mask: Tensor | None = None, *, auxk_k: int = 0, auxk_coef: float = 1 / 32) -> ForwardOutput:
        """Encode, decode and score ``x`` (B, d_model); ``dead_mask`` (d_sae,) bool enables AuxK.

        ``auxk_k`` dead latents (0 picks d_model // 2) reconstruct the residual in AuxK.
        """
        top_values, top_indices, pre_acts = self.encode(x)
        reconstruction = self.decode(top_values, top_indices)  # (B, d_model)
        residual = x - reconstruction  # (B, d_model)
        sse = residual.pow(2).sum()
        fvu = sse / (x - x.mean(dim=0)).pow(2).sum()
        auxk_loss = self.auxk_loss(pre_acts, residual.detach(), dead_mask, auxk_k=auxk_k)
        return ForwardOutput(reconstruction, top_indices, top_values, sse, fvu, auxk_loss, fvu + auxk_coef * auxk_loss)

    def auxk_loss(self, pre_acts: Tensor, residual: Tensor, dead_mask: Tensor | None, *, auxk_k: int = 0) -> Tensor:
        """How well the top ``auxk_k`` dead latents reconstruct ``residual`` (B, d_model), as a FVU.

        Scaled by min(dead latents / ``auxk_k``, 1), as in the reference recipe: a handful of dead
        latents cannot reconstruct the residual, and at full weight their loss would only push them
        around.
        """
        n_dead = 0 if dead_mask is None else int(dead_mask.sum())
        if n_dead == 0:
            return pre_acts.new_zeros(())
        k_aux = min(auxk_k or self.d_model // 2, n_dead)
        scale = min(n_dead / (auxk_k or self.d_model // 2), 1.0)
        dead_pre = pre_acts.masked_fill(~dead_mask, -math.inf)  # (B, d_sae)
        aux_values, aux_indices = dead_pre.topk(k_aux, dim=-1, sorted=False)  # (B, k_aux)
        # no b_dec: the residual is what the full reconstruction, bias included, left over
        aux_reconstruction = _sparse_decode(F.relu(aux_values), aux_indices, self.W_dec)  # (B, d_model)
        # a perfectly reconstructed batch leaves no residual variance; clamp instead of 0/0
        variance = (residual - residual.mean(dim=0)).pow(2).sum().clamp_min(torch.finfo(residual.dtype).tiny)
        return scale * (aux_reconstruction - residual).pow(2).sum() / variance

    @torch.no_grad()
    def set_decoder_norm_to_unit(self) -> None:
        self.W_dec /= self.W_dec.norm(dim=1, keepdim=True).clamp_min(torch.finfo(self.W_dec.dtype).eps)

    @torch.no_grad()
    def remove_gradient_parallel_to_decoder(self) -> None:
        """Project each row of ``W_dec.grad`` onto the tangent space of the unit sphere at that row.

        The loss cannot profit from a row's norm once it is renormalised, so the parallel
        component would only feed Adam's second-moment estimate with noise.
        """
        if self.W_dec.grad is None:
            return
        rows = self.W_dec  # (d_sae, d_model)
        parallel = (self.W_dec.grad * rows).sum(dim=1, keepdim=True) / rows.pow(2).sum(dim=1, keepdim=True)  # (d_sae, 1)
        self.W_dec.grad -= parallel * rows

    @torch.no_grad()
    def init_decoder_bias(self, sample: Tensor) -> None:
        """Start ``b_dec`` at the mean of ``sample`` (N, d_model) so encoding starts centred."""
        self.b_dec.copy_(sample.mean(dim=0))


class SaeMetrics(NamedTuple):
    """Reconstruction quality and sparsity of one SAE over an activation set."""

    mse: float
    """Mean over all elements of (x - x̂)²; best 0."""
    l0: float
    """Mean number of non-zero latents per input (after ReLU); at most k."""
    explained_variance: float
    """1 - Σ‖x - x̂‖² / Σ‖x - mean(x)‖²; best 1."""
    dead_frac: float
    """Fraction of latents that fire on none of the evaluated activations; best 0."""


class SaeTrainResult(NamedTuple):
    """What ``train_sae`` returns; final metrics come from ``evaluate_sae`` on the trained SAE."""

    sae: TopKSAE
    """The trained autoencoder, on the training device."""
    history: list[dict]
    """One dict per epoch: epoch, lr (of the epoch's last step), fvu, auxk_loss (batch means),
    dead_frac (latents that fired on no input of the epoch), explained_variance (of the epoch's
    reconstructions, each made just before its batch's step: the training-set figure, free, where
    ``evaluate_sae`` would cost a forward pass)."""
    initial_decoder: Tensor
    """(d_sae, d_model) the decoder rows the SAE started from, on the CPU."""
    final_epoch_fires: Tensor
    """(d_sae,) int64: on how many inputs of the last epoch each latent fired, on the CPU."""


def default_lr(d_sae: int) -> float:
    """Adam learning rate scaled with the dictionary size, 2e-4 at 16384 latents (sparsify)."""
    return 2e-4 / math.sqrt(d_sae / 16384)


def epoch_order(n: int, epoch: int, data_order_seed: int) -> Tensor:
    """Permutation (n,) of the sample indices for ``epoch``; depends on no SAE seed."""
    rng = np.random.default_rng([data_order_seed, epoch])
    return torch.from_numpy(rng.permutation(n))


def fire_counts(top_values: Tensor, top_indices: Tensor, d_sae: int) -> Tensor:
    """Number of inputs (d_sae,) on which each latent was selected with a non-zero activation."""
    # non-firing selections count in a spare slot: no data-dependent shape, so no host sync on a
    # GPU; bincount without weights is deterministic on CUDA too (unlike scatter_add / index_add)
    slots = torch.where(top_values > 0, top_indices, d_sae)  # (B, k)
    return torch.bincount(slots.flatten(), minlength=d_sae + 1)[:d_sae]


# Whole-set statistics go through the activations in row chunks: a float64 copy or an (N, d_model)
# temporary of the whole set is fresh pages on every call, paid for in page faults. Chunks of 1024
# rows stay in memory the allocator keeps, where chunks of 4096 rows still faulted on some calls.
_CHUNK_ROWS = 1024


def _mean_float64(activations: Tensor) -> Tensor:
    """Row mean (d_model,) of ``activations`` (N, d_model), accumulated in float64."""
    return sum(chunk.sum(dim=0, dtype=torch.float64) for chunk in activations.split(_CHUNK_ROWS)) / len(activations)


def _squared_deviations(activations: Tensor, mean: Tensor) -> Tensor:
    """‖x - mean‖² (N,) in float64 for every row x of ``activations`` (N, d_model)."""
    return torch.cat([(chunk - mean).square_().sum(dim=1, dtype=torch.float64) for chunk in activations.split(_CHUNK_ROWS)])


def train_step(sae: TopKSAE, optimizer: torch.optim.Optimizer, batch: Tensor, *, dead_mask: Tensor, auxk_k: int, auxk_coef: float) -> ForwardOutput:
    """One Adam step on ``batch`` (B, d_model); returns the forward output before the step."""
    out = sae(batch, dead_mask, auxk_k=auxk_k, auxk_coef=auxk_coef)
    optimizer.zero_grad(set_to_none=True)
    out.loss.backward()
    sae.remove_gradient_parallel_to_decoder()
    # no gradient clipping: the FVU loss is scale-free, and a clip at norm 1 never bound in the
    # benchmark or the default runs while costing time in every step
    optimizer.step()
    sae.set_decoder_norm_to_unit()
    return out


@torch.no_grad()
def evaluate_sae(sae: TopKSAE, activations: Tensor, *, batch_size: int = 4096) -> SaeMetrics:
    """Metrics of ``sae`` over ``activations`` (N, d_model), in batches, without gradients.

    ``dead_frac`` is the fraction of latents that fire on none of these activations.
    """
    device = sae.b_dec.device
    n, d_model = activations.shape
    mean = _mean_float64(activations).to(device)  # (d_model,)
    # float64 accumulators: 50,000 × 128 squared errors summed in float32 lose digits
    sse = total = active = 0.0
    counts = torch.zeros(sae.d_sae, dtype=torch.long, device=device)
    for start in range(0, n, batch_size):
        x = activations[start:start + batch_size].to(device, dtype=torch.float32)  # (B, d_model)
        top_values, top_indices, _ = sae.encode(x)
        x_hat = sae.decode(top_values, top_indices)  # (B, d_model)
        sse += (x - x_hat).double().pow(2).sum().item()
        total += (x.double() - mean).pow(2).sum().item()
        active += (top_values > 0).sum().item()
        counts += fire_counts(top_values, top_indices, sae.d_sae)
    return SaeMetrics(mse=sse / (n * d_model), l0=active / n, explained_variance=1.0 - sse / total, dead_frac=dead_fraction(counts))


@torch.no_grad()
def latent_activations(sae: TopKSAE, activations: Tensor, *, batch_size: int = 4096) -> Tensor:
    """The dense code (N, d_sae) of ``activations`` (N, d_model): each input's k selected activations, 0 elsewhere."""
    device = sae.b_dec.device
    codes = []
    for chunk in activations.split(batch_size):
        top_values, top_indices, _ = sae.encode(chunk.to(device, dtype=torch.float32))
        codes.append(torch.zeros(len(chunk), sae.d_sae, device=device).scatter_(1, top_indices, top_values).cpu())
    return torch.cat(codes)


def sae_at_start(initial_decoder: Tensor, *, k: int, encoder_init_scale: float, activations: Tensor) -> TopKSAE:
    """The SAE as ``train_sae`` started it: decoder ``initial_decoder`` (d_sae, d_model), encoder the
    decoder × ``encoder_init_scale``, b_enc 0, b_dec the mean of its training ``activations``."""
    d_sae, d_model = initial_decoder.shape
    sae = TopKSAE(d_model, d_sae, k)
    with torch.no_grad():
        sae.W_dec.copy_(initial_decoder)
        sae.W_enc.copy_(initial_decoder * encoder_init_scale)
    sae.init_decoder_bias(activations.float())
    return sae


def train_sae(activations: Tensor, cfg: SaeConfig, *, seed: int, device: torch.device, d_sae: int = 0) -> SaeTrainResult:
    """Train a TopK SAE on ``activations`` (N, d_model); ``seed`` sets only the initialisation.

    ``d_sae`` latents (0: ``cfg.expansion`` × d_model), ``cfg.k`` of them active per input.
    """
    if activations.ndim != 2 or activations.shape[0] < 2:
        raise ValueError(f"activations must be 2-D (N, d_model) with N >= 2, got shape {tuple(activations.shape)}")
    activations = activations.to(device, dtype=torch.float32)  # once: no host-to-device copy per batch
    n, d_model = activations.shape
    d_sae = d_sae or cfg.expansion * d_model
    peak_lr = cfg.lr or default_lr(d_sae)
    auxk_k = cfg.auxk_k or d_model // 2
    dead_after = cfg.dead_after or n

    sae = TopKSAE(d_model, d_sae, cfg.k, generator=torch.Generator().manual_seed(seed), encoder_init_scale=cfg.encoder_init_scale).to(device)
    initial_decoder = sae.W_dec.detach().cpu().clone()
    sae.init_decoder_bias(activations)
    optimizer = adamw(sae, lr=peak_lr, weight_decay=0.0, fused=True)  # Adam; fused: one kernel for all parameters, not one per parameter
    # a last batch of one vector has no variance to normalise the FVU by; it is skipped
    steps_per_epoch = n // cfg.batch_size + (n % cfg.batch_size >= 2)
    total_steps = steps_per_epoch * cfg.epochs
    warmup_steps = math.ceil(cfg.lr_warmup_fraction * total_steps)
    n_params = sum(p.numel() for p in sae.parameters())
    log.info(
        "TopK SAE seed %d: N %d, d_model %d, d_sae %d, k %d, %d parameters; lr %.3g (warm-up %d of %d steps, then %s decay), batch %d, "
        "%d epochs, auxk_k %d (coef %.4g), dead after %d samples, data order seed %d, encoder init scale %g",
        seed, n, d_model, d_sae, cfg.k, n_params, peak_lr, warmup_steps, total_steps, cfg.lr_decay, cfg.batch_size,
        cfg.epochs, auxk_k, cfg.auxk_coef, dead_after, cfg.data_order_seed, cfg.encoder_init_scale,
    )

    since_fired = torch.zeros(d_sae, dtype=torch.long, device=device)  # samples since each latent last fired
    squared_deviation = _squared_deviations(activations, _mean_float64(activations).float())  # (N,)
    history: list[dict] = []
    step = 0
    for epoch in range(1, cfg.epochs + 1):
        batches = [idx for idx in epoch_order(n, epoch, cfg.data_order_seed).split(cfg.batch_size) if len(idx) >= 2]
        fires = torch.zeros(d_sae, dtype=torch.long, device=device)
        # summed on the device in float64: no host sync per step, no digits lost over an epoch
        fvu_sum = auxk_sum = sse_sum = torch.zeros((), dtype=torch.float64, device=device)
        for idx in progress(batches, desc=f"sae seed{seed} epoch {epoch}/{cfg.epochs}"):
            lr = lr_at(step, lr=peak_lr, warmup_steps=warmup_steps, total_steps=total_steps, decay=cfg.lr_decay)
            set_lr(optimizer, lr)
            batch = activations.index_select(0, idx.to(device))  # (B, d_model); index_select is cheaper than activations[idx]
            out = train_step(sae, optimizer, batch, dead_mask=since_fired >= dead_after, auxk_k=auxk_k, auxk_coef=cfg.auxk_coef)
            fires_now = fire_counts(out.top_values, out.top_indices, d_sae)  # (d_sae,)
            since_fired = torch.where(fires_now > 0, 0, since_fired + len(idx))
            fires += fires_now
            fvu_sum = fvu_sum + out.fvu.detach()
            auxk_sum = auxk_sum + out.auxk_loss.detach()
            sse_sum = sse_sum + out.sse.detach()
            step += 1
        record = {
            "epoch": epoch,
            "lr": lr,
            "fvu": fvu_sum.item() / len(batches),
            "auxk_loss": auxk_sum.item() / len(batches),
            "dead_frac": (fires == 0).double().mean().item(),
            "explained_variance": 1.0 - sse_sum.item() / squared_deviation[torch.cat(batches).to(device)].sum().item(),
        }
        history.append(record)
        log.info("epoch %d/%d: lr %.3g fvu %.4f auxk %.4f dead %.3f ev %.4f (training pass)", epoch, cfg.epochs, lr, record["fvu"], record["auxk_loss"], record["dead_frac"], record["explained_variance"])
    return SaeTrainResult(sae, history, initial_decoder, fires.cpu())
