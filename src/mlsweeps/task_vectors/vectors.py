"""Task vectors T = θ_finetuned − θ_base, and the model at θ_base + αT set in place.

Setting the parameters in place (and restoring them bit for bit) is what makes a 100-point sweep
cheap: one model in memory, no reload per point. Tied weights (an embedding shared with the LM
head) are one parameter and are set once: ``named_parameters()`` lists shared tensors once.
"""
from __future__ import annotations

import json
import math
import os
from contextlib import contextmanager
from typing import Any, Iterator, Mapping, NamedTuple

import torch
from torch import nn

from ..io import load_tensors, save_tensors

__all__ = [
    "VectorFile",
    "parameter_state",
    "task_vector",
    "vector_norm",
    "cosine",
    "random_direction",
    "linear_combination",
    "scaled",
    "save_vector",
    "load_vector",
]


class VectorFile(NamedTuple):
    """A task vector read back from disk."""

    vector: dict[str, torch.Tensor]
    """Parameter name -> θ_finetuned − θ_base."""
    metadata: dict[str, Any]
    """What was saved with it (values JSON-decoded)."""


def parameter_state(model: nn.Module) -> dict[str, torch.Tensor]:
    """Detached clones of the model's parameters, one entry per distinct tensor (tied weights once).

    Taken once from the base model, this is the ``base_params`` that ``scaled`` restores from.
    """
    return {name: p.detach().clone() for name, p in model.named_parameters()}


def task_vector(base_state: Mapping[str, torch.Tensor], finetuned_state: Mapping[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """``finetuned − base`` in float32 for every floating-point tensor; integer buffers are skipped.

    Both mappings must hold the same keys with the same shapes (a ``state_dict`` or a
    ``parameter_state``; prefer the latter, where tied weights appear once). Their dtypes may
    differ: a bfloat16 base fine-tuned in float32 (``finetune``) gives a float32 difference, where
    a bfloat16 one would round the small updates the fine-tuning made away again.

    >>> task_vector({"w": torch.tensor([1.0, 2.0]), "n": torch.tensor(3)}, {"w": torch.tensor([1.5, 1.0]), "n": torch.tensor(4)})
    {'w': tensor([ 0.5000, -1.0000])}
    """
    missing_ft = sorted(set(base_state) - set(finetuned_state))
    missing_base = sorted(set(finetuned_state) - set(base_state))
    if missing_ft or missing_base:
        raise KeyError(
            f"task_vector: the states differ in keys: missing from the fine-tuned state {missing_ft[:5]}, "
            f"missing from the base state {missing_base[:5]}"
            + (" (and more)" if len(missing_ft) > 5 or len(missing_base) > 5 else "")
        )
    vector: dict[str, torch.Tensor] = {}
    for name, base in base_state.items():
        finetuned = finetuned_state[name]
        if base.shape != finetuned.shape:
            raise ValueError(f"task_vector: {name!r} has shape {tuple(base.shape)} in the base state and {tuple(finetuned.shape)} in the fine-tuned one")
        if not base.is_floating_point():
            continue  # step counters, position ids: not weights
        vector[name] = (finetuned.detach().float() - base.detach().to(finetuned.device, torch.float32)).cpu()
    return vector


def vector_norm(vector: Mapping[str, torch.Tensor]) -> float:
    """Euclidean norm of the whole vector (all tensors flattened together), in float64.

    >>> vector_norm({"a": torch.tensor([3.0]), "b": torch.tensor([[4.0]])})
    5.0
    """
    return math.sqrt(sum(t.detach().double().pow(2).sum().item() for t in vector.values()))


def cosine(u: Mapping[str, torch.Tensor], v: Mapping[str, torch.Tensor]) -> float:
    """Cosine similarity of two vectors over all their tensors flattened together (same keys and shapes), in float64.

    >>> cosine({"a": torch.tensor([1.0, 0.0])}, {"a": torch.tensor([0.0, 2.0])})
    0.0
    """
    if set(u) != set(v):
        raise KeyError(f"cosine: the vectors differ in keys, e.g. {sorted(set(u) ^ set(v))[:3]}")
    dot = sum((u[k].double() * v[k].double()).sum().item() for k in u)
    norms = vector_norm(u) * vector_norm(v)
    if norms == 0:
        raise ValueError("cosine: a vector is zero")
    return dot / norms


def random_direction(vector: Mapping[str, torch.Tensor], *, seed: int) -> dict[str, torch.Tensor]:
    """A Gaussian direction with the per-tensor norms of ``vector``: the control a task vector's landscape is compared with.

    Each tensor is drawn i.i.d. normal (CPU generator seeded with ``seed``, tensors in name order) and scaled to
    the norm of ``vector``'s tensor of that name, so every layer moves as far as under T, in a direction
    unrelated to the task. A zero tensor stays zero.
    """
    generator = torch.Generator().manual_seed(int(seed))
    direction = {}
    for name in sorted(vector):
        target = vector[name]
        draw = torch.randn(target.shape, generator=generator)  # float32: a 4B model's draw must fit beside it
        norm = draw.double().norm()
        scale = float(target.double().norm() / norm) if norm > 0 else 0.0
        direction[name] = draw.mul_(scale).to(target.device)
    return direction


def linear_combination(vectors: Mapping[str, Mapping[str, torch.Tensor]], coefficients: Mapping[str, float]) -> dict[str, torch.Tensor]:
    """Σ_k coefficients[k] · vectors[k], tensor by tensor (every vector with the same keys): a point a·T_i + b·T_j of a 2-D slice.

    >>> linear_combination({"i": {"w": torch.tensor([1.0, 0.0])}, "j": {"w": torch.tensor([0.0, 1.0])}}, {"i": 2.0, "j": -1.0})
    {'w': tensor([ 2., -1.])}
    """
    names = list(coefficients)
    if not names:
        raise ValueError("linear_combination needs at least one coefficient")
    keys = set(vectors[names[0]])
    for name in names[1:]:
        if set(vectors[name]) != keys:
            raise KeyError(f"linear_combination: vectors {names[0]!r} and {name!r} differ in keys")
    return {key: sum(float(coefficients[name]) * vectors[name][key] for name in names) for key in vectors[names[0]]}


def _check_vector(model: nn.Module, base_params: Mapping[str, torch.Tensor], vector: Mapping[str, torch.Tensor]) -> None:
    for name, param in model.named_parameters():
        for label, source in (("base_params", base_params), ("vector", vector)):
            if name not in source:
                raise KeyError(f"scaled: parameter {name!r} of the model is missing from {label}")
            if source[name].shape != param.shape:
                raise ValueError(f"scaled: {label}[{name!r}] has shape {tuple(source[name].shape)}, the parameter {tuple(param.shape)}")
    # A vector may name a tied weight under its second name or a float buffer (state_dict keys),
    # but a key the model does not know means it belongs to another model.
    known = set(model.state_dict()) | {name for name, _ in model.named_parameters(remove_duplicate=False)}
    unknown = sorted(set(vector) - known)
    if unknown:
        raise KeyError(f"scaled: the vector has keys the model does not know: {unknown[:5]}")


@contextmanager
def scaled(model: nn.Module, base_params: Mapping[str, torch.Tensor], vector: Mapping[str, torch.Tensor], alpha: float) -> Iterator[nn.Module]:
    """Set the model's parameters to θ_base + α·T in place for the duration, then restore θ_base.

    ``base_params`` are detached clones of the base parameters (``parameter_state``), taken once;
    they are never modified. The sum is computed in the parameter's dtype: in a bfloat16 model an
    α·T under half the bfloat16 spacing of a weight leaves that weight at θ_base. On exit, normal
    or by an exception, every parameter is copied back from ``base_params``, so it equals θ_base
    bit for bit.
    Only parameters move; buffers stay as they are. For speed keep ``base_params`` and ``vector``
    on the model's device (they are moved per call otherwise).

    Usage: ``with scaled(model, base_params, vector, 0.5): loss = token_nll(model, ...)``.
    """
    _check_vector(model, base_params, vector)
    alpha = float(alpha)
    try:
        with torch.no_grad():
            for name, param in model.named_parameters():  # de-duplicated: a tied weight is set once
                base = base_params[name].to(param.device, param.dtype)
                param.copy_(base).add_(vector[name].to(param.device, param.dtype), alpha=alpha)
        yield model
    finally:
        with torch.no_grad():
            for name, param in model.named_parameters():
                param.copy_(base_params[name])


def save_vector(path: str | os.PathLike, vector: Mapping[str, torch.Tensor], metadata: Mapping[str, Any] | None = None) -> None:
    """Save a task vector as safetensors, atomically; ``metadata`` values are stored as JSON."""
    encoded = {str(k): json.dumps(v, sort_keys=True) for k, v in (metadata or {}).items()}
    save_tensors(path, dict(vector), metadata=encoded)


def load_vector(path: str | os.PathLike, device: str = "cpu") -> VectorFile:
    """Read a task vector written by ``save_vector``: tensors and JSON-decoded metadata."""
    from safetensors import safe_open

    vector = load_tensors(path, device=device)
    with safe_open(str(path), framework="pt") as f:
        raw = f.metadata() or {}
    metadata = {}
    for key, value in raw.items():
        try:
            metadata[key] = json.loads(value)
        except json.JSONDecodeError:  # written by another tool: keep the string
            metadata[key] = value
    return VectorFile(vector, metadata)
