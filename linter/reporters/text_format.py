"""`path:line:col: severity: message [CODE name]`, the source line and a caret underline."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from cslint.core.diagnostics import Diagnostic, Severity
from cslint.core.display import escape, window
from cslint.core.limits import current
from cslint.core.lines import split

if TYPE_CHECKING:
    from cslint.core.engine import FileResult
    from cslint.reporters import RenderOptions

_COLORS = {
    Severity.ERROR: "\033[1;31m",
    Severity.WARNING: "\033[1;33m",
    Severity.INFO: "\033[1;36m",
}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


def render(results: Sequence[FileResult], options: RenderOptions) -> str:
    out: list[str] = []

    def paint(text: str, style: str) -> str:
        return f"{style}{text}{_RESET}" if options.color else text

    for result in results:
        lines = split(result.text) if result.text is not None else []
        hidden = secret_lines(result.diagnostics)
        reveals = _once_per_line(result.redactor.reveals) if result.redactor else None
        path = escape(result.path)
        for diag in result.diagnostics:
            where = f"{path}:{diag.span.line}:{diag.span.col}:"
            out.append(
                f"{paint(where, _BOLD)} {paint(diag.severity.label, _COLORS[diag.severity])}: "
                f"{diag.message} {paint(f'[{diag.code} {diag.name}]', _DIM)}"
            )
            if options.show_source and result.show_source:
                out.extend(_excerpt(diag, lines, paint, hidden, reveals))
    out.append(summary(results))
    return "\n".join(out) + "\n"


def _once_per_line(test: Callable[[str], bool]) -> Callable[[str], bool]:
    """`test`, asked once per distinct line: many findings on one long line cost it once."""
    seen: dict[str, bool] = {}

    def cached(line: str) -> bool:
        if line not in seen:
            seen[line] = test(line)
        return seen[line]

    return cached


def secret_lines(diagnostics: Sequence[Diagnostic]) -> set[int]:
    """The lines that hold a secret some rule found: no excerpt may print them."""
    return {
        line
        for diag in diagnostics
        if diag.secret
        for line in range(diag.span.line, diag.span.end_line + 1)
    }


def _excerpt(
    diag: Diagnostic,
    lines: list[str],
    paint: object,
    hidden: set[int],
    reveals: Callable[[str], bool] | None,
) -> list[str]:
    if not 1 <= diag.span.line <= len(lines):
        return []
    line = lines[diag.span.line - 1]
    if diag.span.line in hidden or (reveals is not None and reveals(line)):
        pad = " " * len(str(diag.span.line))
        return [f"{pad} |", f"{diag.span.line} | (line not shown: it holds a secret)"]
    raw = line.replace("\t", " ")
    start = diag.span.col - 1
    end = diag.span.end_col - 1 if diag.span.end_line == diag.span.line else len(raw)
    text, caret, width = window(raw, start, end, current().excerpt_width)
    gutter = str(diag.span.line)
    pad = " " * len(gutter)
    underline = " " * caret + "^" + "~" * (width - 1)
    assert callable(paint)
    return [
        f"{pad} |",
        f"{gutter} | {text}",
        f"{pad} | {paint(underline, _COLORS[diag.severity])}",
    ]


def summary(results: Sequence[FileResult]) -> str:
    counts = dict.fromkeys(Severity, 0)
    for result in results:
        for diag in result.diagnostics:
            counts[diag.severity] += 1
    total = sum(counts.values())
    files = len(results)
    checked = f"{files} file{'s' if files != 1 else ''} checked"
    if total == 0:
        return f"{checked}, no problems found."
    parts = [
        f"{counts[s]} {s.label}{'s' if counts[s] != 1 and s is not Severity.INFO else ''}"
        for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
        if counts[s]
    ]
    return f"{checked}: {total} problem{'s' if total != 1 else ''} ({', '.join(parts)})."
