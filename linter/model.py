"""Read-only views of a services file that rules, discovery and convert share."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import Any

from cslint.yamldoc import JsonPath

# Keys that only make sense on a service; a top-level `services:` whose value has one of
# them is a service named "services", not the compose-style wrapper.
_SERVICE_KEYS = frozenset({"image", "build", "command", "environment", "depends_on", "volumes"})


def services_root(data: Any) -> tuple[JsonPath, dict[str, Any]]:
    """The mapping of service name -> definition, and its path in the document. CodeShip
    accepts both the flat layout and docker-compose's `services:` wrapper (format doc §2.1)."""
    if not isinstance(data, dict):
        return (), {}
    wrapped = data.get("services")
    if isinstance(wrapped, dict) and not (_SERVICE_KEYS & wrapped.keys()):
        return ("services",), wrapped
    return (), data


@dataclass(frozen=True, slots=True)
class BuildRef:
    """A service that builds an image, and where its build inputs live (POSIX, relative to
    the services file's folder)."""

    service: str
    path: JsonPath  # the service's path in the document
    context: str
    dockerfile: str  # relative to the services file's folder, not to the context
    image: str | None  # build.image, when set


def build_refs(data: Any) -> list[BuildRef]:
    prefix, services = services_root(data)
    refs: list[BuildRef] = []
    for name, service in services.items():
        if not isinstance(service, dict) or "build" not in service:
            continue
        build = service["build"]
        image: str | None = None
        dockerfile: Any = service.get("dockerfile")
        if isinstance(build, dict):
            context = build.get("context", build.get("path", "."))
            dockerfile = build.get("dockerfile", build.get("dockerfile_path", dockerfile))
            raw_image = build.get("image")
            image = str(raw_image) if raw_image is not None else None
        else:
            context = build
        if not isinstance(context, str) or not context.strip():
            context = "."
        if not isinstance(dockerfile, str) or not dockerfile.strip():
            dockerfile = "Dockerfile"
        # As in docker compose, a relative dockerfile is resolved from the context.
        joined = posixpath.normpath(posixpath.join(context, dockerfile))
        refs.append(
            BuildRef(str(name), (*prefix, name), posixpath.normpath(context), joined, image)
        )
    return refs
