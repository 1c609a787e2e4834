"""Text from the user's files, made safe and small to print.

Output goes to terminals, shared CI logs and code-scanning dashboards. Every character
that a terminal or a log would interpret (ESC and OSC sequences, CR, NUL, a newline in a
path, bidirectional overrides) is written as a visible escape, and user text is cut to a
bounded length, so that one finding costs a bounded number of bytes however long the line.
"""

from __future__ import annotations

import re

from cslint.core.lazyre import lazy

ELLIPSIS = "…"
MAX_MESSAGE = 1000

# C0 controls but tab, DEL, C1 controls, and the bidirectional controls of "Trojan source".
_UNSAFE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\x1b": "\\x1b"}


def _escape_char(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape(text: str) -> str:
    """`text` with every control character written as a visible escape."""
    return _UNSAFE.sub(_escape_char, text)


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters: the start and the end, with an ellipsis between."""
    if len(text) <= limit:
        return text
    head = max((limit - 1) * 2 // 3, 1)
    tail = max(limit - 1 - head, 0)
    return text[:head] + ELLIPSIS + (text[-tail:] if tail else "")


# A quoted piece of user text in a message: Python's repr quotes, either kind.
_QUOTED = lazy(r"'(?:[^'\\\n]|\\.){2,}'|\"(?:[^\"\\\n]|\\.){2,}\"")


def bound_message(message: str, max_quote: int) -> str:
    """A message with each quoted piece cut to `max_quote` characters, its control
    characters escaped, and the whole at most MAX_MESSAGE characters."""

    def cut(match: re.Match[str]) -> str:
        quoted = match.group()
        if len(quoted) <= max_quote + 2:
            return quoted
        return quoted[0] + shorten(quoted[1:-1], max_quote) + quoted[-1]

    out = escape(_QUOTED.sub(cut, message))
    return shorten(out, MAX_MESSAGE) if len(out) > MAX_MESSAGE else out


def window(line: str, start: int, end: int, width: int) -> tuple[str, int, int]:
    """The part of `line` to show for the span [start, end) (0-based code points): at most
    about `width` characters around the span's start, escaped, with an ellipsis where the
    line was cut. Returns (text, caret column, caret width), both 0-based in the text."""
    start = min(max(start, 0), len(line))
    end = min(max(end, start), len(line))
    if len(line) <= width:
        left, right = 0, len(line)
    else:
        left = max(0, min(start - width // 4, len(line) - width))
        right = min(len(line), left + width)
    prefix = (ELLIPSIS if left > 0 else "") + escape(line[left:start])
    shown_end = min(end, right)
    marked = escape(line[start:shown_end])
    suffix = escape(line[shown_end:right]) + (ELLIPSIS if right < len(line) else "")
    return prefix + marked + suffix, len(prefix), max(len(marked), 1)
