"""Helpers shared by every study's dataclass configs."""
from __future__ import annotations

from dataclasses import asdict, fields
from typing import Any

__all__ = ["check", "from_dict", "to_dict"]


def check(condition: bool, message: str) -> None:
    """Raise ValueError(message) unless ``condition``; used by the configs' ``__post_init__``."""
    if not condition:
        raise ValueError(message)


def from_dict(cls, values: dict[str, Any] | None, **overrides):
    """Build dataclass ``cls`` from a config mapping, rejecting keys it does not know."""
    values = dict(values or {}, **overrides)
    known = {f.name for f in fields(cls)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ValueError(f"{cls.__name__} got unknown key(s) {unknown}; expected a subset of {sorted(known)}")
    return cls(**values)


def to_dict(config) -> dict[str, Any]:
    """The dataclass as a plain dict (what is saved as JSON beside a checkpoint)."""
    return asdict(config)
