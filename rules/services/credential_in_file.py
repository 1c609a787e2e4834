from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cslint.codeship.secrets import credential_kind
from cslint.core.diagnostics import Finding, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid

if TYPE_CHECKING:
    from cslint.parsers.yamldoc import YamlDocument


class CredentialInFile(Rule):
    """## What it does
    Reports a value in a services or steps file that has the shape of a real credential:
    an AWS access key or secret key, a GitHub, Slack, npm or Stripe token, a Google API
    key, a Slack webhook URL, a private key. The value is never printed. Passwords
    without a recognisable shape (`POSTGRES_PASSWORD: test` for a throw-away database)
    are not reported.

    ## Why is this bad?
    The services and steps files are committed: anyone who can read the repository, its
    forks and its history has the credential. CodeShip provides encryption for exactly
    this (`jet encrypt` with the project's AES key): `encrypted_environment`,
    `encrypted_env_file`, `encrypted_args_file`. Removing the line is not enough; the
    credential is in the history and must be revoked.

    ## Example
    ```yaml
    deploy:
      image: codeship/aws-deployment
      environment:
        AWS_ACCESS_KEY_ID: AKIAIOSFODNN7EXAMPLE
    ```

    ## Use instead
    ```yaml
    deploy:
      image: codeship/aws-deployment
      encrypted_env_file: aws-deployment.env.encrypted
    ```
    """

    code = "CS117"
    reveals_secrets = True
    name = "credential-in-file"
    summary = "a credential committed in plain text"
    targets = frozenset({FileKind.SERVICES, FileKind.STEPS})
    default_severity = Severity.ERROR
    valid = (
        Valid("db:\n  image: postgres\n  environment:\n    POSTGRES_PASSWORD: test\n"),
        Valid("deploy:\n  image: x\n  encrypted_env_file: aws.env.encrypted\n"),
    )
    invalid = (
        Invalid(
            "deploy:\n  image: x\n  environment:\n    AWS_ACCESS_KEY_ID: AKIAIOSFODNN7EXAMPLE\n"
            "    AWS_SECRET_ACCESS_KEY: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
            expect=("CS117@4:24", "CS117@5:28"),
        ),
        Invalid(
            "- service: app\n  command: git clone https://x-access-token:"
            "ghp_0123456789abcdefghijABCDEFGHIJ012345@github.com/org/repo.git\n",
            filename="codeship-steps.yml",
            expect=("CS117@2:12",),
        ),
    )

    def check(self, ctx: RuleContext[YamlDocument, None]) -> Iterator[Finding]:
        doc = ctx.document
        for path, loc in doc.index.items():
            if loc.raw is None or loc.tag in ("map", "seq") or not path:
                continue
            text = loc.raw
            name = path[-1] if isinstance(path[-1], str) else None
            if name is None and "=" in text:
                name, _, text = text.partition("=")  # an `environment` list item
            found = credential_kind(name, text)
            if found is None:
                continue
            where = f"{name!r}" if name else "this value"
            yield Finding(
                loc.value,
                f"{where} holds what looks like {found}, committed in plain text; revoke it "
                "and pass it encrypted ('encrypted_environment' or 'encrypted_env_file')",
            )
