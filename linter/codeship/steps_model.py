"""A read-only view of a steps file: every step, flattened, with its parent chain.

Groups (`serial`, `parallel`, `manual`, `matrix`) and `on_fail` lists nest steps; rules
need each step with what it inherits from the steps above it: the service it runs on and
the `tag`/`exclude` filters that decide on which branches it runs (format doc §3.2-§3.4).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Final

from cslint.parsers.yamldoc import JsonPath, YamlDocument

GROUP_TYPES = frozenset({"serial", "parallel", "manual", "matrix"})
# `load` is only in SchemaStore's enum; it is modelled as a kind, never as a group.
KNOWN_TYPES = frozenset({"run", "push", "load", *GROUP_TYPES})


def scalar_text(value: Any) -> str | None:
    """A scalar as the string jet's Go structs receive (`name: 01` -> "1" is close enough);
    None for mappings, lists and null."""
    if value is None or isinstance(value, dict | list):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def is_blank(value: Any) -> bool:
    """Null, an empty or all-space string, or an empty list: a key written with no value.
    A mapping or a list where a string belongs is a type error, which the steps schema
    (CS200) reports; rules that say "empty" must not report it a second time."""
    return value is None or value == [] or (isinstance(value, str) and not value.strip())


class Step:
    """One step mapping of the document, in place."""

    __slots__ = ("children", "data", "document", "on_fail", "parent", "path")

    path: JsonPath  # where the mapping is in the document, e.g. (0, "steps", 1)
    data: dict[str, Any]
    parent: Step | None
    # True when the step sits in its parent's `on_fail` list rather than in `steps`.
    on_fail: bool
    children: list[Step]
    # The parsed document, when known: scalars are then read as written (`01`, not `1`).
    document: YamlDocument | None

    def __init__(
        self,
        path: JsonPath,
        data: dict[str, Any],
        parent: Step | None = None,
        on_fail: bool = False,
        children: list[Step] | None = None,
        document: YamlDocument | None = None,
    ) -> None:
        self.path = path
        self.data = data
        self.parent = parent
        self.on_fail = on_fail
        self.children = [] if children is None else children
        self.document = document

    def text(self, key: str | int, *more: str | int) -> str | None:
        """The scalar at `key` (and `more` below it) as jet's Go strings receive it: the
        text as written when the document is known; None for null, lists and mappings."""
        value: Any = self.data
        for part in (key, *more):
            if isinstance(value, dict) and isinstance(part, str):
                value = value.get(part)
            elif isinstance(value, list) and isinstance(part, int) and part < len(value):
                value = value[part]
            else:
                return None
        if value is None or isinstance(value, dict | list):
            return None
        if self.document is not None:
            loc = self.document.get((*self.path, key, *more))
            if loc is not None and loc.raw is not None:
                return loc.raw
        return scalar_text(value)

    @property
    def type_name(self) -> str | None:
        return self.text("type")

    @property
    def kind(self) -> str:
        """`run`, `push`, a group type, `load`, or the unknown type as written. A step
        without `type` is a run step (format doc §3.1)."""
        written = self.type_name
        return "run" if written is None else written

    @property
    def is_group(self) -> bool:
        return self.kind in GROUP_TYPES

    @property
    def name(self) -> str | None:
        return self.text("name")

    @property
    def depth(self) -> int:
        return sum(1 for _ in self.ancestors())

    def ancestors(self) -> Iterator[Step]:
        """The steps above this one, nearest first."""
        step = self.parent
        while step is not None:
            yield step
            step = step.parent

    def own_services(self) -> tuple[str, ...]:
        """What this step itself names in `service` / `services`."""
        names: list[str] = []
        single = self.text("service")
        if single:
            names.append(single)
        many = self.data.get("services")
        if isinstance(many, list):
            for i in range(len(many)):
                text = self.text("services", i)
                if text:
                    names.append(text)
        return tuple(names)

    def service_source(self) -> Step | None:
        """The nearest step, this one included, whose `service`/`services` this step runs
        on: a group passes its service to its children, a failing step to its `on_fail`
        steps (format doc §3.2)."""
        step: Step | None = self
        while step is not None:
            if "service" in step.data or "services" in step.data:
                return step
            step = step.parent
        return None

    def effective_services(self) -> tuple[str, ...]:
        source = self.service_source()
        return source.own_services() if source is not None else ()

    def filters(self) -> list[TagFilter]:
        """Every `tag`/`exclude` that governs this step, outermost first."""
        chain = [self, *self.ancestors()]
        out: list[TagFilter] = []
        for step in reversed(chain):
            for key in ("tag", "exclude"):
                text = step.text(key)
                if text is not None:
                    out.append(TagFilter(step, key, text))
        return out

    def within(self, other: Step) -> bool:
        """True when this step is `other` or nested anywhere below it."""
        return self is other or any(a is other for a in self.ancestors())


class TagFilter:
    """A step's `tag` or `exclude` regex."""

    __slots__ = ("key", "step", "value")

    step: Final[Step]
    key: Final[str]  # "tag" or "exclude"
    value: Final[str]

    def __init__(self, step: Step, key: str, value: str) -> None:
        self.step = step
        self.key = key
        self.value = value

    @property
    def path(self) -> JsonPath:
        return (*self.step.path, self.key)


class StepsModel:
    """A steps file's steps: the top level, and every step in document order."""

    __slots__ = ("steps", "top")

    top: list[Step]
    steps: list[Step]  # every step mapping, parents before children, in document order

    def __init__(self, top: list[Step], steps: list[Step]) -> None:
        self.top = top
        self.steps = steps

    def leaves(self) -> Iterator[Step]:
        return (s for s in self.steps if not s.is_group)


def build_steps(data: Any, document: YamlDocument | None = None) -> StepsModel:
    """The model of a parsed steps document (`data`, and the document it came from when
    known); anything that is not a step mapping (a scalar list item, a non-list `steps`)
    is skipped: other rules report it."""
    model = StepsModel(top=[], steps=[])
    if isinstance(data, list):
        model.top = _collect(data, (), None, False, model.steps, document)
    return model


def _collect(
    items: list[Any],
    path: JsonPath,
    parent: Step | None,
    on_fail: bool,
    into: list[Step],
    document: YamlDocument | None,
) -> list[Step]:
    out: list[Step] = []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        step = Step((*path, i), item, parent, on_fail, document=document)
        into.append(step)
        out.append(step)
        for key in ("steps", "on_fail"):
            nested = item.get(key)
            if isinstance(nested, list):
                step.children.extend(
                    _collect(nested, (*step.path, key), step, key == "on_fail", into, document)
                )
    return out


def steps_model(ctx: Any) -> StepsModel:
    """The model for the steps file under check, built once per file and shared."""
    document: YamlDocument = ctx.document
    return ctx.memo("steps_model", lambda: build_steps(document.data, document))  # type: ignore[no-any-return]
