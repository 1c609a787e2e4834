"""The conversion as a library call: compose files in, services text, notes and counts
out. Never prints and never writes; the command decides."""

from __future__ import annotations

import io
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cslint.codeship.facts import Place, fact
from cslint.convert.comments import attach_after_last, attach_before
from cslint.convert.errors import ConvertError
from cslint.convert.interpolate import Lookup
from cslint.convert.notes import Notes, Outcome, Where
from cslint.convert.project import Compose, ProjectLoader
from cslint.convert.service import ServiceConverter, lift_service_keys
from cslint.convert.sources import Source, rt_yaml
from cslint.convert.volumes import plan_volumes
from cslint.core.diagnostics import Severity

# What convert did itself about top-level keys it drops: said instead of the table's advice.
_DONE = {
    "volumes": "CodeShip has no named volumes; each use was replaced where it is mounted",
    "include": "the included services are now written in this file",
}


@dataclass
class Conversion:
    text: str  # the services file
    steps: str | None  # the steps skeleton, when asked for
    notes: Notes
    services: int
    sources: list[Source]
    env_values: frozenset[str] = frozenset()  # resolved from env files: never printed


def convert(
    paths: Sequence[str],
    *,
    lookup: Lookup | None = None,
    display_root: str | None = None,
    with_steps: bool = False,
    stdin: tuple[bytes, str] | None = None,
) -> Conversion:
    """Convert compose files (the first is the main file, the others override it); a path
    `-` is `stdin`: its bytes and the name to show for it."""
    notes = Notes()
    if lookup is not None:
        lookup = _recording(lookup, notes.env_values)
    loader = ProjectLoader(notes, lookup, display_root or os.getcwd(), stdin)
    compose = loader.load_project(list(paths))
    services = compose.services
    for service in services.values():
        if "image" not in service.body and "build" not in service.body:
            raise service.where.source.error(
                service.where.path,
                f"service {service.name!r} has neither 'image' nor 'build', which CodeShip "
                "needs; if this is an override file, give the main file first (-f main -f this)",
            )
    _check_references(compose)
    _drop_top_level(compose, notes)
    # Service keys written under `build` move up first, so that they are planned (volumes)
    # and converted like the service's own.
    lifted = {name: lift_service_keys(service, notes) for name, service in services.items()}
    taken = set(services)
    plan = plan_volumes({n: s.body for n, s in services.items()}, taken)
    converter = ServiceConverter(notes, services, plan, compose.main.folder, lookup)
    names = list(services)
    target_map = compose.services_map()
    for i, service in enumerate(services.values()):
        trailing = converter.convert(service, lifted[service.name])
        if not trailing or service.body is not target_map.get(service.name):
            continue
        following = next((n for n in names[i + 1 :] if n in target_map), None)
        if following is not None:
            attach_before(target_map, following, trailing)
        else:
            attach_after_last(service.body, trailing)
    _add_data_services(compose, plan, notes)
    text = _dump(compose.main)
    steps = None
    if with_steps:
        from cslint.convert.steps import steps_skeleton

        steps = steps_skeleton(compose.services_map())
    return Conversion(
        text, steps, notes, len(services), compose.sources, frozenset(notes.env_values)
    )


def _recording(lookup: Lookup, seen: set[str]) -> Lookup:
    """`lookup`, noting every value it gives out: the report must never print one."""

    def recorded(name: str) -> str | None:
        value = lookup(name)
        if value:
            seen.add(value)
        return value

    return recorded


def _check_references(compose: Compose) -> None:
    """Refuse what `docker compose` refuses: a dependency on an undefined service, and a
    cycle of dependencies (no service could start first)."""
    graph: dict[str, list[tuple[str, Where]]] = {}
    for name, service in compose.services.items():
        deps: list[tuple[str, Where]] = []
        for key in ("depends_on", "links"):
            value = service.body.get(key)
            names = list(value) if isinstance(value, (list, dict)) else []
            for i, item in enumerate(names):
                dep = str(item).split(":", 1)[0] if key == "links" else str(item)
                at = service.at(key, str(item) if isinstance(value, dict) else i)
                if dep not in compose.services:
                    raise at.source.error(
                        at.path,
                        f"service {name!r} depends on {dep!r}, which no file defines; give "
                        "the file that defines it with -f",
                    )
                deps.append((dep, at))
        graph[name] = deps
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for dep, at in graph[node]:
            if state.get(dep) == 1:
                cycle = [*path[path.index(dep) :], dep] if dep in path else [node, dep]
                raise at.source.error(
                    at.path,
                    f"services depend on each other in a cycle: {' -> '.join(cycle)}; "
                    "compose refuses it too",
                )
            if state.get(dep) is None:
                visit(dep, [*path, dep])
        state[node] = 2

    for name in graph:
        if name not in state:
            visit(name, [name])


def _drop_top_level(compose: Compose, notes: Notes) -> None:
    tree = compose.main.tree
    for where, key in compose.dropped_top_level:
        if where.source is compose.main and key in tree:
            del tree[key]
        extension = key.startswith("x-")
        row = fact(Place.TOP, key)
        if extension:
            why = (
                "extension fields mean nothing to CodeShip; anchors defined here were written "
                "out where they are used"
            )
        else:
            why = _DONE.get(key) or str(row.advice)
        notes.add(
            "CS500",
            where,
            f"dropped top-level {key!r}: {why}",
            Outcome.DROPPED,
            severity=Severity.INFO if extension or key in ("name", "include") else None,
        )
        notes.count(Outcome.DROPPED)


def _add_data_services(compose: Compose, plan: Any, notes: Notes) -> None:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    target_map = compose.services_map()
    for volume, data in plan.data_services.items():
        target = plan.users[volume][0][1]
        body = CommentedMap([("image", "busybox"), ("volumes", CommentedSeq([target]))])
        target_map[data] = body
        declared = compose.named_volumes.get(volume)
        first_user = plan.users[volume][0][0]
        where = declared[0] if declared is not None else compose.services[first_user].at("volumes")
        notes.add(
            "CS508",
            where,
            f"added data service {data!r} (busybox, volume {target!r}) for named volume "
            f"{volume!r}, mounted with 'volumes_from' by the services that share it",
            Outcome.CHANGED,
        )


def _dump(source: Source) -> str:
    yaml = rt_yaml()
    mapping, offset = source.indent
    yaml.indent(mapping=mapping, sequence=mapping + offset, offset=offset)
    out = io.StringIO()
    yaml.dump(source.tree, out)
    # Dropped keys leave the blank lines that followed them, indented; keep them blank.
    lines = [line if line.strip() else "" for line in out.getvalue().split("\n")]
    return "\n".join(lines).rstrip("\n") + "\n"


def env_lookup(env_files: Sequence[str], environ: Mapping[str, str]) -> Lookup:
    """The values `--interpolate` uses: env files in order, then the environment."""
    from cslint.convert.interpolate import make_lookup, read_env_file
    from cslint.core.diagnostics import Span

    values: dict[str, str] = {}
    for path in env_files:
        from cslint.core.limits import read_file

        try:
            values.update(read_env_file(read_file(path).decode("utf-8", errors="replace")))
        except OSError as exc:
            raise ConvertError(
                path, Span.point(1, 1), f"cannot read env file: {exc.strerror}"
            ) from None
    return make_lookup(values, environ)


__all__ = ["Conversion", "ConvertError", "Where", "convert", "env_lookup"]
