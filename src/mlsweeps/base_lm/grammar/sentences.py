"""Sentences about one topic: narrative (past), generic (present), descriptions, opinions, instructions, questions."""
from __future__ import annotations

from .lexicon import COLOURS, CONTROL_VERBS, DONTS, FEELINGS, FREQUENCY, INTENSIFIERS, MADE_THINGS_TOPICS, THINK_VERBS, TIMES_PAST, pick
from .morphology import a, cap, comparative, conjugate, ing_vp, join_list, number_word, part_vp, past_vp, plural, superlative
from .phrases import Grammar, Subject

__all__ = [
    "as_sentence", "narrative_sentence", "generic_sentence", "description_sentence", "opinion_sentence", "instruction_sentence",
    "question_sentence",
]


def as_sentence(text: str) -> str:
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
        return as_sentence(g.clause("past", subj=subj))
    if k == 1:
        return as_sentence(f"{pick(r, TIMES_PAST)}, {g.clause('past', subj=subj, when='none')}")
    if k == 2:
        return as_sentence(f"{g.clause('past', subj=subj)}, {pick(r, ('and then', 'but', 'so', 'and', 'because', 'although', 'until', 'before', 'after'))} {g.clause('past', subj=other)}")
    if k == 3:
        conj = pick(r, ("When", "After", "Before", "As soon as", "Although", "Because", "Once"))
        return as_sentence(f"{conj} {g.clause('past', subj=other)}, {g.clause('past', subj=subj)}")
    if k == 4:
        return as_sentence(f"while {g.clause('past_progressive', subj=other, negative_p=0)}, {g.clause('past', subj=subj)}")
    if k == 5:
        return as_sentence(f"{subj.text} {past_vp(pick(r, CONTROL_VERBS))} to {g.vp()}{g.adjunct()}")
    if k == 6:
        return as_sentence(f"{subj.text} {'were' if subj.agree == 'pl' else 'was'} {pick(r, ('too', 'so'))} {pick(r, FEELINGS)} to {g.vp()}")
    if k == 7:
        return as_sentence(f"{subj.text} {'were' if subj.agree == 'pl' else 'was'} {pick(r, INTENSIFIERS)} {pick(r, FEELINGS)}, so {g.clause('past', subj=subj)}")
    if k == 8:
        return as_sentence(f"{subj.text} had never {part_vp(g.vp())} before")
    if k == 9:
        return as_sentence(f"{subj.text} {pick(r, ('asked', 'told', 'reminded', 'helped', 'wanted', 'begged', 'invited', 'encouraged'))} {other.obj} to {g.vp()}")
    if k == 10:
        return as_sentence(f"{subj.text} spent {pick(r, ('the afternoon', 'the whole morning', 'an hour', 'the weekend', 'most of the day', 'the evening', 'three days'))} {ing_vp(g.vp())}")
    if k == 11:
        return as_sentence(f"it was {a(pick(r, ('cold', 'warm', 'wet', 'long', 'quiet', 'busy', 'bright', 'strange', 'grey', 'lovely')) + ' ' + pick(r, ('day', 'morning', 'evening', 'night', 'week', 'afternoon')))}, so {g.clause('past', subj=subj)}")
    if k == 12:
        noun = pick(r, g.topic.things)
        return as_sentence(f"the {noun} that {g.clause('past', subj=other, when='none')} was {pick(r, INTENSIFIERS)} {g.adj()}")
    if k == 13:
        p = g.person()
        return as_sentence(f"{p}, who {past_vp(g.vp())}, {past_vp(g.vp())}")
    if k == 14:
        return as_sentence(f"{subj.text} could not {g.vp()} because {g.clause('past', subj=other, negative_p=0.3)}")
    if k == 15:
        return as_sentence(f"{g.clause('past', subj=subj)} so that {other.text} could {g.vp()}")
    if k == 16:
        return as_sentence(f"by the time {g.clause('past', subj=other, when='none')}, {subj.text} had already {part_vp(g.vp())}")
    if k == 17:
        return as_sentence(f"{subj.text} noticed that {g.clause('past_progressive', subj=other, negative_p=0)}")
    if k == 18:
        if r.random() < 0.5:
            return as_sentence(f"there was {a(g.maybe_adj(pick(r, g.topic.things), 0.5))} {pick(r, ('in', 'near', 'behind', 'outside', 'inside'))} {g.place()}")
        return as_sentence(f"there were {g.things(adj_p=0.5)} {pick(r, ('everywhere', 'on every table', 'all over the floor', 'in the corner', 'by the door', 'on the shelf', 'in the box'))}")
    if k == 19:
        return as_sentence(f"{subj.text} {pick(r, ('suddenly', 'finally', 'quickly', 'slowly', 'quietly', 'happily', 'carefully'))} {past_vp(g.vp())}")
    if k == 20:
        return as_sentence(f"{subj.text} did not know {pick(r, ('how', 'where', 'when', 'why', 'whether'))} to {g.vp()}")
    if k == 21:
        return as_sentence(f"{subj.text} {'were' if subj.agree == 'pl' else 'was'} {ing_vp(g.vp())} when {g.clause('past', subj=other, negative_p=0)}")
    if k == 22:
        return as_sentence(f"{pick(r, ('luckily', 'sadly', 'in the end', 'at first', 'later', 'soon', 'meanwhile', 'of course', 'after a while', 'unfortunately'))}, {g.clause('past', subj=subj, when='none')}")
    if k == 23:
        return as_sentence(f"{subj.text} felt {pick(r, FEELINGS)} {pick(r, ('after', 'before', 'when'))} {g.clause('past', subj=other, negative_p=0, when='none')}")
    if k == 24:
        return as_sentence(f"{g.clause('past', subj=subj)} for the first time in {pick(r, ('years', 'months', 'weeks', 'a long time', 'ages'))}")
    return as_sentence(f"if {g.clause('past_perfect', subj=other, negative_p=0.2, when='none')}, {subj.text} would have {part_vp(g.vp())}")


def generic_sentence(g: Grammar) -> str:
    """A present-tense statement about how things usually are."""
    r = g.rng
    k = r.randrange(24)
    subj = g.subject(pronoun_p=0.2)
    if k == 0:
        return as_sentence(f"{subj.text} {pick(r, FREQUENCY)} {conjugate(g.vp(), subj.agree, 'present')}{g.adjunct('generic')}")
    if k == 1:
        return as_sentence(f"{pick(r, ('most', 'many', 'some', 'few', 'young', 'older', 'busy'))} {plural(pick(r, g.topic.people))} "
            f"{conjugate(g.vp(), 'pl', 'present', negative=r.random() < 0.15)}{g.adjunct('generic')}")
    if k == 2:
        return as_sentence(f"if you {g.vp()}, you {pick(r, ('will', 'can', 'should', 'might', 'may', 'will probably'))} {g.vp()}")
    if k == 3:
        return as_sentence(f"it is {pick(r, ('important', 'easy', 'hard', 'useful', 'a good idea', 'not easy', 'cheaper', 'safer', 'better', 'wise', 'normal'))} to {g.vp()}{g.adjunct('generic')}")
    if k == 4:
        return as_sentence(f"{ing_vp(g.vp())} is {pick(r, ('a good way', 'the best way', 'an easy way', 'a quick way', 'one way', 'a cheap way'))} to {g.vp()}")
    if k == 5:
        return as_sentence(f"{a(g.maybe_adj(pick(r, g.topic.people), 0.6))} {pick(r, FREQUENCY)} {conjugate(g.vp(), '3s', 'present')}")
    if k == 6:
        return as_sentence(f"{subj.text} {conjugate(g.vp(), subj.agree, 'modal:' + pick(r, ('can', 'should', 'must', 'might', 'could', 'may')), negative=r.random() < 0.2, rng=r)}{g.adjunct('generic')}")
    if k == 7:
        return as_sentence(f"people who {g.vp()} often {g.vp()}")
    if k == 8:
        return as_sentence(f"the best way to {g.vp()} is to {g.vp()}")
    if k == 9:
        return as_sentence(f"there are many ways to {g.vp()}")
    if k == 10:
        return as_sentence(f"{subj.text} {conjugate(pick(r, ('need', 'want', 'like', 'try', 'hope', 'plan', 'love', 'hate')), subj.agree, 'present')} to {g.vp()}")
    if k == 11:
        return as_sentence(f"you do not need {g.thing()} to {g.vp()}")
    if k == 12:
        return as_sentence(f"{subj.text} {conjugate(g.vp(), subj.agree, 'progressive', rng=r)} {pick(r, ('at the moment', 'right now', 'this week', 'today', 'again', 'these days', ''))}")
    if k == 13:
        return as_sentence(f"{subj.text} {conjugate(g.vp(), subj.agree, 'perfect', negative=r.random() < 0.2, rng=r)} "
            f"{pick(r, ('for years', 'since last spring', 'many times', 'twice', 'already', 'this year', 'recently', ''))}")
    if k == 14:
        return as_sentence(f"{subj.text} {conjugate(g.vp(), subj.agree, pick(r, ('future', 'going_to')), negative=r.random() < 0.15, rng=r)}{g.adjunct('future')}")
    if k == 15:
        return as_sentence(f"{g.stuff(adj_p=0)} is {pick(r, ('good', 'bad', 'important', 'useful', 'necessary', 'essential', 'helpful'))} for {g.people() if r.random() < 0.5 else g.things()}")
    if k == 16:
        return as_sentence(f"{g.clause('present', subj=subj)} {pick(r, ('when', 'because', 'if', 'unless', 'until', 'before', 'after', 'while'))} {g.clause('present', negative_p=0.1)}")
    if k == 17:
        return as_sentence(f"every {pick(r, g.topic.people)} knows that {g.clause('present')}")
    if k == 18:
        return as_sentence(f"{pick(r, ('without', 'instead of', 'after', 'before', 'by'))} {ing_vp(g.vp())}, {g.clause('present', subj=subj)}")
    if k == 19:
        return as_sentence(f"{g.people()} and {g.people()} {conjugate(g.vp(), 'pl', 'present')}")
    if k == 20:
        return as_sentence(f"not every {pick(r, g.topic.people)} {conjugate(g.vp(), '3s', 'present')}")
    if k == 21:
        return as_sentence(f"{subj.text} {conjugate('be', subj.agree, 'present')} {pick(r, ('good at', 'bad at', 'used to', 'tired of', 'interested in', 'afraid of', 'proud of', 'busy'))} {ing_vp(g.vp())}")
    if k == 22:
        return as_sentence(f"the more you {g.vp()}, the {comparative(g.adj())} {pick(r, ('it gets', 'you feel', 'it becomes', 'the result'))}")
    return as_sentence(f"{g.clause('present', subj=subj)}, {pick(r, ('but', 'and', 'so', 'yet'))} {g.clause('present', negative_p=0.3)}")


def description_sentence(g: Grammar) -> str:
    """A present-tense sentence describing a thing or a place."""
    r = g.rng
    noun = pick(r, g.topic.things)
    place = pick(r, g.topic.places)
    k = r.randrange(18)
    if k == 0:
        return as_sentence(f"the {noun} is {g.adj()} and {g.adj()}")
    if k == 1:
        return as_sentence(f"the {place} has {a(g.adj() + ' ' + pick(r, g.topic.things))} and {g.things(adj_p=0.5)}")
    if k == 2 and g.topic.name in MADE_THINGS_TOPICS:
        return as_sentence(f"the {noun} is made of {pick(r, ('wood', 'metal', 'glass', 'plastic', 'stone', 'paper', 'cotton', 'wool', 'steel', 'leather', 'clay', 'brick', 'silver'))}")
    if k == 3:
        return as_sentence(f"there is {a(g.maybe_adj(noun, 0.5))} {pick(r, ('next to', 'behind', 'under', 'above', 'beside', 'opposite', 'in front of'))} the {pick(r, g.topic.things)}")
    if k == 4:
        return as_sentence(f"the {noun} {pick(r, ('looks', 'feels', 'smells', 'sounds', 'seems', 'tastes'))} {pick(r, INTENSIFIERS)} {g.adj()}")
    if k == 5:
        b = pick(r, g.topic.things)
        return as_sentence(f"the {noun} is {comparative(g.adj())} than the {b}")
    if k == 6:
        return as_sentence(f"this is one of the {superlative(g.adj())} {plural(place)} in the {pick(r, ('town', 'city', 'country', 'region', 'area', 'world'))}")
    if k == 7:
        return as_sentence(f"the {place} is known for its {g.maybe_adj(plural(pick(r, g.topic.things)), 0.6)}")
    if k == 8:
        return as_sentence(f"the {place} is {pick(r, INTENSIFIERS)} {g.adj()} {pick(r, ('in the morning', 'at night', 'at the weekend', 'in summer', 'in winter', 'on market day', 'after lunch'))}")
    if k == 9:
        return as_sentence(f"inside the {place} there are {g.things(adj_p=0.5)}")
    if k == 10 and g.topic.name in MADE_THINGS_TOPICS:
        return as_sentence(f"the {noun} has {a(pick(r, COLOURS))} {pick(r, ('handle', 'lid', 'cover', 'door', 'edge', 'top', 'base', 'stripe', 'label'))}")
    if k == 11:
        return as_sentence(f"the {g.maybe_adj(place, 0.7)} is {pick(r, ('a short walk from', 'close to', 'far from', 'right next to', 'just behind', 'across the road from'))} the {pick(r, g.topic.places)}")
    if k == 12:
        return as_sentence(f"{plural(noun)} are usually {g.adj()}, but this one is {g.adj()}")
    if k == 13:
        return as_sentence(f"the walls of the {place} are {pick(r, COLOURS)}, and the floor is {pick(r, ('wooden', 'stone', 'tiled', 'covered in carpet', 'bare', 'painted'))}")
    if k == 14 and g.topic.name in MADE_THINGS_TOPICS:
        return as_sentence(f"the {noun} is about {r.randint(2, 90)} {pick(r, ('centimetres', 'metres', 'inches', 'feet'))} {pick(r, ('long', 'wide', 'tall', 'high', 'deep'))}")
    if k == 15:
        return as_sentence(f"everything in the {place} is {g.adj()}, from the {pick(r, g.topic.things)} to the {pick(r, g.topic.things)}")
    if k == 16:
        return as_sentence(f"the {noun} is used to {g.vp(generic_p=0)}")
    return as_sentence(f"the {place} {pick(r, ('opens', 'closes'))} at {r.randint(6, 11)} {pick(r, ('in the morning', 'at night', 'every day', 'on weekdays'))}")


def opinion_sentence(g: Grammar) -> str:
    """A sentence giving a view."""
    r = g.rng
    k = r.randrange(16)
    if k == 0:
        return as_sentence(f"I {pick(r, THINK_VERBS)} {pick(r, ('that ', ''))}{g.clause('present', negative_p=0.2)}")
    if k == 1:
        return as_sentence(f"in my opinion, {g.thing()} is {pick(r, INTENSIFIERS)} {g.adj()}")
    if k == 2:
        return as_sentence(f"I {pick(r, ('love', 'like', 'hate', 'enjoy', 'prefer', 'dislike', 'cannot stand', 'do not mind'))} {ing_vp(g.vp())}")
    if k == 3:
        return as_sentence(f"it is {pick(r, ('better', 'easier', 'cheaper', 'safer', 'more fun', 'wiser'))} to {g.vp()} than to {g.vp()}")
    if k == 4:
        return as_sentence(f"I would rather {g.vp()} than {g.vp()}")
    if k == 5:
        return as_sentence(f"personally, I find {g.stuff(adj_p=0) if r.random() < 0.5 else g.things(adj_p=0)} {pick(r, INTENSIFIERS)} {g.adj()}")
    if k == 6:
        return as_sentence(f"{pick(r, ('many people', 'some people', 'most experts', 'my friends', 'a lot of parents', 'critics'))} "
            f"{pick(r, ('believe', 'say', 'think', 'argue', 'feel'))} that {g.clause('present', negative_p=0.2)}")
    if k == 7:
        return as_sentence(f"{g.thing(adj_p=0)} is {g.adj()}, but {g.thing(adj_p=0)} is {g.adj()}")
    if k == 8:
        return as_sentence(f"the problem is that {g.clause('present', negative_p=0.3)}")
    if k == 9:
        return as_sentence(f"to be honest, {g.clause(pick(r, ('present', 'past', 'perfect')), negative_p=0.3)}")
    if k == 10:
        return as_sentence(f"what I like most about {g.place()} is {g.thing()}")
    if k == 11:
        return as_sentence(f"there is nothing {pick(r, ('better', 'worse', 'nicer', 'more relaxing', 'more annoying'))} than {ing_vp(g.vp())}")
    if k == 12:
        return as_sentence(f"I do not understand why {g.clause('present')}")
    if k == 13:
        return as_sentence(f"{g.subject().text} should {g.vp()} instead of {ing_vp(g.vp())}")
    if k == 14:
        return as_sentence(f"nobody {pick(r, ('likes', 'wants', 'needs', 'enjoys'))} {g.things(adj_p=0.5)}")
    return as_sentence(f"{pick(r, ('of course', 'on the other hand', 'still', 'however', 'in general', 'in short', 'for me'))}, {g.clause('present', negative_p=0.2)}")


def instruction_sentence(g: Grammar) -> str:
    """An imperative sentence."""
    r = g.rng
    k = r.randrange(16)
    if k == 0:
        return as_sentence(f"{g.vp()}{g.adjunct('generic')}")
    if k == 1:
        return as_sentence(f"make sure you {g.vp()}")
    if k == 2:
        return as_sentence(f"{pick(r, DONTS)} {g.vp()}{pick(r, ('', ' too early', ' without checking first', ' in a hurry', ' on your own', ' more than once'))}")
    if k == 3:
        return as_sentence(f"before you {g.vp()}, {g.vp()}")
    if k == 4:
        return as_sentence(f"if {g.clause('present', negative_p=0.3, when='none')}, {g.vp()}")
    if k == 5:
        return as_sentence(f"try to {g.vp()}{g.adjunct('generic')}")
    if k == 6:
        return as_sentence(f"remember to {g.vp()}")
    if k == 7:
        return as_sentence(f"always {g.vp()} after you {g.vp()}")
    if k == 8:
        return as_sentence(f"you will need {join_list([g.thing(adj_p=0.2) if r.random() < 0.6 else g.stuff(adj_p=0) for _ in range(r.randint(2, 4))])}")
    if k == 9:
        return as_sentence(f"leave it for {number_word(r.randint(2, 30)) if r.random() < 0.5 else r.randint(2, 30)} {pick(r, ('minutes', 'hours', 'days', 'seconds'))}")
    if k == 10:
        return as_sentence(f"{g.vp()} and {g.vp()}")
    if k == 11:
        return as_sentence(f"it helps to {g.vp()} first")
    if k == 12:
        return as_sentence(f"once you have {part_vp(g.vp())}, {g.vp()}")
    if k == 13:
        return as_sentence(f"{g.vp()} until {g.clause('present', negative_p=0, when='none')}")
    if k == 14:
        return as_sentence(f"ask {g.person()} to {g.vp()}")
    return as_sentence(f"you can also {g.vp()} if you {pick(r, ('like', 'prefer', 'want', 'have time', 'are in a hurry'))}")


def question_sentence(g: Grammar) -> str:
    """A question about the topic."""
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
