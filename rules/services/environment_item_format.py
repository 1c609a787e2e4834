from __future__ import annotations

from collections.abc import Iterator

from cslint.codeship.environment import misread_item, misread_message
from cslint.core.diagnostics import Finding, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.parsers.yamldoc import YamlDocument
from cslint.rules.services._common import services, value_text

_LISTS = (("environment",), ("build", "args"))


class EnvironmentItemFormat(Rule):
    """## What it does
    Reports an item of an `environment` list (or a build `args` list) that is not
    `KEY=VALUE`: `"KEY: value"` written as one string and `KEY:-value` (the shell's
    default syntax, which means something only inside `${...}`) are errors; a bare `KEY`
    without `=` is a warning. A mapping written as a list item (`- KEY: value`) is a type error that
    CS100 reports.

    ## Why is this bad?
    In the list form every item is split at the first `=`. `- RAILS_ENV: test` in a list
    is a one-entry mapping, not a variable, and `- "RAILS_ENV: test"` defines a variable
    literally named `RAILS_ENV: test`. A bare `KEY` means "take the value from the host"
    in docker-compose; a CodeShip build host has no such value, so the variable is empty
    or missing (UNCERTAIN which, hence a warning).

    ## Example
    ```yaml
    app:
      build: .
      environment:
        - "RAILS_ENV: test"
        - SECRET_KEY
    ```

    ## Use instead
    ```yaml
    app:
      build: .
      environment:
        - RAILS_ENV=test
      encrypted_env_file: secrets.env.encrypted
    ```
    """

    code = "CS116"
    name = "environment-item-format"
    summary = "an environment list item that is not KEY=VALUE"
    targets = frozenset({FileKind.SERVICES})
    default_severity = Severity.ERROR
    valid = (Valid("app:\n  build: .\n  environment:\n    - A=b\n    - 'C=d: e'\n"),)
    invalid = (
        Invalid(
            "app:\n  build: .\n  environment:\n    - 'RAILS_ENV: test'\n    - SECRET_KEY\n"
            "    - URL:-http://example.com\n",
            expect=("CS116@4:7", "CS116@5:7", "CS116@6:7"),
        ),
    )

    def check(self, ctx: RuleContext[YamlDocument, None]) -> Iterator[Finding]:
        doc = ctx.document
        for entry in services(ctx):
            for where in _LISTS:
                value: object = entry.mapping
                for part in where:
                    value = value.get(part) if isinstance(value, dict) else None
                if not isinstance(value, list):
                    continue
                for i, item in enumerate(value):
                    path = (*entry.path, *where, i)
                    text = value_text(item)
                    misread = misread_item(text) if text is not None else None
                    if text is None or misread is None:
                        continue
                    if misread.value is not None:
                        yield Finding(doc.value_span(path), misread_message(text, misread))
                    else:
                        yield Finding(
                            doc.value_span(path),
                            f"{text!r} has no value: docker-compose would copy it from the "
                            "host, which a CodeShip build does not have; write "
                            f"'{misread.name}=value' or use an encrypted env file",
                            severity=Severity.WARNING,
                        )
