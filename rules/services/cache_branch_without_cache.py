from __future__ import annotations

from collections.abc import Iterator

from cslint.core.collapse import once_per_cause
from cslint.core.diagnostics import Finding, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.parsers.yamldoc import YamlDocument
from cslint.rules.services._common import services


class CacheBranchWithoutCache(Rule):
    """## What it does
    Reports `default_cache_branch` on a service that does not set `cached: true`.

    ## Why is this bad?
    `default_cache_branch` picks the branch whose cached image a build falls back to
    when its own branch has none. Without `cached: true` the service is not cached at
    all, so the setting does nothing: usually `cached` was forgotten, or removed and the
    branch left behind. CodeShip's documentation only describes the key together with
    caching; that it has no other effect is INFERRED, hence a warning.

    One cause, one finding: services that all repeat the key without `cached` (a file
    of seventeen services, each with `default_cache_branch: "latest"`) get one finding
    at the first, with the count and the other places as related locations.

    ## Example
    ```yaml
    app:
      build: .
      default_cache_branch: develop
    ```

    ## Use instead
    ```yaml
    app:
      build: .
      cached: true
      default_cache_branch: develop
    ```
    """

    code = "CS109"
    name = "cache-branch-without-cache"
    summary = "`default_cache_branch` without `cached: true`"
    targets = frozenset({FileKind.SERVICES})
    default_severity = Severity.WARNING
    valid = (Valid("app:\n  build: .\n  cached: true\n  default_cache_branch: develop\n"),)
    invalid = (
        Invalid("app:\n  build: .\n  default_cache_branch: develop\n", expect=("CS109@3:3",)),
        Invalid(
            "app:\n  build: .\n  cached: false\n  default_cache_branch: develop\n",
            expect=("CS109@4:3",),
        ),
        # The same key copied onto every service: one finding, at the first.
        Invalid(
            "a:\n  build: .\n  default_cache_branch: latest\n"
            "b:\n  build: ./b\n  default_cache_branch: latest\n"
            "c:\n  build: ./c\n  default_cache_branch: latest\n",
            expect=("CS109@3:3",),
        ),
    )

    def check(self, ctx: RuleContext[YamlDocument, None]) -> Iterator[Finding]:
        yield from once_per_cause(self._each(ctx))

    def _each(self, ctx: RuleContext[YamlDocument, None]) -> Iterator[tuple[str, Finding]]:
        for entry in services(ctx):
            svc = entry.mapping
            if "default_cache_branch" not in svc or svc.get("cached") is True:
                continue
            yield (
                "uncached",
                Finding(
                    ctx.document.span((*entry.path, "default_cache_branch")),
                    "'default_cache_branch' has no effect without 'cached: true' on the service; "
                    "add 'cached: true' or remove it",
                ),
            )
