from __future__ import annotations

from collections.abc import Iterator

from cslint.codeship.facts import Place, fact
from cslint.codeship.services_model import split_link
from cslint.core.diagnostics import Finding, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.parsers.yamldoc import YamlDocument
from cslint.rules.services._common import services


class DeprecatedLinks(Rule):
    """## What it does
    Reports `links` on a service and suggests `depends_on`.

    ## Why is this bad?
    CodeShip deprecated `links` in favour of `depends_on` (format doc §2.2). Every
    container of a step already reaches the others by service name, so `depends_on` is
    all that is needed to start a dependency first. `links` still works, and still
    creates Docker's link variables (`REDIS_PORT`, `REDIS_ENV_...`): code that reads
    those must read the service name instead before switching, which is why this is a
    warning and not fixed automatically.

    A link with an alias (`redis:cache`) is not reported: the alias is a second hostname
    that only `links` gives, so there is nothing better to write (and `cslint convert`
    keeps such links for the same reason).

    ## Example
    ```yaml
    app:
      build: .
      links:
        - redis
    redis:
      image: redis
    ```

    ## Use instead
    ```yaml
    app:
      build: .
      depends_on:
        - redis
    redis:
      image: redis
    ```
    """

    code = "CS105"
    name = "deprecated-links"
    summary = "`links` is deprecated: use `depends_on`"
    targets = frozenset({FileKind.SERVICES})
    default_severity = Severity.WARNING
    valid = (
        Valid("app:\n  build: .\n  depends_on: [redis]\nredis:\n  image: redis\n"),
        Valid("app:\n  build: .\n  links: ['redis:cache']\nredis:\n  image: redis\n"),
    )
    invalid = (
        Invalid(
            "app:\n  build: .\n  links:\n    - redis\nredis:\n  image: redis\n",
            expect=("CS105@3:3",),
        ),
    )

    def check(self, ctx: RuleContext[YamlDocument, None]) -> Iterator[Finding]:
        for entry in services(ctx):
            links = entry.mapping.get("links")
            if links is None:
                continue
            if isinstance(links, list) and links and all(split_link(i)[1] for i in links):
                continue  # only aliases, which depends_on cannot give
            yield Finding(
                ctx.document.span((*entry.path, "links")),
                f"'links' is deprecated; {fact(Place.SERVICE, 'links').advice}",
            )
