"""What the converter says about each change: a code (a CS5xx rule documents it), the
compose key it concerns, and what became of it."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from cslint.convert.sources import Source
from cslint.core.diagnostics import Severity
from cslint.parsers.yamldoc import JsonPath


class Outcome(enum.Enum):
    KEPT = "kept"
    CHANGED = "changed"
    DROPPED = "dropped"
    ADVICE = "advice"  # nothing changed, but the user has something to do


@dataclass(frozen=True, slots=True)
class Where:
    """A place in one input file."""

    source: Source
    path: JsonPath

    def child(self, *more: str | int) -> Where:
        return Where(self.source, (*self.path, *more))


@dataclass(frozen=True, slots=True)
class Note:
    code: str
    where: Where
    message: str
    outcome: Outcome
    at_value: bool = False  # point at the value (a scalar) rather than its key
    severity: Severity | None = None  # None: the rule's default


class Notes:
    """Collects notes and counts what happened to every service key."""

    def __init__(self) -> None:
        self.items: list[Note] = []
        self.counts: dict[Outcome, int] = dict.fromkeys(Outcome, 0)
        # Values taken from env files or this run's environment: never printed in a note.
        self.env_values: set[str] = set()

    def add(
        self,
        code: str,
        where: Where,
        message: str,
        outcome: Outcome,
        *,
        at_value: bool = False,
        severity: Severity | None = None,
    ) -> None:
        self.items.append(Note(code, where, message, outcome, at_value, severity))

    def count(self, outcome: Outcome, n: int = 1) -> None:
        self.counts[outcome] += n
