from __future__ import annotations

import posixpath
from collections.abc import Iterator
from typing import TYPE_CHECKING

from cslint.core.diagnostics import Finding, Severity, Span
from cslint.core.kinds import UNREAD_VARIANTS, FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid

if TYPE_CHECKING:
    from cslint.parsers.yamldoc import YamlDocument


class UnreadFileName(Rule):
    """## What it does
    Reports a CodeShip file spelled with the `.yaml` extension
    (`codeship-steps.yaml`, `codeship-services.yaml`).

    ## Why is this bad?
    CodeShip looks only for `codeship-services.yml` / `codeship-steps.yml` (and the `.json`
    forms). A `.yaml` file is never read: the build uses another file, or fails with no
    steps. The CodeShip docs do not list the `.yaml` names, and real repositories renamed
    such files minutes after their first build; since CodeShip is closed source this is
    inferred, not documented, hence a warning rather than an error.

    ## Example
    `codeship-steps.yaml`

    ## Use instead
    `codeship-steps.yml`
    """

    code = "CS006"
    name = "unread-file-name"
    summary = "CodeShip does not read files named .yaml; use .yml"
    targets = frozenset({FileKind.SERVICES, FileKind.STEPS})
    default_severity = Severity.WARNING
    valid = (Valid("- service: app\n  command: make\n", filename="codeship-steps.yml"),)
    invalid = (
        Invalid(
            "- service: app\n  command: make\n",
            filename="codeship-steps.yaml",
            files={"codeship-services.yml": "app:\n  image: busybox\n"},
            expect=("CS006@1:1",),
        ),
    )

    def check(self, ctx: RuleContext[YamlDocument, None]) -> Iterator[Finding]:
        name = posixpath.basename(ctx.project_path)
        wanted = UNREAD_VARIANTS.get(name)
        if wanted is None or wanted.startswith("docker-compose"):
            return
        yield Finding(
            Span.point(1, 1),
            f"CodeShip does not read {name!r}; rename it to {wanted!r}",
        )
