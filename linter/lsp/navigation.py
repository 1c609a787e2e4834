"""What stands under the cursor in a CodeShip file: a step's service (for hover and
go-to-definition) or a service's Dockerfile. Pure functions over parsed documents."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import Any

from cslint.codeship.services_model import build_refs, iter_services
from cslint.core.diagnostics import Span
from cslint.parsers.yamldoc import JsonPath, YamlDocument

# Where a services file names a Dockerfile or the folder that holds it.
_BUILD_TAILS = (("build", "dockerfile"), ("build", "dockerfile_path"), ("build", "context"))


def contains(span: Span, line: int, col: int) -> bool:
    """Whether 1-based (line, col) is within `span`, its end included: a cursor just after
    the last character still stands on the word."""
    return (span.line, span.col) <= (line, col) <= (span.end_line, span.end_col)


@dataclass(frozen=True, slots=True)
class Ref:
    text: str
    span: Span
    path: JsonPath


def _scalar_at(document: YamlDocument, line: int, col: int) -> list[Ref]:
    out = []
    for path, located in document.index.items():
        if located.tag in ("map", "seq") or located.raw is None:
            continue
        if contains(located.value, line, col):
            out.append(Ref(located.raw, located.value, path))
    return out


def step_service_at(document: YamlDocument, line: int, col: int) -> Ref | None:
    """The service name a steps file names at the cursor (`service:` or `services:`)."""
    for ref in _scalar_at(document, line, col):
        path = ref.path
        if path and path[-1] == "service":
            return ref
        if len(path) >= 2 and path[-2] == "services" and isinstance(path[-1], int):
            return ref
    return None


def service_key_span(document: YamlDocument, name: str) -> Span | None:
    """Where a services file defines `name`."""
    for entry in iter_services(document.data):
        if entry.name == name:
            located = document.get(entry.path)
            if located is not None:
                return located.anchor_span
    return None


def _scalar(value: Any) -> str | None:
    return None if value is None or isinstance(value, dict | list) else str(value)


def service_summary(document: YamlDocument, name: str) -> str | None:
    """A short Markdown description of a service: its image, or what it builds."""
    for entry in iter_services(document.data):
        if entry.name != name:
            continue
        lines = [f"**service `{name}`**", ""]
        image = _scalar(entry.mapping.get("image"))
        if image is not None:
            lines.append(f"image: `{image}`")
        for ref in build_refs(document.data):
            if ref.service == name:
                lines.append(f"build: context `{ref.context}`, Dockerfile `{ref.dockerfile}`")
                if ref.image:
                    lines.append(f"builds image: `{ref.image}`")
        if len(lines) == 2:
            lines.append("neither `image` nor `build` is set")
        return "\n\n".join([lines[0], *lines[2:]])
    return None


def dockerfile_at(document: YamlDocument, line: int, col: int) -> str | None:
    """The Dockerfile (relative to the services file's folder) that the `build` value at
    the cursor names: `build.dockerfile`, `build.context`, a string `build`, or a
    service-level `dockerfile`."""
    refs = build_refs(document.data)
    for scalar in _scalar_at(document, line, col):
        path = scalar.path
        tail = path[-2:]
        if not (tail in _BUILD_TAILS or path[-1:] in (("build",), ("dockerfile",))):
            continue
        for ref in refs:
            if path[: len(ref.path)] == ref.path:
                return posixpath.normpath(ref.dockerfile)
    return None
