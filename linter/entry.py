"""The console script `cslint`. `cslint check` with options it knows, as pre-commit and
editors call it, runs without typer: the typer app's import and the building of its
commands cost more than checking a small project (BENCHMARKS.md). Any other command
line goes to the typer app (cli.py), which then decides alone: help, completion, every
usage error. Both paths call the same `run_check` and end through the same handler, so
they print the same and exit the same (tests/test_fast_path.py compares them)."""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing itself is not imported: a memoized call ends before it
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import NoReturn

    from cslint.core.memo import Memo


def main() -> None:
    if "CSLINT_SERVER" in os.environ:
        from cslint.server.client import enabled, run_through_server

        if enabled():
            run_through_server()  # returns when this call runs here
    run()


def run() -> None:
    """The call in this process (the resident server's workers run this too)."""
    _usable_surroundings()
    from cslint.commands.check_argv import parse

    # A completion script calling back for candidates is typer's business.
    fast = None if "_CSLINT_COMPLETE" in os.environ else parse(sys.argv[1:])
    if fast is None:
        from cslint.cli import main as typer_main

        typer_main()
        return
    # The whole-run memo (core/memo.py), asked before the engine loads: the same call with
    # nothing changed prints what it printed and exits as it exited.
    from cslint.core.memo import lookup

    try:
        memo = lookup(fast)
        if memo is not None and memo.hit:
            _ended(memo.replay)
    except KeyboardInterrupt:
        sys.exit(130)
    except OSError as exc:  # a replay's write failed otherwise than on a closed pipe
        failed: OSError | None = exc
    else:
        failed = None
    from cslint.commands.common import guarded

    if failed is not None:
        _cannot_write(failed)
    guarded(lambda: _ended(lambda: _check(fast, memo)))


def _usable_surroundings() -> None:
    """What a call needs of its process before anything else: a current folder (a call
    from a removed one is exit 2 with a line saying so, not a FileNotFoundError from deep
    inside), and stdout and stderr as streams. Started with one of them closed (`>&-`),
    Python leaves it None; its output goes nowhere then, as click's echo drops it on the
    typer path, and the exit code still tells."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
    try:
        os.getcwd()
    except OSError as exc:
        sys.stderr.write(
            f"cslint: the current folder cannot be used ({exc.strerror}): "
            "run cslint from a folder that exists\n"
        )
        sys.exit(2)


def _cannot_write(exc: OSError) -> NoReturn:
    """A report that could not be written (a full disk, an I/O error): exit 2 with the
    reason, as `ls >/dev/full` does, not a crash report."""
    try:
        sys.stderr.write(f"cslint: cannot write the report: {exc.strerror or exc}\n")
        sys.stderr.flush()
    except OSError:
        pass
    os._exit(2)  # the interpreter's own flush at exit would fail on the same stream


def _check(arguments: dict[str, object], memo: Memo | None) -> int:
    from cslint.commands.check_run import run_check

    if memo is None:
        return run_check(**arguments)  # type: ignore[arg-type]
    memo.record()
    try:
        code: int = run_check(**arguments)  # type: ignore[arg-type]
    except BaseException:
        memo.abandon()
        raise
    memo.store(code)
    return code


def _ended(call: Callable[[], int]) -> NoReturn:
    """`call`, ended as typer's standalone mode ends a command (typer.core._main): Ctrl-C
    exits 130 silently, a closed stdout exits 1 silently, EOF prints Aborted!."""
    import errno

    try:
        code = call()
    except EOFError:
        sys.stderr.write("\nAborted!\n")
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except OSError as exc:
        if exc.errno != errno.EPIPE:
            from cslint.commands.common import ReportNotWritten

            if isinstance(exc, ReportNotWritten):
                _cannot_write(exc)
            raise
        _pacify()
    try:
        sys.stdout.flush()  # a write that fails at the end fails here, not at exit
    except OSError as exc:
        if exc.errno != errno.EPIPE:
            _cannot_write(exc)
        _pacify()
    sys.exit(code)


def _pacify() -> NoReturn:
    sys.stdout = _Pacified(sys.stdout)
    sys.stderr = _Pacified(sys.stderr)
    sys.exit(1)


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
