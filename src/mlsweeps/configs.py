"""The config schema as the one home of every default and bound, and the dataclass configs built from it.

``workflow/schemas/config.schema.yaml`` gives each config key its type, default, bounds and
description. A study's dataclass config names its schema section with :func:`schema_section`,
which takes each field's default from the schema and checks each value against the schema's
bounds when an instance is built; a class whose fields and the schema's keys differ fails at
import, so the two cannot drift apart. ``__post_init__`` keeps only checks across fields.
"""
from __future__ import annotations

import copy
import functools
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any, Callable

import yaml

__all__ = ["ConfigError", "SCHEMA_PATH", "load_schema", "schema", "schema_node", "schema_section", "check", "from_dict", "to_dict"]

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "workflow" / "schemas" / "config.schema.yaml"
"""The schema, in the workflow folder of the checkout this package is imported from."""


class ConfigError(ValueError):
    """The config does not fit the schema or a cross-key rule; the message names each offending key."""


def load_schema(path: str | Path) -> dict:
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@functools.cache
def schema() -> dict:
    """The workflow's config schema (read once per process)."""
    return load_schema(SCHEMA_PATH)


def resolve_ref(node: dict, root: dict) -> dict:
    """Follow a local ``$ref`` ("#/$defs/name") to the schema it names."""
    while "$ref" in node:
        target = root
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def schema_node(section: str) -> dict:
    """The object schema of ``section``: a dotted config key ("distill.train") or a definition ("$defs.finetune")."""
    root = schema()
    parts = section.split(".")
    node = root["$defs"][parts[1]] if parts[0] == "$defs" else root
    for part in parts[2:] if parts[0] == "$defs" else parts:
        node = resolve_ref(node, root)["properties"][part]
    return resolve_ref(node, root)


def _bound_problems(value: Any, node: dict) -> list[str]:
    """What is wrong with ``value`` under the schema keywords the config uses for scalars and lists."""
    problems = []
    if "enum" in node and value not in node["enum"]:
        problems.append(f"must be one of {node['enum']}")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        for keyword, fails, words in (("minimum", lambda v, b: v < b, ">="), ("exclusiveMinimum", lambda v, b: v <= b, ">"),
                                      ("maximum", lambda v, b: v > b, "<="), ("exclusiveMaximum", lambda v, b: v >= b, "<")):
            if keyword in node and fails(value, node[keyword]):
                problems.append(f"must be {words} {node[keyword]}")
    if isinstance(value, (list, tuple, str)) and len(value) < node.get("minItems", node.get("minLength", 0)):
        problems.append(f"must hold at least {node.get('minItems', node.get('minLength'))} item(s)")
    return problems


def check(condition: bool, message: str) -> None:
    """Raise ConfigError(message) unless ``condition``; for the checks across fields in ``__post_init__``."""
    if not condition:
        raise ConfigError(message)


def schema_section(section: str, *, derived: tuple[str, ...] = ()) -> Callable[[type], type]:
    """Class decorator, placed below ``@dataclass``: the fields of schema ``section`` with its defaults and bounds.

    Every annotated field but those in ``derived`` (values the pipeline sets from data, not from a
    config file) must be a key of the section, and every key of the section a field. Building an
    instance checks each value against the key's bounds (ConfigError naming ``section.key``), then
    runs the class's own ``__post_init__``.
    """

    def decorate(cls: type) -> type:
        properties = schema_node(section).get("properties", {})
        names = [name for name in cls.__annotations__ if name not in derived]
        if sorted(names) != sorted(properties):
            raise TypeError(f"{cls.__name__} and schema section {section!r} disagree: fields only in the class "
                            f"{sorted(set(names) - set(properties))}, keys only in the schema {sorted(set(properties) - set(names))}")
        for name in names:
            if name in cls.__dict__:
                raise TypeError(f"{cls.__name__}.{name} sets a default; the schema's ({section}.{name}) is the only one")
            default = copy.deepcopy(properties[name].get("default"))
            if default is None:
                raise TypeError(f"schema key {section}.{name} has no default")
            setattr(cls, name, tuple(default) if isinstance(default, list) else default)
        own_post_init = cls.__dict__.get("__post_init__")

        def __post_init__(self):
            problems = [f"{section}.{name} = {getattr(self, name)!r}: {problem}"
                        for name in names for problem in _bound_problems(getattr(self, name), properties[name])]
            if problems:
                raise ConfigError("; ".join(problems))
            if own_post_init is not None:
                own_post_init(self)

        cls.__post_init__ = __post_init__
        cls.schema_section = section
        return cls

    return decorate


def from_dict(cls, values: dict[str, Any] | None, **overrides):
    """Build dataclass ``cls`` from a config mapping, rejecting keys it does not know."""
    values = dict(values or {}, **overrides)
    known = {f.name for f in fields(cls)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ConfigError(f"{cls.__name__} got unknown key(s) {unknown}; expected a subset of {sorted(known)}")
    return cls(**values)


def to_dict(config) -> dict[str, Any]:
    """The dataclass as a plain dict (what is saved as JSON beside a checkpoint)."""
    return asdict(config)
