"""Python: single lines of many shapes, one-liners and compound lines, and small programs.

Where a line or program prints a result, the result in its comment is computed, so it is right.
"""
from __future__ import annotations

import random

from .lexicon import (
    COLLECTIONS, COMMENT_PHRASES, DEFAULTS, DIRS, FIELDS, FILE_NAMES, FIRST_NAMES_F, FIRST_NAMES_M, FUNC_VERBS, INITIAL_VALUES, MODULES,
    OPEN_ARGS, PRINT_TAILS, SPLIT_SOURCES, STR_METHODS, TYPE_HINTS, WORDS_SMALL, pick,
)
from .morphology import cap

__all__ = ["collection", "int_list", "python_line", "python_one_liner", "python_compound", "python_block"]


def collection(rng: random.Random) -> tuple[str, str]:
    """A collection's name and the name of one item: ("users", "user")."""
    return pick(rng, COLLECTIONS)


def _comment(rng: random.Random) -> str:
    """A trailing comment, or (more often) none."""
    return f"  # {pick(rng, COMMENT_PHRASES)}" if rng.random() < 0.4 else ""


def int_list(rng: random.Random, k: int | None = None) -> list[int]:
    """``k`` (or three to six) small non-negative integers."""
    return [rng.randint(0, 50) for _ in range(k or rng.randint(3, 6))]


def python_line(rng: random.Random) -> str:
    """One line of Python, of many common shapes."""
    r = rng
    many, one = collection(r)
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
        return f"assert {pick(r, FUNC_VERBS)}_{one}({int_list(r, 3)}) == {n}"
    if k == 19:
        return f"class {cap(one)}{pick(r, ('', 'Manager', 'Store', 'Error(Exception)', 'Record'))}:"
    if k == 20:
        return f"self.{field} = {field}"
    if k == 21:
        return f"{var} = {{{one}[\"{field}\"]: {one} for {one} in {many}}}"
    if k == 22:
        return f"{var} = {int_list(r)}"
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
    many, one = collection(r)
    k = r.randrange(14)
    xs = int_list(r)
    if k == 0:
        r.randint(1, 30), r.randint(1, 30)  # unused draws; dropping them would change every later document
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
    many, one = collection(r)
    field = pick(r, FIELDS)
    simple = pick(r, (f"print({one})", f"total += {one}", f"seen.add({one})", f"out.append({one}.{field})", "count += 1",
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
    many, one = collection(r)
    xs = int_list(r)
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
