"""Code documents: Python, shell, SQL and JavaScript, alone or inside prose, and sentences about programming."""
from __future__ import annotations

import random

from .lexicon import (
    COLLECTIONS, COMMENT_PHRASES, DIRS, FIELDS, FILE_NAMES, FIRST_NAMES_F, FIRST_NAMES_M, FUNC_VERBS, PROGRAMMING_FACTS, SHELL_CMDS, SQL_TABLES,
    TOPIC_BY_NAME, WORDS_SMALL, pick,
)
from .morphology import cap
from .phrases import Grammar
from .python_code import collection, int_list, python_block, python_compound, python_one_liner
from .sentences import generic_sentence, instruction_sentence, opinion_sentence

__all__ = ["shell_line", "sql_line", "js_line", "programming_sentence", "code_document"]


def shell_line(rng: random.Random) -> str:
    """One to three shell commands joined by '&&' (or one alone), sometimes with a comment."""
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
    """One SQL statement on one of a few tables."""
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
    """One line of JavaScript; a logged result in its comment is computed."""
    r = rng
    many, one = collection(r)
    field = pick(r, FIELDS)
    n = r.randint(1, 50)
    xs = int_list(r, 3)
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
    """A true statement about programming, or a sentence of the computing topic."""
    r = rng
    if r.random() < 0.55:
        return pick(r, PROGRAMMING_FACTS)
    g = Grammar(r, TOPIC_BY_NAME["computing"])
    return pick(r, (generic_sentence, instruction_sentence, opinion_sentence))(g)


def code_document(rng: random.Random, n: int) -> str:
    """A code document: a program, lines of one language, sentences about code, or a snippet in prose."""
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
