"""True statements and Q/A pairs: countries, elements, planets, animals, historical events, everyday knowledge, arithmetic.

Answers are read from the same lexicon entry as their question, or computed, so they are right.
"""
from __future__ import annotations

import random

from .lexicon import (
    ANIMALS, COUNTRIES, COUNTS, DEFINITIONS, ELEMENTS, EVENTS, EVERYDAY_FACTS, FRUITS, GROUP_TRAITS, OPPOSITES, PLANETS, RIVERS, ROLES,
    SCIENCE_FACTS, TOOLS, YOUNG, Country, pick,
)
from .morphology import a, cap, number_word, plural

__all__ = [
    "country_sentences", "element_sentences", "planet_sentences", "animal_sentences", "event_sentences", "common_sentence", "qa_pair",
]


def country_sentences(rng: random.Random, country: Country) -> list[str]:
    """Where the country is, its capital and language, and the rivers through it."""
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
    """Symbol, atomic number, state and kind of one element."""
    e = pick(rng, ELEMENTS)
    return [
        f"{cap(e.name)} is a chemical element with the symbol {e.symbol} and atomic number {e.number}.",
        f"Each atom of {e.name} has {e.number} proton{'s' if e.number > 1 else ''} in its nucleus.",
        f"At room temperature {e.name} is a {e.state}.",
        f"It is classed as {a(e.kind)}.",
    ]


def planet_sentences(rng: random.Random) -> list[str]:
    """One planet's place from the Sun and its neighbours."""
    i = rng.randrange(len(PLANETS))
    planet = PLANETS[i]
    sentences = [f"{planet.name} is the {planet.ordinal} planet from the Sun.", planet.note]
    if i > 0:
        sentences.append(f"Its orbit lies outside the orbit of {PLANETS[i - 1].name}.")
    if i < len(PLANETS) - 1:
        sentences.append(f"The next planet further out is {PLANETS[i + 1].name}.")
    return sentences


def animal_sentences(rng: random.Random) -> list[str]:
    """What one animal is, eats and where it lives."""
    x = pick(rng, ANIMALS)
    return [
        f"The {x.name} is {a(x.group)}.",
        pick(rng, (f"It feeds mainly on {x.diet}.", f"Its food is mostly {x.diet}.", f"{cap(plural(x.name))} eat {x.diet}.")),
        pick(rng, (f"It is usually found in {x.habitat}.", f"{cap(plural(x.name))} live in {x.habitat}.")),
        f"Like every {x.group}, the {x.name} {GROUP_TRAITS[x.group]}.",
    ]


def event_sentences(rng: random.Random) -> list[str]:
    """Two historical events in order of their years, and the years between them."""
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
    """One statement of common knowledge."""
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
