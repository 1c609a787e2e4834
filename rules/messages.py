"""Wording shared by the rule families' messages."""

from __future__ import annotations


def q(text: str) -> str:
    """User text quoted for a message as written: `repr` would double every backslash of a
    regex (`'\\\\d+'`)."""
    return f'"{text}"' if "'" in text else f"'{text}'"
