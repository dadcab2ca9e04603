"""Losses, task vectors, the in-place sweep, fine-tuning and text loading, on a tiny Llama-shaped model."""
import json
import random

import pytest
import torch
from tokenizers import Tokenizer, models, pre_tokenizers
from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

from mlsweeps.resume import Checkpoint
from mlsweeps.task_vectors.config import EvalConfig, FinetuneConfig, ScoringConfig
from mlsweeps.task_vectors.data import load_texts
from mlsweeps.task_vectors.finetune import finetune
from mlsweeps.task_vectors.losses import LossResult, combine, encode_for_scoring, encode_texts, token_nll
from mlsweeps.task_vectors.sweep import EvalSets, evaluate_model, evaluate_point
from mlsweeps.task_vectors.vectors import (cosine, linear_combination, load_vector, parameter_state, random_direction, save_vector, scaled,
                                           task_vector, vector_norm)

WORDS = "the a cat dog bird sat ran flew on in over mat park tree big small red green happy sad good bad movie film plot".split()
SPECIALS = ["<pad>", "<unk>", "<eos>"]


def _texts(n, seed, lo=2, hi=14):
    rng = random.Random(seed)
    return [" ".join(rng.choice(WORDS) for _ in range(rng.randint(lo, hi))) for _ in range(n)]


@pytest.fixture(scope="module", autouse=True)
def one_thread():
    """One torch thread: a tiny model gains nothing from two, and on a shared 2-core machine loses a lot."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.fixture(scope="module")
def tokenizer():
    vocab = {w: i for i, w in enumerate(SPECIALS + WORDS)}
    tok = Tokenizer(models.WordLevel(vocab=vocab, unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    return PreTrainedTokenizerFast(tokenizer_object=tok, pad_token="<pad>", unk_token="<unk>", eos_token="<eos>")


def _model(tokenizer, *, tie=False, seed=0):
    config = LlamaConfig(
        vocab_size=len(tokenizer), hidden_size=32, num_hidden_layers=2, num_attention_heads=2, num_key_value_heads=2,
        intermediate_size=64, max_position_embeddings=64, tie_word_embeddings=tie, pad_token_id=tokenizer.pad_token_id,
    )
    torch.manual_seed(seed)
    return LlamaForCausalLM(config).eval()


@pytest.fixture(scope="module")
def model(tokenizer):
    return _model(tokenizer)


RAW = ScoringConfig(kinds=("raw",), document_start="")  # the tokenizer adds nothing, so raw texts start bare


def _nll(model, tokenizer, texts, batch_size=4):
    return token_nll(model, tokenizer, texts, batch_size=batch_size, max_length=64, device="cpu")


def test_loss_does_not_depend_on_batching_or_padding(model, tokenizer):
    texts = _texts(20, seed=1)
    alone = [_nll(model, tokenizer, [t], batch_size=1) for t in texts]
    for batch_size in (1, 3, 8):
        pooled = _nll(model, tokenizer, texts, batch_size=batch_size)
        assert pooled.nll_sum == pytest.approx(sum(r.nll_sum for r in alone), rel=1e-6)
        assert pooled.n_tokens == sum(r.n_tokens for r in alone)
    short, longer, shorter = "the cat sat on the mat", "a big red dog ran in the park over the green tree on a good film", "sad bird"
    own = _nll(model, tokenizer, [short], batch_size=1).nll_sum
    for neighbours in ([longer], [shorter], [longer, shorter]):
        both = _nll(model, tokenizer, [short, *neighbours], batch_size=8).nll_sum
        rest = _nll(model, tokenizer, neighbours, batch_size=1).nll_sum
        assert both - rest == pytest.approx(own, rel=1e-6)


def test_pads_do_not_count(model, tokenizer):
    texts = ["the cat", "the big red dog ran in the park", "a b"]  # "b" is unknown: <unk> is still a real token
    lengths = [len(ids) for ids in encode_texts(tokenizer, texts, max_length=64)]
    assert lengths == [2, 8, 2]
    result = _nll(model, tokenizer, texts, batch_size=3)
    assert result.n_tokens == sum(n - 1 for n in lengths)  # each text's first token predicts nothing
    assert result.loss == pytest.approx(result.nll_sum / result.n_tokens)
    # Padding with the pad id or any other id gives the same numbers: pads are masked, not scored.
    other = PreTrainedTokenizerFast(tokenizer_object=tokenizer.backend_tokenizer, pad_token="<eos>", unk_token="<unk>")
    assert _nll(model, other, texts, batch_size=3).nll_sum == pytest.approx(result.nll_sum, rel=1e-6)
    assert _nll(model, tokenizer, texts, batch_size=1).loss == pytest.approx(result.loss, rel=1e-6)
    with pytest.raises(ValueError, match="no token can be scored"):
        _nll(model, tokenizer, ["cat", "dog"])


def test_truncation_and_combine(model, tokenizer):
    long_text = " ".join(WORDS)
    truncated = token_nll(model, tokenizer, [long_text], batch_size=1, max_length=5, device="cpu")
    assert truncated.n_tokens == 4
    a, b = _nll(model, tokenizer, _texts(5, seed=2)), _nll(model, tokenizer, _texts(7, seed=3))
    pooled = combine([a, b])
    assert pooled.n_tokens == a.n_tokens + b.n_tokens
    assert pooled.loss == pytest.approx(_nll(model, tokenizer, _texts(5, seed=2) + _texts(7, seed=3)).loss, rel=1e-6)
    assert combine([LossResult(2.0, 1, 2.0), LossResult(3.0, 3, 1.0)]).loss == 1.25


def _perturbed(model, tokenizer, seed=1, scale=0.05):
    other = _model(tokenizer, tie=model.config.tie_word_embeddings)
    other.load_state_dict(model.state_dict())
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for p in other.parameters():
            p.add_(torch.randn(p.shape, generator=gen) * scale)
    return other


def _sets():
    return EvalSets(general={"coding": _texts(4, seed=4), "wikitext": _texts(5, seed=5)}, tasks={"T1": _texts(4, seed=6), "T2": _texts(3, seed=7)})


def _assert_params_equal(model, base_params):
    for name, p in model.named_parameters():
        assert torch.equal(p, base_params[name]), name


def test_evaluate_point_restores_base_and_matches_the_finetuned_model(model, tokenizer):
    finetuned = _perturbed(model, tokenizer)
    base_params = parameter_state(model)
    vector = task_vector(base_params, parameter_state(finetuned))
    sets, cfg = _sets(), EvalConfig(batch_size=3, max_length=64)
    settings = {"eval_cfg": cfg, "scoring": RAW, "device": "cpu"}
    base_row = evaluate_model(model, tokenizer, sets, kind="raw", **settings)
    [row] = evaluate_point(model, tokenizer, base_params, vector, 1.0, sets, kinds=["raw"], **settings)
    _assert_params_equal(model, base_params)
    assert list(row) == ["scoring", "alpha", "loss", "loss_coding", "loss_wikitext", "task_losses", "text_nll", "text_tokens"]
    ft_row = evaluate_model(finetuned, tokenizer, sets, kind="raw", **settings)
    for key in ("loss", "loss_coding", "loss_wikitext"):
        assert row[key] == pytest.approx(ft_row[key], rel=1e-5)
    assert row["task_losses"] == pytest.approx(ft_row["task_losses"], rel=1e-5) and list(row["task_losses"]) == ["T1", "T2"]
    # Per-text sums add up to the pooled loss, in the order of the texts (categories in order for the general set).
    assert len(row["text_nll"]["general"]) == 9 and len(row["text_nll"]["T2"]) == 3
    assert sum(row["text_nll"]["general"]) / sum(row["text_tokens"]["general"]) == pytest.approx(row["loss"], rel=1e-9)
    alone = _nll(model, tokenizer, [sets.general["wikitext"][2]])
    assert base_row["text_nll"]["general"][4 + 2] == pytest.approx(alone.nll_sum, rel=1e-6) and base_row["text_tokens"]["general"][6] == alone.n_tokens
    # α = 0 gives the base model's numbers exactly (θ_base + 0·T is θ_base bit for bit); without tasks only the general set.
    [zero] = evaluate_point(model, tokenizer, base_params, vector, 0.0, sets, kinds=["raw"], **settings)
    assert {k: zero[k] for k in base_row} == base_row
    [general_only] = evaluate_point(model, tokenizer, base_params, vector, 0.0, sets, kinds=["raw"], with_tasks=False, **settings)
    assert general_only["task_losses"] == {} and list(general_only["text_nll"]) == ["general"] and general_only["loss"] == base_row["loss"]
    _assert_params_equal(model, base_params)


def test_document_start_scores_every_text_token(model, tokenizer):
    """Behind the document-start token a text of n tokens scores all n; an unknown token is named with its config key."""
    texts = ["the cat sat", "a big dog"]
    encoded = encode_texts(tokenizer, texts, max_length=64, document_start="<eos>")
    eos = tokenizer.convert_tokens_to_ids("<eos>")
    assert encoded == [[eos, *tokenizer(t, add_special_tokens=False)["input_ids"]] for t in texts]
    assert encode_texts(tokenizer, texts, max_length=3, document_start="<eos>")[0] == encoded[0][:3]
    result = token_nll(model, tokenizer, texts, batch_size=2, max_length=64, device="cpu", document_start="<eos>")
    assert result.n_tokens == 6 and result.text_tokens == (3, 3)
    with torch.no_grad():
        logits = model(input_ids=torch.tensor([encoded[0]])).logits[0]
    first = torch.nn.functional.cross_entropy(logits[:-1], torch.tensor(encoded[0][1:]), reduction="sum").item()
    assert result.text_nll[0] == pytest.approx(first, rel=1e-5)
    with pytest.raises(ValueError, match="task_vectors.scoring.document_start"):
        encode_texts(tokenizer, texts, max_length=64, document_start="<|endoftext|>")


CHAT_TEMPLATE = ("{% for m in messages %}<start> {{ m['role'] }} {{ m['content'] }} <end> {% endfor %}"
                 "{% if add_generation_prompt %}<start> assistant {% endif %}")


@pytest.fixture(scope="module")
def chat_tokenizer():
    vocab = {w: i for i, w in enumerate(SPECIALS + ["<start>", "<end>", "user", "assistant"] + WORDS)}
    tok = Tokenizer(models.WordLevel(vocab=vocab, unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    return PreTrainedTokenizerFast(tokenizer_object=tok, pad_token="<pad>", unk_token="<unk>", eos_token="<eos>", chat_template=CHAT_TEMPLATE)


def test_chat_scoring_scores_only_the_reply_behind_the_chat_prompt(chat_tokenizer):
    """Each text is the assistant's reply to the user message; every reply token counts, no prompt token does."""
    model, texts = _model(chat_tokenizer, seed=3), _texts(5, seed=9)
    prompt = chat_tokenizer("<start> user the cat <end> <start> assistant", add_special_tokens=False)["input_ids"]
    encoded = encode_for_scoring(chat_tokenizer, texts, max_length=64, scoring="chat", chat_user_message="the cat")
    assert [e.ids for e in encoded] == [prompt + chat_tokenizer(t, add_special_tokens=False)["input_ids"] for t in texts]
    assert {e.first_scored for e in encoded} == {len(prompt)}
    result = token_nll(model, chat_tokenizer, texts, batch_size=2, max_length=64, device="cpu", scoring="chat", chat_user_message="the cat")
    expected_sum = 0.0
    with torch.no_grad():
        for e in encoded:
            logits = model(input_ids=torch.tensor([e.ids])).logits[0]
            targets = torch.tensor(e.ids[len(prompt):])
            expected_sum += torch.nn.functional.cross_entropy(logits[len(prompt) - 1 : -1], targets, reduction="sum").item()
    assert result.n_tokens == sum(len(e.ids) - len(prompt) for e in encoded)
    assert result.nll_sum == pytest.approx(expected_sum, rel=1e-5)
    raw = token_nll(model, chat_tokenizer, texts, batch_size=2, max_length=64, device="cpu")
    assert raw.n_tokens == result.n_tokens - len(texts)  # raw text cannot score its first token
    with pytest.raises(ValueError, match="chat prompt alone has"):
        encode_for_scoring(chat_tokenizer, texts, max_length=len(prompt), scoring="chat", chat_user_message="the cat")


def test_scaled_restores_after_an_exception(model, tokenizer):
    base_params = parameter_state(model)
    vector = task_vector(base_params, parameter_state(_perturbed(model, tokenizer)))
    with pytest.raises(RuntimeError, match="inside"):
        with scaled(model, base_params, vector, 0.7):
            assert not torch.equal(model.model.embed_tokens.weight, base_params["model.embed_tokens.weight"])
            raise RuntimeError("inside")
    _assert_params_equal(model, base_params)
    bad = dict(vector)
    bad.pop("lm_head.weight")
    with pytest.raises(KeyError, match="lm_head.weight"):
        with scaled(model, base_params, bad, 0.5):
            pass
    with pytest.raises(KeyError, match="does not know"):
        with scaled(model, base_params, {**vector, "extra.weight": torch.zeros(1)}, 0.5):
            pass
    _assert_params_equal(model, base_params)


def test_zero_vector_gives_a_flat_landscape(model, tokenizer):
    base_params = parameter_state(model)
    zero = {name: torch.zeros_like(p) for name, p in base_params.items()}
    sets, cfg = _sets(), EvalConfig(batch_size=4, max_length=64)
    rows = [row for a in (-0.5, 0.0, 1.5)
            for row in evaluate_point(model, tokenizer, base_params, zero, a, sets, eval_cfg=cfg, scoring=RAW, kinds=["raw"], device="cpu")]
    for row in rows:
        assert row["loss"] == rows[1]["loss"] and row["task_losses"] == rows[1]["task_losses"]
    _assert_params_equal(model, base_params)


def test_task_vector_on_tied_weights(tokenizer):
    base = _model(tokenizer, tie=True)
    assert base.lm_head.weight is base.model.embed_tokens.weight
    finetuned = _perturbed(base, tokenizer)
    base_params = parameter_state(base)
    vector = task_vector(base_params, parameter_state(finetuned))
    assert "lm_head.weight" not in vector and "model.embed_tokens.weight" in vector  # one entry per tensor
    with scaled(base, base_params, vector, 1.0):
        assert torch.allclose(base.lm_head.weight, finetuned.lm_head.weight, atol=1e-6)  # set once, not twice
        assert base.lm_head.weight is base.model.embed_tokens.weight
    _assert_params_equal(base, base_params)
    # A vector from state dicts names the tied tensor twice; it is still applied once.
    from_state = task_vector(base.state_dict(), finetuned.state_dict())
    assert torch.equal(from_state["lm_head.weight"], from_state["model.embed_tokens.weight"])
    with scaled(base, base_params, from_state, 0.5):
        expected = base_params["model.embed_tokens.weight"] + 0.5 * vector["model.embed_tokens.weight"]
        assert torch.allclose(base.lm_head.weight, expected, atol=1e-7)
    _assert_params_equal(base, base_params)


def test_task_vector_errors_and_integer_buffers():
    base = {"w": torch.ones(2, 3), "steps": torch.tensor([3])}
    ft = {"w": torch.full((2, 3), 1.5), "steps": torch.tensor([7])}
    assert list(task_vector(base, ft)) == ["w"]
    with pytest.raises(KeyError, match=r"missing from the fine-tuned state \['steps'\]"):
        task_vector(base, {"w": ft["w"]})
    with pytest.raises(ValueError, match=r"'w' has shape \(2, 3\) in the base state and \(3, 2\)"):
        task_vector(base, {"w": torch.ones(3, 2), "steps": ft["steps"]})


def test_save_load_vector_roundtrip(tmp_path):
    vector = {"a.weight": torch.randn(3, 4), "b.bias": torch.tensor([3.0, 4.0])}
    path = tmp_path / "vectors" / "SP.safetensors"
    save_vector(path, vector, {"task": "SP", "norm": vector_norm(vector), "config": {"epochs": 4}})
    loaded = load_vector(path)
    assert set(loaded.vector) == set(vector) and all(torch.equal(loaded.vector[k], vector[k]) for k in vector)
    assert loaded.metadata == {"task": "SP", "norm": vector_norm(vector), "config": {"epochs": 4}}
    assert vector_norm({"x": torch.tensor([3.0]), "y": torch.tensor([[4.0]])}) == 5.0


def test_finetune_lowers_the_loss_on_its_texts(tokenizer):
    model = _model(tokenizer, seed=3)
    texts = ["the happy cat sat on the mat", "the happy dog ran in the park", "the happy bird flew over the tree"] * 4
    before = _nll(model, tokenizer, texts).loss
    cfg = FinetuneConfig(epochs=6, lr=3e-3, batch_size=4, grad_accum=2, max_length=32, warmup_steps=2, seed=0)
    result = finetune(model, tokenizer, texts, cfg, device="cpu")
    after = _nll(result.model, tokenizer, texts).loss
    assert after < before - 0.5
    assert [h["epoch"] for h in result.history] == list(range(1, 7)) and result.final["steps"] == 12
    assert result.final["tokens_seen"] == 6 * sum(len(ids) - 1 for ids in encode_texts(tokenizer, texts, max_length=32))
    assert result.history[-1]["train_loss"] < result.history[0]["train_loss"]
    assert not result.model.training
    # Seeded: the same run again gives the same weights.
    again = finetune(_model(tokenizer, seed=3), tokenizer, texts, cfg, device="cpu").model
    assert all(torch.equal(p, q) for p, q in zip(result.model.parameters(), again.parameters()))
    assert result.history[-1]["lr"] == pytest.approx(3e-4)  # step 12 of 12, linear decay from step 3: 3e-3 × 1/10


def test_finetune_of_a_bfloat16_model_steps_float32_weights_and_gives_a_float32_vector(tokenizer):
    """The optimizer steps float32 weights (test_training shows what bfloat16 ones lose), and T keeps the float32 steps."""
    model = _model(tokenizer, seed=3).to(torch.bfloat16)
    base = parameter_state(model)
    cfg = FinetuneConfig(epochs=1, lr=1e-4, batch_size=4, grad_accum=1, max_length=32, warmup_steps=0, seed=0)
    result = finetune(model, tokenizer, _texts(8, seed=2), cfg, device="cpu")
    assert all(p.dtype == torch.float32 for p in result.model.parameters())
    vector = task_vector(base, parameter_state(result.model))
    assert all(t.dtype == torch.float32 for t in vector.values())
    assert sum(int((t != 0).sum()) for t in vector.values()) > 0.9 * sum(t.numel() for t in vector.values())


def test_finetune_killed_mid_epoch_resumes_to_the_uninterrupted_result(tokenizer, tmp_path, monkeypatch):
    import mlsweeps.task_vectors.finetune as tv_finetune

    texts = _texts(20, seed=5)
    cfg = FinetuneConfig(epochs=3, lr=3e-3, batch_size=3, grad_accum=1, max_length=32, warmup_steps=2, seed=0)  # 7 steps per epoch
    uninterrupted = finetune(_model(tokenizer, seed=3), tokenizer, texts, cfg, device="cpu", checkpoint=Checkpoint(tmp_path / "a.pt", 4, {}))
    real_lr_at = tv_finetune.lr_at

    def killed_in_step_11(step, **schedule):  # checkpoints after steps 4 and 8, the second mid-epoch
        if step == 10:
            raise KeyboardInterrupt
        return real_lr_at(step, **schedule)

    monkeypatch.setattr(tv_finetune, "lr_at", killed_in_step_11)
    with pytest.raises(KeyboardInterrupt):
        finetune(_model(tokenizer, seed=3), tokenizer, texts, cfg, device="cpu", checkpoint=Checkpoint(tmp_path / "b.pt", 4, {}))
    monkeypatch.setattr(tv_finetune, "lr_at", real_lr_at)
    resumed = finetune(_model(tokenizer, seed=3), tokenizer, texts, cfg, device="cpu", checkpoint=Checkpoint(tmp_path / "b.pt", 4, {}))
    assert resumed.final["resumed_from_step"] == 8
    assert resumed.history == uninterrupted.history
    assert resumed.final["tokens_seen"] == uninterrupted.final["tokens_seen"]
    assert all(torch.equal(p, q) for p, q in zip(resumed.model.parameters(), uninterrupted.model.parameters()))


# ---------------------------------------------------------------- load_texts


def test_load_texts_local_files(tmp_path):
    txt = tmp_path / "general.txt"
    txt.write_text("  first line \n\n   \nsecond line\nthird\n", encoding="utf-8")
    assert load_texts({"path": str(txt)}, name="general coding") == ["first line", "second line", "third"]
    assert load_texts({"path": str(txt), "limit": 2}, name="general coding") == ["first line", "second line"]
    rows = [
        {"review": "great film", "label": 1, "question": "q1", "answers": {"text": ["a1", "x"]}},
        {"review": "awful plot", "label": 0, "question": "q2", "answers": {"text": ["a2"]}},
        {"review": "  ", "label": 1, "question": "q3", "answers": {"text": ["a3"]}},
        {"review": "loved it", "label": 1, "question": "q4", "answers": {"text": ["a4"]}},
    ]
    jsonl = tmp_path / "reviews.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    src = {"path": str(jsonl), "field": "review"}
    assert load_texts(src, name="task SP train") == ["great film", "awful plot", "loved it"]
    assert load_texts({**src, "filter": {"label": 1}}, name="task SP train") == ["great film", "loved it"]
    assert load_texts({**src, "filter": {"label": 1}, "limit": 1}, name="task SP train") == ["great film"]
    qa = load_texts({"path": str(jsonl), "template": "Q: {question} A: {answers[text][0]}"}, name="task QA eval")
    assert qa == ["Q: q1 A: a1", "Q: q2 A: a2", "Q: q3 A: a3", "Q: q4 A: a4"]
    csv = tmp_path / "set.csv"
    csv.write_text("text,split\nhello world,a\n,b\nbye,a\n", encoding="utf-8")
    assert load_texts({"path": str(csv)}, name="csv set") == ["hello world", "bye"]


def test_load_texts_errors(tmp_path, monkeypatch):
    missing = tmp_path / "nowhere.txt"
    with pytest.raises(FileNotFoundError, match=r"task SP eval: no such file .*nowhere\.txt"):
        load_texts({"path": str(missing)}, name="task SP eval")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(ValueError, match=r"general wikitext: no non-blank text in file .*empty\.txt"):
        load_texts({"path": str(empty)}, name="general wikitext")
    blank = tmp_path / "blank.txt"
    blank.write_text("\n   \n\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"general coding: no non-blank text in file .*blank\.txt"):
        load_texts({"path": str(blank)}, name="general coding")
    jsonl = tmp_path / "rows.jsonl"
    jsonl.write_text('{"review": "x", "label": 1}\n', encoding="utf-8")
    with pytest.raises(KeyError, match=r"task SN train: .* no field 'text'; available columns: \['review', 'label'\]"):
        load_texts({"path": str(jsonl)}, name="task SN train")
    with pytest.raises(ValueError, match=r"task SN train: .* no template key 'question'"):
        load_texts({"path": str(jsonl), "template": "Q: {question}"}, name="task SN train")
    with pytest.raises(ValueError, match=r"task SN train: no non-blank text .* after filter \{'label': 0\}"):
        load_texts({"path": str(jsonl), "field": "review", "filter": {"label": 0}}, name="task SN train")
    with pytest.raises(ValueError, match="exactly one of 'path'"):
        load_texts({"field": "text"}, name="x")
    with pytest.raises(ValueError, match=r"unknown key\(s\) \['split'\]"):
        load_texts({"path": str(jsonl), "split": "test"}, name="x")
    with pytest.raises(ValueError, match="unknown suffix"):
        (tmp_path / "a.parquetx").write_text("x")
        load_texts({"path": str(tmp_path / "a.parquetx")}, name="x")


def test_load_texts_hub_without_network_fails_fast(monkeypatch):
    import time

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    started = time.perf_counter()
    with pytest.raises(RuntimeError, match=r"task SP train: cannot load hub dataset 'mlsweeps-test/no-such-set'.*`path:`"):
        load_texts({"hub": "mlsweeps-test/no-such-set", "split": "train"}, name="task SP train")
    assert time.perf_counter() - started < 10


def test_random_direction_has_the_per_tensor_norms_and_is_reproducible():
    gen = torch.Generator().manual_seed(0)
    vector = {"a.weight": torch.randn(64, 32, generator=gen), "b.bias": torch.randn(7, generator=gen) * 5, "zero": torch.zeros(3)}
    direction = random_direction(vector, seed=1)
    for name, tensor in vector.items():
        assert direction[name].shape == tensor.shape
        assert direction[name].norm().item() == pytest.approx(tensor.norm().item(), rel=1e-5)
    assert torch.equal(direction["zero"], torch.zeros(3))
    assert all(torch.equal(direction[k], random_direction(vector, seed=1)[k]) for k in vector)
    assert not torch.equal(direction["a.weight"], random_direction(vector, seed=2)["a.weight"])
    assert abs(cosine({"a": vector["a.weight"]}, {"a": direction["a.weight"]})) < 0.1  # 2,048 dimensions: nearly orthogonal


def test_cosine_and_linear_combination_on_known_vectors():
    i, j = {"w": torch.tensor([1.0, 0.0, 0.0]), "b": torch.tensor([0.0])}, {"w": torch.tensor([0.0, 2.0, 0.0]), "b": torch.tensor([0.0])}
    assert cosine(i, j) == 0.0 and cosine(i, i) == pytest.approx(1.0) and cosine(i, {k: -v for k, v in i.items()}) == pytest.approx(-1.0)
    diagonal = {"w": torch.tensor([1.0, 1.0, 0.0]), "b": torch.tensor([0.0])}
    assert cosine(i, diagonal) == pytest.approx(2 ** -0.5)
    combined = linear_combination({"i": i, "j": j}, {"i": 0.5, "j": -1.0})
    assert torch.equal(combined["w"], torch.tensor([0.5, -2.0, 0.0]))
    with pytest.raises(ValueError, match="zero"):
        cosine(i, {"w": torch.zeros(3), "b": torch.zeros(1)})
    with pytest.raises(KeyError):
        linear_combination({"i": i, "j": {"w": j["w"]}}, {"i": 1.0, "j": 1.0})
