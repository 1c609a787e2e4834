"""What every command shares: the exit codes and the one way to report a usage problem."""

from __future__ import annotations

import os
import sys
from typing import NoReturn, TextIO

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class UsageProblem(Exception):
    """Reported as one line on stderr with exit code 2."""


def fail_usage(message: str) -> NoReturn:
    raise UsageProblem(message)


def split_values(values: list[str] | None) -> list[str]:
    """Repeated options and comma lists alike: `--select A,B --select C`."""
    out: list[str] = []
    for value in values or []:
        out.extend(part.strip() for part in value.split(",") if part.strip())
    return out


COLOR_CHOICES = ("auto", "always", "never")


def use_color(no_color: bool, choice: str | None = None, stream: TextIO | None = None) -> bool:
    """--color always|never wins; then --no-color; with auto, NO_COLOR (no-color.org) turns
    colour off, FORCE_COLOR (force-color.org) on, else colour only on a terminal."""
    choice = (choice or "auto").lower()
    if choice not in COLOR_CHOICES:
        fail_usage(f"unknown --color {choice!r}; expected auto, always or never")
    if choice != "auto":
        return choice == "always"
    if no_color or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return (stream or sys.stdout).isatty()
