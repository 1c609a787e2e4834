"""The shape every convert note shares: documented like a rule, never run by `check`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from cslint.core.diagnostics import Finding, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Rule, RuleContext


class ConvertNote(Rule):
    """Base of the CS5xx notes of `cslint convert`; the converter emits them itself. Their
    examples are compose files, run through the converter by tests/convert."""

    targets: ClassVar[frozenset[FileKind]] = frozenset()
    default_severity: ClassVar[Severity] = Severity.INFO

    def check(self, ctx: RuleContext[None, None]) -> Iterator[Finding]:
        return iter(())
