"""One ShellCheck pool for a run over several processes.

A run split over worker processes would otherwise start a pool in every worker: with two
workers on two cores, four ShellCheck processes and two workers fight for two cores, and a
script found in two workers' batches is checked twice. Instead the run starts one
`ProcessRunner` in a small server process (a `multiprocessing` manager, forked where the
platform forks safely), and every worker installs a `RemoteRunner` that asks it. The pool
checks each distinct script of the run once, with at most one ShellCheck process per
core, in the order the workers announce them.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from multiprocessing.context import BaseContext
from multiprocessing.managers import BaseManager
from typing import Any

from cslint.parsers.shellcheck import ProcessRunner, ShellComment, set_runner

_SERVED: ProcessRunner | None = None


def _serve(
    parent: int, executable: str, timeout: float | None, workers: int, memory_mib: int | None
) -> None:
    """In the server process: the one pool of the run, which ends with the run."""
    global _SERVED
    from cslint.core.orphan import exit_with_parent

    exit_with_parent(parent)
    _SERVED = ProcessRunner(executable, timeout, workers, memory_mib)


def _served() -> ProcessRunner:
    assert _SERVED is not None
    return _SERVED


class _Manager(BaseManager):
    pass


_Manager.register("runner", callable=_served, exposed=("prefetch", "check"))


class RemoteRunner:
    """A worker's view of the run's pool. It remembers what it announced and every answer,
    so a script met again in the worker (the same RUN in many Dockerfiles) costs no call.
    Each request carries the limits in effect in the worker (its files' settings)."""

    def __init__(self, proxy: Any) -> None:
        self._proxy = proxy
        self._announced: set[str] = set()
        self._known: dict[str, list[ShellComment]] = {}

    def prefetch(self, scripts: Sequence[str]) -> None:
        new = [s for s in dict.fromkeys(scripts) if s not in self._announced]
        if new:
            self._announced.update(new)
            self._proxy.prefetch(new, _limits_here())

    def check(self, scripts: Sequence[str]) -> list[list[ShellComment]]:
        missing = [s for s in dict.fromkeys(scripts) if s not in self._known]
        if missing:
            self._announced.update(missing)
            found = self._proxy.check(missing, _limits_here())
            self._known.update(zip(missing, found, strict=True))
        return [list(self._known[s]) for s in scripts]


def _limits_here() -> tuple[float, int]:
    from cslint.core.limits import current

    return (current().shellcheck_timeout, current().shellcheck_memory)


def start(runner: ProcessRunner, context: BaseContext) -> tuple[BaseManager, Any]:
    """Start the run's pool, with `runner`'s settings, and return its manager (shut it
    down when the run ends) and the proxy to hand to workers (`install`)."""
    manager = _Manager(ctx=context)
    settings = (runner.executable, runner.timeout, runner.workers, runner.memory_mib)
    manager.start(_serve, (os.getpid(), *settings))
    return manager, manager.runner()  # type: ignore[attr-defined]


def install(proxy: Any) -> None:
    """In a worker process: ask the run's pool from now on."""
    set_runner(RemoteRunner(proxy))
