"""A generated English corpus for pretraining the tiny base LM offline.

Documents come from a seeded ``random.Random`` walking a small hand-written grammar and lexicon (the
YAML files in ``lexicon/``, read by ``grammar.lexicon``), so the corpus is a pure function of its
config (and of the texts it must avoid). The aim is breadth, not a few fixed templates: a model
that has only seen a handful of sentence frames is confidently wrong on any other text. So the
grammar inflects verbs by tense, person, mood and negation, builds noun phrases with determiners,
adjectives, possessives and numbers, and joins clauses with many connectives; the lexicon holds a
few thousand common English words grouped by everyday topic (cooking, travel, health, money,
sport, school, law, music, gardening, computing, ...), so that a sentence about one topic uses
words that belong together, and a "mixed" sentence joins two topics.

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
from typing import Callable, Iterable, NamedTuple

from .config import CorpusConfig
from .grammar.lexicon import (
    ACHIEVEMENTS, ADJECTIVES, ADVERBS_MANNER, ANIMALS, AN_BEFORE, A_BEFORE, CENTURIES, COLLECTIONS, COLOURS, COMMENT_PHRASES,
    CONTROL_VERBS, COUNTRIES, COUNTS, DAYS, DEFAULTS, DEFINITIONS, DIETS, DIRS, DONTS, DOUBLED_COMPARATIVES, DOUBLED_FINAL, ELEMENTS,
    EVENTS, EVERYDAY_FACTS, FEATURES, FEELINGS, FIELDS, FILE_NAMES, FIRST_NAMES_F, FIRST_NAMES_M, FREQUENCY, FRUITS, FUNC_VERBS,
    GENERIC_VPS, GROUP_TRAITS, HOMES, INDUSTRIES, INITIAL_VALUES, INTENSIFIERS, INTERJECTIONS, IRREGULAR_COMPARISONS, IRREGULAR_PLURALS,
    IRREGULAR_VERBS, LANDMARKS, MADE_THINGS_TOPICS, MODULES, MONTHS, NAME_HEADS, NAME_TAILS, NEGATIVE_CLOSINGS, NEGATIVE_WORDS,
    NUMBER_WORDS, OCCUPATIONS, OPEN_ARGS, OPPOSITES, PLANETS, POSITIVE_CLOSINGS, POSITIVE_WORDS, POSSESSIVES, PRINT_TAILS,
    PROGRAMMING_FACTS, PRONOUNS, REGIONS_WIDE, RELATIVES, REVIEW_KINDS, RIVERS, ROLES, SAINTS, SAY_VERBS, SCIENCE_FACTS,
    SETTLEMENT_KINDS, SHELL_CMDS, SPECIES_ADJS, SPECIES_BASES, SPLIT_SOURCES, SQL_TABLES, STR_METHODS, STYLES, SURNAMES, TENS_WORDS,
    THINK_VERBS, TIMES_FUTURE, TIMES_GENERIC, TIMES_PAST, TOOLS, TOPICS, TOPIC_BY_NAME, TOWN_ORIGINS, TOWN_SITES, TYPE_HINTS,
    WIKI_REGIONS, WORDS_SMALL, YOUNG, Country, Topic, pick,
)

__all__ = ["generate_corpus", "read_corpus", "corpus_digest", "DOCUMENT_KINDS"]


# --------------------------------------------------------------------------- morphology


def verb_forms(base: str) -> tuple[str, str, str, str, str]:
    """(base, third person singular, past, past participle, -ing form) of a one-word verb."""
    if base == "be":
        return ("be", "is", "was", "been", "being")
    if base == "have":
        return ("have", "has", "had", "had", "having")
    if base.endswith(("s", "x", "z", "ch", "sh", "o")):
        third = base + "es"
    elif base.endswith("y") and base[-2] not in "aeiou":
        third = base[:-1] + "ies"
    else:
        third = base + "s"
    if base.endswith("ie"):
        ing = base[:-2] + "ying"
    elif base.endswith("e") and not base.endswith(("ee", "ye", "oe")) and base != "be":
        ing = base[:-1] + "ing"
    elif base in DOUBLED_FINAL:
        ing = base + base[-1] + "ing"
    else:
        ing = base + "ing"
    if base in IRREGULAR_VERBS:
        past, part = IRREGULAR_VERBS[base]
    else:
        if base.endswith("e"):
            past = base + "d"
        elif base.endswith("y") and base[-2] not in "aeiou":
            past = base[:-1] + "ied"
        elif base in DOUBLED_FINAL:
            past = base + base[-1] + "ed"
        else:
            past = base + "ed"
        part = past
    return (base, third, past, part, ing)


def plural(noun: str) -> str:
    """English plural of a noun; in a compound ("tennis player") only the last word changes."""
    head, _, last = noun.rpartition(" ")
    if last in IRREGULAR_PLURALS:
        p = IRREGULAR_PLURALS[last]
    elif last.endswith(("s", "x", "z", "ch", "sh")):
        p = last + "es"
    elif last.endswith("y") and last[-2] not in "aeiou":
        p = last[:-1] + "ies"
    else:
        p = last + "s"
    return f"{head} {p}" if head else p


def article(phrase: str) -> str:
    """'a' or 'an' for the phrase that follows."""
    low = phrase.lower()
    if low.startswith(AN_BEFORE):
        return "an"
    if low.startswith(A_BEFORE):
        return "a"
    if low[:1].isdigit():
        return "an" if low.startswith(("8", "11 ", "18 ", "11,", "18,")) else "a"
    return "an" if low[:1] in "aeiou" else "a"


def a(phrase: str) -> str:
    return f"{article(phrase)} {phrase}"


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def number_word(n: int) -> str:
    """0..999 in words ("twenty-four", "one hundred and five")."""
    if n < 21:
        return NUMBER_WORDS[n]
    if n < 100:
        tens, unit = divmod(n, 10)
        return TENS_WORDS[tens - 2] + (f"-{NUMBER_WORDS[unit]}" if unit else "")
    hundreds, rest = divmod(n, 100)
    return f"{NUMBER_WORDS[hundreds]} hundred" + (f" and {number_word(rest)}" if rest else "")


def join_list(items: list[str], conj: str = "and") -> str:
    """'a', 'a and b', 'a, b and c' (no serial comma, as in British style)."""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" {conj} " + items[-1]


# --------------------------------------------------------------------------- grammar


def comparative(adj: str) -> str:
    if adj in IRREGULAR_COMPARISONS:
        return IRREGULAR_COMPARISONS[adj][0]
    if " " in adj or "-" in adj or len(adj) > 7 or adj.endswith(("ful", "ous", "ing", "ed", "ive", "al", "ic", "less", "ish", "ant", "ent")):
        return f"more {adj}"
    if adj.endswith("y"):
        return adj[:-1] + "ier"
    if adj.endswith("e"):
        return adj + "r"
    if adj in DOUBLED_COMPARATIVES:
        return adj + adj[-1] + "er"
    return adj + "er"


def superlative(adj: str) -> str:
    if adj in IRREGULAR_COMPARISONS:
        return IRREGULAR_COMPARISONS[adj][1]
    comp = comparative(adj)
    return "most " + adj if comp.startswith("more ") else comp[:-2] + "est"


class Subject(NamedTuple):
    text: str
    agree: str
    """'1s' (I), '3s' (he, she, it, a singular noun phrase) or 'pl' (you, we, they, plural noun phrases)."""
    obj: str
    """Object form (him, them, the teacher)."""
    poss: str
    """Possessive determiner (his, their, the teacher's)."""


def conjugate(vp: str, agree: str, tense: str, *, negative: bool = False, rng: random.Random | None = None) -> str:
    """Verb phrase ``vp`` (base form, verb first) inflected for the subject's agreement and the tense.

    tense: present, past, perfect, past_perfect, future, progressive, past_progressive, going_to,
    or modal:<can|could|should|must|might|would|may>.
    """
    verb, _, rest = vp.partition(" ")
    base, third, past, part, ing = verb_forms(verb)
    tail = f" {rest}" if rest else ""
    contract = rng is not None and rng.random() < 0.25
    be_now = {"1s": "am", "3s": "is", "pl": "are"}[agree]
    be_past = "were" if agree == "pl" else "was"
    if tense == "present":
        if not negative:
            return (third if agree == "3s" else base) + tail
        aux = "does" if agree == "3s" else "do"
        return (f"{aux}n't" if contract else f"{aux} not") + f" {base}{tail}"
    if tense == "past":
        if not negative:
            return past + tail
        return ("didn't" if contract else "did not") + f" {base}{tail}"
    if tense in ("perfect", "past_perfect"):
        aux = "had" if tense == "past_perfect" else ("has" if agree == "3s" else "have")
        neg = (" never" if rng is not None and rng.random() < 0.5 else " not") if negative else ""
        return f"{aux}{neg} {part}{tail}"
    if tense == "future":
        if negative:
            return ("won't" if contract else "will not") + f" {base}{tail}"
        return f"will {base}{tail}"
    if tense == "progressive":
        return f"{be_now}{' not' if negative else ''} {ing}{tail}"
    if tense == "past_progressive":
        return f"{be_past}{' not' if negative else ''} {ing}{tail}"
    if tense == "going_to":
        return f"{be_now}{' not' if negative else ''} going to {base}{tail}"
    if tense.startswith("modal:"):
        modal = tense[6:]
        if negative:
            neg = {"can": "cannot", "could": "could not", "should": "should not", "must": "must not", "might": "might not", "would": "would not", "may": "may not"}[modal]
            if contract and modal in ("can", "could", "should", "would"):
                neg = {"can": "can't", "could": "couldn't", "should": "shouldn't", "would": "wouldn't"}[modal]
            return f"{neg} {base}{tail}"
        return f"{modal} {base}{tail}"
    raise ValueError(tense)


def ing_vp(vp: str) -> str:
    verb, _, rest = vp.partition(" ")
    return verb_forms(verb)[4] + (f" {rest}" if rest else "")


def past_vp(vp: str) -> str:
    verb, _, rest = vp.partition(" ")
    return verb_forms(verb)[2] + (f" {rest}" if rest else "")


def part_vp(vp: str) -> str:
    verb, _, rest = vp.partition(" ")
    return verb_forms(verb)[3] + (f" {rest}" if rest else "")


class Grammar:
    """Noun phrases, subjects and verb phrases drawn from one topic (and general words)."""

    def __init__(self, rng: random.Random, topic: Topic):
        self.rng = rng
        self.topic = topic

    # ------------------------------------------------------------------ noun phrases
    def adj(self) -> str:
        r = self.rng
        return pick(r, self.topic.adjs) if r.random() < 0.6 else pick(r, ADJECTIVES)

    def _maybe_adj(self, noun: str, p: float = 0.3) -> str:
        r = self.rng
        if r.random() < p:
            adj = self.adj()
            if r.random() < 0.12:
                adj = f"{pick(r, ('very', 'rather', 'quite', 'really'))} {adj}"
            return f"{adj} {noun}"
        return noun

    def thing(self, noun: str | None = None, *, adj_p: float = 0.3) -> str:
        r = self.rng
        noun = self._maybe_adj(noun or pick(r, self.topic.things), adj_p)
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
        noun = self._maybe_adj(plural(noun or pick(r, self.topic.things)), adj_p)
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
        noun = self._maybe_adj(noun or pick(r, self.topic.stuff), adj_p)
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
            return f"the {self._maybe_adj(noun, 0.15)}"
        if x < 0.8:
            return a(self._maybe_adj(noun, 0.4))
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
        noun = self._maybe_adj(pick(r, self.topic.people), 0.25)
        if x < 0.6:
            return f"the {noun}"
        if x < 0.8:
            return a(noun)
        if x < 0.93:
            return f"{pick(r, POSSESSIVES)} {noun}"
        return f"{pick(r, POSSESSIVES)} {pick(r, RELATIVES)}"

    def people(self) -> str:
        r = self.rng
        noun = self._maybe_adj(plural(pick(r, self.topic.people)), 0.2)
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
        noun = self._maybe_adj(pick(r, self.topic.events), 0.25)
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

# --------------------------------------------------------------------------- sentences


def _s(text: str) -> str:
    """Capitalise and end with a full stop unless it already ends a sentence."""
    text = cap(text.strip())
    return text if text[-1] in ".!?\"" else text + "."


def narrative_sentence(g: Grammar, hero: Subject | None = None) -> str:
    """A past-tense sentence, optionally about the story's protagonist."""
    r = g.rng
    subj = g.subject(named=hero)
    other = g.subject(pronoun_p=0.15)
    k = r.randrange(26)
    if k == 0:
        return _s(g.clause("past", subj=subj))
    if k == 1:
        return _s(f"{pick(r, TIMES_PAST)}, {g.clause('past', subj=subj, when='none')}")
    if k == 2:
        return _s(f"{g.clause('past', subj=subj)}, {pick(r, ('and then', 'but', 'so', 'and', 'because', 'although', 'until', 'before', 'after'))} {g.clause('past', subj=other)}")
    if k == 3:
        conj = pick(r, ("When", "After", "Before", "As soon as", "Although", "Because", "Once"))
        return _s(f"{conj} {g.clause('past', subj=other)}, {g.clause('past', subj=subj)}")
    if k == 4:
        return _s(f"while {g.clause('past_progressive', subj=other, negative_p=0)}, {g.clause('past', subj=subj)}")
    if k == 5:
        return _s(f"{subj.text} {past_vp(pick(r, CONTROL_VERBS))} to {g.vp()}{g.adjunct()}")
    if k == 6:
        return _s(f"{subj.text} {'were' if subj.agree == 'pl' else 'was'} {pick(r, ('too', 'so'))} {pick(r, FEELINGS)} to {g.vp()}")
    if k == 7:
        return _s(f"{subj.text} {'were' if subj.agree == 'pl' else 'was'} {pick(r, INTENSIFIERS)} {pick(r, FEELINGS)}, so {g.clause('past', subj=subj)}")
    if k == 8:
        return _s(f"{subj.text} had never {part_vp(g.vp())} before")
    if k == 9:
        return _s(f"{subj.text} {pick(r, ('asked', 'told', 'reminded', 'helped', 'wanted', 'begged', 'invited', 'encouraged'))} {other.obj} to {g.vp()}")
    if k == 10:
        return _s(f"{subj.text} spent {pick(r, ('the afternoon', 'the whole morning', 'an hour', 'the weekend', 'most of the day', 'the evening', 'three days'))} {ing_vp(g.vp())}")
    if k == 11:
        return _s(f"it was {a(pick(r, ('cold', 'warm', 'wet', 'long', 'quiet', 'busy', 'bright', 'strange', 'grey', 'lovely')) + ' ' + pick(r, ('day', 'morning', 'evening', 'night', 'week', 'afternoon')))}, so {g.clause('past', subj=subj)}")
    if k == 12:
        noun = pick(r, g.topic.things)
        return _s(f"the {noun} that {g.clause('past', subj=other, when='none')} was {pick(r, INTENSIFIERS)} {g.adj()}")
    if k == 13:
        p = g.person()
        return _s(f"{p}, who {past_vp(g.vp())}, {past_vp(g.vp())}")
    if k == 14:
        return _s(f"{subj.text} could not {g.vp()} because {g.clause('past', subj=other, negative_p=0.3)}")
    if k == 15:
        return _s(f"{g.clause('past', subj=subj)} so that {other.text} could {g.vp()}")
    if k == 16:
        return _s(f"by the time {g.clause('past', subj=other, when='none')}, {subj.text} had already {part_vp(g.vp())}")
    if k == 17:
        return _s(f"{subj.text} noticed that {g.clause('past_progressive', subj=other, negative_p=0)}")
    if k == 18:
        if r.random() < 0.5:
            return _s(f"there was {a(g._maybe_adj(pick(r, g.topic.things), 0.5))} {pick(r, ('in', 'near', 'behind', 'outside', 'inside'))} {g.place()}")
        return _s(f"there were {g.things(adj_p=0.5)} {pick(r, ('everywhere', 'on every table', 'all over the floor', 'in the corner', 'by the door', 'on the shelf', 'in the box'))}")
    if k == 19:
        return _s(f"{subj.text} {pick(r, ('suddenly', 'finally', 'quickly', 'slowly', 'quietly', 'happily', 'carefully'))} {past_vp(g.vp())}")
    if k == 20:
        return _s(f"{subj.text} did not know {pick(r, ('how', 'where', 'when', 'why', 'whether'))} to {g.vp()}")
    if k == 21:
        return _s(f"{subj.text} {'were' if subj.agree == 'pl' else 'was'} {ing_vp(g.vp())} when {g.clause('past', subj=other, negative_p=0)}")
    if k == 22:
        return _s(f"{pick(r, ('luckily', 'sadly', 'in the end', 'at first', 'later', 'soon', 'meanwhile', 'of course', 'after a while', 'unfortunately'))}, {g.clause('past', subj=subj, when='none')}")
    if k == 23:
        return _s(f"{subj.text} felt {pick(r, FEELINGS)} {pick(r, ('after', 'before', 'when'))} {g.clause('past', subj=other, negative_p=0, when='none')}")
    if k == 24:
        return _s(f"{g.clause('past', subj=subj)} for the first time in {pick(r, ('years', 'months', 'weeks', 'a long time', 'ages'))}")
    return _s(f"if {g.clause('past_perfect', subj=other, negative_p=0.2, when='none')}, {subj.text} would have {part_vp(g.vp())}")


def generic_sentence(g: Grammar) -> str:
    """A present-tense statement about how things usually are."""
    r = g.rng
    k = r.randrange(24)
    subj = g.subject(pronoun_p=0.2)
    if k == 0:
        return _s(f"{subj.text} {pick(r, FREQUENCY)} {conjugate(g.vp(), subj.agree, 'present')}{g.adjunct('generic')}")
    if k == 1:
        return _s(f"{pick(r, ('most', 'many', 'some', 'few', 'young', 'older', 'busy'))} {plural(pick(r, g.topic.people))} "
            f"{conjugate(g.vp(), 'pl', 'present', negative=r.random() < 0.15)}{g.adjunct('generic')}")
    if k == 2:
        return _s(f"if you {g.vp()}, you {pick(r, ('will', 'can', 'should', 'might', 'may', 'will probably'))} {g.vp()}")
    if k == 3:
        return _s(f"it is {pick(r, ('important', 'easy', 'hard', 'useful', 'a good idea', 'not easy', 'cheaper', 'safer', 'better', 'wise', 'normal'))} to {g.vp()}{g.adjunct('generic')}")
    if k == 4:
        return _s(f"{ing_vp(g.vp())} is {pick(r, ('a good way', 'the best way', 'an easy way', 'a quick way', 'one way', 'a cheap way'))} to {g.vp()}")
    if k == 5:
        return _s(f"{a(g._maybe_adj(pick(r, g.topic.people), 0.6))} {pick(r, FREQUENCY)} {conjugate(g.vp(), '3s', 'present')}")
    if k == 6:
        return _s(f"{subj.text} {conjugate(g.vp(), subj.agree, 'modal:' + pick(r, ('can', 'should', 'must', 'might', 'could', 'may')), negative=r.random() < 0.2, rng=r)}{g.adjunct('generic')}")
    if k == 7:
        return _s(f"people who {g.vp()} often {g.vp()}")
    if k == 8:
        return _s(f"the best way to {g.vp()} is to {g.vp()}")
    if k == 9:
        return _s(f"there are many ways to {g.vp()}")
    if k == 10:
        return _s(f"{subj.text} {conjugate(pick(r, ('need', 'want', 'like', 'try', 'hope', 'plan', 'love', 'hate')), subj.agree, 'present')} to {g.vp()}")
    if k == 11:
        return _s(f"you do not need {g.thing()} to {g.vp()}")
    if k == 12:
        return _s(f"{subj.text} {conjugate(g.vp(), subj.agree, 'progressive', rng=r)} {pick(r, ('at the moment', 'right now', 'this week', 'today', 'again', 'these days', ''))}")
    if k == 13:
        return _s(f"{subj.text} {conjugate(g.vp(), subj.agree, 'perfect', negative=r.random() < 0.2, rng=r)} "
            f"{pick(r, ('for years', 'since last spring', 'many times', 'twice', 'already', 'this year', 'recently', ''))}")
    if k == 14:
        return _s(f"{subj.text} {conjugate(g.vp(), subj.agree, pick(r, ('future', 'going_to')), negative=r.random() < 0.15, rng=r)}{g.adjunct('future')}")
    if k == 15:
        return _s(f"{g.stuff(adj_p=0)} is {pick(r, ('good', 'bad', 'important', 'useful', 'necessary', 'essential', 'helpful'))} for {g.people() if r.random() < 0.5 else g.things()}")
    if k == 16:
        return _s(f"{g.clause('present', subj=subj)} {pick(r, ('when', 'because', 'if', 'unless', 'until', 'before', 'after', 'while'))} {g.clause('present', negative_p=0.1)}")
    if k == 17:
        return _s(f"every {pick(r, g.topic.people)} knows that {g.clause('present')}")
    if k == 18:
        return _s(f"{pick(r, ('without', 'instead of', 'after', 'before', 'by'))} {ing_vp(g.vp())}, {g.clause('present', subj=subj)}")
    if k == 19:
        return _s(f"{g.people()} and {g.people()} {conjugate(g.vp(), 'pl', 'present')}")
    if k == 20:
        return _s(f"not every {pick(r, g.topic.people)} {conjugate(g.vp(), '3s', 'present')}")
    if k == 21:
        return _s(f"{subj.text} {conjugate('be', subj.agree, 'present')} {pick(r, ('good at', 'bad at', 'used to', 'tired of', 'interested in', 'afraid of', 'proud of', 'busy'))} {ing_vp(g.vp())}")
    if k == 22:
        return _s(f"the more you {g.vp()}, the {comparative(g.adj())} {pick(r, ('it gets', 'you feel', 'it becomes', 'the result'))}")
    return _s(f"{g.clause('present', subj=subj)}, {pick(r, ('but', 'and', 'so', 'yet'))} {g.clause('present', negative_p=0.3)}")


def description_sentence(g: Grammar) -> str:
    """A present-tense sentence describing a thing or a place."""
    r = g.rng
    noun = pick(r, g.topic.things)
    place = pick(r, g.topic.places)
    k = r.randrange(18)
    if k == 0:
        return _s(f"the {noun} is {g.adj()} and {g.adj()}")
    if k == 1:
        return _s(f"the {place} has {a(g.adj() + ' ' + pick(r, g.topic.things))} and {g.things(adj_p=0.5)}")
    if k == 2 and g.topic.name in MADE_THINGS_TOPICS:
        return _s(f"the {noun} is made of {pick(r, ('wood', 'metal', 'glass', 'plastic', 'stone', 'paper', 'cotton', 'wool', 'steel', 'leather', 'clay', 'brick', 'silver'))}")
    if k == 3:
        return _s(f"there is {a(g._maybe_adj(noun, 0.5))} {pick(r, ('next to', 'behind', 'under', 'above', 'beside', 'opposite', 'in front of'))} the {pick(r, g.topic.things)}")
    if k == 4:
        return _s(f"the {noun} {pick(r, ('looks', 'feels', 'smells', 'sounds', 'seems', 'tastes'))} {pick(r, INTENSIFIERS)} {g.adj()}")
    if k == 5:
        b = pick(r, g.topic.things)
        return _s(f"the {noun} is {comparative(g.adj())} than the {b}")
    if k == 6:
        return _s(f"this is one of the {superlative(g.adj())} {plural(place)} in the {pick(r, ('town', 'city', 'country', 'region', 'area', 'world'))}")
    if k == 7:
        return _s(f"the {place} is known for its {g._maybe_adj(plural(pick(r, g.topic.things)), 0.6)}")
    if k == 8:
        return _s(f"the {place} is {pick(r, INTENSIFIERS)} {g.adj()} {pick(r, ('in the morning', 'at night', 'at the weekend', 'in summer', 'in winter', 'on market day', 'after lunch'))}")
    if k == 9:
        return _s(f"inside the {place} there are {g.things(adj_p=0.5)}")
    if k == 10 and g.topic.name in MADE_THINGS_TOPICS:
        return _s(f"the {noun} has {a(pick(r, COLOURS))} {pick(r, ('handle', 'lid', 'cover', 'door', 'edge', 'top', 'base', 'stripe', 'label'))}")
    if k == 11:
        return _s(f"the {g._maybe_adj(place, 0.7)} is {pick(r, ('a short walk from', 'close to', 'far from', 'right next to', 'just behind', 'across the road from'))} the {pick(r, g.topic.places)}")
    if k == 12:
        return _s(f"{plural(noun)} are usually {g.adj()}, but this one is {g.adj()}")
    if k == 13:
        return _s(f"the walls of the {place} are {pick(r, COLOURS)}, and the floor is {pick(r, ('wooden', 'stone', 'tiled', 'covered in carpet', 'bare', 'painted'))}")
    if k == 14 and g.topic.name in MADE_THINGS_TOPICS:
        return _s(f"the {noun} is about {r.randint(2, 90)} {pick(r, ('centimetres', 'metres', 'inches', 'feet'))} {pick(r, ('long', 'wide', 'tall', 'high', 'deep'))}")
    if k == 15:
        return _s(f"everything in the {place} is {g.adj()}, from the {pick(r, g.topic.things)} to the {pick(r, g.topic.things)}")
    if k == 16:
        return _s(f"the {noun} is used to {g.vp(generic_p=0)}")
    return _s(f"the {place} {pick(r, ('opens', 'closes'))} at {r.randint(6, 11)} {pick(r, ('in the morning', 'at night', 'every day', 'on weekdays'))}")


def opinion_sentence(g: Grammar) -> str:
    """A sentence giving a view."""
    r = g.rng
    k = r.randrange(16)
    if k == 0:
        return _s(f"I {pick(r, THINK_VERBS)} {pick(r, ('that ', ''))}{g.clause('present', negative_p=0.2)}")
    if k == 1:
        return _s(f"in my opinion, {g.thing()} is {pick(r, INTENSIFIERS)} {g.adj()}")
    if k == 2:
        return _s(f"I {pick(r, ('love', 'like', 'hate', 'enjoy', 'prefer', 'dislike', 'cannot stand', 'do not mind'))} {ing_vp(g.vp())}")
    if k == 3:
        return _s(f"it is {pick(r, ('better', 'easier', 'cheaper', 'safer', 'more fun', 'wiser'))} to {g.vp()} than to {g.vp()}")
    if k == 4:
        return _s(f"I would rather {g.vp()} than {g.vp()}")
    if k == 5:
        return _s(f"personally, I find {g.stuff(adj_p=0) if r.random() < 0.5 else g.things(adj_p=0)} {pick(r, INTENSIFIERS)} {g.adj()}")
    if k == 6:
        return _s(f"{pick(r, ('many people', 'some people', 'most experts', 'my friends', 'a lot of parents', 'critics'))} "
            f"{pick(r, ('believe', 'say', 'think', 'argue', 'feel'))} that {g.clause('present', negative_p=0.2)}")
    if k == 7:
        return _s(f"{g.thing(adj_p=0)} is {g.adj()}, but {g.thing(adj_p=0)} is {g.adj()}")
    if k == 8:
        return _s(f"the problem is that {g.clause('present', negative_p=0.3)}")
    if k == 9:
        return _s(f"to be honest, {g.clause(pick(r, ('present', 'past', 'perfect')), negative_p=0.3)}")
    if k == 10:
        return _s(f"what I like most about {g.place()} is {g.thing()}")
    if k == 11:
        return _s(f"there is nothing {pick(r, ('better', 'worse', 'nicer', 'more relaxing', 'more annoying'))} than {ing_vp(g.vp())}")
    if k == 12:
        return _s(f"I do not understand why {g.clause('present')}")
    if k == 13:
        return _s(f"{g.subject().text} should {g.vp()} instead of {ing_vp(g.vp())}")
    if k == 14:
        return _s(f"nobody {pick(r, ('likes', 'wants', 'needs', 'enjoys'))} {g.things(adj_p=0.5)}")
    return _s(f"{pick(r, ('of course', 'on the other hand', 'still', 'however', 'in general', 'in short', 'for me'))}, {g.clause('present', negative_p=0.2)}")


def instruction_sentence(g: Grammar) -> str:
    """An imperative sentence."""
    r = g.rng
    k = r.randrange(16)
    if k == 0:
        return _s(f"{g.vp()}{g.adjunct('generic')}")
    if k == 1:
        return _s(f"make sure you {g.vp()}")
    if k == 2:
        return _s(f"{pick(r, DONTS)} {g.vp()}{pick(r, ('', ' too early', ' without checking first', ' in a hurry', ' on your own', ' more than once'))}")
    if k == 3:
        return _s(f"before you {g.vp()}, {g.vp()}")
    if k == 4:
        return _s(f"if {g.clause('present', negative_p=0.3, when='none')}, {g.vp()}")
    if k == 5:
        return _s(f"try to {g.vp()}{g.adjunct('generic')}")
    if k == 6:
        return _s(f"remember to {g.vp()}")
    if k == 7:
        return _s(f"always {g.vp()} after you {g.vp()}")
    if k == 8:
        return _s(f"you will need {join_list([g.thing(adj_p=0.2) if r.random() < 0.6 else g.stuff(adj_p=0) for _ in range(r.randint(2, 4))])}")
    if k == 9:
        return _s(f"leave it for {number_word(r.randint(2, 30)) if r.random() < 0.5 else r.randint(2, 30)} {pick(r, ('minutes', 'hours', 'days', 'seconds'))}")
    if k == 10:
        return _s(f"{g.vp()} and {g.vp()}")
    if k == 11:
        return _s(f"it helps to {g.vp()} first")
    if k == 12:
        return _s(f"once you have {part_vp(g.vp())}, {g.vp()}")
    if k == 13:
        return _s(f"{g.vp()} until {g.clause('present', negative_p=0, when='none')}")
    if k == 14:
        return _s(f"ask {g.person()} to {g.vp()}")
    return _s(f"you can also {g.vp()} if you {pick(r, ('like', 'prefer', 'want', 'have time', 'are in a hurry'))}")


def question_sentence(g: Grammar) -> str:
    r = g.rng
    subj = g.subject()
    k = r.randrange(10)
    aux_now = "does" if subj.agree == "3s" else "do"
    if k == 0:
        return cap(f"{aux_now} {subj.text} {g.vp()}?")
    if k == 1:
        return cap(f"{pick(r, ('why', 'when', 'where', 'how'))} did {subj.text} {g.vp()}?")
    if k == 2:
        return cap(f"{pick(r, ('can', 'could', 'should', 'will', 'would'))} {subj.text} {g.vp()}?")
    if k == 3:
        return cap(f"how {pick(r, ('do', 'can', 'should'))} I {g.vp()}?")
    if k == 4:
        return cap(f"have you ever {part_vp(g.vp())}?")
    if k == 5:
        return cap(f"where is the {pick(r, g.topic.things + g.topic.places)}?")
    if k == 6:
        return cap(f"what {pick(r, ('time', 'day', 'kind of', 'colour'))} {pick(r, g.topic.things)} {'did' if r.random() < 0.5 else aux_now} "
            f"{subj.text} {pick(r, ('want', 'need', 'like', 'choose', 'buy'))}?")
    if k == 7:
        return cap(f"who {past_vp(g.vp())}?")
    if k == 8:
        return cap(f"is it {pick(r, ('true', 'possible', 'safe', 'too late', 'normal'))} to {g.vp()}?")
    return cap(f"how many {plural(pick(r, g.topic.things))} {'do' if subj.agree != '3s' else 'does'} {subj.text} need?")

# --------------------------------------------------------------------------- reviews


def _agreeing(template: str) -> str:
    """'{aspect} is' -> '{aspect} {is}' (and was, are, look), so the verb can agree with a plural aspect."""
    for alone in ("", " alone"):
        for verb, slot in (("is", "{is}"), ("are", "{is}"), ("was", "{was}"), ("look", "{look}"), ("lasts", "{lasts}")):
            template = template.replace(f"{{aspect}}{alone} {verb} ", f"{{aspect}}{alone} {slot} ")
    return template


def _is_plural(noun: str) -> bool:
    return noun.endswith("s") and not noun.endswith(("ss", "us", "is", "ics")) and noun not in ("news", "wifi")


def review(rng: random.Random, n: int, polarity: str | None = None) -> str:
    """A review of one thing; 'positive' and 'negative' dominate, 'mixed' reviews weigh both sides."""
    r = rng
    kind = pick(r, REVIEW_KINDS)
    item = pick(r, kind.items)
    polarity = polarity or r.choices(("positive", "negative", "mixed"), weights=(0.44, 0.44, 0.12))[0]
    good = polarity == "positive"
    words = POSITIVE_WORDS if good else NEGATIVE_WORDS
    adj = pick(r, words)
    def fill(template: str) -> str:
        aspect = pick(r, kind.aspects)
        many = _is_plural(aspect)
        return _agreeing(template).format(aspect=aspect, item=item, n=r.randint(2, 12), relative=pick(r, RELATIVES), name=pick(r, FIRST_NAMES_F + FIRST_NAMES_M),
                               **{"is": "are" if many else "is", "was": "were" if many else "was", "look": "look" if many else "looks", "lasts": "last" if many else "lasts"})

    month = pick(r, MONTHS)
    if polarity == "mixed":
        g1, b1 = fill(pick(r, kind.good)), fill(pick(r, kind.bad))
        opener = pick(r, (f"This {item} has good and bad points.", f"I have mixed feelings about this {item}.", f"The {item} was fine, but not great.",
                          f"Not bad, but not as good as I hoped."))
        parts = [opener, g1, f"{pick(r, ('However', 'On the other hand', 'Sadly', 'But'))}, {b1[0].lower() + b1[1:]}"]
        parts.append(pick(r, ("Three stars.", "Rating: 3/5.", "It is worth it if it is on sale.", "Good enough, I suppose.", "I might try it again.")))
        return " ".join(parts[: max(2, n)])
    openers_good = (
        f"{cap(a(adj))} {item}.", f"This {item} is {adj}.", f"What {a(adj)} {item}!", f"I love this {item}.",
        f"We {kind.verb} this {item} in {month} and loved it.", f"I {kind.verb} this {item} last {pick(r, ('week', 'month', 'weekend', 'year'))} and it was {adj}.",
        f"Best {item} I have {kind.verb} in years.", f"{cap(a(pick(r, INTENSIFIERS[:6]) + ' ' + adj))} {item} with {a(pick(r, POSITIVE_WORDS))} {pick(r, kind.aspects)}.",
        f"I was not sure at first, but this {item} turned out to be {adj}.", f"Our {pick(r, ('family', 'whole group', 'kids', 'friends'))} thought this {item} was {adj}.",
    )
    openers_bad = (
        f"{cap(a(adj))} {item}.", f"This {item} is {adj}.", f"What {a(adj)} {item}.", f"I regret choosing this {item}.",
        f"We {kind.verb} this {item} in {month} and were let down.", f"I {kind.verb} this {item} last {pick(r, ('week', 'month', 'weekend', 'year'))} and it was {adj}.",
        f"Worst {item} I have {kind.verb} in years.", f"{cap(a(pick(r, INTENSIFIERS[:6]) + ' ' + adj))} {item} with {a(pick(r, NEGATIVE_WORDS))} {pick(r, kind.aspects)}.",
        f"I had high hopes, but this {item} turned out to be {adj}.", f"Our {pick(r, ('family', 'whole group', 'kids', 'friends'))} thought this {item} was {adj}.",
    )
    body_pool = list(kind.good if good else kind.bad)
    r.shuffle(body_pool)
    body = [fill(s) for s in body_pool[: max(0, n - 2)]]
    aspects = r.sample(kind.aspects, min(3, len(kind.aspects)))
    past = r.random() < 0.5
    listed = [f"the {asp} {('were' if past else 'are') if _is_plural(asp) else ('was' if past else 'is')} {pick(r, words)}" for asp in aspects]
    if r.random() < 0.4:
        body.insert(0, _s(join_list(listed)))
    sentences = [pick(r, openers_good if good else openers_bad)] + body
    if r.random() < 0.75:
        sentences.append(pick(r, POSITIVE_CLOSINGS if good else NEGATIVE_CLOSINGS))
    return " ".join(sentences[: max(1, n)])


# --------------------------------------------------------------------------- invented places, species, people


def invented_name(rng: random.Random) -> str:
    return pick(rng, NAME_HEADS) + pick(rng, NAME_TAILS)


def _entry(rng: random.Random, first: str, rest: list[str], n: int) -> str:
    rng.shuffle(rest)
    return " ".join([first] + rest[: max(0, n - 1)])


def settlement_entry(rng: random.Random, n: int) -> str:
    r = rng
    name, twin = invented_name(r), invented_name(r)
    country, other = pick(r, COUNTRIES), pick(r, COUNTRIES)
    kind = pick(r, SETTLEMENT_KINDS)
    year = r.randint(900, 1880)
    pop = r.randint(3, 900) * 100 + r.randint(0, 99)
    first = pick(r, (
        f"{name} is {a(kind)} in the {pick(r, WIKI_REGIONS)} of {country.name}.",
        f"{name} is {a(kind)} {pick(r, TOWN_SITES)}.",
        f"{name} is {a(kind)} and former {pick(r, ('market', 'mining', 'fishing', 'textile', 'railway'))} centre in {country.name}.",
        f"{name} ({pick(r, ('population', 'pop.'))} {pop:,}) is {a(kind)} in {country.name}.",
    ))
    rest = [
        pick(r, (f"It was founded in {year} as {pick(r, TOWN_ORIGINS)}.", f"The town received its charter in {year}.",
                 f"The first written record of the place dates from {year}.", f"It started as {pick(r, TOWN_ORIGINS)} in the {pick(r, CENTURIES)} century.")),
        pick(r, (f"It has a population of about {pop:,}.", f"In {r.randint(1990, 2020)} it had {pop:,} residents.", f"Around {pop:,} people live in the town and its surrounding villages.")),
        pick(r, (f"The local economy depends on {pick(r, INDUSTRIES)}.", f"Most jobs are in {pick(r, INDUSTRIES)} and {pick(r, INDUSTRIES)}.",
                 f"Until the {pick(r, CENTURIES)} century most people worked in {pick(r, INDUSTRIES)}.")),
        pick(r, (f"Notable buildings include the {join_list(r.sample(LANDMARKS, r.randint(2, 3)))}.".replace(", ", ", the ").replace(" and ", " and the "), f"The "
            f"parish church is dedicated to Saint {pick(r, SAINTS)}.",
                 f"The {pick(r, LANDMARKS)}, in {a(pick(r, STYLES))} style, was finished in {r.randint(max(year, 1100), 1950)}.",
                 f"The {pick(r, LANDMARKS)} is the oldest building that survives in {name}.")),
        pick(r, (f"{name} is known for its {pick(r, FEATURES)}.", f"Visitors come for the {' and the '.join(r.sample(FEATURES, 2))}.",
                 f"The town is twinned with {twin} in {other.name}.", f"Its football club, {name} {pick(r, ('United', 'Town', 'Rovers', 'Athletic', 'City'))}, "
                     f"was formed in {r.randint(1870, 1960)}.")),
        pick(r, (f"It lies about {r.randint(3, 60) * 10} kilometres from {country.capital}.", f"Trains run from {name} to {country.capital} every hour.",
                 f"A fire in {r.randint(1500, 1900)} burned down most of the wooden houses in the centre.",
                 f"The name probably means {pick(r, ('the farm by the ford', 'the high meadow', 'the clearing in the wood', 'the place of the spring', 'the bend in the river', 'the stone bridge'))}.",
                 f"The station opened in {r.randint(1830, 1910)}, and the town spread along the railway line.")),
    ]
    return _entry(r, first, rest, n)


def landscape_entry(rng: random.Random, n: int) -> str:
    r = rng
    name, town, other = invented_name(r), invented_name(r), invented_name(r)
    country = pick(r, COUNTRIES)
    k = r.randrange(6)
    if k == 0:
        length = r.randint(12, 900)
        first = pick(r, (f"The {name} is a river of about {length} kilometres in {country.name}.", f"The River {name} is {length} kilometres long and runs through {town}.",
                         f"The {name} is the longest river in the region, at {length} kilometres."))
        rest = [
            f"Its source lies {pick(r, ('in a peat bog', 'in a small mountain lake', 'among limestone hills', 'in a spring near ' + other))}.",
            f"It enters the {pick(r, ('sea', 'River ' + other, 'estuary'))} at {town}.",
            f"Its main tributaries are the {invented_name(r)} and the {invented_name(r)}.",
            f"Barges can travel up the river as far as {other}.",
            f"A dam was built across the valley in {r.randint(1900, 1990)} to supply {country.capital} with water.",
            f"Salmon {pick(r, ('returned', 'came back', 'were seen again'))} to the river in {r.randint(1980, 2020)} after decades of absence.",
            f"The valley of the {name} is {pick(r, ('known for its orchards', 'lined with vineyards', 'mostly farmland', 'steep and wooded', 'densely populated'))}.",
        ]
    elif k == 1:
        first = f"Lake {name} covers about {r.randint(2, 400)} square kilometres and is up to {r.randint(5, 300)} metres deep."
        rest = [
            f"It lies {pick(r, ('at the foot of', 'north of', 'between', 'among'))} {pick(r, ('the mountains', 'two ranges of hills', 'thick forest', 'low farmland'))}.",
            "The lake freezes over in most winters.", f"A ferry crosses it between {town} and {other} in summer.",
            f"Its water is used for {pick(r, ('drinking', 'farming', 'power', 'fish farming'))}.",
            f"The lake is home to {pick(r, ('several rare fish', 'large flocks of ducks', 'a colony of grebes', 'many kinds of frogs'))}.",
            f"Swimming is allowed at {number_word(r.randint(2, 5))} beaches.",
        ]
    elif k == 2:
        first = (f"The {name} {pick(r, ('Mountains', 'range', 'Fells', 'Uplands'))} {pick(r, ('stretch', 'run', 'extend'))} for about "
            f"{r.randint(20, 600)} kilometres across the {pick(r, WIKI_REGIONS)} of {country.name}.")
        rest = [
            f"The highest point is Mount {invented_name(r)}, at {r.randint(400, 4800)} metres above sea level.",
            f"The slopes are used for {pick(r, ('sheep farming', 'skiing', 'forestry', 'hiking', 'grazing cattle'))}.",
            f"Snow covers the peaks from {pick(r, MONTHS[9:])} to {pick(r, MONTHS[2:5])}.",
            f"The rocks are mostly {pick(r, ('granite', 'limestone', 'sandstone', 'slate', 'volcanic'))}.",
            f"A railway tunnel under the range was opened in {r.randint(1870, 1990)}.",
        ]
    elif k == 3:
        first = (f"{name} {pick(r, ('Wood', 'Forest', 'Park'))} is an area of {pick(r, ('mixed woodland', 'pine forest', 'heath and woodland', 'ancient woodland'))} "
            f"of about {r.randint(100, 9000)} hectares.")
        rest = [
            f"It was once {pick(r, ('a royal hunting ground', 'part of a large estate', 'used for making charcoal', 'common land'))}.",
            f"Most of the trees were planted after {r.randint(1800, 1960)}.",
            f"Deer, badgers and {pick(r, ('foxes', 'owls', 'woodpeckers', 'squirrels'))} are common there.",
            f"A {pick(r, ('visitor centre', 'cafe', 'car park', 'campsite'))} was opened near {town} in {r.randint(1960, 2015)}.",
            f"The {pick(r, ('bluebells', 'autumn colours', 'old beeches', 'mushrooms'))} attract many visitors.",
        ]
    elif k == 4:
        first = f"{name} is an island of about {r.randint(2, 900)} square kilometres {pick(r, ('off the coast of', 'in the north of', 'to the west of'))} {country.name}."
        rest = [
            f"About {r.randint(2, 90) * 100:,} people live there.", f"It can be reached by ferry from {town}.",
            f"The island depends on {pick(r, INDUSTRIES)}.", f"The highest hill on the island is {r.randint(50, 900)} metres high.",
            f"Its {pick(r, ('lighthouse', 'harbour', 'church', 'castle'))} was built in {r.randint(1500, 1900)}.",
            f"There are no cars on the island.",
        ]
    else:
        first = f"The {name} Canal links {town} with {other} and is {r.randint(5, 200)} kilometres long."
        rest = [
            f"It has {number_word(r.randint(2, 60))} locks.", f"Work on it began in {r.randint(1700, 1880)} and took {number_word(r.randint(3, 15))} years.",
            f"It was built to carry {pick(r, ('grain', 'stone', 'timber', 'iron ore', 'goods'))}.",
            f"A towpath runs along its whole length.", f"Pleasure boats can be hired at {town}.",
        ]
    return _entry(r, first, rest, n)


def species_entry(rng: random.Random, n: int) -> str:
    r = rng
    base, group = pick(r, SPECIES_BASES)
    name = f"{pick(r, SPECIES_ADJS)} {base}"
    first_month = r.randrange(12)
    months = f"from {MONTHS[first_month]} to {MONTHS[(first_month + r.randint(2, 5)) % 12]}"
    if group in ("plant", "tree"):
        first = pick(r, (f"The {name} is a species of {base} native to {pick(r, REGIONS_WIDE)}.", f"The {name} is "
            f"{a(pick(r, ('small', 'tall', 'hardy', 'tough', 'delicate')))} {'tree' if group == 'tree' else 'plant'} of {pick(r, HOMES)}."))
        rest = [
            f"It flowers {months}.", f"Its leaves are {pick(r, ('narrow', 'broad', 'heart-shaped', 'hairy', 'glossy'))} and {pick(r, COLOURS)}.",
            f"It can reach a height of {r.randint(2, 40)} metres." if group == "tree" else f"It grows to about {r.randint(5, 90)} centimetres.",
            f"The seeds are spread by {pick(r, ('the wind', 'birds', 'water', 'ants', 'animals'))}.",
            f"It was first described by a botanist in {r.randint(1700, 1950)}.", f"Gardeners grow it for its {pick(r, ('flowers', 'leaves', 'scent', 'autumn colour', 'bark'))}.",
        ]
    else:
        first = pick(r, (f"The {name} is {a(group)} of {pick(r, HOMES)}.", f"The {name} is found across {pick(r, REGIONS_WIDE)}.",
                         f"The {name} is a species of {base} that lives in {pick(r, HOMES)}."))
        rest = [
            f"Its diet is mostly {pick(r, DIETS[group])}, with some {pick(r, DIETS[group])}.", f"The breeding season runs {months}.",
            f"It measures about {r.randint(2, 90)} centimetres from head to tail." if group != "bird" else f"It has a wingspan of about {r.randint(10, 120)} centimetres.",
            f"It was first described in {r.randint(1750, 1950)}.",
            f"{pick(r, ('Females', 'Pairs'))} produce {number_word(r.randint(2, 9))} {'eggs' if group in ('bird', 'reptile', 'amphibian', 'fish', 'insect') else 'young'} each year.",
            f"It is {pick(r, ('shy and hard to see', 'common in many areas', 'now protected by law', 'often seen near houses', 'active mainly in the evening'))}.",
            f"Its {pick(r, ('call', 'song', 'colour', 'long tail', 'speed'))} makes it easy to recognise.",
        ]
    return _entry(r, first, rest, n)


def biography_entry(rng: random.Random, n: int) -> str:
    r = rng
    country = pick(r, COUNTRIES)
    born = r.randint(1600, 1950)
    died = born + r.randint(35, 95)
    female = r.random() < 0.5
    fn = pick(r, FIRST_NAMES_F if female else FIRST_NAMES_M)
    sn = pick(r, SURNAMES)
    he, his, him = ("she", "her", "her") if female else ("he", "his", "him")
    town = invented_name(r)
    first = f"{fn} {sn} ({born}-{died}) was {a(country.demonym)} {pick(r, OCCUPATIONS)} known for {pick(r, ACHIEVEMENTS)}."
    rest = [
        f"{cap(he)} was born in {town}, a small town near {country.capital}.",
        f"{cap(he)} studied in {country.capital} and later worked in {pick(r, COUNTRIES).capital}.",
        f"In {born + r.randint(20, 35)} {he} married {pick(r, FIRST_NAMES_F + FIRST_NAMES_M)} {pick(r, SURNAMES)}, and they had {number_word(r.randint(1, 6))} children.",
        f"{cap(his)} first success came in {born + r.randint(18, 40)}.",
        f"Many of {his} works are now kept in the national museum.",
        f"{cap(he)} died in {died} at the age of {died - born}.",
        f"A street in {country.capital} was named after {him} in {died + r.randint(5, 60)}.",
    ]
    return " ".join(([first] + rest)[: max(1, n)])


def period_entry(rng: random.Random, n: int) -> str:
    r = rng
    country = pick(r, COUNTRIES)
    name = f"the {invented_name(r)} {pick(r, ('dynasty', 'republic', 'kingdom', 'league', 'reforms', 'rebellion', 'treaty'))}"
    start = r.randint(1100, 1850)
    length = r.randint(5, 180)
    first = pick(r, (
        f"{cap(name)} lasted from {start} to {start + length}.",
        f"{cap(name)} was an important chapter in the history of {country.name}.",
        f"{cap(name)} began in {start}, when {pick(r, ('a group of towns', 'the northern lords', 'the merchants of the capital', 'the farmers of the valleys'))} "
            f"{pick(r, ('joined together', 'refused to pay new taxes', 'chose a new ruler', 'signed a defence pact'))}.",
    ))
    rest = [
        f"It is named after {pick(r, ('the town where it began', 'its first leader', 'the river that formed its border', 'a family of bankers'))}.",
        f"Most of what we know about it comes from {pick(r, ('tax records', 'church registers', 'letters', 'travellers accounts', 'coins and seals'))}.",
        f"During this time the population {pick(r, ('doubled', 'fell by a third', 'moved to the coast', 'grew slowly'))}.",
        f"It ended in {start + length} {pick(r, ('with a peace treaty', 'after a long war', 'when the last ruler died', 'after a revolt'))}.",
        f"New {pick(r, ('roads', 'schools', 'churches', 'bridges', 'markets'))} were built in many towns.",
    ]
    return _entry(r, first, rest, n)


def building_entry(rng: random.Random, n: int) -> str:
    r = rng
    name = invented_name(r)
    kind = pick(r, ("Castle", "Abbey", "Hall", "House", "Bridge", "Tower", "Priory", "Mill", "Palace", "Manor", "Lighthouse", "Fort", "Cathedral"))
    built = r.randint(1050, 1900)
    first = pick(r, (
        f"{name} {kind} is {a(pick(r, ('ruined', 'restored', 'listed', 'well-preserved', 'large', 'small')))} {kind.lower()} near the village of {invented_name(r)}.",
        f"Work on {name} {kind} started in {built}.",
        f"{name} {kind} dates mainly from the {pick(r, CENTURIES)} century.",
    ))
    rest = [
        f"The first building on the site was made of {pick(r, ('wood', 'earth and timber', 'rough stone'))}.",
        f"It was designed by the architect {pick(r, FIRST_NAMES_F + FIRST_NAMES_M)} {pick(r, SURNAMES)}.",
        f"The estate now belongs to {pick(r, ('a charity', 'the state', 'the town council', 'the same family'))}.",
        f"Its {pick(r, ('library', 'chapel', 'great hall', 'kitchen'))} holds {pick(r, ('old paintings', 'thousands of books', 'a famous clock', 'carved wooden panels'))}.",
        f"Visitors can {pick(r, ('climb the tower', 'walk in the gardens', 'see the old kitchens', 'take a guided tour'))} "
            f"{pick(r, ('in summer', 'on weekends', 'every day', 'from April to October'))}.",
        f"Part of the roof {pick(r, ('collapsed', 'burned', 'was replaced'))} in {r.randint(1700, 2010)}.",
    ]
    return _entry(r, first, rest, n)

# --------------------------------------------------------------------------- real facts as sentences


def country_sentences(rng: random.Random, country: Country) -> list[str]:
    r = rng
    name = cap(country.name)
    sentences = [
        pick(r, (f"{name} is a country in {country.continent}.", f"{name} is located in {country.continent}.", f"{name} lies in {country.continent}.")),
        pick(r, (f"Its capital is {country.capital}.", f"The capital of {country.name} is {country.capital}.", f"{country.capital} is the capital and a major city of {country.name}.")),
        pick(r, (f"The main language of {country.name} is {country.language}.", f"Most people in {country.name} speak {country.language}.")),
    ]
    sentences += [f"The {river.name} flows through {country.name} and reaches the {river.sea}." for river in RIVERS if river.country == country.name]
    return sentences


def element_sentences(rng: random.Random) -> list[str]:
    e = pick(rng, ELEMENTS)
    return [
        f"{cap(e.name)} is a chemical element with the symbol {e.symbol} and atomic number {e.number}.",
        f"Each atom of {e.name} has {e.number} proton{'s' if e.number > 1 else ''} in its nucleus.",
        f"At room temperature {e.name} is a {e.state}.",
        f"It is classed as {a(e.kind)}.",
    ]


def planet_sentences(rng: random.Random) -> list[str]:
    i = rng.randrange(len(PLANETS))
    planet = PLANETS[i]
    sentences = [f"{planet.name} is the {planet.ordinal} planet from the Sun.", planet.note]
    if i > 0:
        sentences.append(f"Its orbit lies outside the orbit of {PLANETS[i - 1].name}.")
    if i < len(PLANETS) - 1:
        sentences.append(f"The next planet further out is {PLANETS[i + 1].name}.")
    return sentences


def animal_sentences(rng: random.Random) -> list[str]:
    x = pick(rng, ANIMALS)
    return [
        f"The {x.name} is {a(x.group)}.",
        pick(rng, (f"It feeds mainly on {x.diet}.", f"Its food is mostly {x.diet}.", f"{cap(plural(x.name))} eat {x.diet}.")),
        pick(rng, (f"It is usually found in {x.habitat}.", f"{cap(plural(x.name))} live in {x.habitat}.")),
        f"Like every {x.group}, the {x.name} {GROUP_TRAITS[x.group]}.",
    ]


def event_sentences(rng: random.Random) -> list[str]:
    first, second = sorted(rng.sample(EVENTS, 2), key=lambda e: e.year)
    sentences = [f"In {first.year}, {first.statement}.", f"In {second.year}, {second.statement}."]
    gap = second.year - first.year
    sentences.append(f"The second event came {gap} year{'s' if gap > 1 else ''} after the first." if gap else "Both events happened in the same year.")
    sentences.append(pick(rng, (
        "Historians still study the causes and effects of these events.", "Both events are described in most history books.",
        "Each of them changed the lives of many people.", "School children learn about both of them.",
    )))
    return sentences


def common_sentence(rng: random.Random) -> str:
    r = rng
    k = r.randrange(10)
    if k == 0:
        tool, use = pick(r, TOOLS)
        return pick(r, (f"People use {tool} to {use}.", f"You can use {tool} to {use}.", f"{cap(tool)} helps people {use}.", f"{cap(tool)} is used to {use}."))
    if k == 1:
        fruit, colour = pick(r, FRUITS)
        return pick(r, (f"A ripe {fruit} is usually {colour}.", f"Most {plural(fruit)} are {colour} when they are ripe."))
    if k == 2:
        return pick(r, COUNTS)[0]
    if k == 3:
        x, y = pick(r, OPPOSITES)
        return pick(r, (f"The opposite of {x} is {y}.", f"{cap(x)} and {y} are opposites."))
    if k == 4:
        return pick(r, EVERYDAY_FACTS)
    if k == 5:
        return pick(r, SCIENCE_FACTS)
    if k == 6:
        x = pick(r, ANIMALS)
        return pick(r, (f"{cap(a(x.name))} is {a(x.group)}.", f"{cap(plural(x.name))} live in {x.habitat}.", f"{cap(plural(x.name))} eat {x.diet}."))
    if k == 7:
        c = pick(r, COUNTRIES)
        return pick(r, (f"{c.capital} is the capital of {c.name}.", f"{cap(c.name)} is in {c.continent}.", f"People in {c.name} mostly speak {c.language}."))
    if k == 8:
        i = r.randrange(len(PLANETS))
        return f"{PLANETS[i].name} is the {PLANETS[i].ordinal} planet from the Sun."
    e = pick(r, EVENTS)
    return f"In {e.year}, {e.statement}."


# --------------------------------------------------------------------------- Q/A pairs


def qa_pair(rng: random.Random) -> str:
    """One `Q: ... A: ...` pair whose answer is read from the same table as the question, or computed."""
    r = rng
    k = r.randrange(16)
    style = r.random()
    if k == 0:
        c = pick(r, COUNTRIES)
        q = pick(r, (f"What is the capital of {c.name}?", f"What is the capital city of {c.name}?", f"Which city is the capital of {c.name}?"))
        ans = pick(r, (f"{c.capital}.", f"The capital of {c.name} is {c.capital}.", f"It is {c.capital}."))
        return f"Q: {q} A: {ans}"
    if k == 1:
        c = pick(r, COUNTRIES)
        if style < 0.5:
            return f"Q: On which continent is {c.name}? A: {pick(r, (c.continent + '.', cap(c.name) + ' is in ' + c.continent + '.'))}"
        return f"Q: What language do most people speak in {c.name}? A: {pick(r, (c.language + '.', 'Most people there speak ' + c.language + '.'))}"
    if k == 2:
        e = pick(r, ELEMENTS)
        return pick(r, (f"Q: What is the chemical symbol for {e.name}? A: {e.symbol}.", f"Q: What is the atomic number of {e.name}? A: {e.number}.",
                        f"Q: Which element has the symbol {e.symbol}? A: {cap(e.name)}.", f"Q: Is {e.name} a metal? A: "
                            f"{'Yes, it is a metal.' if e.kind == 'metal' else 'No, it is ' + a(e.kind) + '.'}"))
    if k == 3:
        i = r.randrange(len(PLANETS))
        return pick(r, (f"Q: Which planet is {PLANETS[i].ordinal} from the Sun? A: {PLANETS[i].name}.", f"Q: What is the {PLANETS[i].ordinal} planet "
            f"from the Sun? A: {PLANETS[i].name} is the {PLANETS[i].ordinal} planet from the Sun."))
    if k in (4, 5):
        x, y = r.randint(1, 99), r.randint(1, 99)
        op = pick(r, ("plus", "minus", "times", "divided by"))
        if op == "divided by":
            y = r.randint(2, 12)
            x = y * r.randint(1, 12)
        if op == "times":
            x, y = r.randint(1, 15), r.randint(1, 15)
        value = {"plus": x + y, "minus": x - y, "times": x * y, "divided by": x // y if y else 0}[op]
        q = pick(r, (f"What is {x} {op} {y}?", f"How much is {x} {op} {y}?", f"What do you get if you take {x} {op} {y}?"))
        ans = pick(r, (f"{value}.", f"{x} {op} {y} equals {value}.", f"{x} {op} {y} is {value}.", f"The answer is {value}."))
        return f"Q: {q} A: {ans}"
    if k == 6:
        x = pick(r, ANIMALS)
        return pick(r, (f"Q: What kind of animal is {a(x.name)}? A: {cap(a(x.group))}.", f"Q: What does {a(x.name)} eat? A: {cap(a(x.name))} eats {x.diet}.",
                        f"Q: Where do {plural(x.name)} live? A: {cap(plural(x.name))} live in {x.habitat}."))
    if k == 7:
        x, y = pick(r, OPPOSITES)
        return f"Q: What is the opposite of {x}? A: {pick(r, (cap(y) + '.', 'The opposite of ' + x + ' is ' + y + '.'))}"
    if k == 8:
        statement, question, answer = pick(r, COUNTS)
        return f"Q: {question} A: {pick(r, (answer + '.', statement))}"
    if k == 9:
        e = pick(r, EVENTS)
        return pick(r, (f"Q: In which year {e.question}? A: {e.year}.", f"Q: When {e.question}? A: In {e.year}."))
    if k == 10:
        term, definition = pick(r, DEFINITIONS)
        return f"Q: What is {a(term)}? A: {pick(r, (cap(a(term)) + ' is ' + definition + '.', cap(definition) + '.'))}"
    if k == 11:
        desc, role = pick(r, ROLES)
        return f"Q: What do you call {desc}? A: {pick(r, (cap(role) + '.', cap(desc) + ' is called ' + role + '.'))}"
    if k == 12:
        adult, young = pick(r, YOUNG)
        return f"Q: What is a young {adult} called? A: {pick(r, (cap(a(young)) + '.', 'A young ' + adult + ' is called ' + a(young) + '.'))}"
    if k == 13:
        tool, use = pick(r, TOOLS)
        return f"Q: What is {tool} used for? A: {pick(r, ('To ' + use + '.', 'People use ' + tool + ' to ' + use + '.'))}"
    if k == 14:
        fruit, colour = pick(r, FRUITS)
        return f"Q: What colour is a ripe {fruit}? A: {pick(r, (cap(colour) + '.', 'A ripe ' + fruit + ' is usually ' + colour + '.'))}"
    n = r.randint(2, 9)
    word = pick(r, ("apples", "books", "cars", "birds", "chairs", "coins", "eggs", "pencils"))
    m = r.randint(1, n)
    return (f"Q: If you have {number_word(n)} {word} and give away {number_word(m)}, how many are left? A: "
        f"{pick(r, (cap(number_word(n - m)) + '.', str(n - m) + '.', 'You have ' + number_word(n - m) + ' left.'))}")

# --------------------------------------------------------------------------- code


def _cname(rng: random.Random) -> tuple[str, str]:
    return pick(rng, COLLECTIONS)


def _comment(rng: random.Random) -> str:
    return f"  # {pick(rng, COMMENT_PHRASES)}" if rng.random() < 0.4 else ""


def _py_literal_list(rng: random.Random, k: int | None = None) -> list[int]:
    return [rng.randint(0, 50) for _ in range(k or rng.randint(3, 6))]


def python_line(rng: random.Random) -> str:
    """One line of Python, of many common shapes."""
    r = rng
    many, one = _cname(r)
    field = pick(r, FIELDS)
    n = r.randint(0, 100)
    var = pick(r, ("result", "total", "data", "out", "best", "found", "text", "value", "counts", "seen", f"{one}_count", f"new_{many}", f"top_{many}", "summary"))
    k = r.randrange(40)
    if k == 0:
        return f"{var} = [{one} for {one} in {many} if {one} {pick(r, ('>', '<', '>=', '!=', '=='))} {n}]"
    if k == 1:
        return f"{var} = sum({one}[\"{field}\"] for {one} in {many})"
    if k == 2:
        args = ", ".join(r.sample(("x", "y", "n", "items", "text", "limit", "key", "value", "data", "default=None"), r.randint(1, 3)))
        return f"def {pick(r, FUNC_VERBS)}_{pick(r, (one, many, field))}({args}):"
    if k == 3:
        return f"for {one} in {many}:"
    if k == 4:
        return f"for i, {one} in enumerate({many}):"
    if k == 5:
        return f"with open(\"{pick(r, FILE_NAMES)}\"{pick(r, OPEN_ARGS)}) as f:"
    if k == 6:
        return f"{var} = sorted({many}, key=lambda {one[0]}: {one[0]}[\"{field}\"]{pick(r, ('', ', reverse=True'))})"
    if k == 7:
        return f"if {one}.{field} {pick(r, ('>', '<', '>=', '=='))} {n}:"
    if k == 8:
        return f"{var} = \"{pick(r, (', ', ' ', '-', '/', ''))}\".join({many})"
    if k == 9:
        return f"{var} = {pick(r, ('line', 'text', 'row', 'name'))}.{pick(r, STR_METHODS)}"
    if k == 10:
        return f"print(f\"{pick(r, ('Total', 'Found', 'Done', 'Average', 'Count', 'Saved', 'Name'))}: {{{var}}}\")"
    if k == 11:
        return f"import {pick(r, MODULES)}"
    if k == 12:
        return pick(r, ("from pathlib import Path", "from collections import Counter", "from collections import defaultdict", "from datetime import datetime",
                        "from dataclasses import dataclass", "from typing import Optional", "import numpy as np", "import pandas as pd"))
    if k == 13:
        return f"{var} = {pick(r, ('max', 'min', 'len', 'sum', 'sorted', 'set', 'list', 'reversed'))}({many})"
    if k == 14:
        return f"{var} = {pick(r, ('config', 'settings', 'counts', 'cache', 'options'))}.get(\"{field}\", {pick(r, DEFAULTS[:4] + (str(n),))})"
    if k == 15:
        method = pick(r, ('append', 'remove', 'add', 'extend', 'discard'))
        return f"{many}.{method}({one})" if r.random() < 0.85 else f"{many}.insert(0, {one})"
    if k == 16:
        returned = (var, one, many, "None", "True", "False", f"len({many})", f"{var} / len({many})", f"[{one} for {one} in {many} if {one}]", '{"' + field + '": ' + var + "}")
        return f"return {pick(r, returned)}"
    if k == 17:
        return f"while {pick(r, (many, 'queue', 'stack', f'{var} < {n}', 'not done', 'True'))}:"
    if k == 18:
        return f"assert {pick(r, FUNC_VERBS)}_{one}({_py_literal_list(r, 3)}) == {n}"
    if k == 19:
        return f"class {cap(one)}{pick(r, ('', 'Manager', 'Store', 'Error(Exception)', 'Record'))}:"
    if k == 20:
        return f"self.{field} = {field}"
    if k == 21:
        return f"{var} = {{{one}[\"{field}\"]: {one} for {one} in {many}}}"
    if k == 22:
        return f"{var} = {_py_literal_list(r)}"
    if k == 23:
        return f"{var} = {{\"{field}\": {n}, \"{pick(r, FIELDS)}\": \"{pick(r, WORDS_SMALL)}\"}}"
    if k == 24:
        return pick(r, ("try:", "except ValueError:", "except KeyError:", "except FileNotFoundError:", "finally:", "else:", "break", "continue", "pass",
                        "raise ValueError(\"bad input\")", "return None", "if __name__ == \"__main__\":", "    main()", "@dataclass", "@property", "@staticmethod"))
    if k == 25:
        return f"{var} = [{one}.strip() for {one} in f if {one}.strip()]"
    if k == 26:
        return f"{var} = {pick(r, ('int', 'float', 'str', 'round', 'abs', 'bool'))}({pick(r, ('raw', 'value', 'text', 'row[1]', 'line', field))})"
    if k == 27:
        return f"print({var}{pick(r, PRINT_TAILS)})"
    if k == 28:
        return f"{var} = {one} if {one} is not None else {pick(r, DEFAULTS)}"
    if k == 29:
        return f"{var} += {pick(r, ('1', one, f'{one}.{field}', str(n), 'len(line)'))}"
    if k == 30:
        return f"for {one[0]}, {pick(r, ('v', 'count', 'total'))} in {var}.items():"
    if k == 31:
        return f"{var} = {pick(r, ('any', 'all'))}({one}.{field} {pick(r, ('>', '<', '=='))} {n} for {one} in {many})"
    if k == 32:
        return f"for i in range({pick(r, (str(n % 20 + 1), f'len({many})', f'1, {n % 20 + 2}', f'0, {n + 10}, 2'))}):"
    if k == 33:
        return f"{var} = list(zip({many}, {pick(r, COLLECTIONS)[0]}))"
    if k == 34:
        return f"{var} = {pick(r, ('Counter', 'set', 'len', 'sorted'))}({pick(r, SPLIT_SOURCES + (many,))})"
    if k == 35:
        return f"{var} = json.{pick(r, ('load(f)', 'loads(text)', 'dumps(data, indent=2)'))}"
    if k == 36:
        return f"logging.{pick(r, ('info', 'warning', 'debug', 'error'))}(\"{pick(r, ('loaded %d rows', 'skipping empty line', 'saved %s', 'retrying in %d seconds', 'done'))}\"{pick(r, ('', ', n', ', path', ', len(rows)'))})"
    if k == 37:
        return f"{var} = {pick(r, ('Path', 'open'))}(\"{pick(r, DIRS)}/{pick(r, FILE_NAMES)}\"){pick(r, ('.read_text()', '.exists()', '', '.name', '.suffix'))}"
    if k == 38:
        return f"{var} = {many}[{pick(r, ('0', '-1', '1:', ':3', '::2', '::-1', 'i', 'i + 1'))}]"
    return f"{var} = {pick(r, ('x', 'n', 'a', 'b'))} {pick(r, ('+', '-', '*', '//', '%', '**', '/'))} {pick(r, ('1', '2', '10', 'y', 'b', 'step'))}"


def python_one_liner(rng: random.Random) -> str:
    """A complete small Python statement on one line, with its result in a comment where it is computed."""
    r = rng
    many, one = _cname(r)
    k = r.randrange(14)
    xs = _py_literal_list(r)
    if k == 0:
        a_, b_ = r.randint(1, 30), r.randint(1, 30)
        op = pick(r, ("+", "-", "*"))
        return f"def {pick(r, ('combine', 'diff', 'product', 'join_numbers', 'apply_op'))}(a, b): return a {op} b"
    if k == 1:
        m = r.randint(3, 12)
        return f"for i in range({m}): print(i{pick(r, (' * 2', ' + 1', ' ** 2', ' % 3', ''))})"
    if k == 2:
        lim = r.randint(5, 30)
        return f"{many} = [{one} for {one} in {xs} if {one} > {lim}]  # {[x for x in xs if x > lim]}"
    if k == 3:
        return f"print(sum({xs}))  # {sum(xs)}"
    if k == 4:
        return f"print(max({xs}), min({xs}))  # {max(xs)} {min(xs)}"
    if k == 5:
        return f"print(sorted({xs}))  # {sorted(xs)}"
    if k == 6:
        w = r.sample(WORDS_SMALL, 3)
        return f"print(\" \".join({w}))  # {' '.join(w)}"
    if k == 7:
        w = pick(r, WORDS_SMALL)
        return f"print(\"{w}\".upper(), len(\"{w}\"))  # {w.upper()} {len(w)}"
    if k == 8:
        return f"def is_{pick(r, ('odd', 'positive', 'small', 'valid', 'empty', 'big'))}(n): return {pick(r, ('n % 2 == 1', 'n > 0', 'n < 10', 'n is not None', 'n == 0', 'n > 100'))}{_comment(r)}"
    if k == 9:
        return f"{one}_count = len({many}){_comment(r)}"
    if k == 10:
        m = r.randint(2, 9)
        return f"print([x * {m} for x in {xs}])  # {[x * m for x in xs]}"
    if k == 11:
        d = {w: r.randint(1, 9) for w in r.sample(WORDS_SMALL, 3)}
        key, name = pick(r, list(d)), pick(r, ('stock', 'ages', 'counts', 'prices'))
        return f"{name} = {d}; print({name}[\"{key}\"])  # {d[key]}"
    if k == 12:
        return f"if not {many}: print(\"no {many} found\")"
    return f"{one} = {pick(r, INITIAL_VALUES)}{_comment(r)}"


def python_compound(rng: random.Random) -> str:
    """A header and a simple statement on one line ("for x in xs: total += x"), or two statements joined by ";"."""
    r = rng
    many, one = _cname(r)
    field = pick(r, FIELDS)
    simple = pick(r, (f"print({one})", f"total += {one}", f"seen.add({one})", f"out.append({one}.{field})", f"count += 1",
                      f"result[{one}] = result.get({one}, 0) + 1", f"return {one}", "break", "continue", f"{one}.{field} = 0"))
    k = r.randrange(6)
    if k == 0:
        line = f"for {one} in {many}: {simple}"
    elif k == 1:
        line = f"if {one}.{field} {pick(r, ('>', '<', '==', '!='))} {r.randint(0, 100)}: {simple}"
    elif k == 2:
        args, rtype, body = pick(r, TYPE_HINTS)
        line = f"def {pick(r, FUNC_VERBS)}_{pick(r, (one, field, 'value'))}({args}) -> {rtype}: return {body}"
    elif k == 3:
        line = f"{python_line(r)}; {python_line(r)}"
        line = line if not line.endswith(":") else line + " pass"
    elif k == 4:
        line = f"while {pick(r, ('queue', 'stack', 'todo', many))}: {one} = {pick(r, ('queue', 'stack', 'todo', many))}.pop(); {simple}"
    else:
        line = (f"{one} = {pick(r, ('int', 'float', 'str'))}({pick(r, ('raw', 'value', 'text'))}) if "
            f"{pick(r, ('raw', 'value', 'text'))}.{pick(r, ('isdigit()', 'strip()', 'isnumeric()'))} else {pick(r, DEFAULTS)}")
    return line + _comment(r)


def python_block(rng: random.Random) -> str:
    """A small multi-line Python program whose printed result is computed."""
    r = rng
    many, one = _cname(r)
    xs = _py_literal_list(r)
    k = r.randrange(10)
    if k == 0:
        return (f"def total_{many}({many}):\n    total = 0\n    for {one} in {many}:\n        total += {one}\n    return total\n\n"
                f"print(total_{many}({xs}))  # {sum(xs)}")
    if k == 1:
        return (f"def largest_{one}({many}):\n    best = {many}[0]\n    for {one} in {many}[1:]:\n        if {one} > best:\n            best = {one}\n    return best\n\n"
                f"print(largest_{one}({xs}))  # {max(xs)}")
    if k == 2:
        lim = r.randint(5, 30)
        return (f"def keep_{many}({many}, limit={lim}):\n    \"\"\"Return the {many} above the limit.\"\"\"\n    return [{one} for {one} in {many} if {one} > limit]\n\n"
                f"print(keep_{many}({xs}))  # {[x for x in xs if x > lim]}")
    if k == 3:
        return (f"def mean({many}):\n    if not {many}:\n        return 0.0\n    return sum({many}) / len({many})\n\n"
                f"print(mean({xs}))  # {sum(xs) / len(xs)}")
    if k == 4:
        words = [pick(r, WORDS_SMALL) for _ in range(r.randint(3, 7))]
        counts: dict[str, int] = {}
        for w in words:
            counts[w] = counts.get(w, 0) + 1
        return ("def tally(text):\n    result = {}\n    for w in text.split():\n        result[w] = result.get(w, 0) + 1\n    return result\n\n"
                f"print(tally(\"{' '.join(words)}\"))  # {counts}")
    if k == 5:
        n = r.randint(2, 8)
        res = 1
        for i in range(2, n + 1):
            res *= i
        return f"def factorial(n):\n    result = 1\n    for k in range(2, n + 1):\n        result *= k\n    return result\n\nprint(factorial({n}))  # {res}"
    if k == 6:
        cls = cap(one)
        field = pick(r, ("balance", "score", "level", "size", "count", "energy", "stock", "points"))
        start, add = r.randint(0, 20), r.randint(1, 30)
        return (f"class {cls}:\n    def __init__(self, name, {field}={start}):\n        self.name = name\n        self.{field} = {field}\n\n"
                f"    def add(self, amount):\n        self.{field} += amount\n        return self.{field}\n\n"
                f"{one} = {cls}(\"{pick(r, FIRST_NAMES_F + FIRST_NAMES_M)}\")\nprint({one}.add({add}))  # {start + add}")
    if k == 7:
        word = pick(r, ("level", "radar", "kayak", "python", "river", "noon", "table", "refer", "stats", "music"))
        return (f"def reads_same_backwards(text):\n    text = text.lower()\n    return text == text[::-1]\n\n"
                f"print(reads_same_backwards(\"{word}\"))  # {word == word[::-1]}")
    if k == 8:
        n = r.randint(3, 30)
        steps, m = 0, n
        while m != 1:
            m = m // 2 if m % 2 == 0 else 3 * m + 1
            steps += 1
        return f"n = {n}\nsteps = 0\nwhile n != 1:\n    n = n // 2 if n % 2 == 0 else 3 * n + 1\n    steps += 1\nprint(steps)  # {steps}"
    lines = [python_line(r) for _ in range(r.randint(3, 6))]
    body, indent = [], ""
    for line in lines:
        body.append(indent + line)
        indent = "    " if line.endswith(":") else indent
    if body[-1].endswith(":"):
        body.append("    pass")
    return "\n".join(body)


def shell_line(rng: random.Random) -> str:
    r = rng
    fill = dict(
        dir=pick(r, DIRS), dir2=pick(r, DIRS), file=pick(r, FILE_NAMES), file2=pick(r, FILE_NAMES), word=pick(r, ("error", "import", "def", "password", "fixme", "warning", "main")),
        word2=pick(r, ("done", "info", "note")), ext=pick(r, ("py", "txt", "csv", "log", "md", "json", "js")), branch=pick(r, ("main", "dev", "fix-login", "feature/search", "docs")),
        msg=pick(r, ("Fix typo in readme", "Add tests for the parser", "Update dependencies", "Remove unused code", "Handle empty input",
                     "Speed up the report", "Initial commit", "Rename config file", "Fix crash on startup", "started the backup")),
        n=r.randint(1, 20), pkg=pick(r, ("requests", "numpy", "pandas", "flask", "pytest", "rich", "black", "matplotlib")),
        script=pick(r, ("app", "main", "backup", "server", "report", "train", "deploy", "clean")), flag=pick(r, ("limit", "port", "verbose", "days", "size")),
        VAR=pick(r, ("PORT", "DEBUG", "LIMIT", "WORKERS")), user=pick(r, ("admin", "deploy", "anna", "ben")), host=pick(r, ("server", "example.org", "backup-box", "10.0.0.5")),
    )
    cmds = [pick(r, SHELL_CMDS).format(**fill) for _ in range(r.choice((1, 1, 2, 3)))]
    line = " && ".join(cmds) if r.random() < 0.6 else " | ".join(cmds[:1])
    return line + (f"  # {pick(r, COMMENT_PHRASES)}" if r.random() < 0.3 else "")


def sql_line(rng: random.Random) -> str:
    r = rng
    table = pick(r, list(SQL_TABLES))
    cols = SQL_TABLES[table]
    col, col2 = pick(r, cols[1:]), pick(r, cols[1:])
    n = r.randint(1, 100)
    k = r.randrange(8)
    if k == 0:
        return (f"SELECT {', '.join(r.sample(cols, r.randint(1, 3)))} FROM {table} WHERE {col} {pick(r, ('>', '<', '=', '>='))} "
            f"{n}{pick(r, ('', f' ORDER BY {col2}', f' ORDER BY {col2} DESC'))}{pick(r, ('', f' LIMIT {r.randint(1, 20)}'))};")
    if k == 1:
        return f"SELECT {col}, COUNT(*) AS n FROM {table} GROUP BY {col}{pick(r, ('', ' ORDER BY n DESC', ' HAVING n > 1'))};"
    if k == 2:
        return f"SELECT {pick(r, ('AVG', 'SUM', 'MAX', 'MIN'))}({col}) FROM {table}{pick(r, ('', f' WHERE {col2} IS NOT NULL'))};"
    if k == 3:
        return f"INSERT INTO {table} ({', '.join(cols[1:3])}) VALUES ('{pick(r, FIRST_NAMES_F + FIRST_NAMES_M)}', {n});"
    if k == 4:
        return f"UPDATE {table} SET {col} = {col} {pick(r, ('+', '-'))} {n} WHERE id = {r.randint(1, 500)};"
    if k == 5:
        return f"DELETE FROM {table} WHERE {col} IS NULL;" if r.random() < 0.2 else f"DELETE FROM {table} WHERE {col} {pick(r, ('<', '=', '>'))} {n};"
    if k == 6:
        return f"CREATE TABLE {table} (id INTEGER PRIMARY KEY, {cols[1]} TEXT NOT NULL, {cols[2]} {pick(r, ('INTEGER', 'REAL', 'TEXT'))});"
    return f"SELECT u.name, o.total FROM users u JOIN orders o ON o.user_id = u.id WHERE o.total > {n};"


def js_line(rng: random.Random) -> str:
    r = rng
    many, one = _cname(r)
    field = pick(r, FIELDS)
    n = r.randint(1, 50)
    xs = _py_literal_list(r, 3)
    k = r.randrange(14)
    if k == 0:
        m = r.randint(2, 5)
        return f"console.log({xs}.map((x) => x * {m}));  // {[x * m for x in xs]}"
    if k == 1:
        return f"const {many} = {pick(r, ('data', 'response', 'state'))}.{many}.filter(({one[0]}) => {one[0]}.{field} > {n});"
    if k == 2:
        return f"document.querySelector(\"#{pick(r, ('submit', 'menu', 'search', 'login', 'close', 'next', 'reset'))}\").addEventListener(\"{pick(r, ('click', 'submit', 'input', 'change'))}\", () => {pick(r, ('sendForm', 'openMenu', 'runSearch', 'closeDialog', 'render', 'goNext'))}());"
    if k == 3:
        return f"let total = 0; for (let i = 0; i < {many}.length; i++) {{ total += {many}[i].{field}; }}"
    if k == 4:
        return f"function {pick(r, FUNC_VERBS)}{cap(one)}({one}) {{ return {one}.{field}{pick(r, (' * 2', '.trim()', '.toUpperCase()', ' + 1', ' || 0'))}; }}"
    if k == 5:
        return f"fetch(\"/api/{many}\").then((res) => res.json()).then((data) => console.log(data.length));"
    if k == 6:
        return f"const {one} = {{ {field}: {n}, name: \"{pick(r, WORDS_SMALL)}\" }};"
    if k == 7:
        return f"console.log(`{cap(many)}: ${{{many}.length}}`);"
    if k == 8:
        return f"const sum = {xs}.reduce((a, b) => a + b, 0);  // {sum(xs)}"
    if k == 9:
        return f"if ({one}.{field} === undefined) {{ {one}.{field} = {n}; }}"
    if k == 10:
        return f"setTimeout(() => {pick(r, ('refresh', 'save', 'hideMessage', 'poll'))}(), {n * 100});"
    if k == 11:
        return f"async function load{cap(many)}() {{ const res = await fetch(\"/{many}\"); return res.json(); }}"
    if k == 12:
        return f"{many}.forEach(({one}) => console.log({one}.{field}));"
    return f"const names = {many}.map(({one[0]}) => {one[0]}.name).sort();"


def programming_sentence(rng: random.Random) -> str:
    r = rng
    if r.random() < 0.55:
        return pick(r, PROGRAMMING_FACTS)
    g = Grammar(r, TOPIC_BY_NAME["computing"])
    return pick(r, (generic_sentence, instruction_sentence, opinion_sentence))(g)


def code_document(rng: random.Random, n: int) -> str:
    r = rng
    k = r.randrange(10)
    if k in (0, 1):
        return python_block(r)
    if k == 2:
        header = f"# {cap(pick(r, FUNC_VERBS))} the {pick(r, COLLECTIONS)[0]} and {pick(r, ('print', 'save', 'return', 'show'))} the result."
        return header + "\n" + python_block(r)
    if k == 3:
        return "\n".join(pick(r, (python_one_liner, python_compound, python_compound))(r) for _ in range(r.randint(1, 4)))
    if k == 4:
        return "\n".join(shell_line(r) for _ in range(r.randint(1, 4)))
    if k == 5:
        return "\n".join(sql_line(r) for _ in range(r.randint(1, 3)))
    if k == 6:
        return "\n".join(js_line(r) for _ in range(r.randint(1, 3)))
    if k == 7:
        return " ".join(programming_sentence(r) for _ in range(max(1, n // 2)))
    if k == 8:
        return pick(r, (python_one_liner, python_compound, shell_line, sql_line, js_line))(r)
    # prose with a snippet, as in a tutorial
    intro = pick(r, ("To", "You can", "This is how to", "Here is one way to"))
    task = pick(r, ("count the lines of a file", "sort a list of records", "find the largest value", "remove duplicates", "read a CSV file",
                    "skip empty lines", "join words into a sentence", "check whether a number is even", "sum the prices in an order"))
    code = pick(r, (python_one_liner, python_compound, shell_line, sql_line, js_line))(r)
    return f"{intro} {task}{':' if intro != 'To' else ', use this:'}\n{code}\n{programming_sentence(r)}"

# --------------------------------------------------------------------------- documents


def _grammar(rng: random.Random, topic: Topic | None = None) -> Grammar:
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
        sentences.append(pick(r, (f"It had been a long day, and {pronoun.text} was glad to be home.", f"In the end, everything turned out fine.",
                                  f"{hero.text} never forgot that day.", "After that, things were never quite the same.", f"{cap(pronoun.text)} smiled and went to sleep.")))
    return " ".join(sentences)


def doc_dialogue(rng: random.Random, n: int) -> str:
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
    g = _grammar(rng)
    return " ".join(description_sentence(g) if rng.random() < 0.7 else generic_sentence(g) for _ in range(n))


def doc_opinion(rng: random.Random, n: int) -> str:
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
    r = rng
    g = _grammar(r)
    town = invented_name(r)
    subj = pick(r, (f"The {town} council", f"Police in {town}", f"A local {pick(r, g.topic.people)}", f"Residents of {town}", f"A new report",
                    f"The {pick(r, g.topic.places)} in {town}", f"Officials", f"The {town} {pick(r, ('school', 'hospital', 'football club', 'library', 'museum'))}"))
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
    return " ".join(common_sentence(rng) for _ in range(n))


def doc_qa(rng: random.Random, n: int) -> str:
    r = rng
    pairs = [qa_pair(r) for _ in range(max(1, n // 2))]
    if r.random() < 0.15:
        g = _grammar(r)
        q = question_sentence(g)
        pairs.append(f"Q: {q} A: {pick(r, (generic_sentence, opinion_sentence, narrative_sentence))(g)}")
    return " ".join(pairs)


def doc_review(rng: random.Random, n: int) -> str:
    return review(rng, rng.randint(1, max(2, n)))


def doc_code(rng: random.Random, n: int) -> str:
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
