"""Read-only views of a services file that rules, discovery and convert share."""

from __future__ import annotations

import posixpath
from typing import Any, Final

from cslint.codeship.facts import SERVICE_MARKERS, Place, keys
from cslint.parsers.yamldoc import JsonPath

# Top-level keys of a docker-compose file that are not services (format doc §2.1). In the
# flat layout they sit beside the services; a `services:` that is not the wrapper is a
# service named "services".
COMPOSE_TOP_LEVEL_KEYS = keys(Place.TOP) - {"services"}


def is_wrapped(data: Any) -> bool:
    """True when the services sit under docker-compose's `services:` wrapper."""
    if not isinstance(data, dict):
        return False
    wrapped = data.get("services")
    return isinstance(wrapped, dict) and not (SERVICE_MARKERS & wrapped.keys())


def is_compose_top_level(name: str, value: Any) -> bool:
    """Whether a top-level entry of the flat layout is a compose setting, not a service: a
    compose key whose value does not look like a service, or an `x-` extension field."""
    if name.startswith("x-"):
        return True
    if name not in COMPOSE_TOP_LEVEL_KEYS:
        return False
    return not (isinstance(value, dict) and SERVICE_MARKERS & value.keys())


def services_root(data: Any) -> tuple[JsonPath, dict[str, Any]]:
    """The mapping of service name -> definition, and its path in the document. CodeShip
    accepts both the flat layout and docker-compose's `services:` wrapper (format doc §2.1).
    In the flat layout, compose's own top-level keys (`version`, `volumes`, `x-*`, ...) are
    left out: they are not services."""
    if not isinstance(data, dict):
        return (), {}
    if is_wrapped(data):
        return ("services",), data["services"]
    return (), {
        name: value for name, value in data.items() if not is_compose_top_level(str(name), value)
    }


class ServiceEntry:
    """One service of the file: its name, its path in the document and its definition
    (a mapping when well-formed; whatever was written otherwise)."""

    __slots__ = ("definition", "name", "path")

    name: Final[str]
    path: Final[JsonPath]
    definition: Final[Any]

    def __init__(self, name: str, path: JsonPath, definition: Any) -> None:
        self.name = name
        self.path = path
        self.definition = definition

    @property
    def mapping(self) -> dict[str, Any]:
        return self.definition if isinstance(self.definition, dict) else {}


def iter_services(data: Any) -> list[ServiceEntry]:
    prefix, services = services_root(data)
    return [ServiceEntry(str(name), (*prefix, name), value) for name, value in services.items()]


def split_link(item: Any) -> tuple[str, str | None]:
    """A `links` entry as (service, alias); no alias for `svc` or `svc:svc`."""
    name, _, alias = str(item).strip().partition(":")
    return name, (alias if alias and alias != name else None)


def compose_top_level(data: Any) -> list[tuple[str, JsonPath]]:
    """Compose top-level settings (not services) present in the file, with their paths."""
    if not isinstance(data, dict):
        return []
    if is_wrapped(data):
        return [(str(k), (k,)) for k in data if k != "services"]
    return [(str(k), (k,)) for k, v in data.items() if is_compose_top_level(str(k), v)]


class BuildRef:
    """A service that builds an image, and where its build inputs live (POSIX, relative to
    the services file's folder)."""

    __slots__ = ("context", "context_at", "dockerfile", "dockerfile_at", "image", "path", "service")

    service: Final[str]
    path: Final[JsonPath]  # the service's path in the document
    context: Final[str]
    dockerfile: Final[str]  # relative to the services file's folder, not to the context
    image: Final[str | None]  # build.image, when set
    # Where the context and the Dockerfile are written: the value's path in the document
    # (the `build` key itself for the string form and a defaulted context; None for a
    # defaulted Dockerfile).
    context_at: Final[JsonPath]
    dockerfile_at: Final[JsonPath | None]

    def __init__(
        self,
        service: str,
        path: JsonPath,
        context: str,
        dockerfile: str,
        image: str | None,
        context_at: JsonPath = (),
        dockerfile_at: JsonPath | None = None,
    ) -> None:
        self.service = service
        self.path = path
        self.context = context
        self.dockerfile = dockerfile
        self.image = image
        self.context_at = context_at
        self.dockerfile_at = dockerfile_at


def build_refs(data: Any) -> list[BuildRef]:
    prefix, services = services_root(data)
    refs: list[BuildRef] = []
    for name, service in services.items():
        if not isinstance(service, dict) or "build" not in service:
            continue
        build = service["build"]
        image: str | None = None
        dockerfile: Any = service.get("dockerfile")
        at: JsonPath = (*prefix, name)
        context_at: JsonPath = (*at, "build")
        dockerfile_at = (*at, "dockerfile") if "dockerfile" in service else None
        if isinstance(build, dict):
            context = build.get("context", build.get("path", "."))
            dockerfile = build.get("dockerfile", build.get("dockerfile_path", dockerfile))
            raw_image = build.get("image")
            image = str(raw_image) if raw_image is not None else None
            key = next((k for k in ("context", "path") if k in build), None)
            context_at = (*at, "build", key) if key else context_at
            key = next((k for k in ("dockerfile", "dockerfile_path") if k in build), None)
            dockerfile_at = (*at, "build", key) if key else dockerfile_at
        else:
            context = build
        if not isinstance(context, str) or not context.strip():
            context = "."
        if not isinstance(dockerfile, str) or not dockerfile.strip():
            dockerfile = "Dockerfile"
        # As in docker compose, a relative dockerfile is resolved from the context.
        joined = posixpath.normpath(posixpath.join(context, dockerfile))
        refs.append(
            BuildRef(
                str(name),
                at,
                posixpath.normpath(context),
                joined,
                image,
                context_at,
                dockerfile_at,
            )
        )
    return refs
