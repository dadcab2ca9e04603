"""The corpus lexicon: the word lists and facts in ``mlsweeps/base_lm/lexicon/*.yaml``, as tuples.

Every scalar is read as a string (PyYAML's base loader resolves no types), so words such as ``no``,
``on`` or ``null`` and numbers in text such as ``"88"`` stay exactly as written; the two numeric
fields (atomic numbers, years) are converted here. Lists keep their file order, which is part of
the corpus: the generator picks by position.
"""
from __future__ import annotations

import random
from importlib.resources import files
from typing import NamedTuple, Sequence, TypeVar

import yaml

__all__ = [
    "pick", "Topic", "Country", "River", "Element", "Planet", "Animal", "Event", "ReviewKind",
    # morphology
    "IRREGULAR_VERBS", "DOUBLED_FINAL", "IRREGULAR_PLURALS", "AN_BEFORE", "A_BEFORE", "NUMBER_WORDS", "TENS_WORDS",
    "IRREGULAR_COMPARISONS", "DOUBLED_COMPARATIVES",
    # general words
    "FIRST_NAMES_F", "FIRST_NAMES_M", "SURNAMES", "PRONOUNS", "POSSESSIVES", "RELATIVES", "ADJECTIVES", "COLOURS",
    "INTENSIFIERS", "ADVERBS_MANNER", "FREQUENCY", "TIMES_PAST", "TIMES_GENERIC", "TIMES_FUTURE", "MONTHS", "DAYS",
    "FEELINGS", "CONTROL_VERBS", "SAY_VERBS", "THINK_VERBS", "GENERIC_VPS", "INTERJECTIONS", "DONTS",
    # topics
    "TOPICS", "TOPIC_BY_NAME", "MADE_THINGS_TOPICS",
    # reviews
    "REVIEW_KINDS", "POSITIVE_WORDS", "NEGATIVE_WORDS", "POSITIVE_CLOSINGS", "NEGATIVE_CLOSINGS",
    # facts
    "COUNTRIES", "RIVERS", "ELEMENTS", "PLANETS", "ANIMALS", "GROUP_TRAITS", "SCIENCE_FACTS", "EVENTS",
    # everyday knowledge
    "TOOLS", "FRUITS", "COUNTS", "OPPOSITES", "EVERYDAY_FACTS", "DEFINITIONS", "ROLES", "YOUNG",
    # invented encyclopedia entries
    "NAME_HEADS", "NAME_TAILS", "WIKI_REGIONS", "SETTLEMENT_KINDS", "TOWN_SITES", "TOWN_ORIGINS", "INDUSTRIES",
    "LANDMARKS", "STYLES", "FEATURES", "CENTURIES", "SAINTS", "SPECIES_BASES", "SPECIES_ADJS", "REGIONS_WIDE", "HOMES",
    "DIETS", "OCCUPATIONS", "ACHIEVEMENTS",
    # code
    "COLLECTIONS", "FIELDS", "FUNC_VERBS", "MODULES", "FILE_NAMES", "DIRS", "WORDS_SMALL", "COMMENT_PHRASES",
    "OPEN_ARGS", "STR_METHODS", "DEFAULTS", "PRINT_TAILS", "SPLIT_SOURCES", "INITIAL_VALUES", "TYPE_HINTS",
    "SHELL_CMDS", "SQL_TABLES", "PROGRAMMING_FACTS",
]

T = TypeVar("T")

# libyaml's parser where PyYAML was built with it: the same result, read faster.
_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


def _load(name: str) -> dict:
    text = files("mlsweeps.base_lm").joinpath("lexicon", f"{name}.yaml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=_LOADER)


def _rows(rows: list[list[str]]) -> tuple[tuple[str, ...], ...]:
    return tuple(map(tuple, rows))


def pick(rng: random.Random, seq: Sequence[T]) -> T:
    """One item of ``seq``, uniformly."""
    return seq[rng.randrange(len(seq))]


class Topic(NamedTuple):
    name: str
    people: tuple[str, ...]
    """Countable nouns for people (singular)."""
    places: tuple[str, ...]
    things: tuple[str, ...]
    """Countable nouns (singular)."""
    stuff: tuple[str, ...]
    """Mass nouns (no plural, no 'a')."""
    adjs: tuple[str, ...]
    vps: tuple[str, ...]
    """Verb phrases, base form, verb first, with "[a|b]" alternatives and "{slot}"s to fill."""
    events: tuple[str, ...]
    """Countable nouns for occasions and activities."""


class Country(NamedTuple):
    name: str
    """Short English name, with "the" where English uses it."""
    capital: str
    continent: str
    language: str
    """Main language(s), as commonly listed."""
    demonym: str
    """The adjective for a person from there."""


class River(NamedTuple):
    name: str
    country: str
    """A country it flows through (a ``Country.name``)."""
    sea: str
    """The sea or ocean it reaches."""


class Element(NamedTuple):
    name: str
    symbol: str
    number: int
    """Atomic number (protons in the nucleus)."""
    state: str
    """State at room temperature."""
    kind: str
    """metal, nonmetal or metalloid."""


class Planet(NamedTuple):
    name: str
    ordinal: str
    """Its place from the Sun: first, second, ..."""
    note: str


class Animal(NamedTuple):
    name: str
    group: str
    """Class in everyday terms: mammal, bird, fish, reptile, amphibian, insect."""
    diet: str
    habitat: str


class Event(NamedTuple):
    year: int
    statement: str
    """Clause after 'In YEAR, ...'."""
    question: str
    """Clause after 'In which year ...?'."""


class ReviewKind(NamedTuple):
    verb: str
    """What one does with it: 'used', 'watched', 'read', 'stayed at', ..."""
    items: tuple[str, ...]
    """What is reviewed (singular nouns)."""
    aspects: tuple[str, ...]
    """Parts or qualities that a review comments on (singular or plural nouns)."""
    good: tuple[str, ...]
    """Sentences of praise, as written: {aspect}, {n}, {relative} may appear."""
    bad: tuple[str, ...]
    """Sentences of complaint."""


_morphology = _load("morphology")
IRREGULAR_VERBS: dict[str, tuple[str, str]] = {base: tuple(forms) for base, forms in _morphology["irregular_verbs"].items()}
DOUBLED_FINAL: frozenset[str] = frozenset(_morphology["doubled_final"])
IRREGULAR_PLURALS: dict[str, str] = _morphology["irregular_plurals"]
AN_BEFORE: tuple[str, ...] = tuple(_morphology["an_before"])
A_BEFORE: tuple[str, ...] = tuple(_morphology["a_before"])
NUMBER_WORDS: tuple[str, ...] = tuple(_morphology["number_words"])
TENS_WORDS: tuple[str, ...] = tuple(_morphology["tens_words"])
IRREGULAR_COMPARISONS: dict[str, tuple[str, str]] = {adj: tuple(forms) for adj, forms in _morphology["irregular_comparisons"].items()}
DOUBLED_COMPARATIVES: frozenset[str] = frozenset(_morphology["doubled_comparatives"])

_words = _load("words")
FIRST_NAMES_F: tuple[str, ...] = tuple(_words["first_names_female"])
FIRST_NAMES_M: tuple[str, ...] = tuple(_words["first_names_male"])
SURNAMES: tuple[str, ...] = tuple(_words["surnames"])
PRONOUNS: tuple[tuple[str, ...], ...] = _rows(_words["pronouns"])
POSSESSIVES: tuple[str, ...] = tuple(_words["possessives"])
RELATIVES: tuple[str, ...] = tuple(_words["relatives"])
ADJECTIVES: tuple[str, ...] = tuple(_words["adjectives"])
COLOURS: tuple[str, ...] = tuple(_words["colours"])
INTENSIFIERS: tuple[str, ...] = tuple(_words["intensifiers"])
ADVERBS_MANNER: tuple[str, ...] = tuple(_words["manner_adverbs"])
FREQUENCY: tuple[str, ...] = tuple(_words["frequency_adverbs"])
TIMES_PAST: tuple[str, ...] = tuple(_words["times_past"])
TIMES_GENERIC: tuple[str, ...] = tuple(_words["times_generic"])
TIMES_FUTURE: tuple[str, ...] = tuple(_words["times_future"])
MONTHS: tuple[str, ...] = tuple(_words["months"])
DAYS: tuple[str, ...] = tuple(_words["days"])
FEELINGS: tuple[str, ...] = tuple(_words["feelings"])
CONTROL_VERBS: tuple[str, ...] = tuple(_words["control_verbs"])
SAY_VERBS: tuple[str, ...] = tuple(_words["say_verbs"])
THINK_VERBS: tuple[str, ...] = tuple(_words["think_verbs"])
GENERIC_VPS: tuple[str, ...] = tuple(_words["everyday_verb_phrases"])
INTERJECTIONS: tuple[str, ...] = tuple(_words["interjections"])
DONTS: tuple[str, ...] = tuple(_words["prohibitions"])

_topics = _load("topics")
TOPICS: tuple[Topic, ...] = tuple(
    Topic(name, tuple(t["people"]), tuple(t["places"]), tuple(t["things"]), tuple(t["stuff"]), tuple(t["adjectives"]),
          tuple(t["verb_phrases"]), tuple(t["events"]))
    for name, t in _topics["topics"].items()
)
TOPIC_BY_NAME: dict[str, Topic] = {t.name: t for t in TOPICS}
MADE_THINGS_TOPICS: frozenset[str] = frozenset(_topics["made_things"])

_reviews = _load("reviews")
REVIEW_KINDS: tuple[ReviewKind, ...] = tuple(
    ReviewKind(k["verb"], tuple(k["items"]), tuple(k["aspects"]), tuple(k["good"]), tuple(k["bad"])) for k in _reviews["kinds"]
)
POSITIVE_WORDS: tuple[str, ...] = tuple(_reviews["positive_words"])
NEGATIVE_WORDS: tuple[str, ...] = tuple(_reviews["negative_words"])
POSITIVE_CLOSINGS: tuple[str, ...] = tuple(_reviews["positive_closings"])
NEGATIVE_CLOSINGS: tuple[str, ...] = tuple(_reviews["negative_closings"])

_facts = _load("facts")
COUNTRIES: tuple[Country, ...] = tuple(Country(**c) for c in _facts["countries"])
RIVERS: tuple[River, ...] = tuple(River(**r) for r in _facts["rivers"])
ELEMENTS: tuple[Element, ...] = tuple(Element(**{**e, "number": int(e["number"])}) for e in _facts["elements"])
PLANETS: tuple[Planet, ...] = tuple(Planet(**p) for p in _facts["planets"])
ANIMALS: tuple[Animal, ...] = tuple(Animal(**a) for a in _facts["animals"])
GROUP_TRAITS: dict[str, str] = _facts["group_traits"]
SCIENCE_FACTS: tuple[str, ...] = tuple(_facts["science_facts"])
EVENTS: tuple[Event, ...] = tuple(Event(**{**e, "year": int(e["year"])}) for e in _facts["events"])

_everyday = _load("everyday")
TOOLS: tuple[tuple[str, str], ...] = _rows(_everyday["tools"])
FRUITS: tuple[tuple[str, str], ...] = _rows(_everyday["fruits"])
COUNTS: tuple[tuple[str, str, str], ...] = _rows(_everyday["counts"])
OPPOSITES: tuple[tuple[str, str], ...] = _rows(_everyday["opposites"])
EVERYDAY_FACTS: tuple[str, ...] = tuple(_everyday["everyday_facts"])
DEFINITIONS: tuple[tuple[str, str], ...] = _rows(_everyday["definitions"])
ROLES: tuple[tuple[str, str], ...] = _rows(_everyday["roles"])
YOUNG: tuple[tuple[str, str], ...] = _rows(_everyday["young"])

_encyclopedia = _load("encyclopedia")
NAME_HEADS: tuple[str, ...] = tuple(_encyclopedia["name_heads"])
NAME_TAILS: tuple[str, ...] = tuple(_encyclopedia["name_tails"])
WIKI_REGIONS: tuple[str, ...] = tuple(_encyclopedia["regions"])
SETTLEMENT_KINDS: tuple[str, ...] = tuple(_encyclopedia["settlement_kinds"])
TOWN_SITES: tuple[str, ...] = tuple(_encyclopedia["town_sites"])
TOWN_ORIGINS: tuple[str, ...] = tuple(_encyclopedia["town_origins"])
INDUSTRIES: tuple[str, ...] = tuple(_encyclopedia["industries"])
LANDMARKS: tuple[str, ...] = tuple(_encyclopedia["landmarks"])
STYLES: tuple[str, ...] = tuple(_encyclopedia["building_styles"])
FEATURES: tuple[str, ...] = tuple(_encyclopedia["town_features"])
CENTURIES: tuple[str, ...] = tuple(_encyclopedia["centuries"])
SAINTS: tuple[str, ...] = tuple(_encyclopedia["saints"])
SPECIES_BASES: tuple[tuple[str, str], ...] = _rows(_encyclopedia["species_bases"])
SPECIES_ADJS: tuple[str, ...] = tuple(_encyclopedia["species_adjectives"])
REGIONS_WIDE: tuple[str, ...] = tuple(_encyclopedia["wide_regions"])
HOMES: tuple[str, ...] = tuple(_encyclopedia["habitats"])
DIETS: dict[str, tuple[str, ...]] = {group: tuple(foods) for group, foods in _encyclopedia["diets"].items()}
OCCUPATIONS: tuple[str, ...] = tuple(_encyclopedia["occupations"])
ACHIEVEMENTS: tuple[str, ...] = tuple(_encyclopedia["achievements"])

_code = _load("code")
COLLECTIONS: tuple[tuple[str, str], ...] = _rows(_code["collections"])
FIELDS: tuple[str, ...] = tuple(_code["fields"])
FUNC_VERBS: tuple[str, ...] = tuple(_code["function_verbs"])
MODULES: tuple[str, ...] = tuple(_code["modules"])
FILE_NAMES: tuple[str, ...] = tuple(_code["file_names"])
DIRS: tuple[str, ...] = tuple(_code["folders"])
WORDS_SMALL: tuple[str, ...] = tuple(_code["small_words"])
COMMENT_PHRASES: tuple[str, ...] = tuple(_code["comment_phrases"])
OPEN_ARGS: tuple[str, ...] = tuple(_code["open_arguments"])
STR_METHODS: tuple[str, ...] = tuple(_code["string_methods"])
DEFAULTS: tuple[str, ...] = tuple(_code["defaults"])
PRINT_TAILS: tuple[str, ...] = tuple(_code["print_tails"])
SPLIT_SOURCES: tuple[str, ...] = tuple(_code["split_sources"])
INITIAL_VALUES: tuple[str, ...] = tuple(_code["initial_values"])
TYPE_HINTS: tuple[tuple[str, str, str], ...] = _rows(_code["type_hints"])
SHELL_CMDS: tuple[str, ...] = tuple(_code["shell_commands"])
SQL_TABLES: dict[str, tuple[str, ...]] = {table: tuple(columns) for table, columns in _code["sql_tables"].items()}
PROGRAMMING_FACTS: tuple[str, ...] = tuple(_code["programming_facts"])
