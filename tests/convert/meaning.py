"""What a service means, read independently of the converter: compose rules for the input,
CodeShip rules for the output. Equal meanings = the conversion kept the meaning."""

from __future__ import annotations

import posixpath
import re
import shlex
from pathlib import Path
from typing import Any

from cslint.codeship.services_model import services_root
from cslint.parsers.yamldoc import parse

SOCKET = "/var/run/docker.sock"


def _env_file(folder: Path, path: str) -> dict[str, str]:
    from cslint.convert.interpolate import read_env_file

    file = folder / path
    return read_env_file(file.read_text(encoding="utf-8")) if file.is_file() else {}


def _name_map(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        return {str(k): None if v is None else str(v) for k, v in value.items()}
    from cslint.codeship.environment import misread_item

    out: dict[str, Any] = {}
    for item in value or []:
        misread = misread_item(str(item))
        if misread is not None and misread.meant is not None:
            # `KEY:-value` defines nothing; the converter writes the value its author
            # meant, by design (CS519).
            out[misread.name] = misread.value
            continue
        name, sep, text = str(item).partition("=")
        out[name] = text if sep else None
    return out


def _files(value: Any) -> list[str]:
    items = [value] if isinstance(value, str) else list(value or [])
    return [i if isinstance(i, str) else str(i["path"]) for i in items]


def _unescape(value: Any) -> Any:
    """`$$` is a literal `$` to compose, except inside a `${...}` reference, which the
    converter keeps as written."""
    if not isinstance(value, str):
        return value
    return re.sub(r"\$\$|\$\{[^}]*\}", lambda m: "$" if m.group(0) == "$$" else m.group(0), value)


def _mounts(entries: Any) -> dict[str, str | None]:
    """target -> the relative host folder, or None for any other kind of volume."""
    out: dict[str, str | None] = {}
    for entry in entries or []:
        if isinstance(entry, dict):
            if entry.get("type", "volume") not in ("bind", "volume"):
                continue  # tmpfs, image, npipe: CodeShip has none; the converter drops them
            source, target = entry.get("source"), str(entry["target"])
            kind = entry.get("type", "volume")
        else:
            from cslint.codeship.volumes import split_volume

            parts = split_volume(str(entry))
            source, target = (parts[0], parts[1]) if len(parts) > 1 else (None, parts[0])
            kind = "bind" if source and source[:1] in "./~" else "volume"
        if source == SOCKET:
            continue
        # Paths that leave the folder are replaced by design (the checkout is all there is).
        relative = kind == "bind" and source is not None and source.startswith(".")
        relative = relative and not posixpath.normpath(str(source)).startswith("..")
        out[target] = posixpath.normpath(source) if relative else None
    return out


def service_meanings(text: str, folder: Path, *, codeship: bool) -> dict[str, dict[str, Any]]:
    if codeship:
        data = parse(text).data  # CodeShip's dialect: YAML 1.1, as cslint reads it
    else:
        from ruamel.yaml import YAML

        data = YAML(typ="safe", pure=True).load(text)  # compose's: YAML 1.2
    _, services = services_root(data)
    out: dict[str, dict[str, Any]] = {}
    for name, svc in services.items():
        if not isinstance(svc, dict) or name.startswith("x-"):
            continue
        build = svc.get("build")
        build_map = build if isinstance(build, dict) else ({"context": build} if build else {})
        image = svc.get("image") or build_map.get("image")
        env = _name_map(svc.get("environment"))
        from_files: dict[str, str] = {}
        for path in _files(svc.get("env_file")):
            from_files.update(_env_file(folder, path))
        # compose: environment wins over env_file; CodeShip: env_file is applied after.
        merged = {**env, **from_files} if codeship else {**from_files, **env}
        command = svc.get("command")
        if isinstance(command, list):
            argv = [str(_unescape(c)) for c in command]
        elif isinstance(command, str):
            argv = shlex.split(command if codeship else _unescape(command))
        else:
            argv = None
        mounts = _mounts(svc.get("volumes"))
        for other in svc.get("volumes_from") or []:
            source = services.get(str(other).removeprefix("service:").split(":")[0], {})
            mounts.update(dict.fromkeys(_mounts(source.get("volumes")), None))
        deps = {str(d) for d in svc.get("depends_on") or []}
        deps |= {str(link).split(":")[0] for link in svc.get("links") or []}
        socket = svc.get("add_docker") is True or any(
            str(v).startswith(SOCKET + ":") for v in svc.get("volumes") or []
        )
        out[name] = {
            "image": _unescape(image) if not codeship else image,
            "context": posixpath.normpath(str(build_map.get("context") or "."))
            if build is not None
            else None,
            "dockerfile": build_map.get("dockerfile") if build is not None else None,
            "args": {
                k: v if codeship else _unescape(v)
                for k, v in _name_map(build_map.get("args")).items()
            }
            if build is not None
            else None,
            "environment": {k: (v if codeship else _unescape(v)) for k, v in merged.items()},
            "command": argv,
            "volumes": sorted(mounts),
            "bind_sources": {t: s for t, s in mounts.items() if s is not None},
            "depends": sorted(deps),
            "docker": socket,
        }
    return out
