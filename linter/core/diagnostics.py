"""The value types every part of cslint speaks: positions, findings, diagnostics, fixes.

One position model for the whole program: lines and columns are 1-based, columns count
code points, and the end is exclusive. Parsers convert into it once; only the reporters
convert out of it (LSP wants 0-based UTF-16, SARIF and GitHub 1-based).

The value types are plain classes with `__slots__`, not dataclasses: making a dataclass
execs generated source for each method, about 0.5 ms a class at every start, and
`import dataclasses` pulls in `inspect`. Their fields are `Final`: mypy --strict (in the
suite) refuses any write after `__init__`, which is what makes the hashed ones safe as
keys; nothing checks it at run time, which spares every instance an
`object.__setattr__` per field. Each class has only the comparisons it is used with.
"""

from __future__ import annotations

import enum
from typing import Final


class Severity(enum.IntEnum):
    """Ordered so that `--fail-on warning` is a comparison."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(
                f"unknown severity {text!r}; expected error, warning or info"
            ) from None


class Span:
    """A region of a file: 1-based line and column, end exclusive, columns in code points.
    Equal, hashed and ordered by (line, col, end_line, end_col)."""

    __slots__ = ("col", "end_col", "end_line", "line")

    line: Final[int]
    col: Final[int]
    end_line: Final[int]
    end_col: Final[int]

    def __init__(self, line: int, col: int, end_line: int, end_col: int) -> None:
        self.line = line
        self.col = col
        self.end_line = end_line
        self.end_col = end_col

    @classmethod
    def point(cls, line: int, col: int = 1) -> Span:
        return cls(line, col, line, col + 1)

    @classmethod
    def whole_line(cls, line: int, text: str) -> Span:
        return cls(line, 1, line, max(len(text), 0) + 1)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Span):
            return NotImplemented
        return (self.line, self.col, self.end_line, self.end_col) == (
            other.line,
            other.col,
            other.end_line,
            other.end_col,
        )

    def __hash__(self) -> int:
        return hash((self.line, self.col, self.end_line, self.end_col))

    def __lt__(self, other: Span) -> bool:
        return (self.line, self.col, self.end_line, self.end_col) < (
            other.line,
            other.col,
            other.end_line,
            other.end_col,
        )


class Edit:
    """Replace `span` of the original text by `replacement` (empty span = insertion)."""

    __slots__ = ("replacement", "span")

    span: Final[Span]
    replacement: Final[str]

    def __init__(self, span: Span, replacement: str) -> None:
        self.span = span
        self.replacement = replacement


class Fix:
    """Edits that resolve a finding, applied together."""

    __slots__ = ("edits", "safe", "title")

    title: Final[str]
    edits: Final[tuple[Edit, ...]]
    # Unsafe fixes may change what the pipeline does; they are applied only when asked.
    safe: Final[bool]

    def __init__(self, title: str, edits: tuple[Edit, ...], safe: bool = True) -> None:
        self.title = title
        self.edits = edits
        self.safe = safe


class Related:
    """Another place a finding points to, with what happens there."""

    __slots__ = ("message", "path", "span")

    span: Final[Span]
    message: Final[str]
    path: Final[str | None]  # None: the same file as the diagnostic

    def __init__(self, span: Span, message: str, path: str | None = None) -> None:
        self.span = span
        self.message = message
        self.path = path

    def with_message(self, message: str) -> Related:
        return Related(self.span, message, self.path)


class Finding:
    """What a rule yields: where and what. The engine adds code, path and severity."""

    __slots__ = ("aliases", "fix", "message", "related", "severity", "span")

    span: Final[Span]
    message: Final[str]
    fix: Final[Fix | None]
    related: Final[tuple[Related, ...]]
    # Lets a rule lower (or raise) one finding below its default, e.g. a warning where the
    # format doc is UNCERTAIN; the user's configured severity for the code still wins.
    severity: Final[Severity | None]
    # Other names a suppression may use for this one finding, e.g. a ShellCheck "SC2086".
    aliases: Final[tuple[str, ...]]

    def __init__(
        self,
        span: Span,
        message: str,
        fix: Fix | None = None,
        related: tuple[Related, ...] = (),
        severity: Severity | None = None,
        aliases: tuple[str, ...] = (),
    ) -> None:
        self.span = span
        self.message = message
        self.fix = fix
        self.related = related
        self.severity = severity
        self.aliases = aliases

    def with_message(self, message: str, related: tuple[Related, ...]) -> Finding:
        return Finding(self.span, message, self.fix, related, self.severity, self.aliases)


class Diagnostic:
    """A finding stamped by the engine, ordered by (path, span, code, name, message): the
    output sort order, in which the other fields do not take part."""

    __slots__ = (
        "aliases",
        "code",
        "fix",
        "message",
        "name",
        "path",
        "related",
        "secret",
        "severity",
        "span",
    )

    path: Final[str]
    span: Final[Span]
    code: Final[str]
    name: Final[str]
    severity: Final[Severity]
    message: Final[str]
    fix: Final[Fix | None]
    related: Final[tuple[Related, ...]]
    aliases: Final[tuple[str, ...]]
    # The span covers a secret: reporters never show its source lines (nor hash them).
    secret: Final[bool]

    def __init__(
        self,
        path: str,
        span: Span,
        code: str,
        name: str,
        severity: Severity,
        message: str,
        fix: Fix | None = None,
        related: tuple[Related, ...] = (),
        aliases: tuple[str, ...] = (),
        secret: bool = False,
    ) -> None:
        self.path = path
        self.span = span
        self.code = code
        self.name = name
        self.severity = severity
        self.message = message
        self.fix = fix
        self.related = related
        self.aliases = aliases
        self.secret = secret

    def with_messages(self, message: str, related: tuple[Related, ...]) -> Diagnostic:
        """The same diagnostic saying `message`, with `related` in place of its own."""
        return Diagnostic(
            self.path,
            self.span,
            self.code,
            self.name,
            self.severity,
            message,
            self.fix,
            related,
            self.aliases,
            self.secret,
        )

    def __lt__(self, other: Diagnostic) -> bool:
        return (self.path, self.span, self.code, self.name, self.message) < (
            other.path,
            other.span,
            other.code,
            other.name,
            other.message,
        )
