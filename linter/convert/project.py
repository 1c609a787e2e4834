"""Reading a compose project the way `docker compose config` does before any CodeShip
mapping: interpolation per file, `extends` inlined, `include` and override files (`-f`)
merged in order. The first file's round-trip tree is edited in place and becomes the
output, so its comments and key order survive."""

from __future__ import annotations

import copy
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cslint.codeship.facts import Place, keys
from cslint.convert.errors import ConvertError
from cslint.convert.interpolate import InterpolationError, Lookup, describe, interpolate
from cslint.convert.merge import merge_service, rebase_paths, strip_directives
from cslint.convert.notes import Notes, Outcome, Where
from cslint.convert.sources import Source, read_source
from cslint.convert.trees import independent_copy, materialize_merges, replace_into
from cslint.core.diagnostics import Span
from cslint.parsers.yamldoc import JsonPath

# Top-level keys of the compose specification (and older formats) that are not services.
COMPOSE_TOP_LEVEL = keys(Place.TOP)
_SERVICE_HINTS = frozenset({"image", "build", "extends"})


@dataclass
class Service:
    name: str
    body: Any  # CommentedMap, part of the output tree
    where: Where  # the service's own key
    origins: dict[str, Where] = field(default_factory=dict)  # service key -> where written

    def at(self, key: str, *more: str | int) -> Where:
        origin = self.origins.get(key)
        if origin is None:
            return self.where.child(key, *more)
        return origin.child(*more)


@dataclass
class Compose:
    main: Source
    prefix: JsonPath  # ("services",) for the compose layout, () for the flat (v1) layout
    services: dict[str, Service]
    dropped_top_level: list[tuple[Where, str]]  # (where, key) of top-level keys to drop
    named_volumes: dict[str, tuple[Where, Any]]  # top-level `volumes` declarations
    sources: list[Source]

    def services_map(self) -> Any:
        return self.main.tree if not self.prefix else self.main.tree["services"]


@dataclass
class _Loaded:
    source: Source
    prefix: JsonPath
    services: dict[str, Service]


class ProjectLoader:
    def __init__(
        self,
        notes: Notes,
        lookup: Lookup | None,
        display_root: str,
        stdin: tuple[bytes, str] | None = None,
    ) -> None:
        # `-` names standard input: (its bytes, the name to show); it stands for a file in
        # the current folder, so relative paths in it resolve as docker compose's do.
        self.stdin = stdin
        self.notes = notes
        self.lookup = lookup
        self.display_root = display_root
        self._sources: dict[str, Source] = {}
        self._loaded: dict[str, _Loaded] = {}
        self._resolving: list[tuple[str, str]] = []
        self.dropped_top_level: list[tuple[Where, str]] = []
        self.named_volumes: dict[str, tuple[Where, Any]] = {}

    # -- files ------------------------------------------------------------------------

    def _display(self, path: str) -> str:
        rel = os.path.relpath(path, self.display_root)
        return path if rel.startswith("..") else rel

    def source(self, path: str, display: str | None = None) -> Source:
        real = os.path.abspath(path)
        if path == "-" and self.stdin is not None:
            raw, shown = self.stdin
            if real not in self._sources:
                source = read_source(real, shown, raw=raw)
                self._interpolate(source)
                self._sources[real] = source
            return self._sources[real]
        if real not in self._sources:
            source = read_source(real, display or self._display(real))
            self._interpolate(source)
            self._sources[real] = source
        return self._sources[real]

    def load_project(self, paths: list[str], displays: list[str] | None = None) -> Compose:
        shown = displays or [None] * len(paths)  # type: ignore[list-item]
        main = self.load_file(self.source(paths[0], shown[0]))
        for path, display in zip(paths[1:], shown[1:], strict=True):
            override = self.load_file(self.source(path, display))
            self._merge_override(main, override)
        for service in main.services.values():
            strip_directives(service.body)
        return Compose(
            main.source,
            main.prefix,
            main.services,
            self.dropped_top_level,
            self.named_volumes,
            list(self._sources.values()),
        )

    def load_file(self, source: Source, *, output: bool = True) -> _Loaded:
        """`output` False for a file read only for `extends`: its own top-level keys are
        not part of the result, so dropping them is nothing to report."""
        if source.path in self._loaded:
            return self._loaded[source.path]
        prefix, services = _services_of(source)
        loaded = _Loaded(source, prefix, {})
        self._loaded[source.path] = loaded
        seen: set[int] = set()
        for name, body in list(services.items()):
            where = Where(source, (*prefix, name))
            if not isinstance(body, dict):
                raise source.error(
                    where.path, f"service {name!r} must be a mapping of settings", value=True
                )
            if id(body) in seen:  # `b: *a`: one object for two services; edit them apart
                body = independent_copy(body)
                services[name] = body
            seen.add(id(body))
            materialize_merges(body)
            for key, value in list(body.items()):
                if isinstance(value, (dict, list)):
                    # An anchored value (`build: *b`, or one a merge brought) is shared with
                    # other services; each service gets its own, written out in full.
                    body[key] = independent_copy(value)
            origins = {str(k): where.child(str(k)) for k in body}
            loaded.services[str(name)] = Service(str(name), body, where, origins)
        for name in list(loaded.services):
            self._resolve_extends(loaded, name)
        self._note_top_level(source, prefix, report=output)
        self._include(loaded)
        return loaded

    # -- interpolation ------------------------------------------------------------------

    def _interpolate(self, source: Source) -> None:
        from ruamel.yaml.scalarstring import ScalarString

        def visit(node: Any, path: JsonPath) -> None:
            if isinstance(node, dict):
                items = list(node.non_merged_items()) if hasattr(node, "non_merged_items") else []
                for key, value in items:
                    fixed = visit_value(value, (*path, str(key)))
                    if fixed is not None:
                        node[key] = fixed
            elif isinstance(node, list):
                for i, value in enumerate(node):
                    fixed = visit_value(value, (*path, i))
                    if fixed is not None:
                        node[i] = fixed

        def visit_value(value: Any, path: JsonPath) -> Any:
            if not isinstance(value, str):
                visit(value, path)
                return None
            if "$" not in value:
                return None
            where = Where(source, path)
            try:
                result = interpolate(value, self.lookup)
            except InterpolationError as exc:
                raise source.error(path, str(exc), value=True) from None
            self._note_interpolation(where, value, result.text, result)
            if result.text == value:
                return None
            if isinstance(value, ScalarString):
                return type(value)(result.text)
            return result.text

        visit(source.tree, ())

    def _note_interpolation(self, where: Where, before: str, after: str, result: Any) -> None:
        if self.lookup is None:
            for ref in result.references:
                self.notes.add(
                    "CS510",
                    where,
                    f"CodeShip does not interpolate {ref.text!r} ({describe(ref)}); write the "
                    "value here, or rerun with --interpolate",
                    Outcome.ADVICE,
                    at_value=True,
                )
            if result.escapes:
                self.notes.add(
                    "CS511",
                    where,
                    "wrote '$$' as '$': compose read it as a literal '$' and CodeShip "
                    "passes the text unchanged",
                    Outcome.CHANGED,
                    at_value=True,
                )
        elif after != before:
            names = ", ".join(sorted({ref.name for ref in result.references})) or "'$$'"
            self.notes.add(
                "CS511",
                where,
                f"resolved {before!r} from {names} (the value is not shown), since CodeShip "
                "does not interpolate",
                Outcome.CHANGED,
                at_value=True,
            )

    # -- extends ------------------------------------------------------------------------

    def _resolve_extends(self, loaded: _Loaded, name: str) -> None:
        service = loaded.services[name]
        spec = service.body.get("extends")
        if spec is None:
            return
        source = loaded.source
        key = (source.path, name)
        at = service.at("extends")
        if key in self._resolving:
            chain = " -> ".join(n for _, n in self._resolving[self._resolving.index(key) :])
            raise at.source.error(at.path, f"'extends' forms a cycle: {chain} -> {name}")
        from cslint.core.limits import current

        if len(self._resolving) >= current().max_depth:
            raise at.source.error(
                at.path,
                f"'extends' chain longer than {current().max_depth} services "
                "(limits: max-depth); not resolved",
            )
        if isinstance(spec, str):
            base_name, file = spec, None
        elif isinstance(spec, Mapping) and isinstance(spec.get("service"), str):
            base_name, file = spec["service"], spec.get("file")
        else:
            raise at.source.error(
                at.path, "'extends' must name a service, or be a mapping with 'service'"
            )
        if file is not None:
            if not isinstance(file, str):
                raise at.source.error((*at.path, "file"), "'extends.file' must be a path")
            target = os.path.join(source.folder, file)
            if not os.path.isfile(target):
                raise at.source.error(
                    (*at.path, "file"), f"'extends' file {file!r} does not exist", value=True
                )
            base_loaded = self._loaded.get(os.path.abspath(target))
            if base_loaded is None:
                self._resolving.append(key)
                try:
                    base_loaded = self.load_file(self.source(target), output=False)
                finally:
                    self._resolving.pop()
        else:
            base_loaded = loaded
        if base_name not in base_loaded.services:
            raise at.source.error(
                (*at.path, "service") if isinstance(spec, Mapping) else at.path,
                f"'extends' names service {base_name!r}, which "
                f"{base_loaded.source.display} does not define",
                value=True,
            )
        self._resolving.append(key)
        try:
            self._resolve_extends(base_loaded, base_name)
        finally:
            self._resolving.pop()
        base = base_loaded.services[base_name]
        base_body = copy.deepcopy(base.body)
        rebase_paths(base_body, base_loaded.source.folder, source.folder)
        local = service.body
        origins = {**base.origins}
        for k in local:
            if k != "extends":
                origins[str(k)] = service.at(str(k))
        del local["extends"]
        merged = merge_service(base_body, local)
        replace_into(local, merged)
        service.origins = origins
        where_from = "" if file is None else f" in {file}"
        self.notes.add(
            "CS512",
            at,
            f"inlined 'extends' of service {base_name!r}{where_from}: CodeShip ignores "
            "'extends', so its settings are now written out in this service",
            Outcome.CHANGED,
        )

    # -- include and override files ----------------------------------------------------------

    def _include(self, loaded: _Loaded) -> None:
        tree = loaded.source.tree
        entries = tree.get("include") if isinstance(tree, Mapping) else None
        if entries is None:
            return
        if not isinstance(entries, list):
            raise loaded.source.error(("include",), "'include' must be a list of files")
        for i, entry in enumerate(entries):
            at = Where(loaded.source, ("include", i))
            if isinstance(entry, str):
                paths = [entry]
            elif isinstance(entry, Mapping) and isinstance(entry.get("path"), (str, list)):
                raw = entry["path"]
                paths = [raw] if isinstance(raw, str) else [str(p) for p in raw]
            else:
                raise at.source.error(at.path, "an 'include' entry must be a path or have 'path'")
            files = [os.path.join(loaded.source.folder, p) for p in paths]
            for file, shown in zip(files, paths, strict=True):
                if not os.path.isfile(file):
                    raise at.source.error(
                        at.path, f"included file {shown!r} does not exist", value=True
                    )
            included = self.load_file(self.source(files[0]))
            for extra in files[1:]:
                self._merge_override(included, self.load_file(self.source(extra)))
            for name, service in included.services.items():
                if name in loaded.services:
                    raise at.source.error(
                        at.path,
                        f"service {name!r} from included {paths[0]!r} is already defined; "
                        "compose refuses such a conflict",
                    )
                body = copy.deepcopy(service.body)
                rebase_paths(body, included.source.folder, loaded.source.folder)
                _services_map(loaded).__setitem__(name, body)
                loaded.services[name] = Service(name, body, service.where, service.origins)
            self.notes.add(
                "CS515",
                at,
                f"merged the {len(included.services)} service(s) of {paths[0]!r} into this "
                "file, since CodeShip reads one services file",
                Outcome.CHANGED,
            )

    def _merge_override(self, main: _Loaded, override: _Loaded) -> None:
        target = _services_map(main)
        for name, service in override.services.items():
            if name in main.services:
                existing = main.services[name]
                merged = merge_service(existing.body, service.body)
                replace_into(existing.body, merged)
                existing.origins.update(service.origins)
            else:
                body = copy.deepcopy(service.body)
                target[name] = body
                main.services[name] = Service(name, body, service.where, dict(service.origins))
        self.notes.add(
            "CS515",
            Where(override.source, ()),
            f"merged override file {override.source.display} into "
            f"{main.source.display}, in order, as 'docker compose -f' does",
            Outcome.CHANGED,
        )

    def _note_top_level(self, source: Source, prefix: JsonPath, *, report: bool) -> None:
        tree = source.tree
        if not isinstance(tree, Mapping):
            return
        for key, value in tree.items():
            name = str(key)
            if prefix and name in ("services", "version"):
                continue
            if not prefix and name not in COMPOSE_TOP_LEVEL and not name.startswith("x-"):
                continue  # a service of the flat layout
            where = Where(source, (name,))
            if name == "volumes" and isinstance(value, Mapping):
                for vol, decl in value.items():
                    self.named_volumes.setdefault(str(vol), (where.child(str(vol)), decl))
            if not report or (name == "version" and not prefix):
                continue  # CodeShip accepts and ignores it in the flat layout too
            self.dropped_top_level.append((where, name))


def _services_map(loaded: _Loaded) -> Any:
    return loaded.source.tree if not loaded.prefix else loaded.source.tree["services"]


def _services_of(source: Source) -> tuple[JsonPath, Any]:
    """The services mapping of a compose file and its path, or a ConvertError saying why
    the file is not a compose file."""
    tree = source.tree
    if tree is None:
        raise ConvertError(source.display, Span.point(1, 1), "the file is empty: no services")
    if not isinstance(tree, Mapping):
        raise ConvertError(
            source.display,
            Span.point(1, 1),
            "not a compose file: the top level must be a mapping with 'services'",
        )
    if "services" in tree:
        services = tree["services"]
        if isinstance(services, Mapping) and not (_SERVICE_HINTS & set(services)):
            if not services:
                raise source.error(("services",), "'services' is empty: nothing to convert")
            return ("services",), services
        if not isinstance(services, Mapping):
            raise source.error(
                ("services",), "'services' must be a mapping of service names", value=True
            )
    if "version" in tree and not str(tree["version"]).startswith("1"):
        raise source.error(
            ("version",),
            f"not a compose file: version {tree['version']!r} files keep services under 'services'",
        )
    candidates = [
        k for k in tree if str(k) not in COMPOSE_TOP_LEVEL and not str(k).startswith("x-")
    ]
    for key in candidates:
        if not isinstance(key, str):
            # `true:` or `8080:` is a boolean or a number to YAML; compose wants names.
            marks: Any = tree  # a ruamel CommentedMap: it keeps its keys' positions in .lc
            line, col = marks.lc.key(key)
            raise ConvertError(
                source.display,
                Span.point(line + 1, col + 1),
                "a service name must be text, but YAML reads this one as a "
                f"{type(key).__name__}; quote it",
            )
    if not any(isinstance(tree[k], Mapping) and _SERVICE_HINTS & set(tree[k]) for k in candidates):
        raise ConvertError(
            source.display,
            Span.point(1, 1),
            "not a compose file: no 'services' mapping and no top-level service with "
            "'image' or 'build'",
        )
    # The flat layout (compose v1 and CodeShip): every other top-level key is a service;
    # a view that keeps the tree's order, edited through the tree itself.
    return (), _FlatServices(tree, candidates)


class _FlatServices(dict[str, Any]):
    """The services of a flat file, backed by the tree (writes go to the tree too)."""

    def __init__(self, tree: Any, names: list[str]) -> None:
        super().__init__((n, tree[n]) for n in names)
        self._tree = tree

    def __setitem__(self, key: str, value: Any) -> None:
        super().__setitem__(key, value)
        self._tree[key] = value
