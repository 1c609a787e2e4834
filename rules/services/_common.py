"""Helpers the services rules share: the services of the file, spans, key renames."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Final

from cslint.codeship.services_model import ServiceEntry, iter_services
from cslint.core.diagnostics import Edit, Finding, Fix, Span
from cslint.core.rule import RuleContext
from cslint.parsers.yamldoc import JsonPath, YamlDocument


def services(ctx: RuleContext[YamlDocument, object]) -> list[ServiceEntry]:
    """The services of the file under check, computed once per file for all rules."""
    return ctx.memo("services.entries", lambda: iter_services(ctx.document.data))


def text_of(text: str, span: Span) -> str:
    """The source text a span covers."""
    lines = text.split("\n")
    if span.line == span.end_line:
        return lines[span.line - 1][span.col - 1 : span.end_col - 1]
    parts = [lines[span.line - 1][span.col - 1 :]]
    parts.extend(lines[span.line : span.end_line - 1])
    parts.append(lines[span.end_line - 1][: span.end_col - 1])
    return "\n".join(parts)


def rename_key_fix(
    ctx: RuleContext[YamlDocument, object], path: JsonPath, new_name: str, title: str
) -> Fix | None:
    """A fix that renames the key at `path`, keeping its quoting; None without a position."""
    loc = ctx.document.get(path)
    if loc is None or loc.key is None or ctx.text is None:
        return None
    written = text_of(ctx.text, loc.key)
    quote = written[0] if written[:1] in ("'", '"') else ""
    return Fix(title, (Edit(loc.key, f"{quote}{new_name}{quote}"),))


def value_text(value: Any) -> str | None:
    """A scalar as the text jet's Go string fields receive; None for non-scalars."""
    if value is None or isinstance(value, dict | list):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def merged(doc: YamlDocument, path: JsonPath) -> bool:
    loc = doc.get(path)
    return loc is not None and loc.via_merge is not None


def deprecated_build_key(
    ctx: RuleContext[YamlDocument, object], old: str, new: str
) -> Iterator[Finding]:
    """Findings for a deprecated `build` key, with a rename fix when the new key is not
    also set (then the old one is just removed by hand)."""
    doc = ctx.document
    for entry in services(ctx):
        build = entry.mapping.get("build")
        if not isinstance(build, dict) or old not in build:
            continue
        path = (*entry.path, "build", old)
        if new in build:
            yield Finding(
                doc.span(path),
                f"'build.{old}' is the deprecated name of 'build.{new}', which is also set; "
                f"remove {old!r}",
            )
            continue
        yield Finding(
            doc.span(path),
            f"'build.{old}' is deprecated; rename it to {new!r}",
            fix=rename_key_fix(ctx, path, new, f"rename {old!r} to {new!r}"),
        )


class ServiceRef:
    """One place where a service names another service."""

    __slots__ = ("key", "path", "source", "target")

    source: Final[str]  # the service that holds the reference
    key: Final[str]  # depends_on, links, volumes_from, dockercfg_service, build.configure.service
    target: Final[str]  # the service named (alias and mode stripped)
    path: Final[JsonPath]  # the reference's own path (a list item, a mapping key or a value)

    def __init__(self, source: str, key: str, target: str, path: JsonPath) -> None:
        self.source = source
        self.key = key
        self.target = target
        self.path = path


def service_refs(ctx: RuleContext[YamlDocument, object]) -> list[ServiceRef]:
    return ctx.memo("services.refs", lambda: _collect_refs(services(ctx)))


def _collect_refs(entries: list[ServiceEntry]) -> list[ServiceRef]:
    refs: list[ServiceRef] = []
    for entry in entries:
        svc = entry.mapping
        for key in ("depends_on", "links", "volumes_from"):
            value = svc.get(key)
            items: list[tuple[Any, JsonPath]] = []
            if isinstance(value, list):
                items = [(item, (*entry.path, key, i)) for i, item in enumerate(value)]
            elif isinstance(value, dict):  # compose's long form of depends_on
                items = [(name, (*entry.path, key, name)) for name in value]
            for item, path in items:
                target = _target(key, value_text(item))
                if target:
                    refs.append(ServiceRef(entry.name, key, target, path))
        generator = value_text(svc.get("dockercfg_service"))
        if generator:
            refs.append(
                ServiceRef(
                    entry.name, "dockercfg_service", generator, (*entry.path, "dockercfg_service")
                )
            )
        build = svc.get("build")
        configure = build.get("configure") if isinstance(build, dict) else None
        if isinstance(configure, dict) and value_text(configure.get("service")):
            refs.append(
                ServiceRef(
                    entry.name,
                    "build.configure.service",
                    str(value_text(configure.get("service"))),
                    (*entry.path, "build", "configure", "service"),
                )
            )
    return refs


def _target(key: str, text: str | None) -> str | None:
    if not text:
        return None
    text = text.strip()
    if key == "links":
        return text.split(":", 1)[0]  # `svc:alias`
    if key == "volumes_from":
        if text.startswith("container:"):
            return None  # a container outside the file, not a service
        text = text.removeprefix("service:")
        name, _, mode = text.rpartition(":")
        return name if mode in ("ro", "rw") and name else text
    return text


class VolumeMount:
    """One entry of a service's `volumes`, read by `cslint.codeship.volumes`."""

    __slots__ = ("named", "path", "source", "text")

    path: Final[JsonPath]  # the list item
    text: Final[str]  # as written (long syntax: the `source`)
    source: Final[str | None]  # None: a container-only (anonymous) volume
    named: Final[bool]  # the source is a named volume, not a host path

    def __init__(self, path: JsonPath, text: str, source: str | None, named: bool) -> None:
        self.path = path
        self.text = text
        self.source = source
        self.named = named


def volume_mounts(ctx: RuleContext[YamlDocument, object]) -> list[VolumeMount]:
    return ctx.memo("services.volumes", lambda: _collect_volumes(services(ctx)))


def _collect_volumes(entries: list[ServiceEntry]) -> list[VolumeMount]:
    from cslint.codeship.volumes import parse_volume

    mounts: list[VolumeMount] = []
    for entry in entries:
        volumes = entry.mapping.get("volumes")
        if not isinstance(volumes, list):
            continue
        for i, item in enumerate(volumes):
            mount = parse_volume(item)
            if mount is None:
                continue
            source = mount.source if mount.kind in ("bind", "volume") else None
            text = (source or "") if isinstance(item, dict) else str(value_text(item))
            mounts.append(VolumeMount((*entry.path, "volumes", i), text, source, mount.named))
    return mounts
