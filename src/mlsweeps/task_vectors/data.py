"""The one loader for every text set of the study, local file or hub dataset, via ``datasets.load_dataset``.

A source is a mapping, as written in the config:

- local: ``{path: data/task_vectors/sp_train.txt}``; ``.txt`` is one text per line, ``.jsonl`` /
  ``.json`` and ``.csv`` are rows with named columns;
- hub: ``{hub: imdb, subset: null, split: test}`` (``split`` defaults to ``train``);
- for both: ``field`` (the column holding the text, default ``text``) or ``template`` (a Python
  format string over the row, e.g. ``"Q: {question} A: {answers[text][0]}"``, used instead of
  ``field``), ``filter`` (column -> required value) and ``limit`` (the first N texts kept).

Texts are stripped and blank ones dropped; the file's order is kept. The machines this runs on
often reach no hub, so a hub source fails within seconds (never the library's long retry loop)
with an error that suggests a local ``path`` instead; a dataset already in the local cache still loads.
"""
from __future__ import annotations

import string
from typing import Any, Mapping

from ..hub import load_hub_dataset, load_local_dataset

__all__ = ["load_texts", "MissingColumnError", "LOCAL_BUILDERS", "SOURCE_KEYS"]

LOCAL_BUILDERS: dict[str, str] = {".txt": "text", ".jsonl": "json", ".json": "json", ".csv": "csv"}
"""File suffix -> ``datasets`` packaged builder."""

_COMMON_KEYS = {"field", "template", "filter", "limit"}
SOURCE_KEYS: dict[str, set[str]] = {"path": {"path"} | _COMMON_KEYS, "hub": {"hub", "subset", "split"} | _COMMON_KEYS}
"""Keys a source may carry, by kind."""


class MissingColumnError(KeyError, ValueError):
    """A row lacks the configured field, template key or filter column (catchable as either type)."""

    def __str__(self) -> str:  # KeyError would show the message in quotes
        return str(self.args[0]) if self.args else ""


def load_texts(source: Mapping[str, Any], *, name: str) -> list[str]:
    """Texts of one set, stripped, blank ones dropped, in the source's order.

    ``name`` is a human label ("task SP eval") that every error message carries.

    Raises
    ------
    FileNotFoundError
        A local ``path`` that does not exist.
    ValueError
        A malformed source, a file ``datasets`` cannot read, or no non-blank text left.
    MissingColumnError
        (a KeyError and a ValueError) Rows without the ``field``, a ``template`` key or a
        ``filter`` column; the message lists the available columns.
    RuntimeError
        A hub dataset that cannot be reached (no network) and is not in the local cache.
    """
    kind = _check_source(source, name)
    if kind == "path":
        dataset, where = _load_local(source, name), f"file {source['path']}"
    else:
        dataset, where = _load_hub(source, name), f"hub dataset {source['hub']!r}"
    texts = _select_texts(dataset, source, name=name, where=where)
    if not texts:
        extra = f" after filter {dict(source['filter'])}" if source.get("filter") else ""
        raise ValueError(f"{name}: no non-blank text in {where}{extra}; check the source ({dict(source)})")
    return texts


def _check_source(source: Mapping[str, Any], name: str) -> str:
    if not isinstance(source, Mapping):
        raise ValueError(f"{name}: a text source must be a mapping with 'path' or 'hub', got {source!r}")
    kinds = [k for k in ("path", "hub") if source.get(k)]
    if len(kinds) != 1:
        raise ValueError(f"{name}: a text source needs exactly one of 'path' (a local file) or 'hub' (a dataset id), got {dict(source)}")
    kind = kinds[0]
    unknown = sorted(set(source) - SOURCE_KEYS[kind])
    if unknown:
        raise ValueError(f"{name}: unknown key(s) {unknown} for a '{kind}' source; expected a subset of {sorted(SOURCE_KEYS[kind])}")
    if "field" in source and "template" in source:
        raise ValueError(f"{name}: give either 'field' or 'template', not both")
    limit = source.get("limit")
    if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool) or limit < 1):
        raise ValueError(f"{name}: 'limit' must be a positive integer, got {limit!r}")
    if source.get("filter") is not None and not isinstance(source["filter"], Mapping):
        raise ValueError(f"{name}: 'filter' must map a column to its required value, got {source['filter']!r}")
    return kind


def _load_local(source: Mapping[str, Any], name: str):
    return load_local_dataset(source["path"], LOCAL_BUILDERS, name=name)


def _load_hub(source: Mapping[str, Any], name: str):
    return load_hub_dataset(source["hub"], source.get("subset"), source.get("split") or "train", name=name)


def _template_keys(template: str) -> list[str]:
    """Top-level row keys a format string reads: ``"{answers[text][0]}"`` -> ``["answers"]``."""
    keys = []
    for _, field_name, _, _ in string.Formatter().parse(template):
        if field_name:
            keys.append(field_name.split("[", 1)[0].split(".", 1)[0])
    return keys


def _select_texts(dataset, source: Mapping[str, Any], *, name: str, where: str) -> list[str]:
    columns = list(dataset.column_names)
    template, field = source.get("template"), source.get("field", "text")
    wanted = dict(source.get("filter") or {})
    needed = (_template_keys(template) if template else [field]) + list(wanted)
    for key in needed:
        if key not in columns:
            role = "filter column" if key in wanted else ("template key" if template else "field")
            raise MissingColumnError(f"{name}: rows of {where} have no {role} {key!r}; available columns: {columns}")
    limit = source.get("limit")
    texts: list[str] = []
    for index, row in enumerate(dataset):
        if any(row[k] != v for k, v in wanted.items()):
            continue
        if template:
            try:
                text = template.format(**row)
            except (KeyError, IndexError, TypeError) as err:
                raise MissingColumnError(f"{name}: template {template!r} fails on row {index} of {where} ({type(err).__name__}: {err}); available columns: {columns}") from err
        else:
            text = row[field]
        text = "" if text is None else str(text).strip()
        if text:
            texts.append(text)
            if limit is not None and len(texts) >= limit:
                break
    return texts
