"""Synthetic data of the `distill` study: hub schemas, determinism, disjoint splits, labels by construction."""
from __future__ import annotations

import json
from collections import Counter

import datasets
import pytest

from mlsweeps.distill.synthetic import CITIES, FEATURES, NAMES, NER_PEOPLE, NUMBERS, ORGS, POS_LEXICON, POS_WORDS, TASKS, generate_split, generate_task

N = 300


@pytest.fixture(scope="module")
def splits() -> dict[str, datasets.DatasetDict]:
    return {task: generate_task(task, N, 100, seed=7) for task in TASKS}


def _names(ds: datasets.Dataset, column: str) -> list[str]:
    feature = ds.features[column]
    return getattr(feature, "feature", feature).names


def _rows(ds: datasets.Dataset) -> list[str]:
    return [json.dumps(row, sort_keys=True) for row in ds]


@pytest.mark.parametrize("task", TASKS)
def test_features_match_the_hub_schema(task, splits):
    for split in ("train", "test"):
        assert splits[task][split].features == FEATURES[task]
    assert len(splits[task]["train"]) == N and len(splits[task]["test"]) == 100


def test_classlabel_names_are_the_hub_ones():
    assert FEATURES["nli"]["label"].names == ["entailment", "neutral", "contradiction"]
    assert FEATURES["pa"]["label"].names == ["0", "1"]
    assert FEATURES["ner"]["ner_tags"].feature.names == ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"]
    assert FEATURES["pos"]["pos_tags"].feature.names[:3] == ["ADJ", "ADP", "ADV"] and len(FEATURES["pos"]["pos_tags"].feature.names) == 17
    assert FEATURES["qa"]["answers"] == {"text": datasets.List(datasets.Value("string")), "answer_start": datasets.List(datasets.Value("int32"))}


@pytest.mark.parametrize("task", TASKS)
def test_deterministic_and_seed_dependent(task, splits):
    a, b = generate_split(task, 50, seed=3), generate_split(task, 50, seed=3)
    assert a.to_list() == b.to_list()
    assert a.to_list() != generate_split(task, 50, seed=4).to_list()
    assert generate_task(task, N, 100, seed=7)["test"].to_list() == splits[task]["test"].to_list()


@pytest.mark.parametrize("task", TASKS)
def test_splits_are_unique_and_disjoint(task, splits):
    train, test = _rows(splits[task]["train"]), _rows(splits[task]["test"])
    assert len(set(train)) == len(train) and len(set(test)) == len(test)
    assert not set(train) & set(test)


@pytest.mark.parametrize("task", TASKS)
def test_parquet_round_trip_keeps_features(task, splits, tmp_path):
    path = tmp_path / f"{task}.parquet"
    splits[task]["test"].to_parquet(str(path))
    loaded = datasets.load_dataset("parquet", data_files=str(path), split="train", cache_dir=str(tmp_path / "cache"))
    assert loaded.features == FEATURES[task]
    assert loaded.to_list() == splits[task]["test"].to_list()


@pytest.mark.parametrize("task", ["nli", "pa"])
def test_classes_roughly_balanced_and_one_label_per_pair(task, splits):
    train = splits[task]["train"]
    counts = Counter(train["label"])
    n_classes = len(_names(train, "label"))
    assert set(counts) == set(range(n_classes))
    assert all(abs(c / len(train) - 1 / n_classes) < 0.1 for c in counts.values()), counts
    first, second = train.column_names[:2]
    labels: dict = {}
    for row in train:
        labels.setdefault((row[first], row[second]), set()).add(row["label"])
    assert all(len(v) == 1 for v in labels.values())


def test_nli_labels_follow_their_cues(splits):
    names = _names(splits["nli"]["train"], "label")
    for row in splits["nli"]["train"]:
        label, hypothesis = names[row["label"]], row["hypothesis"].split()
        negated = bool({"not", "never", "Nobody", "No"} & set(hypothesis))
        assert negated == (label == "contradiction"), row
        if label == "entailment":  # every content word of the hypothesis is in the premise
            assert set(hypothesis) - {"A", "a", "was", "by", "Someone"} <= set(row["premise"].split()), row


def test_pa_sentences_share_their_words_up_to_the_changed_fact(splits):
    for row in splits["pa"]["train"]:
        s1, s2 = row["sentence1"], row["sentence2"]
        assert s1 != s2
        if row["label"] == 1:  # a paraphrase keeps the people, the number and the city
            for words in (NAMES, NUMBERS, CITIES):
                vocabulary = {token.lower() for w in words for token in w.split()}
                assert sorted(w for w in s1.lower().split() if w in vocabulary) == sorted(w for w in s2.lower().split() if w in vocabulary), row


def test_qa_offsets_are_exact(splits):
    for split in ("train", "test"):
        for row in splits["qa"][split]:
            (text,), (start,) = row["answers"]["text"], row["answers"]["answer_start"]
            assert row["context"][start : start + len(text)] == text
            person = next(w for w in row["question"].split() if w in NAMES)
            assert row["context"].count(f"{person} ") == 1  # the asked person appears once, in the sentence holding the answer
            assert row["context"][:start].rsplit(" . ", 1)[-1].startswith(f"{person} ")
            assert 2 <= row["context"].count(" .") <= 4 and len(row["id"]) == 24


def test_ner_bio_well_formed_and_entities_from_the_lists(splits):
    known = {"PER": set(NER_PEOPLE), "ORG": set(ORGS), "LOC": set(CITIES)}
    for row in splits["ner"]["train"]:
        tags = [FEATURES["ner"]["ner_tags"].feature.int2str(t) for t in row["ner_tags"]]
        assert len(tags) == len(row["tokens"]) == len(row["langs"]) and 5 <= len(tags) <= 10
        assert set(row["langs"]) == {"en"}
        spans, previous = [], "O"
        for token, tag in zip(row["tokens"], tags):
            if tag.startswith("I-"):
                assert previous != "O" and previous[2:] == tag[2:], (row["tokens"], tags)
                spans[-1][1].append(token)
            elif tag.startswith("B-"):
                spans.append((tag[2:], [token]))
            else:
                assert token not in known["LOC"] | known["ORG"] | set(NAMES)
            previous = tag
        assert spans and all(" ".join(words) in known[kind] for kind, words in spans), (row["tokens"], tags)


def test_pos_tags_match_the_lexicon(splits):
    names = FEATURES["pos"]["pos_tags"].feature.names
    for tag, words in POS_WORDS.values():
        assert all(POS_LEXICON[w] == tag for w in words)  # one tag per word across slots
    for row in splits["pos"]["train"]:
        tokens, tags = row["tokens"], [names[t] for t in row["pos_tags"]]
        assert len(tokens) == len(tags) and 4 <= len(tokens) <= 10
        assert tags == [POS_LEXICON.get(t, POS_LEXICON.get(t.lower())) for t in tokens], row


def test_enough_unique_examples_for_thousands():
    for task in TASKS:
        assert len(generate_split(task, 3000, seed=1)) == 3000


def test_unknown_task_and_bad_size():
    with pytest.raises(ValueError, match=r"unknown task 'sst'.*nli, pa, qa, ner, pos"):
        generate_split("sst", 10, seed=0)
    with pytest.raises(ValueError, match="n must be >= 1"):
        generate_task("nli", 10, 0, seed=0)
