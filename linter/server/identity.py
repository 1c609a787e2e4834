"""Which server may answer a call, and where it listens.

A server answers only calls made in the conditions it started in: everything fixed when
an interpreter starts, or read by a module when it is imported, that could change what a
call prints. The client sends its key with every call and the server compares it whole;
the socket's name is a checksum of the key, so servers for two keys live side by side.
cslint's own code is not in the key (a stat of every file costs a call too much): the
server checks it before each call (daemon.py).

The socket lives in a private folder: XDG_RUNTIME_DIR/cslint, else cslint-UID under the
temporary folder, made 0700; a folder that is a symlink, is another user's, or is open to
others is never used (the call then runs in-process).
"""

from __future__ import annotations

import os
import stat
import sys

# Read when an interpreter starts (encodings, locale, flags, paths, the time zone) or by a
# module at import (typer reads TYPER_USE_RICH and TERMINAL_WIDTH, ruamel.yaml
# RUAMEL_DEBUG): part of the key.
# tests/test_server.py checks that no cslint module reads the environment at import.
ENV_PREFIXES = ("PYTHON", "LC_")
ENV_NAMES = frozenset(
    {
        "LANG",
        "LANGUAGE",
        "TZ",
        "TYPER_USE_RICH",
        "TERMINAL_WIDTH",
        "_TYPER_FORCE_DISABLE_TERMINAL",
        "RUAMEL_DEBUG",
    }
)
# The process's credentials and capabilities decide which files a call may read.
_STATUS_LINES = (b"Uid:", b"Gid:", b"Groups:", b"Cap", b"NoNewPrivs:", b"Seccomp:")
# sun_path holds 108 bytes; a longer folder means no server.
_MAX_PATH = 100


def key() -> str:
    """Everything about this process that a server must share to answer its calls."""
    import cslint

    env = sorted(
        f"{name}={value}"
        for name, value in os.environ.items()
        if name in ENV_NAMES or name.startswith(ENV_PREFIXES)
    )
    parts = [
        f"cslint {cslint.__version__} {cslint.__file__}",
        sys.executable,
        sys.version,
        repr(sys.flags),
        repr(sys.warnoptions),
        repr(sys._xoptions),
        repr(sys.path),
        f"{sys.getfilesystemencoding()} {sys.getfilesystemencodeerrors()}",
        *env,
        _read("/proc/self/status", _STATUS_LINES),
        _read("/proc/self/limits"),
        *(_link(f"/proc/self/ns/{space}") for space in ("mnt", "user", "pid")),
        repr(sorted(os.sched_getaffinity(0))),
    ]
    return "\n".join(parts)


def _read(path: str, wanted: tuple[bytes, ...] = ()) -> str:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return f"{path}: none"
    try:
        data = os.read(fd, 65536)
    finally:
        os.close(fd)
    if wanted:
        data = b"\n".join(line for line in data.splitlines() if line.startswith(wanted))
    return data.decode("ascii", "replace")


def _link(path: str) -> str:
    try:
        return os.readlink(path)
    except OSError:
        return f"{path}: none"


def folder_path() -> str:
    """The private folder's path (not checked)."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and os.path.isabs(runtime) and _owned(runtime):
        return os.path.join(runtime, "cslint")
    # A relative one would name a folder in the call's own folder (tempfile makes it
    # absolute; the server, working from /, could not even listen there).
    temp = next(
        (v for n in ("TMPDIR", "TEMP", "TMP") if os.path.isabs(v := os.environ.get(n, ""))),
        "/tmp",
    )
    return os.path.join(temp, f"cslint-{os.getuid()}")


def _owned(path: str) -> bool:
    """The runtime folder is its user's own (XDG base directory specification); `sudo -E`
    keeps the user's, and root would make its folder there, which the user could then
    never use."""
    try:
        return os.stat(path).st_uid == os.getuid()
    except OSError:
        return False


def unsafe_reason(path: str) -> str | None:
    """Why the folder at `path` must not hold a socket, or None when it is private."""
    try:
        info = os.lstat(path)
    except OSError as exc:
        return f"{path}: {exc.strerror}"
    if stat.S_ISLNK(info.st_mode):
        return f"{path} is a symlink"
    if not stat.S_ISDIR(info.st_mode):
        return f"{path} is not a folder"
    if info.st_uid != os.getuid():
        return f"{path} belongs to uid {info.st_uid}, not to you"
    if info.st_mode & 0o077:
        return f"{path} is open to others (mode {stat.S_IMODE(info.st_mode):o})"
    return None


def socket_path(the_key: str, create: bool = False) -> tuple[str | None, str | None]:
    """(the socket's path, None), or (None, why there is none). With `create`, the folder
    is made if missing."""
    folder = folder_path()
    if create:
        try:
            os.mkdir(folder, 0o700)
        except FileExistsError:
            pass
        except OSError as exc:
            return None, f"cannot make {folder}: {exc.strerror}"
    reason = unsafe_reason(folder)
    if reason is not None:
        return None, reason
    import binascii

    checksum = binascii.crc32(the_key.encode("utf-8", "surrogateescape"))
    path = os.path.join(folder, f"{checksum:08x}.sock")
    if len(os.fsencode(path)) > _MAX_PATH:
        return None, f"{folder} is too long a path for a socket"
    return path, None
