"""Writing files so that nothing is ever half-written or lost.

A write goes to a temporary file in the target's folder, is flushed to disk, gets the
old file's mode and owner, and is renamed over the target: a crash, a full disk or an
error leaves either the old file or the new one, byte for byte, never a mix. A symlink is
written through (its target changes, the link stays a link). Every error names the
user's path, never the temporary file.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable


class WouldOverwrite(Exception):
    """The target exists and overwriting was not asked for."""


class WriteRefused(Exception):
    """The file cannot or must not be written; the message is one line for the user."""


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def resolve_target(path: str) -> str:
    """The file a write to `path` must change: through symlinks, to the real file."""
    return os.path.realpath(path) if os.path.islink(path) else path


def check_writable(path: str, *, inputs: Iterable[str] = ()) -> str:
    """Refuse early what `write_atomic` would refuse; returns the real target."""
    target = resolve_target(path)
    for given in inputs:
        if os.path.lexists(path) and _same_file(target, given):
            raise WriteRefused(f"{path} is also an input of this run; it was not overwritten")
    folder = os.path.dirname(os.path.abspath(target)) or "."
    if not os.path.isdir(folder):
        try:
            os.stat(folder)
        except PermissionError as exc:
            raise WriteRefused(f"cannot write {path}: {exc.strerror}") from None
        except OSError:
            pass
        raise WriteRefused(f"cannot write {path}: the folder {folder} does not exist")
    try:
        info = os.stat(target)
    except FileNotFoundError:
        if not os.access(folder, os.W_OK | os.X_OK):
            raise WriteRefused(f"cannot write {path}: its folder is not writable") from None
        return target
    except OSError as exc:  # a folder this user may not search
        raise WriteRefused(f"cannot write {path}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise WriteRefused(f"cannot write {path}: it is not a regular file")
    # Root may write anything; a file without any write bit is still read-only by intent.
    if not os.access(target, os.W_OK) or not info.st_mode & 0o222:
        raise WriteRefused(f"{path} is read-only; it was not changed")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise WriteRefused(f"cannot write {path}: its folder is not writable")
    return target


def write_atomic(
    path: str,
    data: str | bytes,
    *,
    overwrite: bool = True,
    inputs: Iterable[str] = (),
) -> None:
    """Write `data` (text is written as UTF-8, line ends untouched) to `path` atomically,
    keeping the existing file's mode and owner. Raises WouldOverwrite or WriteRefused."""
    if not overwrite and os.path.lexists(path):
        raise WouldOverwrite(f"{path} exists; pass --force to overwrite it")
    target = check_writable(path, inputs=inputs)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    folder = os.path.dirname(os.path.abspath(target))
    try:
        old: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        old = None
    except OSError as exc:
        raise WriteRefused(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        fd, temp = tempfile.mkstemp(prefix=".cslint-", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise WriteRefused(f"cannot write {path}: {exc.strerror}") from None
    try:
        try:
            view = memoryview(payload)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        if old is not None:
            os.chmod(temp, stat.S_IMODE(old.st_mode))
            if (old.st_uid, old.st_gid) != (os.getuid(), os.getgid()):
                # Only root may give a file away; the mode is kept either way.
                with contextlib.suppress(PermissionError):
                    os.chown(temp, old.st_uid, old.st_gid)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp, 0o666 & ~umask)
        os.replace(temp, target)
    except OSError as exc:
        _discard(temp)
        raise WriteRefused(f"cannot write {path}: {exc.strerror or exc}") from None
    except BaseException:
        _discard(temp)
        raise


def _discard(temp: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(temp)
