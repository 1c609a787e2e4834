"""How `tag` / `exclude` values match a build's branch or tag name (format doc §3.4).

The matching itself is `cslint.codeship.tags`, shared with the planner. From it: whether
two steps can ever run in the same build, which the duplicate-name and manual-placement
rules need.
"""

from __future__ import annotations

import re

from cslint.codeship.steps_model import Step
from cslint.codeship.tags import is_regex, matches

_LITERAL_ALTERNATIVE = re.compile(r"(?:[A-Za-z0-9_/-]|\\[^A-Za-z0-9])+")


def top_level_alternatives(pattern: str) -> list[str]:
    """`pattern` split at the `|` that are outside groups and character classes."""
    parts: list[str] = []
    depth = 0
    in_class = False
    start = 0
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "]":
                i += 1  # a `]` right after `[` is a literal member
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(depth - 1, 0)
        elif ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


def literal_names(value: str) -> frozenset[str] | None:
    """The finite set of names a value selects, when that is plain to see: a literal, or
    a fully anchored alternation of literals such as `^(master|develop)$` or
    `^master$|^develop$`."""
    if not is_regex(value):
        return frozenset({value})
    alternatives = top_level_alternatives(value)
    if len(alternatives) > 1:
        found: set[str] = set()
        for alternative in alternatives:
            selected = literal_names(alternative) if is_regex(alternative) else None
            if selected is None:
                return None
            found |= selected
        return frozenset(found)
    if not (value.startswith("^") and value.endswith("$") and not value.endswith("\\$")):
        return None
    body = value[1:-1]
    for opener in ("(?:", "("):
        if body.startswith(opener) and body.endswith(")"):
            inner = body[len(opener) : -1]
            if "(" not in inner and ")" not in inner:
                body = inner
            break
    names: set[str] = set()
    for alternative in body.split("|"):
        if not _LITERAL_ALTERNATIVE.fullmatch(alternative):
            return None
        names.add(re.sub(r"\\(.)", r"\1", alternative))
    return frozenset(names)


def _runs_on(step: Step, name: str) -> bool:
    for flt in step.filters():
        selected = matches(flt.value, name)
        if (flt.key == "tag") != selected:
            return False
    return True


def _candidates(step: Step) -> frozenset[str] | None:
    """A finite set that holds every name the step can run on, when its tags give one."""
    found: frozenset[str] | None = None
    for flt in step.filters():
        if flt.key != "tag":
            continue
        names = literal_names(flt.value)
        if names is not None:
            found = names if found is None else found & names
    return found


def can_run_together(a: Step, b: Step) -> bool | None:
    """True when some branch or tag runs both steps, False when none can, None when the
    regexes involved are too rich to tell."""
    a_tags = any(f.key == "tag" for f in a.filters())
    b_tags = any(f.key == "tag" for f in b.filters())
    if not a_tags and not b_tags:
        # Excludes name finitely many branches when literal; regex excludes could in
        # theory cover everything, which no one writes on purpose.
        return True
    pool = [c for c in (_candidates(a), _candidates(b)) if c is not None]
    if pool:
        # One side can only run on these names, so trying them all decides.
        names = frozenset.intersection(*pool)
        return any(_runs_on(a, n) and _runs_on(b, n) for n in names)
    excludes = any(f.key == "exclude" for f in (*a.filters(), *b.filters()))
    if not (a_tags and b_tags) and not excludes:
        return True  # one side runs everywhere, the other somewhere
    return None


def never_runs(step: Step) -> bool:
    """True when provably no branch or tag name passes all of the step's filters."""
    candidates = _candidates(step)
    if candidates is None:
        return False
    return not any(_runs_on(step, name) for name in candidates)
