"""YAML (and JSON) files as plain data plus a position for every key and value.

ruamel's own line/column records (`.lc`) miss keys that arrive through `<<: *anchor`
merges and lose the second of two duplicate keys, so this module composes the node graph
once and builds both the plain data and an index `JsonPath -> Located` from it.

Dialect: CodeShip's `jet` is written in Go; its YAML library of the time (go-yaml v2)
resolves plain scalars the YAML 1.1 way (`yes`/`on`/`off` are booleans, `0777` is octal),
so scalars are resolved as YAML 1.1. A Go struct field of type string still receives the
scalar's text, which is why the schemas accept any scalar where CodeShip wants a string;
`Located.raw` keeps that text.
"""

from __future__ import annotations

import bisect
import warnings
from collections.abc import Iterator
from typing import Any, Final

from cslint.core.diagnostics import Span
from cslint.core.lazyre import lazy

JsonPath = tuple[str | int, ...]

_TAG_PREFIX = "tag:yaml.org,2002:"
_MERGE_TAG = _TAG_PREFIX + "merge"


class Located:
    """Where one value of the document stands in the source."""

    __slots__ = ("key", "raw", "style", "tag", "value", "via_merge")

    key: Final[Span | None]  # the mapping key's span; None for list items and the root
    value: Final[Span]
    # The `<<` key through which the entry arrived, when it came from a merge; `key` and
    # `value` then point into the anchored mapping.
    via_merge: Final[Span | None]
    tag: Final[str]  # "map", "seq", "str", "int", "float", "bool", "null", or a custom tag
    style: Final[str | None]  # scalar style: None (plain), "'", '"', "|", ">"
    raw: Final[str | None]  # a scalar's text as written (after unescaping)

    def __init__(
        self,
        key: Span | None,
        value: Span,
        via_merge: Span | None = None,
        tag: str = "str",
        style: str | None = None,
        raw: str | None = None,
    ) -> None:
        self.key = key
        self.value = value
        self.via_merge = via_merge
        self.tag = tag
        self.style = style
        self.raw = raw

    @property
    def anchor_span(self) -> Span:
        """The span a finding about this entry should carry: the key, else the value."""
        return self.key if self.key is not None else self.value


class DuplicateKey:
    """A key written twice in one mapping: both places."""

    __slots__ = ("first", "key", "mapping", "second")

    mapping: Final[JsonPath]
    key: Final[str]
    first: Final[Span]
    second: Final[Span]

    def __init__(self, mapping: JsonPath, key: str, first: Span, second: Span) -> None:
        self.mapping = mapping
        self.key = key
        self.first = first
        self.second = second


class YamlDocument:
    """A YAML file's data with the place of every node (by JSON path)."""

    __slots__ = ("_scalar_ends", "_scalar_starts", "data", "duplicates", "index", "text")

    text: str
    data: Any
    index: dict[JsonPath, Located]
    duplicates: list[DuplicateKey]
    # Sorted start and end character offsets of every scalar: a `#` inside one is content.
    _scalar_starts: list[int]
    _scalar_ends: list[int]

    def __init__(
        self,
        text: str,
        data: Any,
        index: dict[JsonPath, Located],
        duplicates: list[DuplicateKey] | None = None,
        # (start, end) character offsets of every scalar, in any order.
        scalars: list[tuple[int, int]] | None = None,
    ) -> None:
        self.text = text
        self.data = data
        self.index = index
        self.duplicates = [] if duplicates is None else duplicates
        ranges = sorted(scalars or ())
        self._scalar_starts = [start for start, _ in ranges]
        self._scalar_ends = [end for _, end in ranges]

    def get(self, path: JsonPath) -> Located | None:
        return self.index.get(path)

    def span(self, path: JsonPath) -> Span:
        """The best span for a finding about `path`: its key, else its value, else the
        nearest ancestor that has a position."""
        while True:
            loc = self.index.get(path)
            if loc is not None:
                return loc.anchor_span
            if not path:
                return Span.point(1, 1)
            path = path[:-1]

    def value_span(self, path: JsonPath) -> Span:
        loc = self.index.get(path)
        return loc.value if loc is not None else self.span(path)

    def in_scalar(self, offset: int) -> bool:
        """True when character `offset` lies inside a scalar's text (so a `#` is content)."""
        i = bisect.bisect_right(self._scalar_starts, offset) - 1
        return i >= 0 and offset < self._scalar_ends[i]


class YamlSyntaxError(Exception):
    """The text is not well-formed YAML; `span` is where the parser stopped."""

    def __init__(self, message: str, span: Span) -> None:
        super().__init__(message)
        self.message = message
        self.span = span


def parse(text: str) -> YamlDocument:
    """Parse one YAML document; raises YamlSyntaxError with the parser's position."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.reader import ReaderError

    # The C parser (ruamel.yaml.clib, libyaml) composes about 7x faster than the pure-Python
    # one and gives the same marks; ruamel falls back to pure Python where it is missing.
    from cslint.core import lines as line_ends
    from cslint.core.limits import current

    yaml = YAML(typ="safe", pure=False)
    yaml.version = (1, 1)
    text = line_ends.normalize(text, yaml=True)
    lines = line_ends.split(text)
    try:
        with warnings.catch_warnings():
            # ruamel warns (not raises) on some constructs, e.g. a re-used anchor name.
            warnings.simplefilter("ignore")
            root = yaml.compose(text)
    except MarkedYAMLError as exc:
        raise _syntax_error(exc, lines) from None
    except ReaderError as exc:
        raise _reader_error(exc, text) from None
    except YAMLError as exc:
        raise YamlSyntaxError(f"invalid YAML: {_first_line(str(exc))}", Span.point(1, 1)) from None
    except RecursionError:
        # The composer recursed once per level; a limit below Python's own is checked
        # during the build, this is the backstop for the composer itself.
        raise YamlSyntaxError(_too_deep(current().max_depth), Span.point(1, 1)) from None
    limits = current()
    if root is None:
        return YamlDocument(text=text, data=None, index={})
    _check_size(root, limits.max_yaml_nodes, limits.max_depth, lines)
    builder = _Builder(text, lines, limits.max_yaml_nodes, limits.max_depth)
    data = builder.build(root, (), key=None, via_merge=None)
    return YamlDocument(
        text=text,
        data=data,
        index=builder.index,
        duplicates=builder.duplicates,
        scalars=builder.scalar_ranges,
    )


def _check_size(root: Any, max_nodes: int, max_depth: int, lines: list[str]) -> None:
    """Refuse a document whose aliases expand past `max_nodes` values, or that nests past
    `max_depth`, before building anything: the node graph is a DAG of a few nodes even for
    an alias bomb, so sizes are summed per unique node (iteratively: no recursion limit)."""
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        ident = id(node)
        if done:
            on_path.discard(ident)
            children = _children(node)
            total, deepest = 1, 0
            for child in children:
                total += size.get(id(child), 1)
                deepest = max(deepest, depth.get(id(child), 0))
            size[ident] = total
            depth[ident] = deepest + 1
            if total > max_nodes:
                raise YamlSyntaxError(
                    f"YAML expands to more than {max_nodes} values, through aliases "
                    "(limits: max-yaml-nodes); not read",
                    _mark_span(node, lines),
                )
            if deepest + 1 > max_depth:
                raise YamlSyntaxError(_too_deep(max_depth), _mark_span(node, lines))
            continue
        if ident in size or ident in on_path:
            continue  # shared (an alias) or recursive: counted once / cut by the builder
        on_path.add(ident)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node))


def _children(node: Any) -> list[Any]:
    kind = type(node).__name__
    if kind == "SequenceNode":
        return list(node.value)
    if kind == "MappingNode":
        return [n for pair in node.value for n in pair]
    return []


def _mark_span(node: Any, lines: list[str]) -> Span:
    line = min(node.start_mark.line + 1, max(len(lines), 1))
    return Span.point(line, node.start_mark.column + 1)


def _first_line(text: str) -> str:
    return text.strip().split("\n", 1)[0][:200]


def _too_deep(limit: int) -> str:
    return f"YAML nested deeper than {limit} levels (limits: max-depth); not read further"


def _reader_error(exc: Any, text: str) -> YamlSyntaxError:
    """A character YAML does not allow (NUL, other control characters) at its position."""
    position = max(int(getattr(exc, "position", 0) or 0), 0)
    before = text[:position]
    line = before.count("\n") + 1
    col = position - (before.rfind("\n") + 1) + 1
    char = getattr(exc, "character", None)
    code = f"U+{ord(char):04X}" if isinstance(char, str) and len(char) == 1 else f"#x{char}"
    if isinstance(char, int):
        code = f"U+{char:04X}"
    return YamlSyntaxError(
        f"invalid YAML: character {code} is not allowed in YAML (a control character)",
        Span.point(line, col),
    )


def _syntax_error(exc: Any, lines: list[str]) -> YamlSyntaxError:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or exc.context or "invalid YAML"
    if mark is None:
        return YamlSyntaxError(f"invalid YAML: {problem}", Span.point(1, 1))
    line, col = mark.line + 1, mark.column + 1
    if line > len(lines) and lines:  # the parser stopped at end of input
        line, col = len(lines), len(lines[-1]) + 1
    message = f"invalid YAML: {problem}"
    if exc.context and exc.problem and exc.context_mark is not None:
        message += f" ({exc.context} at line {exc.context_mark.line + 1})"
    return YamlSyntaxError(message, Span.point(line, col))


class _Builder:
    def __init__(self, text: str, lines: list[str], max_nodes: int, max_depth: int) -> None:
        self.text = text
        self.lines = lines
        # Aliases are expanded into the data: count every node built, so that a few
        # hundred bytes of nested aliases stop at the limit instead of building billions.
        self.budget = max_nodes
        self.max_nodes = max_nodes
        self.max_depth = max_depth
        self.index: dict[JsonPath, Located] = {}
        self.duplicates: list[DuplicateKey] = []
        self.scalar_ranges: list[tuple[int, int]] = []
        self._active: set[int] = set()  # nodes on the current path: guards recursive aliases
        self._seen_scalars: set[int] = set()

    def span_of(self, node: Any) -> Span:
        start, end = node.start_mark, node.end_mark
        end_line, end_col = end.line + 1, end.column + 1
        # Block scalars and block collections end at column 0 of the following line; end
        # them at the end of their last line so underlines stay on the node's own lines.
        while end_col == 1 and end_line > start.line + 1:
            end_line -= 1
            end_col = len(self.lines[end_line - 1]) + 1 if end_line <= len(self.lines) else 1
            if end_col > 1:
                break
        return Span(start.line + 1, start.column + 1, end_line, end_col)

    def build(self, node: Any, path: JsonPath, key: Span | None, via_merge: Span | None) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise YamlSyntaxError(
                f"YAML expands to more than {self.max_nodes} values, through aliases "
                "(limits: max-yaml-nodes); not read further",
                self.span_of(node),
            )
        if len(path) > self.max_depth:
            raise YamlSyntaxError(_too_deep(self.max_depth), self.span_of(node))
        kind = type(node).__name__
        if kind == "ScalarNode":
            tag = _short_tag(node.tag)
            self.index[path] = Located(
                # libyaml reports a plain scalar's style as "", the pure parser as None.
                key,
                self.span_of(node),
                via_merge,
                tag,
                node.style or None,
                node.value,
            )
            self._note_scalar(node)
            return _construct_scalar(tag, node.value)
        if id(node) in self._active:  # `a: &x [*x]`: stop instead of recursing forever
            self.index[path] = Located(key, self.span_of(node), via_merge, "recursive")
            return None
        self._active.add(id(node))
        try:
            if kind == "SequenceNode":
                self.index[path] = Located(key, self.span_of(node), via_merge, "seq")
                return [
                    self.build(item, (*path, i), None, via_merge)
                    for i, item in enumerate(node.value)
                ]
            self.index[path] = Located(key, self.span_of(node), via_merge, "map")
            return self._build_mapping(node, path, via_merge)
        finally:
            self._active.discard(id(node))

    def _build_mapping(self, node: Any, path: JsonPath, via_merge: Span | None) -> dict[str, Any]:
        out: dict[str, Any] = {}
        explicit: dict[str, Span] = {}
        merges: list[tuple[Any, Span]] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG or (
                _short_tag(key_node.tag) == "str" and key_node.value == "<<" and not key_node.style
            ):
                merges.append((value_node, self.span_of(key_node)))
                self._note_scalar(key_node)
                continue
            name = self._key_text(key_node)
            key_span = self.span_of(key_node)
            if type(key_node).__name__ == "ScalarNode":
                self._note_scalar(key_node)
            if name in explicit:
                self.duplicates.append(DuplicateKey(path, name, explicit[name], key_span))
                continue  # the first occurrence wins, as in most YAML loaders
            explicit[name] = key_span
            out[name] = self.build(value_node, (*path, name), key_span, via_merge)
        for value_node, merge_span in merges:
            sources = (
                value_node.value if type(value_node).__name__ == "SequenceNode" else [value_node]
            )
            for source in sources:
                if type(source).__name__ != "MappingNode" or id(source) in self._active:
                    continue
                self._active.add(id(source))
                try:
                    for key_node, item_node in _merge_entries(source):
                        name = self._key_text(key_node)
                        if name in out or name == "<<":
                            continue  # explicit keys and earlier merge sources win
                        out[name] = self.build(
                            item_node, (*path, name), self.span_of(key_node), merge_span
                        )
                finally:
                    self._active.discard(id(source))
        return out

    def _key_text(self, key_node: Any) -> str:
        if type(key_node).__name__ == "ScalarNode":
            return str(key_node.value)
        start, end = key_node.start_mark.index, key_node.end_mark.index
        return self.text[start:end] if end > start else "?"

    def _note_scalar(self, node: Any) -> None:
        if id(node) in self._seen_scalars:
            return
        self._seen_scalars.add(id(node))
        start, end = node.start_mark.index, node.end_mark.index
        if end > start:
            self.scalar_ranges.append((start, end))


def _merge_entries(source: Any, seen: frozenset[int] = frozenset()) -> Iterator[Any]:
    """The (key, value) nodes a merge source brings: its own keys, then those of its own
    `<<` sources (an anchored mapping that itself merges others), as YAML loaders do."""
    nested: list[Any] = []
    for key_node, item_node in source.value:
        if key_node.tag == _MERGE_TAG or (
            _short_tag(key_node.tag) == "str" and key_node.value == "<<" and not key_node.style
        ):
            nested.extend(
                item_node.value if type(item_node).__name__ == "SequenceNode" else [item_node]
            )
        else:
            yield key_node, item_node
    for inner in nested:
        if type(inner).__name__ == "MappingNode" and id(inner) not in seen:
            yield from _merge_entries(inner, seen | {id(source)})


def _short_tag(tag: Any) -> str:
    text = str(getattr(tag, "value", tag) or "")
    return text.removeprefix(_TAG_PREFIX)


_BOOL_TRUE = {"yes", "true", "on", "y"}
_SEXAGESIMAL = lazy(r"^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+$")


def _construct_scalar(tag: str, value: str) -> Any:
    if tag == "null":
        return None
    if tag == "bool":
        return value.lower() in _BOOL_TRUE
    if tag == "int":
        return _yaml11_int(value)
    if tag == "float":
        try:
            return float(value.replace("_", "").replace(".inf", "inf").replace(".nan", "nan"))
        except ValueError:
            return value
    return value


def _yaml11_int(value: str) -> int | str:
    text = value.replace("_", "")
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-")
    try:
        if _SEXAGESIMAL.match(text):
            # YAML 1.1's base 60: an unquoted `22:22` in `ports` is the integer 1342.
            total = 0
            for part in digits.split(":"):
                total = total * 60 + int(part)
            return sign * total
        if digits.startswith(("0x", "0X", "0b", "0B")):
            return sign * int(digits, 0)
        if len(digits) > 1 and digits.startswith("0") and digits.isdigit():
            return sign * int(digits, 8)
        return sign * int(digits)
    except ValueError:
        return value
