"""Reviews of many kinds of things, positive, negative or mixed."""
from __future__ import annotations

import random

from .lexicon import (
    FIRST_NAMES_F, FIRST_NAMES_M, INTENSIFIERS, MONTHS, NEGATIVE_CLOSINGS, NEGATIVE_WORDS, POSITIVE_CLOSINGS, POSITIVE_WORDS, RELATIVES,
    REVIEW_KINDS, pick,
)
from .morphology import a, cap, join_list
from .sentences import as_sentence

__all__ = ["review"]


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
                          "Not bad, but not as good as I hoped."))
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
        body.insert(0, as_sentence(join_list(listed)))
    sentences = [pick(r, openers_good if good else openers_bad)] + body
    if r.random() < 0.75:
        sentences.append(pick(r, POSITIVE_CLOSINGS if good else NEGATIVE_CLOSINGS))
    return " ".join(sentences[: max(1, n)])
