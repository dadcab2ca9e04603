"""Config validation against the workflow's JSON schema, with messages that name the key.

Snakemake's own ``validate`` reports the schema path of the first failure; researchers want the
dotted config key, what was expected, and every problem at once, before any job starts.
"""
from __future__ import annotations

import copy
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

import jsonschema
import yaml

from .configs import ConfigError, load_schema, resolve_ref

__all__ = ["ConfigError", "SOURCE_KINDS", "load_schema", "merge_config", "compose_config", "fill_defaults", "validate_config", "check_local_inputs"]

SOURCE_KINDS = ("path", "hub", "synthetic")
"""Keys that say what kind of data source a mapping is: a later file giving one replaces the earlier source whole."""


def merge_config(base: dict, override: Mapping[str, Any]) -> dict:
    """``override`` merged into ``base`` in place, key by key, and ``base`` returned.

    Mappings merge recursively and every other value (lists included) replaces the earlier one,
    as Snakemake merges config files, with one exception: a mapping that names its kind of data
    source (``path``, ``hub`` or ``synthetic``) replaces the earlier source whole, so a hub
    dataset given over a local file does not keep the file's ``path`` beside its ``hub``. A
    mapping without a kind key (``{limit: 6}``) changes only the options it gives.

    >>> merge_config({"eval": {"path": "a.txt", "limit": 5}}, {"eval": {"hub": "imdb", "split": "test"}})
    {'eval': {'hub': 'imdb', 'split': 'test'}}
    >>> merge_config({"eval": {"path": "a.txt"}}, {"eval": {"limit": 6}})
    {'eval': {'path': 'a.txt', 'limit': 6}}
    """
    for key, value in override.items():
        earlier = base.get(key)
        if isinstance(value, Mapping) and isinstance(earlier, dict) and not _names_source_kind(value):
            merge_config(earlier, value)
        else:
            base[key] = copy.deepcopy(dict(value) if isinstance(value, Mapping) else value)
    return base


def _names_source_kind(mapping: Mapping) -> bool:
    """Whether ``mapping`` is a data source that says its kind (``SOURCE_KINDS``)."""
    return any(kind in mapping for kind in SOURCE_KINDS)


def compose_config(configfiles: Sequence[str | Path], command_line: Mapping[str, Any] | None = None) -> dict:
    """The config of a run given ``--configfile``s: the files merged in order (``merge_config``), then ``--config`` values.

    Only the given files count: config.yaml, the default run, is read when no file is given (the
    Snakefile's ``configfile:``), so a paper config stands alone on the schema's defaults.
    """
    config: dict = {}
    for path in configfiles:
        with open(path, encoding="utf-8") as f:
            loaded = yaml.safe_load(f)
        if loaded is None:
            continue
        if not isinstance(loaded, dict):
            raise ConfigError(f"config file {path}: the top level must be a mapping of study names, got {type(loaded).__name__}")
        merge_config(config, loaded)
    return merge_config(config, command_line or {})


def fill_defaults(config: dict, schema: dict, root: dict | None = None) -> None:
    """Insert the schema's ``default`` for every missing property, recursively, in place.

    Entries of open mappings (``additionalProperties`` with a schema, such as user-named tasks)
    get their defaults too. A key marked ``x-overrides`` holds overrides of another section and
    gets none: what it leaves out keeps that section's values. The schema's properties are put in
    the schema's order: a rule's params compare mappings with their key order, so the order a
    config file happens to list settings in must not rerun anything. Open mappings keep the user's
    order (the order of tasks is the report's).
    """
    root = schema if root is None else root
    schema = resolve_ref(schema, root)
    properties = schema.get("properties", {})
    for key, node in properties.items():
        sub = resolve_ref(node, root)
        default = node.get("default", sub.get("default"))  # a default beside a $ref wins
        if key not in config and default is not None:
            config[key] = copy.deepcopy(default)
        if isinstance(config.get(key), dict) and sub.get("type") == "object" and not node.get("x-overrides"):
            fill_defaults(config[key], sub, root)
    for key in [*(k for k in properties if k in config), *(k for k in list(config) if k not in properties)]:
        config[key] = config.pop(key)
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
    a model folder is checked where ``from_pretrained`` will look for it (the working directory), a
    packaged model (``pretrained.PACKAGED_MODELS``) for its installed GGUF file.
    Raises :class:`ConfigError` naming each key, its value and the problem. Line-level checks of a
    file's content happen in the job that reads it (``mlsweeps.hub.check_data_file``), which is
    the first job of its chain.
    """
    from .hub import model_folder_problem
    from .pretrained import PACKAGED_MODELS, packaged_model_problem

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
        if model in PACKAGED_MODELS:  # converted by this workflow from an installed package's file
            if problem := packaged_model_problem(model):
                problems.append(f"config key '{study}.model': {problem}")
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
