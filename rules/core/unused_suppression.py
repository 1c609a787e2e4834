from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from cslint.core.diagnostics import Edit, Finding, Fix, Severity, Span
from cslint.core.kinds import FileKind
from cslint.core.lazyre import lazy
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.core.suppress import ALL, Directive, SuppressionReport, removal

if TYPE_CHECKING:
    from cslint.parsers.dockerfile import DockerfileDocument
    from cslint.parsers.yamldoc import YamlDocument

# ShellCheck's codes name single CS390 findings (`# cslint: disable-next-line=SC2086`).
_SHELLCHECK = lazy(r"SC\d{4}", re.IGNORECASE)


class UnusedSuppression(Rule):
    """## What it does
    Reports a `# cslint: disable...` comment that names a code no rule has (`CS999`, a
    typo), and a code that suppressed nothing: the rule it names ran on the file and found
    nothing on the lines the comment covers (ruff's RUF100). A code whose rule did not run
    (not selected, ignored, or the file did not parse) is never reported as unused.
    hadolint's own `# hadolint ignore=` pragmas are left to hadolint.

    ## Why is this bad?
    A suppression with a typo silences nothing, and the finding it meant to hide still
    fails the build for a reason nobody sees at a glance. A suppression that outlived its
    finding will silently hide the next, real problem on that line.

    ## Example
    ```yaml
    app:
      image: busybox:1.36  # cslint: disable=CS999
    ```

    ## Use instead
    Remove the comment, or name the rule that reports the line (`cslint rules`).

    ## Fix
    Safe: takes the code out of the comment, and the whole comment when no code is left
    in it (a bare `disable` would silence every rule), keeping the rest of the line byte
    for byte; a line that held only the comment goes.
    """

    code = "CS008"
    name = "unused-suppression"
    summary = "a suppression comment names an unknown code, or suppressed nothing"
    targets = frozenset({FileKind.SERVICES, FileKind.STEPS, FileKind.DOCKERFILE})
    default_severity = Severity.WARNING
    fixable = True
    valid = (
        Valid("app:\n  image: busybox:1.36  # cslint: disable=CS103,unused-suppression\n"),
        Valid("app:\n  image: busybox:1.36\n  # cslint: disable-next-line=CS1\n  ports: []\n"),
        Valid("FROM busybox:1.36\n# cslint: disable-next-line=DL3008,SC2086\nRUN echo $x\n"),
    )
    invalid = (
        Invalid(
            "app:\n  image: busybox:1.36  # cslint: disable=CS999\n",
            expect=("CS008@2:24",),
            fixed="app:\n  image: busybox:1.36\n",
        ),
        Invalid(
            "# cslint: disable-file=CS1,latest-tagg\napp:\n  image: busybox:1.36\n",
            expect=("CS008@1:1",),
            fixed="# cslint: disable-file=CS1\napp:\n  image: busybox:1.36\n",
        ),
        Invalid(
            "FROM busybox:1.36\n  # cslint: disable-next-line=DL9999\nRUN true\n",
            filename="Dockerfile",
            expect=("CS008@2:3",),
            fixed="FROM busybox:1.36\nRUN true\n",
        ),
    )

    def check(self, ctx: RuleContext[YamlDocument | DockerfileDocument, None]) -> Iterator[Finding]:
        return iter(())  # judged after suppression, in after_suppression

    def after_suppression(
        self,
        ctx: RuleContext[YamlDocument | DockerfileDocument, None],
        report: SuppressionReport,
        ran: Sequence[type[Rule]],
    ) -> Iterator[Finding]:
        lines = (ctx.text or "").split("\n")
        for directive in report.directives:
            found = list(self._judge(directive, report, ran))
            dropped = {token for token, _ in found}
            line = lines[directive.line - 1].rstrip("\r") if directive.line <= len(lines) else ""
            span = Span(directive.line, directive.col, directive.line, directive.end_col)
            for token, message in found:
                cut = removal(line, directive.line, directive, token, dropped)
                title = (
                    "Remove the suppression comment"
                    if all(t in dropped for t in directive.codes)
                    else f"Remove {token!r} from the suppression comment"
                )
                fix = Fix(title, (Edit(cut, ""),)) if cut is not None else None
                yield Finding(span, message, fix=fix)

    def _judge(
        self, directive: Directive, report: SuppressionReport, ran: Sequence[type[Rule]]
    ) -> Iterator[tuple[str, str]]:
        """(code, message) for each code of `directive` that is unknown or unused."""
        from cslint.core.registry import all_rules, matches, selector_matches_any

        where = (
            "in this file"
            if directive.covers is None
            else "on this line"
            if directive.covers == {directive.line}
            else "on the next line"
            if len(directive.covers) <= 1
            else "on the next instruction"
        )
        for token in directive.codes:
            if token == ALL or token in (self.code, self.name):
                continue
            known = (
                selector_matches_any(token)
                or _SHELLCHECK.fullmatch(token)
                or any(token.upper() in rule.hadolint for rule in all_rules())
            )
            if not known:
                yield (
                    token,
                    (
                        f"unknown code {token!r} in a suppression comment: it names no rule "
                        "(see `cslint rules`)"
                    ),
                )
            elif (id(directive), token) not in report.used and any(
                matches(token, rule) for rule in ran
            ):
                yield (token, f"{token!r} suppressed nothing {where}; remove it")
