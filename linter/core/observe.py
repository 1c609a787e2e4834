"""What a `cslint check` run learned from the file system, for the whole-run memo
(core/memo.py). Every question the check path asks of the disk (a file read, a type or
existence test, a folder listing, a link resolved, the ShellCheck executable looked for)
goes through the functions here; while a run is recorded, each question is noted with
the answer the run got, at the moment it got it. The memo replays a stored run only when
every noted question still gets the same answer (`answer`), so the answers must be taken
as the run saw them, not recomputed after it (a file edited during the run would
otherwise be stored with the output of its old bytes).

A question asked twice in one run with two answers (a file changed under the run) spoils
the recording: nothing is stored. So does anything the run cannot vouch for (`spoil`).
When nothing is recorded (the language server, --fix, the typer commands) each function
is the plain os call and one test of a global.

Imports nothing but `os` and `stat` (both loaded by the interpreter at start): the memo's
replay imports this module before anything else of cslint.
"""

from __future__ import annotations

import os
import stat as _stat

TYPE_CHECKING = False  # typing itself is not imported: it costs more than a replay
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    Notes = dict[tuple[str, str], object]

# A file larger than this is judged by its identity (size, times, inode), not its bytes:
# hashing it on every replay would cost more than the check it saves.
HASHED_UP_TO = 64 * 1024 * 1024

_notes: Notes | None = None
_spoiled = False


def start() -> None:
    """Begin noting this process's questions (the memo, at the start of a run)."""
    global _notes, _spoiled
    _notes, _spoiled = {}, False


def stop() -> Notes | None:
    """The questions and answers noted since `start`, or None when the run cannot be
    replayed (spoiled, or nothing was being noted). Noting ends."""
    global _notes
    notes, _notes = _notes, None
    return None if _spoiled else notes


def recording() -> bool:
    return _notes is not None


def spoil() -> None:
    """This run's output depends on something no question captures (a check cut short by
    a timeout, output written around the recorded streams): store nothing."""
    global _spoiled
    if _notes is not None:
        _spoiled = True


def merge(notes: Notes | None) -> None:
    """A worker process's notes, into this run's (None: the worker's run was spoiled)."""
    if _notes is None:
        return
    if notes is None:
        spoil()
        return
    for (op, path), seen in notes.items():
        _note(op, path, seen)


def _note(op: str, path: str, seen: object) -> None:
    if _notes is None:
        return
    key = (op, os.path.abspath(path))
    if _notes.setdefault(key, seen) != seen:
        spoil()  # two answers in one run: the file changed while it was checked


# -- the answers, in one form for the run and the replay -------------------------------------


def _failed(exc: Exception) -> int:
    """An error as an answer: a negative errno (ENOENT and EACCES are different answers)."""
    return -(exc.errno or 1) if isinstance(exc, OSError) else -1000


def _type_of(path: str) -> int:
    try:
        return _stat.S_IFMT(os.stat(path).st_mode)
    except (OSError, ValueError) as exc:
        return _failed(exc)


def _listing(path: str) -> object:
    try:
        return tuple(sorted(os.listdir(path)))
    except (OSError, ValueError) as exc:
        return _failed(exc)


def _digest(data: bytes) -> bytes:
    try:
        from _blake2 import blake2b  # the built-in module itself: hashlib costs ~3 ms more
    except ImportError:  # pragma: no cover - an interpreter built without it
        from hashlib import blake2b
    return blake2b(data, digest_size=20).digest()


def hash_text(text: str) -> str:
    return _digest(text.encode("utf-8", "surrogateescape")).hex()


def _identity(info: os.stat_result) -> tuple[int, ...]:
    return (_stat.S_IFMT(info.st_mode), info.st_size, info.st_mtime_ns, info.st_ino)


def _content(path: str) -> object:
    """A file's content as an answer: the hash of its bytes (a same-size edit within the
    file system's timestamp granularity is still seen), its type when it is no regular
    file, or its error."""
    try:
        info = os.stat(path)
        if not _stat.S_ISREG(info.st_mode):
            return _stat.S_IFMT(info.st_mode)
        if info.st_size > HASHED_UP_TO:
            return ("big", *_identity(info), info.st_ctime_ns)
        with open(path, "rb") as file:
            data = file.read(HASHED_UP_TO + 1)
    except (OSError, ValueError) as exc:
        return _failed(exc)
    return _of_bytes(data, path)


def _of_bytes(data: bytes, path: str) -> object:
    if len(data) > HASHED_UP_TO:
        try:
            info = os.stat(path)
        except OSError as exc:
            return _failed(exc)
        return ("big", *_identity(info), info.st_ctime_ns)
    return _digest(data)


def _executable(path: str) -> object:
    """What `shutil.which` asks of a candidate (there, executable, not a folder) and which
    binary it is (a ShellCheck upgraded in place changes the findings)."""
    try:
        info = os.stat(path)
    except (OSError, ValueError) as exc:
        return _failed(exc)
    return (*_identity(info), os.access(path, os.X_OK))


def _stamp(path: str) -> object:
    """A file's identity without reading it, for cslint's own code and the folders
    imports search: size, modification time and inode."""
    try:
        return _identity(os.stat(path))
    except (OSError, ValueError) as exc:
        return _failed(exc)


def _code_listing(path: str) -> object:
    """The modules and sub-packages of a package folder (not `__pycache__`, which Python
    fills as it imports)."""
    return _names(
        path,
        lambda e: e.name.endswith((".py", ".json")) or (e.name != "__pycache__" and e.is_dir()),
    )


_IMPORTABLE = (".py", ".pyc", ".so", ".pyd", ".pth")


def _importable(path: str) -> object:
    """What an import could find in a folder of `sys.path`: modules, extensions, packages
    (an editor's swap file beside a script is no new answer; a `ruamel.py` is)."""
    return _names(
        path,
        lambda e: (
            e.name.endswith(_IMPORTABLE)
            or (not e.name.startswith(".") and e.name != "__pycache__" and e.is_dir())
        ),
    )


def _names(path: str, keep: Callable[[os.DirEntry[str]], bool]) -> object:
    """The sorted names in the folder `path` that `keep` keeps; a failure as its answer."""
    try:
        with os.scandir(path) as entries:
            return tuple(sorted(e.name for e in entries if keep(e)))
    except (OSError, ValueError) as exc:
        return _failed(exc)


_ANSWERS: dict[str, Callable[[str], object]] = {
    "stat": _type_of,
    "list": _listing,
    "real": os.path.realpath,
    "read": _content,
    "exec": _executable,
    "stamp": _stamp,
    "code": _code_listing,
    "importable": _importable,
}


def answer(op: str, path: str) -> object:
    """Today's answer to a noted question (the memo's replay)."""
    return _ANSWERS[op](path)


def note_answers(questions: Iterable[tuple[str, str]]) -> None:
    """Note questions answered now (the memo's own: cslint's code, before the run)."""
    for op, path in questions:
        _note(op, path, answer(op, path))


# -- the questions the check path asks --------------------------------------------------------


def stat(path: str | os.PathLike[str]) -> os.stat_result:
    """os.stat, noted by the file's type (or error)."""
    name = os.fspath(path)
    try:
        info = os.stat(name)
    except (OSError, ValueError) as exc:
        _note("stat", name, _failed(exc))
        raise
    _note("stat", name, _stat.S_IFMT(info.st_mode))
    return info


def _type(path: str | os.PathLike[str]) -> int:
    name = os.fspath(path)
    kind = _type_of(name)
    _note("stat", name, kind)
    return kind


def exists(path: str | os.PathLike[str]) -> bool:
    return _type(path) >= 0


def isfile(path: str | os.PathLike[str]) -> bool:
    return _type(path) == _stat.S_IFREG


def isdir(path: str | os.PathLike[str]) -> bool:
    return _type(path) == _stat.S_IFDIR


def listdir(path: str | os.PathLike[str]) -> list[str]:
    """os.listdir (raising as it does), noted by the sorted names."""
    name = os.fspath(path)
    try:
        names = os.listdir(name)
    except (OSError, ValueError) as exc:
        _note("list", name, _failed(exc))
        raise
    _note("list", name, tuple(sorted(names)))
    return names


def realpath(path: str | os.PathLike[str]) -> str:
    name = os.fspath(path)
    real = os.path.realpath(name)
    _note("real", name, real)
    return real


def executable(path: str | os.PathLike[str]) -> bool:
    """A file there that this user may run (shutil.which's test), noted with its identity."""
    name = os.fspath(path)
    found = _executable(name)
    _note("exec", name, found)
    return isinstance(found, tuple) and found[0] != _stat.S_IFDIR and bool(found[-1])


def read(path: str | os.PathLike[str], data: bytes) -> None:
    """The bytes a read of `path` returned."""
    if _notes is not None:
        name = os.fspath(path)
        _note("read", name, _of_bytes(data, name))


def unread(path: str | os.PathLike[str]) -> None:
    """A read of `path` that failed (missing, refused, too large): noted by what it is now."""
    if _notes is not None:
        name = os.fspath(path)
        _note("read", name, _content(name))
