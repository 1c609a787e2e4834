"""SARIF 2.1.0, as GitHub code scanning reads it: rule metadata from the registry,
1-based regions, a stable partial fingerprint per result."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cslint import __version__
from cslint.core.diagnostics import Severity
from cslint.core.lines import split

if TYPE_CHECKING:
    from cslint.core.engine import FileResult
    from cslint.reporters import RenderOptions

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _rules_metadata(codes: set[str], docs_url: str | None) -> list[dict[str, Any]]:
    """Metadata of the rules that have results: a report stays small and does not change
    when rules are added to cslint."""
    from cslint.core.links import rule_url
    from cslint.core.registry import all_rules
    from cslint.core.ruledocs import rule_markdown

    out = []
    for rule in all_rules():
        if rule.code not in codes:
            continue
        entry: dict[str, Any] = {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": rule.summary},
        }
        href = rule_url(docs_url, rule.code)
        if href:  # the full text is in `help` either way
            entry["helpUri"] = href
        entry.update(
            {
                "help": {
                    "text": rule.summary,
                    "markdown": rule_markdown(rule, relative_links=False),
                },
                "defaultConfiguration": {"level": _LEVEL[rule.default_severity]},
                "properties": {"tags": [rule.code[:3]]},
            }
        )
        out.append(entry)
    return out


def _uri(path: str) -> str:
    """A relative URI reference (RFC 3986): spaces, `%`, `#`, `?`, newlines and every
    other character outside the unreserved set percent-encoded."""
    from urllib.parse import quote

    if path.startswith("<") or path == "-":
        return quote(path, safe="")
    relative = os.path.relpath(os.path.abspath(path))
    # A file name that is not UTF-8 holds its bytes as lone surrogates (os.fsdecode):
    # encoded back to those bytes, each is percent-encoded as it is on disk.
    return quote(os.fsencode(Path(relative).as_posix()), safe="/")


class _Fingerprints:
    """Stable when lines move: the rule, the file and the content of the line, not its
    number. The line is hashed once per (rule, line), not once per finding: a long line
    with many findings costs its length once."""

    def __init__(self, result_path: str) -> None:
        self.path = result_path
        self._started: dict[tuple[str, int], Any] = {}

    def __call__(self, code: str, line: int, line_text: str, message: str) -> str:
        started = self._started.get((code, line))
        if started is None:
            started = hashlib.sha256(f"{self.path}\0{code}\0{line_text.strip()}\0".encode())
            self._started[(code, line)] = started
        digest = started.copy()
        digest.update(message.encode())
        return digest.hexdigest()[:32]


def document(results: Sequence[FileResult], docs_url: str | None = None) -> dict[str, Any]:
    rules = _rules_metadata({d.code for r in results for d in r.diagnostics}, docs_url)
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    sarif_results = []
    for result in results:
        lines = split(result.text) if result.text is not None else []
        reveals = result.redactor.reveals if result.redactor else None
        uri = _uri(result.path)
        fingerprint = _Fingerprints(uri)
        revealing: dict[int, bool] = {}
        for diag in result.diagnostics:
            number = diag.span.line
            line_text = lines[number - 1] if 1 <= number <= len(lines) else ""
            if number not in revealing:
                revealing[number] = not result.show_source or (
                    reveals is not None and reveals(line_text)
                )
            if diag.secret or revealing[number]:
                line_text = ""  # not even a hash of a line that holds a secret
                number = 0
            sarif_results.append(
                {
                    "ruleId": diag.code,
                    "ruleIndex": index[diag.code],
                    "level": _LEVEL[diag.severity],
                    "message": {"text": diag.message},
                    "locations": [
                        {
                            "physicalLocation": {
                                "artifactLocation": {"uri": uri},
                                "region": {
                                    "startLine": diag.span.line,
                                    "startColumn": diag.span.col,
                                    "endLine": diag.span.end_line,
                                    "endColumn": diag.span.end_col,
                                },
                            }
                        }
                    ],
                    "partialFingerprints": {
                        "primaryLocationLineHash": fingerprint(
                            diag.code, number, line_text, diag.message
                        )
                    },
                }
            )
    # No informationUri: SARIF makes it optional, and cslint has no public page to name.
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "cslint", "version": __version__, "rules": rules}},
                "columnKind": "unicodeCodePoints",
                "results": sarif_results,
            }
        ],
    }


def render(results: Sequence[FileResult], options: RenderOptions) -> str:
    return json.dumps(document(results, options.docs_url), indent=2, ensure_ascii=False) + "\n"
