"""The five tasks: fields read, zero-shot prompt, gold answer, parse rule, metric and trivial baseline.

Each dataset row becomes an ``Example``: the user message of the zero-shot prompt, the answer the
student is trained to produce, and the reference the metric compares the parsed generation with.
Prompts and answers are plain text; the chat template is applied later (``prompts.py``), so the
same examples serve a Qwen3 hub model and the pipeline's tiny LM.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from .data import label_names, label_of, require_fields
from .metrics import (
    accuracy,
    entity_counts,
    entity_f1,
    format_tags,
    parse_label,
    parse_span,
    parse_tags,
    squad_f1,
    squad_scores,
    token_accuracy,
)

__all__ = ["Example", "Baseline", "Task", "ClassificationTask", "SpanTask", "TaggingTask", "TASKS", "get_task", "load_examples"]


@dataclass(frozen=True)
class Example:
    prompt: str
    """The user message of the zero-shot prompt."""
    answer: str
    """The gold answer text (what the student is trained to generate)."""
    reference: Any
    """What the metric compares with: a label word, a list of gold answer texts, or a gold tag list."""


@dataclass(frozen=True)
class Baseline:
    score: float
    """Fraction in [0, 1], in the task's primary metric."""
    description: str


class Task:
    """Interface of a task; the subclasses below implement it."""

    name: str
    metric: str
    """Primary metric (the key of ``score`` that the sweep reports)."""
    fields: tuple[str, ...]
    max_new_tokens: int

    def examples(self, dataset, *, name: str, label_names_cfg: Sequence[str] | None = None) -> list[Example]:
        raise NotImplementedError

    def parse(self, generation: str, example: Example) -> Any:
        raise NotImplementedError

    def score(self, predictions: Sequence[Any], examples: Sequence[Example]) -> dict[str, float]:
        raise NotImplementedError

    def item_scores(self, predictions: Sequence[Any], examples: Sequence[Example]) -> list[tuple[float, float]]:
        """(numerator, denominator) per example: their sums' ratio is the primary metric, so it can be resampled by example."""
        raise NotImplementedError

    def parsed(self, generation: str, example: Example) -> bool:
        """Whether the parse rule found an answer in ``generation`` (False is a parse failure, scored wrong)."""
        return True

    def choices(self, example: Example) -> list[str] | None:
        """The answers a ranked choice is made among (classification tasks), else None."""
        return None

    def baseline(self, train: Sequence[Example], test: Sequence[Example]) -> Baseline:
        raise NotImplementedError


@dataclass(frozen=True)
class ClassificationTask(Task):
    """Sentence-pair classification answered with one word (NLI, PAWS-X)."""

    name: str
    fields: tuple[str, str]
    label_field: str
    question: str
    """Asked after the two texts; ``{choices}`` becomes the answer words."""
    verbalizer: tuple[str, ...] | None = None
    """Answer word of each label id, when the label names are not words (PAWS-X: "0", "1")."""
    intro: tuple[str, str] = ("Text 1", "Text 2")
    metric: str = "accuracy"
    max_new_tokens: int = 8

    def words(self, names: Sequence[str]) -> list[str]:
        if self.verbalizer is None:
            return list(names)
        if len(self.verbalizer) != len(names):
            raise ValueError(f"task {self.name}: {len(names)} label names {list(names)} but {len(self.verbalizer)} answer words {list(self.verbalizer)}")
        return list(self.verbalizer)

    def examples(self, dataset, *, name: str, label_names_cfg: Sequence[str] | None = None) -> list[Example]:
        require_fields(dataset, (*self.fields, self.label_field), name=name)
        names = label_names(dataset, self.label_field, configured=label_names_cfg, name=name)
        words = self.words(names)
        question = self.question.format(choices=_choices(words))
        out = []
        for index, row in enumerate(dataset):
            label = label_of(row[self.label_field], names, name=name, where=f"row {index}", field=self.label_field)
            word = words[names.index(label)]
            prompt = f"{self.intro[0]}: {row[self.fields[0]]}\n{self.intro[1]}: {row[self.fields[1]]}\n{question}"
            out.append(Example(prompt, word, {"label": word, "choices": words}))
        return out

    def parse(self, generation: str, example: Example) -> str | None:
        return parse_label(generation, example.reference["choices"])

    def score(self, predictions, examples) -> dict[str, float]:
        return {"accuracy": accuracy(predictions, [e.reference["label"] for e in examples])}

    def item_scores(self, predictions, examples) -> list[tuple[float, float]]:
        return [(float(p is not None and p == e.reference["label"]), 1.0) for p, e in zip(predictions, examples, strict=True)]

    def parsed(self, generation: str, example: Example) -> bool:
        return self.parse(generation, example) is not None

    def choices(self, example: Example) -> list[str]:
        return list(example.reference["choices"])

    def baseline(self, train, test) -> Baseline:
        majority = Counter(e.reference["label"] for e in train).most_common(1)[0][0]
        return Baseline(self.score([majority] * len(test), test)["accuracy"], f"majority class of the training set ({majority!r})")


@dataclass(frozen=True)
class SpanTask(Task):
    """Extractive question answering answered with a span of the context (SQuAD, MLQA)."""

    name: str = "QA"
    fields: tuple[str, ...] = ("context", "question", "answers")
    metric: str = "f1"
    max_new_tokens: int = 24

    def examples(self, dataset, *, name: str, label_names_cfg: Sequence[str] | None = None) -> list[Example]:
        require_fields(dataset, self.fields, name=name)
        out = []
        for index, row in enumerate(dataset):
            answers = _answer_texts(row["answers"], name=name, index=index)
            prompt = f"Context: {row['context']}\nQuestion: {row['question']}\nAnswer with a short span copied from the context."
            out.append(Example(prompt, answers[0], answers))
        return out

    def parse(self, generation: str, example: Example) -> str:
        return parse_span(generation)

    def score(self, predictions, examples) -> dict[str, float]:
        return squad_scores(predictions, [e.reference for e in examples])

    def item_scores(self, predictions, examples) -> list[tuple[float, float]]:
        return [(squad_f1(p or "", e.reference), 1.0) for p, e in zip(predictions, examples, strict=True)]

    def baseline(self, train, test) -> Baseline:
        frequent = Counter(e.answer for e in train).most_common(1)[0][0]
        return Baseline(self.score([frequent] * len(test), test)["f1"], f"most frequent training answer ({frequent!r})")


@dataclass(frozen=True)
class TaggingTask(Task):
    """Token tagging answered with one tag per given word, ``TAG TAG ...`` (WikiANN NER, UD POS)."""

    name: str
    tag_field: str
    instruction: str
    fallback: str | None
    """Tag of a missing or unreadable item ("O" for NER; None, always wrong, for POS)."""
    metric: str
    fields: tuple[str, ...] = ("tokens",)
    max_new_tokens: int = 48

    def examples(self, dataset, *, name: str, label_names_cfg: Sequence[str] | None = None) -> list[Example]:
        require_fields(dataset, (*self.fields, self.tag_field), name=name)
        names = label_names(dataset, self.tag_field, configured=label_names_cfg, name=name)
        instruction = self.instruction.format(tags=", ".join(names))
        out = []
        for index, row in enumerate(dataset):
            tokens = list(row["tokens"])
            tags = [label_of(t, names, name=name, where=f"row {index}", field=self.tag_field) for t in row[self.tag_field]]
            if len(tags) != len(tokens):
                raise ValueError(f"{name}: row {index} has {len(tokens)} tokens but {len(tags)} {self.tag_field}")
            prompt = f"{instruction}\nWords: {' '.join(tokens)}"
            out.append(Example(prompt, format_tags(tags), {"tags": tags, "names": names}))
        return out

    def parse(self, generation: str, example: Example) -> list[str | None]:
        return parse_tags(generation, len(example.reference["tags"]), example.reference["names"], self.fallback)[0]

    def parsed(self, generation: str, example: Example) -> bool:
        return parse_tags(generation, len(example.reference["tags"]), example.reference["names"], self.fallback)[1]

    def score(self, predictions, examples) -> dict[str, float]:
        gold = [e.reference["tags"] for e in examples]
        if self.metric == "f1":
            return {"f1": entity_f1([[t or "O" for t in p] for p in predictions], gold)}
        return {"accuracy": token_accuracy(predictions, gold)}

    def item_scores(self, predictions, examples) -> list[tuple[float, float]]:
        out = []
        for p, e in zip(predictions, examples, strict=True):
            gold = e.reference["tags"]
            if self.metric == "f1":
                tp, n_pred, n_gold = entity_counts([t or "O" for t in p], gold)
                out.append((2.0 * tp, float(n_pred + n_gold)))
            else:
                out.append((float(sum(t is not None and t == g for t, g in zip(p, gold))), float(len(gold))))
        return out

    def baseline(self, train, test) -> Baseline:
        majority = Counter(t for e in train for t in e.reference["tags"]).most_common(1)[0][0]
        predictions = [[majority] * len(e.reference["tags"]) for e in test]
        return Baseline(self.score(predictions, test)[self.metric], f"every token tagged with the most frequent training tag ({majority!r})")


def _choices(words: Sequence[str]) -> str:
    return ", ".join(words[:-1]) + " or " + words[-1] if len(words) > 1 else words[0]


def _answer_texts(answers: Any, *, name: str, index: int) -> list[str]:
    texts = answers.get("text") if isinstance(answers, Mapping) else None
    texts = [t for t in (texts or []) if isinstance(t, str) and t.strip()]
    if not texts:
        raise ValueError(f"{name}: row {index} has no answer text in field 'answers' (expected {{'text': [...], 'answer_start': [...]}}, got {answers!r})")
    return texts


TASKS: dict[str, Task] = {
    "NLI": ClassificationTask(
        name="NLI",
        fields=("premise", "hypothesis"),
        label_field="label",
        intro=("Premise", "Hypothesis"),
        question="Does the premise entail the hypothesis? Answer {choices}.",
        max_new_tokens=8,
    ),
    "PA": ClassificationTask(
        name="PA",
        fields=("sentence1", "sentence2"),
        label_field="label",
        intro=("Sentence 1", "Sentence 2"),
        question="Do the two sentences mean the same thing? Answer {choices}.",
        verbalizer=("no", "yes"),  # PAWS label 1 = paraphrase
        max_new_tokens=4,
    ),
    "QA": SpanTask(),
    "NER": TaggingTask(
        name="NER",
        tag_field="ner_tags",
        instruction="Tag each word with its named-entity tag ({tags}): one tag per word, in order, separated by spaces.",
        fallback="O",
        metric="f1",
    ),
    "POS": TaggingTask(
        name="POS",
        tag_field="pos_tags",
        instruction="Tag each word with its universal part-of-speech tag: one tag per word, in order, separated by spaces.",
        fallback=None,
        metric="accuracy",
    ),
}
"""Task name (as in the config) -> its definition."""


def get_task(name: str) -> Task:
    if name not in TASKS:
        raise ValueError(f"unknown distill task {name!r}; known tasks: {list(TASKS)}")
    return TASKS[name]


def load_examples(path, task: str, *, split: str, label_names: Sequence[str] | None = None) -> list[Example]:
    """The examples of a prepared split (a parquet file written by the data-preparation rule)."""
    from .data import load_split

    name = f"task {task} {split}"
    return get_task(task).examples(load_split({"path": str(path)}, name=name), name=name, label_names_cfg=label_names)
