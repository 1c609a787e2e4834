"""What every command shares: the exit codes and the one way to report a usage problem."""

from __future__ import annotations

import os
import sys
from typing import NoReturn

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


def use_color(no_color: bool) -> bool:
    if no_color or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()
