"""Large runs in batches over processes: every core checks files, and the output is the
one a single process gives (the engine sorts the merged results by path).

The files of one project (one root folder) stay in one batch, so the services file that
a steps file and the Dockerfiles are checked against is parsed once, not once per worker.
Workers are forked where the platform forks safely, and otherwise spawned.

ShellCheck runs in one pool for the whole run (`cslint.parsers.shellcheck_service`), not
one per worker: the workers announce the scripts of each Dockerfile as they parse it, and
the pool runs at most one ShellCheck process per core over the run's distinct scripts.
"""

from __future__ import annotations

import os
import sys
from collections import defaultdict
from collections.abc import Sequence
from contextlib import ExitStack
from typing import TYPE_CHECKING, Any

from cslint.core.kinds import FileKind

if TYPE_CHECKING:
    from cslint.core.config import Config
    from cslint.core.discovery import Target
    from cslint.core.engine import FileResult

Outcome = tuple["FileResult", str | None, set[tuple[str, str]] | None]


def _batches(targets: Sequence[Target], count: int) -> list[list[int]]:
    """Indexes of `targets` in about `count` batches of whole projects, in file order."""
    from cslint.core.engine import project_root_for

    by_root: dict[str, list[int]] = defaultdict(list)
    roots: dict[tuple[str, bool], str] = {}  # asked once per folder (see Linter.root_for)
    for i, target in enumerate(targets):
        folder = (os.path.dirname(os.path.abspath(target.path)), target.kind is FileKind.DOCKERFILE)
        if folder not in roots:
            roots[folder] = project_root_for(target.path, target.kind)
        by_root[roots[folder]].append(i)
    size = max(1, len(targets) // count)
    batches: list[list[int]] = [[]]
    for indexes in by_root.values():
        # A project larger than a batch is split: its files are still checked alike.
        for start in range(0, len(indexes), size):
            if len(batches[-1]) >= size:
                batches.append([])
            batches[-1].extend(indexes[start : start + size])
    return [b for b in batches if b]


def _start_worker(parent: int, proxy: Any) -> None:
    """In each worker: end with the run (a worker blocked on the task queue outlives a
    parent killed by SIGKILL otherwise), and ask the run's ShellCheck pool if it has one."""
    from cslint.core.orphan import exit_with_parent

    exit_with_parent(parent)
    if proxy is not None:
        from cslint.parsers.shellcheck_service import install

        install(proxy)


def _lint_batch(
    config: Config, targets: list[Target], record: bool
) -> tuple[list[Outcome], set[str]]:
    """The batch's outcomes, and the secret values of every file the worker read: the
    parent hides them in every message, as a single process does."""
    from cslint.codeship.secrets import secret_values
    from cslint.core.engine import Linter

    linter = Linter(config)
    outcomes = linter.lint_many(targets, record)
    values: set[str] = set()
    for text in linter.texts_read():
        values |= secret_values(text)
    return outcomes, values


def lint_in_processes(
    config: Config, targets: Sequence[Target], jobs: int, record: bool
) -> tuple[list[Outcome], set[str]]:
    """The outcome of each target, in the order given, computed by `jobs` processes, and
    the secret values found in the files they read."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # Four batches per worker: a worker that drew small projects takes another batch.
    batches = _batches(targets, jobs * 4)
    method = "fork" if sys.platform == "linux" else "spawn"
    context = multiprocessing.get_context(method)
    kinds = {target.kind for target in targets}
    if method == "fork":
        # Imported once here, the rule families and parsers are inherited by every forked
        # worker instead of being imported again in each.
        from cslint.core.registry import rules_of_kind

        for kind in kinds:
            rules_of_kind(kind)
        if FileKind.DOCKERFILE in kinds:
            from cslint.parsers.shell import warm

            warm()
    outcomes: list[Outcome | None] = [None] * len(targets)
    values: set[str] = set()
    with ExitStack() as stack:
        proxy = _shellcheck_pool(stack, context) if FileKind.DOCKERFILE in kinds else None
        pool = stack.enter_context(
            ProcessPoolExecutor(
                jobs, mp_context=context, initializer=_start_worker, initargs=(os.getpid(), proxy)
            )
        )
        futures = [
            (batch, pool.submit(_lint_batch, config, [targets[i] for i in batch], record))
            for batch in batches
        ]
        for batch, future in futures:
            done, found = future.result()
            values |= found
            for i, outcome in zip(batch, done, strict=True):
                outcomes[i] = outcome
    return [o for o in outcomes if o is not None], values


def _shellcheck_pool(stack: ExitStack, context: Any) -> Any:
    """The proxy of the run's one ShellCheck pool, started in `stack`; None when ShellCheck
    is off or replaced (the workers then keep the runner they inherit)."""
    from cslint.parsers.shellcheck import ProcessRunner, active_runner

    runner = active_runner()
    if not isinstance(runner, ProcessRunner):
        return None
    from cslint.parsers.shellcheck_service import start

    manager, proxy = start(runner, context)
    stack.callback(manager.shutdown)
    return proxy
