from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cslint.core.diagnostics import Finding, Severity, Span
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid

if TYPE_CHECKING:
    from cslint.parsers.yamldoc import YamlDocument


class EmptyDocument(Rule):
    """## What it does
    Reports a services or steps file that is empty, holds only comments, or is `null`.

    ## Why is this bad?
    An empty steps file means a pipeline that does nothing (real repositories have
    committed one with every step commented out); an empty services file leaves every step
    without a service. CodeShip fails the build.

    ## Example
    ```yaml
    # - service: app
    #   command: make test
    ```

    ## Use instead
    ```yaml
    - service: app
      command: make test
    ```
    """

    code = "CS003"
    name = "empty-document"
    summary = "the file has no content (empty, only comments, or null)"
    targets = frozenset({FileKind.SERVICES, FileKind.STEPS})
    default_severity = Severity.ERROR
    valid = (Valid("app:\n  image: busybox\n"),)
    invalid = (
        Invalid("# app:\n#   image: busybox\n", expect=("CS003@1:1",)),
        Invalid("", expect=("CS003@1:1",)),
        Invalid("- ~\n", filename="codeship-steps.yml", expect=()),
    )

    def check(self, ctx: RuleContext[YamlDocument, None]) -> Iterator[Finding]:
        if ctx.document.data is None or ctx.document.data in ({}, []):
            what = "services" if ctx.kind is FileKind.SERVICES else "steps"
            yield Finding(Span.point(1, 1), f"the {what} file is empty: it defines no {what}")
