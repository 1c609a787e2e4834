"""A yes/no validator compiled from cslint's JSON Schemas, without jsonschema.

Most files are valid, and importing jsonschema (with referencing, rpds and attrs) and
building its validator costs a run more than everything else the file needs. This module
turns the schema into nested Python closures once per run (well under a millisecond) and
answers one question: is the document valid? Only when it says no does
`cslint.codeship.schema` ask jsonschema, which then gives the rich errors.

It understands exactly the keywords the schemas use; a schema with any other keyword is
refused when it is compiled (`Unsupported`), and the caller then always asks jsonschema.
Where its answer could differ from jsonschema's (a value of a type JSON does not have, a
key that is not a string), it says "not valid", so jsonschema decides: it may be
needlessly cautious, never wrongly lenient. tests/test_fastschema.py checks that both
agree on every file of the shared corpus and on thousands of generated variants.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from cslint.core.kinds import FileKind

Check = Callable[[Any], bool]

# Keywords that only annotate: they never make a document invalid.
_ANNOTATIONS = frozenset(
    {"$schema", "$id", "title", "description", "default", "deprecated", "examples", "$comment"}
)
_APPLICATORS = frozenset(
    {
        "$ref", "$defs", "type", "enum", "const", "properties", "patternProperties",
        "additionalProperties", "required", "items", "anyOf", "allOf", "oneOf", "not", "if",
        "then", "else",
    }
)  # fmt: skip


class Unsupported(Exception):
    """The schema uses a keyword this validator does not implement."""


def _is_type(value: Any, name: str) -> bool:
    # jsonschema's draft 2020-12 type checker, on the types YAML and JSON parsing produce.
    if name == "string":
        return isinstance(value, str)
    if name == "object":
        return isinstance(value, dict)
    if name == "array":
        return isinstance(value, list)
    if name == "boolean":
        return isinstance(value, bool)
    if name == "null":
        return value is None
    if isinstance(value, bool):
        return False
    if name == "integer":
        return isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    if name == "number":
        return isinstance(value, int | float)
    raise Unsupported(f"type {name!r}")


def _plain(value: Any) -> bool:
    """Values whose equality jsonschema and Python agree on without special cases."""
    return value is None or isinstance(value, str | bool | int | float)


class _Compiler:
    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root
        self.defs: dict[str, Check] = {}

    def ref(self, ref: str) -> Check:
        if not ref.startswith("#/$defs/") or "/" in ref[len("#/$defs/") :]:
            raise Unsupported(f"$ref {ref!r}")
        name = ref[len("#/$defs/") :]
        if name not in self.root.get("$defs", {}):
            raise Unsupported(f"$ref {ref!r} names no definition")
        if name not in self.defs:
            # A recursive reference (a step's `steps`) finds the slot filled below.
            slot: list[Check] = []
            self.defs[name] = lambda value: slot[0](value)
            slot.append(self.compile(self.root["$defs"][name]))
        return self.defs[name]

    def compile(self, schema: Any) -> Check:
        if schema is True:
            return _always
        if schema is False:
            return _never
        if not isinstance(schema, dict):
            raise Unsupported(f"schema {schema!r}")
        unknown = set(schema) - _ANNOTATIONS - _APPLICATORS
        if unknown:
            raise Unsupported(", ".join(sorted(unknown)))
        checks: list[Check] = []
        if "$ref" in schema:
            checks.append(self.ref(schema["$ref"]))
        if "type" in schema:
            names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
            for name in names:
                _is_type(None, name)  # refuses unknown type names now, not while checking
            checks.append(_type_check(tuple(names)))
        if "enum" in schema or "const" in schema:
            allowed = schema["enum"] if "enum" in schema else [schema["const"]]
            if not all(_plain(a) for a in allowed):
                raise Unsupported("enum of structured values")
            checks.append(_enum_check(tuple((type(a), a) for a in allowed)))
        if {"properties", "patternProperties", "additionalProperties", "required"} & set(schema):
            checks.append(self.object(schema))
        if "items" in schema:
            item = self.compile(schema["items"])
            checks.append(lambda v: not isinstance(v, list) or all(item(x) for x in v))
        if "allOf" in schema:
            parts = [self.compile(s) for s in schema["allOf"]]
            checks.append(lambda v: all(p(v) for p in parts))
        if "anyOf" in schema:
            parts = [self.compile(s) for s in schema["anyOf"]]
            checks.append(lambda v: any(p(v) for p in parts))
        if "oneOf" in schema:
            parts = [self.compile(s) for s in schema["oneOf"]]
            checks.append(lambda v: sum(1 for p in parts if p(v)) == 1)
        if "not" in schema:
            negated = self.compile(schema["not"])
            checks.append(lambda v: not negated(v))
        if "if" in schema:
            condition = self.compile(schema["if"])
            then = self.compile(schema.get("then", True))
            other = self.compile(schema.get("else", True))
            checks.append(lambda v: then(v) if condition(v) else other(v))
        if "$defs" in schema and schema is not self.root:
            raise Unsupported("$defs below the root")
        if not checks:
            return _always
        if len(checks) == 1:
            return checks[0]
        return lambda v: all(c(v) for c in checks)

    def object(self, schema: dict[str, Any]) -> Check:
        properties = {k: self.compile(s) for k, s in schema.get("properties", {}).items()}
        patterns = [(re.compile(p), self.compile(s)) for p, s in schema.get("patternProperties", {}).items()]  # fmt: skip
        has_additional = "additionalProperties" in schema
        additional = self.compile(schema.get("additionalProperties", True))
        required = tuple(schema.get("required", ()))

        def check(value: Any) -> bool:
            if not isinstance(value, dict):
                return True
            for name in required:
                if name not in value:
                    return False
            for key, item in value.items():
                if not isinstance(key, str):
                    return False  # jsonschema's regexes cannot read it: let it decide
                known = key in properties
                if known and not properties[key](item):
                    return False
                matched = False
                for pattern, sub in patterns:
                    if pattern.search(key):
                        matched = True
                        if not sub(item):
                            return False
                if has_additional and not known and not matched and not additional(item):
                    return False
            return True

        return check


def _type_check(names: tuple[str, ...]) -> Check:
    return lambda value: any(_is_type(value, name) for name in names)


def _enum_check(pairs: tuple[tuple[type, Any], ...]) -> Check:
    # By type too: jsonschema tells `true` from `1`, Python's == does not.
    return lambda value: any(type(value) is t and value == a for t, a in pairs)


def _always(value: Any) -> bool:
    return True


def _never(value: Any) -> bool:
    return False


def compile_schema(schema: dict[str, Any]) -> Check:
    """A function telling whether a document is valid; raises Unsupported."""
    return _Compiler(schema).compile(schema)


@functools.cache
def checker(kind: FileKind) -> Check | None:
    """The compiled check for a kind's schema, or None when it cannot be compiled."""
    from cslint.codeship.schema import load_schema

    try:
        return compile_schema(load_schema(kind))
    except Unsupported:
        return None


def plainly_valid(data: Any, kind: FileKind) -> bool:
    """True only when the document is certainly valid against the kind's schema."""
    check = checker(kind)
    if check is None:
        return False
    try:
        return check(data)
    except RecursionError:
        return False
