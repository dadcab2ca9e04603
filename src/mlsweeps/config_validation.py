"""Config validation against the workflow's JSON schema, with messages that name the key.

Snakemake's own ``validate`` reports the schema path of the first failure; researchers want the
dotted config key, what was expected, and every problem at once, before any job starts.
"""
from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import jsonschema
import yaml

__all__ = ["ConfigError", "load_schema", "fill_defaults", "validate_config"]


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
