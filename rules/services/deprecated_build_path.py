from __future__ import annotations

from collections.abc import Iterator

from cslint.core.diagnostics import Finding, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.parsers.yamldoc import YamlDocument
from cslint.rules.services._common import deprecated_build_key


class DeprecatedBuildPath(Rule):
    """## What it does
    Reports `build.path`, the old name of `build.context`, and renames it (fixable).
    When `context` is also set, `path` is redundant and should be removed.

    ## Why is this bad?
    CodeShip's documentation lists `path` under deprecated keys (format doc §2.3). It
    still works today, but `context` is the name docker-compose, editors and every current
    example use, and a deprecated key may stop being read.

    ## Example
    ```yaml
    app:
      build:
        path: ./app
        image: myorg/app
    ```

    ## Use instead
    ```yaml
    app:
      build:
        context: ./app
        image: myorg/app
    ```
    """

    code = "CS103"
    name = "deprecated-build-path"
    summary = "`build.path` is deprecated: use `build.context`"
    targets = frozenset({FileKind.SERVICES})
    default_severity = Severity.WARNING
    fixable = True
    valid = (Valid("app:\n  build:\n    context: ./app\n"),)
    invalid = (
        Invalid(
            "app:\n  build:\n    path: ./app\n    image: myorg/app\n",
            expect=("CS103@3:5",),
            fixed="app:\n  build:\n    context: ./app\n    image: myorg/app\n",
        ),
        Invalid(
            "app:\n  build:\n    context: .\n    'path': .\n",
            expect=("CS103@4:5",),
        ),
    )

    def check(self, ctx: RuleContext[YamlDocument, None]) -> Iterator[Finding]:
        yield from deprecated_build_key(ctx, "path", "context")
