"""English word forms: verb inflection and conjugation, plurals, articles, comparison, numbers in words.

The spelling rules are code; the exceptions they cannot derive (irregular verbs and plurals, doubled
consonants, 'an hour' / 'a university') are lexicon data.
"""
from __future__ import annotations

import random

from .lexicon import (
    A_BEFORE, AN_BEFORE, DOUBLED_COMPARATIVES, DOUBLED_FINAL, IRREGULAR_COMPARISONS, IRREGULAR_PLURALS, IRREGULAR_VERBS,
    NUMBER_WORDS, TENS_WORDS,
)

__all__ = [
    "verb_forms", "conjugate", "ing_vp", "past_vp", "part_vp", "plural", "article", "a", "cap", "number_word", "join_list",
    "comparative", "superlative",
]


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


def conjugate(vp: str, agree: str, tense: str, *, negative: bool = False, rng: random.Random | None = None) -> str:
    """Verb phrase ``vp`` (base form, verb first) inflected for the subject's agreement and the tense.

    agree: '1s' (I), '3s' (he, she, it, a singular noun phrase) or 'pl'.
    tense: present, past, perfect, past_perfect, future, progressive, past_progressive, going_to,
    or modal:<can|could|should|must|might|would|may>. With ``rng``, a negative is sometimes contracted.
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


def _inflect_vp(vp: str, form: int) -> str:
    verb, _, rest = vp.partition(" ")
    return verb_forms(verb)[form] + (f" {rest}" if rest else "")


def ing_vp(vp: str) -> str:
    """The verb phrase with its verb in the -ing form."""
    return _inflect_vp(vp, 4)


def past_vp(vp: str) -> str:
    """The verb phrase in the past tense."""
    return _inflect_vp(vp, 2)


def part_vp(vp: str) -> str:
    """The verb phrase with its verb as past participle."""
    return _inflect_vp(vp, 3)


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
    """The phrase with its indefinite article: 'an old car'."""
    return f"{article(phrase)} {phrase}"


def cap(text: str) -> str:
    """The text with its first letter upper-case (the rest unchanged)."""
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


def comparative(adj: str) -> str:
    """'bigger', 'easier', 'more careful', 'better'."""
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
    """'biggest', 'easiest', 'most careful', 'best'."""
    if adj in IRREGULAR_COMPARISONS:
        return IRREGULAR_COMPARISONS[adj][1]
    comp = comparative(adj)
    return "most " + adj if comp.startswith("more ") else comp[:-2] + "est"
