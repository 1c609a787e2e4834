"""How an item of an `environment` (or build `args`) list reads: one reading for CS116
and for `cslint convert`.

In the list form every item is split at its first `=` (format doc §2.2). An item without
`=` is a variable with no value, whatever else it holds: `KEY: value` written as one
string, or `KEY:-value`, the shell's default syntax people carry over from `${KEY:-value}`
(kompose's test fixtures do). Neither defines `KEY`; both mean `KEY=value`.
"""

from __future__ import annotations

from typing import Final

from cslint.core.lazyre import lazy

_NAME = lazy(r"[A-Za-z_][A-Za-z0-9_.-]*")
_COLON_FORM = lazy(r"^\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*:(-?)\s*(.*)$")


class Misread:
    """A list item that is not KEY=VALUE, and what its author meant."""

    __slots__ = ("form", "name", "value")

    name: Final[str]
    value: Final[str | None]  # None: a bare name, which compose fills from its own shell
    form: Final[str]  # "colon" (`KEY: value`), "default" (`KEY:-value`) or "bare" (`KEY`)

    def __init__(self, name: str, value: str | None, form: str) -> None:
        self.name = name
        self.value = value
        self.form = form

    @property
    def meant(self) -> str | None:
        """The KEY=VALUE item the author meant; None for a bare name."""
        return None if self.value is None else f"{self.name}={self.value}"


def misread_item(text: str) -> Misread | None:
    """Why a list item is not KEY=VALUE, or None when it is (or is no name at all)."""
    if "=" in text:
        return None
    colon = _COLON_FORM.match(text)
    if colon:
        form = "default" if colon.group(2) else "colon"
        return Misread(colon.group(1), colon.group(3), form)
    if _NAME.fullmatch(text.strip()):
        return Misread(text.strip(), None, "bare")
    return None


def misread_reason(text: str, item: Misread) -> str:
    """Why the item defines nothing, as one clause."""
    if item.form == "default":
        return f"':-' gives a default only inside '${{...}}', so it defines no {item.name!r}"
    return f"it has no '=', so it defines no {item.name!r}"


def misread_message(text: str, item: Misread) -> str:
    """What is wrong with the item, in CS116's words (convert quotes the reason)."""
    return f"{text!r} is not KEY=VALUE: {misread_reason(text, item)}; write {item.meant!r}"
