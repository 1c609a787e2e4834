"""The LSP-shaped JSON contract that editors and other tools depend on; keep it stable.

    {"version": 1, "files": [{"path", "uri", "diagnostics": [LSP Diagnostic...]}],
     "summary": {"files", "errors", "warnings", "info"}}

Lines and characters are 0-based and characters count UTF-16 code units, as the Language
Server Protocol's `Diagnostic` requires; severity 1 error, 2 warning, 3 information.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cslint.core import observe
from cslint.core.diagnostics import Diagnostic, Fix, Severity, Span
from cslint.core.lines import split
from cslint.reporters import utf16_column

if TYPE_CHECKING:
    from cslint.core.engine import FileResult
    from cslint.reporters import RenderOptions

LSP_SEVERITY = {Severity.ERROR: 1, Severity.WARNING: 2, Severity.INFO: 3}


def file_uri(path: str) -> str:
    if path == "-" or path.startswith("<"):
        return path
    return Path(observe.realpath(path)).as_uri()


def lsp_range(span: Span, lines: Sequence[str]) -> dict[str, Any]:
    def position(line: int, col: int) -> dict[str, int]:
        text = lines[line - 1] if 1 <= line <= len(lines) else ""
        return {"line": max(line - 1, 0), "character": utf16_column(text, col)}

    return {"start": position(span.line, span.col), "end": position(span.end_line, span.end_col)}


def lsp_fix(
    fix: Fix | None, lines: Sequence[str], reveals: Callable[[str], bool] | None = None
) -> dict[str, Any] | None:
    if fix is None:
        return None
    if reveals is not None and any(reveals(edit.replacement) for edit in fix.edits):
        # A fix that writes a secret is applied by --fix, never shown.
        return None
    return {
        "title": fix.title,
        "safe": fix.safe,
        "edits": [
            {"range": lsp_range(edit.span, lines), "newText": edit.replacement}
            for edit in fix.edits
        ],
    }


def lsp_diagnostic(
    diag: Diagnostic,
    lines: Sequence[str],
    uri: str,
    docs_url: str | None = None,
    reveals: Callable[[str], bool] | None = None,
) -> dict[str, Any]:
    from cslint.core.links import rule_url

    out: dict[str, Any] = {
        "range": lsp_range(diag.span, lines),
        "severity": LSP_SEVERITY[diag.severity],
        "code": diag.code,
    }
    href = rule_url(docs_url, diag.code)
    if href:  # no link rather than a dead one; `cslint explain` has the text
        out["codeDescription"] = {"href": href}
    out.update(
        {
            "source": "cslint",
            "message": diag.message,
            "data": {"name": diag.name, "fix": lsp_fix(diag.fix, lines, reveals)},
        }
    )
    if diag.related:
        out["relatedInformation"] = [
            {
                "location": {
                    "uri": file_uri(rel.path) if rel.path else uri,
                    "range": lsp_range(rel.span, lines if rel.path is None else ()),
                },
                "message": rel.message,
            }
            for rel in diag.related
        ]
    return out


def document(results: Sequence[FileResult], docs_url: str | None = None) -> dict[str, Any]:
    files = []
    counts = {Severity.ERROR: 0, Severity.WARNING: 0, Severity.INFO: 0}
    for result in results:
        lines = split(result.text) if result.text is not None else []
        uri = file_uri(result.path)
        reveals = result.redactor.reveals if result.redactor else None
        for diag in result.diagnostics:
            counts[diag.severity] += 1
        files.append(
            {
                "path": result.path,
                "uri": uri,
                "diagnostics": [
                    lsp_diagnostic(d, lines, uri, docs_url, reveals) for d in result.diagnostics
                ],
            }
        )
    return {
        "version": 1,
        "files": files,
        "summary": {
            "files": len(results),
            "errors": counts[Severity.ERROR],
            "warnings": counts[Severity.WARNING],
            "info": counts[Severity.INFO],
        },
    }


def render(results: Sequence[FileResult], options: RenderOptions) -> str:
    return json.dumps(document(results, options.docs_url), indent=2, ensure_ascii=False) + "\n"
