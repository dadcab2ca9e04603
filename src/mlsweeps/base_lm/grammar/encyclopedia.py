"""Encyclopedic entries about invented towns, rivers and lakes, species, people, periods and buildings.

Each entry is consistent within itself (the town founded in 1203 has a church finished after 1203)
but refers to nothing real except the countries and capitals it places things in.
"""
from __future__ import annotations

import random

from .lexicon import (
    ACHIEVEMENTS, CENTURIES, COLOURS, COUNTRIES, DIETS, FEATURES, FIRST_NAMES_F, FIRST_NAMES_M, HOMES, INDUSTRIES, LANDMARKS, MONTHS,
    NAME_HEADS, NAME_TAILS, OCCUPATIONS, REGIONS_WIDE, SAINTS, SETTLEMENT_KINDS, SPECIES_ADJS, SPECIES_BASES, STYLES, SURNAMES,
    TOWN_ORIGINS, TOWN_SITES, WIKI_REGIONS, pick,
)
from .morphology import a, cap, join_list, number_word

__all__ = [
    "invented_name", "settlement_entry", "landscape_entry", "species_entry", "biography_entry", "period_entry", "building_entry",
]


def invented_name(rng: random.Random) -> str:
    """A place name that does not exist: Ash + ford."""
    return pick(rng, NAME_HEADS) + pick(rng, NAME_TAILS)


def _entry(rng: random.Random, first: str, rest: list[str], n: int) -> str:
    """The first sentence, then ``n - 1`` of the others in random order."""
    rng.shuffle(rest)
    return " ".join([first] + rest[: max(0, n - 1)])


def settlement_entry(rng: random.Random, n: int) -> str:
    """An invented town or village."""
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
    """An invented river, lake, mountain range, forest, island or canal."""
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
            "There are no cars on the island.",
        ]
    else:
        first = f"The {name} Canal links {town} with {other} and is {r.randint(5, 200)} kilometres long."
        rest = [
            f"It has {number_word(r.randint(2, 60))} locks.", f"Work on it began in {r.randint(1700, 1880)} and took {number_word(r.randint(3, 15))} years.",
            f"It was built to carry {pick(r, ('grain', 'stone', 'timber', 'iron ore', 'goods'))}.",
            "A towpath runs along its whole length.", f"Pleasure boats can be hired at {town}.",
        ]
    return _entry(r, first, rest, n)


def species_entry(rng: random.Random, n: int) -> str:
    """An invented species of animal, plant or tree."""
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
    """An invented person, with dates that agree with each other."""
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
    """An invented period of history: a dynasty, republic, treaty, ..."""
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
    """An invented castle, abbey, bridge, mill, ..."""
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
