"""GitHub Actions workflow commands: annotations on the pull request's diff."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from cslint.core.diagnostics import Severity
from cslint.core.display import escape

if TYPE_CHECKING:
    from cslint.core.engine import FileResult
    from cslint.reporters import RenderOptions

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape_data(text: str) -> str:
    # Workflow commands read `%`, CR and LF; every other control character is escaped
    # visibly so that the log cannot be driven by the file's content.
    return escape(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(results: Sequence[FileResult], options: RenderOptions) -> str:
    out: list[str] = []
    for result in results:
        for diag in result.diagnostics:
            props = [
                f"file={_escape_property(diag.path)}",
                f"line={diag.span.line}",
                f"endLine={diag.span.end_line}",
            ]
            # GitHub accepts columns only on single-line annotations.
            if diag.span.line == diag.span.end_line:
                props += [f"col={diag.span.col}", f"endColumn={diag.span.end_col}"]
            props.append(f"title={_escape_property(f'{diag.code} {diag.name}')}")
            out.append(
                f"::{_COMMAND[diag.severity]} {','.join(props)}::{_escape_data(diag.message)}"
            )
    return "\n".join(out) + ("\n" if out else "")
