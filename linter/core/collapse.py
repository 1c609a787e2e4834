"""One cause, one finding: a rule that finds the same defect at many places of one file
(the same key copied onto seventeen services) reports it once, at the first place, with
the count and the other places as related locations."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator

from cslint.core.diagnostics import Finding, Related

_LISTED = 5  # lines named in the message; every place is in the related locations


def once_per_cause(findings: Iterable[tuple[Hashable, Finding]]) -> Iterator[Finding]:
    """Findings grouped by their cause (the key), in the order of each group's first."""
    groups: dict[Hashable, list[Finding]] = {}
    for cause, finding in findings:
        groups.setdefault(cause, []).append(finding)
    for group in groups.values():
        first, others = group[0], group[1:]
        if not others:
            yield first
            continue
        lines = [str(f.span.line) for f in others[:_LISTED]]
        more = ", ..." if len(others) > _LISTED else ""
        yield first.with_message(
            f"{first.message} (the same on {len(others)} more line"
            f"{'s' if len(others) != 1 else ''}: {', '.join(lines)}{more})",
            first.related + tuple(Related(f.span, "the same here") for f in others),
        )
