"""A generated English corpus for pretraining the tiny base LM offline.

Documents come from a seeded ``random.Random`` walking a small hand-written grammar and lexicon, so
the corpus is a pure function of its config (and of the texts it must avoid). The aim is breadth,
not a few fixed templates: a model that has only seen a handful of sentence frames is confidently
wrong on any other text. So the grammar inflects verbs by tense, person, mood and negation, builds
noun phrases with determiners, adjectives, possessives and numbers, and joins clauses with many
connectives; the lexicon holds a few thousand common English words grouped by everyday topic
(cooking, travel, health, money, sport, school, law, music, gardening, computing, ...), so that a
sentence about one topic uses words that belong together, and a "mixed" sentence joins two topics.

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

__all__ = ["generate_corpus", "read_corpus", "corpus_digest", "DOCUMENT_KINDS"]


def _words(text: str) -> tuple[str, ...]:
    """A lexicon written as one string: entries separated by commas (so an entry may hold spaces)."""
    return tuple(w.strip() for w in text.split(",") if w.strip())


# --------------------------------------------------------------------------- morphology

IRREGULAR_VERBS: dict[str, tuple[str, str]] = {
    # base: (past, past participle)
    "be": ("was", "been"), "have": ("had", "had"), "do": ("did", "done"), "go": ("went", "gone"),
    "make": ("made", "made"), "take": ("took", "taken"), "give": ("gave", "given"), "get": ("got", "got"),
    "see": ("saw", "seen"), "come": ("came", "come"), "become": ("became", "become"), "know": ("knew", "known"),
    "think": ("thought", "thought"), "find": ("found", "found"), "tell": ("told", "told"), "say": ("said", "said"),
    "buy": ("bought", "bought"), "bring": ("brought", "brought"), "build": ("built", "built"),
    "rebuild": ("rebuilt", "rebuilt"), "teach": ("taught", "taught"), "catch": ("caught", "caught"),
    "sell": ("sold", "sold"), "send": ("sent", "sent"), "spend": ("spent", "spent"), "lend": ("lent", "lent"),
    "pay": ("paid", "paid"), "keep": ("kept", "kept"), "sleep": ("slept", "slept"), "leave": ("left", "left"),
    "feel": ("felt", "felt"), "meet": ("met", "met"), "lead": ("led", "led"), "read": ("read", "read"),
    "write": ("wrote", "written"), "drive": ("drove", "driven"), "ride": ("rode", "ridden"), "eat": ("ate", "eaten"),
    "drink": ("drank", "drunk"), "sing": ("sang", "sung"), "swim": ("swam", "swum"), "begin": ("began", "begun"),
    "run": ("ran", "run"), "win": ("won", "won"), "lose": ("lost", "lost"), "hold": ("held", "held"),
    "stand": ("stood", "stood"), "understand": ("understood", "understood"), "sit": ("sat", "sat"),
    "put": ("put", "put"), "cut": ("cut", "cut"), "set": ("set", "set"), "let": ("let", "let"), "hit": ("hit", "hit"),
    "shut": ("shut", "shut"), "cost": ("cost", "cost"), "hurt": ("hurt", "hurt"), "break": ("broke", "broken"),
    "choose": ("chose", "chosen"), "speak": ("spoke", "spoken"), "wake": ("woke", "woken"), "wear": ("wore", "worn"),
    "tear": ("tore", "torn"), "fly": ("flew", "flown"), "draw": ("drew", "drawn"), "grow": ("grew", "grown"),
    "throw": ("threw", "thrown"), "show": ("showed", "shown"), "forget": ("forgot", "forgotten"),
    "hide": ("hid", "hidden"), "fall": ("fell", "fallen"), "feed": ("fed", "fed"), "hang": ("hung", "hung"),
    "light": ("lit", "lit"), "shine": ("shone", "shone"), "sweep": ("swept", "swept"), "freeze": ("froze", "frozen"),
    "steal": ("stole", "stolen"), "bite": ("bit", "bitten"), "shake": ("shook", "shaken"), "blow": ("blew", "blown"),
    "dig": ("dug", "dug"), "deal": ("dealt", "dealt"), "mean": ("meant", "meant"), "hear": ("heard", "heard"),
    "rise": ("rose", "risen"), "fight": ("fought", "fought"), "seek": ("sought", "sought"), "spin": ("spun", "spun"),
    "split": ("split", "split"), "spread": ("spread", "spread"), "forgive": ("forgave", "forgiven"),
    "stick": ("stuck", "stuck"), "sink": ("sank", "sunk"), "ring": ("rang", "rung"), "lay": ("laid", "laid"),
    "lie": ("lay", "lain"), "bend": ("bent", "bent"), "bleed": ("bled", "bled"), "strike": ("struck", "struck"),
    "swing": ("swung", "swung"), "wind": ("wound", "wound"), "shoot": ("shot", "shot"), "quit": ("quit", "quit"),
    "upset": ("upset", "upset"), "withdraw": ("withdrew", "withdrawn"), "undo": ("undid", "undone"),
    "overcome": ("overcame", "overcome"), "mistake": ("mistook", "mistaken"), "sew": ("sewed", "sewn"),
    "beat": ("beat", "beaten"), "bet": ("bet", "bet"), "burst": ("burst", "burst"), "cast": ("cast", "cast"),
    "slide": ("slid", "slid"), "weep": ("wept", "wept"), "kneel": ("knelt", "knelt"), "leap": ("leapt", "leapt"),
    "dream": ("dreamt", "dreamt"), "learn": ("learned", "learned"), "spell": ("spelled", "spelled"),
    "forecast": ("forecast", "forecast"), "broadcast": ("broadcast", "broadcast"), "outgrow": ("outgrew", "outgrown"),
}
DOUBLED_FINAL: frozenset[str] = frozenset(_words(
    "stop, plan, shop, drop, jog, chat, skip, travel, prefer, admit, refer, fit, ship, trim, hug, grab, rub, scrub, step, "
    "tap, wrap, beg, nod, plug, slip, trip, pop, swap, chop, dip, jam, pin, regret, commit, control, label, cancel, "
    "model, signal, fuel, level, rob, sob, stir, occur, permit, submit, omit, ban, scan, tip, top, whip, zip, knit, "
    "jot, plot, spot, blot, pat, pet, rot, dot, shed, wed, hop, mop, snap, clap, flap, slam, cram, spam, drag, tag, "
    "log, blog, dim, skim, hum, drum, fan, tan, rebel, quarrel, refuel, equip, worship, kidnap, patrol, compel, "
    "expel, propel, excel, rap, nap, map, sip, bat, pad, nag, hem, net, bar, star, scar, jar, pedal, total, panel"
))


def _ends_cvc(word: str) -> bool:
    return word in DOUBLED_FINAL


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
    elif _ends_cvc(base):
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
        elif _ends_cvc(base):
            past = base + base[-1] + "ed"
        else:
            past = base + "ed"
        part = past
    return (base, third, past, part, ing)


IRREGULAR_PLURALS: dict[str, str] = {
    "child": "children", "man": "men", "woman": "women", "person": "people", "foot": "feet", "tooth": "teeth",
    "mouse": "mice", "sheep": "sheep", "fish": "fish", "deer": "deer", "knife": "knives", "leaf": "leaves",
    "shelf": "shelves", "loaf": "loaves", "wife": "wives", "life": "lives", "half": "halves", "wolf": "wolves",
    "thief": "thieves", "potato": "potatoes", "tomato": "tomatoes", "hero": "heroes", "series": "series",
    "species": "species", "goose": "geese", "calf": "calves", "scarf": "scarves", "echo": "echoes",
    "volcano": "volcanoes", "salmon": "salmon", "aircraft": "aircraft", "craftsman": "craftsmen",
    "fisherman": "fishermen", "policeman": "policemen", "businessman": "businessmen", "chairman": "chairmen",
    "postman": "postmen", "fireman": "firemen", "cactus": "cacti", "crisis": "crises", "analysis": "analyses",
}


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


AN_EXCEPTIONS_CONSONANT = ("uni", "use", "usu", "eu", "one", "once", "ut")
AN_EXCEPTIONS_VOWEL = ("hour", "honest", "honour", "heir")


def article(phrase: str) -> str:
    """'a' or 'an' for the phrase that follows."""
    low = phrase.lower()
    if low.startswith(AN_EXCEPTIONS_VOWEL):
        return "an"
    if low.startswith(AN_EXCEPTIONS_CONSONANT):
        return "a"
    if low[:1].isdigit():
        return "an" if low.startswith(("8", "11 ", "18 ", "11,", "18,")) else "a"
    return "an" if low[:1] in "aeiou" else "a"


def a(phrase: str) -> str:
    return f"{article(phrase)} {phrase}"


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


NUMBER_WORDS: tuple[str, ...] = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
)
TENS_WORDS: dict[int, str] = {20: "twenty", 30: "thirty", 40: "forty", 50: "fifty", 60: "sixty", 70: "seventy", 80: "eighty", 90: "ninety"}


def number_word(n: int) -> str:
    """0..999 in words ("twenty-four", "one hundred and five")."""
    if n < 21:
        return NUMBER_WORDS[n]
    if n < 100:
        tens, unit = divmod(n, 10)
        return TENS_WORDS[tens * 10] + (f"-{NUMBER_WORDS[unit]}" if unit else "")
    hundreds, rest = divmod(n, 100)
    return f"{NUMBER_WORDS[hundreds]} hundred" + (f" and {number_word(rest)}" if rest else "")


def join_list(items: list[str], conj: str = "and") -> str:
    """'a', 'a and b', 'a, b and c' (no serial comma, as in British style)."""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" {conj} " + items[-1]


# --------------------------------------------------------------------------- lexicon: topics
#
# Each topic lists the words that belong to it, and (in TOPIC_VPS) its verb phrases: base form,
# verb first, separated by ";". "[a|b|c]" picks one alternative, so that objects fit their verbs
# ("bake a pie", not "bake the fridge"); {thing} (a singular noun phrase), {things} (a plural one),
# {stuff} (a mass noun), {person}, {people}, {place} and {adj} are filled from the same topic.


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
    """Verb phrases, base form, verb first."""
    events: tuple[str, ...]
    """Countable nouns for occasions and activities."""


TOPIC_VPS: dict[str, str] = {
    "cooking": (
        "bake [a cake|a pie|bread|a loaf|biscuits|muffins|a tart|a batch of scones]; chop [the onions|some carrots|the mushrooms|two tomatoes|the garlic|the herbs]; "
        "stir [the soup|the sauce|the porridge|the mixture|the stew]; taste [the soup|the sauce|the stew|the dough|the curry]; "
        "wash [the dishes|the plates|the vegetables|the cups|the pans]; boil [the water|the rice|the pasta|some eggs|the potatoes]; "
        "slice [the bread|a lemon|the cake|an onion|the cheese|the tomatoes]; heat [the oil|the soup|some milk|the butter] in [a pan|a small pot|the oven]; "
        "peel [the potatoes|the apples|the carrots|an orange|the onions]; mix [the flour|the butter|the sugar|the eggs] with [the milk|a little water|the sugar|the cream]; "
        "fry [the onions|some eggs|the mushrooms|the fish]; grill [the vegetables|the fish|some sausages|the chicken]; "
        "pour [the milk|the soup|the sauce|some water|the coffee] into [a bowl|a cup|the pan|a jug|a mug]; follow [the recipe|the instructions]; "
        "warm [the milk|the soup|the plates|some bread]; roll out [the dough|the pastry]; melt [the butter|the chocolate|the cheese]; "
        "spread [butter|jam|honey|soft cheese] on [the toast|a slice of bread|the crackers]; fill [the kettle|a glass|the pot|a jug] with [water|milk|juice|cold water]; "
        "cover [the pot|the pan|the bowl] with a lid; cook {stuff}; serve {stuff} to {people}; make {stuff} for {people}; order {stuff}; "
        "set the table; clear the table; book a table for [two|four|six]; try a new recipe; add a pinch of salt; share {thing} with {person}; "
        "buy {stuff} at {place}; wait for the [soup|cake|bread] to cool; pack [a sandwich|some fruit|a salad] for lunch; throw away the [old bread|leftovers|burnt toast]; "
        "prepare [dinner|lunch|breakfast|a salad|the vegetables]; eat {stuff}; drink [a glass of water|some juice|a cup of tea|a coffee|a glass of milk]"
    ),
    "travel": (
        "book [a room|a flight|a taxi|the tickets|a seat by the window|a cabin|a hotel near the station]; miss [the train|the bus|the flight|the ferry|the last boat]; "
        "pack [a suitcase|a small bag|the car|the rucksack]; rent [a car|a bike|a small flat|a boat|a van]; queue for [tickets|a taxi|the bus|passport control]; "
        "show [the passport|the ticket|the booking|a boarding pass] at the desk; lose [the passport|the keys|a bag|the map|the tickets]; "
        "board [the train|the plane|the ferry|the bus]; take [a taxi|the bus|the train|a ferry|the night train] to {place}; send [a postcard|a parcel|some photos] home; "
        "leave [the luggage|the bags|the car] at {place}; travel by [train|bus|car|bike|boat|plane]; buy [a map|a ticket|a guidebook|some postcards] at {place}; "
        "follow [the map|the signs|the coast road|the river|the guide]; plan [a trip|the route|a holiday|the journey]; park [the car|the van|the bikes] near {place}; "
        "visit {place}; explore {place}; walk along {place}; drive to {place}; stay at {place}; check in at {place}; wait at {place}; ask {person} for directions; "
        "change money; catch the last train; check the timetable; cross the border; get lost in the old town; watch the sunset from {place}"
    ),
    "health": (
        "treat {person}; examine [the patient|the wound|the knee|the x-ray|the results]; take [a pill|the tablets|the medicine|a blood test|a deep breath]; "
        "prescribe [a cream|some tablets|a short course of pills|a week of rest]; check [the blood pressure|the temperature|the heart rate|the results]; "
        "measure [the blood pressure|the temperature|the weight|the height]; clean [the wound|the cut|the teeth]; bandage [the knee|the arm|the hand|the ankle]; "
        "book [an appointment|a check-up|a blood test]; cancel [the appointment|the operation|the check-up]; rest [the knee|the back|the ankle|the leg]; "
        "stretch [the muscles|the back|the legs]; avoid [sugar|too much salt|fried food|stress|coffee late at night]; reduce [sugar|salt|stress|the dose]; "
        "describe [the pain|the symptoms|the rash]; ask {person} about [the treatment|the side effects|the results|the diet]; "
        "recover from [the operation|the flu|a cold|the injury|a broken leg]; lower [the blood pressure|the fever|the risk]; write [a prescription|a note|a report]; "
        "protect [the skin|the eyes|the teeth|the back]; train [new nurses|young doctors|the staff]; visit {place}; wait at {place}; call {person}; "
        "drink plenty of water; get enough sleep; eat more vegetables; take a short walk; wash [your hands|the cut] with soap; feel {adj}; walk to the clinic"
    ),
    "money": (
        "save [money|some cash|a little each month|for a new car]; spend [too much|a lot of money|most of the salary|the bonus] on [clothes|rent|food|holidays|new furniture]; "
        "pay [the bill|the rent|the tax|the invoice|the fee]; borrow [money|some cash] from [the bank|a friend|the family]; lend [money|some cash|ten pounds] to {person}; "
        "open [a savings account|a new account|a shop]; close [the account|the shop|the deal]; check [the balance|the receipt|the statement|the prices]; "
        "earn [money|a good salary|extra cash|interest]; count [the money|the coins|the cash]; invest [money|the savings|a small sum] in [shares|a fund|property|a new business]; "
        "cut [costs|the budget|prices|spending]; raise [prices|the rent|money for charity|the interest rate]; split [the bill|the cost|the rent]; "
        "sign [the contract|the lease|the cheque|the form]; track [spending|the budget|every payment]; plan [a budget|the spending|for retirement]; "
        "owe [money|twenty pounds|rent] to {person}; compare [prices|loans|offers|bank accounts]; ask for [a loan|a refund|a discount|a receipt|a pay rise]; "
        "apply for [a loan|a mortgage|a credit card|a grant]; pay off [the loan|the debt|the mortgage|the credit card]; keep [the receipt|a budget|records]; "
        "charge [a fee|interest|too much]; transfer [money|the rent|the deposit] to [a savings account|the landlord|another bank]; "
        "withdraw [cash|money|fifty pounds] from [the cash machine|the account|the bank]; visit {place}; meet {person} at {place}"
    ),
    "sport": (
        "win [the match|the race|a medal|the cup|the league|the final]; lose [the match|the final|the race|a point]; score [a goal|a try|the winning point|two goals]; "
        "kick [the ball|a penalty]; throw [the ball|a javelin]; train [young players|the team|new members]; join [a club|the team|a gym|a running group]; "
        "watch [the match|the race|the final|the game on TV]; play [football|tennis|golf|cricket|basketball|hockey|rugby]; run around [the track|the park|the field]; "
        "swim [ten lengths of the pool|across the lake|in the sea]; coach [the children|the team|young players]; referee [the match|the game|the final]; "
        "break [the record|a leg|the rules]; set [a new record|a fast pace]; finish [the race|the season|the marathon|the training session]; "
        "miss [a penalty|the goal|the match|training]; practise [every day|serves|penalties|free kicks]; warm up before [the match|training|the race|a run]; "
        "stretch after [the match|training|the race|a run]; cheer for [the team|the runners|the home side]; support [the local club|the team]; "
        "buy tickets for [the match|the final|the game]; hurt [a knee|an ankle|the back|a shoulder]; pass the ball to {person}; "
        "beat [the champions|the other team|the record|a rival]; lead [the team|the race|the league]; go for a run; ride a bike to {place}"
    ),
    "work": (
        "write [a report|an email|a proposal|a letter|a short note]; send [an email|the report|the invoice|a message|the parcel]; read [the report|the email|the contract|the notes]; "
        "finish [the project|the report|the task|the shift]; start [a new job|the meeting|the project|a shift]; fix [the printer|the problem|the machine|the schedule]; "
        "check [the figures|the email|the schedule|the order]; print [the report|the slides|the letter|the form]; sign [the contract|the form|the letter]; "
        "plan [the project|the meeting|the schedule|a new product]; lead [the team|the meeting|the project]; join [the meeting|the team|a new company]; "
        "miss [the deadline|the meeting|the train to work]; hire {person}; answer [the phone|the email|the question|the letter]; file [the reports|the papers|the invoices]; "
        "deliver [the parcels|the goods|the orders|the letters]; pack [the boxes|the orders|the samples]; order [supplies|paper|new equipment|lunch for the team]; "
        "test [the product|the machine|the new system]; share [the plan|the report|the results|the news] with {people}; update [the schedule|the list|the website|the report]; "
        "organise [the meeting|a training day|the files|the office party]; repair [the machine|the printer|the roof|the van]; move [the boxes|the desks|the files] to {place}; "
        "call {person}; meet {person}; thank {person}; help {person}; work late; ask for [more time|help|a day off|feedback]; take a coffee break; leave work early"
    ),
    "law": (
        "sign [the contract|the lease|the agreement|the will|the form]; read [the contract|the report|the ruling|the small print]; break [the law|the rules|the contract|a promise]; "
        "follow [the rules|the law|the advice of a lawyer]; change [the law|the rules|the policy|the plan]; pass [a new law|the budget]; "
        "vote for [the new plan|the proposal|a new mayor|the budget]; win [the case|the election|the appeal|the vote]; lose [the case|the election|the appeal]; "
        "appeal against [the verdict|the decision|the fine|the sentence]; pay [the fine|the fee|the tax|compensation]; file [a complaint|a report|an appeal|the papers]; "
        "hear [the case|the appeal|the evidence]; question {person}; arrest {person}; defend {person}; judge [the case|the evidence]; "
        "explain [the law|the contract|the decision|the rules] to {person}; ask for [permission|advice|a licence|more time]; collect [evidence|the papers|signatures]; "
        "approve [the plan|the budget|the new law|the permit]; reject [the plan|the appeal|the proposal|the complaint]; review [the case|the policy|the evidence]; "
        "report [a crime|the damage|the theft|a problem]; protect [the public|local businesses|the rights of tenants|privacy]; visit {place}; meet {person} at {place}"
    ),
    "school": (
        "read [a book|the chapter|the poem|the story|the question]; write [an essay|a story|a poem|the answer|a letter]; learn {stuff}; teach {stuff}; study {stuff}; "
        "pass [the exam|the test|the course]; fail [the test|the exam]; mark [the essays|the tests|the homework]; answer [the question|every question|the last question]; "
        "ask the teacher a question; explain [the rule|the problem|the experiment|the idea] to {people}; draw [a map|a diagram|a picture|a graph]; "
        "copy [the notes|the homework|the diagram]; check [the answers|the spelling|the homework]; borrow [a book|a dictionary|a calculator] from {place}; "
        "return [the book|the library books|the test]; finish [the essay|the homework|the course|the project]; start [a new course|the lesson|the project]; "
        "practise [spelling|reading|the piano|maths]; revise for [the exam|the test]; remember [the answer|the rule|the date|the words]; forget [the answer|the rule|the homework]; "
        "spell [the word|a long word|the name]; solve [the problem|the puzzle|the equation]; prepare [the lesson|a talk|the test|the project]; "
        "help {people} with [homework|reading|maths|the project]; walk to {place}; sit at the back of the class; put up a hand"
    ),
    "music": (
        "sing [a song|the chorus|an old folk song]; play [the piano|the guitar|the violin|the drums|a tune|a song]; write [a song|a poem|a play|the music]; "
        "record [an album|a song|the concert]; tune [the guitar|the piano|the violin]; learn [a new song|the piano|the words|a dance]; perform [a new song|a play|a dance|the show]; "
        "listen to {stuff}; buy tickets for [the concert|the show|the play|the festival]; paint [a picture|a portrait|the sea|a landscape]; draw [a portrait|a picture|the scene]; "
        "hang [the paintings|the pictures|a poster] in {place}; rehearse [the play|the new song|the scene|the concert]; applaud {people}; "
        "join [a band|the choir|the orchestra|a drama club]; lead [the band|the choir|the orchestra]; hum [a tune|the melody|an old song]; "
        "compose [a song|a piece for piano|the music for a film]; dance to [the music|jazz|the band]; watch [the show|the play|the film|the concert]; "
        "sell [tickets|paintings|records|photographs]; show [the paintings|the photographs|the new work] at {place}; practise [scales|the song|every evening]"
    ),
    "nature": (
        "plant [trees|flowers|seeds|an oak tree]; water [the plants|the flowers|the young trees]; pick [berries|flowers|mushrooms|apples]; "
        "climb [the hill|a tree|the mountain|the rocks]; cross [the river|the stream|the field|the bridge]; follow [the path|the river|the footprints|the stream]; "
        "watch [the birds|the deer|the clouds|the waves|the sunset]; feed [the ducks|the birds|the sheep|the horses]; catch [a fish|a butterfly]; "
        "protect [wildlife|the forest|the river|rare birds]; count [the birds|the trees|the nests|the deer]; collect [leaves|stones|shells|seeds|feathers]; "
        "photograph [a fox|the sunset|a rare bird|the mountains]; walk through {place}; swim in [the lake|the river|the sea|a pond]; camp near {place}; "
        "dig [a hole|a ditch|a small pond]; cut [the grass|a branch|the hedge|wood for the fire]; clear [the path|the snow|the fallen branches]; "
        "find [a nest|a fossil|a path|a fox den]; hear [an owl|the thunder|the birds|the river]; spot [a deer|an eagle|a fox|a rare bird]; "
        "cover [the seeds|the plants] with [straw|soil|a sheet]; grow [vegetables|flowers|trees|herbs]; sit by the river; light a small fire"
    ),
    "home": (
        "clean [the kitchen|the bathroom|the windows|the floor|the car]; paint [the fence|the door|the walls|the bedroom|the kitchen]; "
        "fix [the tap|the door|the light|the washing machine|the roof|the fence]; open [the window|the door|the curtains|a letter|the parcel]; "
        "close [the window|the door|the curtains|the gate]; lock [the door|the gate|the shed|the car]; move [the sofa|the table|the bed|the boxes]; "
        "hang [a picture|a mirror|a clock|the coats] on [the wall|the hook|the door]; sweep [the floor|the path|the yard|the kitchen]; "
        "wash [the dishes|the clothes|the towels|the windows]; dry [the dishes|the clothes|the towels]; fold [the clothes|the towels|the sheets|the laundry]; "
        "iron [the shirts|the clothes|a dress]; tidy [the bedroom|the living room|the garage|the kitchen]; decorate [the living room|the bedroom|the hall|the house]; "
        "feed [the cat|the dog|the baby|the fish|the birds]; walk the dog; water [the plants|the flowers|the garden]; repair [the roof|the fence|the chair|the heater]; "
        "replace [the light bulb|the battery|the old carpet|the lock]; empty [the bin|the dishwasher|the washing machine|the bucket]; "
        "fill [the kettle|the bath|the bucket|the fridge]; turn off [the lights|the heating|the television|the radio|the oven]; "
        "turn on [the lights|the heating|the television|the radio|the oven]; put away [the toys|the shopping|the dishes|the clothes]; "
        "look after [the baby|the children|the neighbour's cat|grandmother]; visit {person}; call {person}; cook for {people}; take out the rubbish; "
        "do [the laundry|the washing|the housework|the shopping|the dishes]; watch television; go to bed; read a story to the children"
    ),
    "computing": (
        "write [a function|a script|a test|the code|a short program]; run [the tests|the script|the program|the server]; test [the function|the app|the new feature|the website]; "
        "fix [the bug|the error|the broken link|the test]; find [the bug|the file|the error|the cause]; delete [the file|the old branch|the folder|the user account]; "
        "open [the file|the terminal|the editor|the app|a new tab]; save [the file|the changes|the document]; copy [the file|the folder|the data|the code]; "
        "rename [the file|the variable|the function|the folder]; install [the software|the update|the package|a new version]; update [the software|the app|the database|the website]; "
        "restart [the computer|the server|the app|the router]; check [the logs|the output|the error message|the settings]; read [the documentation|the error message|the logs|the code]; "
        "print [the result|the value|the page]; sort [the list|the names|the files|the records]; search [the database|the logs|the web|the code]; "
        "store [the data|the results|the passwords] in [a database|a file|a table|the cloud]; back up [the data|the files|the photos|the database]; "
        "change [the password|the settings|the code|the default]; share [the code|the file|the link|the results] with {people}; review [the code|the change|the pull request]; "
        "merge [the branch|the changes|the two files]; download [the file|the app|the update|the data]; upload [the file|the photos|the report]; "
        "type [the password|the command|the address]; click [the button|the link|the icon]; debug [the program|the script|the function]; measure [the speed|the memory use|the load time]"
    ),
    "city": (
        "cross [the road|the bridge|the square|the street]; build [a new bridge|a tower block|a car park|new houses]; close [the road|the bridge|the shop|the station]; "
        "open [a new shop|a cafe|the new library|a market stall]; wait for [the bus|the tram|a taxi|the lights to change]; catch [the bus|the tram|the last train]; "
        "clean {place}; paint [the bench|the walls|the bridge|a mural]; repair [the road|the bridge|the street lights|the pavement]; plan [a new park|the route|a street party]; "
        "sell [flowers|newspapers|fruit|hot food] at {place}; buy [a newspaper|a coffee|some flowers|a ticket] from {person}; "
        "ask {person} for [directions|a map|help|the way to the station]; meet {person} at {place}; show {people} around {place}; visit {place}; walk past {place}; "
        "park near {place}; rebuild [the old bridge|the station|the market hall]; protect [the old buildings|the park|the trees]; get off the bus at {place}"
    ),
    "shopping": (
        "buy {thing}; try on [a dress|a coat|a pair of jeans|some shoes|a jacket]; return {thing}; order {thing}; wrap [a present|the gift|the flowers]; sell {things}; "
        "pay for {thing}; compare [prices|the two coats|the sizes|the brands]; choose {thing}; find {thing}; look for {thing}; carry [the bags|the shopping|the boxes]; "
        "deliver [the parcel|the sofa|the order]; exchange {thing}; repair [the watch|the shoes|the zip|the phone]; check [the receipt|the price|the size|the label]; "
        "pick up [the parcel|the order|a basket]; save money on {things}; pay [by card|in cash]; wait in the queue at {place}; go shopping at {place}"
    ),
    "science": (
        "measure {stuff}; test [the theory|the sample|the new engine|the battery]; study [the stars|the cells|the fossils|the samples|the rocks]; "
        "observe [the moon|the planet|the reaction|the cells]; record [the result|the temperature|every measurement]; build [a telescope|a model|a rocket|a new engine]; "
        "design [an experiment|a machine|a new battery]; heat [the water|the metal|the gas|the sample]; cool [the water|the metal|the gas|the sample]; "
        "mix [the powder|the liquid|the salt] with [water|acid|oil]; compare [the results|the samples|two theories]; publish [the results|a paper|the findings]; "
        "discover [a new star|a fossil|a new planet|a cure]; explain [the result|the theory|the effect]; repeat [the experiment|the test|the measurement]; "
        "collect [samples|rocks|data|fossils]; launch [a rocket|a satellite|a probe]; invent [a new machine|a better battery|a tool]; "
        "weigh [the sample|the rock|the powder]; count [the cells|the stars|the samples]; look through the microscope; write up the results"
    ),
    "media": (
        "read [the book|the novel|the article|the review|the script]; watch [the film|the new series|the trailer|the news|a documentary]; "
        "write [a novel|a review|an article|the script|a blog post]; review [the film|the book|the new album|the show]; recommend {thing} to {people}; "
        "film [the scene|an interview|a documentary]; direct [the film|a new play|the series]; act in [a film|a play|the series]; "
        "finish [the book|the series|the novel|the chapter]; start [a new book|the series|a podcast|a blog]; download [the podcast|the episode|the app]; "
        "share [the article|the video|the link|the review]; enjoy {thing}; skip [the ending|the adverts|the first chapter|the trailer]; "
        "reread [the book|the last chapter|the letter]; publish [the article|a novel|the interview|the review]; edit [the article|the film|the video|the chapter]; "
        "discuss [the book|the ending|the plot|the news]; listen to [a podcast|the radio|the news]"
    ),
    "weather": (
        "check [the forecast|the sky|the temperature]; expect [rain|snow|strong wind|sunshine|a storm]; bring [an umbrella|a raincoat|a warm coat|sunscreen]; "
        "wear [a raincoat|a hat|warm boots|a thick coat|sunglasses]; close [the windows|the shutters]; watch [the clouds|the storm|the sky|the forecast]; "
        "wait for [the rain to stop|the sun|better weather|the storm to pass]; clear [the snow|the ice|the leaves] from [the path|the car|the roof]; "
        "warn {people} about [the storm|the heat|the ice on the roads|the floods]; stay indoors; dry the wet clothes; walk in the rain"
    ),
    "animals": (
        "feed [the chickens|the horses|the cats|the ducks|the animals]; walk [the dog|the puppy]; brush [the horse|the dog|the cat]; train [the dog|the puppy|the horse]; "
        "watch {things}; milk the cows; count [the sheep|the chickens|the eggs]; chase [the cat|a ball|the birds]; find [a lost kitten|a nest|the missing dog]; "
        "rescue [a dog|a kitten|an injured bird|a horse]; adopt [a dog|a cat|a rescue puppy]; clean [the cage|the stable|the hutch|the bowl]; "
        "build [a kennel|a bird house|a hutch|a new fence]; protect [the lambs|the chickens|the nests] from [foxes|the cold]; follow [the tracks|the herd|the dog]; "
        "take the dog to the vet; collect the eggs"
    ),
    "garden": (
        "plant [tulips|potatoes|roses|young trees|beans]; water [the plants|the roses|the tomatoes|the lawn]; pick [strawberries|apples|beans|flowers|tomatoes]; "
        "prune [the roses|the apple tree|the hedge]; dig [the vegetable patch|a hole|the soil|a new bed]; sow [seeds|carrots|peas|grass seed]; "
        "weed [the flower beds|the path|the vegetable patch]; mow the lawn; rake [the leaves|the lawn|the soil]; harvest [the potatoes|the wheat|the apples|the crops]; "
        "grow {things}; cut [the grass|the hedge|some roses|the branches]; feed [the roses|the soil|the tomatoes]; spread [compost|mulch|manure] on [the beds|the soil|the lawn]; "
        "protect [the plants|the seedlings|the fruit] from [frost|slugs|birds|the wind]; move [the pots|the bench|the wheelbarrow]; "
        "fill [the pots|the watering can|a wheelbarrow] with [soil|water|compost]; sell [vegetables|eggs|flowers|apples] at {place}"
    ),
}


def _topic(name, people, places, things, stuff, adjs, events) -> Topic:
    vps = tuple(v.strip() for v in TOPIC_VPS[name].split(";"))
    return Topic(name, _words(people), _words(places), _words(things), _words(stuff), _words(adjs), vps, _words(events))


TOPICS: tuple[Topic, ...] = (
    _topic(
        "cooking",
        "cook, chef, baker, waiter, waitress, butcher, grocer, dinner guest, food writer, kitchen porter, host, neighbour, grandmother, "
        "flatmate",
        "kitchen, restaurant, bakery, market, cafe, dining room, supermarket, food stall, canteen, farm shop, deli, pizza place, noodle "
        "bar, tea room",
        "pan, pot, oven, knife, bowl, plate, spoon, fork, recipe, cake, sandwich, pie, salad, onion, carrot, egg, apple, lemon, tomato, "
        "potato, loaf, cookbook, cup, mug, jar, tray, chopping board, menu, dish, meal, lunch box, biscuit, pancake, pepper, cucumber, "
        "orange, banana, peach, pear, mushroom, lentil, bean, sausage, tart, muffin, omelette, kettle, fridge, freezer, blender, toaster, "
        "grill, napkin, teapot",
        "soup, bread, rice, pasta, cheese, butter, flour, sugar, salt, milk, coffee, tea, sauce, fish, meat, oil, honey, jam, garlic, "
        "chocolate, cream, yoghurt, fruit, food, dough, spinach, broth, pastry, porridge, toast, juice, water, vinegar, chicken, beef, "
        "ginger, cinnamon, lettuce, cabbage, corn, seafood, dessert, breakfast, dinner, lunch, flavour",
        "fresh, hot, spicy, sweet, salty, tasty, crispy, ripe, bitter, creamy, delicious, bland, greasy, tender, juicy, crunchy, warm, "
        "homemade, sour, rich, light, healthy, stale, smoky, soft, golden, thick, thin, burnt, raw, simple",
        "dinner party, picnic, barbecue, cooking class, birthday lunch, tasting, family meal, bake sale, food festival, breakfast",
    ),
    _topic(
        "travel",
        "traveller, tourist, pilot, passenger, driver, guide, ticket inspector, hotel guest, receptionist, backpacker, sailor, taxi driver, "
        "flight attendant, bus driver, porter, cyclist, hiker, ferry captain, border guard",
        "airport, station, hotel, harbour, beach, island, coast, border, motorway, platform, hostel, port, city centre, old town, campsite, "
        "ferry terminal, bus stop, car park, village, mountain pass, seaside town, museum, castle",
        "ticket, passport, suitcase, map, train, bus, plane, ferry, taxi, car, bicycle, bag, backpack, guidebook, postcard, room, key, "
        "seat, timetable, tent, boat, route, visa, souvenir, camera, umbrella, coat, boarding pass, journey, trip, flight, road, bridge, "
        "tunnel, hill, view, queue, booking, receipt, rucksack, motorbike, van, coach, cabin",
        "luggage, traffic, fuel, petrol, travel insurance, sunscreen, money, time, weather, rain, sunshine, fog, snow, information, "
        "accommodation, public transport, sightseeing, jet lag, space",
        "busy, quiet, crowded, late, early, long, short, cheap, expensive, comfortable, scenic, remote, famous, direct, slow, fast, "
        "foreign, local, sunny, rainy, steep, narrow, peaceful, lovely, noisy, modern, historic",
        "holiday, road trip, day trip, weekend away, cruise, tour, flight, train journey, walking holiday, business trip, school trip",
    ),
    _topic(
        "health",
        "doctor, nurse, patient, dentist, surgeon, pharmacist, paramedic, physiotherapist, midwife, receptionist, carer, specialist, vet, "
        "chemist, therapist, health visitor",
        "hospital, clinic, surgery, pharmacy, waiting room, ward, health centre, gym, dentist's office, care home, emergency room",
        "appointment, prescription, bandage, pill, tablet, injection, plaster, thermometer, test, scan, x-ray, wound, cough, cold, "
        "headache, fever, rash, symptom, treatment, operation, check-up, diet, habit, muscle, bone, heart, lung, knee, back, arm, leg, "
        "hand, finger, tooth, eye, ear, stomach, skin, blood test, vaccine, injury, allergy, disease",
        "medicine, blood, sleep, exercise, water, rest, pain, advice, care, health, blood pressure, stress, sugar, salt, fat, fibre, "
        "protein, weight, fitness, hygiene, oxygen, soap, surgery, first aid",
        "healthy, ill, sick, tired, sore, painful, serious, mild, regular, gentle, careful, calm, strong, weak, fit, stiff, swollen, dizzy, "
        "better, worse, normal, high, low, daily, deep, sharp, dull, safe",
        "appointment, check-up, operation, recovery, visit, fitness class, health campaign, night shift, training course",
    ),
    _topic(
        "money",
        "banker, accountant, customer, shop owner, investor, tax adviser, cashier, landlord, tenant, buyer, seller, manager, clerk, saver, "
        "borrower, lender, business owner, economist",
        "bank, office, shop, market, post office, cash machine, branch, stock exchange, online shop, building society",
        "account, loan, bill, receipt, budget, price, payment, credit card, debit card, coin, note, wallet, purse, salary, wage, pension, "
        "mortgage, invoice, contract, deposit, discount, bargain, fee, tax, cheque, spreadsheet, share, fund, portfolio, savings account, "
        "rent, debt, profit, loss, cost, offer, balance, interest rate, statement, bank transfer",
        "money, cash, interest, credit, income, tax, insurance, change, rent, value, wealth, debt, inflation, advice, paperwork, banking, "
        "spending, business, trade",
        "cheap, expensive, costly, free, fair, low, high, monthly, yearly, annual, careful, safe, risky, extra, total, affordable, overdue, "
        "secure, steady, generous, tight, late, early, small, large",
        "sale, auction, meeting, audit, tax year, price rise, budget review, interview, deal, fundraiser",
    ),
    _topic(
        "sport",
        "player, coach, referee, runner, swimmer, goalkeeper, striker, captain, fan, athlete, cyclist, boxer, team doctor, tennis player, "
        "climber, skier, rower, umpire, champion, trainer, beginner, club member",
        "stadium, pitch, pool, track, gym, court, field, sports centre, changing room, ski slope, golf course, club house, racecourse, "
        "boxing ring, climbing wall",
        "ball, goal, match, race, team, medal, trophy, racket, net, helmet, bat, bike, shirt, shoe, whistle, score, season, league, game, "
        "point, lap, record, injury, knee, muscle, jersey, glove, skateboard, tournament, penalty, kick, finish line, training plan, "
        "stopwatch, water bottle, energy bar",
        "football, tennis, cricket, rugby, basketball, golf, hockey, swimming, cycling, running, training, practice, sweat, energy, speed, "
        "strength, fitness, skill, stamina, team spirit, yoga",
        "fast, slow, strong, tired, fit, fair, tough, close, exciting, quick, brave, young, professional, amateur, famous, long, hard, "
        "easy, final, best, proud, nervous, weekly, wet",
        "match, race, final, tournament, marathon, training session, cup game, friendly, season, championship, relay",
    ),
    _topic(
        "work",
        "manager, colleague, engineer, secretary, designer, boss, intern, clerk, assistant, director, builder, cleaner, salesman, worker, "
        "employee, employer, trainer, team leader, customer, client, supplier, receptionist, editor",
        "office, factory, warehouse, meeting room, workshop, studio, building site, shop floor, head office, desk, lab, call centre, "
        "reception, canteen",
        "report, email, meeting, project, deadline, contract, task, job, shift, schedule, computer, printer, phone, document, file, "
        "presentation, team, plan, list, letter, form, interview, proposal, idea, problem, solution, tool, machine, uniform, badge, note, "
        "chart, product, order, delivery, box, ladder",
        "work, paperwork, training, feedback, overtime, equipment, information, software, furniture, progress, research, experience, "
        "support, teamwork, time, coffee",
        "busy, late, urgent, important, new, difficult, simple, boring, useful, clear, careful, final, weekly, daily, short, long, "
        "friendly, helpful, strict, remote, full-time, part-time, quiet, tired",
        "meeting, interview, training day, conference, shift, review, launch, office party, strike, deadline",
    ),
    _topic(
        "law",
        "lawyer, judge, police officer, witness, juror, defendant, solicitor, clerk, mayor, politician, minister, voter, official, citizen, "
        "council member, inspector, detective, officer, tenant, landlord",
        "court, town hall, police station, parliament, council office, prison, embassy, courtroom, city hall, polling station",
        "law, rule, contract, case, trial, verdict, fine, licence, permit, vote, election, policy, tax, right, form, complaint, agreement, "
        "report, crime, arrest, sentence, appeal, charge, ruling, decision, document, signature, will, lease, fee, deadline, budget, plan, "
        "hearing",
        "evidence, justice, advice, permission, security, safety, traffic, noise, law and order, paperwork, damage, compensation, "
        "democracy, freedom",
        "legal, illegal, fair, unfair, public, private, local, national, new, strict, guilty, innocent, official, formal, serious, clear, "
        "long, important, final, recent",
        "trial, election, hearing, debate, meeting, inquiry, protest, campaign, vote, ceremony",
    ),
    _topic(
        "school",
        "teacher, student, pupil, head teacher, classmate, tutor, professor, parent, librarian, lecturer, scientist, researcher, child, "
        "learner, reader, writer, examiner",
        "school, classroom, library, university, college, playground, lab, lecture hall, study, nursery, hall, campus",
        "book, lesson, exam, test, essay, pencil, pen, notebook, desk, question, answer, subject, course, class, homework task, grade, "
        "mark, report, project, page, chapter, map, dictionary, calculator, ruler, timetable, textbook, degree, certificate, experiment, "
        "word, sentence, story, poem, problem, example, rule, diagram, idea",
        "homework, maths, history, science, geography, music, art, reading, writing, knowledge, information, research, chemistry, physics, "
        "biology, grammar, spelling, literature, education, practice, attention",
        "clever, hard, easy, difficult, useful, interesting, boring, clear, simple, new, careful, quiet, curious, correct, wrong, short, "
        "long, final, weekly, important, helpful, patient",
        "lesson, exam, school trip, sports day, parents' evening, lecture, class, term, holiday, graduation, spelling test",
    ),
    _topic(
        "music",
        "singer, musician, pianist, guitarist, drummer, violinist, composer, conductor, band member, choir member, dancer, actor, painter, "
        "artist, writer, poet, photographer, audience member, music teacher, student",
        "concert hall, theatre, studio, stage, gallery, club, festival, church, music school, opera house, bar, square",
        "song, concert, album, guitar, piano, violin, drum, band, choir, orchestra, ticket, stage, melody, tune, note, lyric, record, "
        "performance, painting, picture, poem, play, film, scene, show, dance, rehearsal, instrument, microphone, speaker, scale, chord, "
        "lesson, festival, photograph, sculpture, novel",
        "music, jazz, rock, folk music, classical music, art, poetry, rhythm, applause, noise, talent, practice, sound, silence, dancing, "
        "theatre",
        "loud, soft, beautiful, catchy, famous, new, old, live, slow, fast, sad, happy, lively, moving, talented, gentle, bright, dark, "
        "modern, classical, strange, quiet, local",
        "concert, rehearsal, festival, tour, exhibition, premiere, recital, show, audition, open-air concert",
    ),
    _topic(
        "nature",
        "farmer, gardener, ranger, walker, fisherman, bird watcher, shepherd, scientist, forester, beekeeper, hunter, photographer, "
        "villager",
        "forest, river, lake, mountain, valley, field, meadow, hill, coast, beach, island, desert, wood, pond, stream, marsh, cave, cliff, "
        "garden, farm, orchard, park, moor",
        "tree, flower, bird, leaf, rock, stone, cloud, storm, wave, seed, branch, nest, egg, insect, bee, butterfly, fox, deer, rabbit, "
        "owl, frog, fish, snake, squirrel, mouse, duck, goose, horse, cow, sheep, goat, path, footprint, shadow, rainbow, sunset, sunrise, "
        "season, flood, fire, root, mushroom, berry, feather",
        "rain, snow, wind, sunshine, grass, water, soil, mud, ice, sand, air, light, weather, fog, frost, wood, wildlife, dust, heat, "
        "smoke, moss, darkness",
        "wild, green, tall, cold, warm, wet, dry, dark, bright, quiet, gentle, strong, deep, shallow, rocky, steep, sandy, thick, ancient, "
        "rare, common, beautiful, muddy, frozen, calm, stormy, grey",
        "walk, storm, harvest, flood, hike, fishing trip, bird count, camping trip, spring, winter, summer, autumn",
    ),
    _topic(
        "home",
        "family, mother, father, parent, child, son, daughter, brother, sister, grandmother, grandfather, baby, uncle, aunt, cousin, "
        "neighbour, friend, guest, flatmate, husband, wife, partner, landlord, plumber, electrician",
        "house, flat, kitchen, bedroom, living room, bathroom, garden, garage, hall, attic, cellar, balcony, street, home, yard, staircase, "
        "shed",
        "door, window, table, chair, bed, sofa, lamp, carpet, curtain, shelf, cupboard, clock, picture, mirror, key, light, heater, fan, "
        "towel, pillow, blanket, drawer, vase, plant, rug, fence, gate, roof, wall, floor, sink, bath, shower, washing machine, dishwasher, "
        "bin, basket, box, letter, parcel, phone, television, radio, photo, toy, dog, cat, bird cage, doorbell, candle, bucket, broom, "
        "ladder, hammer, screwdriver, drill, bulb",
        "furniture, laundry, rubbish, dust, paint, heating, electricity, water, noise, light, space, housework, cleaning, washing, "
        "shopping, dinner, breakfast, rent, peace, comfort",
        "clean, dirty, tidy, messy, warm, cold, cosy, small, large, old, new, bright, dark, quiet, noisy, comfortable, broken, empty, full, "
        "wooden, soft, heavy, modern, spare, shared",
        "birthday, wedding, move, party, family dinner, visit, holiday, weekend, spring clean, house warming",
    ),
    _topic(
        "computing",
        "programmer, developer, engineer, user, designer, tester, student, admin, data scientist, analyst, support worker, maintainer, "
        "beginner, team",
        "office, lab, server room, startup, data centre, home office, library, classroom",
        "computer, laptop, program, function, file, folder, server, database, website, app, bug, error, test, password, screen, keyboard, "
        "mouse, printer, cable, network, script, loop, variable, list, table, query, button, page, message, update, backup, version, "
        "branch, commit, log, module, class, feature, tool, command, project, terminal, editor, key, record, user account, phone, robot, "
        "chip",
        "code, software, data, memory, storage, power, information, text, documentation, feedback, traffic, security, access, progress, "
        "time, output, input, spam",
        "new, old, slow, fast, simple, broken, secure, useful, clean, messy, online, offline, small, large, short, long, empty, correct, "
        "wrong, default, private, public, local, remote",
        "release, launch, meeting, code review, outage, hackathon, demo, upgrade, training course, migration",
    ),
    _topic(
        "city",
        "shopkeeper, driver, mayor, police officer, street cleaner, tourist, commuter, resident, builder, architect, postman, busker, "
        "market trader, council worker, neighbour, stranger, cyclist",
        "street, square, park, market, station, library, museum, bridge, road, shop, cinema, theatre, hotel, church, tower, corner shop, "
        "bus stop, town hall, high street, car park, playground, shopping centre",
        "building, bus, tram, car, bike, sign, light, bench, fountain, statue, crowd, queue, ticket, map, newspaper, traffic light, "
        "crossing, pavement, lamp post, shop window, poster, flat, office, tower block, cafe, stall, lane, alley, corner, route, parking "
        "space, roundabout",
        "traffic, noise, pollution, rubbish, rain, public transport, parking, housing, business, tourism, crime, construction, space, "
        "history, nightlife, street food",
        "busy, crowded, quiet, noisy, clean, dirty, modern, old, historic, narrow, wide, famous, local, new, safe, expensive, cheap, "
        "lively, grey, green, central, empty",
        "market day, street party, parade, festival, protest, election, opening, fair, rush hour, fireworks",
    ),
    _topic(
        "shopping",
        "shopper, customer, shop assistant, cashier, owner, seller, buyer, manager, delivery driver, tailor, hairdresser, florist, "
        "jeweller, optician",
        "shop, supermarket, market, mall, shopping centre, bookshop, shoe shop, chemist, bakery, online store, flower shop, hardware store, "
        "department store, charity shop",
        "dress, shirt, coat, jacket, shoe, boot, hat, scarf, glove, bag, wallet, watch, ring, umbrella, jumper, pair of jeans, skirt, suit, "
        "sock, belt, sofa, lamp, phone, laptop, camera, book, toy, gift, present, basket, trolley, receipt, price tag, bargain, discount, "
        "sale, size, colour, brand, label, parcel, order",
        "clothing, furniture, jewellery, shopping, money, cash, change, food, stock, quality, service, value, packaging, delivery, fabric, "
        "cotton, wool, leather, silk, plastic, glass",
        "cheap, expensive, new, second-hand, soft, warm, tight, loose, smart, casual, bright, dark, small, large, cheerful, fashionable, "
        "comfortable, sturdy, flimsy, handmade, good, poor",
        "sale, opening, delivery, shopping trip, market day, order, refund, gift hunt",
    ),
    _topic(
        "science",
        "scientist, researcher, chemist, physicist, biologist, astronomer, engineer, doctor, student, inventor, explorer, geologist, "
        "technician, professor, pilot",
        "lab, observatory, university, museum, field station, space station, hospital, factory, research ship",
        "experiment, theory, test, result, sample, microscope, telescope, planet, star, moon, atom, cell, gene, battery, magnet, engine, "
        "machine, rocket, satellite, fossil, crystal, volcano, earthquake, wave, signal, measurement, graph, model, question, discovery, "
        "invention, instrument, orbit, molecule, virus, plant",
        "energy, light, heat, water, air, gravity, electricity, oxygen, carbon, carbon dioxide, iron, metal, gas, pressure, temperature, "
        "speed, sound, data, evidence, research, radiation, power",
        "new, old, small, large, bright, dark, hot, cold, heavy, light, fast, slow, strong, weak, solid, liquid, careful, exact, rare, "
        "common, natural, modern, early, simple, complex",
        "experiment, launch, discovery, eclipse, expedition, conference, lecture, field trip",
    ),
    _topic(
        "media",
        "reader, writer, author, actor, director, journalist, reporter, critic, viewer, audience, editor, presenter, producer, blogger, "
        "fan, narrator, hero, villain",
        "cinema, theatre, bookshop, library, studio, newsroom, festival, sofa, living room",
        "book, novel, film, movie, story, plot, character, ending, scene, chapter, page, episode, series, show, game, article, magazine, "
        "newspaper, review, podcast, video, app, website, song, joke, script, trailer, actor, poster, headline, interview, camera, channel, "
        "screen, cover, sequel, documentary, comedy, thriller",
        "news, music, dialogue, humour, action, romance, drama, advice, information, entertainment, suspense, writing, acting, photography, "
        "animation",
        "funny, sad, exciting, boring, moving, clever, long, short, slow, dull, gripping, charming, silly, dark, beautiful, scary, popular, "
        "new, old, famous, brilliant, awful, clumsy, fresh",
        "premiere, book launch, festival, interview, broadcast, season finale, book club, screening",
    ),
    _topic(
        "weather",
        "forecaster, farmer, sailor, pilot, walker, driver, gardener, child",
        "coast, hills, city, valley, north, south, east, west, countryside, beach, mountains, island",
        "storm, cloud, shower, breeze, gale, forecast, umbrella, raincoat, puddle, rainbow, sunrise, sunset, thunderstorm, heatwave, "
        "season, day, morning, evening, night, week, drought, flood, sky, temperature",
        "rain, snow, wind, sunshine, fog, frost, ice, hail, thunder, lightning, heat, mist, weather, drizzle, humidity, air pressure, "
        "daylight",
        "sunny, cloudy, rainy, windy, snowy, foggy, stormy, cold, warm, hot, cool, mild, dry, wet, icy, grey, bright, clear, heavy, light, "
        "strong, freezing, humid",
        "storm, heatwave, cold snap, flood, dry spell, snowfall, frost",
    ),
    _topic(
        "animals",
        "vet, farmer, zookeeper, pet owner, dog walker, trainer, shepherd, child, keeper",
        "zoo, farm, field, forest, barn, stable, pond, river, park, kennel, garden, nest",
        "dog, cat, horse, cow, sheep, pig, goat, chicken, duck, rabbit, mouse, bird, parrot, owl, eagle, fox, wolf, bear, lion, tiger, "
        "elephant, monkey, whale, dolphin, shark, frog, snake, turtle, bee, ant, spider, butterfly, puppy, kitten, lamb, calf, tail, paw, "
        "wing, feather, nest, lead, collar, cage, bowl, hive",
        "fur, milk, wool, honey, food, hay, grass, water, meat, fish, seed, wildlife, livestock",
        "wild, tame, young, old, small, large, fast, slow, hungry, friendly, shy, fierce, loyal, playful, lazy, clever, noisy, quiet, "
        "brown, black, white, spotted, striped, fluffy",
        "walk, show, feeding time, birth, rescue, visit, spring",
    ),
    _topic(
        "garden",
        "gardener, farmer, neighbour, grower, florist, beekeeper, volunteer, child, landscaper",
        "garden, allotment, greenhouse, orchard, field, farm, vegetable patch, shed, flower bed, lawn, park",
        "seed, flower, rose, tulip, tree, bush, hedge, vegetable, tomato, bean, pea, potato, carrot, onion, pumpkin, strawberry, apple "
        "tree, spade, rake, hose, watering can, wheelbarrow, pot, bucket, glove, weed, leaf, root, branch, fence, path, bench, pond, crop, "
        "harvest, tractor, scarecrow, sunflower",
        "soil, compost, water, grass, sunlight, rain, manure, mulch, fruit, wheat, corn, hay, shade, frost, growth",
        "green, tall, young, ripe, fresh, wild, dry, wet, sunny, shady, healthy, tidy, overgrown, colourful, sweet, early, late, organic, "
        "busy",
        "harvest, spring, summer, autumn, flower show, open day, planting season",
    ),
)
TOPIC_BY_NAME: dict[str, Topic] = {t.name: t for t in TOPICS}

# --------------------------------------------------------------------------- lexicon: general words

FIRST_NAMES_F: tuple[str, ...] = _words(
    "Anna, Clara, Elena, Grace, Irene, Kira, Maya, Olivia, Rosa, Tara, Alice, Beth, Chloe, Dora, Emma, Fatima, Gina, "
    "Hannah, Isla, Julia, Katie, Lena, Lucy, Mia, Nina, Priya, Ruth, Sara, Sofia, Uma, Vera, Wendy, Yasmin, Zoe, Amira, "
    "Ingrid, Leila, Marta, Nadia, Paula, Helen, Jane, Laura, Mary, Sally, Joy, Mei, Aisha, Eva, Ellie"
)
FIRST_NAMES_M: tuple[str, ...] = _words(
    "Ben, David, Farid, Hugo, Jonas, Leo, Nikolai, Paul, Samuel, Victor, Adam, Carlos, Daniel, Ethan, Felix, George, "
    "Harry, Ivan, Jack, Karl, Liam, Marco, Noah, Omar, Peter, Raj, Simon, Tom, Umar, Will, Yusuf, Arjun, Bruno, Chen, "
    "Dev, Erik, Frank, Greg, Henry, Joe, Kofi, Luis, Mark, Nick, Oscar, Pablo, Ravi, Sam, Theo, Tim"
)
SURNAMES: tuple[str, ...] = _words(
    "Adler, Brooks, Castillo, Dumont, Evans, Fischer, Garcia, Hansen, Ito, Jensen, Kowalski, Larsen, Moreau, Novak, "
    "Okafor, Petrov, Quinn, Rossi, Silva, Tanaka, Baker, Carter, Davies, Ellis, Foster, Green, Hill, Hughes, Jones, "
    "King, Lewis, Miller, Morgan, Parker, Patel, Price, Reed, Shaw, Smith, Taylor, Turner, Walker, Ward, White, Wood, "
    "Young, Khan, Singh, Nguyen, Kim, Lopez, Murphy, Byrne, Walsh, Olsen, Berg, Costa, Mensah, Haddad, Weber"
)
PRONOUNS: tuple[tuple[str, str, str, str], ...] = (
    # subject, object, possessive, agreement
    ("I", "me", "my", "1s"), ("you", "you", "your", "pl"), ("he", "him", "his", "3s"), ("she", "her", "her", "3s"),
    ("we", "us", "our", "pl"), ("they", "them", "their", "pl"),
)
POSSESSIVES: tuple[str, ...] = ("my", "your", "his", "her", "our", "their")
RELATIVES: tuple[str, ...] = _words(
    "mother, father, sister, brother, aunt, uncle, cousin, grandmother, grandfather, son, daughter, best friend, "
    "neighbour, boss, teacher, flatmate, husband, wife, partner, friend, colleague, doctor, little brother, older sister"
)
ADJECTIVES: tuple[str, ...] = _words(
    "old, young, small, large, big, little, quiet, busy, bright, dark, warm, cold, heavy, light, new, tired, happy, sad, "
    "careful, strange, famous, empty, full, wooden, broken, clean, tall, short, kind, clever, beautiful, tiny, huge, "
    "noisy, gentle, angry, curious, lonely, simple, difficult, easy, important, interesting, useful, expensive, cheap, "
    "good, bad, great, nice, fine, long, wide, narrow, deep, fresh, hot, cool, soft, hard, strong, weak, rich, poor, "
    "early, late, slow, quick, fast, friendly, polite, rude, honest, brave, calm, nervous, proud, lucky, busy, famous, "
    "serious, funny, silly, strict, patient, modern, ancient, local, foreign, public, private, real, special, common, "
    "rare, safe, dangerous, dirty, tidy, messy, comfortable, healthy, ready, free, open, closed, pleasant, awful, "
    "wonderful, terrible, perfect, normal, usual, whole, main, green, red, blue, yellow, white, black, grey, brown"
)
COLOURS: tuple[str, ...] = _words("red, blue, green, yellow, white, black, grey, brown, orange, pink, purple, silver, golden, dark blue, pale green")
INTENSIFIERS: tuple[str, ...] = _words("very, really, quite, rather, so, extremely, fairly, pretty, surprisingly, truly, a little, a bit, incredibly, too")
ADVERBS_MANNER: tuple[str, ...] = _words(
    "slowly, quickly, carefully, quietly, loudly, gently, happily, suddenly, easily, badly, well, hard, patiently, "
    "politely, proudly, nervously, calmly, softly, properly, together, alone, again, early, late, at once, by hand, "
    "without a word, in silence, with care, in a hurry, for a while, on purpose, by mistake"
)
FREQUENCY: tuple[str, ...] = _words("always, usually, often, sometimes, rarely, never, normally, occasionally, hardly ever, generally")
TIMES_PAST: tuple[str, ...] = _words(
    "yesterday, last week, last night, last year, on Monday, on Tuesday, on Wednesday, on Thursday, on Friday, "
    "on Saturday, on Sunday, in the morning, in the afternoon, that evening, after lunch, before dinner, at night, "
    "an hour later, a few days later, the next morning, two years ago, long ago, at the weekend, in the summer, "
    "in the winter, last spring, during the storm, after work, after school, at the end of the day, at midnight, "
    "at dawn, on the first day, on her birthday, on his birthday, just before noon, in March, in October, at last"
)
TIMES_GENERIC: tuple[str, ...] = _words(
    "every day, every morning, every evening, on Sundays, at the weekend, in the morning, after work, before bed, "
    "once a week, twice a month, every year, in winter, in summer, during the week, at lunchtime, on weekdays, "
    "every few days, in the holidays, at night, most evenings, after school, from time to time"
)
TIMES_FUTURE: tuple[str, ...] = _words(
    "tomorrow, next week, next month, next year, soon, later today, on Friday, at the weekend, in the spring, "
    "this evening, in a few days, after the holidays, one day, before long, by the end of the month"
)
MONTHS: tuple[str, ...] = _words("January, February, March, April, May, June, July, August, September, October, November, December")
DAYS: tuple[str, ...] = _words("Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday")
FEELINGS: tuple[str, ...] = _words(
    "happy, sad, tired, excited, nervous, worried, proud, surprised, angry, bored, calm, hungry, relieved, lonely, "
    "grateful, confused, cheerful, annoyed, pleased, disappointed, sleepy, afraid"
)
CONTROL_VERBS: tuple[str, ...] = _words(
    "decide, want, try, forget, hope, manage, promise, need, plan, agree, refuse, learn, offer, like, love, hate, "
    "prefer, start, begin, choose, wish, expect, remember, fail, seem"
)
SAY_VERBS: tuple[str, ...] = _words("said, asked, replied, shouted, whispered, laughed, added, answered, explained, called, admitted, suggested")
THINK_VERBS: tuple[str, ...] = _words("think, believe, know, hope, feel, guess, suppose, expect, agree, doubt")
GENERIC_VPS: tuple[str, ...] = _words(
    "go home, come back, wait for a bus, look out of the window, open the door, close the window, make a cup of tea, "
    "call a friend, walk the dog, read the news, take a photo, write a short note, go to bed early, get up early, "
    "sit down, stand up, have a rest, watch the rain, go for a walk, take a break, leave the house, lock the door, "
    "tidy the room, ask for help, say thank you, tell the truth, change the plan, keep a promise, lose the way, "
    "find the answer, miss the bus, catch a cold, feel better, make a mistake, make a decision, pay the bill, "
    "turn off the lights, clean the windows, do the shopping, wash the dishes, learn something new, try again, "
    "have lunch, meet a friend, visit a museum, buy a newspaper, carry the bags, climb the stairs, give a speech, "
    "have a shower, take the stairs, listen to the radio, spend the day outside, stay at home, start a new job, "
    "move to a new city, save some money, fix the old bike, plant a tree, bake a cake, write a letter, run for the bus"
)

# --------------------------------------------------------------------------- grammar


def pick(rng: random.Random, seq):
    return seq[rng.randrange(len(seq))]


def comparative(adj: str) -> str:
    irregular = {"good": "better", "bad": "worse", "far": "further", "little": "smaller", "well": "better"}
    if adj in irregular:
        return irregular[adj]
    if " " in adj or "-" in adj or len(adj) > 7 or adj.endswith(("ful", "ous", "ing", "ed", "ive", "al", "ic", "less", "ish", "ant", "ent")):
        return f"more {adj}"
    if adj.endswith("y"):
        return adj[:-1] + "ier"
    if adj.endswith("e"):
        return adj + "r"
    if adj in ("big", "hot", "wet", "thin", "sad", "fat", "red", "fit", "slim", "dim"):
        return adj + adj[-1] + "er"
    return adj + "er"


def superlative(adj: str) -> str:
    comp = comparative(adj)
    if comp.startswith("more "):
        return "most " + adj
    irregular = {"better": "best", "worse": "worst", "further": "furthest", "smaller": "smallest"}
    return irregular.get(comp, comp[:-2] + "est")


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


MADE_THINGS_TOPICS = frozenset(("home", "shopping", "work", "city", "computing", "travel"))


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


DONTS = ("do not", "never", "try not to", "don't")


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


class ReviewKind(NamedTuple):
    items: tuple[str, ...]
    """What is reviewed (singular nouns)."""
    aspects: tuple[str, ...]
    """Parts or qualities that a review comments on (singular or mass nouns)."""
    good: tuple[str, ...]
    """Sentences of praise; {aspect}, {item}, {n}, {name} may appear."""
    bad: tuple[str, ...]
    """Sentences of complaint."""
    verb: str
    """What one does with it: 'used', 'watched', 'read', 'stayed at', ..."""


def _agreeing(template: str) -> str:
    """'{aspect} is' -> '{aspect} {is}' (and was, are, look), so the verb can agree with a plural aspect."""
    for alone in ("", " alone"):
        for verb, slot in (("is", "{is}"), ("are", "{is}"), ("was", "{was}"), ("look", "{look}"), ("lasts", "{lasts}")):
            template = template.replace(f"{{aspect}}{alone} {verb} ", f"{{aspect}}{alone} {slot} ")
    return template


def _kind(items, aspects, good, bad, verb) -> ReviewKind:
    return ReviewKind(_words(items), _words(aspects), tuple(map(_agreeing, good.split("|"))), tuple(map(_agreeing, bad.split("|"))), verb)


def _is_plural(noun: str) -> bool:
    return noun.endswith("s") and not noun.endswith(("ss", "us", "is", "ics")) and noun not in ("news", "wifi")


REVIEW_KINDS: tuple[ReviewKind, ...] = (
    _kind(
        "kettle, blender, vacuum cleaner, pair of headphones, phone, laptop, camera, tent, backpack, rain jacket, pair of boots, "
        "scarf, mattress, office chair, desk lamp, hair dryer, sewing machine, toaster, coffee machine, drill, bike, watch, "
        "umbrella, suitcase, printer, keyboard, speaker, frying pan, water bottle, thermostat, electric toothbrush, iron, "
        "lawn mower, fan, heater, rucksack, pair of gloves, winter coat, pillow, duvet, tablet, charger, smart watch, kitchen scale",
        "battery, sound, screen, build quality, design, price, instructions, fabric, handle, zip, strap, lid, buttons, motor, "
        "fit, colour, size, cable, packaging, delivery, material, weight, finish, stitching, wheels, display, noise level",
        "It works exactly as described.|Setting it up took only a few minutes.|After {n} months of daily use it still works like new.|"
        "For the price, it is a real bargain.|It arrived a day early and was well packed.|It is light, quiet and easy to clean.|"
        "The {aspect} is excellent and feels solid.|My whole family uses it every day.|It does the job perfectly.|"
        "It is much better than the one I had before.|The {aspect} is even nicer than in the pictures.|It feels well made and sturdy.|"
        "It saves me a lot of time every morning.|Even my {relative} could use it without reading the manual.|"
        "The {aspect} lasts far longer than I expected.|It survived a long trip without a scratch.",
        "It does not work as described.|Setting it up took over an hour because the instructions made no sense.|It stopped working after {n} days.|"
        "For the price, it is a waste of money.|The package arrived late and the box was damaged.|It is heavy, loud and hard to clean.|"
        "The {aspect} is poor and feels cheap.|Customer service never answered my emails.|The {aspect} broke the second time I used it.|"
        "It is much worse than the one I had before.|The {aspect} looks nothing like the pictures.|It feels flimsy and badly made.|"
        "It makes a strange noise and smells of burning.|The {aspect} came loose within a week.|"
        "The {aspect} barely lasts a day.|It arrived with a crack down one side.",
        "used",
    ),
    _kind(
        "film, movie, comedy, thriller, drama, documentary, cartoon, romance, horror film, space adventure, musical, "
        "family film, crime drama, war film, animated film, sequel, TV series, mini series, short film",
        "acting, plot, story, script, ending, jokes, music, soundtrack, special effects, characters, dialogue, pace, "
        "photography, cast, humour, action scenes, opening scene, lead actor, villain, costumes",
        "The acting is superb, especially from the lead.|The story kept me interested from start to finish.|"
        "The music and the photography are beautiful.|Every scene feels carefully made.|The dialogue is sharp and often funny.|"
        "The ending was moving and well earned.|The characters feel real and easy to care about.|I laughed out loud several times.|"
        "The {aspect} is clever and never predictable.|It is the best thing the director has made.|"
        "The whole cast is wonderful.|The {aspect} alone is worth the ticket.|We talked about it all the way home.",
        "The acting is wooden, even from the lead.|The story lost me after twenty minutes.|The music is loud and the photography is dull.|"
        "Many scenes feel rushed and careless.|The dialogue is forced and never funny.|The ending made no sense at all.|"
        "The characters are flat and hard to care about.|I checked my watch several times.|The {aspect} is predictable from the first minute.|"
        "It is the weakest thing the director has made.|The cast looks bored.|The {aspect} is painful to sit through.|I nearly walked out.",
        "watched",
    ),
    _kind(
        "book, novel, textbook, cookbook, travel guide, biography, crime novel, children's book, history book, poetry collection, "
        "comic, short story collection, self-help book, field guide, atlas, dictionary, memoir",
        "writing, characters, plot, pictures, recipes, examples, chapters, ending, explanations, cover, print, index, "
        "maps, style, translation, first chapter, photographs",
        "The writing is clear and warm.|I could not put it down.|The {aspect} are a joy to read.|It explains difficult ideas in plain words.|"
        "Every recipe I tried worked the first time.|The pictures are lovely and helpful.|I have already read it twice.|"
        "It would make a great gift.|The {aspect} is the best part.|Perfect for beginners and experts alike.",
        "The writing is flat and hard to follow.|I gave up halfway through.|The {aspect} are full of mistakes.|It makes simple ideas sound difficult.|"
        "Several recipes simply do not work.|The pictures are blurry and small.|I will not read it again.|"
        "It is not worth the paper it is printed on.|The {aspect} is the worst part.|Useless for beginners and boring for experts.",
        "read",
    ),
    _kind(
        "restaurant, cafe, bistro, noodle bar, pizza place, pub, diner, tea room, burger bar, sushi bar, bakery, food truck, "
        "curry house, steak house, ice cream shop, seafood restaurant, canteen, vegetarian cafe",
        "food, service, staff, portions, prices, menu, desserts, coffee, atmosphere, music, waiter, soup, steak, pasta, salad, "
        "bread, chips, sauce, pizza, curry, cake, tea, wine list, terrace",
        "The staff were friendly and quick.|The food was fresh and full of flavour.|The prices were fair for what you get.|"
        "The {aspect} was the best I have had in years.|We did not have to wait at all.|The portions were generous.|"
        "It was quiet, so we could relax and talk.|The owner came over to check that everything was fine.|"
        "The {aspect} was hot, tasty and beautifully served.|The desserts are worth the trip alone.|We will definitely come back.",
        "The staff were rude and slow.|The food was cold and had no taste.|The prices were far too high.|"
        "The {aspect} was the worst I have had in years.|We waited {n} minutes before anyone came to our table.|The portions were tiny.|"
        "It was so noisy that we could not hear each other.|Nobody came to ask if everything was fine.|"
        "The {aspect} was cold, greasy and carelessly served.|The tables were sticky and the floor was dirty.|We will never come back.",
        "ate at",
    ),
    _kind(
        "hotel, guest house, hostel, campsite, holiday cottage, spa, resort, bed and breakfast, apartment, cabin, inn, motel",
        "room, bed, staff, breakfast, pool, view, location, bathroom, shower, wifi, reception, garden, parking, gym, "
        "service, welcome, balcony, heating",
        "The room was spotless and the bed was comfortable.|The staff knew the area and gave us good tips.|The breakfast was generous and varied.|"
        "The {aspect} was even better than in the photos.|It was quiet at night, so we slept well.|It is close to the station and the old town.|"
        "The {aspect} was warm and welcoming.|Everything worked and nothing was too much trouble.|We stayed {n} nights and loved every moment.",
        "The room was dusty and the bed was hard.|The staff ignored us.|The breakfast was stale and ran out early.|"
        "The {aspect} was much worse than in the photos.|It was noisy all night, so we hardly slept.|It is far from everything.|"
        "The {aspect} was cold and unfriendly.|Half the lights did not work and the shower was broken.|We stayed {n} nights and regretted every one.",
        "stayed at",
    ),
    _kind(
        "app, website, online course, gym, hairdresser, plumber, taxi firm, airline, bank, delivery service, bus company, "
        "language school, dentist, phone company, cleaning service, driving school, car rental firm, streaming service",
        "staff, price, booking, support, interface, lessons, teachers, timing, customer service, updates, trainers, "
        "website, app, refund policy, seats, drivers",
        "Booking was quick and simple.|The staff were patient and helpful.|Everything happened on time.|"
        "The {aspect} is clear and easy to use.|They fixed the problem on the first visit.|The price was lower than I expected.|"
        "I have already told all my friends about it.|The {aspect} is excellent.",
        "Booking was slow and confusing.|The staff were careless and unhelpful.|Nothing happened on time.|"
        "The {aspect} is confusing and keeps crashing.|They had to come back three times and it is still broken.|The price kept going up.|"
        "I have warned all my friends about it.|The {aspect} is a disaster.",
        "used",
    ),
    _kind(
        "concert, play, museum, exhibition, theme park, zoo, festival, guided tour, show, football match, cooking class, "
        "boat trip, walking tour, gallery, circus, escape room, wedding band, comedy night",
        "music, guide, seats, queue, tickets, sound, stage, rides, exhibits, organisation, food stalls, performers, price, "
        "crowd, lighting, timing",
        "The {aspect} was fantastic.|We had a wonderful time from start to finish.|The guide was funny and knew a lot.|"
        "It was well organised and the queues were short.|The children loved every minute.|The {aspect} made the evening special.|"
        "It was worth every penny of the ticket.",
        "The {aspect} was terrible.|We had a miserable time from start to finish.|The guide was bored and knew very little.|"
        "It was badly organised and the queues were endless.|The children were bored within minutes.|The {aspect} ruined the evening.|"
        "It was not worth half the price of the ticket.",
        "went to",
    ),
    _kind(
        "video game, board game, puzzle, card game, toy, building set, doll's house, kite, model train, jigsaw",
        "rules, graphics, story, controls, pieces, box, sound, levels, price, instructions",
        "The {aspect} are easy to learn.|We played it all weekend.|It is fun for all ages.|The {aspect} look great.|It keeps the kids busy for hours.",
        "The {aspect} are impossible to follow.|We played it once and put it away.|It is boring for all ages.|The {aspect} look cheap.|It broke within an hour.",
        "played",
    ),
)
POSITIVE_WORDS: tuple[str, ...] = _words(
    "excellent, great, wonderful, superb, impressive, delightful, outstanding, solid, fantastic, brilliant, lovely, charming, "
    "remarkable, perfect, amazing, clever, warm, beautiful, reliable, friendly, fun, smart, pleasant, gorgeous, handy, cosy"
)
NEGATIVE_WORDS: tuple[str, ...] = _words(
    "poor, terrible, disappointing, awful, weak, cheap, dull, frustrating, boring, mediocre, clumsy, forgettable, sloppy, "
    "useless, noisy, dirty, rude, broken, flimsy, confusing, overpriced, tiresome, bland, miserable, careless, shabby"
)


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
        return template.format(aspect=aspect, item=item, n=r.randint(2, 12), relative=pick(r, RELATIVES), name=pick(r, FIRST_NAMES_F + FIRST_NAMES_M),
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
    close_good = ("Highly recommended.", "I would buy it again.", "Worth every penny.", "Five stars.", "Rating: 5/5.", "Rating: 4/5.",
                  "Would recommend to anyone.", "A real gem.", "Loved it.", "Ten out of ten.")
    close_bad = ("Avoid.", "Not worth the money.", "I want a refund.", "One star.", "Rating: 1/5.", "Rating: 2/5.", "Do not bother.",
                 "Very disappointed.", "Stay away.", "Never again.", "I am sending it back.")
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
        sentences.append(pick(r, close_good if good else close_bad))
    return " ".join(sentences[: max(1, n)])


# --------------------------------------------------------------------------- lexicon: real facts


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
    "Water freezes at 0 degrees Celsius.",
    "Light travels faster than sound.",
    "The Earth orbits the Sun once a year.",
    "Sound cannot travel through empty space.",
    "Gravity pulls objects towards the centre of the Earth.",
    "The Sun is a star at the centre of the Solar System.",
    "A water molecule is made of two hydrogen atoms and one oxygen atom.",
    "Most of the air we breathe is nitrogen.",
    "Metals such as copper conduct electricity well.",
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
    ("A bicycle has two wheels.", "How many wheels does a bicycle have?", "Two"),
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
    "Cars stop when the traffic light is red.",
    "Leaves of many trees turn yellow and red in autumn.",
    "A heavy coat keeps you warm in winter.",
    "Children usually start school at the age of five or six.",
    "Fresh fruit and vegetables are part of a healthy diet.",
    "A library lends books to its members.",
    "Doctors and nurses work in hospitals.",
)

# More entries for the tables above (all true), and demonyms for the invented biographies below.
COUNTRIES += (
    Country("the Netherlands", "Amsterdam", "Europe", "Dutch"),
    Country("Belgium", "Brussels", "Europe", "Dutch, French and German"),
    Country("Austria", "Vienna", "Europe", "German"),
    Country("Denmark", "Copenhagen", "Europe", "Danish"),
    Country("Finland", "Helsinki", "Europe", "Finnish and Swedish"),
    Country("Hungary", "Budapest", "Europe", "Hungarian"),
    Country("Turkey", "Ankara", "Asia", "Turkish"),
    Country("Indonesia", "Jakarta", "Asia", "Indonesian"),
    Country("the Philippines", "Manila", "Asia", "Filipino and English"),
    Country("Pakistan", "Islamabad", "Asia", "Urdu and English"),
    Country("Nigeria", "Abuja", "Africa", "English"),
    Country("Ghana", "Accra", "Africa", "English"),
    Country("Morocco", "Rabat", "Africa", "Arabic and Berber"),
    Country("Ethiopia", "Addis Ababa", "Africa", "Amharic"),
    Country("Colombia", "Bogota", "South America", "Spanish"),
    Country("Cuba", "Havana", "North America", "Spanish"),
    Country("Iceland", "Reykjavik", "Europe", "Icelandic"),
    Country("Czechia", "Prague", "Europe", "Czech"),
)
DEMONYMS: dict[str, str] = {
    "France": "French", "Germany": "German", "Italy": "Italian", "Spain": "Spanish", "Portugal": "Portuguese",
    "Greece": "Greek", "Poland": "Polish", "Norway": "Norwegian", "Sweden": "Swedish", "Ireland": "Irish",
    "the United Kingdom": "British", "Japan": "Japanese", "China": "Chinese", "India": "Indian", "Thailand": "Thai",
    "Vietnam": "Vietnamese", "South Korea": "Korean", "Egypt": "Egyptian", "Kenya": "Kenyan", "Brazil": "Brazilian",
    "Argentina": "Argentine", "Peru": "Peruvian", "Chile": "Chilean", "Canada": "Canadian", "Mexico": "Mexican",
    "the United States": "American", "Australia": "Australian", "New Zealand": "New Zealand", "the Netherlands": "Dutch",
    "Belgium": "Belgian", "Austria": "Austrian", "Denmark": "Danish", "Finland": "Finnish", "Hungary": "Hungarian",
    "Turkey": "Turkish", "Indonesia": "Indonesian", "the Philippines": "Filipino", "Pakistan": "Pakistani",
    "Nigeria": "Nigerian", "Ghana": "Ghanaian", "Morocco": "Moroccan", "Ethiopia": "Ethiopian", "Colombia": "Colombian",
    "Cuba": "Cuban", "Iceland": "Icelandic", "Czechia": "Czech",
}
ANIMALS += (
    Animal("bear", "mammal", "berries, fish and roots", "forests and mountains"),
    Animal("whale", "mammal", "krill and small fish", "the open ocean"),
    Animal("bat", "mammal", "insects and fruit", "caves and old buildings"),
    Animal("camel", "mammal", "dry plants and thorny bushes", "deserts"),
    Animal("giraffe", "mammal", "leaves from tall trees", "the African savanna"),
    Animal("hedgehog", "mammal", "beetles, worms and slugs", "gardens and hedges"),
    Animal("otter", "mammal", "fish and frogs", "rivers and lakes"),
    Animal("parrot", "bird", "seeds, nuts and fruit", "tropical forests"),
    Animal("swan", "bird", "water plants", "lakes and slow rivers"),
    Animal("robin", "bird", "worms and insects", "gardens and woods"),
    Animal("heron", "bird", "fish and frogs", "wetlands"),
    Animal("trout", "fish", "insects and small fish", "cool rivers"),
    Animal("snake", "reptile", "mice and eggs", "grassland and forest"),
    Animal("lizard", "reptile", "insects", "warm, dry places"),
    Animal("toad", "amphibian", "insects and worms", "damp gardens"),
    Animal("butterfly", "insect", "nectar", "meadows and gardens"),
    Animal("beetle", "insect", "leaves, wood or other insects", "almost every habitat"),
)
SCIENCE_FACTS += (
    "The Moon has no light of its own; it reflects light from the Sun.",
    "A year on Mars is almost twice as long as a year on Earth.",
    "Diamonds are made of carbon, like the graphite in a pencil.",
    "Warm air rises because it is less dense than cold air.",
    "The Earth spins once on its axis every day.",
    "Rainbows appear when sunlight passes through drops of rain.",
    "Magnets attract iron but not wood or plastic.",
    "Electric current flows easily through copper wire.",
    "The Sun is about 150 million kilometres from the Earth.",
    "Oil floats on water because it is less dense.",
    "Lightning is a giant spark of electricity in the air.",
    "Mountains can form when two plates of the Earth's crust push together.",
    "Volcanoes bring melted rock from deep inside the Earth to the surface.",
    "Bacteria are tiny living things made of a single cell.",
    "Vaccines train the body to fight a disease before it meets it.",
    "The speed of light is about 300,000 kilometres per second.",
    "Fossils are the remains or traces of living things from long ago.",
    "Salt water freezes at a lower temperature than fresh water.",
)
EVENTS += (
    Event("the printing press of Johannes Gutenberg came into use", "did Gutenberg's printing press come into use", 1450),
    Event("the first telephone call was made by Alexander Graham Bell", "did Alexander Graham Bell make the first telephone call", 1876),
    Event("the Eiffel Tower was completed in Paris", "was the Eiffel Tower completed", 1889),
    Event("the Panama Canal opened", "did the Panama Canal open", 1914),
    Event("women in the United Kingdom first voted in a general election", "did women in the United Kingdom first vote in a general election", 1918),
    Event("the first Sputnik satellite was launched", "was the first Sputnik satellite launched", 1957),
    Event("the Channel Tunnel opened", "did the Channel Tunnel open", 1994),
)
TOOLS += (
    ("a compass", "find north"), ("a calculator", "do sums quickly"), ("a needle", "sew cloth"), ("a shovel", "dig holes"),
    ("a clock", "tell the time"), ("a telescope", "look at distant stars"), ("a microscope", "see very small things"),
    ("a toothbrush", "clean teeth"), ("a screwdriver", "turn screws"), ("a bucket", "carry water"), ("a torch", "see in the dark"),
    ("a stapler", "join sheets of paper"), ("a whisk", "beat eggs"), ("a spade", "dig the garden"), ("a rake", "gather leaves"),
    ("a sponge", "wash dishes"), ("glue", "stick things together"), ("a dictionary", "look up the meaning of words"),
)
FRUITS += (
    ("grape", "green or purple"), ("apple", "red or green"), ("pear", "green"), ("peach", "orange and pink"),
    ("raspberry", "red"), ("kiwi", "brown outside and green inside"), ("pineapple", "yellow inside"), ("watermelon", "green outside and red inside"),
)
COUNTS += (
    ("A kilometre is 1000 metres.", "How many metres are in a kilometre?", "1000"),
    ("A kilogram is 1000 grams.", "How many grams are in a kilogram?", "1000"),
    ("An octopus has eight arms.", "How many arms does an octopus have?", "Eight"),
    ("An insect has six legs.", "How many legs does an insect have?", "Six"),
    ("A pentagon has five sides.", "How many sides does a pentagon have?", "Five"),
    ("A hexagon has six sides.", "How many sides does a hexagon have?", "Six"),
    ("A decade is ten years.", "How many years are in a decade?", "Ten"),
    ("A football team has eleven players on the pitch.", "How many players does a football team have on the pitch?", "Eleven"),
    ("There are seven continents.", "How many continents are there?", "Seven"),
    ("The Solar System has eight planets.", "How many planets does the Solar System have?", "Eight"),
    ("A piano has 88 keys.", "How many keys does a piano have?", "88"),
    ("A chess board has 64 squares.", "How many squares does a chess board have?", "64"),
    ("The English alphabet has 26 letters.", "How many letters does the English alphabet have?", "26"),
)
OPPOSITES += (
    ("win", "lose"), ("buy", "sell"), ("push", "pull"), ("left", "right"), ("in", "out"), ("rich", "poor"),
    ("happy", "sad"), ("easy", "difficult"), ("cheap", "expensive"), ("loud", "quiet"), ("thick", "thin"),
    ("true", "false"), ("start", "finish"), ("above", "below"), ("arrive", "leave"), ("remember", "forget"),
    ("strong", "weak"), ("sweet", "sour"), ("clean", "dirty"), ("safe", "dangerous"), ("question", "answer"),
    ("give", "take"), ("first", "last"), ("inside", "outside"), ("friend", "enemy"), ("always", "never"),
    ("morning", "evening"), ("summer", "winter"), ("north", "south"), ("east", "west"), ("rise", "fall"),
    ("wide", "narrow"), ("deep", "shallow"), ("hard", "soft"), ("sharp", "blunt"), ("tall", "short"),
)
EVERYDAY_FACTS += (
    "Most people need about eight hours of sleep a night.",
    "Milk should be kept in the fridge.",
    "Wool comes from sheep.",
    "Honey is made by bees.",
    "Paper is made from wood.",
    "Glass is made mainly from sand.",
    "Cheese is made from milk.",
    "Most cars need petrol, diesel or electricity to run.",
    "Water turns into steam when it boils.",
    "In many countries people drive on the right side of the road.",
    "A passport is needed to travel to most other countries.",
    "Trains usually run on steel rails.",
    "Summer is the warmest season of the year.",
    "Winter days are shorter than summer days.",
    "Babies sleep for most of the day.",
    "Teeth should be brushed twice a day.",
    "Exercise makes the heart and lungs stronger.",
    "Vegetables such as carrots and peas are good for you.",
    "A fire needs heat, fuel and oxygen to burn.",
    "Plastic can take hundreds of years to break down.",
    "Smoke rises because hot air rises.",
    "The post office delivers letters and parcels.",
    "Most shops close later on Fridays than on Sundays.",
    "A thermostat keeps a room at the temperature you choose.",
    "An umbrella keeps the rain off.",
    "Fish breathe through gills.",
    "Cats and dogs are the most common pets.",
    "People wear sunglasses to protect their eyes from bright light.",
    "Bicycles are a cheap and healthy way to travel.",
)
EVERYDAY_FACTS += (
    "Bread goes stale faster when it is left open to the air.", "A refrigerator keeps food fresh for longer.",
    "Most clocks have an hour hand and a minute hand.", "Cotton comes from a plant, and silk comes from the cocoon of a moth.",
    "A calendar shows the days, weeks and months of the year.", "Sugar dissolves faster in hot tea than in cold water.",
    "People usually shake hands when they meet for the first time.", "A library card lets you borrow books for a few weeks.",
    "Fresh eggs sink in a bowl of water.", "A candle gives light by burning wax.", "Most people write with their right hand.",
    "The freezer is colder than the rest of the fridge.", "Wet clothes dry faster on a warm, windy day.",
    "A map usually has north at the top.", "Cats often sleep for more than twelve hours a day.",
    "Dogs can hear sounds that people cannot hear.", "A spoonful of honey can soothe a sore throat.",
    "Apples turn brown soon after they are cut.", "Onions can make your eyes water when you cut them.",
    "Mountains are usually colder at the top than at the bottom.", "Shadows are longest early in the morning and late in the afternoon.",
    "Plants grown in the dark turn pale and weak.", "A rubber ball bounces because rubber is elastic.",
    "Butter melts quickly in a hot pan.", "Seat belts save many lives in car accidents.", "Coffee and tea both contain caffeine.",
    "Potatoes grow under the ground.", "Most trees in cold countries lose their leaves in autumn.",
    "Many birds fly south for the winter.", "A good night's sleep makes it easier to learn.", "Oranges and lemons are rich in vitamin C.",
    "Hot drinks are served in cups, and cold drinks are often served in glasses.",
    "A doctor listens to the heart with a stethoscope.", "Trains are often faster than cars on long journeys.",
    "Rivers flow downhill towards the sea.", "Sunscreen helps protect the skin from sunburn.", "Clouds are made of tiny drops of water.",
    "Metal spoons get hot when they are left in a hot drink.", "Most children learn to read at school.",
)

# --------------------------------------------------------------------------- lexicon: invented places, species, people

NAME_HEADS: tuple[str, ...] = _words(
    "Ash, Bel, Brook, Cal, Dun, Elm, Fair, Glen, Hal, Kings, Lang, Mar, North, Oak, Red, Stan, West, Wil, Thorn, Black, "
    "Bram, Carl, Dal, Eas, Fen, Gran, Hol, Ire, Kel, Lin, Mel, Nor, Pen, Ros, Sel, Tal, Wal, Wen, Har, Bar, Cor, Dar, "
    "Ald, Bry, Cran, Hart, Kil, Lud, Mor, Ock, Pel, Rad, Sten, Tor, Ux, Ver, Wick, Yar, Gil, Fal"
)
NAME_TAILS: tuple[str, ...] = _words(
    "ford, ton, field, bury, wick, dale, mouth, haven, ridge, moor, stead, well, port, by, ham, ley, worth, mere, "
    "more, brook, wood, gate, hurst, combe, thorpe, minster, chester, den, holm, stow, ing, ock, wyn, sey, ark, "
    "ona, ia, en, ar, is, ora"
)
WIKI_REGIONS: tuple[str, ...] = _words(
    "north, south, east, west, north-east, north-west, south-east, south-west, centre, interior, far north, coastal south"
)
SETTLEMENT_KINDS: tuple[str, ...] = _words(
    "town, village, market town, small city, port, coastal town, mining town, hill village, railway town, university town, "
    "spa town, farming village, river town, border town, cathedral city, island town, parish, suburb, county town"
)
TOWN_SITES: tuple[str, ...] = _words(
    "near the coast, in a broad valley, on a high plateau, beside a large lake, at a crossing of two old roads, "
    "on a narrow strip of land between two lakes, on the edge of a national park, in a sheltered bay, where two rivers meet, "
    "among rolling farmland, on a ridge overlooking the plain, close to the border, at the end of a long peninsula"
)
TOWN_ORIGINS: tuple[str, ...] = _words(
    "a fishing village, a river crossing, a mining camp, a trading post, a stop on the new railway, a farming community, "
    "a monastery, a Roman fort, a toll station, a salt works, a ferry landing, a coaching inn, a royal hunting lodge, "
    "a bridge over the river, a cluster of farms, a small port"
)
INDUSTRIES: tuple[str, ...] = _words(
    "farming and tourism, fishing, textile production, light industry, timber and furniture making, wine making, "
    "services and education, coal mining, brewing, pottery, glass making, paper making, dairy farming, engineering, "
    "printing, boat building, software and services, food processing, stone quarrying, fruit growing, horse breeding, "
    "shoe making, clock making, chemicals, car parts, logistics, tourism and retail"
)
LANDMARKS: tuple[str, ...] = _words(
    "parish church, clock tower, public library, railway station, castle, abbey, windmill, water mill, old grammar school, "
    "market cross, town gate, lighthouse, chapel, customs house, corn exchange, theatre, concert hall, city walls, "
    "bell tower, cathedral, fire station, swimming baths, bandstand, almshouses"
)
STYLES: tuple[str, ...] = _words("Gothic, classical, timber-framed, Victorian, modern, Romanesque, baroque, Tudor, Art Deco, neo-Gothic, Georgian")
FEATURES: tuple[str, ...] = _words(
    "annual music festival, narrow medieval streets, botanical garden, summer carnival, museum of local history, "
    "Christmas market, boat race, flower show, old bridges, painted houses, sandy beaches, long pier, fine parks, "
    "food market, jazz festival, cycling paths, open-air theatre, hot springs, vineyards, street art"
)
CENTURIES: tuple[str, ...] = _words("eleventh, twelfth, thirteenth, fourteenth, fifteenth, sixteenth, seventeenth, eighteenth, nineteenth, twentieth")
SAINTS: tuple[str, ...] = _words("Mary, Peter, Andrew, John, Michael, Anne, Nicholas, Margaret, James, Lawrence, Helen, George")
SPECIES_BASES: tuple[tuple[str, str], ...] = (
    # (name, group)
    ("finch", "bird"), ("thrush", "bird"), ("swift", "bird"), ("plover", "bird"), ("wren", "bird"), ("gull", "bird"),
    ("sparrow", "bird"), ("woodpecker", "bird"), ("pigeon", "bird"), ("lark", "bird"), ("duck", "bird"), ("owl", "bird"),
    ("vole", "mammal"), ("shrew", "mammal"), ("bat", "mammal"), ("deer", "mammal"), ("weasel", "mammal"),
    ("squirrel", "mammal"), ("mouse", "mammal"), ("rat", "mammal"), ("mole", "mammal"),
    ("moth", "insect"), ("butterfly", "insect"), ("bee", "insect"), ("dragonfly", "insect"), ("cricket", "insect"), ("wasp", "insect"),
    ("perch", "fish"), ("eel", "fish"), ("minnow", "fish"), ("carp", "fish"),
    ("frog", "amphibian"), ("newt", "amphibian"), ("salamander", "amphibian"),
    ("lizard", "reptile"), ("snake", "reptile"), ("turtle", "reptile"),
    ("fern", "plant"), ("lily", "plant"), ("moss", "plant"), ("poppy", "plant"), ("daisy", "plant"), ("clover", "plant"),
    ("willow", "tree"), ("birch", "tree"), ("maple", "tree"), ("ash", "tree"), ("elm", "tree"), ("cedar", "tree"),
)
SPECIES_ADJS: tuple[str, ...] = _words(
    "golden, spotted, lesser, greater, common, northern, southern, red-backed, marsh, mountain, desert, coastal, dwarf, "
    "giant, silver, yellow-bellied, long-eared, short-tailed, crested, meadow, rock, pale, dusky, alpine, green, banded, "
    "painted, island, valley, hairy, little, eastern, western"
)
REGIONS_WIDE: tuple[str, ...] = _words(
    "northern Europe, southern Africa, central Asia, the Andes, the Mediterranean coast, eastern Australia, "
    "the Great Lakes region, western Canada, the Alps, much of South America, northern India, the Pacific islands, "
    "temperate Europe and Asia, the warmer parts of Africa, the eastern United States"
)
HOMES: tuple[str, ...] = _words(
    "damp woodland, open farmland, sandy heaths, salt marshes, high moorland, pine forests, city parks, shallow ponds, "
    "dry scrub, mountain meadows, sand dunes, riverside trees, old gardens, grassy hillsides, mangrove swamps, bamboo forests"
)
DIETS: dict[str, tuple[str, ...]] = {
    "bird": _words("insects, seeds, small fish, berries, worms, snails, grain, caterpillars"),
    "mammal": _words("grass, roots, insects, berries, nuts, seeds, bark, fruit, fungi"),
    "insect": _words("nectar, leaves, rotting wood, other insects, pollen, plant juices"),
    "fish": _words("insects, small fish, water snails, larvae, plankton"),
    "amphibian": _words("insects, worms, slugs, spiders"),
    "reptile": _words("insects, small mammals, eggs, snails, water plants"),
}
OCCUPATIONS: tuple[str, ...] = _words(
    "painter, poet, engineer, architect, composer, novelist, physician, chemist, botanist, explorer, merchant, teacher, "
    "inventor, mathematician, photographer, judge, politician, sculptor, singer, astronomer, printer, shipbuilder, nurse, "
    "historian, mapmaker, violinist, journalist, economist, film director, football player"
)
ACHIEVEMENTS: tuple[str, ...] = _words(
    "a series of landscape paintings, a popular book of poems, the design of several bridges, a new kind of steam pump, "
    "a famous set of maps, the first hospital in the town, a school for poor children, improvements to the printing press, "
    "a well-known opera, a method for measuring rainfall, an early camera, a collection of folk songs, a guide to wild plants, "
    "a new type of plough, a catalogue of stars, a best-selling novel, work on the causes of fever, a long career in parliament"
)


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
    first = f"{fn} {sn} ({born}-{died}) was {a(DEMONYMS.get(country.name, 'local'))} {pick(r, OCCUPATIONS)} known for {pick(r, ACHIEVEMENTS)}."
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
    sentences += [f"The {river} flows through {country.name} and reaches the {sea}." for river, (place, sea) in RIVERS.items() if place == country.name]
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
    sentences = [f"{planet} is the {ORDINALS[i]} planet from the Sun.", PLANET_NOTES[planet]]
    if i > 0:
        sentences.append(f"Its orbit lies outside the orbit of {PLANETS[i - 1]}.")
    if i < len(PLANETS) - 1:
        sentences.append(f"The next planet further out is {PLANETS[i + 1]}.")
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
        return f"{PLANETS[i]} is the {ORDINALS[i]} planet from the Sun."
    e = pick(r, EVENTS)
    return f"In {e.year}, {e.statement}."


# --------------------------------------------------------------------------- Q/A pairs

DEFINITIONS: tuple[tuple[str, str], ...] = (
    # (term, definition) - phrased "A <term> is <definition>."
    ("noun", "a word that names a person, place or thing"), ("verb", "a word that describes an action"),
    ("island", "a piece of land with water all around it"), ("desert", "a dry place that gets very little rain"),
    ("volcano", "a mountain that can throw out hot melted rock"), ("library", "a place where people can borrow books"),
    ("dictionary", "a book that explains the meaning of words"), ("recipe", "a set of instructions for cooking a dish"),
    ("bridge", "a structure that carries a road or path over a river or valley"), ("calendar", "a chart of the days, weeks and months of a year"),
    ("budget", "a plan for how to spend money"), ("password", "a secret word that lets you into an account"),
    ("harbour", "a sheltered place where boats can stay safely"), ("mammal", "an animal that feeds its young on milk"),
    ("triangle", "a shape with three straight sides"), ("circle", "a round shape with every point the same distance from the centre"),
    ("vet", "a doctor who treats animals"), ("pilot", "a person who flies a plane"), ("chef", "a person who cooks in a restaurant"),
    ("farmer", "a person who grows crops or keeps animals"), ("referee", "a person who makes sure players follow the rules"),
    ("loan", "money that is borrowed and must be paid back"), ("receipt", "a piece of paper that shows what you paid"),
    ("forest", "a large area covered with trees"), ("glacier", "a slow river of ice"), ("orchestra", "a large group of musicians who play together"),
    ("thermostat", "a device that keeps a room at a chosen temperature"), ("bug", "a mistake in a computer program"),
    ("database", "an organised store of data on a computer"), ("function", "a named piece of code that can be used again"),
    ("fossil", "the remains of a plant or animal from long ago, kept in rock"), ("verdict", "the decision of a court at the end of a trial"),
    ("election", "a vote to choose a leader or a government"), ("museum", "a building where old or interesting objects are shown"),
    ("compass", "a tool with a needle that points north"), ("passport", "an official document that lets you travel abroad"),
)
ROLES: tuple[tuple[str, str], ...] = (
    ("a person who repairs pipes and taps", "a plumber"), ("a person who cuts hair", "a hairdresser"), ("a person who looks after teeth", "a dentist"),
    ("a person who bakes bread", "a baker"), ("a person who designs buildings", "an architect"), ("a person who paints pictures", "an artist"),
    ("a person who teaches at a school", "a teacher"), ("a person who delivers letters", "a postman"), ("a person who sells flowers", "a florist"),
    ("a person who looks after sick animals", "a vet"), ("a person who plays the piano", "a pianist"), ("a person who writes news stories", "a journalist"),
)
YOUNG: tuple[tuple[str, str], ...] = (
    ("dog", "puppy"), ("cat", "kitten"), ("cow", "calf"), ("sheep", "lamb"), ("horse", "foal"), ("goat", "kid"),
    ("duck", "duckling"), ("frog", "tadpole"), ("bear", "cub"), ("lion", "cub"), ("pig", "piglet"), ("goose", "gosling"),
)


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
        return pick(r, (f"Q: Which planet is {ORDINALS[i]} from the Sun? A: {PLANETS[i]}.", f"Q: What is the {ORDINALS[i]} planet "
            f"from the Sun? A: {PLANETS[i]} is the {ORDINALS[i]} planet from the Sun."))
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

COLLECTIONS: tuple[tuple[str, str], ...] = (
    ("users", "user"), ("orders", "order"), ("items", "item"), ("prices", "price"), ("scores", "score"), ("names", "name"),
    ("files", "file"), ("rows", "row"), ("words", "word"), ("lines", "line"), ("books", "book"), ("cities", "city"),
    ("tasks", "task"), ("records", "record"), ("values", "value"), ("numbers", "number"), ("products", "product"),
    ("students", "student"), ("events", "event"), ("messages", "message"), ("points", "point"), ("colors", "color"),
    ("keys", "key"), ("paths", "path"), ("nodes", "node"), ("jobs", "job"), ("tickets", "ticket"), ("emails", "email"),
    ("cars", "car"), ("songs", "song"), ("readings", "reading"), ("counts", "count"), ("ages", "age"), ("sizes", "size"),
    ("entries", "entry"), ("results", "result"), ("players", "player"), ("cards", "card"), ("animals", "animal"),
)
FIELDS: tuple[str, ...] = _words(
    "name, age, price, score, count, size, id, email, city, status, total, title, year, quantity, level, weight, date, "
    "rating, color, kind, owner, length, height, balance, label"
)
FUNC_VERBS: tuple[str, ...] = _words(
    "get, find, count, load, save, parse, check, clean, build, make, compute, format, filter, sort, merge, read, write, "
    "update, send, validate, convert, split, group, print, show, add, remove, reset, fetch, average"
)
MODULES: tuple[str, ...] = _words("os, sys, json, math, random, re, time, csv, datetime, pathlib, collections, itertools, statistics, logging, subprocess, argparse, shutil")
FILE_NAMES: tuple[str, ...] = _words(
    "data.csv, config.json, report.txt, users.json, log.txt, input.txt, output.csv, scores.csv, todo.md, "
    "settings.ini, results.json, words.txt, prices.csv, readme.md, index.html, style.css, app.py, main.py, test_app.py"
)
DIRS: tuple[str, ...] = _words("src, build, data, logs, docs, tests, scripts, backup, output, static, images, notes, tmp, reports, app")
WORDS_SMALL: tuple[str, ...] = _words("red, blue, green, cat, dog, tree, sun, apple, book, rain, river, stone, bird, milk, tea, box, door, key, star, fish")
COMMENT_PHRASES: tuple[str, ...] = _words(
    "skip empty lines, keep only the positive values, sort by age, read the whole file, count each item, "
    "remove duplicates, convert to lower case, stop at the first match, print a short summary, check the input first, "
    "round to two decimal places, use a default when the key is missing, newest first, largest value first, "
    "ignore case, strip the newline, save the result for later, try again on failure, handle the empty case, "
    "the total so far, one line per record, avoid a second pass, build the lookup table once, clean up the name, "
    "show progress, only the first ten, fall back to the default, cache the result, keep the original order, "
    "close the file automatically, same as above but faster, works for any list, returns a new list, "
    "leaves the input unchanged, quick sanity check, this can be slow for big inputs, TODO: add tests"
)

OPEN_ARGS: tuple[str, ...] = ("", ', encoding="utf-8"', ', "w"', ', "a"')
STR_METHODS: tuple[str, ...] = ("split()", "strip()", "lower()", "upper()", 'split(",")', 'replace(" ", "_")', "title()", "strip().split()")
DEFAULTS: tuple[str, ...] = ("0", "None", "[]", '""', "{}", "default")
PRINT_TAILS: tuple[str, ...] = ("", ', end=""', ', sep=", "', "[:10]", "[-1]", "[0]", ".keys()", ".items()")
SPLIT_SOURCES: tuple[str, ...] = ("words", "text.split()", 'line.split(",")')
INITIAL_VALUES: tuple[str, ...] = ('input("Name: ").strip()', "None", "0", '""', "[]", "{}")


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


TYPE_HINTS: tuple[tuple[str, str, str], ...] = (
    # (argument list, return type, body)
    ("n: int", "bool", "n % 2 == 1"), ("x: float", "float", "x * x"), ("text: str", "str", "text.strip().lower()"),
    ("items: list", "int", "len(items)"), ("name: str", "str", 'f"Hello, {name}!"'), ("a: int, b: int", "int", "max(a, b)"),
    ("xs: list[int]", "int", "sum(xs)"), ("word: str", "bool", "word.isalpha()"), ("path: str", "bool", 'path.endswith(".txt")'),
    ("price: float, rate: float", "float", "round(price * (1 + rate), 2)"), ("s: str", "int", 's.count(" ") + 1'),
)


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


SHELL_CMDS: tuple[str, ...] = (
    "ls -la {dir}", "cd {dir}", "mkdir -p {dir}/{dir2}", "cp {file} {dir}/", "mv {file} {dir}/{file2}", "rm -rf {dir}",
    "grep -rn \"{word}\" {dir}/", "cat {file} | wc -l", "find . -name \"*.{ext}\"", "git status", "git add {file}",
    "git commit -m \"{msg}\"", "git push origin {branch}", "git checkout -b {branch}", "git pull --rebase", "git log --oneline -n {n}",
    "git diff {file}", "pip install {pkg}", "python {script}.py --{flag} {n}", "python -m pytest -q", "tar -czf {dir}.tar.gz {dir}",
    "chmod +x {script}.sh", "echo \"{msg}\" >> {file}", "sort {file} | uniq -c | sort -rn | head", "head -n {n} {file}",
    "tail -f logs/{script}.log", "du -sh {dir}", "df -h", "ps aux | grep {script}", "export {VAR}={n}", "ssh {user}@{host}",
    "scp {file} {user}@{host}:~/{dir}/", "docker build -t {script} .", "docker run --rm -p 8000:8000 {script}", "make test",
    "npm install", "npm run build", "sed -i \"s/{word}/{word2}/g\" {file}", "wc -w {file}", "zip -r {dir}.zip {dir}",
    "curl -s http://localhost:8000/{dir}", "touch {file}", "which python", "history | tail -n {n}",
)
SQL_TABLES: dict[str, tuple[str, ...]] = {
    "users": ("id", "name", "email", "age", "city", "created_at"), "orders": ("id", "user_id", "total", "status", "created_at"),
    "products": ("id", "name", "price", "stock", "category"), "employees": ("id", "name", "salary", "department", "hired_on"),
    "books": ("id", "title", "author", "year", "pages"), "savings": ("id", "owner", "amount", "opened_on"),
    "students": ("id", "name", "grade", "score", "class"), "visits": ("id", "page", "country", "duration"),
}


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


PROGRAMMING_FACTS: tuple[str, ...] = (
    "A tuple in Python cannot be changed after it is created.", "Strings in Python cannot be changed in place; methods return new strings.",
    "Indentation shows which lines belong to a block in Python.", "A for loop runs its body once for every item in a sequence.",
    "Version control lets a team see who changed each line and why.", "A good function does one job and has a clear name.",
    "Comments should explain why the code does something, not repeat what it does.", "Variable names should say what the variable holds.",
    "Recursion means that a function calls itself on a smaller problem.", "List indices in Python start at zero.",
    "A while loop keeps running as long as its condition is true.", "An exception stops the program unless some code catches it.",
    "A class groups data and the functions that work on it.", "JSON is a text format for storing and sending structured data.",
    "SQL is the language most databases use for queries.", "A primary key identifies each row of a table.",
    "Git stores the history of a project as a series of commits.", "A branch lets you work on a change without touching the main line.",
    "A slow program is often slow in one small part, so measure before you optimise.", "Reading the error message carefully often shows where a bug is.",
    "Automated tests catch mistakes before users do.", "Code is read far more often than it is written.",
    "A shell pipe sends the output of one command into the next one.", "HTML describes the structure of a web page and CSS describes its look.",
    "JavaScript runs in the browser and can change a page without reloading it.", "A server answers requests that clients send over the network.",
    "Passwords should be stored as hashes, never as plain text.", "Backups are only useful if you have checked that they can be restored.",
    "An API is a set of rules that lets one program talk to another.", "A linter points out likely mistakes and untidy code.",
    "Python's sorted function returns a new list and leaves the original alone.", "The len function returns the number of items in a collection.",
    "A set in Python never holds the same value twice.", "A dict maps keys to values.", "An if statement runs code only when a condition holds.",
    "Floating point numbers cannot store every decimal exactly.", "A list comprehension builds a list in a single expression.",
    "Small commits with clear messages make a history easy to read.", "Code review means that another person reads a change before it is merged.",
    "Dividing by zero raises an error in most languages.", "A regular expression describes a pattern of text.",
    "Logging records what a program did, which helps when something goes wrong.",
)


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


INTERJECTIONS: tuple[str, ...] = (
    "Yes, of course.", "No, thank you.", "I am not sure.", "That sounds great!", "Really?", "Good idea.", "Let me think about it.",
    "Thanks a lot.", "See you later.", "Oh no!", "Why not?", "Not yet.", "I hope so.", "Me too.", "Fine, let's go.", "Wait a minute.",
    "Sorry, I forgot.", "Well done!", "That is a shame.", "Are you sure?", "No problem.", "Good morning!", "Please sit down.",
)


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
