"""Config validation against the workflow's JSON schema, with messages that name the key.

Snakemake's own ``validate`` reports the schema path of the first failure; researchers want the
dotted config key, what was expected, and every problem at once, before any job starts.
"""
from __future__ import annotations

import copy
from pathlib import Path
from typing import Any, Callable

import jsonschema
import yaml

__all__ = ["ConfigError", "load_schema", "fill_defaults", "validate_config", "check_local_inputs"]


class ConfigError(ValueError):
    """The config does not match the schema; the message lists every offending key."""


def load_schema(path: str | Path) -> dict:
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def _resolve(node: dict, root: dict) -> dict:
    """Follow a local ``$ref`` ("#/$defs/name") to the schema it names."""
    while "$ref" in node:
        target = root
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def fill_defaults(config: dict, schema: dict, root: dict | None = None) -> None:
    """Insert the schema's ``default`` for every missing property, recursively, in place.

    Entries of open mappings (``additionalProperties`` with a schema, such as user-named tasks)
    get their defaults too.
    """
    root = schema if root is None else root
    schema = _resolve(schema, root)
    properties = schema.get("properties", {})
    for key, node in properties.items():
        sub = _resolve(node, root)
        default = node.get("default", sub.get("default"))  # a default beside a $ref wins
        if key not in config and default is not None:
            config[key] = copy.deepcopy(default)
        if isinstance(config.get(key), dict) and sub.get("type") == "object":
            fill_defaults(config[key], sub, root)
    extra = schema.get("additionalProperties")
    if isinstance(extra, dict):
        for key, value in config.items():
            if key not in properties and isinstance(value, dict):
                fill_defaults(value, extra, root)


def _dotted(path) -> str:
    return ".".join(str(p) for p in path) or "<top level>"


def _describe(error: jsonschema.ValidationError) -> str:
    key = _dotted(error.absolute_path)
    if error.validator == "additionalProperties":
        known = sorted(error.schema.get("properties", {}))
        unknown = sorted(set(error.instance) - set(known))
        where = f"under '{key}'" if error.absolute_path else "at the top level"
        return f"unknown config key(s) {', '.join(repr(u) for u in unknown)} {where}; expected one of: {', '.join(known)}"
    if "propertyNames" in error.schema_path:  # a user-chosen name (a task) that is not allowed
        if error.validator == "enum":
            return f"unknown name {error.instance!r} under '{key}'; expected one of: {', '.join(map(str, error.validator_value))}"
        return f"name {error.instance!r} under '{key}' is not allowed: {error.message}"
    if error.validator == "type":
        return f"config key '{key}' must be of type {error.validator_value}, got {error.instance!r} ({type(error.instance).__name__})"
    if error.validator == "oneOf":
        options = [" + ".join(repr(k) for k in option.get("required", [])) for option in error.validator_value]
        return f"config key '{key}' must give exactly one of: {', '.join(options)}"
    if error.validator == "const":
        return f"config key '{key}' = {error.instance!r}: only {error.validator_value!r} is allowed ({error.schema.get('description', '')})"
    if error.validator == "required":
        return f"config key '{key}' is missing required entry: {error.message}"
    return f"config key '{key}' = {error.instance!r}: {error.message}"


def validate_config(config: dict, schema: dict) -> dict:
    """Fill defaults into ``config`` in place and validate it; raise :class:`ConfigError` naming every bad key."""
    fill_defaults(config, schema)
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(config), key=lambda e: (list(map(str, e.absolute_path)), e.validator))
    if errors:
        lines = "\n".join(f"  - {_describe(e)}" for e in errors)
        raise ConfigError(f"invalid config ({len(errors)} problem{'s' if len(errors) > 1 else ''}):\n{lines}")
    return config


def _local_sources(config: dict):
    """(dotted key, path) of every local data file an enabled study reads."""
    tv, distill = config["task_vectors"], config["distill"]
    if tv["enabled"]:
        for category, source in tv["general_eval"].items():
            yield f"task_vectors.general_eval.{category}.path", source.get("path")
        for task, spec in tv["tasks"].items():
            for split in ("train", "eval"):
                yield f"task_vectors.tasks.{task}.{split}.path", spec[split].get("path")
    if distill["enabled"]:
        for task, spec in distill["tasks"].items():
            for split in ("train", "test"):
                yield f"distill.tasks.{task}.{split}.path", spec[split].get("path")


def check_local_inputs(config: dict, resolve: Callable[[str], str]) -> None:
    """Every local data file and model folder of the enabled studies exists and is usable, before any job runs.

    ``resolve`` turns a configured data path into the one jobs read (relative to the repository);
    a model folder is checked where ``from_pretrained`` will look for it (the working directory).
    Raises :class:`ConfigError` naming each key, its value and the problem. Line-level checks of a
    file's content happen in the job that reads it (``mlsweeps.hub.check_data_file``), which is
    the first job of its chain.
    """
    from .hub import model_folder_problem

    problems = []
    for key, path in _local_sources(config):
        if path is None:
            continue
        resolved = Path(resolve(path))
        if not resolved.is_file():
            problems.append(f"config key '{key}' = {path!r}: no such file ({resolved}); fix the path or create the file")
        elif resolved.stat().st_size == 0:
            problems.append(f"config key '{key}' = {path!r}: the file is empty ({resolved})")
    for study in ("task_vectors", "distill"):
        model = config[study]["model"]
        if not config[study]["enabled"] or model == "base_lm":
            continue
        folder = Path(model).expanduser()
        if folder.is_dir():
            problem = model_folder_problem(folder)
            if problem:
                problems.append(f"config key '{study}.model': {problem}")
        elif model.startswith((".", "/", "~")) or model.count("/") > 1 or folder.exists():
            problems.append(f"config key '{study}.model' = {model!r}: no such model folder (a hub id is 'name' or 'owner/name')")
    if problems:
        raise ConfigError(f"invalid config ({len(problems)} problem{'s' if len(problems) > 1 else ''}):\n" + "\n".join(f"  - {p}" for p in problems))
