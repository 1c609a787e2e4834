"""Compose files as read for conversion: the round-trip tree (kept for output, with its
comments) and the position index of `cslint.parsers.yamldoc` (for every note's span)."""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass
from typing import Any

from cslint.convert.errors import ConvertError
from cslint.core.diagnostics import Span
from cslint.parsers.yamldoc import JsonPath, YamlDocument


@dataclass
class Source:
    """One input file. `display` is the path as shown in messages."""

    display: str
    path: str  # absolute
    text: str
    tree: Any  # ruamel round-trip data (CommentedMap), edited in place by the converter
    doc: YamlDocument
    indent: tuple[int, int]  # (mapping indent, block sequence offset) guessed from the text

    @property
    def folder(self) -> str:
        return os.path.dirname(self.path)

    def span(self, path: JsonPath, *, value: bool = False) -> Span:
        return self.doc.value_span(path) if value else self.doc.span(path)

    def error(self, path: JsonPath, message: str, *, value: bool = False) -> ConvertError:
        return ConvertError(self.display, self.span(path, value=value), message)


def rt_yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold long commands onto several lines
    return yaml


def read_source(path: str, display: str | None = None, raw: bytes | None = None) -> Source:
    """Read and parse one compose file (or `raw`, the bytes of standard input, as if they
    were the file at `path`); a missing, unreadable or malformed file raises ConvertError
    at the parser's position."""
    from ruamel.yaml.error import MarkedYAMLError

    from cslint.parsers import yamldoc

    shown = display if display is not None else path
    from cslint.core.limits import read_error_message, read_file

    try:
        if raw is None:
            raw = read_file(path)
    except OSError as exc:
        raise ConvertError(shown, Span.point(1, 1), read_error_message(exc)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConvertError(
            shown, Span.point(line, 1), "file is not UTF-8 text; save it as UTF-8"
        ) from None
    try:
        doc = yamldoc.parse(text)
    except yamldoc.YamlSyntaxError as exc:
        raise ConvertError(shown, exc.span, exc.message) from None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = rt_yaml().load(text)
    except MarkedYAMLError as exc:  # rare: yamldoc accepted what the round trip refuses
        mark = exc.problem_mark or exc.context_mark
        span = Span.point(mark.line + 1, mark.column + 1) if mark else Span.point(1, 1)
        raise ConvertError(shown, span, f"invalid YAML: {exc.problem or exc.context}") from None
    return Source(shown, os.path.abspath(path), text, tree, doc, _guess_indent(text))


def _guess_indent(text: str) -> tuple[int, int]:
    """The mapping indent and how far `- ` sits inside its parent, the most common ones
    in the text, so the output looks like the input (defaults: 2 and 2)."""
    import collections
    import re

    opens_block = re.compile(r"^[^#]*:(\s+&[^\s]+)?\s*(#.*)?$")
    mappings: collections.Counter[int] = collections.Counter()
    offsets: collections.Counter[int] = collections.Counter()
    previous_indent, previous_opens = 0, False
    for line in text.splitlines():
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(stripped)
        if previous_opens and indent > previous_indent:
            step = indent - previous_indent
            if stripped.startswith("- ") or stripped == "-":
                offsets[step] += 1
            else:
                mappings[step] += 1
        elif previous_opens and indent == previous_indent and stripped.startswith("- "):
            offsets[0] += 1
        previous_indent = indent
        previous_opens = bool(opens_block.match(stripped)) and not stripped.startswith("- ")
    mapping = mappings.most_common(1)[0][0] if mappings else 2
    offset = offsets.most_common(1)[0][0] if offsets else 2
    return (mapping, min(offset, mapping))
