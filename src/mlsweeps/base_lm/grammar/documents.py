"""The kinds of documents in the corpus, each a function of a seeded ``random.Random`` and a length in sentences."""
from __future__ import annotations

import random

from .code_documents import code_document
from .encyclopedia import biography_entry, building_entry, invented_name, landscape_entry, period_entry, settlement_entry, species_entry
from .knowledge import animal_sentences, common_sentence, country_sentences, element_sentences, event_sentences, planet_sentences, qa_pair
from .lexicon import (
    COUNTRIES, DAYS, FIRST_NAMES_F, FIRST_NAMES_M, INTERJECTIONS, MONTHS, SAY_VERBS, SURNAMES, TIMES_PAST, TOPIC_BY_NAME, TOPICS, Topic, pick,
)
from .morphology import a, cap, conjugate, join_list, number_word, plural
from .phrases import Grammar, Subject
from .reviews import review
from .sentences import (
    description_sentence, generic_sentence, instruction_sentence, narrative_sentence, opinion_sentence, question_sentence,
)

__all__ = [
    "doc_story", "doc_dialogue", "doc_howto", "doc_description", "doc_opinion", "doc_everyday", "doc_letter", "doc_news", "doc_reference",
    "doc_common", "doc_qa", "doc_review", "doc_code", "doc_mixed",
]


def _grammar(rng: random.Random, topic: Topic | None = None) -> Grammar:
    """A grammar of ``topic``, or of a topic drawn at random."""
    return Grammar(rng, topic or pick(rng, TOPICS))


def _blend(rng: random.Random) -> Topic:
    """Two topics in one: people and places of one, things and activities of both (for mixed-domain text)."""
    t1, t2 = rng.sample(TOPICS, 2)
    return Topic(f"{t1.name}+{t2.name}", t1.people + t2.people, t1.places + t2.places, t1.things + t2.things,
                 t1.stuff + t2.stuff, t1.adjs + t2.adjs, t1.vps + t2.vps, t1.events + t2.events)


def _hero(rng: random.Random) -> tuple[Subject, Subject]:
    """A named protagonist and the pronoun that refers back to them."""
    female = rng.random() < 0.5
    name = pick(rng, FIRST_NAMES_F if female else FIRST_NAMES_M)
    pronoun = Subject("she", "3s", "her", "her") if female else Subject("he", "3s", "him", "his")
    return Subject(name, "3s", name, name + "'s"), pronoun


def _utterance(g: Grammar) -> str:
    """What someone says: a question, an opinion, an instruction, a statement or an interjection."""
    r = g.rng
    return pick(r, (question_sentence, opinion_sentence, instruction_sentence, generic_sentence, lambda g: pick(g.rng, INTERJECTIONS)))(g)


def _quote(rng: random.Random, words: str, speaker: str) -> str:
    """Direct speech: '"Words," said Anna.' or 'Anna said, "Words."' (a question keeps its mark)."""
    verb = pick(rng, SAY_VERBS)
    if words.endswith("?"):
        verb = pick(rng, ("asked", "wondered", "asked again"))
    if rng.random() < 0.3:
        return f"{cap(speaker)} {verb}, \"{words}\""
    inner = words[:-1] + "," if words.endswith(".") else words
    return f"\"{inner}\" {verb} {speaker}."


def doc_story(rng: random.Random, n: int) -> str:
    """A short story about a named protagonist, with some direct speech."""
    r = rng
    g = _grammar(r)
    hero, pronoun = _hero(r)
    opening = pick(r, (
        f"{hero.text} {conjugate(g.vp(), '3s', 'past')} {pick(r, TIMES_PAST)}.",
        f"{cap(pick(r, ('once', 'one day', 'last summer', 'years ago', 'on a cold morning', 'one evening')))}, {hero.text} {conjugate(g.vp(), '3s', 'past')}.",
        f"{hero.text} was {a(pick(r, g.topic.people))} who lived {pick(r, ('in a small town', 'near the sea', 'in a busy city', 'on a farm', 'above a shop', 'in an old house'))}.",
        f"It was {pick(r, ('a quiet', 'a busy', 'a rainy', 'an ordinary', 'a strange', 'a bright'))} {pick(r, DAYS)} when {hero.text} {conjugate(g.vp(), '3s', 'past')}.",
    ))
    sentences = [opening]
    for _ in range(n - 1):
        x = r.random()
        if x < 0.12:
            sentences.append(_quote(r, _utterance(g), hero.text if r.random() < 0.5 else g.person()))
        elif x < 0.2:
            g = _grammar(r)  # the story moves on to another setting
            sentences.append(narrative_sentence(g, pronoun))
        else:
            sentences.append(narrative_sentence(g, pronoun if r.random() < 0.7 else hero))
    if r.random() < 0.4:
        sentences.append(pick(r, (f"It had been a long day, and {pronoun.text} was glad to be home.", "In the end, everything turned out fine.",
                                  f"{hero.text} never forgot that day.", "After that, things were never quite the same.", f"{cap(pronoun.text)} smiled and went to sleep.")))
    return " ".join(sentences)


def doc_dialogue(rng: random.Random, n: int) -> str:
    """Turns of two speakers, as a script, as quoted speech or between two roles."""
    r = rng
    g = _grammar(r)
    a_name, b_name = r.sample(FIRST_NAMES_F + FIRST_NAMES_M, 2)
    style = r.randrange(3)
    turns = []
    for i in range(max(2, n)):
        speaker = a_name if i % 2 == 0 else b_name
        u = _utterance(g)
        if style == 0:
            turns.append(f"{speaker}: {u}")
        elif style == 1:
            turns.append(_quote(r, u, speaker))
        else:
            role = pick(r, (("Customer", "Assistant"), ("Patient", "Doctor"), ("Student", "Teacher"), ("Guest", "Receptionist"), ("User", "Support")))
            turns.append(f"{role[i % 2]}: {u}")
    return " ".join(turns)


def doc_howto(rng: random.Random, n: int) -> str:
    """Instructions: numbered or ordered steps, or a recipe."""
    r = rng
    g = _grammar(r)
    goal = g.vp(generic_p=0.2)
    steps = [instruction_sentence(g) for _ in range(max(2, n - 1))]
    style = r.randrange(5)
    if style == 0:
        words = ["First", "Then", "Next", "After that", "Now", "Finally"]
        body = [f"{words[min(i, 4) if i < len(steps) - 1 else 5]}, {s[0].lower() + s[1:]}" for i, s in enumerate(steps)]
        return f"How to {goal}. " + " ".join(body)
    if style == 1:
        return f"How to {goal}: " + " ".join(f"{i + 1}. {s}" for i, s in enumerate(steps))
    if style == 2:
        return " ".join(f"Step {i + 1}: {s}" for i, s in enumerate(steps))
    if style == 3:
        return f"Want to {goal}? " + " ".join(steps)
    # a recipe
    t = TOPIC_BY_NAME["cooking"]
    g = Grammar(r, t)
    dish = pick(r, ("soup", "pasta", "pancakes", "bread", "a curry", "a salad", "a cake", "an omelette", "a stew", "a pie", "fried rice", "biscuits", "a lemon tart"))
    items = []
    for stuff in r.sample(t.stuff, r.randint(3, 5)):
        items.append(f"{pick(r, ('200 grams of', 'a cup of', 'two spoons of', 'a pinch of', 'half a litre of', 'some', '100 grams of', 'a little'))} {stuff}")
    steps = [instruction_sentence(g) for _ in range(max(2, n - 2))]
    return f"To make {dish} for {number_word(r.randint(2, 8))} people, you need {join_list(items)}. " + " ".join(steps)


def doc_description(rng: random.Random, n: int) -> str:
    """A description of things and places of one topic."""
    g = _grammar(rng)
    return " ".join(description_sentence(g) if rng.random() < 0.7 else generic_sentence(g) for _ in range(n))


def doc_opinion(rng: random.Random, n: int) -> str:
    """Views on one topic."""
    g = _grammar(rng)
    return " ".join(opinion_sentence(g) if rng.random() < 0.6 else generic_sentence(g) for _ in range(n))


def doc_everyday(rng: random.Random, n: int) -> str:
    """Plain statements about how people live and work, from one or two topics."""
    g = _grammar(rng)
    out = []
    for _ in range(n):
        if rng.random() < 0.2:
            g = _grammar(rng)
        out.append(pick(rng, (generic_sentence, generic_sentence, description_sentence, narrative_sentence, question_sentence))(g))
    return " ".join(out)


def doc_letter(rng: random.Random, n: int) -> str:
    """A letter (greeting to signature) or a dated diary entry."""
    r = rng
    g = _grammar(r)
    me, you = pick(r, FIRST_NAMES_F + FIRST_NAMES_M), pick(r, FIRST_NAMES_F + FIRST_NAMES_M)
    body = [pick(r, (narrative_sentence, generic_sentence, opinion_sentence, question_sentence))(g) for _ in range(max(1, n - 1))]
    if r.random() < 0.5:
        start = pick(r, (f"Dear {you},", f"Hi {you},", f"Hello {you},", f"Dear {pick(r, ('Mr', 'Mrs', 'Ms', 'Dr'))} {pick(r, SURNAMES)},"))
        opener = pick(r, ("I hope you are well.", "Thank you for your letter.", "Sorry for the late reply.", "I am writing to tell you some news.", "It was lovely to see you last week."))
        close = pick(r, ("Best wishes,", "Love,", "Kind regards,", "See you soon,", "Yours sincerely,", "All the best,"))
        return f"{start} {opener} {' '.join(body)} {close} {me}"
    date = f"{pick(r, DAYS)}, {r.randint(1, 28)} {pick(r, MONTHS)}."
    today = pick(r, ("Today", "This morning", "Tonight", "This afternoon"))
    first = f"{today} I {conjugate(g.vp(), '1s', 'past')}."
    return f"{date} {first} {' '.join(body)}"


def doc_news(rng: random.Random, n: int) -> str:
    """A local news report from an invented town, with quotes."""
    r = rng
    g = _grammar(r)
    town = invented_name(r)
    subj = pick(r, (f"The {town} council", f"Police in {town}", f"A local {pick(r, g.topic.people)}", f"Residents of {town}", "A new report",
                    f"The {pick(r, g.topic.places)} in {town}", "Officials", f"The {town} {pick(r, ('school', 'hospital', 'football club', 'library', 'museum'))}"))
    agree = "pl" if subj.startswith(("Police", "Residents", "Officials")) else "3s"
    first = f"{subj} {conjugate(g.vp(generic_p=0), agree, 'perfect')} {pick(r, ('this week', 'after months of delay', 'for the first time', 'again', 'this month', 'at last'))}."
    rest = []
    for _ in range(max(1, n - 1)):
        x = r.random()
        if x < 0.25:
            rest.append(_quote(r, _utterance(g), f"{g.name()}, {a(pick(r, g.topic.people))} {pick(r, ('from', 'in', 'near'))} {town}"))
        elif x < 0.4:
            rest.append(f"According to {pick(r, ('the council', 'the police', 'a spokesperson', 'local reports', 'the organisers'))}, {g.clause('past', negative_p=0.2, when='none')}.")
        elif x < 0.55:
            rest.append(f"{cap(number_word(r.randint(2, 90)) if r.random() < 0.5 else str(r.randint(2, 900)))} {plural(pick(r, g.topic.people))} "
                f"{conjugate(g.vp(), 'pl', pick(r, ('past', 'perfect')))}.")
        else:
            rest.append(narrative_sentence(g))
    return " ".join([first] + rest)


def doc_reference(rng: random.Random, n: int) -> str:
    """Encyclopedic text: real facts, or an invented place, species, person, period or building."""
    r = rng
    k = r.randrange(11)
    if k == 0:
        c = pick(r, COUNTRIES)
        return " ".join(country_sentences(r, c)[: max(2, n)]) + ("" if r.random() < 0.5 else " " + settlement_entry(r, max(1, n - 3)))
    if k == 1:
        return " ".join(pick(r, (element_sentences, planet_sentences, animal_sentences, event_sentences))(r)[: max(2, n)])
    if k in (2, 3):
        return settlement_entry(r, n)
    if k in (4, 5):
        return landscape_entry(r, n)
    if k in (6, 7):
        return species_entry(r, n)
    if k == 8:
        return biography_entry(r, n)
    if k == 9:
        return period_entry(r, n)
    return building_entry(r, n)


def doc_common(rng: random.Random, n: int) -> str:
    """Statements of common knowledge."""
    return " ".join(common_sentence(rng) for _ in range(n))


def doc_qa(rng: random.Random, n: int) -> str:
    """Q/A pairs of facts and sums, now and then one more made of two sentences of a topic."""
    r = rng
    pairs = [qa_pair(r) for _ in range(max(1, n // 2))]
    if r.random() < 0.15:
        g = _grammar(r)
        q = question_sentence(g)
        pairs.append(f"Q: {q} A: {pick(r, (generic_sentence, opinion_sentence, narrative_sentence))(g)}")
    return " ".join(pairs)


def doc_review(rng: random.Random, n: int) -> str:
    """One review."""
    return review(rng, rng.randint(1, max(2, n)))


def doc_code(rng: random.Random, n: int) -> str:
    """Code, or prose about code."""
    return code_document(rng, n)


def doc_mixed(rng: random.Random, n: int) -> str:
    """Sentences from unrelated sources side by side, and sentences that join two topics."""
    r = rng
    out = []
    for _ in range(n):
        x = r.random()
        if x < 0.45:
            g = Grammar(r, _blend(r))
            out.append(pick(r, (generic_sentence, narrative_sentence, opinion_sentence, description_sentence, instruction_sentence))(g))
        elif x < 0.6:
            out.append(common_sentence(r))
        elif x < 0.7:
            out.append(review(r, 1))
        else:
            g = _grammar(r)
            out.append(pick(r, (generic_sentence, narrative_sentence, opinion_sentence, question_sentence))(g))
    return " ".join(out)
