"""Keeping the comment lines that ruamel files under a key the converter drops or
replaces. ruamel attaches a comment line to the node that precedes it, so the comment
that introduces the next key (or the next service) lives at the end of the previous
value; dropping that value would drop the comment with it."""

from __future__ import annotations

from typing import Any


def take_trailing(container: Any, key: Any) -> list[str]:
    """Remove and return the full-line comments that follow entry `key` of a mapping or
    sequence (looking into the value's last entry first); an end-of-line comment on the
    entry's own line stays where it is."""
    value = container[key] if _has(container, key) else None
    if isinstance(value, dict) and value:
        found = take_trailing(value, list(value.keys())[-1])
        if found:
            return found
    elif isinstance(value, list) and value:
        found = take_trailing(value, len(value) - 1)
        if found:
            return found
    ca = getattr(container, "ca", None)
    entry = ca.items.get(key) if ca is not None else None
    slot = 0 if isinstance(container, list) else 2
    token = entry[slot] if entry and len(entry) > slot else None
    if token is None or not isinstance(getattr(token, "value", None), str):
        return []
    first, *rest = token.value.split("\n")
    # Each line keeps its own indentation: it says what the comment was about, and the
    # same text converted again must come out the same.
    comments = [line.rstrip() for line in rest if line.strip().startswith("#")]
    if comments:
        # Blank lines stay where they were: they separate what precedes from what follows.
        kept = [line for line in rest if not line.strip().startswith("#")]
        token.value = "\n".join([first, *kept])
    return comments


def attach_before(mapping: Any, key: Any, lines: list[str]) -> None:
    """Write comment lines (as taken, indentation included) just before `key`."""
    if not lines or not hasattr(mapping, "ca"):
        return
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    entry = mapping.ca.items.setdefault(key, [None, None, None, None])
    if entry[1] is None:
        entry[1] = []
    # Before any comment already there: these lines came earlier in the source.
    entry[1][:0] = [CommentToken(line + "\n", CommentMark(0)) for line in lines]


def _has(container: Any, key: Any) -> bool:
    if isinstance(container, list):
        return isinstance(key, int) and 0 <= key < len(container)
    return key in container


def attach_after_last(container: Any, lines: list[str]) -> None:
    """Write comment lines after the last entry of a mapping or sequence (at the end of
    its deepest last value), where ruamel keeps comments that close a block."""
    if not lines or not container or not hasattr(container, "ca"):
        return
    key: Any = list(container.keys())[-1] if isinstance(container, dict) else len(container) - 1
    value = container[key]
    if isinstance(value, (dict, list)) and value and hasattr(value, "ca"):
        attach_after_last(value, lines)
        return
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    slot = 0 if isinstance(container, list) else 2
    entry = container.ca.items.setdefault(key, [None, None, None, None])
    text = "".join(line + "\n" for line in lines)
    if entry[slot] is None:
        entry[slot] = CommentToken("\n" + text, CommentMark(0))
    else:
        entry[slot].value = entry[slot].value.rstrip("\n") + "\n" + text
