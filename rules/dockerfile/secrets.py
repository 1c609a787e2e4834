"""Secrets written into an image: ENV and ARG defaults (what tools such as trivy and
checkov report as "secrets in ENV/ARG" for hadolint users)."""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from typing import TYPE_CHECKING

from cslint.codeship.secrets import looks_secret
from cslint.core.collapse import once_per_cause
from cslint.core.diagnostics import Finding, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid

if TYPE_CHECKING:
    from cslint.parsers.dockerfile import DockerfileDocument


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


class SecretInEnvOrArg(Rule):
    """## What it does
    Reports an `ENV` value or an `ARG` default that looks like a secret: a variable
    named like one (`*PASSWORD*`, `*SECRET*`, `*TOKEN*`, `*API_KEY*`, `*PRIVATE_KEY*`,
    `*ACCESS_KEY*`, `*CREDENTIAL*`) with a value written out, or any value with a
    credential's shape (an AWS key, a GitHub token, ...). The message names the variable,
    never the value. A `*_FILE` variable holds the path of a secret
    (`POSTGRES_PASSWORD_FILE=/run/secrets/db`), and `${VAR}` references come from
    elsewhere: neither is reported. An `ARG` without a default is the right way to pass a
    build-time value and is not reported.

    ## Why is this bad?
    `ENV` values are stored in the image config: `docker inspect` and `docker history`
    show them to anyone who can pull the image. An `ARG` default is in the Dockerfile,
    committed, and in the image history of every stage that uses it. CodeShip passes
    build-time secrets with `encrypted_args_file` (format doc §5), and run-time ones with
    `encrypted_env_file`; neither puts the value in the Dockerfile.

    ## Example
    ```dockerfile
    FROM node:20
    ARG NPM_TOKEN=npm_0123456789abcdefghijklmnopqrstuvwxyz
    ENV DB_PASSWORD=hunter2hunter2
    ```

    ## Use instead
    ```dockerfile
    FROM node:20
    ARG NPM_TOKEN
    ENV DB_PASSWORD_FILE=/run/secrets/db_password
    ```
    """

    code = "CS380"
    reveals_secrets = True
    name = "secret-in-env-or-arg"
    summary = "an ENV value or ARG default looks like a secret"
    targets = frozenset({FileKind.DOCKERFILE})
    default_severity = Severity.ERROR
    valid = (
        Valid(
            "FROM a:1\nARG NPM_TOKEN\nENV POSTGRES_PASSWORD_FILE=/run/secrets/db\n"
            "ENV API_KEY=${API_KEY} TOKEN_TTL=3600\n",
            filename="Dockerfile",
        ),
    )
    invalid = (
        Invalid(
            "FROM a:1\nARG NPM_TOKEN=npm_0123456789abcdefghijklmnopqrstuvwxyz\n"
            'ENV A=1 DB_PASSWORD="hunter2hunter2"\nENV GITHUB_TOKEN ghp_x1\n',
            filename="Dockerfile",
            expect=("CS380@2:5", "CS380@3:9", "CS380@4:5"),
        ),
        Invalid(
            "FROM a:1\nARG AWS_SECRET_ACCESS_KEY=abc123abc123\n"
            "ARG AWS_SECRET_ACCESS_KEY=abc123abc123\nARG AWS_SECRET_ACCESS_KEY=abc123abc123\n",
            filename="Dockerfile",
            expect=("CS380@2:5",),
        ),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        # One cause, one finding: the same variable with the same value written again and
        # again (a test fixture repeats one ARG 34 times) is reported once, with the count.
        yield from once_per_cause(self._each(ctx))

    def _each(
        self, ctx: RuleContext[DockerfileDocument, None]
    ) -> Iterator[tuple[Hashable, Finding]]:
        for instr in ctx.document.instructions:
            if instr.cmd == "ENV":
                pairs = list(zip(instr.args[0::2], instr.args[1::2], strict=False))
            elif instr.cmd == "ARG":
                pairs = [(n, v) for n, _, v in (a.partition("=") for a in instr.args if "=" in a)]
            else:
                continue
            search_from = instr.rest_offset
            for name, value in pairs:
                start = instr.text.find(name, search_from)
                if start >= 0:
                    search_from = start + len(name)
                if not looks_secret(name, _unquote(value)):
                    continue
                span = instr.span_of(start, start + len(name)) if start >= 0 else instr.span
                where = "default of ARG" if instr.cmd == "ARG" else "ENV"
                yield (
                    (instr.cmd, name, _unquote(value)),
                    Finding(
                        span,
                        f"the {where} {name!r} holds what looks like a secret, written into the "
                        "image; pass it at build time with 'encrypted_args_file' (ARG without a "
                        "default) or at run time with 'encrypted_env_file'",
                    ),
                )
