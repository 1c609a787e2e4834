"""Inline suppressions: comments that silence findings.

YAML files:
    image: x   # cslint: disable=CS103,deprecated-links    (this line)
    # cslint: disable-next-line=CS103                       (the next line)
    # cslint: disable-file  /  # cslint: disable-file=CS1   (the whole file)
Dockerfiles have no trailing comments (a `#` inside an instruction is text), so only
`disable-next-line` and `disable-file` apply there, plus hadolint's own pragmas
`# hadolint ignore=DL3008,SC2086` (next instruction) and `# hadolint global ignore=...`,
so teams coming from hadolint keep their annotations.

A `#` inside a YAML scalar (a block scalar, a quoted string) is content, never a
directive: positions come from the parsed document, not from a regex over raw lines.
"""

from __future__ import annotations

import re
from typing import Final

from cslint.core.diagnostics import Span
from cslint.core.kinds import FileKind
from cslint.core.lazyre import lazy

DIRECTIVE = lazy(
    r"#\s*cslint:\s*(?P<verb>disable-next-line|disable-file|disable)\b(?:\s*=\s*(?P<codes>[\w,\s-]+?))?\s*(?:$|#|--)"
)
_HADOLINT = lazy(
    r"#\s*hadolint\s+(?P<scope>global\s+)?ignore\s*=\s*(?P<codes>[\w,\s-]+?)\s*(?:$|#)"
)

ALL = "*"


class Directive:
    """One `# cslint:` comment: where it stands, its codes, and the lines it covers (None:
    the whole file). Kept so that a suppression that suppressed nothing can be reported."""

    __slots__ = ("codes", "col", "covers", "end_col", "line")

    line: int
    col: int
    end_col: int
    codes: tuple[str, ...]  # as written; (ALL,) when none are given
    covers: set[int] | None

    def __init__(self, line: int, col: int, end_col: int, codes: tuple[str, ...]) -> None:
        self.line = line
        self.col = col
        self.end_col = end_col
        self.codes = codes
        self.covers = set()  # the scan adds the lines, or sets None


class Suppressions:
    """What a file's directives turn off: whole-file codes and codes by line."""

    __slots__ = ("by_line", "directives", "file_codes")

    file_codes: set[str]  # may hold ALL
    by_line: dict[int, set[str]]
    # cslint's own directives (hadolint's pragmas are hadolint's business).
    directives: list[Directive]

    def __init__(self) -> None:
        self.file_codes = set()
        self.by_line = {}
        self.directives = []

    def add_line(self, line: int, codes: set[str]) -> None:
        self.by_line.setdefault(line, set()).update(codes)

    def tokens_for(self, line: int) -> set[str]:
        return self.file_codes | self.by_line.get(line, set())

    def directives_for(self, line: int) -> list[Directive]:
        return [d for d in self.directives if d.covers is None or line in d.covers]


class SuppressionReport:
    """What the suppressions of one file did: its directives, and which (directive, code)
    pairs suppressed at least one finding (by `id` of the directive)."""

    __slots__ = ("directives", "used")

    directives: Final[list[Directive]]
    used: Final[frozenset[tuple[int, str]]]

    def __init__(self, directives: list[Directive], used: frozenset[tuple[int, str]]) -> None:
        self.directives = directives
        self.used = used


def _codes(text: str | None) -> set[str]:
    if not text or not text.strip():
        return {ALL}
    return {token.strip() for token in re.split(r"[,\s]+", text) if token.strip()}


def scan(text: str, kind: FileKind, in_scalar: object = None) -> Suppressions:
    """Collect the directives of one file. `in_scalar(offset)` tells whether a character
    lies inside a YAML scalar; without it (a file that did not parse) every match counts."""
    result = Suppressions()
    if "cslint:" not in text and "hadolint" not in text:
        return result
    lines = text.splitlines(keepends=True)
    offset = 0
    line_starts: list[int] = []
    for line in lines:
        line_starts.append(offset)
        offset += len(line)
    if kind is FileKind.DOCKERFILE:
        _scan_dockerfile(lines, result)
    else:
        _scan_yaml(lines, line_starts, result, in_scalar)
    return result


def _scan_yaml(lines: list[str], starts: list[int], out: Suppressions, in_scalar: object) -> None:
    for number, line in enumerate(lines, start=1):
        if "cslint:" not in line:
            continue
        for match in DIRECTIVE.finditer(line):
            pos = match.start()
            if pos > 0 and not line[pos - 1].isspace():
                continue  # `a#b` is not a comment in YAML
            if callable(in_scalar) and in_scalar(starts[number - 1] + pos):
                continue
            codes = _codes(match.group("codes"))
            verb = match.group("verb")
            directive = _directive(number, line, match)
            if verb == "disable-file":
                out.file_codes |= codes
                directive.covers = None
            elif verb == "disable-next-line":
                out.add_line(number + 1, codes)
                directive.covers = {number + 1}
            else:
                out.add_line(number, codes)
                directive.covers = {number}
            out.directives.append(directive)
            break  # one directive per comment


def _directive(number: int, line: str, match: re.Match[str]) -> Directive:
    codes = match.group("codes")
    listed = tuple(t for t in re.split(r"[,\s]+", codes or "") if t) or (ALL,)
    end = match.end("codes") if codes else match.end("verb")
    start = len(line) - len(line.lstrip()) if line.lstrip().startswith("#") else match.start()
    return Directive(number, start + 1, end + 1, listed)


_HEREDOC = lazy(r"<<-?([\"']?)([A-Za-z0-9_.\-]+)\1")


def _scan_dockerfile(lines: list[str], out: Suppressions) -> None:
    pending: set[str] = set()
    # A directive covers the whole next instruction: its continuation lines and heredoc
    # bodies too, since findings point at the exact word, which may sit on any of them.
    covering: set[str] = set()
    pending_directives: list[Directive] = []
    covering_directives: list[Directive] = []
    continued = False
    heredoc: str | None = None
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if heredoc is not None or continued:
            if covering:
                out.add_line(number, covering)
            for directive in covering_directives:
                assert directive.covers is not None
                directive.covers.add(number)
            if heredoc is not None:
                if line.rstrip("\r\n").lstrip("\t") == heredoc:
                    heredoc = None
                continue
            if not stripped or stripped.startswith("#"):
                continue
            continued = stripped.endswith(("\\", "`"))
            if not continued:
                match = _HEREDOC.search(stripped)
                heredoc = match.group(2) if match else None
            continue
        if stripped.startswith("#"):
            match = DIRECTIVE.match(stripped)
            if match:
                codes = _codes(match.group("codes"))
                indent = len(line) - len(line.lstrip())
                directive = _directive(number, stripped, match)
                directive.col += indent
                directive.end_col += indent
                out.directives.append(directive)
                if match.group("verb") == "disable-file":
                    out.file_codes |= codes
                    directive.covers = None
                else:  # in a Dockerfile a trailing `disable` cannot exist: treat as next line
                    pending |= codes
                    pending_directives.append(directive)
                continue
            hadolint = _HADOLINT.match(stripped)
            if hadolint:
                codes = _codes(hadolint.group("codes"))
                if hadolint.group("scope"):
                    out.file_codes |= codes
                else:
                    pending |= codes
            continue
        if not stripped:
            continue
        covering = pending
        covering_directives = pending_directives
        for directive in pending_directives:
            assert directive.covers is not None
            directive.covers.add(number)
        pending_directives = []
        if pending:
            out.add_line(number, pending)
            pending = set()
        continued = stripped.endswith(("\\", "`"))
        if not continued:
            match = _HEREDOC.search(stripped)
            heredoc = match.group(2) if match else None


_TOKEN = lazy(r"[^,\s]+")


def removal(
    line: str, number: int, directive: Directive, code: str, dropped: set[str]
) -> Span | None:
    """What to delete so that `code` leaves `directive`, which stands on line `number`
    (`line`: its text without the break). Only the code and one separator next to it,
    so the rest of the line stays byte for byte; the whole comment when every code in it
    is `dropped` (a bare `disable` would silence every rule), with the blanks before it;
    the whole line when the comment was all it held. Another comment after it (`# a
    note`) stays; a `-- reason` goes with it. None when the directive is not found on
    the line as it was scanned."""
    match = _match_of(line, directive)
    codes = match.group("codes") if match else None
    if match is None or codes is None:
        return None  # not found as scanned: no guess at what to delete
    base = match.start("codes")
    tokens = [(base + m.start(), base + m.end(), m.group()) for m in _TOKEN.finditer(codes)]
    if any(token not in dropped for _, _, token in tokens):
        index = next(i for i, (_, _, token) in enumerate(tokens) if token == code)
        if index + 1 < len(tokens):
            start, end = tokens[index][0], tokens[index + 1][0]
        else:
            start, end = tokens[index - 1][1], tokens[index][1]
        return Span(number, start + 1, number, end + 1)
    hash_at = match.start()
    tail = line[match.end("codes") :]
    rest = tail.lstrip()
    if rest.startswith("#"):
        # Another comment follows: it stays, from its own `#`.
        return Span(number, hash_at + 1, number, len(line) - len(rest) + 1)
    before = line[:hash_at]
    if not before.strip():
        return Span(number, 1, number + 1, 1)  # the line held only the comment
    return Span(number, len(before.rstrip()) + 1, number, len(line) + 1)


def _match_of(line: str, directive: Directive) -> re.Match[str] | None:
    """The directive's own match on its line (the one that ends where it ends)."""
    for match in DIRECTIVE.finditer(line):
        end = match.end("codes") if match.group("codes") else match.end("verb")
        if end + 1 == directive.end_col:
            return match
    return None
