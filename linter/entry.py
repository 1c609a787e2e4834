"""The console script `cslint`. `cslint check` with options it knows, as pre-commit and
editors call it, runs without typer: the typer app's import and the building of its
commands cost more than checking a small project (BENCHMARKS.md). Any other command
line goes to the typer app (cli.py), which then decides alone: help, completion, every
usage error. Both paths call the same `run_check` and end through the same handler, so
they print the same and exit the same (tests/test_fast_path.py compares them)."""

from __future__ import annotations

import os
import sys


def main() -> None:
    if "CSLINT_SERVER" in os.environ:
        from cslint.server.client import enabled, run_through_server

        if enabled():
            run_through_server()  # returns when this call runs here
    run()


def run() -> None:
    """The call in this process (the resident server's workers run this too)."""
    from cslint.commands.check_argv import parse

    # A completion script calling back for candidates is typer's business.
    fast = None if "_CSLINT_COMPLETE" in os.environ else parse(sys.argv[1:])
    if fast is None:
        from cslint.cli import main as typer_main

        typer_main()
        return
    from cslint.commands.common import guarded

    guarded(lambda: _check(fast))


def _check(arguments: dict[str, object]) -> None:
    """run_check, ended as typer's standalone mode ends a command (typer.core._main):
    Ctrl-C exits 130 silently, a closed stdout exits 1 silently, EOF prints Aborted!."""
    import errno

    from cslint.commands.check_run import run_check

    try:
        code = run_check(**arguments)  # type: ignore[arg-type]
    except EOFError:
        sys.stderr.write("\nAborted!\n")
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except OSError as exc:
        if exc.errno != errno.EPIPE:
            raise
        sys.stdout = _Pacified(sys.stdout)
        sys.stderr = _Pacified(sys.stderr)
        sys.exit(1)
    sys.exit(code)


class _Pacified:
    """A stream whose flush ignores a closed pipe, as click's PacifyFlushWrapper: the
    interpreter flushes stdout at exit, which would print a BrokenPipeError again."""

    def __init__(self, wrapped: object) -> None:
        self._wrapped = wrapped

    def flush(self) -> None:
        try:
            self._wrapped.flush()  # type: ignore[attr-defined]
        except OSError as exc:
            import errno

            if exc.errno != errno.EPIPE:
                raise

    def __getattr__(self, name: str) -> object:
        return getattr(self._wrapped, name)
