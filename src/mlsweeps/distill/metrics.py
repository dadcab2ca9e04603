"""Scores and answer parsers of the `distill` study, in the scikit-learn manner.

The fine-tuned causal LM answers every XTREME task in free text, so each task has a parser that
turns a greedy generation (the decoded text after the prompt, possibly malformed) into a
prediction, and a metric that scores the parsed predictions against the references:

* sentence(-pair) classification: :func:`parse_label`, then :func:`accuracy`;
* extractive QA: :func:`parse_span`, then :func:`squad_scores` (SQuAD v1.1 F1 and exact match);
* named-entity recognition: :func:`parse_tags`, then :func:`entity_f1` (seqeval);
* part-of-speech tagging: :func:`parse_tags`, then :func:`token_accuracy`.

:func:`format_tags` writes the tags-only targets (one tag per given word) that :func:`parse_tags` inverts.
A prediction that cannot be parsed is ``None`` and is scored as wrong. Every score is a fraction
in [0, 1], higher is better.
"""
from __future__ import annotations

import re
import string
import unicodedata
from collections import Counter
from collections.abc import Sequence


__all__ = [
    "accuracy",
    "normalize_answer",
    "squad_f1",
    "squad_exact_match",
    "squad_scores",
    "entity_f1",
    "token_accuracy",
    "parse_label",
    "parse_span",
    "format_tags",
    "parse_tags",
    "entity_counts",
]

_ASCII_PUNCTUATION = frozenset(string.punctuation)
_ARTICLES = re.compile(r"\b(a|an|the)\b")


def _check_paired(predictions: Sequence[object], references: Sequence[object]) -> None:
    """Raise ValueError unless there is one prediction per reference and at least one of each."""
    if len(predictions) != len(references):
        raise ValueError(
            f"predictions and references must have the same length, got {len(predictions)} and {len(references)}"
        )
    if len(references) == 0:
        raise ValueError("predictions and references are empty (lengths 0 and 0); a score needs at least one example")


def _check_sequence_pairs(predictions: Sequence[Sequence[object]], references: Sequence[Sequence[object]]) -> None:
    """Like :func:`_check_paired`, and also one predicted tag per reference tag in every example."""
    _check_paired(predictions, references)
    for index, (predicted, reference) in enumerate(zip(predictions, references)):
        if len(predicted) != len(reference):
            raise ValueError(
                f"example {index}: prediction has {len(predicted)} tags but reference has {len(reference)}"
            )


# --- metrics ------------------------------------------------------------------------------------


def accuracy(predictions: Sequence[str | None], references: Sequence[str]) -> float:
    """Fraction of predictions equal to their reference.

    Parameters
    ----------
    predictions : sequence of str or None
        Parsed predictions; ``None`` marks an unparseable generation and counts as wrong.
    references : sequence of str
        Gold labels, one per prediction.

    Returns
    -------
    float
        Accuracy in [0, 1].

    Raises
    ------
    ValueError
        If the lengths differ or the inputs are empty.

    Examples
    --------
    >>> accuracy(["yes", None, "no", "no"], ["yes", "no", "no", "yes"])
    0.5
    """
    _check_paired(predictions, references)
    correct = sum(p is not None and p == r for p, r in zip(predictions, references))
    return correct / len(references)


def normalize_answer(text: str) -> str:
    """SQuAD v1.1 answer normalisation.

    Lower case, drop every punctuation character (``string.punctuation`` and every Unicode
    character of a ``P*`` category, as MLQA's script does), drop the articles *a*, *an* and *the*
    as whole words, and collapse runs of whitespace to single spaces (no leading or trailing
    space). The steps run in that order, as in the official evaluation script.

    Parameters
    ----------
    text : str
        A predicted or gold answer.

    Returns
    -------
    str
        The normalised answer; ``""`` if nothing is left.

    Examples
    --------
    >>> normalize_answer("The  Cat's theater!")
    'cats theater'
    >>> normalize_answer("«Paris» — ¿sí?")
    'paris sí'
    """
    text = text.lower()
    text = "".join(ch for ch in text if not _is_punctuation(ch))
    text = _ARTICLES.sub(" ", text)
    return " ".join(text.split())


def _is_punctuation(ch: str) -> bool:
    # MLQA's evaluation script strips every Unicode punctuation character (categories P*), not only ASCII's.
    return ch in _ASCII_PUNCTUATION or unicodedata.category(ch).startswith("P")


def _check_ground_truths(ground_truths: Sequence[str]) -> None:
    # A bare str is a sequence of characters: scoring against each letter would be a silent bug.
    if isinstance(ground_truths, str):
        raise TypeError("ground_truths must be a sequence of answer strings, not a single str")
    if len(ground_truths) == 0:
        raise ValueError("ground_truths is empty; a SQuAD score needs at least one gold answer")


def _token_f1(prediction: str, ground_truth: str) -> float:
    """Token-level F1 of two answers after normalisation (multiset overlap of whitespace tokens)."""
    pred_tokens = normalize_answer(prediction).split()
    true_tokens = normalize_answer(ground_truth).split()
    # As the official v1.1 script: no common token (two empty answers included) scores 0.
    n_common = sum((Counter(pred_tokens) & Counter(true_tokens)).values())
    if n_common == 0:
        return 0.0
    precision = n_common / len(pred_tokens)
    recall = n_common / len(true_tokens)
    return 2 * precision * recall / (precision + recall)


def squad_f1(prediction: str, ground_truths: Sequence[str]) -> float:
    """SQuAD v1.1 token F1 of one prediction: the best over its gold answers.

    Parameters
    ----------
    prediction : str
        Predicted answer span.
    ground_truths : sequence of str
        Gold answers for the question (at least one).

    Returns
    -------
    float
        ``max`` over gold answers of the F1 between normalised whitespace tokens, counting common
        tokens with multiplicity. 0 when no token is shared, including when the prediction and a
        gold answer are both empty after normalisation (as the official v1.1 script).

    Raises
    ------
    ValueError
        If ``ground_truths`` is empty.
    TypeError
        If ``ground_truths`` is a single str rather than a sequence of answers.

    Examples
    --------
    >>> round(squad_f1("the cat sat", ["a cat sat down", "dog"]), 4)  # P = 2/2, R = 2/3
    0.8
    """
    _check_ground_truths(ground_truths)
    return max(_token_f1(prediction, truth) for truth in ground_truths)


def squad_exact_match(prediction: str, ground_truths: Sequence[str]) -> float:
    """SQuAD v1.1 exact match of one prediction: 1.0 if it equals any gold answer after normalisation.

    Parameters
    ----------
    prediction : str
        Predicted answer span.
    ground_truths : sequence of str
        Gold answers for the question (at least one).

    Returns
    -------
    float
        1.0 or 0.0.

    Raises
    ------
    ValueError
        If ``ground_truths`` is empty.
    TypeError
        If ``ground_truths`` is a single str rather than a sequence of answers.

    Examples
    --------
    >>> squad_exact_match("The Eiffel tower.", ["eiffel tower", "Paris"])
    1.0
    """
    _check_ground_truths(ground_truths)
    normalized = normalize_answer(prediction)
    return float(any(normalized == normalize_answer(truth) for truth in ground_truths))


def squad_scores(predictions: Sequence[str | None], references: Sequence[Sequence[str]]) -> dict[str, float]:
    """Mean SQuAD v1.1 F1 and exact match over a set of questions.

    Parameters
    ----------
    predictions : sequence of str or None
        Predicted spans; ``None`` (no answer parsed) is scored as the empty answer ``""``.
    references : sequence of sequence of str
        Gold answers of each question (at least one per question).

    Returns
    -------
    dict
        ``{"f1": mean F1, "exact_match": mean EM}``, both in [0, 1].

    Raises
    ------
    ValueError
        If the lengths differ, the inputs are empty, or a question has no gold answer.

    Examples
    --------
    >>> scores = squad_scores(["cat sat", None], [["the cat sat down"], ["dog"]])
    >>> {name: round(value, 4) for name, value in scores.items()}  # F1 (0.8 + 0) / 2, EM 0 / 2
    {'f1': 0.4, 'exact_match': 0.0}
    """
    _check_paired(predictions, references)
    answers = ["" if p is None else p for p in predictions]
    f1 = sum(squad_f1(a, truths) for a, truths in zip(answers, references)) / len(answers)
    em = sum(squad_exact_match(a, truths) for a, truths in zip(answers, references)) / len(answers)
    return {"f1": f1, "exact_match": em}


def entity_f1(predictions: Sequence[Sequence[str]], references: Sequence[Sequence[str]]) -> float:
    """Entity-level micro F1 of BIO tag sequences, as computed by seqeval.

    Uses ``seqeval.metrics.f1_score`` in its default (conlleval-compatible) mode: an entity is a
    maximal chunk of one type, and an ``I-`` tag that does not continue a chunk of its type starts
    a new one. A predicted entity counts only if its type and both boundaries match a gold entity.

    Parameters
    ----------
    predictions : sequence of sequence of str
        Predicted tags per sentence (e.g. ``["B-PER", "I-PER", "O"]``); parse unknown tags to a
        fallback such as ``"O"`` first.
    references : sequence of sequence of str
        Gold tags per sentence, aligned token by token with ``predictions``.

    Returns
    -------
    float
        Micro F1 in [0, 1]; 0 when there are no predicted or no gold entities.

    Raises
    ------
    ValueError
        If the numbers of sentences differ, the inputs are empty, a sentence's prediction and
        reference differ in length (the message names its index), or a predicted tag is None.

    Examples
    --------
    >>> entity_f1([["B-PER", "O", "B-LOC"]], [["B-PER", "O", "B-ORG"]])  # P = 1/2, R = 1/2
    0.5
    """
    _check_sequence_pairs(predictions, references)
    for index, predicted in enumerate(predictions):
        if any(tag is None for tag in predicted):
            raise ValueError(f"example {index}: a predicted tag is None; parse with a fallback tag such as 'O'")
    # Imported here: seqeval pulls in scikit-learn, whose import every other distill job would pay for.
    from seqeval.metrics import f1_score

    # seqeval takes (y_true, y_pred) and wants lists; zero_division=0 silences its 0/0 warning.
    score = f1_score(
        [list(r) for r in references], [list(p) for p in predictions], zero_division=0
    )
    return float(score)


def token_accuracy(predictions: Sequence[Sequence[str | None]], references: Sequence[Sequence[str]]) -> float:
    """Micro-averaged tag accuracy over all tokens of all sentences.

    Parameters
    ----------
    predictions : sequence of sequence of str or None
        Predicted tags per sentence; ``None`` (unparseable) counts as wrong.
    references : sequence of sequence of str
        Gold tags per sentence, aligned token by token with ``predictions``.

    Returns
    -------
    float
        Correct tokens over all tokens, in [0, 1]; long sentences weigh more than short ones.

    Raises
    ------
    ValueError
        If the numbers of sentences differ, the inputs are empty or hold no tokens, or a
        sentence's prediction and reference differ in length (the message names its index).

    Examples
    --------
    >>> token_accuracy([["NOUN", "VERB"], [None]], [["NOUN", "NOUN"], ["ADJ"]])  # 1 of 3 tokens
    0.3333333333333333
    """
    _check_sequence_pairs(predictions, references)
    n_tokens = sum(len(r) for r in references)
    if n_tokens == 0:
        raise ValueError(f"references hold {len(references)} sentences but no tokens")
    correct = sum(
        p is not None and p == r
        for predicted, reference in zip(predictions, references)
        for p, r in zip(predicted, reference)
    )
    return correct / n_tokens


# --- parsers ------------------------------------------------------------------------------------


def parse_label(generation: str, label_words: Sequence[str]) -> str | None:
    """The label word that a generation answers, or None if it names none.

    Matching ignores case. Surrounding whitespace and punctuation of the generation are stripped
    first. If its first word, stripped of punctuation, is a label word, that label is returned;
    otherwise the label word whose first whole-word occurrence starts earliest in the text (the
    longer label on a tie); otherwise None.

    Parameters
    ----------
    generation : str
        Decoded model output after the prompt.
    label_words : sequence of str
        The task's verbalised labels (e.g. ``["entailment", "neutral", "contradiction"]``).

    Returns
    -------
    str or None
        A member of ``label_words`` in its own spelling, or None.

    Examples
    --------
    >>> labels = ["entailment", "neutral", "contradiction"]
    >>> parse_label("Entailment.", labels)
    'entailment'
    >>> parse_label("I think neutral, not contradiction", labels)
    'neutral'
    >>> parse_label("no idea", labels) is None
    True
    """
    text = generation.strip(string.whitespace + string.punctuation)
    by_lower = {word.lower(): word for word in label_words}
    words = text.split(maxsplit=1)
    if words:
        first = words[0].strip(string.punctuation).lower()
        if first in by_lower:
            return by_lower[first]
    best: tuple[int, int, str] | None = None  # (start, -length, label): earliest, then longest
    for word in label_words:
        # Lookarounds rather than \b so that labels starting or ending in punctuation still match.
        match = re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, flags=re.IGNORECASE)
        if match is not None:
            candidate = (match.start(), -len(word), word)
            if best is None or candidate[:2] < best[:2]:
                best = candidate
    return None if best is None else best[2]


def parse_span(generation: str) -> str:
    """The answer span of an extractive-QA generation: its first non-blank line, stripped.

    Parameters
    ----------
    generation : str
        Decoded model output after the prompt.

    Returns
    -------
    str
        The first line with non-whitespace content, without surrounding whitespace; ``""`` if the
        generation is blank.

    Examples
    --------
    >>> parse_span("\\n  Marie Curie \\nQuestion: who ...")
    'Marie Curie'
    """
    for line in generation.splitlines():
        if line.strip():
            return line.strip()
    return ""


def format_tags(tags: Sequence[str]) -> str:
    """The answer of the NER and POS targets: one tag per word of the sentence, separated by spaces.

    The words are not repeated: a model that cannot copy a sentence is then not scored as a bad
    tagger. :func:`parse_tags` inverts it.

    Raises
    ------
    ValueError
        If a tag is empty or contains whitespace (it could not be parsed back).

    Examples
    --------
    >>> format_tags(["B-PER", "I-PER", "O"])
    'B-PER I-PER O'
    """
    for index, tag in enumerate(tags):
        if not tag or any(ch.isspace() for ch in tag):
            raise ValueError(f"tag {index} ({tag!r}) is empty or contains whitespace")
    return " ".join(tags)


def parse_tags(generation: str, n_words: int, tag_names: Sequence[str], fallback: str | None) -> tuple[list[str | None], bool]:
    """Tags of a tags-only generation aligned to the sentence's words, and whether it parsed.

    The rule: the first non-blank line (see :func:`parse_span`) is split on whitespace and item
    ``i`` is word ``i``'s tag, matched to ``tag_names`` ignoring case; an unknown tag, and every
    word past the last item, gets ``fallback`` (``"O"`` for NER; ``None``, scored wrong, for POS);
    items past the last word are dropped. An output with another number of items than the
    sentence has words is a parse failure: it is still read by position, but counted, since one
    missing or extra tag shifts the ones after it.

    Returns
    -------
    (tags, parsed)
        Exactly ``n_words`` tags, and False for a parse failure (wrong item count).

    Raises
    ------
    ValueError
        If ``n_words`` is negative or two tag names differ only in case.

    Examples
    --------
    >>> parse_tags("b-per xyz O", 3, ["O", "B-PER", "I-PER"], "O")
    (['B-PER', 'O', 'O'], True)
    >>> parse_tags("B-PER O", 3, ["O", "B-PER", "I-PER"], None)
    (['B-PER', 'O', None], False)
    """
    if n_words < 0:
        raise ValueError(f"n_words must be non-negative, got {n_words}")
    canonical = {name.lower(): name for name in tag_names}
    if len(canonical) != len(tag_names):
        raise ValueError(f"tag_names must be distinct ignoring case, got {list(tag_names)}")
    items = parse_span(generation).split()
    tags = [canonical.get(item.lower(), fallback) for item in items[:n_words]]
    return tags + [fallback] * (n_words - len(tags)), len(items) == n_words


def entity_counts(predicted: Sequence[str], gold: Sequence[str]) -> tuple[int, int, int]:
    """(true positives, predicted entities, gold entities) of one sentence, as seqeval counts them.

    Summed over sentences they give seqeval's micro F1 = 2·TP / (predicted + gold), so a corpus
    score can be resampled sentence by sentence.

    >>> entity_counts(["B-PER", "O", "B-LOC"], ["B-PER", "O", "B-ORG"])
    (1, 2, 2)
    """
    from seqeval.metrics.sequence_labeling import get_entities

    pred, true = set(get_entities(list(predicted))), set(get_entities(list(gold)))
    return len(pred & true), len(pred), len(true)
