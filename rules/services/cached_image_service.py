from __future__ import annotations

from collections.abc import Iterator

from cslint.core.diagnostics import Finding, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.parsers.yamldoc import YamlDocument
from cslint.rules.services._common import services


class CachedImageService(Rule):
    """## What it does
    Reports `cached: true` on a service that pulls an `image` and builds nothing.

    ## Why is this bad?
    CodeShip's cache stores the layers of images it builds, per service and branch
    (format doc §6). A service with only `image:` has nothing to cache, so the setting
    has no documented effect and suggests a speed-up that does not happen. It is
    harmless, hence info (INFERRED from the documentation, which describes caching for
    built images only).

    ## Example
    ```yaml
    db:
      image: postgres:15
      cached: true
    ```

    ## Use instead
    ```yaml
    db:
      image: postgres:15
    ```
    """

    code = "CS110"
    name = "cached-image-service"
    summary = "`cached: true` on a service that only pulls an image"
    targets = frozenset({FileKind.SERVICES})
    default_severity = Severity.INFO
    valid = (Valid("app:\n  build: .\n  cached: true\n"),)
    invalid = (Invalid("db:\n  image: postgres:15\n  cached: true\n", expect=("CS110@3:3",)),)

    def check(self, ctx: RuleContext[YamlDocument, None]) -> Iterator[Finding]:
        for entry in services(ctx):
            svc = entry.mapping
            if svc.get("cached") is not True or svc.get("build") is not None:
                continue
            if svc.get("image") in (None, ""):
                continue  # neither build nor image: CS101
            yield Finding(
                ctx.document.span((*entry.path, "cached")),
                "'cached' has no effect on a service that pulls an 'image' and builds nothing; "
                "remove it",
            )
