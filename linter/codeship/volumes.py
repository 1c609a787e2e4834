"""One reading of a service's `volumes` entries, for the rules and for `cslint convert`.

A short-syntax source that starts with `.`, `/` or `~`, holds a path separator, or is a
Windows drive path is a host path; any other source is a named volume, as compose-go's
loader reads it (`_vol:/x` too: Docker then refuses the name, and CodeShip has no named
volumes either way). `$VAR` sources stay host paths, since what they
hold is known only after interpolation, which CodeShip does not do (format doc §2.2, §7).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final


class Mount:
    """One `volumes` entry in canonical form."""

    __slots__ = ("kind", "mode", "read_only", "source", "target")

    kind: Final[str]  # "bind", "volume" (named), "anonymous", "tmpfs", or "other"
    source: Final[str | None]
    target: Final[str]
    read_only: Final[bool]
    mode: Final[str | None]  # the short syntax's third part, as written

    def __init__(
        self,
        kind: str,
        source: str | None,
        target: str,
        read_only: bool = False,
        mode: str | None = None,
    ) -> None:
        self.kind = kind
        self.source = source
        self.target = target
        self.read_only = read_only
        self.mode = mode

    @property
    def named(self) -> bool:
        return self.kind == "volume" and bool(self.source)


def split_volume(text: str) -> list[str]:
    """`[source:]target[:mode]`, keeping a Windows drive letter (`C:\\x`) in the source."""
    parts = text.split(":")
    out: list[str] = []
    i = 0
    while i < len(parts):
        drive = len(parts[i]) == 1 and parts[i].isalpha() and i + 1 < len(parts)
        if drive and parts[i + 1][:1] in "\\/" and len(out) < 2:
            out.append(parts[i] + ":" + parts[i + 1])
            i += 2
        else:
            out.append(parts[i])
            i += 1
    return out


def is_host_path(source: str) -> bool:
    if source.startswith((".", "/", "~", "$", "\\\\")) or "/" in source or "\\" in source:
        return True
    return len(source) >= 2 and source[1] == ":" and source[0].isalpha()


def parse_volume(entry: Any) -> Mount | None:
    """The canonical form of a short or long `volumes` entry; None when unreadable.
    Scalars that are not strings (a YAML number) are read as their text."""
    if isinstance(entry, Mapping):
        target = entry.get("target")
        source = entry.get("source")
        guessed = "bind" if source and is_host_path(str(source)) else "volume"
        kind = str(entry.get("type", guessed))
        if target is None:
            return None
        read_only = entry.get("read_only", False) is True
        if kind == "volume" and not source:
            kind = "anonymous"
        elif kind not in ("bind", "volume", "tmpfs"):
            kind = "other"
        return Mount(kind, str(source) if source else None, str(target), read_only)
    if entry is None or isinstance(entry, (list, bool)):
        return None
    text = str(entry)
    if not text.strip():
        return None
    parts = split_volume(text)
    if len(parts) == 1:
        return Mount("anonymous", None, parts[0])
    source, target = parts[0], parts[1]
    mode = ":".join(parts[2:]) or None
    read_only = bool(mode and "ro" in mode.split(","))
    kind = "bind" if is_host_path(source) else "volume"
    return Mount(kind, source, target, read_only, mode)


def volume_target(entry: Any) -> str | None:
    """Where an entry mounts (what compose merges override files by)."""
    mount = parse_volume(entry)
    return mount.target if mount is not None else None


def short_form(mount: Mount) -> str:
    if mount.source is None:
        return mount.target
    suffix = f":{mount.mode}" if mount.mode else (":ro" if mount.read_only else "")
    return f"{mount.source}:{mount.target}{suffix}"
