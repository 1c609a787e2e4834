"""One ShellCheck pool for a run over several processes.

A run split over worker processes would otherwise start a pool in every worker: with two
workers on two cores, four ShellCheck processes and two workers fight for two cores, and a
script found in two workers' batches is checked twice. Instead the run forks one small
server process holding a `ProcessRunner`, with a private pipe to each worker, and every
worker installs a `RemoteRunner` that asks it through its pipe. The pool checks each
distinct script of the run once, with at most one ShellCheck process per core, in the
order the workers announce them.

The server costs a fork and nothing else until a worker asks (no handshake, no address,
no ShellCheck until a script comes), and it ends by itself once every worker has closed
its pipe, so a run never waits for it.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from multiprocessing.connection import Connection
from typing import Any

from cslint.parsers.shellcheck import Limits, ProcessRunner, ShellComment, set_runner

Settings = tuple[str, float | None, int, int | None]


def _serve(parent: int, settings: Settings, pipes: list[Connection]) -> None:
    """In the server process: the run's one pool, a thread answering each worker's pipe.
    It returns once every worker has closed its end (the interpreter then waits for any
    ShellCheck still running), or exits with the run (core.orphan)."""
    import signal

    from cslint.core.orphan import exit_with_parent

    # Ctrl-C reaches the whole process group: the run stops its workers, whose closed
    # pipes end this server; it must not die with a traceback of its own. SIGINT was
    # blocked while it was forked (core.parallel), so none slipped in before this.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    exit_with_parent(parent)
    runner = ProcessRunner(*settings[:3], memory_mib=settings[3])
    threads = [
        threading.Thread(target=_answer, args=(runner, pipe), name="shellcheck-answer")
        for pipe in pipes
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _answer(runner: ProcessRunner, pipe: Connection) -> None:
    """Requests of one worker, in order: ("prefetch", scripts, limits, style), answered
    by nothing, and ("check", scripts, limits, style), answered by the comments of each
    script (`style`: whether the info and style levels are wanted)."""
    try:
        while True:
            what, scripts, limits, style = pipe.recv()
            if what == "prefetch":
                runner.prefetch(scripts, limits, style=style)
            else:
                pipe.send(runner.check(scripts, limits, style=style))
    except (EOFError, OSError):  # the worker is done (or gone)
        pipe.close()


class RemoteRunner:
    """A worker's view of the run's pool. It remembers what it announced and every answer,
    so a script met again in the worker (the same RUN in many Dockerfiles) costs no call.
    Each request carries the limits in effect in the worker (its files' settings) and
    whether the style levels are wanted (an answer with them serves one without)."""

    def __init__(self, pipe: Connection) -> None:
        self._pipe = pipe
        self._announced: set[tuple[str, bool]] = set()
        self._known: dict[tuple[str, bool], list[ShellComment]] = {}

    def prefetch(self, scripts: Sequence[str], *, style: bool = True) -> None:
        new = [
            s
            for s in dict.fromkeys(scripts)
            if (s, True) not in self._announced and (s, style) not in self._announced
        ]
        if new:
            self._announced.update((s, style) for s in new)
            self._pipe.send(("prefetch", new, _limits_here(), style))

    def _answer(self, script: str, style: bool) -> list[ShellComment] | None:
        found = self._known.get((script, True))
        return self._known.get((script, False)) if found is None and not style else found

    def check(self, scripts: Sequence[str], *, style: bool = True) -> list[list[ShellComment]]:
        missing = [s for s in dict.fromkeys(scripts) if self._answer(s, style) is None]
        if missing:
            self._announced.update((s, style) for s in missing)
            self._pipe.send(("check", missing, _limits_here(), style))
            found = self._pipe.recv()
            self._known.update(((s, style), f) for s, f in zip(missing, found, strict=True))
        return [list(self._answer(s, style) or []) for s in scripts]


def _limits_here() -> Limits:
    from cslint.core.limits import current

    return (current().shellcheck_timeout, current().shellcheck_memory)


def start(runner: ProcessRunner, context: Any, workers: int) -> tuple[Any, list[Connection]]:
    """Fork (or spawn) the run's pool with `runner`'s settings; return its process and one
    pipe per worker (hand each to one worker, `install`, and close them all here once the
    workers have them)."""
    ends = [context.Pipe(duplex=True) for _ in range(workers)]
    settings: Settings = (runner.executable, runner.timeout, runner.workers, runner.memory_mib)
    process = context.Process(
        target=_serve,
        args=(os.getpid(), settings, [server for _, server in ends]),
        name="cslint-shellcheck",
        # Ended at the run's exit if it still runs then; it ends by itself before.
        daemon=True,
    )
    process.start()
    for _, server in ends:
        server.close()
    return process, [worker for worker, _ in ends]


def install(pipe: Connection) -> None:
    """In a worker process: ask the run's pool from now on."""
    set_runner(RemoteRunner(pipe))
