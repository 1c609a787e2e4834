"""Where a key of `[tool.cslint]` stands in pyproject.toml. tomllib returns plain data
without positions; config errors must still point at file:line:col, so the key is found
in the text: in its own table (`[tool.cslint.severity]`), or as a key of an enclosing one
(`severity = {...}` under `[tool.cslint]`), the deepest first."""

from __future__ import annotations

import re

from cslint.core.diagnostics import Span

_HEADER = re.compile(r"\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")
_ROOT = ("tool", "cslint")


def _table_name(raw: str) -> tuple[str, ...]:
    return tuple(part.strip().strip("\"'") for part in raw.split("."))


def key_span(text: str, keys: tuple[str | int, ...]) -> Span | None:
    lines = text.splitlines()
    names = [str(k) for k in keys if isinstance(k, str)]
    tables: list[tuple[int, tuple[str, ...]]] = []  # (line index, table) of each header
    for index, line in enumerate(lines):
        match = _HEADER.match(line)
        if match and not line.lstrip().startswith("[["):
            tables.append((index, _table_name(match.group(1))))
    for depth in range(len(names), 0, -1):
        table = (*_ROOT, *names[: depth - 1])
        key = names[depth - 1]
        for index, name in tables:
            if name == (*table, key):  # the key is a table of its own
                col = lines[index].index("[") + 1
                return Span(index + 1, col, index + 1, len(lines[index].rstrip()) + 1)
        found = _key_in_table(lines, tables, table, key)
        if found is not None:
            return found
    for index, name in tables:
        if name == _ROOT:
            return Span(index + 1, 1, index + 1, len(lines[index].rstrip()) + 1)
    return None


def _key_in_table(
    lines: list[str], tables: list[tuple[int, tuple[str, ...]]], table: tuple[str, ...], key: str
) -> Span | None:
    pattern = re.compile(r"\s*([\"']?)" + re.escape(key) + r"\1\s*=")
    for position, (index, name) in enumerate(tables):
        if name != table:
            continue
        end = tables[position + 1][0] if position + 1 < len(tables) else len(lines)
        for number in range(index + 1, end):
            match = pattern.match(lines[number])
            if match:
                col = len(lines[number]) - len(lines[number].lstrip()) + 1
                return Span(number + 1, col, number + 1, match.end() + 1)
    return None
