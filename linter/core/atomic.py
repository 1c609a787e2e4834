"""Writing files so that nothing is ever half-written or lost."""

from __future__ import annotations

import os
import tempfile


class WouldOverwrite(Exception):
    """The target exists and overwriting was not asked for."""


def write_atomic(path: str, text: str, *, overwrite: bool = True) -> None:
    """Write `text` to `path` through a temporary file in the same folder, renamed into
    place: a crash or an error leaves either the old file or the new one, never a mix."""
    if not overwrite and os.path.exists(path):
        raise WouldOverwrite(f"{path} exists; pass --force to overwrite it")
    folder = os.path.dirname(os.path.abspath(path))
    fd, temp = tempfile.mkstemp(prefix=".cslint-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if os.path.exists(path):
            os.chmod(temp, os.stat(path).st_mode & 0o7777)
        else:
            os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise
