"""Config validation: defaults filled, every bad key named with what was expected."""
import copy
import re
import typing

import pytest
import yaml

from mlsweeps.config_validation import ConfigError, compose_config, load_schema, validate_config
from mlsweeps.configs import schema_node, schema_section
from mlsweeps.sae_stability.config import validate_study


@pytest.fixture(scope="module")
def schema(repo):
    return load_schema(repo / "workflow" / "schemas" / "config.schema.yaml")


@pytest.fixture(scope="module")
def default_config(repo):
    return yaml.safe_load((repo / "config.yaml").read_text())


def test_default_and_paper_configs_are_valid(repo, schema, default_config):
    validate_config(copy.deepcopy(default_config), schema)
    for path in sorted((repo / "configs").rglob("*.yaml")):  # each stands alone, as --configfile reads it
        validate_study(validate_config(compose_config([path]), schema)["sae_stability"])


def _schema_dataclasses():
    import importlib

    for study in ("base_lm", "sae_stability", "task_vectors", "distill"):
        module = importlib.import_module(f"mlsweeps.{study}.config")
        yield from (value for value in vars(module).values() if isinstance(value, type) and hasattr(value, "schema_section"))


@pytest.mark.parametrize("cls", list(_schema_dataclasses()), ids=lambda cls: f"{cls.__module__.split('.')[1]}.{cls.__name__}")
def test_each_dataclass_config_takes_its_defaults_bounds_and_choices_from_the_schema(cls):
    properties = schema_node(cls.schema_section)["properties"]
    built = cls()
    hints = typing.get_type_hints(cls)
    for name, node in properties.items():
        default = node["default"]
        assert getattr(built, name) == (tuple(default) if isinstance(default, list) else default), name
        if typing.get_origin(hints[name]) is typing.Literal:
            assert list(typing.get_args(hints[name])) == node["enum"], name
        if "minimum" in node:
            with pytest.raises(ConfigError, match=rf"{re.escape(cls.schema_section)}\.{name} = .*: must be >= "):
                cls(**{name: node["minimum"] - 1})


def test_a_dataclass_that_drifts_from_its_schema_section_fails_at_definition():
    with pytest.raises(TypeError, match=r"fields only in the class \['epochz'\], keys only in the schema \['num'\]"):
        @schema_section("task_vectors.alpha")
        class Drifted:
            min: float
            max: float
            epochz: int

    with pytest.raises(TypeError, match="sets a default; the schema's"):
        @schema_section("task_vectors.alpha")
        class SecondDefault:
            min: float
            max: float = 2.0
            num: int


def test_empty_config_gets_every_default(schema):
    config = validate_config({}, schema)
    sae = config["sae_stability"]
    assert sae["seeds"] == [42, 123, 456, 789, 1011]
    assert set(sae["tasks"]) == {"modular_arithmetic", "copy"}
    assert sae["tasks"]["copy"]["model"]["d_model"] == 128
    assert sae["sae"]["k"] == 32
    assert config["distill"]["enabled"] is True
    assert list(config["distill"]["tasks"]) == ["NLI", "PA", "QA", "NER", "POS"]
    assert config["distill"]["tasks"]["NLI"]["test"] == {"synthetic": True}
    assert set(config["task_vectors"]["tasks"]) == {"SP", "SN", "QA"}
    assert config["task_vectors"]["tasks"]["SP"]["eval"] == {"path": "data/task_vectors/SP/eval.txt", "field": "text"}


def test_settings_come_in_the_schema_order_whatever_the_file_order_and_tasks_in_the_users(schema, default_config):
    """A rule's params compare mappings with their key order: listing the same settings in another order must rerun nothing."""
    def reversed_keys(node, keep_order=("tasks", "general_eval")):
        return {k: node[k] if k in keep_order else reversed_keys(node[k]) for k in reversed(node)} if isinstance(node, dict) else node

    as_written = validate_config(copy.deepcopy(default_config), schema)
    shuffled = validate_config(reversed_keys(copy.deepcopy(default_config)), schema)

    def key_orders(node, path=()):
        if isinstance(node, dict):
            yield path, list(node)
            for k, v in node.items():
                yield from key_orders(v, (*path, k))
    assert dict(key_orders(shuffled)) == dict(key_orders(as_written))
    assert list(shuffled["distill"]["train"])[:3] == ["steps", "batch_size", "grad_accum"]
    assert list(shuffled["distill"]["tasks"]) == list(as_written["distill"]["tasks"]) == ["NLI", "PA", "QA", "NER", "POS"]


def test_misspelled_key_is_named_with_expected_keys(schema):
    with pytest.raises(ConfigError, match=r"unknown config key\(s\) 'epocs' under 'sae_stability.sae'; expected one of: .*epochs"):
        validate_config({"sae_stability": {"sae": {"epocs": 3}}}, schema)


def test_unknown_top_level_key(schema):
    with pytest.raises(ConfigError, match=r"'sae_stabilty' at the top level; expected one of: base_lm, distill, sae_stability, task_vectors"):
        validate_config({"sae_stabilty": {}}, schema)


def test_unknown_task_is_named(schema):
    with pytest.raises(ConfigError, match=r"'modular_arithmatic' under 'sae_stability.tasks'; expected one of: copy, modular_arithmetic"):
        validate_config({"sae_stability": {"tasks": {"modular_arithmatic": {}}}}, schema)


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ({"sae": {"k": "32"}}, r"'sae_stability.sae.k' must be of type integer, got '32'"),
        ({"sae": {"batch_size": 0}}, r"'sae_stability.sae.batch_size' = 0: 0 is less than the minimum of 1"),
        ({"seeds": [1, 1]}, r"'sae_stability.seeds' = \[1, 1\]: .*non-unique"),
        ({"device": "tpu"}, r"'sae_stability.device' = 'tpu': 'tpu' is not one of"),
        ({"tasks": {"copy": {"data": {"n_train": -1}}}}, r"'sae_stability.tasks.copy.data.n_train' = -1"),
    ],
)
def test_bad_values_are_named(schema, section, message):
    with pytest.raises(ConfigError, match=message):
        validate_config({"sae_stability": section}, schema)


def test_all_problems_reported_at_once(schema):
    with pytest.raises(ConfigError, match=r"2 problems") as info:
        validate_config({"sae_stability": {"sae": {"k": "x"}, "seeds": [3, 3]}}, schema)
    assert "sae_stability.sae.k" in str(info.value) and "sae_stability.seeds" in str(info.value)


def test_cross_key_checks(schema):
    config = validate_config({"sae_stability": {"sae": {"k": 5000}, "tasks": {"copy": {"model": {"d_model": 30, "n_heads": 4}}}}}, schema)
    with pytest.raises(ConfigError) as info:
        validate_study(config["sae_stability"])
    text = str(info.value)
    assert "'sae_stability.sae.k' = 5000: larger than d_sae" in text
    assert "sae_stability.tasks.copy.model" in text and "divisible" in text


def test_distill_bad_values_are_named(schema):
    with pytest.raises(ConfigError) as info:
        validate_config({"distill": {"lambdas": [0, -0.1], "tasks": {"XNLI": {"train": {"synthetic": True}, "test": {"synthetic": True}}}}}, schema)
    text = str(info.value)
    assert "distill.lambdas" in text and "-0.1" in text
    assert "XNLI" in text


def test_text_source_needs_exactly_one_origin_and_tasks_need_an_eval_set(schema):
    with pytest.raises(ConfigError, match=r"'task_vectors.tasks.SP.train' must give exactly one of: 'path', 'hub'"):
        validate_config({"task_vectors": {"tasks": {"SP": {"train": {"path": "a.txt", "hub": "x/y"}, "eval": {"path": "b.txt"}}}}}, schema)
    with pytest.raises(ConfigError, match=r"'task_vectors.tasks.SP' is missing required entry: 'eval'"):
        validate_config({"task_vectors": {"tasks": {"SP": {"train": {"path": "a.txt"}}}}}, schema)


def test_the_config_reference_page_is_rendered_from_the_current_schema(repo):
    from mlsweeps.config_docs import render_reference

    assert (repo / "docs" / "config.md").read_text() == render_reference(), "docs/config.md is stale: run `make docs`"


def test_every_schema_key_holds_only_schema_keywords(schema):
    """A flow mapping whose description holds an unquoted comma splits into stray keys and a cut description."""
    keywords = {"type", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "default", "description", "enum", "items", "minItems",
                "uniqueItems", "minLength", "const", "$ref", "x-overrides", "properties", "additionalProperties", "propertyNames", "required",
                "oneOf", "minProperties", "pattern", "$schema", "$defs"}

    def walk(node, path):
        if isinstance(node, dict):
            if "type" in node or "$ref" in node:
                stray = set(node) - keywords
                assert not stray, f"{path}: {sorted(stray)}"
            for key, child in node.items():
                if key in ("properties", "$defs"):
                    for name, sub in child.items():
                        walk(sub, f"{path}.{name}")
                elif key in ("additionalProperties", "items") and isinstance(child, dict):
                    walk(child, f"{path}.<{key}>")

    walk(schema, "")
