"""A generated English corpus for pretraining the tiny base LM offline.

Documents come from a seeded ``random.Random`` walking a small hand-written grammar (the
``grammar`` package) and lexicon (the YAML files in ``lexicon/``), so the corpus is a pure function
of its config (and of the texts it must avoid). The aim is breadth, not a few fixed templates: a
model that has only seen a handful of sentence frames is confidently wrong on any other text. So
the grammar inflects verbs by tense, person, mood and negation, builds noun phrases with
determiners, adjectives, possessives and numbers, and joins clauses with many connectives; the
lexicon holds a few thousand common English words grouped by everyday topic (cooking, travel,
health, money, sport, school, law, music, gardening, computing, ...), so that a sentence about one
topic uses words that belong together, and a "mixed" sentence joins two topics.

Document kinds: short stories and dialogues, how-to instructions and recipes, descriptions, diary
entries and letters, opinions and reviews of many kinds of things (both polarities), news-style
reports, encyclopedic entries (real countries, elements, planets, animals and dates, which are
true; invented towns, rivers, species, buildings, people and periods, consistent only within one
document), everyday facts, ``Q: ... A: ...`` pairs, one-line and multi-line Python, shell, SQL and
JavaScript with English comments, sentences about programming, and documents that change topic.
Answers and printed results are computed, so they are right by construction. Text is ASCII; code
documents may span several lines, all other documents are one line.

All templates and word lists were written for this project; no text comes from a dataset or site.
"""
from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path
from typing import Callable, Iterable

from .config import CorpusConfig
from .grammar.documents import (
    doc_code, doc_common, doc_description, doc_dialogue, doc_everyday, doc_howto, doc_letter, doc_mixed, doc_news, doc_opinion, doc_qa,
    doc_reference, doc_review, doc_story,
)
from .grammar.morphology import article, comparative, number_word, plural, verb_forms

__all__ = [
    "generate_corpus", "read_corpus", "corpus_digest", "DOCUMENT_KINDS",
    # the English morphology the corpus is written with, checked by the tests
    "article", "comparative", "number_word", "plural", "verb_forms",
]

DOCUMENT_KINDS: dict[str, tuple[float, Callable[[random.Random, int], str]]] = {
    # kind: (share of the documents, generator)
    "story": (0.12, doc_story),
    "dialogue": (0.05, doc_dialogue),
    "howto": (0.06, doc_howto),
    "description": (0.05, doc_description),
    "opinion": (0.05, doc_opinion),
    "everyday": (0.07, doc_everyday),
    "letter": (0.04, doc_letter),
    "news": (0.04, doc_news),
    "reference": (0.13, doc_reference),
    "common_knowledge": (0.05, doc_common),
    "review": (0.13, doc_review),
    "qa": (0.06, doc_qa),
    "code": (0.10, doc_code),
    "mixed": (0.05, doc_mixed),
}


def _document(rng: random.Random, cfg: CorpusConfig) -> str:
    kinds = list(DOCUMENT_KINDS)
    kind = rng.choices(kinds, weights=[DOCUMENT_KINDS[k][0] for k in kinds])[0]
    n = rng.randint(cfg.min_sentences, cfg.max_sentences)
    return DOCUMENT_KINDS[kind][1](rng, n)


def generate_corpus(cfg: CorpusConfig, *, exclude: Iterable[str] = ()) -> list[str]:
    """``cfg.n_documents`` generated documents, none of which contains any text of ``exclude``.

    A document is redrawn when an excluded text (stripped) equals it or occurs anywhere inside
    it, so no evaluation text reaches pretraining even as one sentence of a longer document.
    The result depends only on ``cfg`` and ``exclude``.

    Raises ``ValueError`` when ``exclude`` blocks so many documents that the generator cannot
    reach ``n_documents`` (the excluded texts then cover templates the corpus keeps producing).
    """
    blocked = sorted({t.strip() for t in exclude if t.strip()})
    rng = random.Random(cfg.seed)
    docs: list[str] = []
    max_draws = 20 * cfg.n_documents + 1000
    draws = 0
    while len(docs) < cfg.n_documents:
        draws += 1
        if draws > max_draws:
            raise ValueError(
                f"generate_corpus: {draws - 1 - len(docs)} of {draws - 1} generated documents contained an excluded text; "
                f"the excluded texts are too close to the corpus templates to reach {cfg.n_documents} documents"
            )
        doc = _document(rng, cfg)
        if not any(t in doc for t in blocked):
            docs.append(doc)
    # The loop guarantees it; the check guards against a future edit of the loop.
    assert not set(blocked) & set(docs), "an excluded text was generated"
    return docs


def corpus_digest(texts: Iterable[str]) -> str:
    """SHA-256 (hex) of the documents joined with the ASCII record separator, which no document contains."""
    return hashlib.sha256("\x1e".join(texts).encode("utf-8")).hexdigest()


def read_corpus(path: str | Path) -> list[str]:
    """The documents of a corpus file written by the build_corpus rule (JSON lines with a "text" field)."""
    with open(path, encoding="utf-8") as f:
        return [json.loads(line)["text"] for line in f if line.strip()]
