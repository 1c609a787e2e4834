from __future__ import annotations

from collections.abc import Iterator

from cslint.core.diagnostics import Finding, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.parsers.yamldoc import YamlDocument
from cslint.rules.services._common import deprecated_build_key


class DeprecatedDockerfilePath(Rule):
    """## What it does
    Reports `build.dockerfile_path`, the old name of `build.dockerfile`, and renames it
    (fixable). When `dockerfile` is also set, `dockerfile_path` is redundant and should be
    removed.

    ## Why is this bad?
    CodeShip's documentation lists `dockerfile_path` under deprecated keys (format doc
    §2.3). It still works today, but `dockerfile` is the name docker-compose, editors and
    every current example use, and a deprecated key may stop being read.

    ## Example
    ```yaml
    app:
      build:
        context: .
        dockerfile_path: Dockerfile.ci
    ```

    ## Use instead
    ```yaml
    app:
      build:
        context: .
        dockerfile: Dockerfile.ci
    ```
    """

    code = "CS104"
    name = "deprecated-dockerfile-path"
    summary = "`build.dockerfile_path` is deprecated: use `build.dockerfile`"
    targets = frozenset({FileKind.SERVICES})
    default_severity = Severity.WARNING
    fixable = True
    valid = (Valid("app:\n  build:\n    dockerfile: Dockerfile.ci\n"),)
    invalid = (
        Invalid(
            'app:\n  build:\n    context: .\n    "dockerfile_path": Dockerfile.ci\n',
            expect=("CS104@4:5",),
            fixed='app:\n  build:\n    context: .\n    "dockerfile": Dockerfile.ci\n',
        ),
    )

    def check(self, ctx: RuleContext[YamlDocument, None]) -> Iterator[Finding]:
        yield from deprecated_build_key(ctx, "dockerfile_path", "dockerfile")
