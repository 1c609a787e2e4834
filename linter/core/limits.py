"""Bounds on what one input may cost: bytes read, YAML nodes, nesting, ShellCheck time and
memory. A linter runs on files nobody has checked yet; each bound turns a hostile input
into a finding (or a one-line error) instead of a hang, gigabytes of memory or a crash.

The settings live in the `limits:` table of the config (docs/limits.md lists each with its
default). Parsers are called from many places (the engine, discovery, convert, the language
server), so the active limits are one process-wide value that the command sets once.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Final

from cslint.core import observe
from cslint.core.lazyre import lazy

MIB = 1024 * 1024


class Limits:
    """The bounds on what one input may cost (the `limits:` table of the config). Its repr
    names every bound: the result cache keys a run by it (inside the Config's)."""

    __slots__ = (
        "excerpt_width",
        "max_depth",
        "max_file_size",
        "max_quote",
        "max_yaml_nodes",
        "shellcheck_memory",
        "shellcheck_timeout",
    )

    # Bytes of one file (CodeShip files and Dockerfiles are kilobytes; 4 MiB is generous).
    max_file_size: Final[int]
    # YAML nodes after aliases are expanded: a 400-byte alias bomb would build billions.
    max_yaml_nodes: Final[int]
    # Nesting of YAML collections, `extends` chains, `${A:-${B:-...}}` and steps groups.
    max_depth: Final[int]
    # Seconds ShellCheck may take for one batch of RUN scripts, and MiB of memory it may use.
    shellcheck_timeout: Final[float]
    shellcheck_memory: Final[int]
    # Characters of user text a message may quote; longer text is cut with an ellipsis.
    max_quote: Final[int]
    # Characters of a source line shown around a finding's span in an excerpt.
    excerpt_width: Final[int]

    def __init__(
        self,
        max_file_size: int = 4 * MIB,
        max_yaml_nodes: int = 200_000,
        max_depth: int = 100,
        shellcheck_timeout: float = 30.0,
        shellcheck_memory: int = 1024,
        max_quote: int = 80,
        excerpt_width: int = 160,
    ) -> None:
        self.max_file_size = max_file_size
        self.max_yaml_nodes = max_yaml_nodes
        self.max_depth = max_depth
        self.shellcheck_timeout = shellcheck_timeout
        self.shellcheck_memory = shellcheck_memory
        self.max_quote = max_quote
        self.excerpt_width = excerpt_width

    def __repr__(self) -> str:
        return (
            f"Limits(max_file_size={self.max_file_size!r}, "
            f"max_yaml_nodes={self.max_yaml_nodes!r}, max_depth={self.max_depth!r}, "
            f"shellcheck_timeout={self.shellcheck_timeout!r}, "
            f"shellcheck_memory={self.shellcheck_memory!r}, max_quote={self.max_quote!r}, "
            f"excerpt_width={self.excerpt_width!r})"
        )


# Setting name in the config -> field, in the order messages list them.
SETTINGS: dict[str, str] = {
    name.replace("_", "-"): name
    for name in (
        "max_file_size",
        "max_yaml_nodes",
        "max_depth",
        "shellcheck_timeout",
        "shellcheck_memory",
        "max_quote",
        "excerpt_width",
    )
}
DEFAULTS = Limits()
_active = DEFAULTS


def current() -> Limits:
    return _active


def configure(limits: Limits) -> None:
    global _active
    _active = limits


@contextmanager
def using(limits: Limits) -> Iterator[None]:
    """These limits for the duration of a block: the files of one settings group (a nested
    `.cslint.yaml` with its own `limits:`), then the run's again."""
    global _active
    previous = _active
    _active = limits
    try:
        yield
    finally:
        _active = previous


_SIZE = lazy(r"^\s*(\d+)\s*([kmg]i?b?|b)?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "k": 1024, "m": MIB, "g": 1024 * MIB}


def parse_size(value: Any) -> int:
    """8388608, '8MiB', '8 MB', '512k' -> bytes (binary units either way)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    match = _SIZE.match(str(value))
    if not match:
        raise ValueError(f"expected a size such as 4MiB or 65536, not {str(value)[:40]!r}")
    unit = (match.group(2) or "").lower()[:1]
    return int(match.group(1)) * _UNITS[unit]


def from_settings(values: Mapping[str, Any]) -> Limits:
    """The `limits:` table -> Limits; raises ValueError(setting, message) on a bad one."""
    changes: dict[str, Any] = {}
    for key, value in values.items():
        name = SETTINGS.get(str(key))
        if name is None:
            raise LimitSettingError(
                str(key), f"unknown limit {str(key)[:40]!r}; expected one of {', '.join(SETTINGS)}"
            )
        try:
            if name == "max_file_size":
                number: float = parse_size(value)
            elif name == "shellcheck_timeout":
                if isinstance(value, bool) or not isinstance(value, int | float):
                    raise ValueError(f"expected a number of seconds, not {value!r}")
                number = float(value)
            else:
                if isinstance(value, bool) or not isinstance(value, int):
                    raise ValueError(f"expected a whole number, not {value!r}")
                number = value
        except ValueError as exc:
            raise LimitSettingError(str(key), f"{key}: {exc}") from None
        if number <= 0:
            raise LimitSettingError(str(key), f"{key} must be greater than 0")
        changes[name] = number
    return Limits(**changes)


class LimitSettingError(ValueError):
    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key
        self.message = message


class InputRefused(OSError):
    """A file cslint will not read: not a regular file, or over the size limit. Its
    message is what the finding (or the one-line error) says."""


def describe_mode(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def too_large_message(limit: int) -> str:
    return (
        f"file is larger than {format_size(limit)} (limits: max-file-size); cslint did not read it"
    )


def format_size(size: int) -> str:
    if size % MIB == 0:
        return f"{size // MIB} MiB"
    if size % 1024 == 0:
        return f"{size // 1024} KiB"
    return f"{size} bytes"


def read_file(path: str | os.PathLike[str], limit: int | None = None) -> bytes:
    """The bytes of a regular file, at most `limit` (default: max-file-size). Never blocks
    on a FIFO or a device and never reads past the limit: stat the path first (a socket
    cannot even be opened), open without blocking, and trust only the open file's fstat
    (the path may be swapped between the two). Every read is noted for the whole-run memo
    (core/observe.py), a failed one too."""
    try:
        data = _read_bounded(path, limit)
    except OSError:
        observe.unread(path)
        raise
    observe.read(path, data)
    return data


def _read_bounded(path: str | os.PathLike[str], limit: int | None) -> bytes:
    limit = current().max_file_size if limit is None else limit
    try:
        mode = os.stat(path).st_mode
    except OSError:
        mode = stat.S_IFREG  # let open() give the real error
    if not stat.S_ISREG(mode):
        raise InputRefused(errno.EINVAL, f"{describe_mode(mode)}, not a file; not read")
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputRefused(errno.EINVAL, f"{describe_mode(info.st_mode)}, not a file; not read")
        if info.st_size > limit:
            raise InputRefused(errno.EFBIG, too_large_message(limit))
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(limit + 1 - size, 1024 * 1024))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # it grew after fstat
            raise InputRefused(errno.EFBIG, too_large_message(limit))
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_error_message(exc: OSError) -> str:
    """What a finding or an error says about a file that could not be read."""
    if isinstance(exc, InputRefused):
        return str(exc.strerror)
    return f"cannot read file: {exc.strerror or exc}"
