from __future__ import annotations

from collections.abc import Iterator

from cslint.core.diagnostics import Finding
from cslint.core.rule import Rule, RuleContext


class UnknownFileKind(Rule):
    """## What it does
    Reports a file named on the command line whose kind cannot be told from its name:
    it is neither a CodeShip services or steps file (`codeship-services.yml`,
    `codeship-steps.yml`, `docker-compose.yml` and their `.json` forms) nor a Dockerfile
    (`Dockerfile`, `*.Dockerfile`, `Dockerfile.*`, `*.Dockerfile@1f2e`, `Containerfile`).
    The message says what the content looks like, when it looks like one of them.

    ## Why is this bad?
    cslint checks each kind of file by different rules; guessed wrongly, every finding
    would be wrong. The rest of the run goes on, so one odd name in a batch does not hide
    the findings of the others.

    ## Example
    `cslint check notes.txt`

    ## Use instead
    `cslint check --kind steps notes.txt`, or name the file `codeship-steps.yml`.
    """

    code = "CS007"
    name = "unknown-file-kind"
    summary = "a file named on the command line is of no kind cslint can tell from its name"
    # Reported by `cslint check` itself, before any file is parsed: no kind to run on.
    targets = frozenset()
    needs_document = False

    def check(self, ctx: RuleContext[None, None]) -> Iterator[Finding]:
        return iter(())
