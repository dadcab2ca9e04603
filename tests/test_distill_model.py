"""distill: prompt alignment, the distillation term, LoRA training, generation, data loading, analysis."""
from __future__ import annotations

import copy
import dataclasses
import math

import datasets
import pandas as pd
import pytest
import torch

from mlsweeps.base_lm.config import TinyLMConfig, TokenizerConfig
from mlsweeps.base_lm.model import build_model
from mlsweeps.base_lm.tokenizer import train_tokenizer
from mlsweeps.distill.config import DivergenceConfig, LoraSettings, TrainConfig, format_lambda, lambda_labels, validate_study
from mlsweeps.configs import ConfigError
from mlsweeps.distill.data import DatasetFieldError, load_split
from mlsweeps.distill import evaluate as evaluate_module
from mlsweeps.distill.evaluate import demonstrations_for, dev_nll, evaluate, generate, logit_scores, merged_adapter
from mlsweeps.distill.prompts import encode, end_of_turn, prompt_ids
from mlsweeps.distill.tasks import TASKS, Example
from mlsweeps.distill.train import add_lora, answer_logits, answer_logprobs, divergence, teacher_demonstrations, teacher_targets, train
from mlsweeps.resume import Checkpoint

CPU = torch.device("cpu")
WORDS = "Anna Tom has a red blue car book . not does entailment neutral contradiction yes no Premise Hypothesis Answer or the".split()


@pytest.fixture(scope="module")
def tiny():
    """A random tiny Qwen3 LM with the project's tokenizer and chat template (untrained is enough here)."""
    texts = [" ".join(WORDS[i:] + WORDS[:i]) for i in range(len(WORDS))] * 20
    tokenizer = train_tokenizer(texts, TokenizerConfig(vocab_size=300, min_frequency=1), model_max_length=512)
    torch.manual_seed(0)
    model = build_model(TinyLMConfig(hidden_size=32, intermediate_size=64, n_layers=1, n_heads=2, n_kv_heads=1, max_position=512), tokenizer)
    return model.eval(), tokenizer


def nli_example(name: str, negated: bool) -> Example:
    label = "contradiction" if negated else "entailment"
    hypothesis = f"{name} does not have a car ." if negated else f"{name} has a car ."
    prompt = f"Premise: {name} has a red car .\nHypothesis: {hypothesis}\nAnswer entailment or contradiction."
    return Example(prompt, label, {"label": label, "choices": ["entailment", "contradiction"]})


POOL = [nli_example(n, neg) for n in ("Anna", "Tom") for neg in (False, True)] * 4


def test_chat_template_has_no_thinking_block_when_disabled(tiny):
    _, tokenizer = tiny
    messages = [{"role": "user", "content": "hi"}]
    off = tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True, enable_thinking=False)
    on = tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True, enable_thinking=True)
    assert "<think>" not in off and off.endswith("<|im_start|>assistant\n")
    assert on.endswith("<think>\n")


def test_end_of_turn_is_im_end_when_the_vocabulary_has_it_else_eos(tiny):
    from tokenizers import Tokenizer, models
    from transformers import PreTrainedTokenizerFast

    assert end_of_turn(tiny[1]) == "<|im_end|>"
    word_level = Tokenizer(models.WordLevel({"a": 0, "</s>": 1, "<unk>": 2}, unk_token="<unk>"))
    assert end_of_turn(PreTrainedTokenizerFast(tokenizer_object=word_level, eos_token="</s>", unk_token="<unk>")) == "</s>"


def test_zero_shot_teacher_equals_fresh_student_and_d_is_zero(tiny):
    model, tokenizer = tiny
    student = add_lora(model, LoraSettings(r=4, alpha=8), seed=0)
    seqs = [encode(tokenizer, ex) for ex in POOL[:4]]
    teacher_seqs = [encode(tokenizer, ex, []) for ex in POOL[:4]]  # k = 0 demonstrations
    s = answer_logits(student, seqs, pad_id=tokenizer.pad_token_id, device=CPU)
    with torch.no_grad(), student.disable_adapter():
        t = answer_logits(student, teacher_seqs, pad_id=tokenizer.pad_token_id, device=CPU)
    assert torch.equal(s, t)
    for kind in ("mse_topk", "kl"):
        assert divergence(s, t, DivergenceConfig(kind=kind, top_k_share=0.05)).abs().max().item() < 1e-6
    student.unload()


def test_compared_positions_predict_the_answer_tokens(tiny):
    _, tokenizer = tiny
    demo_seq = encode(tokenizer, POOL[0], [POOL[1], POOL[2]])
    zero_seq = encode(tokenizer, POOL[0])
    for seq in (demo_seq, zero_seq):
        answer = [seq.ids[p + 1] for p in seq.answer_positions]
        assert tokenizer.decode(answer) == "entailment<|im_end|>"
    # Both sequences end with the same answer ids, at different offsets.
    assert demo_seq.ids[demo_seq.prompt_len:] == zero_seq.ids[zero_seq.prompt_len:]
    assert demo_seq.prompt_len > zero_seq.prompt_len


def test_teacher_drops_demonstrations_to_fit(tiny):
    _, tokenizer = tiny
    full = encode(tokenizer, POOL[0], POOL[1:4])
    zero = encode(tokenizer, POOL[0])
    fitted = encode(tokenizer, POOL[0], POOL[1:4], max_length=len(full.ids) - 1)
    assert len(zero.ids) <= len(fitted.ids) < len(full.ids)
    assert encode(tokenizer, POOL[0], max_length=len(zero.ids) - 1) is None


def test_mse_topk_on_hand_values():
    teacher = torch.tensor([[3.0, 1.0, 2.0, 0.0]])
    student = torch.tensor([[1.0, 1.0, 0.0, 5.0]])
    # teacher's top-2 entries are 0 (3.0) and 2 (2.0): ((1-3)^2 + (0-2)^2) / 2 = 4
    assert divergence(student, teacher, DivergenceConfig(top_k_share=0.5)).item() == pytest.approx(4.0)


def test_kl_is_positive_and_scaled_by_t_squared():
    teacher, student = torch.tensor([[2.0, 0.0]]), torch.tensor([[0.0, 2.0]])
    d1 = divergence(student, teacher, DivergenceConfig(kind="kl", temperature=1.0)).item()
    p = torch.softmax(teacher, -1)[0]
    expected = float((p * (p.log() - torch.log_softmax(student, -1)[0])).sum())
    assert d1 == pytest.approx(expected, rel=1e-5) and d1 > 0


def test_training_lowers_ce_and_lambda_zero_never_runs_the_teacher(tiny, monkeypatch):
    model, tokenizer = tiny
    student = add_lora(model, LoraSettings(r=4, alpha=8, dropout=0.0), seed=0)
    cfg = TrainConfig(steps=12, batch_size=4, grad_accum=2, lrs=(0.01,), warmup_steps=1, max_length=128, teacher_max_length=256, n_shots=1)
    result = train(student, tokenizer, POOL, cfg, lr=cfg.lrs[0], lam=0.0, div_cfg=DivergenceConfig(top_k_share=0.05), n_shots=1, seed=0, device=CPU)
    assert result.history[-1]["ce"] < result.history[0]["ce"]
    assert all(h["divergence"] is None for h in result.history)
    student.unload()
    student = add_lora(model, LoraSettings(r=4, alpha=8, dropout=0.0), seed=0)
    result = train(student, tokenizer, POOL, cfg, lr=cfg.lrs[0], lam=0.5, div_cfg=DivergenceConfig(top_k_share=0.05), n_shots=1, seed=0, device=CPU)
    assert all(h["divergence"] is not None and h["divergence"] >= 0 for h in result.history)
    assert result.history[0]["loss"] == pytest.approx(result.history[0]["ce"] + 0.5 * result.history[0]["divergence"])
    student.unload()


def test_cached_teacher_targets_give_the_result_of_running_the_teacher(tiny):
    """Per-example targets, computed in other batches than training's: equal up to float rounding."""
    model, tokenizer = tiny
    cfg = TrainConfig(steps=4, batch_size=3, grad_accum=2, lrs=(0.01,), warmup_steps=1, max_length=128, teacher_max_length=256, n_shots=1)
    div_cfg = DivergenceConfig(top_k_share=0.05)
    k = div_cfg.top_k(len(tokenizer))
    targets = teacher_targets(model, tokenizer, POOL, max_length=cfg.max_length, teacher_max_length=cfg.teacher_max_length, top_k=k, n_shots=1, batch_size=5, device=CPU)
    assert len(targets.offsets) == len(POOL) + 1 and targets.values.shape == targets.indices.shape == (int(targets.offsets[-1]), k)
    assert targets.shots.tolist() == [1] * len(POOL) and bool(((targets.mass > 0) & (targets.mass <= 1 + 1e-6)).all())
    runs = []
    for cached in (None, targets):
        student = add_lora(model, LoraSettings(r=4, alpha=8, dropout=0.0), seed=3)
        result = train(student, tokenizer, POOL, cfg, lr=0.01, lam=0.5, div_cfg=div_cfg, n_shots=1, seed=3, device=CPU, targets=cached)
        runs.append(result.history)
        student.unload()
    online, read = runs
    assert [h["divergence"] for h in read] == pytest.approx([h["divergence"] for h in online], rel=1e-4)


def test_demonstrations_depend_on_the_example_alone_and_never_include_it():
    assert teacher_demonstrations(10, 3, 2) == teacher_demonstrations(10, 3, 2)
    assert all(i not in teacher_demonstrations(10, i, 9) and len(teacher_demonstrations(10, i, 9)) == 9 for i in range(10))
    assert teacher_demonstrations(10, 3, 0) == []


def test_zero_shot_teacher_targets_are_the_base_model_on_the_student_sequence(tiny):
    model, tokenizer = tiny
    cfg = TrainConfig(steps=1, batch_size=2, grad_accum=1, lrs=(0.01,), warmup_steps=0, max_length=128, teacher_max_length=256, n_shots=1)
    targets = teacher_targets(model, tokenizer, POOL[:2], max_length=cfg.max_length, teacher_max_length=cfg.teacher_max_length, top_k=4, n_shots=0, batch_size=2, device=CPU)
    own = answer_logits(model, [encode(tokenizer, POOL[1])], pad_id=tokenizer.pad_token_id, device=CPU).topk(4, dim=-1)
    values, indices = targets.rows([1], CPU)
    assert targets.shots.tolist() == [0, 0] and torch.equal(indices, own.indices) and torch.allclose(values, own.values, atol=1e-5)


def test_cached_teacher_targets_are_stored_small_and_read_back_as_float32(tiny):
    """int16 ids for a small vocabulary; bfloat16 values only when that loses nothing (a bf16 model's logits)."""
    model, tokenizer = tiny
    cfg = TrainConfig(steps=2, batch_size=3, grad_accum=1, lrs=(0.01,), warmup_steps=1, max_length=128, teacher_max_length=256, n_shots=1)
    exact = teacher_targets(model, tokenizer, POOL, max_length=cfg.max_length, teacher_max_length=cfg.teacher_max_length, top_k=16, n_shots=1, batch_size=4, device=CPU)
    assert exact.values.dtype == torch.float32 and exact.indices.dtype == torch.int16
    bf16 = teacher_targets(copy.deepcopy(model).to(torch.bfloat16), tokenizer, POOL, max_length=cfg.max_length, teacher_max_length=cfg.teacher_max_length, top_k=16, n_shots=1, batch_size=4, device=CPU)
    assert bf16.values.dtype == torch.bfloat16
    values, indices = bf16.rows([1, 2], CPU)
    assert values.dtype == torch.float32 and indices.dtype == torch.long and len(values) == int(bf16.offsets[3] - bf16.offsets[1])


def test_cached_teacher_targets_of_other_data_or_for_kl_are_refused(tiny):
    model, tokenizer = tiny
    cfg = TrainConfig(steps=2, batch_size=3, grad_accum=1, lrs=(0.01,), warmup_steps=1, max_length=128, teacher_max_length=256, n_shots=1)
    smaller_pool = teacher_targets(model, tokenizer, POOL[:2], max_length=cfg.max_length, teacher_max_length=cfg.teacher_max_length, top_k=16, n_shots=1, batch_size=4, device=CPU)
    student = add_lora(model, LoraSettings(r=4, alpha=8, dropout=0.0), seed=0)
    try:
        with pytest.raises(ValueError, match="cover 2 pool examples"):
            train(student, tokenizer, POOL, cfg, lr=0.01, lam=0.5, div_cfg=DivergenceConfig(top_k_share=0.05), n_shots=1, seed=0, device=CPU, targets=smaller_pool)
        with pytest.raises(ValueError, match="'kl' divergence cannot use"):
            train(student, tokenizer, POOL, cfg, lr=0.01, lam=0.5, div_cfg=DivergenceConfig(kind="kl"), n_shots=1, seed=0, device=CPU, targets=smaller_pool)
    finally:
        student.unload()


def test_answer_logprobs_and_dev_nll_on_a_hand_computed_case(tiny):
    model, tokenizer = tiny
    seqs = [encode(tokenizer, ex) for ex in POOL[:3]]
    logits = answer_logits(model, seqs[1:2], pad_id=tokenizer.pad_token_id, device=CPU).log_softmax(-1)
    targets = seqs[1].ids[seqs[1].prompt_len :]
    by_hand = float(sum(logits[j, t] for j, t in enumerate(targets)))
    batched = answer_logprobs(model, seqs, pad_id=tokenizer.pad_token_id, batch_size=2, device=CPU)
    assert batched[1] == pytest.approx(by_hand, abs=1e-4)
    nll = dev_nll(model, tokenizer, POOL[:3], batch_size=2, device=CPU)
    assert nll == pytest.approx(-sum(batched) / sum(s.n_answer for s in seqs), rel=1e-6)


def test_logit_scores_rank_the_label_words(tiny, monkeypatch):
    import mlsweeps.distill.evaluate as ev

    model, tokenizer = tiny
    # a model that scores every answer by its length: the shorter label always wins the ranked choice
    monkeypatch.setattr(ev, "answer_logprobs", lambda model, seqs, **kw: [-float(s.n_answer) for s in seqs])
    shorter = min(["entailment", "contradiction"], key=lambda w: len(tokenizer(w)["input_ids"]))
    records = logit_scores(model, tokenizer, TASKS["NLI"], POOL[:4], batch_size=4, device=CPU)
    assert [r["choice_correct"] for r in records] == [float(ex.answer == shorter) for ex in POOL[:4]]
    assert all(r["n_demos"] == 0 for r in records)
    few = logit_scores(model, tokenizer, TASKS["NLI"], POOL[:2], batch_size=4, device=CPU, pool=POOL, n_shots=2, max_length=512)
    assert all(r["n_demos"] == 2 for r in few)


def test_lora_adapters_of_a_bfloat16_base_are_float32_and_train(tiny):
    model, tokenizer = tiny
    student = add_lora(copy.deepcopy(model).to(torch.bfloat16), LoraSettings(r=4, alpha=8, dropout=0.0), seed=0)
    frozen = {name: p.detach().clone() for name, p in student.named_parameters() if not p.requires_grad}
    cfg = TrainConfig(steps=2, batch_size=2, grad_accum=1, lrs=(1e-4,), warmup_steps=0, max_length=128, teacher_max_length=256, n_shots=1)
    train(student, tokenizer, POOL, cfg, lr=cfg.lrs[0], lam=0.0, div_cfg=None, n_shots=1, seed=0, device=CPU)
    trained = {name: p for name, p in student.named_parameters() if p.requires_grad}
    assert trained and all(p.dtype == torch.float32 for p in trained.values())
    assert any(bool(p.abs().sum() > 0) for name, p in trained.items() if "lora_B" in name)  # B starts at 0
    assert all(p.dtype == torch.bfloat16 and torch.equal(p, frozen[name]) for name, p in student.named_parameters() if not p.requires_grad)


def _train_run(tiny, tmp_path, *, steps=8, lam=0.5, every=2):
    model, tokenizer = tiny
    student = add_lora(model, LoraSettings(r=4, alpha=8, dropout=0.1), seed=0)  # dropout: the torch RNG must resume too
    cfg = TrainConfig(steps=steps, batch_size=3, grad_accum=1, lrs=(0.01,), warmup_steps=1, max_length=128, teacher_max_length=256, n_shots=1)
    checkpoint = Checkpoint(tmp_path / "resume.pt", every, settings={"lam": lam})
    try:
        result = train(student, tokenizer, POOL, cfg, lr=cfg.lrs[0], lam=lam, div_cfg=DivergenceConfig(top_k_share=0.05), n_shots=1, seed=0, device=CPU, checkpoint=checkpoint)
        return result, {name: p.detach().clone() for name, p in student.named_parameters() if p.requires_grad}
    finally:
        student.unload()


def test_training_killed_mid_way_resumes_to_the_uninterrupted_result(tiny, tmp_path, monkeypatch):
    import mlsweeps.distill.train as distill_train

    torch.manual_seed(0)
    uninterrupted, weights = _train_run(tiny, tmp_path / "a")
    real_lr_at = distill_train.lr_at

    def killed_in_step_6(step, **schedule):  # checkpoints after steps 2 and 4; step 6 (0-based 5) never finishes
        if step == 5:
            raise KeyboardInterrupt
        return real_lr_at(step, **schedule)

    monkeypatch.setattr(distill_train, "lr_at", killed_in_step_6)
    torch.manual_seed(0)
    with pytest.raises(KeyboardInterrupt):
        _train_run(tiny, tmp_path / "b")
    monkeypatch.setattr(distill_train, "lr_at", real_lr_at)
    torch.manual_seed(123)  # the resumed run restores the RNG from the checkpoint, whatever the caller's state
    resumed, resumed_weights = _train_run(tiny, tmp_path / "b")
    assert resumed.final["resumed_from_step"] == 4
    assert resumed.history == uninterrupted.history
    assert all(torch.equal(weights[name], resumed_weights[name]) for name in weights)


def test_finished_training_is_restored_from_its_final_checkpoint_without_a_step(tiny, tmp_path, monkeypatch):
    """A job training several seeds keeps each finished seed's final state until all are written (7 steps: 6 is due, 7 is final)."""
    import mlsweeps.distill.train as distill_train

    torch.manual_seed(0)
    finished, weights = _train_run(tiny, tmp_path, steps=7)
    assert Checkpoint(tmp_path / "resume.pt", 2, settings={"lam": 0.5}).load()["step"] == 7
    monkeypatch.setattr(distill_train, "lr_at", lambda step, **_: pytest.fail(f"step {step} was trained again"))
    restored, restored_weights = _train_run(tiny, tmp_path, steps=7)
    assert restored.final["resumed_from_step"] == 7
    assert restored.history == finished.history
    assert all(torch.equal(weights[name], restored_weights[name]) for name in weights)


def test_checkpoint_is_due_every_n_steps_and_after_the_last_unless_switched_off(tmp_path):
    every_two, off = Checkpoint(tmp_path / "a.pt", 2, settings={}), Checkpoint(tmp_path / "b.pt", 0, settings={})
    assert [every_two.due(step) for step in (1, 2, 3, 4)] == [False, True, False, True]
    assert every_two.due(3, last=True) and not off.due(3, last=True) and not off.due(2)


def test_checkpoint_from_other_settings_or_truncated_is_not_resumed(tmp_path):
    good = Checkpoint(tmp_path / "resume.pt", 2, settings={"lam": 0.5})
    good.save(2, {"history": []})
    assert good.load()["step"] == 2
    assert Checkpoint(tmp_path / "resume.pt", 2, settings={"lam": 1.0}).load() is None
    data = (tmp_path / "resume.pt").read_bytes()
    (tmp_path / "resume.pt").write_bytes(data[: len(data) // 2])
    assert good.load() is None
    assert (tmp_path / "resume.pt.corrupt").exists() and not (tmp_path / "resume.pt").exists()


def test_nan_loss_stops_naming_the_step_and_keeps_the_last_checkpoint(tiny, tmp_path, monkeypatch):
    import mlsweeps.distill.train as distill_train

    real_divergence = distill_train.divergence
    calls = []

    def nan_at_third_step(student, teacher, cfg):
        calls.append(1)
        value = real_divergence(student, teacher, cfg)
        return value * float("nan") if len(calls) == 3 else value

    monkeypatch.setattr(distill_train, "divergence", nan_at_third_step)
    with pytest.raises(FloatingPointError, match=r"nan at step 3 .*last good checkpoint \(step 2\)"):
        _train_run(tiny, tmp_path)
    assert Checkpoint(tmp_path / "resume.pt", 2, settings={"lam": 0.5}).load()["step"] == 2


def test_batched_generation_equals_one_by_one(tiny):
    model, tokenizer = tiny
    prompts = [prompt_ids(tokenizer, ex.prompt) for ex in POOL[:4]] + [prompt_ids(tokenizer, "Anna")]
    batched = generate(model, tokenizer, prompts, max_new_tokens=6, batch_size=5, device=CPU)
    single = generate(model, tokenizer, prompts, max_new_tokens=6, batch_size=1, device=CPU)
    assert batched == single


def test_evaluate_scores_parsed_generations(tiny):
    model, tokenizer = tiny
    result = evaluate(model, tokenizer, TASKS["NLI"], POOL[:4], max_new_tokens=4, batch_size=4, device=CPU)
    assert set(result.scores) == {"accuracy"} and 0 <= result.scores["accuracy"] <= 1
    assert [r["answer"] for r in result.records] == [e.answer for e in POOL[:4]]


def test_few_shot_prompts_leave_room_for_the_generated_tokens(tiny, monkeypatch):
    """A prompt that fits the context only without its answer tokens loses demonstrations."""
    model, tokenizer = tiny
    seen = []
    monkeypatch.setattr(evaluate_module, "generate", lambda model, tokenizer, prompts, **kw: seen.extend(prompts) or [""] * len(prompts))
    demonstrations = demonstrations_for(POOL[1:3], 2, seed=0, index=0)
    full = len(prompt_ids(tokenizer, POOL[0].prompt, demonstrations))
    result = evaluate(model, tokenizer, TASKS["NLI"], POOL[:1], max_new_tokens=8, batch_size=1, device=CPU, pool=POOL[1:3], n_shots=2, max_length=full + 7)
    assert len(result.records) == 1 and len(seen[0]) + 8 <= full + 7
    assert seen[0] == prompt_ids(tokenizer, POOL[0].prompt, demonstrations[:1])  # the last demonstration went
    seen.clear()
    evaluate(model, tokenizer, TASKS["NLI"], POOL[:1], max_new_tokens=8, batch_size=1, device=CPU, pool=POOL[1:3], n_shots=2, max_length=full + 8)
    assert len(seen[0]) == full


def test_one_base_serves_each_adapter_as_a_fresh_merge_would(tiny, tmp_path):
    model, tokenizer = tiny
    adapters = []
    for seed in (1, 2):
        student = add_lora(copy.deepcopy(model), LoraSettings(r=4, alpha=8), seed=seed)
        torch.manual_seed(seed)
        for name, p in student.named_parameters():
            if "lora_B" in name:
                p.data.normal_()  # a trained adapter: B ≠ 0
        student.save_pretrained(tmp_path / f"seed{seed}")
        adapters.append(tmp_path / f"seed{seed}")
    from peft import PeftModel

    ids = torch.as_tensor([prompt_ids(tokenizer, POOL[0].prompt)])
    base = copy.deepcopy(model)
    before = {k: v.clone() for k, v in base.state_dict().items()}
    for adapter in (*adapters, adapters[0]):
        with merged_adapter(base, str(adapter)) as merged:
            shared = merged(ids).logits
        fresh = PeftModel.from_pretrained(copy.deepcopy(model), str(adapter)).merge_and_unload()(ids).logits
        assert torch.equal(shared, fresh) and not torch.equal(shared, model(ids).logits)
    assert all(torch.equal(before[k], v) for k, v in base.state_dict().items())


def _nli_dataset(names):
    features = datasets.Features({"premise": datasets.Value("string"), "hypothesis": datasets.Value("string"), "label": datasets.ClassLabel(names=names)})
    rows = {"premise": ["a", "b"], "hypothesis": ["c", "d"], "label": [names.index("contradiction"), names.index("entailment")]}
    return datasets.Dataset.from_dict(rows, features=features)


def test_label_names_come_from_the_dataset_features(tmp_path):
    # The same gold labels stored under two different id orders read back as the same words.
    for names in (["entailment", "neutral", "contradiction"], ["contradiction", "entailment", "neutral"]):
        path = tmp_path / f"{names[0]}.parquet"
        _nli_dataset(names).to_parquet(str(path))
        examples = TASKS["NLI"].examples(load_split({"path": str(path)}, name="t"), name="t")
        assert [e.answer for e in examples] == ["contradiction", "entailment"]
        assert TASKS["NLI"].score(["contradiction", "neutral"], examples)["accuracy"] == 0.5


def test_missing_field_names_dataset_and_field(tmp_path):
    path = tmp_path / "nli.jsonl"
    path.write_text('{"premise": "a", "label": 0}\n')
    with pytest.raises(DatasetFieldError, match=r"task NLI test: the dataset has no field 'hypothesis'"):
        TASKS["NLI"].examples(load_split({"path": str(path)}, name="task NLI test"), name="task NLI test", label_names_cfg=["entailment", "neutral", "contradiction"])


def test_label_outside_names_and_missing_names_are_errors(tmp_path):
    path = tmp_path / "nli.jsonl"
    path.write_text('{"premise": "a", "hypothesis": "b", "label": 7}\n')
    dataset = load_split({"path": str(path)}, name="x")
    with pytest.raises(DatasetFieldError, match="row 0 has label 7, outside"):
        TASKS["NLI"].examples(dataset, name="x", label_names_cfg=["entailment", "neutral", "contradiction"])
    with pytest.raises(DatasetFieldError, match="label_names"):
        TASKS["NLI"].examples(dataset, name="x")


def test_missing_and_empty_files(tmp_path):
    with pytest.raises(FileNotFoundError, match="task POS train: no such file"):
        load_split({"path": str(tmp_path / "nope.parquet")}, name="task POS train")
    (tmp_path / "empty.jsonl").write_text("")
    with pytest.raises(ValueError, match="is empty"):
        load_split({"path": str(tmp_path / "empty.jsonl")}, name="t")


def test_lambda_labels_and_study_checks():
    assert list(lambda_labels([0, 0.01, 1.0])) == ["0", "0.01", "1"] and format_lambda(1e-5) == "1e-05"
    with pytest.raises(ValueError, match="listed twice"):
        lambda_labels([0.1, 0.10])
    section = {"tasks": {"NLI": {}}, "seeds": [0], "lambdas": [0, 1], "lora": {}, "divergence": {}, "train": {"lrs": [0.01]}, "eval": {}}
    validate_study(section)
    with pytest.raises(ConfigError, match=r"config key 'distill.lambdas': distill.lambdas: 0.1 is listed twice"):
        validate_study({**section, "lambdas": [0, 0.1, 0.10]})
    with pytest.raises(ConfigError, match=r"config key 'distill.lambdas': must hold 0 .* and at least one λ > 0"):
        validate_study({**section, "lambdas": [0]})
    with pytest.raises(ConfigError, match=r"config key 'distill.train': .*teacher_max_length \(8\) must be >= max_length \(16\)"):
        validate_study({**section, "train": {"lrs": [0.01], "max_length": 16, "teacher_max_length": 8}})
    with pytest.raises(ConfigError, match=r"config key 'distill.train': .*lists a learning rate twice"):
        validate_study({**section, "train": {"lrs": [0.01, 0.01]}})
