from __future__ import annotations

from collections.abc import Iterator

from cslint.core.diagnostics import Finding, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.parsers.yamldoc import YamlDocument


class ServicesSchema(Rule):
    """## What it does
    Validates the services file against cslint's JSON Schema for it
    (`cslint schema services`): unknown keys (with the nearest known key: `imgae` -> did
    you mean `image`?) and values of the wrong type, at the key that is wrong.

    The schema models what CodeShip accepts, not more: the docker-compose `services:`
    wrapper and `version`, scalars where a string is expected (jet is written in Go and
    reads `9.6` or `true` as text), deprecated keys. Keys that a dedicated rule explains
    (ignored compose keys: CS106; unknown `build` keys: CS102; `build` and `image`
    together or missing: CS101) are left to that rule. Where the format doc is uncertain
    (a `command` list, long-syntax volumes) the finding is a warning.

    ## Why is this bad?
    jet reads the file into Go structures. A value of the wrong shape (`depends_on: db`
    instead of a list) stops the build before it starts. Whether jet rejects an unknown
    key or silently drops it is UNCERTAIN (jet is closed source), but either way the
    setting the author wrote (`imgae`, `enviroment`) is not applied, so it is an error.

    ## Example
    ```yaml
    app:
      imgae: ruby:3.2
      depends_on: db
    db:
      image: postgres
    ```

    ## Use instead
    ```yaml
    app:
      image: ruby:3.2
      depends_on:
        - db
    db:
      image: postgres
    ```
    """

    code = "CS100"
    name = "services-schema"
    summary = "the services file does not match the schema (unknown key or wrong type)"
    targets = frozenset({FileKind.SERVICES})
    default_severity = Severity.ERROR
    valid = (
        Valid(
            "version: '3'\nservices:\n  app:\n    build: .\n    command: true\n"
            "  db:\n    image: postgres:9.6\n"
        ),
    )
    invalid = (
        Invalid(
            "app:\n  imgae: ruby\n  depends_on: db\n",
            expect=("CS100@2:3", "CS100@3:3"),
        ),
    )

    def check(self, ctx: RuleContext[YamlDocument, None]) -> Iterator[Finding]:
        from cslint.codeship.schema import validate

        yield from validate(ctx.document, FileKind.SERVICES)
