from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cslint.core.diagnostics import Finding, Related, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid

if TYPE_CHECKING:
    from cslint.parsers.yamldoc import YamlDocument


class DuplicateKey(Rule):
    """## What it does
    Reports a mapping key written twice in the same mapping, at the second occurrence, and
    points at the first.

    ## Why is this bad?
    YAML forbids duplicate keys, but most loaders accept them silently and keep one of the
    two values; which one depends on the loader. The author of the second `environment:`
    believes it is in effect; it may not be. (A key that arrives through a `<<: *anchor`
    merge and is then written explicitly is an override, not a duplicate.)

    ## Example
    ```yaml
    app:
      image: busybox
      image: alpine
    ```

    ## Use instead
    ```yaml
    app:
      image: alpine
    ```
    """

    code = "CS002"
    name = "duplicate-key"
    summary = "a key appears twice in one mapping"
    targets = frozenset({FileKind.SERVICES, FileKind.STEPS})
    default_severity = Severity.ERROR
    valid = (Valid("base: &base\n  image: busybox\napp:\n  <<: *base\n  image: alpine\n"),)
    invalid = (Invalid("app:\n  image: busybox\n  image: alpine\n", expect=("CS002@3:3",)),)

    def check(self, ctx: RuleContext[YamlDocument, None]) -> Iterator[Finding]:
        for dup in ctx.document.duplicates:
            yield Finding(
                dup.second,
                f"duplicate key {dup.key!r}: it is already defined on line {dup.first.line}",
                related=(Related(dup.first, f"first {dup.key!r} is here"),),
            )
