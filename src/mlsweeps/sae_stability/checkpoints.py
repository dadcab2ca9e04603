"""Saving and loading the study's models: weights as safetensors, config as JSON beside them."""
from __future__ import annotations

from pathlib import Path

import torch

from ..io import load_tensors, read_json, save_tensors, write_json
from .config import TransformerConfig, from_dict, to_dict
from .model import TinyTransformer
from .sae import TopKSAE
from .tasks import TaskData

__all__ = ["save_task_data", "load_task_data", "save_transformer", "load_transformer", "load_sae"]


def save_task_data(path: str | Path, splits: dict[str, TaskData]) -> None:
    """All splits of a task in one safetensors file, keys ``<split>.<field>``."""
    save_tensors(path, {f"{split}.{field}": value for split, data in splits.items() for field, value in data._asdict().items()})


def load_task_data(path: str | Path) -> dict[str, TaskData]:
    tensors = load_tensors(path)
    splits = sorted({key.split(".")[0] for key in tensors})
    try:
        return {split: TaskData(**{field: tensors[f"{split}.{field}"] for field in TaskData._fields}) for split in splits}
    except KeyError as err:
        raise ValueError(f"{path} lacks tensor {err}; expected <split>.{{{','.join(TaskData._fields)}}}") from err


def save_transformer(model: TinyTransformer, weights_path: str | Path, config_path: str | Path) -> None:
    save_tensors(weights_path, model.state_dict())
    write_json(config_path, to_dict(model.cfg))


def load_transformer(weights_path: str | Path, config_path: str | Path, device: torch.device | str = "cpu") -> TinyTransformer:
    model = TinyTransformer(from_dict(TransformerConfig, read_json(config_path)))
    model.load_state_dict(load_tensors(weights_path))
    return model.to(device).eval()


def load_sae(sae_path: str | Path, config_path: str | Path) -> TopKSAE:
    """A saved SAE (``sae.safetensors``, the config JSON written beside it), on the CPU, in eval mode."""
    tensors = load_tensors(sae_path)
    if "W_dec" not in tensors:
        raise ValueError(f"{sae_path} holds no 'W_dec' tensor (found {sorted(tensors)}); is it an SAE checkpoint?")
    d_sae, d_model = tensors["W_dec"].shape
    sae = TopKSAE(d_model, d_sae, read_json(config_path)["k"])
    sae.load_state_dict(tensors)
    return sae.eval()
