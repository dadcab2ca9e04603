"""The positive control: activations built from a dictionary the study knows.

Each vector is a sum of ``k`` of ``n_features`` fixed random unit directions with coefficients
uniform in [0.5, 1.5]. An SAE of the right size and sparsity can recover the directions, and two
seeds that recover them agree with each other: run through the same rules as a task, this shows
what the stability measurement reads when stable features exist.
"""
from __future__ import annotations

from typing import NamedTuple

import torch

from .config import PositiveControlConfig

__all__ = ["KnownDictionary", "synthesize"]


class KnownDictionary(NamedTuple):
    """Synthesised activations and the directions they are made of."""

    dictionary: torch.Tensor
    """float32 (n_features, d_model), unit rows."""
    vectors: torch.Tensor
    """float32 (n_vectors, d_model): each a non-negative combination of k rows of ``dictionary``."""


def synthesize(cfg: PositiveControlConfig) -> KnownDictionary:
    """``cfg.n_vectors`` vectors from ``cfg.n_features`` random directions, ``cfg.k`` active in each; seeded by ``cfg.seed``."""
    generator = torch.Generator().manual_seed(cfg.seed)
    dictionary = torch.randn(cfg.n_features, cfg.d_model, generator=generator)
    dictionary /= dictionary.norm(dim=1, keepdim=True)  # (n_features, d_model)
    vectors = torch.empty(cfg.n_vectors, cfg.d_model)
    # in chunks: the (n, n_features) random keys that pick each vector's active set would be large
    for start in range(0, cfg.n_vectors, 4096):
        n = min(4096, cfg.n_vectors - start)
        active = torch.rand(n, cfg.n_features, generator=generator).argsort(dim=1)[:, : cfg.k]  # (n, k) distinct directions
        coefficients = 0.5 + torch.rand(n, cfg.k, generator=generator)  # (n, k)
        vectors[start : start + n] = torch.einsum("nk,nkd->nd", coefficients, dictionary[active])
    return KnownDictionary(dictionary, vectors)
