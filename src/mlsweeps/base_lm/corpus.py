"""A generated English corpus for pretraining the tiny base LM offline.

Documents come from templates filled from small lexicons with a seeded ``random.Random``, so the
corpus is a pure function of its config (and of the texts it must avoid). The kinds follow what the
`task_vectors` study evaluates on: encyclopedic prose (geography, science, history), everyday
common knowledge, small Python programs, product, film and restaurant reviews of both polarities,
``Q: … A: …`` pairs, and documents mixing topics; short stories from a small phrase grammar add
sentences that no template fixes, so the model learns word classes and order, not only templates.

Facts about real countries, elements, planets and dates are true; towns, films and people are
invented, and their "facts" are consistent only within a document. Answers and printed results
are computed, so they are right by construction. Text is ASCII; code documents span several lines,
all other documents are one line.
"""
from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path
from typing import Callable, Iterable, NamedTuple

from .config import CorpusConfig

__all__ = ["generate_corpus", "read_corpus", "corpus_digest", "DOCUMENT_KINDS"]


# --------------------------------------------------------------------------- lexicons: real facts


class Country(NamedTuple):
    name: str
    """Short English name, with "the" where English uses it."""
    capital: str
    """Capital city, ASCII spelling."""
    continent: str
    """One of the seven continents (Oceania for Australia and New Zealand)."""
    language: str
    """Main language(s), as commonly listed."""


COUNTRIES: tuple[Country, ...] = (
    Country("France", "Paris", "Europe", "French"),
    Country("Germany", "Berlin", "Europe", "German"),
    Country("Italy", "Rome", "Europe", "Italian"),
    Country("Spain", "Madrid", "Europe", "Spanish"),
    Country("Portugal", "Lisbon", "Europe", "Portuguese"),
    Country("Greece", "Athens", "Europe", "Greek"),
    Country("Poland", "Warsaw", "Europe", "Polish"),
    Country("Norway", "Oslo", "Europe", "Norwegian"),
    Country("Sweden", "Stockholm", "Europe", "Swedish"),
    Country("Ireland", "Dublin", "Europe", "English and Irish"),
    Country("the United Kingdom", "London", "Europe", "English"),
    Country("Japan", "Tokyo", "Asia", "Japanese"),
    Country("China", "Beijing", "Asia", "Chinese"),
    Country("India", "New Delhi", "Asia", "Hindi and English"),
    Country("Thailand", "Bangkok", "Asia", "Thai"),
    Country("Vietnam", "Hanoi", "Asia", "Vietnamese"),
    Country("South Korea", "Seoul", "Asia", "Korean"),
    Country("Egypt", "Cairo", "Africa", "Arabic"),
    Country("Kenya", "Nairobi", "Africa", "Swahili and English"),
    Country("Brazil", "Brasilia", "South America", "Portuguese"),
    Country("Argentina", "Buenos Aires", "South America", "Spanish"),
    Country("Peru", "Lima", "South America", "Spanish"),
    Country("Chile", "Santiago", "South America", "Spanish"),
    Country("Canada", "Ottawa", "North America", "English and French"),
    Country("Mexico", "Mexico City", "North America", "Spanish"),
    Country("the United States", "Washington", "North America", "English"),
    Country("Australia", "Canberra", "Oceania", "English"),
    Country("New Zealand", "Wellington", "Oceania", "English"),
)

# river -> (a country it flows through, the sea or ocean it reaches)
RIVERS: dict[str, tuple[str, str]] = {
    "Nile": ("Egypt", "Mediterranean Sea"),
    "Danube": ("Germany", "Black Sea"),
    "Rhine": ("Germany", "North Sea"),
    "Seine": ("France", "English Channel"),
    "Thames": ("the United Kingdom", "North Sea"),
    "Amazon": ("Brazil", "Atlantic Ocean"),
    "Mississippi": ("the United States", "Gulf of Mexico"),
    "Ganges": ("India", "Bay of Bengal"),
    "Yangtze": ("China", "East China Sea"),
}


class Element(NamedTuple):
    name: str
    """Lower-case English name."""
    symbol: str
    """Chemical symbol."""
    number: int
    """Atomic number (protons in the nucleus)."""
    state: str
    """State at room temperature."""
    kind: str
    """metal, nonmetal or metalloid."""


ELEMENTS: tuple[Element, ...] = (
    Element("hydrogen", "H", 1, "gas", "nonmetal"),
    Element("helium", "He", 2, "gas", "nonmetal"),
    Element("lithium", "Li", 3, "solid", "metal"),
    Element("carbon", "C", 6, "solid", "nonmetal"),
    Element("nitrogen", "N", 7, "gas", "nonmetal"),
    Element("oxygen", "O", 8, "gas", "nonmetal"),
    Element("neon", "Ne", 10, "gas", "nonmetal"),
    Element("sodium", "Na", 11, "solid", "metal"),
    Element("magnesium", "Mg", 12, "solid", "metal"),
    Element("aluminium", "Al", 13, "solid", "metal"),
    Element("silicon", "Si", 14, "solid", "metalloid"),
    Element("sulfur", "S", 16, "solid", "nonmetal"),
    Element("chlorine", "Cl", 17, "gas", "nonmetal"),
    Element("argon", "Ar", 18, "gas", "nonmetal"),
    Element("potassium", "K", 19, "solid", "metal"),
    Element("calcium", "Ca", 20, "solid", "metal"),
    Element("iron", "Fe", 26, "solid", "metal"),
    Element("copper", "Cu", 29, "solid", "metal"),
    Element("zinc", "Zn", 30, "solid", "metal"),
    Element("silver", "Ag", 47, "solid", "metal"),
    Element("tin", "Sn", 50, "solid", "metal"),
    Element("gold", "Au", 79, "solid", "metal"),
    Element("mercury", "Hg", 80, "liquid", "metal"),
    Element("lead", "Pb", 82, "solid", "metal"),
)

PLANETS: tuple[str, ...] = ("Mercury", "Venus", "Earth", "Mars", "Jupiter", "Saturn", "Uranus", "Neptune")
ORDINALS: tuple[str, ...] = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")
PLANET_NOTES: dict[str, str] = {
    "Mercury": "It is the smallest planet and the closest to the Sun.",
    "Venus": "Its thick clouds trap heat, which makes it the hottest planet.",
    "Earth": "It is the only planet known to support life.",
    "Mars": "Iron oxide on its surface gives it a reddish colour.",
    "Jupiter": "It is the largest planet in the Solar System.",
    "Saturn": "It is famous for its bright system of rings.",
    "Uranus": "It rotates on its side, tilted almost flat against its orbit.",
    "Neptune": "It is the farthest known planet from the Sun.",
}


class Animal(NamedTuple):
    name: str
    """Singular common name."""
    group: str
    """Class in everyday terms: mammal, bird, fish, reptile, amphibian, insect."""
    diet: str
    """What it mainly eats, as a noun phrase."""
    habitat: str
    """Where it usually lives, as a noun phrase."""


ANIMALS: tuple[Animal, ...] = (
    Animal("lion", "mammal", "large grazing animals", "open grasslands"),
    Animal("wolf", "mammal", "deer and other animals", "forests"),
    Animal("elephant", "mammal", "grass, leaves and bark", "savannas and forests"),
    Animal("dolphin", "mammal", "fish and squid", "the ocean"),
    Animal("rabbit", "mammal", "grass and other plants", "meadows"),
    Animal("horse", "mammal", "grass and hay", "open country and farms"),
    Animal("eagle", "bird", "fish and small animals", "mountains and coasts"),
    Animal("owl", "bird", "mice and insects", "woodlands"),
    Animal("penguin", "bird", "fish and krill", "cold southern coasts"),
    Animal("salmon", "fish", "insects and smaller fish", "rivers and the sea"),
    Animal("shark", "fish", "fish and seals", "the ocean"),
    Animal("crocodile", "reptile", "fish and other animals", "rivers and swamps"),
    Animal("tortoise", "reptile", "grass and leaves", "dry land"),
    Animal("frog", "amphibian", "insects", "ponds and wet meadows"),
    Animal("bee", "insect", "nectar and pollen", "gardens and fields"),
    Animal("ant", "insect", "seeds and small insects", "nests in the soil"),
)
GROUP_TRAITS: dict[str, str] = {
    "mammal": "feeds its young on milk",
    "bird": "has feathers and lays eggs",
    "fish": "breathes through gills",
    "reptile": "has dry, scaly skin",
    "amphibian": "begins its life in water",
    "insect": "has six legs and a body in three parts",
}

SCIENCE_FACTS: tuple[str, ...] = (
    "Water boils at 100 degrees Celsius at sea level.",
    "Water freezes at 0 degrees Celsius.",
    "Light travels faster than sound.",
    "The Earth orbits the Sun once a year.",
    "The Moon orbits the Earth about once a month.",
    "Plants make their food from sunlight, water and carbon dioxide.",
    "The human heart pumps blood around the body.",
    "Sound cannot travel through empty space.",
    "Gravity pulls objects towards the centre of the Earth.",
    "The Sun is a star at the centre of the Solar System.",
    "A water molecule is made of two hydrogen atoms and one oxygen atom.",
    "Most of the air we breathe is nitrogen.",
    "Metals such as copper conduct electricity well.",
    "Ice floats because it is less dense than liquid water.",
    "The human body has 206 bones in adulthood.",
    "Sunlight is made of many colours, which a prism can separate.",
)


class Event(NamedTuple):
    statement: str
    """Clause after 'In YEAR, ...'."""
    question: str
    """Clause after 'In which year ...?'."""
    year: int


EVENTS: tuple[Event, ...] = (
    Event("the Battle of Hastings took place", "did the Battle of Hastings take place", 1066),
    Event("the Magna Carta was sealed in England", "was the Magna Carta sealed", 1215),
    Event("Christopher Columbus first reached the Americas", "did Christopher Columbus first reach the Americas", 1492),
    Event("Isaac Newton published the Principia", "did Isaac Newton publish the Principia", 1687),
    Event("the United States declared its independence", "did the United States declare its independence", 1776),
    Event("the French Revolution began", "did the French Revolution begin", 1789),
    Event("Charles Darwin published On the Origin of Species", "did Charles Darwin publish On the Origin of Species", 1859),
    Event("the first modern Olympic Games were held in Athens", "were the first modern Olympic Games held", 1896),
    Event("the Wright brothers made the first powered flight", "did the Wright brothers make the first powered flight", 1903),
    Event("the Titanic sank in the North Atlantic", "did the Titanic sink", 1912),
    Event("the First World War began", "did the First World War begin", 1914),
    Event("the First World War ended", "did the First World War end", 1918),
    Event("the Second World War began", "did the Second World War begin", 1939),
    Event("the Second World War ended", "did the Second World War end", 1945),
    Event("the United Nations was founded", "was the United Nations founded", 1945),
    Event("humans first landed on the Moon", "did humans first land on the Moon", 1969),
    Event("the Berlin Wall fell", "did the Berlin Wall fall", 1989),
    Event("the Soviet Union was dissolved", "was the Soviet Union dissolved", 1991),
)

# --------------------------------------------------------------------------- lexicons: everyday

TOOLS: tuple[tuple[str, str], ...] = (
    ("a hammer", "drive nails into wood"),
    ("scissors", "cut paper and cloth"),
    ("a kettle", "boil water"),
    ("a thermometer", "measure temperature"),
    ("a map", "find the way in an unknown place"),
    ("a key", "open a lock"),
    ("a broom", "sweep the floor"),
    ("an umbrella", "stay dry in the rain"),
    ("a ladder", "reach high places"),
    ("a refrigerator", "keep food cold"),
    ("a pen", "write on paper"),
    ("a spoon", "eat soup"),
    ("a saw", "cut wood"),
    ("a ruler", "measure short lengths"),
)
FRUITS: tuple[tuple[str, str], ...] = (
    ("banana", "yellow"), ("lemon", "yellow"), ("strawberry", "red"), ("cherry", "red"),
    ("lime", "green"), ("orange", "orange"), ("blueberry", "dark blue"), ("plum", "purple"),
)
COUNTS: tuple[tuple[str, str, str], ...] = (
    # (statement, question, answer)
    ("A week has seven days.", "How many days are in a week?", "Seven"),
    ("A year has twelve months.", "How many months are in a year?", "Twelve"),
    ("A day has twenty-four hours.", "How many hours are in a day?", "Twenty-four"),
    ("An hour has sixty minutes.", "How many minutes are in an hour?", "Sixty"),
    ("A triangle has three sides.", "How many sides does a triangle have?", "Three"),
    ("A square has four equal sides.", "How many sides does a square have?", "Four"),
    ("A spider has eight legs.", "How many legs does a spider have?", "Eight"),
    ("A bicycle has two wheels.", "How many wheels does a bicycle have?", "Two"),
    ("A dozen means twelve.", "How many things are in a dozen?", "Twelve"),
    ("A century is one hundred years.", "How many years are in a century?", "One hundred"),
)
OPPOSITES: tuple[tuple[str, str], ...] = (
    ("hot", "cold"), ("up", "down"), ("day", "night"), ("big", "small"), ("fast", "slow"),
    ("open", "closed"), ("full", "empty"), ("early", "late"), ("light", "dark"), ("wet", "dry"),
    ("heavy", "light"), ("old", "young"),
)
EVERYDAY_FACTS: tuple[str, ...] = (
    "The sky looks blue on a clear day.",
    "Snow is cold and white.",
    "Ice melts when it gets warm.",
    "Plants need water and sunlight to grow.",
    "Most people sleep at night and work during the day.",
    "Bread is made from flour, water and yeast.",
    "Cows give milk, and milk is used to make cheese.",
    "The sun rises in the east and sets in the west.",
    "Cars stop when the traffic light is red.",
    "Washing your hands helps to stop the spread of germs.",
    "Leaves of many trees turn yellow and red in autumn.",
    "A heavy coat keeps you warm in winter.",
    "Children usually start school at the age of five or six.",
    "Fresh fruit and vegetables are part of a healthy diet.",
    "A library lends books to its members.",
    "Doctors and nurses work in hospitals.",
)
FIRST_NAMES: tuple[str, ...] = (
    "Anna", "Ben", "Clara", "David", "Elena", "Farid", "Grace", "Hugo", "Irene", "Jonas",
    "Kira", "Leo", "Maya", "Nikolai", "Olivia", "Paul", "Rosa", "Samuel", "Tara", "Victor",
)
SURNAMES: tuple[str, ...] = (
    "Adler", "Brooks", "Castillo", "Dumont", "Evans", "Fischer", "Garcia", "Hansen", "Ito", "Jensen",
    "Kowalski", "Larsen", "Moreau", "Novak", "Okafor", "Petrov", "Quinn", "Rossi", "Silva", "Tanaka",
)
ROUTINES: tuple[str, ...] = (
    "walks to work when the weather is good",
    "drinks a cup of tea before breakfast",
    "reads a book before going to sleep",
    "buys fresh bread at the bakery on Saturday",
    "waters the garden in the evening",
    "takes the bus to the city centre",
    "calls an old friend every Sunday",
    "cooks dinner for the family",
    "goes swimming twice a week",
    "checks the weather forecast in the morning",
)

# --------------------------------------------------------------------------- lexicons: invented places

TOWN_HEADS: tuple[str, ...] = (
    "Ash", "Bel", "Brook", "Cal", "Dun", "Elm", "Fair", "Glen", "Hal", "Kings", "Lang", "Mar",
    "North", "Oak", "Red", "Stan", "West", "Wil", "Thorn", "Black",
)
TOWN_TAILS: tuple[str, ...] = (
    "ford", "ton", "field", "bury", "wick", "dale", "mouth", "haven", "ridge", "moor", "stead", "well", "port", "by",
)
TOWN_SITES: tuple[str, ...] = (
    "on the banks of a small river", "near the coast", "in a wide valley", "at the foot of low hills",
    "on a high plateau", "beside a large lake", "at a crossing of two old roads",
)
TOWN_ORIGINS: tuple[str, ...] = (
    "a market settlement", "a fishing village", "a river crossing", "a mining camp", "a trading post",
    "a stop on the new railway", "a farming community",
)
TOWN_INDUSTRIES: tuple[str, ...] = (
    "farming and tourism", "fishing", "textile production", "light industry", "timber and furniture making",
    "wine making", "services and education", "shipbuilding",
)
TOWN_BUILDINGS: tuple[str, ...] = (
    "old church", "town hall", "stone bridge", "covered market", "clock tower", "public library", "railway station",
)
TOWN_FEATURES: tuple[str, ...] = (
    "annual music festival", "historic harbour", "narrow medieval streets", "botanical garden",
    "weekly cheese market", "summer fair", "museum of local history",
)
CENTURIES: tuple[str, ...] = ("fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth")

# --------------------------------------------------------------------------- lexicons: free sentences

# A small phrase grammar over these lists gives grammatical sentences that no template fixes, so
# the model learns word classes and word order, not only the templates above.
PEOPLE: tuple[str, ...] = (
    "teacher", "farmer", "doctor", "child", "student", "driver", "baker", "painter", "neighbour", "sailor",
    "writer", "nurse", "engineer", "musician", "visitor", "old man", "young woman", "shopkeeper", "fisherman", "gardener",
)
THINGS: tuple[str, ...] = (
    "book", "letter", "basket", "bridge", "window", "garden", "house", "boat", "bicycle", "bottle", "chair", "table",
    "picture", "song", "story", "map", "lamp", "coat", "box", "cake", "fence", "door", "bell", "key", "kite",
    "wall", "roof", "clock", "photograph", "blanket", "umbrella", "ladder",
)
PLACES: tuple[str, ...] = (
    "the market", "the station", "the school", "the harbour", "the village", "the park", "the library", "the kitchen",
    "the forest", "the beach", "the office", "the hospital", "the museum", "the farm", "the square", "the river",
)
ADJECTIVES: tuple[str, ...] = (
    "old", "young", "small", "large", "quiet", "busy", "bright", "dark", "warm", "cold", "heavy", "red", "green",
    "blue", "white", "new", "tired", "happy", "careful", "strange", "famous", "empty", "wooden", "broken", "clean",
    "tall", "kind", "clever", "sleepy", "beautiful", "tiny", "noisy", "gentle", "angry", "curious", "lonely",
)
# (past tense, base form) of verbs that take an object
TRANSITIVE: tuple[tuple[str, str], ...] = (
    ("carried", "carry"), ("found", "find"), ("opened", "open"), ("painted", "paint"), ("bought", "buy"),
    ("sold", "sell"), ("built", "build"), ("cleaned", "clean"), ("watched", "watch"), ("read", "read"),
    ("lost", "lose"), ("fixed", "fix"), ("moved", "move"), ("closed", "close"), ("washed", "wash"),
    ("brought", "bring"), ("made", "make"), ("drew", "draw"), ("borrowed", "borrow"), ("hid", "hide"),
    ("dropped", "drop"), ("noticed", "notice"), ("wanted", "want"), ("remembered", "remember"),
)
INTRANSITIVE: tuple[str, ...] = (
    "slept", "waited", "laughed", "arrived", "left early", "sang", "danced", "walked home", "stayed inside",
    "worked late", "ran", "smiled", "rested", "cried", "listened", "stopped", "hurried away", "sat down",
)
PREPOSITIONS: tuple[str, ...] = ("at", "near", "behind", "beside", "inside", "outside", "across", "in front of")
TIMES: tuple[str, ...] = (
    "yesterday", "last week", "in the morning", "after lunch", "before dinner", "every day", "at night",
    "on Sunday", "in the summer", "an hour later", "at the end of the day", "during the storm", "that evening",
)
# Pronouns of FIRST_NAMES, in the same order.
NAME_PRONOUNS: tuple[str, ...] = ("she", "he") * 10

# --------------------------------------------------------------------------- lexicons: reviews

PRODUCTS: tuple[str, ...] = (
    "pair of headphones", "coffee maker", "backpack", "desk lamp", "blender", "pair of running shoes", "phone case",
    "kettle", "vacuum cleaner", "tent", "keyboard", "water bottle", "camera", "office chair", "toaster",
)
FILM_ADJECTIVES: tuple[str, ...] = ("Silent", "Last", "Hidden", "Broken", "Golden", "Distant", "Frozen", "Crimson", "Endless", "Quiet")
FILM_NOUNS: tuple[str, ...] = ("Harbor", "Kingdom", "Promise", "Garden", "Road", "Letter", "Mountain", "Summer", "Signal", "River")
GENRES: tuple[str, ...] = (
    "drama", "comedy", "thriller", "science fiction film", "documentary", "romance", "horror film", "animated film",
)
POSITIVE_WORDS: tuple[str, ...] = (
    "excellent", "great", "wonderful", "superb", "impressive", "delightful", "outstanding", "solid", "fantastic",
    "brilliant", "lovely", "charming", "remarkable",
)
NEGATIVE_WORDS: tuple[str, ...] = (
    "poor", "terrible", "disappointing", "awful", "weak", "cheap", "dull", "frustrating", "boring", "mediocre",
    "clumsy", "forgettable", "sloppy",
)
VENUES: tuple[str, ...] = ("hotel", "restaurant", "cafe", "bakery", "guest house", "pizza place")
MONTHS: tuple[str, ...] = ("January", "March", "May", "July", "August", "October", "December")

# Each review sentence template may use {product}, {title}, {genre}, {venue}, {month}, {adj}, {a_adj}, {name}, {n}.
PRODUCT_REVIEW = {
    "positive": {
        "open": (
            "I bought this {product} {n} weeks ago and I am very happy with it.",
            "This {product} is {adj} and worth every penny.",
            "I was not sure at first, but this {product} turned out to be {adj}.",
        ),
        "body": (
            "The build quality is {adj} and it feels sturdy.",
            "It works exactly as described.",
            "Setting it up took only a few minutes.",
            "After daily use it still works like new.",
            "For the price, it is a real bargain.",
            "Delivery was fast and the packaging was neat.",
            "It is light, quiet and easy to clean.",
            "My whole family uses it every day.",
        ),
        "close": (
            "I would recommend it to anyone.",
            "Overall, {a_adj} purchase. Rating: 5/5.",
            "Highly recommended. Rating: 4/5.",
            "I would happily buy it again.",
        ),
    },
    "negative": {
        "open": (
            "I bought this {product} {n} weeks ago and I regret it.",
            "This {product} is {adj} and not worth the money.",
            "I had high hopes, but this {product} turned out to be {adj}.",
        ),
        "body": (
            "The build quality is {adj} and it feels flimsy.",
            "It does not work as described.",
            "Setting it up took over an hour because the instructions were confusing.",
            "It stopped working after {n} days.",
            "For the price, it is a waste of money.",
            "The package arrived late and the box was damaged.",
            "It is heavy, loud and hard to clean.",
            "Customer service never answered my emails.",
        ),
        "close": (
            "I would not recommend it to anyone.",
            "Overall, {a_adj} purchase. Rating: 1/5.",
            "Avoid this one. Rating: 2/5.",
            "I am sending it back for a refund.",
        ),
    },
}
VENUE_REVIEW = {
    "positive": {
        "open": (
            "We visited this {venue} in {month} and loved it.",
            "This {venue} is {a_adj} find.",
            "Our evening at this {venue} was {adj} from start to finish.",
        ),
        "body": (
            "The staff were friendly and helpful.",
            "Everything was clean and well kept.",
            "The prices were fair for what you get.",
            "The food was fresh and full of flavour.",
            "It was quiet, so we could relax and talk.",
            "The location is perfect, close to the station.",
            "{name} at the front desk made us feel welcome.",
        ),
        "close": ("We will definitely come back.", "Five stars from us.", "Highly recommended. Rating: 5/5."),
    },
    "negative": {
        "open": (
            "We visited this {venue} in {month} and were let down.",
            "Our evening at this {venue} was {adj} from start to finish.",
            "I cannot say anything good about this {venue}.",
        ),
        "body": (
            "The staff were rude and slow.",
            "The tables and the floor were dirty.",
            "The prices were far too high.",
            "The food was cold and had no taste.",
            "It was so noisy that we could not hear each other.",
            "The location is far from everything.",
            "We waited {n} minutes before anyone came to our table.",
        ),
        "close": ("We will never come back.", "One star, and that is generous.", "Stay away. Rating: 1/5."),
    },
}
FILM_REVIEW = {
    "positive": {
        "open": (
            "{title} is {a_adj} {genre}.",
            "I watched {title} last night and loved it.",
            "{title} is one of the best films I have seen this year.",
        ),
        "body": (
            "The acting is {adj}, especially {name} in the lead role.",
            "The story kept me interested from start to finish.",
            "The music and the photography are beautiful.",
            "Every scene feels carefully made.",
            "The dialogue is sharp and often funny.",
            "The ending was moving and well earned.",
            "The characters feel real and easy to care about.",
        ),
        "close": (
            "I left the cinema smiling.",
            "Do not miss it. Rating: 5/5.",
            "I will gladly watch it again. Rating: 4/5.",
        ),
    },
    "negative": {
        "open": (
            "{title} is {a_adj} {genre}.",
            "I watched {title} last night and hated it.",
            "{title} is one of the worst films I have seen this year.",
        ),
        "body": (
            "The acting is {adj}, even from {name} in the lead role.",
            "The plot is slow and hard to follow.",
            "The music is loud and the photography is dull.",
            "I checked my watch several times.",
            "The dialogue feels forced and never funny.",
            "The ending made no sense at all.",
            "The characters are flat and hard to care about.",
        ),
        "close": (
            "I almost walked out of the cinema.",
            "Skip it. Rating: 1/5.",
            "I want those two hours back. Rating: 2/5.",
        ),
    },
}

# --------------------------------------------------------------------------- lexicons: code

PLURALS: tuple[tuple[str, str], ...] = (
    ("items", "item"), ("values", "value"), ("numbers", "number"), ("scores", "score"), ("prices", "price"),
    ("counts", "count"), ("weights", "weight"), ("sizes", "size"), ("ages", "age"), ("totals", "total"),
)
CLASS_NAMES: tuple[str, ...] = ("Account", "Counter", "Player", "Inventory", "Robot", "Garden", "Timer", "Wallet", "Battery", "Library")
ATTRIBUTES: tuple[str, ...] = ("balance", "score", "level", "size", "count", "energy", "stock", "points")
CODE_TOPICS: tuple[str, ...] = ("simple statistics", "a small game", "a shop", "school grades", "a weather station", "text processing")


# --------------------------------------------------------------------------- sentence helpers


def _town_name(rng: random.Random) -> str:
    return rng.choice(TOWN_HEADS) + rng.choice(TOWN_TAILS)


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"


def _numbers(rng: random.Random, k: int, low: int = 1, high: int = 20) -> list[int]:
    return [rng.randint(low, high) for _ in range(k)]


def _country_sentences(rng: random.Random, country: Country) -> list[str]:
    name = country.name[0].upper() + country.name[1:]
    sentences = [
        rng.choice((f"{name} is a country in {country.continent}.", f"{name} is located in {country.continent}.")),
        rng.choice((f"Its capital is {country.capital}.", f"The capital of {country.name} is {country.capital}.")),
        f"The main language of {country.name} is {country.language}.",
    ]
    sentences += [f"The {river} flows through {country.name} and reaches the {sea}." for river, (place, sea) in RIVERS.items() if place == country.name]
    return sentences


def _town_sentences(rng: random.Random, country: Country) -> list[str]:
    """Invented but internally consistent encyclopedia sentences about one town."""
    town = _town_name(rng)
    year = rng.randint(1100, 1880)
    return [
        f"{town} is a small town in {country.name}, located {rng.choice(TOWN_SITES)}.",
        f"It was founded in {year} as {rng.choice(TOWN_ORIGINS)}.",
        f"At the last census the town had {rng.randint(2, 90) * 100 + rng.randint(0, 99)} inhabitants.",
        f"Its economy is based on {rng.choice(TOWN_INDUSTRIES)}.",
        f"The {rng.choice(TOWN_BUILDINGS)} in the town centre dates from the {rng.choice(CENTURIES)} century.",
        f"{town} is known for its {rng.choice(TOWN_FEATURES)}.",
        f"The capital, {country.capital}, is about {rng.randint(3, 60) * 10} kilometres away.",
    ]


def _element_sentences(rng: random.Random) -> list[str]:
    e = rng.choice(ELEMENTS)
    article = "an" if e.kind[0] in "aeiou" else "a"
    return [
        f"{e.name.capitalize()} is a chemical element with the symbol {e.symbol} and atomic number {e.number}.",
        f"Each atom of {e.name} has {e.number} proton{'s' if e.number > 1 else ''} in its nucleus.",
        f"At room temperature {e.name} is a {e.state}.",
        f"It is classed as {article} {e.kind}.",
    ]


def _planet_sentences(rng: random.Random) -> list[str]:
    i = rng.randrange(len(PLANETS))
    planet = PLANETS[i]
    sentences = [f"{planet} is the {ORDINALS[i]} planet from the Sun.", PLANET_NOTES[planet]]
    if i > 0:
        sentences.append(f"Its orbit lies outside the orbit of {PLANETS[i - 1]}.")
    if i < len(PLANETS) - 1:
        sentences.append(f"The next planet further out is {PLANETS[i + 1]}.")
    return sentences


def _animal_sentences(rng: random.Random) -> list[str]:
    a = rng.choice(ANIMALS)
    return [
        f"The {a.name} is {_indefinite(a.group)}.",
        f"It feeds mainly on {a.diet}.",
        f"It is usually found in {a.habitat}.",
        f"Like every {a.group}, the {a.name} {GROUP_TRAITS[a.group]}.",
    ]


def _event_sentences(rng: random.Random) -> list[str]:
    first, second = sorted(rng.sample(EVENTS, 2), key=lambda e: e.year)
    sentences = [f"In {first.year}, {first.statement}.", f"In {second.year}, {second.statement}."]
    gap = second.year - first.year
    if gap > 0:
        sentences.append(f"The second event came {gap} year{'s' if gap > 1 else ''} after the first.")
    else:
        sentences.append("Both events happened in the same year.")
    sentences.append(rng.choice((
        "Historians still study the causes and effects of these events.",
        "Both events are described in most history books.",
        "Each of them changed the lives of many people.",
    )))
    return sentences


def _town_history_sentences(rng: random.Random) -> list[str]:
    town = _town_name(rng)
    founded = rng.randint(1150, 1700)
    fire = founded + rng.randint(40, 200)
    railway = max(fire + 5, rng.randint(1830, 1900))
    return [
        f"The town of {town} was first mentioned in records in {founded}.",
        f"In {fire} a great fire destroyed much of the old town, which was rebuilt in stone.",
        f"The railway reached {town} in {railway}, and the population grew quickly.",
        f"Today the {rng.choice(TOWN_BUILDINGS)} is the oldest surviving building in {town}.",
    ]


def _common_sentence(rng: random.Random) -> str:
    pick = rng.randrange(6)
    if pick == 0:
        tool, use = rng.choice(TOOLS)
        return rng.choice((f"People use {tool} to {use}.", f"You can use {tool} to {use}.", f"{tool.capitalize()} helps people {use}."))
    if pick == 1:
        fruit, colour = rng.choice(FRUITS)
        return f"A ripe {fruit} is usually {colour}."
    if pick == 2:
        return rng.choice(COUNTS)[0]
    if pick == 3:
        a, b = rng.choice(OPPOSITES)
        return f"The opposite of {a} is {b}."
    if pick == 4:
        return rng.choice(EVERYDAY_FACTS)
    return f"{rng.choice(FIRST_NAMES)} usually {rng.choice(ROUTINES)}."


# --------------------------------------------------------------------------- free sentences


def _indefinite(phrase: str) -> str:
    return f"{'an' if phrase[0] in 'aeiou' else 'a'} {phrase}"


def _with_article(rng: random.Random, noun: str, *, adjective_p: float = 0.5) -> str:
    """'the noun', 'a noun' or 'an adjective noun', with the article that fits the next word."""
    if rng.random() < adjective_p:
        noun = f"{rng.choice(ADJECTIVES)} {noun}"
    return f"the {noun}" if rng.random() < 0.5 else _indefinite(noun)


def _subject(rng: random.Random, name: str | None = None, pronoun: str | None = None) -> str:
    """A noun phrase for a person: the story's protagonist (by name or pronoun) when given, else a stranger."""
    pick = rng.random()
    if name and pick < 0.35:
        return name
    if pronoun and pick < 0.7:
        return pronoun
    return _with_article(rng, rng.choice(PEOPLE))


def _free_sentence(rng: random.Random, name: str | None = None, pronoun: str | None = None) -> str:
    subj, other = _subject(rng, name, pronoun), _with_article(rng, rng.choice(PEOPLE))
    verb, base = rng.choice(TRANSITIVE)
    obj, place, time = _with_article(rng, rng.choice(THINGS)), f"{rng.choice(PREPOSITIONS)} {rng.choice(PLACES)}", rng.choice(TIMES)
    pick = rng.randrange(8)
    if pick == 0:
        sentence = f"{subj} {verb} {obj} {time}."
    elif pick == 1:
        sentence = f"{subj} {rng.choice(INTRANSITIVE)} {place}."
    elif pick == 2:
        sentence = f"{time}, {subj} {verb} {obj} {place}."
    elif pick == 3:
        sentence = f"{subj} {rng.choice(INTRANSITIVE)} because {other} {verb} {obj}."
    elif pick == 4:
        sentence = f"When {other} {rng.choice(INTRANSITIVE)}, {subj} {verb} {obj}."
    elif pick == 5:
        sentence = f"{subj} wanted to {base} {obj}, but {other} {rng.choice(INTRANSITIVE)} instead."
    elif pick == 6:
        sentence = f"{subj} said that {other} {verb} {obj}."
    else:
        sentence = f"There was {_indefinite(rng.choice(ADJECTIVES) + ' ' + rng.choice(THINGS))} {place}."
    return sentence[0].upper() + sentence[1:]


# --------------------------------------------------------------------------- Q/A pairs


def _qa_pair(rng: random.Random) -> str:
    """One `Q: … A: …` pair whose answer is read from the same table as the question."""
    pick = rng.randrange(9)
    if pick == 0:
        c = rng.choice(COUNTRIES)
        return f"Q: What is the capital of {c.name}? A: {c.capital}."
    if pick == 1:
        c = rng.choice(COUNTRIES)
        return f"Q: On which continent is {c.name}? A: {c.continent}."
    if pick == 2:
        e = rng.choice(ELEMENTS)
        return rng.choice((f"Q: What is the chemical symbol for {e.name}? A: {e.symbol}.", f"Q: What is the atomic number of {e.name}? A: {e.number}."))
    if pick == 3:
        i = rng.randrange(len(PLANETS))
        return f"Q: Which planet is {ORDINALS[i]} from the Sun? A: {PLANETS[i]}."
    if pick == 4:
        a, b = rng.randint(1, 50), rng.randint(1, 50)
        op, value = rng.choice((("plus", a + b), ("minus", a - b), ("times", a * b)))
        return f"Q: What is {a} {op} {b}? A: {value}."
    if pick == 5:
        animal = rng.choice(ANIMALS)
        return f"Q: What kind of animal is {_indefinite(animal.name)}? A: {_indefinite(animal.group).capitalize()}."
    if pick == 6:
        a, b = rng.choice(OPPOSITES)
        return f"Q: What is the opposite of {a}? A: {b.capitalize()}."
    if pick == 7:
        _, question, answer = rng.choice(COUNTS)
        return f"Q: {question} A: {answer}."
    event = rng.choice(EVENTS)
    return f"Q: In which year {event.question}? A: {event.year}."


# --------------------------------------------------------------------------- code snippets


def _code_sum(rng: random.Random) -> str:
    plural, single = rng.choice(PLURALS)
    xs = _numbers(rng, rng.randint(3, 5))
    return (
        f"def total_{plural}({plural}):\n"
        f"    total = 0\n"
        f"    for {single} in {plural}:\n"
        f"        total += {single}\n"
        f"    return total\n\n"
        f"print(total_{plural}({xs}))  # {sum(xs)}"
    )


def _code_max(rng: random.Random) -> str:
    plural, single = rng.choice(PLURALS)
    xs = _numbers(rng, rng.randint(3, 6))
    return (
        f"def largest_{single}({plural}):\n"
        f"    best = {plural}[0]\n"
        f"    for {single} in {plural}[1:]:\n"
        f"        if {single} > best:\n"
        f"            best = {single}\n"
        f"    return best\n\n"
        f"print(largest_{single}({xs}))  # {max(xs)}"
    )


def _code_filter(rng: random.Random) -> str:
    plural, single = rng.choice(PLURALS)
    limit = rng.randint(5, 15)
    xs = _numbers(rng, rng.randint(4, 7))
    op, keep = rng.choice(((">", lambda x: x > limit), ("<", lambda x: x < limit), (">=", lambda x: x >= limit)))
    return (
        f"def filter_{plural}({plural}, limit={limit}):\n"
        f"    return [{single} for {single} in {plural} if {single} {op} limit]\n\n"
        f"print(filter_{plural}({xs}))  # {[x for x in xs if keep(x)]}"
    )


def _code_average(rng: random.Random) -> str:
    plural, single = rng.choice(PLURALS)
    xs = _numbers(rng, 4)
    return (
        f"def average({plural}):\n"
        f"    if not {plural}:\n"
        f"        return 0.0\n"
        f"    return sum({plural}) / len({plural})\n\n"
        f"print(average({xs}))  # {sum(xs) / len(xs)}"
    )


def _code_count_words(rng: random.Random) -> str:
    words = [rng.choice(("red", "blue", "cat", "dog", "tree", "sun")) for _ in range(rng.randint(3, 6))]
    counts: dict[str, int] = {}
    for w in words:
        counts[w] = counts.get(w, 0) + 1
    return (
        "def count_words(text):\n"
        "    counts = {}\n"
        "    for word in text.split():\n"
        "        counts[word] = counts.get(word, 0) + 1\n"
        "    return counts\n\n"
        f"print(count_words(\"{' '.join(words)}\"))  # {counts}"
    )


def _code_factorial(rng: random.Random) -> str:
    n = rng.randint(2, 8)
    result = 1
    for k in range(2, n + 1):
        result *= k
    if rng.random() < 0.5:
        body = "    if n <= 1:\n        return 1\n    return n * factorial(n - 1)\n"
    else:
        body = "    result = 1\n    for k in range(2, n + 1):\n        result *= k\n    return result\n"
    return f"def factorial(n):\n{body}\nprint(factorial({n}))  # {result}"


def _code_class(rng: random.Random) -> str:
    cls, attr = rng.choice(CLASS_NAMES), rng.choice(ATTRIBUTES)
    start, add = rng.randint(0, 20), rng.randint(1, 30)
    var = cls.lower()
    return (
        f"class {cls}:\n"
        f"    def __init__(self, name, {attr}={start}):\n"
        f"        self.name = name\n"
        f"        self.{attr} = {attr}\n\n"
        f"    def add(self, amount):\n"
        f"        self.{attr} += amount\n"
        f"        return self.{attr}\n\n"
        f"{var} = {cls}(\"{rng.choice(FIRST_NAMES)}\")\n"
        f"print({var}.add({add}))  # {start + add}"
    )


def _code_loop(rng: random.Random) -> str:
    a = rng.randint(0, 5)
    b = a + rng.randint(2, 4)
    if rng.random() < 0.5:
        return f"for i in range({a}, {b}):\n    print(i, i * i)"
    n = rng.randint(3, 30)
    steps, m = 0, n
    while m != 1:
        m = m // 2 if m % 2 == 0 else 3 * m + 1
        steps += 1
    return (
        f"n = {n}\n"
        f"steps = 0\n"
        f"while n != 1:\n"
        f"    n = n // 2 if n % 2 == 0 else 3 * n + 1\n"
        f"    steps += 1\n"
        f"print(steps)  # {steps}"
    )


def _code_palindrome(rng: random.Random) -> str:
    word = rng.choice(("level", "radar", "kayak", "python", "river", "noon", "table", "refer"))
    return (
        "def is_palindrome(text):\n"
        "    cleaned = text.lower().replace(\" \", \"\")\n"
        "    return cleaned == cleaned[::-1]\n\n"
        f"print(is_palindrome(\"{word}\"))  # {word == word[::-1]}"
    )


CODE_SNIPPETS: tuple[Callable[[random.Random], str], ...] = (
    _code_sum, _code_max, _code_filter, _code_average, _code_count_words, _code_factorial, _code_class, _code_loop, _code_palindrome,
)


# --------------------------------------------------------------------------- documents


def _take(sentences: list[str], n: int) -> str:
    """The first ``n`` sentences (the opening one always kept, so a document starts by naming its subject)."""
    return " ".join(sentences[: max(1, n)])


def _doc_geography(rng: random.Random, n: int) -> str:
    country = rng.choice(COUNTRIES)
    if rng.random() < 0.4:
        return _take(_country_sentences(rng, country), n)
    intro = _country_sentences(rng, country)[:2] if rng.random() < 0.5 else []
    return _take(intro + _town_sentences(rng, country), n + len(intro))


def _doc_science(rng: random.Random, n: int) -> str:
    pick = rng.randrange(4)
    if pick == 3:
        return " ".join(rng.sample(SCIENCE_FACTS, min(n, len(SCIENCE_FACTS))))
    sentences = (_element_sentences, _planet_sentences, _animal_sentences)[pick](rng)
    return _take(sentences, n)


def _doc_history(rng: random.Random, n: int) -> str:
    sentences = _event_sentences(rng) if rng.random() < 0.5 else _town_history_sentences(rng)
    return _take(sentences, n)


def _doc_common(rng: random.Random, n: int) -> str:
    return " ".join(_common_sentence(rng) for _ in range(n))


def _doc_code(rng: random.Random, n: int) -> str:
    snippets = [fn(rng) for fn in rng.sample(CODE_SNIPPETS, 1 if n <= 3 else 2)]
    header = [f"# Helper code for {rng.choice(CODE_TOPICS)}."] if rng.random() < 0.5 else []
    return "\n\n".join(header + snippets)


def _doc_review(rng: random.Random, n: int) -> str:
    polarity = rng.choice(("positive", "negative"))
    parts = rng.choice((PRODUCT_REVIEW, FILM_REVIEW, VENUE_REVIEW))[polarity]
    body = rng.sample(parts["body"], min(max(n - 2, 0), len(parts["body"])))
    sentences = [rng.choice(parts["open"]), *body, rng.choice(parts["close"])]
    fill = {
        "product": rng.choice(PRODUCTS),
        "title": f"The {rng.choice(FILM_ADJECTIVES)} {rng.choice(FILM_NOUNS)}",
        "genre": rng.choice(GENRES),
        "venue": rng.choice(VENUES),
        "month": rng.choice(MONTHS),
        "adj": rng.choice(POSITIVE_WORDS if polarity == "positive" else NEGATIVE_WORDS),
        "name": _person(rng),
        "n": rng.randint(2, 9),
    }
    fill["a_adj"] = f"{'an' if fill['adj'][0] in 'aeiou' else 'a'} {fill['adj']}"
    return " ".join(s.format(**fill) for s in sentences)


def _doc_story(rng: random.Random, n: int) -> str:
    """A short narrative about one named person, from the phrase grammar."""
    i = rng.randrange(len(FIRST_NAMES))
    name, pronoun = FIRST_NAMES[i], NAME_PRONOUNS[i]
    opening = f"{name} {rng.choice(INTRANSITIVE)} {rng.choice(PREPOSITIONS)} {rng.choice(PLACES)} {rng.choice(TIMES)}."
    return " ".join([opening] + [_free_sentence(rng, name, pronoun) for _ in range(n - 1)])


def _doc_qa(rng: random.Random, n: int) -> str:
    return " ".join(_qa_pair(rng) for _ in range(max(1, n // 2)))


# One self-contained sentence each, from every topic the encyclopedic and everyday kinds cover.
MIXED_SOURCES: tuple[Callable[[random.Random], str], ...] = (
    lambda rng: rng.choice(_country_sentences(rng, rng.choice(COUNTRIES))[1:]),
    lambda rng: _element_sentences(rng)[0],
    lambda rng: _animal_sentences(rng)[0],
    lambda rng: _planet_sentences(rng)[0],
    lambda rng: rng.choice(SCIENCE_FACTS),
    lambda rng: _common_sentence(rng),
    lambda rng: rng.choice(_event_sentences(rng)[:2]),
    _free_sentence,
    _free_sentence,
)


def _doc_mixed(rng: random.Random, n: int) -> str:
    """Sentences from unrelated topics side by side, as in web text that changes subject."""
    return " ".join(rng.choice(MIXED_SOURCES)(rng) for _ in range(n))


DOCUMENT_KINDS: dict[str, tuple[float, Callable[[random.Random, int], str]]] = {
    # kind: (share of the documents, generator)
    "geography": (0.12, _doc_geography),
    "science": (0.10, _doc_science),
    "history": (0.07, _doc_history),
    "common_knowledge": (0.12, _doc_common),
    "story": (0.14, _doc_story),
    "code": (0.12, _doc_code),
    "review": (0.18, _doc_review),
    "qa": (0.09, _doc_qa),
    "mixed": (0.06, _doc_mixed),
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
