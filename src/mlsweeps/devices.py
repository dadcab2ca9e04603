"""Device choice: CUDA when present, CPU otherwise, overridable from the config."""
from __future__ import annotations

from typing import Literal

import torch

__all__ = ["DeviceChoice", "resolve_device", "describe_device", "configure_threads"]

DeviceChoice = Literal["auto", "cpu", "cuda"]


def resolve_device(requested: DeviceChoice = "auto") -> torch.device:
    """Return the torch device for ``requested`` ("auto" picks CUDA when available)."""
    if requested == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if requested == "cuda" and not torch.cuda.is_available():
        raise RuntimeError("config asks for device 'cuda' but torch sees no CUDA device; set device: auto or cpu")
    if requested not in ("cpu", "cuda"):
        raise ValueError(f"device must be one of 'auto', 'cpu', 'cuda', got {requested!r}")
    return torch.device(requested)


def describe_device(device: torch.device) -> str:
    """A human-readable device name for provenance, e.g. 'cuda (NVIDIA H100)' or 'cpu (2 threads)'."""
    if device.type == "cuda":
        return f"cuda ({torch.cuda.get_device_name(device)})"
    threads = torch.get_num_threads()
    return f"cpu ({threads} thread{'s' if threads != 1 else ''})"


def configure_threads(threads: int) -> None:
    """Give torch the job's thread budget (Snakemake's ``threads``), never more than the machine has."""
    import os

    torch.set_num_threads(max(1, min(int(threads), os.cpu_count() or 1)))
