"""Large runs in batches over processes: every core checks files, and the output is the
one a single process gives (the engine sorts the merged results by path).

The workers are forked once the run's process has loaded what checking needs (parsers,
rule families, the code paths a first check of a kind of file goes through): they inherit
all of it and import nothing, so a run over processes pays little more than one process
does before its files are shared out. The run's process only waits: it never parses a
Dockerfile (see _fork_is_safe), so a later group of the run can fork again.

The work is a list of tasks, each the files of one project (one root folder; a large
project in pieces), so the services file a steps file and the Dockerfiles are checked
against is parsed by one process, not by every worker. Tasks are small and claimed one at
a time from a pipe holding their numbers: a worker that drew quick tasks takes more, and
the run ends at most one small task after the first worker runs out of work. Each worker
sends its outcomes once, at its end.

ShellCheck runs in one pool for the whole run (`cslint.parsers.shellcheck_service`), not
one per worker: the workers announce the scripts of each Dockerfile as they parse it, and
the pool runs at most one ShellCheck process per core over the run's distinct scripts.
"""

from __future__ import annotations

import os
import signal
import sys
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager, suppress
from typing import TYPE_CHECKING, Any

from cslint.core import observe
from cslint.core.kinds import FileKind

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from cslint.core.config import Config
    from cslint.core.discovery import Target
    from cslint.core.engine import FileResult, Linter

Outcome = tuple["FileResult", str | None, set[tuple[str, str]] | None]
# What a worker hands back: the outcomes of each task it checked, by task number, and the
# secret values of every file it read (the parent hides them in every message, as a
# single process does).
# A worker's outcomes by task, the secret values it found, and (when the run is recorded
# for the whole-run memo) what it asked of the file system.
Share = tuple[list[tuple[int, list[Outcome]]], set[str], "observe.Notes | None"]

# Files of one project per task at most: a larger project (a folder of 200 Dockerfiles)
# is split, so no worker is left with a long tail while the others wait.
TASK_FILES = 16
# Each task holds about 1/(workers * SHARE) of the files not yet given out, and at least
# one project: large tasks first (each call of the engine has a cost, and announces its
# ShellCheck scripts ahead), one project each at the end (the run ends at most one small
# task after the first worker runs out). With one project per task throughout, a 2,000
# file run took about 13 % more CPU (measured with Linter.lint_many in 4 and 500 file
# calls).
SHARE = 4
# A task number is 4 bytes in the claim pipe, written whole before any worker starts: at
# most 16 KiB, what a pipe holds before a write blocks on every platform.
MAX_TASKS = 4096


def _tasks(targets: Sequence[Target], workers: int) -> list[list[int]]:
    """Indexes of `targets` in tasks of whole projects (pieces of at most TASK_FILES
    files), in file order, shrinking from about len / (workers * SHARE) files to one
    project."""
    from cslint.core.engine import project_root_for

    by_root: dict[str, list[int]] = defaultdict(list)
    roots: dict[tuple[str, bool], str] = {}  # asked once per folder (see Linter.root_for)
    for i, target in enumerate(targets):
        folder = (os.path.dirname(os.path.abspath(target.path)), target.kind is FileKind.DOCKERFILE)
        if folder not in roots:
            roots[folder] = project_root_for(target.path, target.kind)
        by_root[roots[folder]].append(i)
    tasks: list[list[int]] = []
    left = len(targets)
    task: list[int] = []
    for indexes in by_root.values():
        for start in range(0, len(indexes), TASK_FILES):
            task += indexes[start : start + TASK_FILES]
            if len(task) * workers * SHARE >= left:
                tasks.append(task)
                left -= len(task)
                task = []
    if task:
        tasks.append(task)
    if len(tasks) > MAX_TASKS:  # thousands of workers: join neighbours
        per = -(-len(tasks) // MAX_TASKS)
        tasks = [[i for t in tasks[j : j + per] for i in t] for j in range(0, len(tasks), per)]
    return tasks


def _warm(targets: Sequence[Target]) -> None:
    """Load, before forking, what checking the files needs: the rule families and parsers
    of the kinds present, and whatever a first check of a services or steps file goes
    through (the YAML library, compiled schemas, patterns). The first such files are
    checked for that, in memory (no other file of their project is read) and with
    ShellCheck off, and their results dropped: they are checked again in their task.

    BuildKit's Dockerfile parser is left to the workers: it is Go, whose runtime runs
    threads once it has parsed, and a process forked after that hangs in its first parse
    (see _fork_is_safe)."""
    from cslint.core.engine import lint_text
    from cslint.core.limits import read_file
    from cslint.core.registry import rules_of_kind
    from cslint.parsers.shellcheck import use_runner

    first: dict[FileKind, Target] = {}
    for target in targets:
        first.setdefault(target.kind, target)
    for kind in first:
        rules_of_kind(kind)
    if FileKind.DOCKERFILE in first:
        from cslint.parsers.shell import warm

        warm()
    yaml = [target for kind, target in first.items() if kind is not FileKind.DOCKERFILE]
    files: dict[str, str | bytes] = {}
    for target in yaml:
        # A file that cannot be read or crashes a rule is reported by its task.
        with suppress(OSError):
            files[os.path.basename(target.path)] = target.raw or read_file(target.path)
    with use_runner(None):
        for target in yaml:
            name = os.path.basename(target.path)
            if name in files:
                with suppress(Exception):
                    lint_text(files[name], name, kind=target.kind, files=files)


def _fork_is_safe() -> bool:
    """Workers are forked only from a process with no other thread: a fork copies the
    calling thread alone, and a lock another thread held stays held in the copy. BuildKit's
    Go runtime, once it has parsed a Dockerfile (an earlier group of this run, an
    embedder), runs threads of its own, and a worker forked then hangs in its first parse;
    a ShellCheck thread starting a process would leave the worker holding that process's
    pipe. Elsewhere (and on platforms that do not fork safely) workers are spawned."""
    if sys.platform != "linux":
        return False
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return False


def _claim(fd: int) -> int | None:
    """The number of the next task nobody has taken, None when none is left. A read of 4
    bytes from a pipe is atomic, so two workers never get the same task."""
    data = os.read(fd, 4)
    return int.from_bytes(data, "little") if len(data) == 4 else None


def _work(
    config: Config,
    targets: Sequence[Target],
    tasks: list[list[int]],
    record: bool,
    claim: int,
    observing: bool = False,
) -> Share:
    """Check tasks until none is left: this process's share of the run (with what it asked
    of the file system when the parent's run is recorded for the whole-run memo)."""
    from cslint.codeship.secrets import secret_values
    from cslint.core.engine import Linter

    if observing:
        observe.start()
    linter: Linter = Linter(config)
    done: list[tuple[int, list[Outcome]]] = []
    while (task := _claim(claim)) is not None:
        done.append((task, linter.lint_many([targets[i] for i in tasks[task]], record)))
    values: set[str] = set()
    for text in linter.texts_read():
        values |= secret_values(text)
    return done, values, observe.stop() if observing else None


def _worker(
    config: Config,
    targets: Sequence[Target],
    tasks: list[list[int]],
    record: bool,
    claim: Connection,
    result: Connection,
    parent: int,
    pipe: Connection | None,
    observing: bool = False,
) -> None:
    """A forked (or spawned) worker: its share of the run, sent back in one message; a
    crash goes back as the exception the parent raises."""
    import pickle

    from cslint.core.orphan import exit_with_parent

    # The run decides when its workers end: Ctrl-C reaches the parent, which stops them.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _unblock_interrupts()
    exit_with_parent(parent)
    if pipe is not None:
        from cslint.parsers.shellcheck_service import install

        install(pipe)
    try:
        share = _work(config, targets, tasks, record, claim.fileno(), observing)
        message = pickle.dumps(("done", share))
    except Exception as exc:  # noqa: BLE001 - raised again in the parent
        message = _crash(exc)
    result.send_bytes(message)
    # Nothing is left to do: no clean-up of what was inherited (the parent's exit
    # handlers, the pool proxy's reference counts) that would keep the run waiting.
    os._exit(0)


def _crash(exc: Exception) -> bytes:
    """A worker's exception with its cause, pickled; one that does not pickle becomes a
    RuntimeError with its traceback."""
    import pickle

    try:
        return pickle.dumps(("crash", (exc, exc.__cause__)))
    except Exception:  # noqa: BLE001
        import traceback

        text = "".join(traceback.format_exception(exc))
        return pickle.dumps(("crash", (RuntimeError(f"in a worker process:\n{text}"), None)))


def lint_in_processes(
    config: Config, targets: Sequence[Target], jobs: int, record: bool
) -> tuple[list[Outcome], set[str]]:
    """The outcome of each target, in the order given, computed by `jobs` worker
    processes, and the secret values found in the files they read."""
    import multiprocessing

    tasks = _tasks(targets, jobs)
    fork = _fork_is_safe()
    if fork:
        # Imported once here, everything checking needs is inherited by every worker.
        _warm(targets)
    context: Any = multiprocessing.get_context("fork" if fork else "spawn")
    with ExitStack() as stack:
        pipes: list[Connection | None] = [None] * jobs
        if any(target.kind is FileKind.DOCKERFILE for target in targets):
            with _interrupts_blocked():
                pipes = _shellcheck_pool(context, jobs) or pipes
        claim_read, claim_write = context.Pipe(duplex=False)
        stack.callback(claim_read.close)
        # Every task number is in the pipe before any worker starts, and its writing end
        # is closed: an empty pipe then reads as "no task left".
        os.write(claim_write.fileno(), b"".join(i.to_bytes(4, "little") for i in range(len(tasks))))
        claim_write.close()
        workers = []
        with _interrupts_blocked():
            for pipe in pipes:
                result_read, result_write = context.Pipe(duplex=False)
                process = context.Process(
                    target=_worker,
                    args=(config, targets, tasks, record, claim_read, result_write, os.getpid(),
                          pipe, observe.recording()),
                    daemon=True,
                )  # fmt: skip
                process.start()
                result_write.close()
                workers.append((process, result_read))
        # The pool's pipes are the workers' now: it ends once they have closed them.
        for pipe in pipes:
            if pipe is not None:
                pipe.close()
        try:
            shares = [_share(process, result_read) for process, result_read in workers]
        except BaseException:
            # The run fails or is interrupted: no worker outlives it.
            for process, _ in workers:
                process.kill()
            raise
        finally:
            for process, result_read in workers:
                result_read.close()
                process.join()
    outcomes: list[Outcome | None] = [None] * len(targets)
    values: set[str] = set()
    for done, found, notes in shares:
        values |= found
        observe.merge(notes)
        for task, task_outcomes in done:
            for i, outcome in zip(tasks[task], task_outcomes, strict=True):
                outcomes[i] = outcome
    return [o for o in outcomes if o is not None], values


def _share(process: Any, result: Connection) -> Share:
    """A worker's share of the run, once it sends it; its crash raised here."""
    import pickle

    try:
        status, payload = pickle.loads(result.recv_bytes())
    except EOFError:
        process.join()
        raise _died(process.exitcode) from None
    if status == "crash":
        exc, cause = payload
        raise exc from cause
    return payload  # type: ignore[no-any-return]


def _died(exitcode: int | None) -> BaseException:
    """What a worker that ended without its share means for the run."""
    if exitcode == -signal.SIGINT:
        return KeyboardInterrupt()
    return RuntimeError(f"a worker process of the run ended unexpectedly (exit code {exitcode})")


@contextmanager
def _interrupts_blocked() -> Iterator[None]:
    """Ctrl-C held while workers are forked: one arriving then reaches the parent after
    the fork, and no worker starts with the default handler (a traceback)."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _unblock_interrupts() -> None:
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _shellcheck_pool(context: Any, jobs: int) -> list[Connection | None] | None:
    """The pipes to the run's one ShellCheck pool, one per worker, once it is started;
    None when ShellCheck is off or replaced (the workers then keep the runner they
    inherit)."""
    from cslint.parsers.shellcheck import ProcessRunner, active_runner

    runner = active_runner()
    if not isinstance(runner, ProcessRunner):
        return None
    from cslint.parsers.shellcheck_service import start

    _, pipes = start(runner, context, jobs)
    return list(pipes)
