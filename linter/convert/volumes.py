"""Named volumes, which CodeShip lacks (format doc §2.2 `volumes`, §7): each becomes a
folder of the repository mounted by relative path, or, when several services share it at
one path, a data service that they mount with `volumes_from`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cslint.codeship.volumes import parse_volume

HOST_FOLDER = "./.codeship/volumes"


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
            mount = parse_volume(entry)
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
