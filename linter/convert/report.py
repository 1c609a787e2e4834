"""The conversion report: notes as diagnostics, rendered by cslint's own reporters, and
the summary line."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from cslint.convert.notes import Outcome
from cslint.core.diagnostics import Diagnostic, Severity

if TYPE_CHECKING:
    from cslint.convert.convert import Conversion
    from cslint.core.engine import FileResult


def diagnostics_by_file(conversion: Conversion) -> list[FileResult]:
    from cslint.core.engine import FileResult
    from cslint.core.kinds import FileKind
    from cslint.core.registry import all_rules

    rules = {rule.code: rule for rule in all_rules()}
    by_path: dict[str, list[Diagnostic]] = {}
    for note in conversion.notes.items:
        rule = rules[note.code]
        source = note.where.source
        by_path.setdefault(source.display, []).append(
            Diagnostic(
                path=source.display,
                span=source.span(note.where.path, value=note.at_value),
                code=note.code,
                name=rule.name,
                severity=note.severity or rule.default_severity,
                message=note.message,
                secret=rule.reveals_secrets,
            )
        )
    from cslint.core.engine import protect

    results = []
    for source in conversion.sources:
        diagnostics = by_path.get(source.display)
        if diagnostics:
            results.append(
                FileResult(source.display, FileKind.SERVICES, source.text, sorted(diagnostics))
            )
    # Values read from env files are secrets whatever their names: never printed.
    texts = [source.text for source in conversion.sources if source.text]
    return protect(results, texts, conversion.env_values)


def summary_line(conversion: Conversion) -> str:
    counts = conversion.notes.counts
    n = conversion.services
    kept, changed, dropped = (counts[o] for o in (Outcome.KEPT, Outcome.CHANGED, Outcome.DROPPED))
    return (
        f"converted {_plural(n, 'service')}: {_plural(kept, 'key')} kept, "
        f"{changed} changed, {dropped} dropped"
    )


def render(conversion: Conversion, output_format: str, *, color: bool) -> str:
    from cslint.reporters import RenderOptions, renderer

    results = diagnostics_by_file(conversion)
    docs_url = None
    if output_format == "json":
        from cslint.core.links import docs_url_template

        docs_url = docs_url_template(None)
    text = renderer(output_format)(results, RenderOptions(color=color, docs_url=docs_url))
    if output_format == "json":
        payload = json.loads(text)
        counts = conversion.notes.counts
        payload["conversion"] = {
            "services": conversion.services,
            "kept": counts[Outcome.KEPT],
            "changed": counts[Outcome.CHANGED],
            "dropped": counts[Outcome.DROPPED],
            "notes": len(conversion.notes.items),
        }
        return json.dumps(payload, indent=2) + "\n"
    lines = text.rstrip("\n").split("\n")
    lines = lines[:-1]  # the reporter's "N files checked" line says nothing here
    severities = [d.severity for r in results for d in r.diagnostics]
    warnings, infos = severities.count(Severity.WARNING), severities.count(Severity.INFO)
    worst = f" ({_plural(warnings, 'warning')}, {_plural(infos, 'note')})" if severities else ""
    lines.append(summary_line(conversion) + worst + ".")
    return "\n".join(lines) + "\n"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"
