"""Metrics and answer parsers of the `distill` study: hand-checked cases, edge cases and errors."""
from __future__ import annotations

import pytest

from mlsweeps.distill.metrics import (
    accuracy,
    entity_counts,
    entity_f1,
    format_tags,
    normalize_answer,
    parse_label,
    parse_span,
    parse_tags,
    squad_exact_match,
    squad_f1,
    squad_scores,
    token_accuracy,
)

NLI_LABELS = ["entailment", "neutral", "contradiction"]
NER_TAGS = ["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"]
POS_TAGS = ["ADJ", "ADP", "DET", "NOUN", "NUM", "PUNCT", "VERB", "X"]


# --- accuracy -----------------------------------------------------------------------------------


def test_accuracy_counts_none_as_wrong():
    # right, None (wrong), right, wrong -> 2 / 4
    assert accuracy(["yes", None, "no", "no"], ["yes", "no", "no", "yes"]) == 0.5


def test_accuracy_all_right_and_all_wrong():
    assert accuracy(["a", "b"], ["a", "b"]) == 1.0
    assert accuracy([None, None], ["a", "b"]) == 0.0


def test_accuracy_is_case_sensitive_exact_equality():
    # parse_label returns the canonical spelling, so accuracy needs no normalisation: 0 / 1
    assert accuracy(["Yes"], ["yes"]) == 0.0


def test_accuracy_rejects_length_mismatch_and_empty_input():
    with pytest.raises(ValueError, match="3 and 2"):
        accuracy(["a", "b", "c"], ["a", "b"])
    with pytest.raises(ValueError, match="empty"):
        accuracy([], [])


# --- SQuAD normalisation, F1 and exact match ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The  Cat!", "cat"),  # lower, drop "!", drop "the", collapse the double space
        ("theater", "theater"),  # "the" inside a word is kept
        ("An apple a day", "apple day"),
        ("A-team", "ateam"),  # punctuation goes first, so "a-" is no longer a whole-word article
        ("  Hello,\tworld.\n", "hello world"),
        ("the a an", ""),
        ("", ""),
        ("«Paris» — ¿sí?", "paris sí"),  # Unicode punctuation (categories P*) goes too, as in MLQA's script
        ("東京。", "東京"),
    ],
)
def test_normalize_answer(text, expected):
    assert normalize_answer(text) == expected


def test_squad_f1_hand_case():
    # "the cat sat" -> [cat, sat]; "a cat sat down" -> [cat, sat, down]
    # common 2: P = 2/2, R = 2/3, F1 = 2 * 1 * (2/3) / (1 + 2/3) = 0.8
    assert squad_f1("the cat sat", ["a cat sat down"]) == pytest.approx(0.8)


def test_squad_f1_counts_common_tokens_with_multiplicity():
    # [cat, cat] vs [cat]: common min(2, 1) = 1, P = 1/2, R = 1/1, F1 = 2/3
    assert squad_f1("cat cat", ["cat"]) == pytest.approx(2 / 3)


def test_squad_f1_no_common_token_is_zero():
    assert squad_f1("dog", ["the cat"]) == 0.0


def test_squad_f1_takes_max_over_ground_truths():
    # vs "dog": 0; vs "cat": P = 1/2, R = 1, F1 = 2/3; vs "the cat sat": 1 -> max 1
    assert squad_f1("cat sat", ["dog", "cat", "the cat sat"]) == 1.0
    # without the exact truth the best is 2/3
    assert squad_f1("cat sat", ["dog", "cat"]) == pytest.approx(2 / 3)


def test_squad_exact_match_after_normalisation_and_max_over_truths():
    assert squad_exact_match("The Cat!", ["cat"]) == 1.0
    assert squad_exact_match("The Cat!", ["cat sat"]) == 0.0
    assert squad_exact_match("the cat", ["dog", "A cat."]) == 1.0


@pytest.mark.parametrize(
    ("prediction", "truth", "expected"),
    [
        ("the", "a", (0.0, 1.0)),  # both empty after normalisation: F1 0 as the official v1.1 script, EM 1
        ("", "!!", (0.0, 1.0)),
        ("", "cat", (0.0, 0.0)),  # only the prediction is empty
        ("cat", "an", (0.0, 0.0)),  # only the truth is empty
    ],
)
def test_squad_empty_answers(prediction, truth, expected):
    assert (squad_f1(prediction, [truth]), squad_exact_match(prediction, [truth])) == expected


def test_squad_single_scores_reject_missing_or_bare_string_truths():
    with pytest.raises(ValueError, match="empty"):
        squad_f1("cat", [])
    with pytest.raises(ValueError, match="empty"):
        squad_exact_match("cat", [])
    with pytest.raises(TypeError, match="not a single str"):
        squad_f1("cat", "cat")


def test_squad_scores_means_with_none_as_empty():
    scores = squad_scores(
        ["the cat sat", None, "Paris."],
        [["a cat sat down"], ["Rome"], ["paris", "France"]],
    )
    # F1: (0.8 + 0 + 1) / 3 = 0.6; EM: (0 + 0 + 1) / 3
    assert scores == pytest.approx({"f1": 0.6, "exact_match": 1 / 3})


def test_squad_scores_none_against_an_answer_that_normalises_to_nothing():
    # None -> "" and "the" -> "": no common token, so F1 = 0 (official v1.1); the strings match, so EM = 1
    assert squad_scores([None], [["the"]]) == {"f1": 0.0, "exact_match": 1.0}


def test_squad_scores_rejects_length_mismatch_and_empty_input():
    with pytest.raises(ValueError, match="1 and 2"):
        squad_scores(["cat"], [["cat"], ["dog"]])
    with pytest.raises(ValueError, match="empty"):
        squad_scores([], [])


# --- entity F1 (seqeval) ------------------------------------------------------------------------


def test_entity_f1_hand_case():
    # gold PER[0:2], LOC[3]; predicted PER[0:2], ORG[3] -> 1 of 2 correct: P = R = 1/2, F1 = 0.5
    references = [["B-PER", "I-PER", "O", "B-LOC"]]
    predictions = [["B-PER", "I-PER", "O", "B-ORG"]]
    assert entity_f1(predictions, references) == 0.5


def test_entity_f1_partial_span_is_wrong():
    # gold PER[0:2], predicted PER[0:1]: boundaries differ, 0 correct -> F1 0
    assert entity_f1([["B-PER", "O", "O"]], [["B-PER", "I-PER", "O"]]) == 0.0


def test_entity_f1_is_micro_averaged_over_sentences():
    # sentence 1: 2 gold, 2 predicted, 1 correct; sentence 2: 1 gold, 1 predicted, 0 correct
    # P = 1/3, R = 1/3 -> F1 = 1/3 (the mean of per-sentence F1 would be 0.25)
    references = [["B-PER", "I-PER", "O", "B-LOC"], ["B-PER", "I-PER", "O"]]
    predictions = [["B-PER", "I-PER", "O", "B-ORG"], ["B-PER", "O", "O"]]
    assert entity_f1(predictions, references) == pytest.approx(1 / 3)


def test_entity_f1_i_without_b_starts_an_entity_in_default_mode():
    # conlleval rule: I-LOC after O starts a LOC chunk, so the prediction is LOC[0:2] = gold -> 1.0
    assert entity_f1([["I-LOC", "I-LOC", "O"]], [["B-LOC", "I-LOC", "O"]]) == 1.0
    # I-LOC after B-PER changes type, so it starts a new chunk: PER[0], LOC[1] both right -> 1.0
    assert entity_f1([["B-PER", "I-LOC"]], [["B-PER", "B-LOC"]]) == 1.0
    # a stray I-PER inside O's is an extra entity: gold LOC[0]; predicted LOC[0], PER[2]
    # P = 1/2, R = 1/1 -> F1 = 2/3
    assert entity_f1([["B-LOC", "O", "I-PER"]], [["B-LOC", "O", "O"]]) == pytest.approx(2 / 3)


def test_entity_f1_without_entities_is_zero():
    # no gold and no predicted entities: P and R are 0/0, scored 0 (zero_division=0)
    assert entity_f1([["O", "O"]], [["O", "O"]]) == 0.0


def test_entity_f1_errors_name_the_example():
    with pytest.raises(ValueError, match=r"example 1: prediction has 2 tags but reference has 1"):
        entity_f1([["O"], ["O", "O"]], [["O"], ["O"]])
    with pytest.raises(ValueError, match="2 and 1"):
        entity_f1([["O"], ["O"]], [["O"]])
    with pytest.raises(ValueError, match="example 0: a predicted tag is None"):
        entity_f1([[None, "O"]], [["B-PER", "O"]])


# --- token accuracy -----------------------------------------------------------------------------


def test_token_accuracy_hand_case_with_none():
    # sentence 1: NOUN right, VERB wrong, None wrong; sentence 2: DET right -> 2 / 4
    predictions = [["NOUN", "VERB", None], ["DET"]]
    references = [["NOUN", "NOUN", "ADJ"], ["DET"]]
    assert token_accuracy(predictions, references) == 0.5


def test_token_accuracy_is_micro_averaged():
    # 3 of 3 right, then 0 of 1 -> 3 / 4 (per-sentence mean would be 0.5)
    assert token_accuracy([["X", "X", "X"], ["X"]], [["X", "X", "X"], ["NOUN"]]) == 0.75


def test_token_accuracy_errors():
    with pytest.raises(ValueError, match=r"example 0: prediction has 1 tags but reference has 2"):
        token_accuracy([["X"]], [["X", "X"]])
    with pytest.raises(ValueError, match="empty"):
        token_accuracy([], [])
    with pytest.raises(ValueError, match="no tokens"):
        token_accuracy([[]], [[]])


# --- parse_label --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("generation", "expected"),
    [
        ("entailment", "entailment"),
        ("Entailment.", "entailment"),  # case and trailing punctuation
        ("  **Neutral**\n", "neutral"),  # surrounding whitespace and markup
        ("I think neutral.", "neutral"),  # label in second position
        ("contradiction, not entailment", "contradiction"),  # first word wins
        ("It is entailment or maybe contradiction", "entailment"),  # earliest occurrence wins
        ("Answer: CONTRADICTION", "contradiction"),
        ("", None),
        ("   \n", None),
        ("asdf qwerty 123 ###", None),  # garbage
        ("entailments are neutrality", None),  # only whole words count
    ],
)
def test_parse_label_nli(generation, expected):
    assert parse_label(generation, NLI_LABELS) == expected


@pytest.mark.parametrize(
    ("generation", "expected"),
    [
        ("YES", "yes"),
        ("No, they differ.", "no"),
        ("(yes)", "yes"),
        ("yesterday nothing", None),  # "yes" and "no" only as parts of words
        ("no yes", "no"),
    ],
)
def test_parse_label_yes_no(generation, expected):
    assert parse_label(generation, ["yes", "no"]) == expected


def test_parse_label_returns_canonical_spelling():
    assert parse_label("yes", ["Yes", "No"]) == "Yes"


def test_parse_label_multi_word_labels_prefer_earliest_then_longest():
    # "not entailment" starts at 0, "entailment" at 4 -> the earlier one
    assert parse_label("Not entailment.", ["entailment", "not entailment"]) == "not entailment"
    # both start at 6 -> the longer one
    assert parse_label("Well, yes please", ["yes", "yes please"]) == "yes please"


# --- parse_span ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("generation", "expected"),
    [
        ("Paris", "Paris"),
        ("  Marie Curie  \nQuestion: who", "Marie Curie"),  # second line ignored
        ("\n\n \t\n  in 1905 \n", "in 1905"),  # blank lines skipped
        ("", ""),
        ("  \n\t\n", ""),
    ],
)
def test_parse_span(generation, expected):
    assert parse_span(generation) == expected


# --- tags, one per given word --------------------------------------------------------------------


def test_format_tags():
    assert format_tags(["B-PER", "I-PER", "O"]) == "B-PER I-PER O"
    assert format_tags([]) == ""
    with pytest.raises(ValueError, match="tag 1"):
        format_tags(["O", "B PER"])  # would split into two items


@pytest.mark.parametrize(
    ("generation", "n_words", "expected", "parsed"),
    [
        ("B-PER I-PER O", 3, ["B-PER", "I-PER", "O"], True),
        ("b-per i-Per", 2, ["B-PER", "I-PER"], True),  # matched ignoring case
        ("B-PERSON I-PER", 2, ["<fb>", "I-PER"], True),  # an unknown tag: that word's fallback, still aligned
        ("B-PER", 3, ["B-PER", "<fb>", "<fb>"], False),  # too few items: read by position, counted as a failure
        ("O O B-LOC", 2, ["O", "O"], False),  # too many items: extras dropped, a failure
        ("Ada/B-PER Lovelace/I-PER", 2, ["<fb>", "<fb>"], True),  # the old word/TAG format: two items, two unknown tags
        ("B-PER\nI-PER", 2, ["B-PER", "<fb>"], False),  # second line ignored: one item
        ("\n  B-PER I-PER", 2, ["B-PER", "I-PER"], True),  # leading blank line skipped
        ("", 2, ["<fb>", "<fb>"], False),
        ("", 0, [], True),
    ],
)
@pytest.mark.parametrize("fallback", ["O", None])
def test_parse_tags(generation, n_words, expected, parsed, fallback):
    expected = [fallback if tag == "<fb>" else tag for tag in expected]
    assert parse_tags(generation, n_words, NER_TAGS, fallback) == (expected, parsed)


def test_parse_tags_errors():
    with pytest.raises(ValueError, match="non-negative"):
        parse_tags("O", -1, NER_TAGS, "O")
    with pytest.raises(ValueError, match="distinct ignoring case"):
        parse_tags("O", 1, ["O", "o"], "O")


@pytest.mark.parametrize("tags", [["B-PER", "I-PER", "O", "B-PER", "O", "B-LOC"], ["O"], []])
def test_tags_round_trip(tags):
    assert parse_tags(format_tags(tags), len(tags), NER_TAGS, None) == (tags, True)


def test_entity_counts_sum_to_seqeval_micro_f1():
    predicted = [["B-PER", "I-PER", "O", "B-LOC"], ["O", "B-ORG"], ["O"]]
    gold = [["B-PER", "I-PER", "O", "B-ORG"], ["O", "B-ORG"], ["B-LOC"]]
    counts = [entity_counts(p, g) for p, g in zip(predicted, gold)]
    assert counts == [(1, 2, 2), (1, 1, 1), (0, 0, 1)]
    tp, n_pred, n_gold = map(sum, zip(*counts))
    assert 2 * tp / (n_pred + n_gold) == pytest.approx(entity_f1(predicted, gold))  # 4 / 7
