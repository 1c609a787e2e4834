"""The whole-run memo: `cslint check` called again with nothing changed prints the stored
output of the last such call and exits with its code, before the engine, the settings,
the parsers or the result cache are imported.

A call is keyed by what could change its output besides the files: the parsed command
line, the current folder, cslint's version and location, the interpreter and its flags
and `sys.path`, the environment variables cslint, Python or ShellCheck read (`ENV_*`),
whether stdout and stderr are terminals and their encodings. Its entry holds the bytes
written to stdout and stderr (as the text written, in order, so a replay buffers and
interleaves as the run did), the exit code, and every question the run asked of the
file system with the answer it got (core/observe.py): files read (by the hash of their
bytes), types and existence tests (a `.cslint.yaml` created up the tree), folder listings
(a new Dockerfile), links resolved, each ShellCheck candidate on the way to the one used,
and cslint's own code (each module's size, time and inode, each package's listing) with
the folders imports search. A replay asks every question again; one answer that differs is
a miss, and the call runs and records a new entry.

Only what a read-only run writes to stdout and stderr is memoized: never --fix, --diff,
-o, stdin, --no-cache or CSLINT_NO_CACHE, never an exit other than 0 and 1, never a run
a rule could not finish (a ShellCheck timeout), never a run that wrote around the
recorded streams. Any surprise (a damaged, unreadable or foreign entry) is a miss, never
an error. Entries are written atomically, readable by their owner only, and the folder is
held under MAX_BYTES; they hold nothing the run did not print, besides paths and hashes.

This module imports nothing but the interpreter's own `marshal` (entries are marshalled:
json costs more to import than a replay takes) and core/observe.py; the run's side
(`record`, `store`) imports more, when the engine is loaded anyway.
"""

from __future__ import annotations

import marshal
import os
import sys

from cslint.core import observe

TYPE_CHECKING = False  # typing itself is not imported on a replay
if TYPE_CHECKING:
    from typing import Any, TextIO

FORMAT = 1
MAX_BYTES = 16 * 1024 * 1024
# The environment that can change a run's output: cslint's own settings; Python's (which
# modules load, the streams' encoding, warnings); ShellCheck's (SHELLCHECK_OPTS, read by
# the ShellCheck cslint runs) and the locale it runs under; colour; where executables and
# the cache are found. tests/test_memo.py fails if the code reads another variable.
ENV_PREFIXES = ("CSLINT_", "PYTHON", "SHELLCHECK_", "LC_")
ENV_NAMES = (
    "LANG", "LANGUAGE", "NO_COLOR", "FORCE_COLOR", "TERM", "COLUMNS", "LINES", "PATH", "HOME",
    "XDG_CACHE_HOME", "TMPDIR",
)  # fmt: skip


def memoizable(arguments: dict[str, object]) -> bool:
    """A read-only call whose whole output goes to stdout and stderr."""
    paths = arguments.get("paths")
    return not (
        arguments.get("fix")
        or arguments.get("diff")
        or arguments.get("output")  # `-o ''` prints to stdout, as run_check does
        or arguments.get("no_cache")
        or (isinstance(paths, list) and "-" in paths)
        or os.environ.get("CSLINT_NO_CACHE")
    )


def _key(arguments: dict[str, object]) -> str:
    import cslint

    environment = sorted(
        (name, value)
        for name, value in os.environ.items()
        if name.startswith(ENV_PREFIXES) or name in ENV_NAMES
    )
    streams = [
        (s.isatty(), s.encoding, s.errors, s.line_buffering) for s in (sys.stdout, sys.stderr)
    ]
    parts = (
        FORMAT,
        sorted(arguments.items()),
        os.getcwd(),
        cslint.__version__,
        cslint.__file__,
        sys.executable,
        sys.version,
        tuple(sys.flags),
        getattr(sys, "_xoptions", None),  # -X options (importtime writes to stderr)
        sys.warnoptions,
        sys.path,
        environment,
        streams,
        os.getuid() if hasattr(os, "getuid") else None,
    )
    return observe.hash_text(repr(parts))


def _folder() -> str:
    from cslint.core.cachedir import cache_folder

    return os.path.join(cache_folder(), f"runs-v{FORMAT}")


def lookup(arguments: dict[str, object]) -> Memo | None:
    """The memo of this call: a hit when its entry still holds, else a miss that records;
    None when the call is not memoized. Never raises (any surprise is a miss)."""
    try:
        if not memoizable(arguments):
            return None
        key = _key(arguments)
        memo = Memo(os.path.join(_folder(), key[:2], key[2:]))
    except Exception:  # noqa: BLE001 - no stdout, a deleted current folder: not memoized
        return None
    memo.load()
    return memo


class Memo:
    def __init__(self, path: str) -> None:
        self.path = path
        self.hit = False
        self.code = 0
        self._out: list[tuple[int, str]] = []
        self._streams: tuple[TextIO, TextIO] | None = None

    def load(self) -> None:
        """A hit when the entry is there, whole, and every answer it holds still holds."""
        try:
            entry = marshal.loads(_read_entry(self.path))
            form, code, out, questions = entry
            if form != FORMAT or code not in (0, 1):
                return
            for op, path, seen in questions:
                if observe.answer(op, path) != seen:
                    return
            chunks = [(int(stream), str(text)) for stream, text in out]
        except Exception:  # noqa: BLE001 - damaged, foreign, unreadable: a miss
            return
        self.hit, self.code, self._out = True, code, chunks

    def replay(self) -> int:
        """Write the stored output, as the run wrote it; the exit code."""
        for number, text in self._out:
            (sys.stdout if number == 1 else sys.stderr).write(text)
        for stream in (sys.stdout, sys.stderr):
            stream.flush()  # a closed pipe ends the replay as it ends a run (store)
        return self.code

    # -- the run's side: recording a miss ----------------------------------------------------

    def record(self) -> None:
        """Tee stdout and stderr and note every question from here on."""
        self._out = []
        self._streams = (sys.stdout, sys.stderr)
        sys.stdout = _Tee(sys.stdout, 1, self._out)
        sys.stderr = _Tee(sys.stderr, 2, self._out)
        observe.start()
        try:
            observe.note_answers(_code_questions())
        except Exception:  # noqa: BLE001 - cslint's code cannot be vouched for
            observe.spoil()

    def abandon(self) -> None:
        """The run ended otherwise than with an exit code: nothing is stored."""
        if self._streams is not None:
            sys.stdout, sys.stderr = self._streams
            self._streams = None
        observe.stop()

    def store(self, code: int) -> None:
        """Write the entry of a run that ended with `code`, if it can be replayed."""
        streams, notes = self._streams, observe.stop()
        self.abandon()
        if streams is None or notes is None or code not in (0, 1):
            return
        for written in streams:
            written.flush()  # a run whose output did not reach its stream is not stored
        questions = tuple((op, path, seen) for (op, path), seen in notes.items())
        entry: Any = (FORMAT, code, tuple(self._out), questions)  # answers: marshal's types
        try:
            _write_entry(self.path, marshal.dumps(entry))
        except (OSError, ValueError):
            return
        from cslint.core.cache import prune_folder

        prune_folder(_folder(), MAX_BYTES)


class _Tee:
    """A text stream that writes through and keeps what was written. A caller reaching
    for the bytes underneath (`buffer`, `fileno`) writes around it: the run is then not
    stored."""

    def __init__(self, stream: TextIO, number: int, out: list[tuple[int, str]]) -> None:
        self._stream = stream
        self._number = number
        self._out = out

    def write(self, text: str) -> int:
        written = self._stream.write(text)
        self._out.append((self._number, text))
        return written

    def __getattr__(self, name: str) -> object:
        if name in ("buffer", "fileno", "writelines"):
            observe.spoil()
        return getattr(self._stream, name)


def _code_questions() -> list[tuple[str, str]]:
    """cslint's own code (each module by its identity, each package by its modules), the
    parser packages' origin files and the folders imports search: an edited rule, an
    upgraded parser or a package installed in front of one makes an entry stale."""
    from cslint.core.cache import code_files

    folders, files, origins = code_files()
    questions = [("code", folder) for folder in folders]
    questions += [("stamp", path) for path in files]
    questions += [("stamp", origin) for _, origin in origins if origin is not None]
    questions += [("importable", os.path.abspath(entry or ".")) for entry in sys.path]
    return questions


def _read_entry(path: str) -> bytes:
    """An entry's bytes: a regular file only (never blocking on a FIFO), bounded."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        import stat

        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
            raise ValueError("not an entry")
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _write_entry(path: str, data: bytes) -> None:
    """Atomically (a parallel run never reads half an entry), for its owner only."""
    if len(data) > MAX_BYTES // 4:
        return  # a run with megabytes of output is cheaper to run again than to keep
    os.makedirs(os.path.dirname(path), exist_ok=True)
    temporary = f"{path}.{os.getpid()}.tmp"
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        if os.path.lexists(temporary):
            os.unlink(temporary)
        raise
