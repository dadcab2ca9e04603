"""The offline base LM: corpus, tokenizer, save/load through the Auto classes, pretraining."""
from __future__ import annotations

import contextlib
import io
import re

import pytest
import torch

from mlsweeps.base_lm.config import CorpusConfig, PretrainConfig, TinyLMConfig, TokenizerConfig, from_dict
from mlsweeps.base_lm.corpus import article, comparative, corpus_digest, generate_corpus, number_word, plural, verb_forms
from mlsweeps.base_lm.model import build_model, n_params
from mlsweeps.base_lm.pretrain import (
    METADATA_FILE,
    learning_rate,
    load_base_model,
    pack_tokens,
    pretrain,
    save_base_model,
    split_documents,
)
from mlsweeps.base_lm.tokenizer import SPECIAL_TOKENS, train_tokenizer

TINY = TinyLMConfig(hidden_size=32, n_layers=2, n_heads=2, n_kv_heads=1, intermediate_size=64, max_position=64)
SMALL_CORPUS = CorpusConfig(n_documents=600, seed=0)


@pytest.fixture(scope="module")
def corpus() -> list[str]:
    return generate_corpus(SMALL_CORPUS)


@pytest.fixture(scope="module")
def tokenizer(corpus):
    return train_tokenizer(corpus, TokenizerConfig(vocab_size=512), model_max_length=64)


@pytest.fixture
def one_thread():
    """Run on one torch thread: at this model size a second thread only adds synchronisation, and on a
    busy machine OpenMP's spinning threads make a 2-thread run many times slower."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


def _tiny_model(tokenizer, seed: int = 0):
    torch.manual_seed(seed)
    return build_model(TINY, tokenizer)


# --------------------------------------------------------------------------- config


def test_configs_reject_bad_values():
    with pytest.raises(ValueError, match="divisible"):
        TinyLMConfig(hidden_size=30, n_heads=4)
    with pytest.raises(ValueError, match="max_sentences"):
        CorpusConfig(min_sentences=5, max_sentences=2)
    with pytest.raises(ValueError, match="eval_fraction"):
        PretrainConfig(eval_fraction=1.0)
    with pytest.raises(ValueError, match="unknown key"):
        from_dict(PretrainConfig, {"step": 3})


# --------------------------------------------------------------------------- corpus


def test_corpus_is_deterministic_per_seed(corpus):
    again = generate_corpus(SMALL_CORPUS)
    other = generate_corpus(CorpusConfig(n_documents=600, seed=1))
    assert again == corpus and corpus_digest(again) == corpus_digest(corpus)
    assert other != corpus and corpus_digest(other) != corpus_digest(corpus)
    assert len(corpus) == 600 and all(doc.isascii() and doc.strip() for doc in corpus)


def test_corpus_covers_every_kind(corpus):
    text = "\n".join(corpus)
    markers = (
        "def ", "class ", "print(", "SELECT ", "git ", "console.log",  # Python, SQL, shell, JavaScript
        "Q: ", " A: ", "Rating:", "capital", "atomic number", " is a country in ",  # Q/A, reviews, facts
        "How to ", "Dear ", " said ",  # instructions, letters, dialogue
    )
    for marker in markers:
        assert marker in text, marker


def test_corpus_is_broad(corpus):
    """A few fixed templates teach a model nothing about other text: the corpus must vary its words and documents."""
    words = set(re.findall(r"[a-z]+", " ".join(corpus).lower()))
    assert len(words) > 2500  # ~3500 distinct words in these 600 documents
    assert len(set(corpus)) > 0.98 * len(corpus)
    prose = [doc for doc in corpus if "\n" not in doc]  # every multi-line document is code
    assert len(prose) > 0.8 * len(corpus)


def test_english_morphology():
    assert verb_forms("stop") == ("stop", "stops", "stopped", "stopped", "stopping")
    assert verb_forms("make") == ("make", "makes", "made", "made", "making")
    assert verb_forms("carry") == ("carry", "carries", "carried", "carried", "carrying")
    assert verb_forms("fix")[1:3] == ("fixes", "fixed") and verb_forms("see")[4] == "seeing"
    assert [plural(w) for w in ("child", "city", "box", "knife", "tennis player", "day")] == ["children", "cities", "boxes", "knives", "tennis players", "days"]
    assert [article(w) for w in ("apple", "hour", "university", "old car", "pear")] == ["an", "an", "a", "an", "a"]
    assert number_word(24) == "twenty-four" and number_word(105) == "one hundred and five"
    assert (comparative("big"), comparative("careful"), comparative("good"), comparative("easy")) == ("bigger", "more careful", "better", "easier")


def test_computed_answers_are_right(corpus):
    """Arithmetic answers and the printed results of complete programs are computed, so they must be right."""
    arithmetic = re.compile(r"Q: (?:What is|How much is|What do you get if you take) (\d+) (plus|minus|times|divided by) (\d+)\? A: ([^Q]*)")
    ops = {"plus": lambda a, b: a + b, "minus": lambda a, b: a - b, "times": lambda a, b: a * b, "divided by": lambda a, b: a // b}
    checked = 0
    for doc in corpus:
        for a, op, b, answer in arithmetic.findall(doc):
            assert re.findall(r"-?\d+", answer)[-1] == str(ops[op](int(a), int(b))), (a, op, b, answer)
            checked += 1
        *body, last = doc.split("\n")
        is_program = body and body[0].startswith(("def ", "class ", "n = ")) and any(line.startswith("    ") for line in body)
        if is_program and last.startswith("print(") and "  # " in last:
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                exec(doc, {})
            assert out.getvalue().strip() == last.split("  # ", 1)[1], doc
            checked += 1
    assert checked >= 10  # 19 in these 600 documents


def test_excluded_texts_never_appear(corpus):
    excluded = corpus[:50] + ["Water boils at 100 degrees Celsius at sea level."]
    regenerated = generate_corpus(SMALL_CORPUS, exclude=excluded)
    assert len(regenerated) == SMALL_CORPUS.n_documents
    assert not any(text in doc for doc in regenerated for text in excluded)


def test_exclusion_that_blocks_everything_raises():
    with pytest.raises(ValueError, match="excluded"):
        generate_corpus(CorpusConfig(n_documents=10), exclude=list("aeiou"))  # every document has a vowel


# --------------------------------------------------------------------------- tokenizer


def test_tokenizer_round_trips_ascii(tokenizer):
    for text in ("The capital of France is Paris.", "def f(x):\n    return x * 2  # twice", "  Odd   spacing , and words never seen: zyxwv!"):
        assert tokenizer.decode(tokenizer.encode(text)) == text


def test_tokenizer_special_tokens(tokenizer):
    assert tokenizer.eos_token == "<|endoftext|>" and tokenizer.pad_token == "<|pad|>"
    assert tokenizer.pad_token_id != tokenizer.eos_token_id
    for token in SPECIAL_TOKENS:
        ids = tokenizer.encode(token, add_special_tokens=False)
        assert len(ids) == 1 and tokenizer.convert_ids_to_tokens(ids[0]) == token
    assert tokenizer.encode("hello", add_special_tokens=True) == tokenizer.encode("hello", add_special_tokens=False)


def test_chat_template_thinking_only_when_enabled(tokenizer):
    messages = [{"role": "user", "content": "Is it good?"}]
    expected = "<|im_start|>user\nIs it good?<|im_end|>\n<|im_start|>assistant\n"
    assert tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True) == expected
    assert tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True, enable_thinking=False) == expected
    assert tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True, enable_thinking=True) == expected + "<think>\n"
    assert tokenizer.apply_chat_template(messages, tokenize=False) == "<|im_start|>user\nIs it good?<|im_end|>\n"


# --------------------------------------------------------------------------- model, save and load


def test_save_load_round_trip_gives_identical_logits(tmp_path, tokenizer, one_thread):
    model = _tiny_model(tokenizer).eval()
    out = save_base_model(model, tokenizer, tmp_path / "base", metadata={"note": "test"})
    assert (out / METADATA_FILE).is_file() and (out / "config.json").is_file()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "temporary folder left behind"

    loaded, loaded_tokenizer = load_base_model(out, device="cpu")
    texts = ["Q: What is 2 plus 3? A: 5.", "The lion is a mammal."]
    batch = tokenizer(texts, return_tensors="pt", padding=True)
    assert torch.equal(loaded_tokenizer(texts, return_tensors="pt", padding=True)["input_ids"], batch["input_ids"])
    with torch.no_grad():
        torch.testing.assert_close(loaded(**batch).logits, model(**batch).logits, rtol=0, atol=0)
    assert loaded_tokenizer.chat_template == tokenizer.chat_template

    # Saving again replaces the folder whole.
    save_base_model(_tiny_model(tokenizer, seed=1), tokenizer, out)
    assert not (out / METADATA_FILE).exists()


def test_load_missing_local_folder_fails_clearly(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        load_base_model(tmp_path / "missing", device="cpu")


def test_load_hub_id_offline_fails_fast(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(RuntimeError, match="some-org/not-cached-model.*HF_HUB_OFFLINE.*local folder"):
        load_base_model("some-org/not-cached-model", device="cpu")


# --------------------------------------------------------------------------- pretraining


def test_pack_tokens_shapes(tokenizer, corpus):
    blocks = pack_tokens(tokenizer, corpus[:40], seq_len=16)
    n_tokens = sum(len(tokenizer.encode(doc)) + 1 for doc in corpus[:40])
    assert blocks.dtype == torch.long and blocks.shape == (n_tokens // 16, 16)
    assert (blocks == tokenizer.eos_token_id).sum() >= 1
    with pytest.raises(ValueError, match="one block"):
        pack_tokens(tokenizer, ["hi"], seq_len=64)


def test_split_documents_is_deterministic_and_disjoint(corpus):
    split = split_documents(corpus, 0.1, seed=3)
    assert split == split_documents(corpus, 0.1, seed=3)
    assert len(split.eval) == 60 and len(split.train) == 540
    assert sorted(split.train + split.eval) == sorted(corpus)


def test_lr_schedule():
    cfg = PretrainConfig(steps=100, warmup_steps=10, lr=1e-3)
    assert learning_rate(0, cfg) == pytest.approx(1e-4)
    assert learning_rate(9, cfg) == pytest.approx(1e-3)
    assert learning_rate(10, cfg) == pytest.approx(1e-3)
    assert learning_rate(100, cfg) == pytest.approx(1e-4)
    assert all(learning_rate(s, cfg) >= learning_rate(s + 1, cfg) for s in range(10, 100))


def test_short_pretrain_lowers_held_out_loss(tokenizer, corpus, one_thread):
    cfg = PretrainConfig(steps=30, batch_size=8, seq_len=32, lr=1e-2, warmup_steps=5, eval_every=10, eval_fraction=0.1)
    result = pretrain(_tiny_model(tokenizer), tokenizer, corpus, cfg, device="cpu")
    final = result.final
    assert final["eval_loss"] < final["eval_loss_before"] - 0.5  # ~6.2 -> ~5.3 nats
    assert [r["step"] for r in result.history] == [0, 10, 20, 30]
    assert final["tokens_seen"] == 30 * 8 * 32 and final["n_params"] == n_params(result.model)
    assert not result.model.training


def test_ngram_baselines_on_a_hand_case():
    """Add-one counts of [0 1 0 1]: unigram P(1) = 3/5; bigram P(1 | 0) = 3/4; the corpus stream puts eos before every document."""
    import math

    from mlsweeps.base_lm.pretrain import ngram_losses, ngram_model

    model = ngram_model(torch.tensor([[0, 1, 0, 1]]), 2)
    losses = ngram_losses(model, torch.tensor([[0, 1]]))
    assert losses["unigram"] == pytest.approx(-math.log(3 / 5)) and losses["bigram"] == pytest.approx(-math.log(3 / 4))
    assert ngram_losses(model, [[1, 0, 1]], first_scored=2)["bigram"] == pytest.approx(-math.log(3 / 4))  # only 0 -> 1 is scored
    with pytest.raises(ValueError, match="no token"):
        ngram_losses(model, [[0]])


def test_corpus_stream_separates_documents_like_pretraining(tokenizer):
    from mlsweeps.base_lm.pretrain import corpus_stream

    stream = corpus_stream(tokenizer, ["a b", "c"])
    eos = tokenizer.eos_token_id
    assert stream == [eos, *tokenizer.encode("a b", add_special_tokens=False), eos, *tokenizer.encode("c", add_special_tokens=False), eos]
