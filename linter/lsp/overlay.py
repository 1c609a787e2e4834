"""The project as the editor sees it: open buffers first, the disk for the rest.

A steps file is checked against the services *buffer* when the user has it open (unsaved
edits included), else against the file on disk. The engine's rules read siblings only
through `Project.fs`, so this file system is all it takes."""

from __future__ import annotations

import os
from collections.abc import Mapping

from cslint.core.fsys import DiskFileSystem


class OverlayFileSystem(DiskFileSystem):
    """The files under `root`; `buffers` maps absolute paths to the editor's texts."""

    def __init__(self, root: str, buffers: Mapping[str, str]) -> None:
        super().__init__(root)
        self.buffers = {os.path.normpath(path): text for path, text in buffers.items()}
        # Every text read, buffer or disk: the secret values in them are hidden in what
        # the server sends (a steps finding may quote a value of the services file).
        self.texts_read: list[str] = []

    def _buffer(self, path: str) -> str | None:
        return self.buffers.get(self._abs(path))

    def exists(self, path: str) -> bool:
        return self._buffer(path) is not None or super().exists(path)

    def is_file(self, path: str) -> bool:
        return self._buffer(path) is not None or super().is_file(path)

    def read_bytes(self, path: str) -> bytes | None:
        text = self._buffer(path)
        if text is not None:
            from cslint.core.limits import current

            self.texts_read.append(text)
            # A sibling buffer over max-file-size is not read, as its file would not be.
            return buffer_bytes(text, current().max_file_size)
        raw = super().read_bytes(path)
        if raw is not None:
            self.texts_read.append(raw.decode("utf-8", "replace"))
        return raw

    def list_dir(self, path: str) -> list[str]:
        names = set(super().list_dir(path))
        folder = self._abs(path)
        names.update(os.path.basename(p) for p in self.buffers if os.path.dirname(p) == folder)
        return sorted(names)


def buffer_bytes(text: str, limit: int) -> bytes | None:
    """The bytes `cslint check` would read from the buffer saved, or None when they are more
    than `limit` (max-file-size): a 50 MB buffer is refused as the file would be, not
    parsed for minutes. An unpaired UTF-16 surrogate (a client may send one) stays an
    invalid byte sequence, for CS005 to report where it is, rather than crashing."""
    if len(text) > limit:  # every character is at least one byte
        return None
    raw = text.encode("utf-8", "surrogatepass")
    return raw if len(raw) <= limit else None
