"""The value types every part of cslint speaks: positions, findings, diagnostics, fixes.

One position model for the whole program: lines and columns are 1-based, columns count
code points, and the end is exclusive. Parsers convert into it once; only the reporters
convert out of it (LSP wants 0-based UTF-16, SARIF and GitHub 1-based).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


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


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A region of a file: 1-based line and column, end exclusive, columns in code points."""

    line: int
    col: int
    end_line: int
    end_col: int

    @classmethod
    def point(cls, line: int, col: int = 1) -> Span:
        return cls(line, col, line, col + 1)

    @classmethod
    def whole_line(cls, line: int, text: str) -> Span:
        return cls(line, 1, line, max(len(text), 0) + 1)


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace `span` of the original text by `replacement` (empty span = insertion)."""

    span: Span
    replacement: str


@dataclass(frozen=True, slots=True)
class Fix:
    """Edits that resolve a finding, applied together."""

    title: str
    edits: tuple[Edit, ...]
    # Unsafe fixes may change what the pipeline does; they are applied only when asked.
    safe: bool = True


@dataclass(frozen=True, slots=True)
class Related:
    """Another place a finding points to, with what happens there."""

    span: Span
    message: str
    path: str | None = None  # None: the same file as the diagnostic


@dataclass(frozen=True, slots=True)
class Finding:
    """What a rule yields: where and what. The engine adds code, path and severity."""

    span: Span
    message: str
    fix: Fix | None = None
    related: tuple[Related, ...] = ()
    # Lets a rule lower (or raise) one finding below its default, e.g. a warning where the
    # format doc is UNCERTAIN; the user's configured severity for the code still wins.
    severity: Severity | None = None
    # Other names a suppression may use for this one finding, e.g. a ShellCheck "SC2086".
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, order=True)
class Diagnostic:
    """A finding stamped by the engine; the field order is the output sort order."""

    path: str
    span: Span
    code: str
    name: str
    severity: Severity = field(compare=False)
    message: str
    fix: Fix | None = field(default=None, compare=False)
    related: tuple[Related, ...] = field(default=(), compare=False)
    aliases: tuple[str, ...] = field(default=(), compare=False)
    # The span covers a secret: reporters never show its source lines (nor hash them).
    secret: bool = field(default=False, compare=False)
