from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cslint.codeship.secrets import NAMED_SECRETS_BY_DEFAULT, NAMED_SECRETS_OPT_IN
from cslint.core.diagnostics import Finding, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.parsers.yamldoc import YamlDocument
from cslint.rules.services._common import services, value_text


class PlaintextSecretInEnvironment(Rule):
    """## What it does
    Reports a variable of a service's `environment` whose name says it holds a secret
    (`*PASSWORD*`, `*SECRET*`, `*TOKEN*`, `*API_KEY*`, ...) and whose value is written out
    in the services file: `POSTGRES_PASSWORD: secret`. A `*_FILE` variable holds the path
    of a secret, not the secret, and a `${VAR}` reference no value at all: neither is
    reported. A value shaped like a known credential (an AWS key, a GitHub token) is
    CS117's error, not reported again here.

    Off by default (`--select CS119` or the `strict` profile turns it on), and so is
    `cslint convert`'s note about the same variables (CS516 reports only values with a
    credential's shape, as CS117 does): over the shared corpus every finding was the
    password of a throw-away test database, all 9 in the CodeShip files and the local
    databases' passwords in the compose files (docs/precision.md), warnings nobody acts
    on. A real credential has a shape and is CS117's error. Both commands read the one
    switch, `NAMED_SECRETS_BY_DEFAULT` in `cslint.codeship.secrets`.

    ## Why is this bad?
    The services file is committed: whoever can read the repository can read the
    password. CodeShip's way is an encrypted env file (`jet encrypt`, then
    `encrypted_env_file`) or `encrypted_environment` (format doc §2.2, §5). A throw-away
    password of a test database in a step's own container is often harmless, which is
    why this is a warning.

    ## Example
    ```yaml
    db:
      image: postgres:15
      environment:
        POSTGRES_PASSWORD: hunter22
    ```

    ## Use instead
    ```yaml
    db:
      image: postgres:15
      encrypted_env_file: db.env.encrypted
    ```
    """

    code = "CS119"
    reveals_secrets = True
    name = "plaintext-secret-in-environment"
    summary = "a variable named like a secret is written out in environment"
    targets = frozenset({FileKind.SERVICES})
    default_severity = Severity.WARNING
    # One default for one fact: convert's CS516 reads the same switch.
    default_enabled = NAMED_SECRETS_BY_DEFAULT
    opt_in = "" if NAMED_SECRETS_BY_DEFAULT else NAMED_SECRETS_OPT_IN
    valid = (
        Valid("db:\n  image: postgres\n  environment:\n    POSTGRES_PASSWORD_FILE: /run/s/x\n"),
        Valid("db:\n  image: postgres\n  environment:\n    - POSTGRES_PASSWORD=${PG_PASS}\n"),
    )
    invalid = (
        Invalid(
            "db:\n  image: postgres\n  environment:\n    POSTGRES_PASSWORD: hunter22\n",
            expect=("CS119@4:5",),
        ),
        Invalid(
            "api:\n  image: x\n  environment:\n    - API_TOKEN=abc123456\n    - MODE=test\n",
            expect=("CS119@4:7",),
        ),
    )

    def check(self, ctx: RuleContext[YamlDocument, None]) -> Iterator[Finding]:
        from cslint.codeship.secrets import credential_kind, looks_secret

        doc = ctx.document
        for entry in services(ctx):
            for name, value, path, is_key in _variables(entry.mapping.get("environment")):
                if not looks_secret(name, value) or credential_kind(name, value):
                    continue
                where = (*entry.path, "environment", *path)
                yield Finding(
                    doc.span(where) if is_key else doc.value_span(where),
                    f"{name!r} of service {entry.name!r} looks like a secret written in plain "
                    "text: move it to an encrypted env file ('jet encrypt', then "
                    "'encrypted_env_file')",
                )


def _variables(environment: Any) -> Iterator[tuple[str, str, tuple[Any, ...], bool]]:
    """(name, value, path within `environment`, whether the path is a mapping key)."""
    if isinstance(environment, dict):
        for key, value in environment.items():
            text = value_text(value)
            if text is not None:
                yield str(key), text, (key,), True
    elif isinstance(environment, list):
        for i, item in enumerate(environment):
            text = value_text(item)
            if text is not None and "=" in text:
                name, _, value = text.partition("=")
                yield name.strip(), value, (i,), False
