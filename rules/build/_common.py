"""What the build rules share: which service builds which Dockerfile, and its ARGs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from cslint.codeship.services_model import BuildRef, build_refs, services_root
from cslint.core.kinds import FileKind
from cslint.core.rule import RuleContext
from cslint.parsers.dockerfile import DockerfileDocument
from cslint.parsers.yamldoc import JsonPath

if TYPE_CHECKING:
    from cslint.parsers.yamldoc import YamlDocument

# Variables Docker provides without an ARG: the proxies, and BuildKit's platform args.
AUTOMATIC_ARGS = frozenset(
    {
        "HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY", "ftp_proxy",
        "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy",
        "TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT",
        "BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT", "TARGETSTAGE",
    }
)  # fmt: skip


def services_data(ctx: RuleContext[YamlDocument | DockerfileDocument, object]) -> Any:
    if not isinstance(ctx.document, DockerfileDocument):  # the services file itself
        return ctx.document.data
    services = ctx.project.services_file()
    return services.document.data if services is not None and services.document else None


def dockerfile_of(ctx: RuleContext[object, object], ref: BuildRef) -> DockerfileDocument | None:
    loaded = ctx.project.load(ref.dockerfile, FileKind.DOCKERFILE)
    if loaded is None or not isinstance(loaded.document, DockerfileDocument):
        return None
    return loaded.document


def refs_building_this(
    ctx: RuleContext[YamlDocument | DockerfileDocument, object],
) -> list[BuildRef]:
    """The services that build the Dockerfile under check."""
    data = services_data(ctx)
    return [ref for ref in build_refs(data) if ref.dockerfile == ctx.project_path]


def build_args(service: Any) -> dict[str, JsonPath]:
    """The keys of a service's build.args (mapping or KEY=value list), with their path
    below the service."""
    build = service.get("build") if isinstance(service, dict) else None
    args = build.get("args") if isinstance(build, dict) else None
    out: dict[str, JsonPath] = {}
    if isinstance(args, dict):
        for key in args:
            out[str(key)] = ("build", "args", key)
    elif isinstance(args, list):
        for index, item in enumerate(args):
            if isinstance(item, str):
                out[item.split("=", 1)[0]] = ("build", "args", index)
    return out


def has_encrypted_args(service: Any) -> bool:
    build = service.get("build") if isinstance(service, dict) else None
    return isinstance(build, dict) and bool(
        build.get("encrypted_args") or build.get("encrypted_args_file")
    )


def declared_args(doc: DockerfileDocument) -> Iterator[tuple[str, str | None, Any]]:
    """(name, default or None, instruction) for every ARG of the file."""
    for instr in doc.instructions:
        if instr.cmd != "ARG":
            continue
        for arg in instr.args:
            name, sep, value = arg.partition("=")
            yield name, (value if sep else None), instr


def service_definitions(data: Any) -> tuple[JsonPath, dict[str, Any]]:
    return services_root(data)
