"""What every command shares: the exit codes and the one way to report a usage problem."""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable
from typing import NoReturn, TextIO

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class UsageProblem(Exception):
    """Reported as one line on stderr with exit code 2."""


class ReportNotWritten(OSError):
    """stdout refused the report (a full disk, an I/O error): exit 2 with the reason, as
    `ls >/dev/full` does, not a crash report. A closed pipe stays an OSError of its own."""


def write_report(text: str) -> None:
    try:
        sys.stdout.write(text)
    except OSError as exc:
        if exc.errno == errno.EPIPE:
            raise
        raise ReportNotWritten(exc.errno, exc.strerror) from exc


def complete_from(*values: str) -> Callable[[str], list[str]]:
    """Shell completion of an option's fixed values (typer's `autocompletion`)."""

    def complete(incomplete: str) -> list[str]:
        return [value for value in values if value.startswith(incomplete)]

    return complete


def fail_usage(message: str) -> NoReturn:
    raise UsageProblem(message)


def guarded(call: Callable[[], object]) -> None:
    """Runs a command line to its end, mapping every outcome to the documented exit codes:
    a usage problem is one line and exit 2, Ctrl-C exit 130, a crash exit 3 (its traceback
    with --debug). The one handler of both the typer app and the fast path of `check`."""
    debug = "--debug" in sys.argv
    try:
        call()
    except UsageProblem as exc:
        sys.stderr.write(f"cslint: {exc}\n")
        sys.exit(EXIT_USAGE)
    except KeyboardInterrupt:
        sys.stderr.write("cslint: interrupted\n")
        sys.exit(130)
    except ReportNotWritten as exc:
        sys.stderr.write(f"cslint: cannot write the report: {exc.strerror or exc}\n")
        os._exit(EXIT_USAGE)  # the interpreter's flush at exit would fail on the same stream
    except Exception as exc:  # noqa: BLE001 - the one place every crash becomes exit 3
        if debug:
            import traceback

            traceback.print_exc()
        cause = exc.__cause__ or exc
        sys.stderr.write(
            f"cslint: {exc if exc is not cause else 'internal error'}: "
            f"{type(cause).__name__}: {cause}\n"
        )
        if not debug:
            sys.stderr.write(
                "cslint: this is a bug in cslint; rerun with --debug for the traceback\n"
            )
        sys.exit(EXIT_INTERNAL)


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
