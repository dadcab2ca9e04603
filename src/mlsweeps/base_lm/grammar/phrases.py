"""Phrases about one topic: noun phrases, subjects, verb phrases with their slots filled, adjuncts, clauses."""
from __future__ import annotations

import random
from typing import NamedTuple

from .lexicon import (
    ADJECTIVES, ADVERBS_MANNER, FIRST_NAMES_F, FIRST_NAMES_M, GENERIC_VPS, POSSESSIVES, PRONOUNS, RELATIVES, SURNAMES, TIMES_FUTURE,
    TIMES_GENERIC, TIMES_PAST, Topic, pick,
)
from .morphology import a, conjugate, number_word, plural

__all__ = ["Subject", "Grammar"]


class Subject(NamedTuple):
    text: str
    agree: str
    """'1s' (I), '3s' (he, she, it, a singular noun phrase) or 'pl' (you, we, they, plural noun phrases)."""
    obj: str
    """Object form (him, them, the teacher)."""
    poss: str
    """Possessive determiner (his, their, the teacher's)."""


class Grammar:
    """Noun phrases, subjects and verb phrases drawn from one topic (and general words)."""

    def __init__(self, rng: random.Random, topic: Topic):
        self.rng = rng
        self.topic = topic

    # ------------------------------------------------------------------ noun phrases
    def adj(self) -> str:
        r = self.rng
        return pick(r, self.topic.adjs) if r.random() < 0.6 else pick(r, ADJECTIVES)

    def maybe_adj(self, noun: str, p: float = 0.3) -> str:
        """The noun, with probability ``p`` after an adjective (now and then intensified)."""
        r = self.rng
        if r.random() < p:
            adj = self.adj()
            if r.random() < 0.12:
                adj = f"{pick(r, ('very', 'rather', 'quite', 'really'))} {adj}"
            return f"{adj} {noun}"
        return noun

    def thing(self, noun: str | None = None, *, adj_p: float = 0.3) -> str:
        r = self.rng
        noun = self.maybe_adj(noun or pick(r, self.topic.things), adj_p)
        x = r.random()
        if x < 0.45:
            return f"the {noun}"
        if x < 0.72:
            return a(noun)
        if x < 0.88:
            return f"{pick(r, POSSESSIVES)} {noun}"
        return f"{pick(r, ('this', 'that', 'another', 'one', 'every', 'each', 'the same', 'the first', 'the last', 'the other'))} {noun}"

    def things(self, noun: str | None = None, *, adj_p: float = 0.3) -> str:
        r = self.rng
        noun = self.maybe_adj(plural(noun or pick(r, self.topic.things)), adj_p)
        x = r.random()
        if x < 0.3:
            return f"the {noun}"
        if x < 0.5:
            return noun
        if x < 0.65:
            return f"{pick(r, ('some', 'many', 'a few', 'several', 'all the', 'both', 'most of the', 'lots of', 'a lot of', 'more', 'these', 'those'))} {noun}"
        if x < 0.8:
            return f"{pick(r, POSSESSIVES)} {noun}"
        n = r.randint(2, 12)
        return f"{number_word(n) if r.random() < 0.75 else n} {noun}"

    def stuff(self, noun: str | None = None, *, adj_p: float = 0.2) -> str:
        r = self.rng
        noun = self.maybe_adj(noun or pick(r, self.topic.stuff), adj_p)
        x = r.random()
        if x < 0.4:
            return noun
        if x < 0.65:
            return f"the {noun}"
        if x < 0.8:
            return f"{pick(r, ('some', 'more', 'enough', 'a lot of', 'a little', 'plenty of', 'less', 'too much', 'all the'))} {noun}"
        return f"{pick(r, POSSESSIVES)} {noun}"

    def place(self) -> str:
        r = self.rng
        noun = pick(r, self.topic.places)
        x = r.random()
        if x < 0.65:
            return f"the {self.maybe_adj(noun, 0.15)}"
        if x < 0.8:
            return a(self.maybe_adj(noun, 0.4))
        return f"{pick(r, POSSESSIVES + ('the local', 'the nearest', 'the old', 'the new', 'the same', 'a nearby'))} {noun}"

    def name(self) -> str:
        r = self.rng
        first = pick(r, FIRST_NAMES_F if r.random() < 0.5 else FIRST_NAMES_M)
        x = r.random()
        if x < 0.75:
            return first
        if x < 0.9:
            return f"{first} {pick(r, SURNAMES)}"
        return f"{pick(r, ('Mr', 'Mrs', 'Ms', 'Dr'))} {pick(r, SURNAMES)}"

    def person(self) -> str:
        r = self.rng
        x = r.random()
        if x < 0.25:
            return self.name()
        noun = self.maybe_adj(pick(r, self.topic.people), 0.25)
        if x < 0.6:
            return f"the {noun}"
        if x < 0.8:
            return a(noun)
        if x < 0.93:
            return f"{pick(r, POSSESSIVES)} {noun}"
        return f"{pick(r, POSSESSIVES)} {pick(r, RELATIVES)}"

    def people(self) -> str:
        r = self.rng
        noun = self.maybe_adj(plural(pick(r, self.topic.people)), 0.2)
        x = r.random()
        if x < 0.3:
            return f"the {noun}"
        if x < 0.55:
            return noun
        if x < 0.8:
            return f"{pick(r, ('some', 'many', 'most', 'a few', 'several', 'all the', 'other', 'young', 'local', 'two', 'three'))} {noun}"
        return f"{pick(r, POSSESSIVES)} {noun}"

    def event(self) -> str:
        r = self.rng
        noun = self.maybe_adj(pick(r, self.topic.events), 0.25)
        return f"the {noun}" if r.random() < 0.6 else a(noun)

    # ------------------------------------------------------------------ subjects
    def subject(self, *, pronoun_p: float = 0.3, named: Subject | None = None) -> Subject:
        r = self.rng
        if named is not None and r.random() < 0.6:
            return named
        x = r.random()
        if x < pronoun_p:
            s, o, p, agree = pick(r, PRONOUNS)
            return Subject(s, agree, o, p)
        if x < pronoun_p + 0.2:
            n = self.name()
            return Subject(n, "3s", n, n + "'s")
        if x < pronoun_p + 0.55:
            np = self.person()
            return Subject(np, "3s", np, np + "'s")
        if x < pronoun_p + 0.62:
            n1, n2 = self.name(), self.name()
            if n1 != n2:
                return Subject(f"{n1} and {n2}", "pl", f"{n1} and {n2}", "their")
        np = self.people()
        return Subject(np, "pl", np, "their")

    # ------------------------------------------------------------------ verb phrases
    def fill(self, template: str) -> str:
        """Fill the slots of a topic verb phrase: "[a|b]" picks an alternative, "{slot}" calls that method."""
        while "[" in template:
            i = template.index("[")
            j = template.index("]", i)
            template = template[:i] + pick(self.rng, template[i + 1 : j].split("|")) + template[j + 1 :]
        out = []
        for i, part in enumerate(template.split("{")):
            if i == 0:
                out.append(part)
                continue
            slot, _, rest = part.partition("}")
            out.append(getattr(self, slot)() + rest)
        return "".join(out)

    def vp(self, generic_p: float = 0.12) -> str:
        """A base-form verb phrase of the topic (sometimes an everyday one)."""
        r = self.rng
        if r.random() < generic_p:
            return pick(r, GENERIC_VPS)
        return self.fill(pick(r, self.topic.vps))

    def adjunct(self, when: str = "past") -> str:
        """A time, place or manner phrase, or nothing."""
        r = self.rng
        x = r.random()
        if x < 0.3:
            return ""
        if x < 0.55:
            if when == "none":
                return ""
            return " " + pick(r, {"past": TIMES_PAST, "generic": TIMES_GENERIC, "future": TIMES_FUTURE}[when])
        if x < 0.8:
            return f" {pick(r, ('at', 'near', 'behind', 'outside', 'inside', 'in front of', 'next to', 'across from', 'on the way to', 'close to', 'opposite'))} {self.place()}"
        if x < 0.92:
            return " " + pick(r, ADVERBS_MANNER)
        return f" with {self.person() if r.random() < 0.5 else pick(r, POSSESSIVES) + ' ' + pick(r, RELATIVES)}"

    def clause(self, tense: str, *, subj: Subject | None = None, negative_p: float = 0.12, when: str | None = None) -> str:
        """Subject + inflected verb phrase (+ adjunct)."""
        r = self.rng
        subj = subj or self.subject()
        vp = conjugate(self.vp(), subj.agree, tense, negative=r.random() < negative_p, rng=r)
        when = when or ("past" if tense in ("past", "past_perfect", "past_progressive") else "future" if tense in ("future", "going_to") else "generic")
        return f"{subj.text} {vp}{self.adjunct(when)}"
