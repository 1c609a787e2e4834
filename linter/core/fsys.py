"""File access for the project view that rules see: the disk, or a dict in tests."""

from __future__ import annotations

import os
import posixpath
from collections.abc import Mapping

from cslint.core import observe


class DiskFileSystem:
    """The files under `root`, addressed by POSIX paths relative to it. Each question is
    noted for the whole-run memo (core/observe.py)."""

    def __init__(self, root: str) -> None:
        self.root = os.path.abspath(root)

    def _abs(self, path: str) -> str:
        return os.path.normpath(os.path.join(self.root, path))

    def exists(self, path: str) -> bool:
        return observe.exists(self._abs(path))

    def is_dir(self, path: str) -> bool:
        return observe.isdir(self._abs(path))

    def is_file(self, path: str) -> bool:
        return observe.isfile(self._abs(path))

    def read_bytes(self, path: str) -> bytes | None:
        from cslint.core.limits import read_file

        try:
            return read_file(self._abs(path))
        except OSError:
            return None

    def list_dir(self, path: str) -> list[str]:
        try:
            return sorted(observe.listdir(self._abs(path)))
        except OSError:
            return []

    def inside_root(self, path: str) -> bool:
        target = observe.realpath(self._abs(path))
        root = observe.realpath(self.root)
        return target == root or target.startswith(root + os.sep)


class MemoryFileSystem:
    """A project made of a dict {relative path: text}; folders are implied by the paths."""

    def __init__(self, files: Mapping[str, str | bytes]) -> None:
        self.files = {posixpath.normpath(k): v for k, v in files.items()}
        self.dirs = {"."}
        for name in self.files:
            parent = posixpath.dirname(name)
            while parent:
                self.dirs.add(parent)
                parent = posixpath.dirname(parent)

    @staticmethod
    def _norm(path: str) -> str:
        return posixpath.normpath(path) if path else "."

    def exists(self, path: str) -> bool:
        return self.is_file(path) or self.is_dir(path)

    def is_dir(self, path: str) -> bool:
        return self._norm(path) in self.dirs

    def is_file(self, path: str) -> bool:
        return self._norm(path) in self.files

    def read_bytes(self, path: str) -> bytes | None:
        value = self.files.get(self._norm(path))
        if value is None:
            return None
        return value.encode() if isinstance(value, str) else value

    def list_dir(self, path: str) -> list[str]:
        base = self._norm(path)
        names = {
            p.split("/")[0] if base == "." else p[len(base) + 1 :].split("/")[0]
            for p in (*self.files, *self.dirs)
            if p != "." and (base == "." or p.startswith(base + "/"))
        }
        return sorted(names)

    def inside_root(self, path: str) -> bool:
        return not self._norm(path).startswith("..") and not path.startswith("/")
