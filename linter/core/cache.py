"""The result cache: a file checked before, unchanged with everything it was checked
against, answers from disk without parsing and without importing a parser or a rule.

ruff's way: findings are stored per file, keyed by what decides them.
- The run: cslint's version and code, Python's version, the settings (and the folder
  relative globs are read from), and the ShellCheck executable found.
- The file: its path (as given and absolute), its kind, its project root and its bytes.
- What its rules looked at: every read, existence test and listing of another file of
  the project that the cross-file rules made while checking it (a steps file's entry
  records the services file it read, so editing the services file invalidates it). These
  are recorded while the file is checked (`Recorder`), not guessed, and replayed on the
  next run; one answer that differs makes the entry stale.

Entries are small JSON files under the user's cache folder (CSLINT_CACHE_DIR, else
XDG_CACHE_HOME/cslint, else ~/.cache/cslint), written atomically, so parallel runs never
read half an entry. The folder is held under a size bound (oldest entries go first). Any
surprise (unreadable, damaged, unwritable) is a miss, never an error.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cslint import __version__
from cslint.core import observe
from cslint.core.cachedir import cache_dir
from cslint.core.diagnostics import Diagnostic, Edit, Fix, Related, Severity, Span
from cslint.core.kinds import FileKind

if TYPE_CHECKING:
    from cslint.core.config import Config
    from cslint.core.discovery import Target
    from cslint.core.engine import FileResult
    from cslint.core.rule import FileSystem, Project

FORMAT = 1
MAX_BYTES = 64 * 1024 * 1024
# Packages whose behaviour decides findings: a new version of one is a new run key.
PARSER_PACKAGES = ("ruamel", "dockerfile", "tree_sitter", "tree_sitter_bash", "bashlex", "re2")


def code_files() -> tuple[list[str], list[str], list[tuple[str, str | None]]]:
    """What cslint's findings are computed by: its package folders, its own .py and .json
    files in them, and each parser package's origin file (None: not installed). Also the
    whole-run memo's (core/memo.py)."""
    import importlib.util

    folders: list[str] = []
    for package in ("cslint", "cslint.rules", "cslint.schemas"):
        # find_spec, not import: the rule registry and schemas are not needed on a hit.
        spec = importlib.util.find_spec(package)
        folders += (spec.submodule_search_locations or []) if spec is not None else []
    walked: list[str] = []
    files: list[str] = []
    while folders:
        folder = folders.pop()
        walked.append(folder)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir() and entry.name != "__pycache__":
                folders.append(entry.path)
            elif entry.name.endswith((".py", ".json")):
                files.append(entry.path)
    origins: list[tuple[str, str | None]] = []
    for name in PARSER_PACKAGES:
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
        origin = spec.origin if spec is not None else None
        origins.append((name, origin if origin and os.path.exists(origin) else None))
    return walked, files, origins


def _code_fingerprint() -> list[Any]:
    """cslint's own files (a rule edited in a checkout changes the key, not only a release)
    and the parsers' installed files, by size and modification time: a stat each, no read."""
    _, files, origins = code_files()
    out: list[Any] = []
    for path in files:
        try:
            stat = os.stat(path)
        except OSError:
            continue
        out.append((path, stat.st_size, stat.st_mtime_ns))
    for name, origin in origins:
        if origin is None:
            out.append((name, None))
        else:
            stat = os.stat(origin)
            out.append((name, origin, stat.st_size, stat.st_mtime_ns))
    return out


def _shellcheck_fingerprint() -> list[Any]:
    from cslint.parsers.shellcheck_path import find_executable

    found = find_executable()
    if found is None:
        return [None]
    real = observe.realpath(found)
    stat = os.stat(real)
    return [real, stat.st_size, stat.st_mtime_ns]


def run_key(config: Config) -> str:
    parts = [
        FORMAT,
        __version__,
        sys.version,
        os.getcwd(),
        repr(config),
        _code_fingerprint(),
        _shellcheck_fingerprint(),
    ]
    return hashlib.sha256(json.dumps(parts, default=repr).encode()).hexdigest()


# -- what a file's rules looked at ----------------------------------------------------------


class RecordingFileSystem:
    """A project's file system that notes every question asked of it."""

    def __init__(self, fs: FileSystem, log: set[tuple[str, str]]) -> None:
        self._fs = fs
        self._log = log

    def exists(self, path: str) -> bool:
        self._log.add(("stat", path))
        return self._fs.exists(path)

    def is_dir(self, path: str) -> bool:
        self._log.add(("stat", path))
        return self._fs.is_dir(path)

    def is_file(self, path: str) -> bool:
        self._log.add(("stat", path))
        return self._fs.is_file(path)

    def read_bytes(self, path: str) -> bytes | None:
        self._log.add(("read", path))
        return self._fs.read_bytes(path)

    def list_dir(self, path: str) -> list[str]:
        self._log.add(("list", path))
        return self._fs.list_dir(path)

    def inside_root(self, path: str) -> bool:
        self._log.add(("inside", path))
        return self._fs.inside_root(path)


def recording(project: Project, log: set[tuple[str, str]]) -> Project:
    """A view of `project` for one file: the same parsed files, and every file it loads
    or asks about noted in `log`."""
    from cslint.core.rule import Project

    class RecordingProject(Project):
        def load(self, path: str, kind: FileKind) -> Any:
            log.add(("read", path))
            return super().load(path, kind)

    view = RecordingProject.__new__(RecordingProject)
    view.__dict__.update(project.__dict__)  # shares the parse cache with the real project
    view.fs = RecordingFileSystem(project.fs, log)
    return view


def _answer(fs: FileSystem, op: str, path: str) -> Any:
    """Today's answer to a recorded question, in a form that compares exactly."""
    if op == "stat":
        return "f" if fs.is_file(path) else "d" if fs.is_dir(path) else "-"
    if op == "read":
        data = fs.read_bytes(path)
        return None if data is None else hashlib.sha256(data).hexdigest()
    if op == "list":
        return fs.list_dir(path)
    return fs.inside_root(path)


# -- storage ------------------------------------------------------------------------------


def _encode(d: Diagnostic) -> list[Any]:
    fix = None
    if d.fix is not None:
        fix = [d.fix.title, d.fix.safe, [[_span(e.span), e.replacement] for e in d.fix.edits]]
    related = [[_span(r.span), r.message, r.path] for r in d.related]
    return [
        _span(d.span), d.code, d.name, int(d.severity), d.message, fix, related,
        list(d.aliases), d.secret,
    ]  # fmt: skip


def _span(span: Span) -> list[int]:
    return [span.line, span.col, span.end_line, span.end_col]


def _decode(path: str, row: list[Any]) -> Diagnostic:
    span, code, name, severity, message, fix, related, aliases, secret = row
    decoded_fix = None
    if fix is not None:
        title, safe, edits = fix
        decoded_fix = Fix(title, tuple(Edit(Span(*s), text) for s, text in edits), safe)
    return Diagnostic(
        path=path,
        span=Span(*span),
        code=code,
        name=name,
        severity=Severity(severity),
        message=message,
        fix=decoded_fix,
        related=tuple(Related(Span(*s), m, p) for s, m, p in related),
        aliases=tuple(aliases),
        secret=secret,
    )


class ResultCache:
    """Findings by file, for one run's settings."""

    def __init__(self, config: Config, folder: Path | None = None) -> None:
        self.folder = (folder or cache_dir()) / f"results-v{FORMAT}"
        self.key = run_key(config)
        self.hits = 0
        self.stored = 0

    def _entry(self, target: Target, root: str) -> Path:
        ident = json.dumps(
            [self.key, target.path, os.path.abspath(target.path), target.kind.value, root]
        )
        digest = hashlib.sha256(ident.encode()).hexdigest()
        return self.folder / digest[:2] / f"{digest[2:]}.json"

    def get(self, target: Target, root: str) -> FileResult | None:
        """The stored result for the file, if nothing it depends on has changed."""
        from cslint.core.limits import read_file

        try:
            raw = read_file(target.path)  # never a FIFO, never past max-file-size
            entry = json.loads(self._entry(target, root).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        try:
            if entry["digest"] != hashlib.sha256(raw).hexdigest():
                return None
            from cslint.core.fsys import DiskFileSystem

            fs = DiskFileSystem(root)
            for op, path, answer in entry["deps"]:
                if _answer(fs, op, path) != answer:
                    return None
            diagnostics = [_decode(target.path, row) for row in entry["diagnostics"]]
        except (KeyError, TypeError, ValueError):
            return None
        from cslint.core.engine import FileResult

        try:
            text: str | None = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = None
        self.hits += 1
        return FileResult(target.path, target.kind, text, diagnostics)

    def put(
        self,
        target: Target,
        root: str,
        result: FileResult,
        digest: str,
        deps: Iterable[tuple[str, str]],
    ) -> None:
        """Store a result: `digest` is the SHA-256 of the bytes it was checked from, `deps`
        what its rules looked at (from `recording`)."""
        fs = _disk(root)
        entry = {
            "digest": digest,
            "deps": [[op, path, _answer(fs, op, path)] for op, path in sorted(deps)],
            "diagnostics": [_encode(d) for d in result.diagnostics],
        }
        path = self._entry(target, root)
        import tempfile  # only to write: a run answered from the cache writes nothing

        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(entry, out, separators=(",", ":"))
            os.replace(tmp, path)
        except OSError:
            return
        self.stored += 1

    def prune(self, max_bytes: int = MAX_BYTES) -> None:
        """Keep the folder under `max_bytes`: the oldest entries go first, down to 3/4."""
        prune_folder(str(self.folder), max_bytes)


def prune_folder(folder: str, max_bytes: int) -> None:
    """Keep a cache folder of two levels (`ab/cdef...`) under `max_bytes`: the oldest
    entries go first, down to 3/4 of it. Also the whole-run memo's (core/memo.py)."""
    files: list[tuple[float, int, str]] = []
    try:
        for sub in os.scandir(folder):
            if sub.is_dir():
                for entry in os.scandir(sub.path):
                    stat = entry.stat()
                    files.append((stat.st_mtime, stat.st_size, entry.path))
    except OSError:
        return
    total = sum(size for _, size, _ in files)
    if total <= max_bytes:
        return
    for _, size, path in sorted(files):
        try:
            os.unlink(path)
        except OSError:
            continue
        total -= size
        if total <= max_bytes * 3 // 4:
            break


def _disk(root: str) -> FileSystem:
    from cslint.core.fsys import DiskFileSystem

    return DiskFileSystem(root)
