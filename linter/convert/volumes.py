"""Named volumes, which CodeShip lacks (format doc §2.2 `volumes`, §7): each becomes a
folder of the repository mounted by relative path, or, when several services share it at
one path, a data service that they mount with `volumes_from`."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cslint.convert.merge import split_volume

HOST_FOLDER = "./.codeship/volumes"
_NAMED = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9_.-]*$")


@dataclass(frozen=True, slots=True)
class Mount:
    """One `volumes` entry in canonical form."""

    kind: str  # "bind", "volume" (named), "anonymous", "tmpfs", or "other"
    source: str | None
    target: str
    read_only: bool = False
    mode: str | None = None  # the short syntax's third part, as written


def parse_mount(entry: Any) -> Mount | None:
    """The canonical form of a short or long `volumes` entry; None when unreadable."""
    if isinstance(entry, Mapping):
        kind = str(entry.get("type", "volume"))
        target = entry.get("target")
        if target is None:
            return None
        source = entry.get("source")
        read_only = bool(entry.get("read_only", False))
        if kind == "volume" and not source:
            kind = "anonymous"
        elif kind not in ("bind", "volume", "tmpfs"):
            kind = "other"
        return Mount(kind, str(source) if source else None, str(target), read_only)
    if not isinstance(entry, str) or not entry.strip():
        return None
    parts = split_volume(entry)
    if len(parts) == 1:
        return Mount("anonymous", None, parts[0])
    source, target = parts[0], parts[1]
    mode = ":".join(parts[2:]) or None
    read_only = bool(mode and "ro" in mode.split(","))
    kind = "volume" if _NAMED.match(source) else "bind"
    return Mount(kind, source, target, read_only, mode)


def short_form(mount: Mount) -> str:
    if mount.source is None:
        return mount.target
    suffix = f":{mount.mode}" if mount.mode else (":ro" if mount.read_only else "")
    return f"{mount.source}:{mount.target}{suffix}"


@dataclass
class VolumePlan:
    """What each named volume becomes: a data service, or a repository folder."""

    data_services: dict[str, str] = field(default_factory=dict)  # volume -> data service
    folders: dict[str, str] = field(default_factory=dict)  # volume -> ./relative/folder
    users: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # (service, target)


def plan_volumes(services: Mapping[str, Any], taken: set[str]) -> VolumePlan:
    plan = VolumePlan()
    for name, body in services.items():
        entries = body.get("volumes") if isinstance(body, Mapping) else None
        for entry in entries if isinstance(entries, list) else []:
            mount = parse_mount(entry)
            if mount is not None and mount.kind == "volume" and mount.source:
                plan.users.setdefault(mount.source, []).append((name, mount.target))
    for volume, users in plan.users.items():
        services_using = {svc for svc, _ in users}
        targets = {target for _, target in users}
        if len(services_using) > 1 and len(targets) == 1:
            candidate = f"{volume}-volume"
            n = 2
            while candidate in taken:
                candidate = f"{volume}-volume-{n}"
                n += 1
            taken.add(candidate)
            plan.data_services[volume] = candidate
        else:
            plan.folders[volume] = f"{HOST_FOLDER}/{volume}"
    return plan
