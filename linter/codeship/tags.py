"""How a `tag` / `exclude` value matches a build's branch or tag name (format doc §3.4).

One implementation for the rules (which branches can run a step) and the planner (does
this step run for this build). A value is a regular expression only when it contains `^`
or `$`; otherwise it must equal the whole name. Regexes are Go RE2, searched (not fully
matched), and an invalid one never matches (Jet 0.9.5 release notes).
"""

from __future__ import annotations

import functools
from typing import Any

# Characters that make a value a regular expression for CodeShip.
REGEX_TRIGGERS = ("^", "$")


def is_regex(value: str) -> bool:
    return any(ch in value for ch in REGEX_TRIGGERS)


@functools.lru_cache(maxsize=512)
def compile_re2(pattern: str) -> tuple[Any, str | None]:
    """(compiled pattern, None) or (None, RE2's reason); RE2 never logs to stderr here.
    A pattern written in the part of the syntax where RE2 and Python's `re` mean the same
    (`^(master|main)$`, `^release/.*`) is compiled by `re`, translated: RE2's import (its
    C++ library) costs about 3 ms, more than the rest of a steps file's check."""
    translated = as_python(pattern)
    if translated is not None:
        import re

        return re.compile(translated, re.ASCII), None
    import re2

    options = re2.Options()
    options.log_errors = False
    try:
        return re2.compile(pattern, options), None
    except re2.error as exc:
        reason = exc.args[0] if exc.args else "invalid pattern"
        if isinstance(reason, bytes):
            reason = reason.decode("utf-8", errors="replace")
        return None, str(reason)


def matches(value: str, name: str) -> bool:
    """Whether a tag/exclude value selects the branch or tag `name`."""
    if not is_regex(value):
        return value == name
    compiled, _ = compile_re2(value)
    return compiled is not None and compiled.search(name) is not None


# The subset both engines read alike: literal letters, digits, `_`, `-` and `/`; `.`; the
# escapes below; `^` and `$` (RE2's `$` is the end of the text: Python's `\Z`); `|`;
# groups `(...)` and `(?:...)`; one `*`, `+` or `?` (maybe lazy) after an item; classes of
# such literals, ranges and escapes. Anything else (counted repeats, flags, `\s` and `\b`,
# whose RE2 and Python readings differ, a quantifier on a quantifier, which Python 3.11
# reads as possessive) goes to RE2. tests/test_tags.py checks every short pattern of
# these pieces against RE2 itself, for validity and for what each one matches.
_LITERALS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-/")
_ESCAPES = frozenset(".-/\\^$|()[]*+?{}dw")
_CLASS_ESCAPES = frozenset(".-/\\^[]dw")


def as_python(pattern: str) -> str | None:
    """`pattern` (RE2 syntax) as a Python pattern with the same meaning (under
    `re.ASCII`), or None when it leaves the subset the two engines read alike."""
    out: list[str] = []
    depth, i, quantifiable = 0, 0, False
    while i < len(pattern):
        char = pattern[i]
        if char in _LITERALS or char == ".":
            out.append(char)
            quantifiable = True
        elif char == "\\":
            if pattern[i + 1 : i + 2] not in _ESCAPES or i + 1 >= len(pattern):
                return None
            out.append(pattern[i : i + 2])
            i += 1
            quantifiable = True
        elif char in "^|":
            out.append(char)
            quantifiable = False
        elif char == "$":
            out.append("\\Z")
            quantifiable = False
        elif char == "(":
            if pattern.startswith("(?:", i):
                out.append("(?:")
                i += 2
            elif pattern.startswith("(?", i):
                return None
            else:
                out.append("(")
            depth += 1
            quantifiable = False
        elif char == ")":
            if depth == 0:
                return None
            depth -= 1
            out.append(")")
            quantifiable = True
        elif char in "*+?":
            if not quantifiable:
                return None
            lazy = pattern[i + 1 : i + 2] == "?"
            out.append(char + "?" if lazy else char)
            i += 1 if lazy else 0
            quantifiable = False
        elif char == "[":
            end = _class_end(pattern, i)
            if end is None:
                return None
            out.append(pattern[i:end])
            i = end - 1
            quantifiable = True
        else:
            return None
        i += 1
    return "".join(out) if depth == 0 else None


def _class_end(pattern: str, start: int) -> int | None:
    """The index after the `]` closing the class at `start`, when the class keeps to
    literals, escapes and ranges of literals (a `-` first, last or between two literals
    in order); else None."""
    i = start + 1
    if pattern[i : i + 1] == "^":
        i += 1
    first = i
    previous: str | None = None  # the literal before, which a `-` may start a range from
    while i < len(pattern):
        char = pattern[i]
        if char == "]" and i > first:
            return i + 1
        if char == ".":
            previous = None
        elif char in _LITERALS and char != "-":
            previous = char
        elif char == "\\":
            if pattern[i + 1 : i + 2] not in _CLASS_ESCAPES or i + 1 >= len(pattern):
                return None
            i += 1
            previous = None
        elif char == "-":
            after = pattern[i + 1 : i + 2]
            if after == "]" or i == first:
                previous = None  # a literal hyphen
            elif previous is not None and after in _LITERALS and after != "-":
                if not (previous <= after and previous.isalnum() and after.isalnum()):
                    return None
                if previous.isdigit() != after.isdigit():
                    return None
                i += 1
                previous = None
            else:
                return None
        else:
            return None
        i += 1
    return None
