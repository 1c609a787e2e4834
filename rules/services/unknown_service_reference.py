from __future__ import annotations

from collections.abc import Iterator

from cslint.core.diagnostics import Finding, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.parsers.yamldoc import YamlDocument
from cslint.rules.services._common import service_refs, services


class UnknownServiceReference(Rule):
    """## What it does
    Reports a `depends_on`, `links` (including `service:alias`), `volumes_from` or
    `dockercfg_service` entry that names a service not defined in this file, with the
    nearest defined name. `volumes_from: container:<name>` names a container, not a
    service, and is not checked.

    ## Why is this bad?
    jet starts the services a service depends on, mounts volumes from the named services
    and runs the credential generator service by name: a name that does not exist stops
    the step with an error, or, for a typo in a long file, is hard to spot in review.

    ## Example
    ```yaml
    app:
      build: .
      depends_on:
        - postgress
    postgres:
      image: postgres:15
    ```

    ## Use instead
    ```yaml
    app:
      build: .
      depends_on:
        - postgres
    postgres:
      image: postgres:15
    ```
    """

    code = "CS107"
    name = "unknown-service-reference"
    summary = (
        "`depends_on`, `links`, `volumes_from` or `dockercfg_service` names an unknown service"
    )
    targets = frozenset({FileKind.SERVICES})
    default_severity = Severity.ERROR
    valid = (
        Valid(
            "app:\n  build: .\n  links: ['db:database']\n  volumes_from: ['data:ro']\n"
            "db:\n  image: postgres\ndata:\n  image: busybox\n  volumes: [/data]\n"
        ),
    )
    invalid = (
        Invalid(
            "app:\n  build: .\n  depends_on:\n    - postgress\n  dockercfg_service: gen\n"
            "postgres:\n  image: postgres:15\n",
            expect=("CS107@4:7", "CS107@5:22"),
        ),
    )

    def check(self, ctx: RuleContext[YamlDocument, None]) -> Iterator[Finding]:
        names = [entry.name for entry in services(ctx)]
        known = set(names)
        for ref in service_refs(ctx):
            if ref.target in known:
                continue
            import difflib  # only a file with a wrong name pays for it

            near = difflib.get_close_matches(ref.target, names, n=1, cutoff=0.6)
            hint = f"; did you mean {near[0]!r}?" if near else ""
            yield Finding(
                ctx.document.value_span(ref.path)
                if isinstance(ref.path[-1], int) or ref.key != "depends_on"
                else ctx.document.span(ref.path),
                f"{ref.key!r} names service {ref.target!r}, which is not defined in this "
                f"file{hint or '; define it or fix the name'}",
            )
