"""Validate a services or steps document against cslint's JSON Schemas, as Findings.

check-jsonschema reports a JSON path; cslint reports at the key that is wrong, in words:
an unknown key names the allowed keys and the nearest one, a wrong type says what was
expected, and of the branches of an `anyOf` only the one the author evidently meant is
explained. A problem that a dedicated rule reports (see `OWNED_BY_RULES`) is left to it,
so one mistake gives one diagnostic.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterator
from typing import Any, Final

from cslint.codeship.facts import FACTS, Place, Status, keys
from cslint.codeship.services_model import iter_services
from cslint.core.diagnostics import Finding, Severity, Span
from cslint.core.kinds import FileKind
from cslint.parsers.yamldoc import JsonPath, YamlDocument

SCHEMA_FILES = {
    FileKind.SERVICES: "codeship-services.schema.json",
    FileKind.STEPS: "codeship-steps.schema.json",
}

# Stands for "any key the schema does not declare in this place".
UNKNOWN_KEY = "<unknown>"


class Owner:
    """Keys in one place of a file whose schema errors a dedicated rule reports instead.
    Places: "top" (services file top level), "service", "build" (a service's build
    mapping), "args" and "configure" (inside it), "step" (any step mapping, at any depth,
    including `on_fail`)."""

    __slots__ = ("code", "keys", "kind", "place", "shapes")

    code: Final[str]
    kind: Final[FileKind]
    place: Final[str]
    keys: Final[frozenset[str]]
    # Only when the key's value has one of these shapes ("mapping", "list", "scalar");
    # None: whatever the value.
    shapes: Final[frozenset[str] | None]

    def __init__(
        self,
        code: str,
        kind: FileKind,
        place: str,
        keys: frozenset[str],
        shapes: frozenset[str] | None = None,
    ) -> None:
        self.code = code
        self.kind = kind
        self.place = place
        self.keys = keys
        self.shapes = shapes


# Keys each rule reports instead of the schema, from the table of facts.
_COMPOSE_ONLY = (Status.IGNORED, Status.UNDOCUMENTED)
_BUILD_KEYS_TO_REMOVE = frozenset(
    f.name for f in FACTS if f.place is Place.BUILD and not f.accepted and f.replacement is None
)
OWNED_BY_RULES: tuple[Owner, ...] = (
    Owner("CS106", FileKind.SERVICES, "top", keys(Place.TOP, *_COMPOSE_ONLY)),
    Owner("CS106", FileKind.SERVICES, "service", keys(Place.SERVICE, *_COMPOSE_ONLY)),
    # Unknown build keys, and the declared ones CS102 says to remove (`configure`): the
    # shape of a value that is to go is no second defect.
    Owner("CS102", FileKind.SERVICES, "build", frozenset({UNKNOWN_KEY}) | _BUILD_KEYS_TO_REMOVE),
    # An unquoted `ARG: {{ .Branch }}` is a YAML mapping: build-arg-template says so.
    Owner("CS118", FileKind.SERVICES, "args", frozenset({UNKNOWN_KEY}), frozenset({"mapping"})),
    # The steps engineer's misplaced-step-key rule: keys people put on steps by mistake.
    Owner("CS209", FileKind.STEPS, "step", keys(Place.STEP, Status.MISPLACED)),
    # An unquoted `image_tag: {{ .Branch }}` is a YAML mapping: image-tag-template says so.
    Owner("CS213", FileKind.STEPS, "step", frozenset({"image_tag"}), frozenset({"mapping"})),
)  # fmt: skip

# Places where the format doc is UNCERTAIN: a schema error there is a warning.
UNCERTAIN: dict[tuple[FileKind, str, str], str] = {
    (FileKind.SERVICES, "service", "command"): (
        "CodeShip documents 'command' as a string; whether it accepts a list is uncertain"
    ),
    (FileKind.SERVICES, "service", "volumes"): (
        "CodeShip documents volumes as 'host:container' strings; the long syntax is uncertain"
    ),
}

# What to do instead, for wrong shapes people carry over from docker-compose.
HINTS: dict[tuple[FileKind, str, str], str] = {
    (FileKind.SERVICES, "service", "depends_on"): (
        "CodeShip takes only the list of service names; a readiness condition belongs in "
        "the image's HEALTHCHECK"
    ),
    (FileKind.SERVICES, "service", "command"): "write the command as one string",
}

# How the schemas' named definitions read in a message.
_DEF_PHRASES = {
    "text": "a string",
    "textList": "a list of strings",
    "textOrList": "a string or a list of strings",
    "textMap": "a mapping of names to strings",
    "environment": "a mapping of KEY: value or a list of KEY=VALUE strings",
    "serviceMap": "a mapping of service names to service definitions",
    "service": "a service definition (a mapping)",
    "build": "a build context directory or a build mapping",
    "buildMapping": "a build mapping",
    "stepList": "a list of steps",
    "step": "a step (a mapping)",
}
_TYPE_PHRASES = {
    "string": "a string",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping",
    "null": "empty",
}
_PLACE_WORDS = {
    "top": "top-level",
    "service": "service",
    "build": "build",
    "step": "step",
    "configure": "build.configure",
}


@functools.cache
def load_schema(kind: FileKind) -> dict[str, Any]:
    # Read beside the package, not through importlib.resources: that import (with zipfile,
    # tempfile and inspect) costs a run about 9 ms, and cslint is never installed zipped.
    import cslint.schemas

    folder = os.path.dirname(cslint.schemas.__file__)
    with open(os.path.join(folder, SCHEMA_FILES[kind]), encoding="utf-8") as file:
        text = file.read()
    import json

    schema: dict[str, Any] = json.loads(text)
    return schema


@functools.cache
def _validator(kind: FileKind) -> Any:
    # jsonschema (with referencing, rpds, attrs) costs ~40 ms to import: only runs that
    # validate a YAML file pay for it.
    from jsonschema import Draft202012Validator

    return Draft202012Validator(load_schema(kind))


def declared_keys(kind: FileKind, place: str) -> frozenset[str]:
    """The keys the schema declares for a place ("service", "build", "step", ...)."""
    defs = load_schema(kind)["$defs"]
    name = {"service": "service", "build": "buildMapping", "step": "step"}.get(place)
    if name is None or name not in defs:
        return frozenset()
    return frozenset(defs[name].get("properties", {}))


def validate(document: YamlDocument, kind: FileKind) -> list[Finding]:
    """Schema findings for a parsed services or steps document, one per problem."""
    data = document.data
    if data is None or (kind is FileKind.SERVICES and not isinstance(data, dict)):
        return []  # empty (CS003) or the wrong top level (CS004)
    if kind is FileKind.STEPS and not isinstance(data, list):
        return []
    from cslint.codeship.fastschema import plainly_valid

    if plainly_valid(data, kind):
        return []  # no jsonschema: it is needed only to explain what is wrong
    places = _Places(kind, data)
    findings: list[Finding] = []
    seen: set[tuple[Span, str]] = set()
    for error in _validator(kind).iter_errors(data):
        for problem in _explain(error, kind, places):
            if _owned(problem.path, problem.key, kind, places):
                continue
            finding = problem.finding(document, kind, places)
            # An anchor merged into N services gives N identical errors: report it once.
            if (finding.span, finding.message) not in seen:
                seen.add((finding.span, finding.message))
                findings.append(finding)
    return sorted(findings, key=lambda f: (f.span, f.message))


class _Places:
    """Which kind of mapping sits at a path: a service, its build mapping, a step, ..."""

    def __init__(self, kind: FileKind, data: Any) -> None:
        self.data = data
        self.by_path: dict[JsonPath, str] = {(): "top"} if kind is FileKind.SERVICES else {}
        if kind is FileKind.SERVICES:
            for entry in iter_services(data):
                self.by_path[entry.path] = "service"
                self.by_path[(*entry.path, "build")] = "build"
                self.by_path[(*entry.path, "build", "configure")] = "configure"
                self.by_path[(*entry.path, "build", "args")] = "args"
        else:
            self._steps(data, ())

    def _steps(self, steps: Any, path: JsonPath) -> None:
        if not isinstance(steps, list):
            return
        for i, step in enumerate(steps):
            if isinstance(step, dict):
                self.by_path[(*path, i)] = "step"
                for nested in ("steps", "on_fail"):
                    self._steps(step.get(nested), (*path, i, nested))

    def of(self, path: JsonPath) -> str | None:
        return self.by_path.get(path)

    def value(self, path: JsonPath) -> Any:
        node = self.data
        for part in path:
            if isinstance(node, dict):
                node = node.get(part)
            elif isinstance(node, list) and isinstance(part, int) and part < len(node):
                node = node[part]
            else:
                return None
        return node


def _owned(path: JsonPath, key: str | None, kind: FileKind, places: _Places) -> bool:
    full = (*path, key) if key is not None else path
    for i in range(len(full)):
        place, name = places.of(full[:i]), full[i]
        if place is None or not isinstance(name, str):
            continue
        for owner in OWNED_BY_RULES:
            if owner.kind is not kind or owner.place != place:
                continue
            if owner.shapes is not None and _shape(places.value(full[: i + 1])) not in owner.shapes:
                continue
            if name in owner.keys or (
                UNKNOWN_KEY in owner.keys and name not in declared_keys(kind, place)
            ):
                return True
    return False


def _shape(value: Any) -> str:
    if isinstance(value, dict):
        return "mapping"
    return "list" if isinstance(value, list) else "scalar"


def _uncertainty(path: JsonPath, kind: FileKind, places: _Places) -> str | None:
    for i in range(len(path)):
        name = path[i]
        place = places.of(path[:i])
        if place is not None and isinstance(name, str):
            note = UNCERTAIN.get((kind, place, name))
            if note is not None:
                return note
    return None


class _Problem:
    """A schema violation, before it becomes a finding at its place."""

    __slots__ = ("key", "path", "text")

    path: Final[JsonPath]  # the instance the problem is about (for unknown keys: their mapping)
    text: Final[str]  # the message, without the uncertainty note
    key: Final[str | None]  # an unknown key of the mapping at `path`

    def __init__(self, path: JsonPath, text: str, key: str | None = None) -> None:
        self.path = path
        self.text = text
        self.key = key

    def finding(self, document: YamlDocument, kind: FileKind, places: _Places) -> Finding:
        target = (*self.path, self.key) if self.key is not None else self.path
        text = self.text
        if self.key is None and len(target) >= 1 and isinstance(target[-1], str):
            hint = HINTS.get((kind, places.of(target[:-1]) or "", target[-1]))
            if hint:
                text = f"{text}; {hint}"
        note = _uncertainty(target, kind, places)
        if note is not None:
            return Finding(document.span(target), f"{text} ({note})", severity=Severity.WARNING)
        return Finding(document.span(target), text)


def _explain(error: Any, kind: FileKind, places: _Places) -> Iterator[_Problem]:
    path: JsonPath = tuple(error.absolute_path)
    validator = error.validator
    if validator in ("anyOf", "oneOf"):
        yield from _explain_alternatives(error, kind, places)
    elif validator == "additionalProperties":
        yield from _unknown_keys(error, path, kind, places)
    elif validator == "type":
        yield _Problem(
            path,
            f"{_label(path, kind)} must be {_expected(error.schema, kind)}, "
            f"not {_found(error.instance)}",
        )
    elif validator == "enum":
        allowed = [v for v in error.validator_value if v is not None]
        text = f"{_label(path, kind)} must be one of {', '.join(map(str, allowed))}"
        if isinstance(error.instance, str):
            text += f", not {error.instance!r}"
            hint = _nearest(error.instance, [str(v) for v in allowed])
            if hint:
                text += f"; did you mean {hint!r}?"
        yield _Problem(path, text)
    elif path or validator != "type":
        yield _Problem(path, f"{_label(path, kind)}: {error.message}")


def _explain_alternatives(error: Any, kind: FileKind, places: _Places) -> Iterator[_Problem]:
    """Of the branches that failed, keep those the value's shape fits (no type error at the
    value itself) and explain the one with the fewest problems; if no branch fits, say
    which shapes were expected."""
    branches: dict[int, list[Any]] = {}
    for sub in error.context:
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    fitting = [
        subs
        for _, subs in sorted(branches.items())
        if not any(_is_shape_error(sub) for sub in subs)
    ]
    path: JsonPath = tuple(error.absolute_path)
    if not fitting:
        yield _Problem(
            path,
            f"{_label(path, kind)} must be {_expected(error.schema, kind)}, "
            f"not {_found(error.instance)}",
        )
        return
    best = min(fitting, key=len)
    for sub in best:
        yield from _explain(sub, kind, places)


def _is_shape_error(error: Any) -> bool:
    """A branch whose type does not fit the value itself (not something deeper)."""
    if error.relative_path:
        return False
    if error.validator == "type":
        return True
    if error.validator in ("anyOf", "oneOf"):
        return all(_is_shape_error(sub) for sub in error.context)
    return False


def _unknown_keys(
    error: Any, path: JsonPath, kind: FileKind, places: _Places
) -> Iterator[_Problem]:
    schema = error.schema
    declared = list(schema.get("properties", {}))
    patterns = [re.compile(p) for p in schema.get("patternProperties", {})]
    place = places.of(path) or "top"
    allowed = _allowed_for_message(kind, place, declared)
    for key in error.instance:
        name = str(key)
        if name in declared or any(p.search(name) for p in patterns):
            continue
        text = f"unknown {_PLACE_WORDS.get(place, place)} key {name!r}"
        hint = _nearest(name, declared)
        if hint:
            text += f" (did you mean {hint!r}?)"
        text += f"; allowed keys are {', '.join(allowed)}"
        yield _Problem(path, text, key=name)


def _allowed_for_message(kind: FileKind, place: str, declared: list[str]) -> list[str]:
    """The keys worth naming: those CodeShip uses, not compose keys it ignores, and not
    deprecated spellings."""
    hidden: set[str] = set()
    for owner in OWNED_BY_RULES:
        if owner.kind is kind and owner.place == place:
            hidden |= owner.keys
    props = _properties_of(kind, place)
    hidden |= {k for k, v in props.items() if v.get("deprecated")}
    if kind is FileKind.SERVICES and place == "service":
        # Compose keys CodeShip passes on without documenting them: accepted, but not
        # worth naming in the list of allowed keys of an unknown-key message.
        hidden |= keys(Place.SERVICE, Status.PASSTHROUGH)
    return sorted(k for k in declared if k not in hidden)


def _properties_of(kind: FileKind, place: str) -> dict[str, Any]:
    defs = load_schema(kind)["$defs"]
    name = {"service": "service", "build": "buildMapping", "step": "step"}.get(place)
    props: dict[str, Any] = defs.get(name, {}).get("properties", {}) if name else {}
    return props


def _nearest(word: str, candidates: list[str]) -> str | None:
    lowered = {c.lower(): c for c in candidates}
    if word.lower() in lowered:
        return lowered[word.lower()]
    normal = word.lower().replace("-", "_")
    if normal in lowered:
        return lowered[normal]
    import difflib  # only a file with an unknown key pays for it

    found = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return found[0] if found else None


def _expected(schema: Any, kind: FileKind) -> str:
    if not isinstance(schema, dict):
        return "something else"
    for name, definition in load_schema(kind)["$defs"].items():
        # jsonschema hands out the referenced definition itself once a `$ref` is followed.
        if definition is schema and name in _DEF_PHRASES:
            return _DEF_PHRASES[name]
    ref = schema.get("$ref")
    if isinstance(ref, str):
        name = ref.rsplit("/", 1)[-1]
        if name in _DEF_PHRASES:
            return _DEF_PHRASES[name]
        return _expected(load_schema(kind)["$defs"].get(name), kind)
    for combinator in ("anyOf", "oneOf"):
        if combinator in schema:
            return " or ".join(_expected(branch, kind) for branch in schema[combinator])
    kinds = schema.get("type")
    if isinstance(kinds, str):
        return _TYPE_PHRASES.get(kinds, kinds)
    if isinstance(kinds, list):
        return " or ".join(_TYPE_PHRASES.get(str(k), str(k)) for k in kinds)
    return "something else"


def _found(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the string {value!r}" if len(value) <= 40 else "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _label(path: JsonPath, kind: FileKind) -> str:
    if not path:
        return "the file"
    last = path[-1]
    if isinstance(last, str):
        return repr(last)
    parent = path[-2] if len(path) >= 2 else None
    if kind is FileKind.STEPS and parent in (None, "steps", "on_fail"):
        return f"step {last + 1}" if parent is None else f"step {last + 1} of {parent!r}"
    return f"item {last + 1} of {parent!r}" if isinstance(parent, str) else f"item {last + 1}"
