"""The one loader of the study's datasets, local file or hub, via ``datasets.load_dataset``.

A source is a mapping, as written in the config:

- hub: ``{hub: xtreme, subset: PAN-X.en, split: test}`` (the paper configs);
- local: ``{path: my_data/ner_test.parquet}``: ``.parquet`` (keeps ``ClassLabel`` features, so label
  names travel with the file), ``.jsonl`` / ``.json`` or ``.csv`` (label names then come from the
  task's ``label_names``);
- ``{synthetic: true}``: the pipeline's own generated data (``synthetic.py``), read as the local
  parquet file the generating rule wrote.

Label names are always taken from the dataset's features when it has them (the original listed
the UPOS tags in its own order and shifted every gold tag by one).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Mapping, Sequence

from ..hub import load_hub_dataset, load_local_dataset

__all__ = ["LOCAL_BUILDERS", "DatasetFieldError", "load_split", "require_fields", "label_names", "label_of"]

LOCAL_BUILDERS: dict[str, str] = {".parquet": "parquet", ".jsonl": "json", ".json": "json", ".csv": "csv"}
"""File suffix -> ``datasets`` packaged builder."""


class DatasetFieldError(KeyError, ValueError):
    """A dataset lacks a field the task needs, or a label is outside its names (catchable as either type)."""

    def __str__(self) -> str:  # KeyError would show the message in quotes
        return str(self.args[0]) if self.args else ""


def load_split(source: Mapping[str, Any], *, name: str, synthetic_file: str | os.PathLike | None = None):
    """One split as a ``datasets.Dataset``. ``name`` ("task NER test") labels every error message.

    ``synthetic_file`` is the parquet file the generating rule wrote, used when the source is
    ``{synthetic: true}``.
    """
    kinds = [k for k in ("path", "hub", "synthetic") if source.get(k)]
    if len(kinds) != 1:
        raise ValueError(f"{name}: a source needs exactly one of 'path', 'hub' or 'synthetic: true', got {dict(source)}")
    if kinds[0] == "hub":
        return load_hub_dataset(source["hub"], source.get("subset"), source.get("split") or "train", name=name)
    if kinds[0] == "synthetic":
        if synthetic_file is None:
            raise ValueError(f"{name}: a synthetic source needs the generated file")
        return _load_local(Path(synthetic_file), name)
    return _load_local(Path(source["path"]), name)


def _load_local(path: Path, name: str):
    dataset = load_local_dataset(path, LOCAL_BUILDERS, name=name)
    if len(dataset) == 0:
        raise ValueError(f"{name}: file {path} holds no rows")
    return dataset


def require_fields(dataset, fields: Sequence[str], *, name: str) -> None:
    """Raise DatasetFieldError naming the dataset and the first missing field."""
    columns = list(dataset.column_names)
    for field in fields:
        if field not in columns:
            raise DatasetFieldError(f"{name}: the dataset has no field {field!r}, which this task needs; its fields are {columns}")


def label_names(dataset, field: str, *, configured: Sequence[str] | None, name: str) -> list[str]:
    """Names of the labels in ``field`` (a ClassLabel, or a list of them), from the dataset's features.

    A field stored as plain values (ints or strings, e.g. JSON files) has no names of its own;
    then ``configured`` (the task's ``label_names`` in the config) gives them, in id order.
    """
    feature = dataset.features[field]
    inner = getattr(feature, "feature", feature)  # List(ClassLabel) -> ClassLabel
    names = getattr(inner, "names", None)
    if names:
        return list(names)
    if configured:
        return list(configured)
    raise DatasetFieldError(
        f"{name}: field {field!r} carries no label names in its features ({feature}); "
        "store it as a ClassLabel (e.g. parquet written by datasets) or set the task's label_names in the config"
    )


def label_of(value: Any, names: Sequence[str], *, name: str, where: str, field: str | None = None) -> str:
    """The label name of a stored value: an id into ``names`` or a name itself; anything else is an error naming ``field``."""
    if isinstance(value, str) and value in names:
        return value
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < len(names):
        return names[value]
    if isinstance(value, str) and value.lstrip("-").isdigit() and 0 <= int(value) < len(names):
        return names[int(value)]
    of = f" of field {field!r}" if field else ""
    raise DatasetFieldError(f"{name}: {where} has label {value!r}, outside the dataset's label names {list(names)}{of}")
