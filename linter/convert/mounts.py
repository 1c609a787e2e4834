"""Volumes and `volumes_from`: named volumes, host paths, the Docker socket and the long
syntax, as CodeShip can mount them (format doc §2.2, §7)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from cslint.codeship.volumes import Mount, parse_volume, short_form
from cslint.convert.base import ConverterBase
from cslint.convert.notes import Outcome
from cslint.convert.project import Service
from cslint.core.diagnostics import Severity

_DOCKER_SOCKET = "/var/run/docker.sock"


class MountRules(ConverterBase):
    def _volumes(self, service: Service) -> Outcome:
        from ruamel.yaml.comments import CommentedSeq

        volumes = service.body["volumes"]
        if not isinstance(volumes, list):
            return Outcome.KEPT
        out = CommentedSeq()
        changed = False
        volumes_from: list[str] = []
        for i, entry in enumerate(volumes):
            where = service.at("volumes", i)
            mount = parse_volume(entry)
            if mount is None:
                out.append(entry)
                continue
            if isinstance(entry, Mapping) and mount.kind in ("bind", "volume", "anonymous"):
                self.notes.add(
                    "CS514",
                    where,
                    f"wrote the long-syntax volume of service {service.name!r} as "
                    f"{short_form(mount)!r}: CodeShip reads the short form",
                    Outcome.CHANGED,
                )
                changed = True
            if mount.kind in ("tmpfs", "other"):
                changed = True
                self.notes.add(
                    "CS509",
                    where,
                    f"dropped the {mount.kind} mount at {mount.target!r} of service "
                    f"{service.name!r}: CodeShip mounts only repository folders and volumes",
                    Outcome.CHANGED,
                )
                continue
            if mount.kind == "volume" and mount.source:
                changed = True
                data = self.plan.data_services.get(mount.source)
                if data is not None:
                    if data not in volumes_from:
                        volumes_from.append(data)
                    users = sorted({s for s, _ in self.plan.users[mount.source]})
                    self.notes.add(
                        "CS508",
                        where,
                        f"replaced named volume {mount.source!r} by data service {data!r} "
                        f"in 'volumes_from': {', '.join(users)} share it at {mount.target!r}, "
                        "and CodeShip keeps one volumes_from container for the whole build",
                        Outcome.CHANGED,
                    )
                    continue
                folder = self.plan.folders[mount.source]
                new = short_form(Mount("bind", folder, mount.target, mount.read_only, mount.mode))
                out.append(new)
                self.notes.add(
                    "CS508",
                    where,
                    f"replaced named volume {mount.source!r} by the repository folder "
                    f"{folder!r}: CodeShip has no named volumes, and a relative host path "
                    "keeps the data between steps; create the folder (with a .gitkeep) in "
                    "the repository",
                    Outcome.CHANGED,
                )
                continue
            if mount.kind == "bind" and mount.source is not None:
                result = self._bind(service, where, mount)
                if result is None:
                    changed = True
                    continue
                if result != short_form(mount) or isinstance(entry, Mapping):
                    changed = True
                out.append(
                    result if result != short_form(mount) or isinstance(entry, Mapping) else entry
                )
                continue
            out.append(short_form(mount) if isinstance(entry, Mapping) else entry)
        if not changed:
            return Outcome.KEPT
        if out:
            self._set(service, "volumes", out)
        else:
            self._del(service, "volumes")
        if volumes_from:
            existing = service.body.get("volumes_from")
            if not isinstance(existing, list):
                existing = CommentedSeq()
                self._set(service, "volumes_from", existing)
            existing.extend(v for v in volumes_from if v not in existing)
        return Outcome.CHANGED

    def _bind(self, service: Service, where: Any, mount: Mount) -> str | None:
        source = mount.source or ""
        if source == _DOCKER_SOCKET:
            self._set(service, "add_docker", True)
            self.notes.add(
                "CS509",
                where,
                f"replaced the Docker socket mount of service {service.name!r} by "
                "'add_docker: true', which is how CodeShip lets a container drive Docker",
                Outcome.CHANGED,
            )
            return None
        absolute = source.startswith(("/", "~", "$")) or (
            len(source) > 1 and source[1] == ":" and source[0].isalpha()
        )
        if not source.startswith(".") and not absolute:
            source = "./" + source
        normal = os.path.normpath(os.path.join(self.folder, source))
        outside = not (normal + os.sep).startswith(self.folder + os.sep) and normal != self.folder
        if absolute or outside:
            self.notes.add(
                "CS509",
                where,
                f"replaced host path {mount.source!r} of service {service.name!r} by a volume at "
                f"{mount.target!r}: CodeShip mounts only folders of the repository; copy what "
                f"the container needs into the repository and mount './folder:{mount.target}'",
                Outcome.CHANGED,
                severity=Severity.WARNING,
            )
            return mount.target
        return short_form(Mount("bind", source, mount.target, mount.read_only, mount.mode))

    def _volumes_from(self, service: Service) -> Outcome:
        from ruamel.yaml.comments import CommentedSeq

        value = service.body["volumes_from"]
        if not isinstance(value, list):
            return Outcome.KEPT
        out = CommentedSeq()
        changed = False
        for i, item in enumerate(value):
            text = str(item)
            name = text.removeprefix("service:")
            name = name.rsplit(":", 1)[0] if name.endswith((":ro", ":rw")) else name
            if text.startswith("container:"):
                changed = True
                self.notes.add(
                    "CS509",
                    service.at("volumes_from", i),
                    f"dropped {text!r} from 'volumes_from' of service {service.name!r}: "
                    "CodeShip mounts the volumes of services of this file only",
                    Outcome.CHANGED,
                    severity=Severity.WARNING,
                )
                continue
            if name != text:
                changed = True
                self.notes.add(
                    "CS514",
                    service.at("volumes_from", i),
                    f"wrote {text!r} in 'volumes_from' of service {service.name!r} as {name!r}: "
                    "CodeShip takes service names only",
                    Outcome.CHANGED,
                )
            out.append(name if name != text else item)
        if not changed:
            return Outcome.KEPT
        if out:
            self._set(service, "volumes_from", out)
        else:
            self._del(service, "volumes_from")
        return Outcome.CHANGED

    # -- environment -----------------------------------------------------------------------
