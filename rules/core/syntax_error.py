from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cslint.core.diagnostics import Finding, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid

if TYPE_CHECKING:
    from cslint.parsers.dockerfile import DockerfileDocument
    from cslint.parsers.yamldoc import YamlDocument


class SyntaxError_(Rule):
    """## What it does
    Reports a file that its parser cannot read: malformed YAML (a tab in the indentation,
    an unclosed quote, `key: value: more`, two documents in one file) or a Dockerfile that
    BuildKit's parser rejects. The position is where the parser stopped.

    ## Why is this bad?
    `jet` and CodeShip refuse the whole pipeline when a file does not parse; nothing else in
    the file can be checked either, so no other rule runs on it.

    ## Example
    ```yaml
    app:
      image: busybox
      command: echo: hi
    ```

    ## Use instead
    ```yaml
    app:
      image: busybox
      command: "echo: hi"
    ```
    """

    code = "CS001"
    name = "syntax-error"
    summary = "the file is not valid YAML, JSON or Dockerfile syntax"
    targets = frozenset(FileKind)
    default_severity = Severity.ERROR
    needs_document = False
    valid = (Valid("app:\n  image: busybox\n"),)
    invalid = (
        Invalid("app:\n  image: busybox\n  command: echo: hi\n", expect=("CS001@3:16",)),
        Invalid("- service: app\n  command: 'unclosed\n", expect=("CS001@2:21",)),
    )

    def check(
        self, ctx: RuleContext[YamlDocument | DockerfileDocument | None, None]
    ) -> Iterator[Finding]:
        for problem in ctx.problems:
            if problem.reason == "syntax":
                yield Finding(problem.span, problem.message)
