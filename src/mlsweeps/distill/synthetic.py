"""Small synthetic stand-ins for the five XTREME-style hub datasets of the `distill` study.

Each task has the exact schema of the hub dataset it replaces (``FEATURES``), so the study's loading
code cannot tell them apart: a split written with ``Dataset.to_parquet`` and read back with
``datasets.load_dataset("parquet", data_files=...)`` keeps its ClassLabel names from the parquet
metadata, as a hub download does.

- ``nli`` (xnli en): premise / hypothesis / entailment-neutral-contradiction;
- ``pa`` (xtreme PAWS-X.en): sentence1 / sentence2 / "0"-"1" (1 = paraphrase);
- ``qa`` (squad): id / title / context / question / answers {text, answer_start};
- ``ner`` (xtreme PAN-X.en): tokens / ner_tags (BIO over PER, ORG, LOC) / langs;
- ``pos`` (xtreme udpos.English): tokens / pos_tags (the 17 UPOS tags).

Labels are correct by construction: every example is built from its label, never labelled after
the fact. The texts are short sentences over a small closed vocabulary of plain English, and the cue
each task tests is visible in a few words, so a tiny LM can learn it quickly:

- nli: the hypothesis restates a part of the premise (entailment), negates it (``not``, ``never``,
  ``nobody``, ``no``: contradiction) or adds a fact the premise does not settle (neutral);
- pa: both sentences describe a transfer "who gave how many of what to whom where"; sentence1 is
  canonical (active voice, place last). A paraphrase rewrites only the surface (active, dative or
  passive voice, fronted place, synonyms); a non-paraphrase changes one fact (giver and receiver
  swapped, another number or city) and is rewritten too in a quarter of the cases. A rewritten
  sentence2 is thus a paraphrase in 80 % of the cases and an unrewritten one never: a surface cue a
  tiny LM picks up within a short LoRA run (with every non-paraphrase rewritten there is no such
  cue, and it stayed at chance), while the rewritten non-paraphrases (1 example in 8) still need
  the facts compared;
- qa: the context states one fact about each of 2-4 people; the question names one person and one
  relation, and the answer is the value written right after that person's phrase;
- ner: names come from fixed lists of people, organisations and places (one or two tokens each)
  set in short templates, so an entity's tag follows from the name itself;
- pos: each lexicon word has exactly one UPOS tag (``POS_LEXICON``), so a token's tag follows
  from the word.

Generation uses only ``random.Random`` instances, so the same arguments give the same datasets in
every process. ``generate_split`` never repeats an example; ``generate_task`` also keeps every test
example out of the training split.
"""
from __future__ import annotations

import hashlib
import json
import random

import datasets

__all__ = ["TASKS", "FEATURES", "POS_LEXICON", "generate_split", "generate_task"]

TASKS: tuple[str, ...] = ("nli", "pa", "qa", "ner", "pos")

NER_TAGS = ("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC")
UPOS_TAGS = ("ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X")

FEATURES: dict[str, datasets.Features] = {
    "nli": datasets.Features({
        "premise": datasets.Value("string"),
        "hypothesis": datasets.Value("string"),
        "label": datasets.ClassLabel(names=["entailment", "neutral", "contradiction"]),
    }),
    "pa": datasets.Features({
        "sentence1": datasets.Value("string"),
        "sentence2": datasets.Value("string"),
        "label": datasets.ClassLabel(names=["0", "1"]),
    }),
    "qa": datasets.Features({
        "id": datasets.Value("string"),
        "title": datasets.Value("string"),
        "context": datasets.Value("string"),
        "question": datasets.Value("string"),
        "answers": datasets.Sequence({"text": datasets.Value("string"), "answer_start": datasets.Value("int32")}),
    }),
    "ner": datasets.Features({
        "tokens": datasets.Sequence(datasets.Value("string")),
        "ner_tags": datasets.Sequence(datasets.ClassLabel(names=list(NER_TAGS))),
        "langs": datasets.Sequence(datasets.Value("string")),
    }),
    "pos": datasets.Features({
        "tokens": datasets.Sequence(datasets.Value("string")),
        "pos_tags": datasets.Sequence(datasets.ClassLabel(names=list(UPOS_TAGS))),
    }),
}
"""The hub schema of each task; ClassLabel names in the hub's order."""

# Shared word lists. Names, cities and organisations have one or two tokens.
NAMES = ("Anna", "Tom", "Mia", "Ben", "Sara", "Leo", "Emma", "Jack", "Lucy", "Sam", "Nora", "Paul", "Kate", "Omar", "Lena", "Hugo")
SURNAMES = ("Berg", "Smith", "Lopez", "Khan", "Meyer", "Novak", "Rossi", "Olsen")
CITIES = ("Paris", "Oslo", "Rome", "Lima", "Cairo", "Tokyo", "Berlin", "Madrid", "Vienna", "Dublin", "New York", "Cape Town", "Hong Kong", "San Diego")
ORGS = ("Acme", "Globex", "Initech", "Zenith", "Apex", "Acme Bank", "Nord Bank", "Sky Media", "Green Foods", "Star Labs")
NUMBERS = ("two", "three", "four", "five", "six", "seven", "eight", "nine")
COLOURS = ("red", "blue", "green", "black", "white", "brown")


def _pick(rng: random.Random, words, used: set) -> str:
    """A word of ``words`` not in ``used`` (which it joins)."""
    word = rng.choice([w for w in words if w not in used])
    used.add(word)
    return word


# --- nli ------------------------------------------------------------------------------------------
NLI_VERBS = (("bought", "buy"), ("sold", "sell"), ("painted", "paint"), ("fixed", "fix"), ("found", "find"), ("washed", "wash"))
"""(past tense = past participle, base form)."""
NLI_OBJECTS = ("car", "bike", "boat", "chair", "table", "lamp", "door", "kite")
NLI_ADJECTIVES = COLOURS + ("small", "big", "new", "cheap")
NLI_EXTRAS = ("for a friend", "with a friend", "on Monday", "last week", "after work", "in the morning")
NLI_HYPOTHESES = {
    "entailment": ("{p} {v} a {o} .", "{p} {v} a {a} {o} .", "{p} {v} a {o} in {c} .", "A {a} {o} was {v} by {p} .", "Someone {v} a {o} in {c} ."),
    "neutral": ("{p} {v} a {o} {x} .", "{p} {v} a {a} {o} in {c} {x} .", "{q} {v} a {o} in {c} .", "{p} {v} a {o} and a {o2} ."),
    "contradiction": ("{p} did not {b} a {o} .", "{p} did not {b} a {a} {o} in {c} .", "{p} never {v} a {o} .", "Nobody {v} a {o} in {c} .", "No {o} was {v} in {c} ."),
}


def _nli(rng: random.Random) -> dict:
    label = rng.choice(list(NLI_HYPOTHESES))
    used: set = set()
    (v, b), o, o2 = rng.choice(NLI_VERBS), _pick(rng, NLI_OBJECTS, used), _pick(rng, NLI_OBJECTS, used)
    slots = dict(p=_pick(rng, NAMES, used), q=_pick(rng, NAMES, used), v=v, b=b, o=o, o2=o2,
                 a=rng.choice(NLI_ADJECTIVES), c=rng.choice(CITIES), x=rng.choice(NLI_EXTRAS))
    premise = "{p} {v} a {a} {o} in {c} .".format(**slots)
    return {"premise": premise, "hypothesis": rng.choice(NLI_HYPOTHESES[label]).format(**slots), "label": label}


# --- pa -------------------------------------------------------------------------------------------
PA_PARTICIPLES = {"gave": "given", "handed": "handed", "sent": "sent", "mailed": "mailed", "sold": "sold", "lent": "lent", "showed": "shown"}
PA_NOUNS = ("bikes", "gifts", "photos", "cups", "books", "apples", "hats", "chairs")
PA_SYNONYMS = dict(pair for a, b in (("gave", "handed"), ("sent", "mailed"), ("bikes", "bicycles"), ("gifts", "presents"), ("photos", "pictures"), ("cups", "mugs"))
                   for pair in ((a, b), (b, a)))
PA_CLAUSES = ("{a} {v} {k} {n} to {r}", "{a} {v} {r} {k} {n}", "{k} {n} were {pp} to {r} by {a}")
"""Active, dative and passive voice of the same transfer."""
PA_REWRITTEN_CHANGES = 0.25
"""Share of non-paraphrases whose sentence2 is also rewritten (the rest keep sentence1's canonical surface)."""


def _pa_render(fact: dict, rng: random.Random | None = None) -> str:
    """The fact as a sentence: canonical (active voice, place last, no synonyms) without ``rng``,
    else in a random voice, with the place fronted or not and random synonyms."""
    if rng is None:
        words, clause, fronted = fact, PA_CLAUSES[0], False
    else:
        words = {key: rng.choice((w, PA_SYNONYMS.get(w, w))) for key, w in fact.items()}
        clause, fronted = rng.choice(PA_CLAUSES), rng.random() < 0.5
    text = clause.format(pp=PA_PARTICIPLES[words["v"]], **words)
    return f"In {words['c']} , {text} ." if fronted else f"{text[0].upper()}{text[1:]} in {words['c']} ."


def _pa(rng: random.Random) -> dict:
    used: set = set()
    fact = dict(a=_pick(rng, NAMES, used), r=_pick(rng, NAMES, used), v=rng.choice(("gave", "sent", "sold", "lent", "showed")),
                k=rng.choice(NUMBERS), n=rng.choice(PA_NOUNS), c=rng.choice(CITIES))
    sentence1, label = _pa_render(fact), rng.choice(("0", "1"))
    if label == "1":
        sentence2 = sentence1
        while sentence2 == sentence1:
            sentence2 = _pa_render(fact, rng)
    else:
        change = rng.choice(("swap", "k", "c"))
        if change == "swap":
            fact = {**fact, "a": fact["r"], "r": fact["a"]}
        else:
            fact = {**fact, change: rng.choice([w for w in (NUMBERS if change == "k" else CITIES) if w != fact[change]])}
        sentence2 = _pa_render(fact, rng if rng.random() < PA_REWRITTEN_CHANGES else None)
    return {"sentence1": sentence1, "sentence2": sentence2, "label": label}


# --- qa -------------------------------------------------------------------------------------------
QA_RELATIONS = (
    ("{p} lives in {x} .", "Where does {p} live ?", CITIES),
    ("{p} works at {x} .", "Where does {p} work ?", ORGS),
    ("{p} is {x} years old .", "How old is {p} ?", tuple(str(age) for age in range(18, 80))),
    ("{p} likes {x} .", "What does {p} like ?", ("tea", "rice", "pizza", "soup", "cake", "apples", "fish", "bread")),
    ("{p} drives a {x} car .", "What colour car does {p} drive ?", COLOURS),
)
"""(statement, question, answers) of one relation; the answer fills ``{x}``."""


def _qa(rng: random.Random) -> dict:
    people = rng.sample(NAMES, rng.randint(2, 4))
    facts = [(p, rng.choice(QA_RELATIONS)) for p in people]
    facts = [(p, statement, question, rng.choice(values)) for p, (statement, question, values) in facts]
    asked = rng.randrange(len(facts))
    context, start = "", 0
    for i, (p, statement, _, x) in enumerate(facts):
        context += " " if context else ""
        if i == asked:
            start = len(context) + len(statement.split("{x}")[0].format(p=p))
        context += statement.format(p=p, x=x)
    p, _, question, x = facts[asked]
    question = question.format(p=p)
    return {"id": hashlib.sha1(f"{context}\n{question}".encode()).hexdigest()[:24], "title": "_".join(people),
            "context": context, "question": question, "answers": {"text": [x], "answer_start": [start]}}


# --- ner ------------------------------------------------------------------------------------------
NER_PEOPLE = NAMES + tuple(f"{n} {s}" for n in NAMES for s in SURNAMES)
NER_NAMES = {"PER": NER_PEOPLE, "ORG": ORGS, "LOC": CITIES}
NER_TEMPLATES = (
    "PER works for ORG in LOC .", "PER moved to LOC last year .", "ORG opened an office in LOC .",
    "I met PER in LOC yesterday .", "PER and PER visited LOC .", "ORG hired PER last week .",
    "We flew from LOC to LOC .", "PER is the boss of ORG .", "The new ORG shop is in LOC .", "It rained all day in LOC .",
)
"""Templates of 5-10 tokens once each slot (PER, ORG, LOC) holds a name of one or two tokens."""


def _ner(rng: random.Random) -> dict:
    tokens, tags, used = [], [], set()
    for word in rng.choice(NER_TEMPLATES).split():
        if word not in NER_NAMES:
            tokens.append(word)
            tags.append("O")
            continue
        name = _pick(rng, NER_NAMES[word], used).split()
        tokens += name
        tags += [f"B-{word}"] + [f"I-{word}"] * (len(name) - 1)
    return {"tokens": tokens, "ner_tags": tags, "langs": ["en"] * len(tokens)}


# --- pos ------------------------------------------------------------------------------------------
POS_WORDS = {
    "det": ("DET", ("the", "a", "this", "every")),
    "adj": ("ADJ", COLOURS + ("big", "small", "happy", "tall", "quiet", "busy")),
    "noun": ("NOUN", ("dog", "cat", "boy", "girl", "teacher", "farmer", "book", "ball", "car", "horse")),
    "place": ("NOUN", ("park", "garden", "river", "kitchen", "school", "shop")),
    "nouns": ("NOUN", ("dogs", "cats", "books", "apples", "birds", "cars")),
    "name": ("PROPN", NAMES),
    "city": ("PROPN", CITIES[:10]),
    "vt": ("VERB", ("sees", "likes", "finds", "holds", "needs", "wants")),
    "vbase": ("VERB", ("see", "like", "find", "hold", "read", "visit")),
    "vpast": ("VERB", ("saw", "liked", "found", "held", "needed", "visited")),
    "vi": ("VERB", ("sleeps", "sings", "runs", "walks", "smiles", "laughs")),
    "vipast": ("VERB", ("slept", "sang", "ran", "walked", "smiled", "laughed")),
    "want": ("VERB", ("wants", "likes", "needs", "hopes")),
    "costs": ("VERB", ("costs",)),
    "adv": ("ADV", ("quickly", "slowly", "often", "loudly", "quietly")),
    "very": ("ADV", ("very", "really", "too")),
    "adp": ("ADP", ("in", "near", "behind")),
    "modal": ("AUX", ("will", "can", "may", "must")),
    "be": ("AUX", ("is", "was")),
    "pron": ("PRON", ("she", "he", "it")),
    "prons": ("PRON", ("we", "they", "you", "I")),
    "not": ("PART", ("not",)),
    "to": ("PART", ("to",)),
    "cc": ("CCONJ", ("and", "but", "or")),
    "sc": ("SCONJ", ("because", "when", "if", "while")),
    "num": ("NUM", NUMBERS),
    "digits": ("NUM", ("5", "10", "20", "99")),
    "intj": ("INTJ", ("oh", "wow", "hey", "yes")),
    "sym": ("SYM", ("$",)),
    ".": ("PUNCT", (".", "!")),
    ",": ("PUNCT", (",",)),
}
"""Slot -> (UPOS tag, words); a word may sit in several slots but always with the same tag."""
POS_LEXICON: dict[str, str] = {word: tag for tag, words in POS_WORDS.values() for word in words}
"""Word -> its one UPOS tag (sentence-initial words are capitalised in the data)."""
POS_TEMPLATES = (
    "det adj noun vt det noun .", "name vi adv .", "pron be not very adj .", "pron modal vbase det noun adp det place .",
    "intj , prons vpast num nouns .", "name cc name vipast adp det place .", "pron want to vbase det adj noun .",
    "sc pron vipast , prons vipast adv .", "det noun costs sym digits .", "prons vpast det noun adp city .",
)


def _pos(rng: random.Random) -> dict:
    slots = rng.choice(POS_TEMPLATES).split()
    tokens = [rng.choice(POS_WORDS[slot][1]) for slot in slots]
    tokens[0] = tokens[0][0].upper() + tokens[0][1:]
    return {"tokens": tokens, "pos_tags": [POS_WORDS[slot][0] for slot in slots]}


# --- splits ---------------------------------------------------------------------------------------
_MAKERS = {"nli": _nli, "pa": _pa, "qa": _qa, "ner": _ner, "pos": _pos}


def _rows(task: str, n: int, seed: int, exclude: set[str]) -> tuple[list[dict], set[str]]:
    """``n`` examples of ``task`` that differ from each other and from the keys in ``exclude``, and their keys."""
    if task not in _MAKERS:
        raise ValueError(f"unknown task {task!r}; known tasks: {', '.join(TASKS)}")
    if n < 1:
        raise ValueError(f"task {task!r}: n must be >= 1, got {n}")
    rng, rows, keys = random.Random(seed), [], set()
    for _ in range(100 * n + 1000):
        row = _MAKERS[task](rng)
        key = json.dumps(row, sort_keys=True)
        if key not in keys and key not in exclude:
            keys.add(key)
            rows.append(row)
            if len(rows) == n:
                return rows, keys
    raise ValueError(f"task {task!r}: found only {len(rows)} unique examples of the {n} asked for")


def generate_split(task: str, n: int, seed: int) -> datasets.Dataset:
    """``n`` distinct examples of ``task``, a pure function of the arguments."""
    rows, _ = _rows(task, n, seed, set())
    return datasets.Dataset.from_list(rows, features=FEATURES[task])


def generate_task(task: str, n_train: int, n_test: int, seed: int) -> datasets.DatasetDict:
    """Splits "train" and "test" of ``task`` from two seeds derived from ``seed``; no test example is also in train."""
    rng = random.Random(seed)
    train_seed, test_seed = rng.getrandbits(63), rng.getrandbits(63)
    train, train_keys = _rows(task, n_train, train_seed, set())
    test, _ = _rows(task, n_test, test_seed, train_keys)
    return datasets.DatasetDict({split: datasets.Dataset.from_list(rows, features=FEATURES[task])
                                 for split, rows in (("train", train), ("test", test))})
