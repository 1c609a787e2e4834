from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cslint.core.diagnostics import Finding, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid

if TYPE_CHECKING:
    from cslint.parsers.dockerfile import DockerfileDocument
    from cslint.parsers.yamldoc import YamlDocument


class UnreadableFile(Rule):
    """## What it does
    Reports a file that cannot be read, or whose bytes are not UTF-8 text, at the first
    byte that does not decode.

    ## Why is this bad?
    CodeShip reads its files as UTF-8. A file saved in Latin-1 or UTF-16 by an editor
    breaks the build in a way that is hard to see in a diff.

    ## Example
    A services file saved as Latin-1 with `é` in a comment.

    ## Use instead
    Save the file as UTF-8.
    """

    code = "CS005"
    name = "unreadable-file"
    summary = "the file cannot be read or is not UTF-8 text"
    targets = frozenset(FileKind)
    default_severity = Severity.ERROR
    needs_document = False
    valid = (Valid("app:\n  image: busybox  # café\n"),)
    invalid = (Invalid(b"app:\n  image: caf\xe9\n", expect=("CS005@2:13",)),)

    def check(
        self, ctx: RuleContext[YamlDocument | DockerfileDocument | None, None]
    ) -> Iterator[Finding]:
        for problem in ctx.problems:
            if problem.reason == "unreadable":
                yield Finding(problem.span, problem.message)
