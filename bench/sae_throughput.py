"""Benchmark: one epoch of TopK SAE training, this project's trainer against the libraries a researcher would use.

    python bench/sae_throughput.py --make-data acts.npy           # the shared activations, once
    python bench/sae_throughput.py --data acts.npy --impl mlsweeps plain [--repeats 3] [--json out.json]
    bench/.venv-peers/bin/python bench/sae_throughput.py --data acts.npy --impl sparsify saelens plain

Every implementation trains d_sae 1024, k 32, batch 256, Adam at sparsify's default learning rate
(2e-4 / sqrt(d_sae / 16384)), one epoch over the same activations, on ``--threads`` threads. The
timed region is the epoch itself (for the project's ``train_sae``, its per-epoch bookkeeping
included); one untimed warm-up epoch on 20 batches precedes the first repeat.
Quality is scored for all alike, outside the timed region: explained variance 1 - Σ‖x - x̂‖² / Σ‖x - x̄‖²
over the whole set, and the fraction of latents that fire on none of its inputs.

This file runs in two environments: the project's (``mlsweeps``, ``plain``) and the benchmark-only
peers venv (``sparsify``, ``saelens``, ``plain``); each implementation's imports are local to it.
"""
from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
from functools import partial
from pathlib import Path
from typing import Callable, NamedTuple

import numpy as np
import torch
import torch.nn.functional as F
from torch import Tensor

REPO = Path(__file__).resolve().parents[1]
D_MODEL, D_SAE, K, BATCH = 128, 1024, 32, 256
LR = 2e-4 / math.sqrt(D_SAE / 16384)


def make_activations(n: int = 50_000, d_model: int = D_MODEL, *, n_features: int = 2048, active: int = 16, seed: int = 0) -> np.ndarray:
    """(n, d_model) float32: sparse sums of ``n_features`` fixed unit directions plus noise and an offset.

    Feature frequencies follow a power law, so a dictionary of 1024 cannot cover all of them and
    some latents are rare; that makes both explained variance and dead fraction informative.
    """
    rng = np.random.default_rng(seed)
    directions = rng.standard_normal((n_features, d_model)).astype(np.float32)  # (F, d_model)
    directions /= np.linalg.norm(directions, axis=1, keepdims=True)
    freq = 1.0 / np.arange(1, n_features + 1) ** 0.7
    freq /= freq.sum()
    out = np.empty((n, d_model), dtype=np.float32)
    for start in range(0, n, 5000):
        m = min(5000, n - start)
        idx = rng.choice(n_features, size=(m, active), p=freq)  # (m, active)
        mags = rng.exponential(1.0, size=(m, active)).astype(np.float32)  # (m, active)
        out[start:start + m] = np.einsum("ma,mad->md", mags, directions[idx])
    out += 0.05 * rng.standard_normal((n, d_model)).astype(np.float32)
    out += rng.standard_normal(d_model).astype(np.float32)  # a common offset, as residual streams have
    return out


class Trained(NamedTuple):
    reconstruct: Callable[[Tensor], tuple[Tensor, Tensor, Tensor]]
    """x (B, d_model) -> (x̂ (B, d_model), top values (B, k), top indices (B, k))."""


def _batches(n: int) -> list[slice]:
    return [slice(s, s + BATCH) for s in range(0, n - 1, BATCH) if min(s + BATCH, n) - s >= 2]


# --- this project --------------------------------------------------------------------------------

def run_mlsweeps(x: Tensor, seed: int, n_batches: int | None = None, encoder_init_scale: float = 1.0) -> Trained:
    if str(REPO / "src") not in sys.path:  # in the peers venv the package is not installed: use the checkout
        sys.path.insert(0, str(REPO / "src"))
    from mlsweeps.sae_stability.config import SaeConfig
    from mlsweeps.sae_stability.sae import train_sae

    data = x if n_batches is None else x[: n_batches * BATCH]
    cfg = SaeConfig(expansion=D_SAE // D_MODEL, k=K, epochs=1, batch_size=BATCH, encoder_init_scale=encoder_init_scale)
    sae = train_sae(data, cfg, seed=seed, device=torch.device("cpu")).sae

    def reconstruct(batch):
        values, indices, _ = sae.encode(batch)
        return sae.decode(values, indices), values, indices

    return Trained(reconstruct)


# --- plain PyTorch reference ---------------------------------------------------------------------

def run_plain(x: Tensor, seed: int, n_batches: int | None = None) -> Trained:
    """The TopK SAE a researcher writes in 30 lines: dense decode, MSE, Adam, unit-norm decoder, no AuxK."""
    g = torch.Generator().manual_seed(seed)
    W_dec = torch.randn(D_SAE, D_MODEL, generator=g)  # (d_sae, d_model)
    W_dec /= W_dec.norm(dim=1, keepdim=True)
    W_dec.requires_grad_()
    W_enc = W_dec.detach().T.clone().requires_grad_()  # (d_model, d_sae)
    b_enc = torch.zeros(D_SAE, requires_grad=True)
    b_dec = x.mean(0).clone().requires_grad_()
    params = [W_enc, b_enc, W_dec, b_dec]
    opt = torch.optim.Adam(params, lr=LR)

    def reconstruct(batch):
        pre = (batch - b_dec) @ W_enc + b_enc  # (B, d_sae)
        values, indices = pre.topk(K, dim=-1)  # (B, k)
        values = F.relu(values)
        code = torch.zeros_like(pre).scatter(-1, indices, values)  # (B, d_sae)
        return code @ W_dec + b_dec, values, indices

    slices = _batches(len(x))[:n_batches]
    for s in slices:
        batch = x[s]
        x_hat, _, _ = reconstruct(batch)
        loss = (x_hat - batch).pow(2).sum() / (batch - batch.mean(0)).pow(2).sum()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        with torch.no_grad():
            W_dec /= W_dec.norm(dim=1, keepdim=True)
    return Trained(lambda b: tuple(t.detach() for t in reconstruct(b)))


# --- EleutherAI sparsify -------------------------------------------------------------------------

def run_sparsify(x: Tensor, seed: int, n_batches: int | None = None) -> Trained:
    """sparsify's SparseCoder, each step as its Trainer does it (sparsify/trainer.py, 1.3.3, loss_fn "fvu").

    Per step: b_dec set to the first batch's mean on step 0, decoder renormalised, forward (no dead
    mask: the trainer's default auxk_alpha is 0), ``fvu + auxk_alpha·auxk_loss + multi_topk_fvu / 8``
    backward, the decoder gradient's parallel component removed, Adam step, zero_grad, the
    tokens-since-fired counters updated. Adam at the trainer's default learning rate for Adam, held
    constant: its 1000-step warm-up is longer than this whole 195-step epoch.
    """
    from sparsify import SparseCoder, SparseCoderConfig

    torch.manual_seed(seed)
    sae = SparseCoder(D_MODEL, SparseCoderConfig(num_latents=D_SAE, k=K), device="cpu")
    opt = torch.optim.Adam(sae.parameters(), lr=LR)
    auxk_alpha = 0.0  # sparsify's TrainConfig.auxk_alpha default
    since_fired = torch.zeros(D_SAE, dtype=torch.long)
    did_fire = torch.zeros(D_SAE, dtype=torch.bool)
    for step, s in enumerate(_batches(len(x))[:n_batches]):
        batch = x[s]
        if step == 0:
            sae.b_dec.data = batch.mean(0)
        sae.set_decoder_norm_to_unit_norm()
        out = sae(batch, dead_mask=None)
        did_fire[out.latent_indices.flatten()] = True
        loss = out.fvu + auxk_alpha * out.auxk_loss + out.multi_topk_fvu / 8
        loss.backward()
        sae.remove_gradient_parallel_to_decoder_directions()
        opt.step()
        opt.zero_grad()
        with torch.no_grad():
            since_fired += len(batch)
            since_fired[did_fire] = 0
            did_fire.zero_()

    @torch.no_grad()
    def reconstruct(batch):
        out = sae(batch)
        return out.sae_out, out.latent_acts, out.latent_indices

    return Trained(reconstruct)


# --- SAELens -------------------------------------------------------------------------------------

def run_saelens(x: Tensor, seed: int, n_batches: int | None = None) -> Trained:
    """SAELens's own ``SAETrainer.fit`` on a ``TopKTrainingSAE`` (its defaults: AuxK coefficient 1,
    activations rescaled by decoder norm, grad-norm clipping at 1, dead after 1000 steps), fed
    the batches from an iterator; constant learning rate, no wandb, no checkpoints. b_dec starts at
    the first batch's mean, as in the other implementations (SAELens's own default is zero).
    """
    from sae_lens.config import LoggingConfig, SAETrainerConfig
    from sae_lens.saes.topk_sae import TopKTrainingSAE, TopKTrainingSAEConfig
    from sae_lens.training.sae_trainer import SAETrainer

    torch.manual_seed(seed)
    sae = TopKTrainingSAE(TopKTrainingSAEConfig(d_in=D_MODEL, d_sae=D_SAE, k=K, device="cpu", dtype="float32"))
    slices = _batches(len(x))[:n_batches]
    with torch.no_grad():
        sae.b_dec.copy_(x[slices[0]].mean(0))
    cfg = SAETrainerConfig(
        total_training_samples=sum(len(x[s]) for s in slices), train_batch_size_samples=BATCH, lr=LR, lr_end=LR, device="cpu",
        logger=LoggingConfig(log_to_wandb=False),
    )
    trainer = SAETrainer(cfg, sae, data_provider=iter(x[s] for s in slices))
    trainer.fit()

    @torch.no_grad()
    def reconstruct(batch):
        sae.eval()
        acts = sae.encode(batch)  # (B, d_sae), dense with at most k non-zeros per row
        values, indices = acts.topk(K, dim=-1)
        return sae.decode(acts), values, indices

    return Trained(reconstruct)


# sparsify initialises encoder columns at norm ~0.577 (nn.Linear's uniform init); this project's default is 1
IMPLS = {"mlsweeps": run_mlsweeps, "mlsweeps_init": partial(run_mlsweeps, encoder_init_scale=0.577),
         "plain": run_plain, "sparsify": run_sparsify, "saelens": run_saelens}


@torch.no_grad()
def score(trained: Trained, x: Tensor) -> dict[str, float]:
    """Explained variance over ``x`` (float64 sums) and the fraction of latents firing on none of it."""
    mean = x.double().mean(0)
    sse = total = 0.0
    fired = torch.zeros(D_SAE, dtype=torch.bool)
    for start in range(0, len(x), 4096):
        batch = x[start:start + 4096]
        x_hat, values, indices = trained.reconstruct(batch)
        sse += (batch.double() - x_hat.double()).pow(2).sum().item()
        total += (batch.double() - mean).pow(2).sum().item()
        fired[indices[values > 0]] = True
    return {"explained_variance": 1.0 - sse / total, "dead_fraction": 1.0 - fired.double().mean().item()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--make-data", metavar="NPY", help="write the shared activations here and exit")
    parser.add_argument("--data", metavar="NPY")
    parser.add_argument("--impl", nargs="+", choices=sorted(IMPLS), default=["mlsweeps", "plain"])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--json", metavar="PATH", help="also write the figures here")
    args = parser.parse_args()
    if args.make_data:
        np.save(args.make_data, make_activations())
        return
    torch.set_num_threads(args.threads)
    x = torch.from_numpy(np.load(args.data))  # (N, d_model)
    for name in args.impl:  # warm-up: first-call allocations, lazy imports
        IMPLS[name](x, seed=0, n_batches=20)
    seconds: dict[str, list[float]] = {name: [] for name in args.impl}
    quality: dict[str, list[dict]] = {name: [] for name in args.impl}
    for repeat in range(args.repeats):  # round robin, so that load drifts on a shared machine hit all alike
        for name in args.impl if repeat % 2 == 0 else args.impl[::-1]:  # alternating, so no trainer always follows the same one
            started = time.perf_counter()
            trained = IMPLS[name](x, seed=repeat)
            seconds[name].append(time.perf_counter() - started)
            quality[name].append(score(trained, x))
    results = {}
    for name in args.impl:
        rates = [len(x) / s for s in seconds[name]]
        results[name] = {
            "samples_per_s": rates,
            "explained_variance": [q["explained_variance"] for q in quality[name]],
            "dead_fraction": [q["dead_fraction"] for q in quality[name]],
        }
        ev = statistics.median(results[name]["explained_variance"])
        dead = statistics.median(results[name]["dead_fraction"])
        print(f"{name:<10} samples/s min {min(rates):8.0f} median {statistics.median(rates):8.0f} max {max(rates):8.0f}   EV {ev:.4f}  dead {dead:.3f}", flush=True)
    meta = {"torch": torch.__version__, "threads": torch.get_num_threads(), "python": sys.version.split()[0], "n": len(x)}
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"meta": meta, "results": results}, f, indent=1)


if __name__ == "__main__":
    main()
