"""Inline ignore pragmas (DL1001), secrets in ARG and ENV names (DL3064), and a USER by
name (DL3066)."""

from __future__ import annotations

from collections.abc import Iterator

from cslint.codeship.secrets import is_secret_name
from cslint.core.collapse import once_per_cause
from cslint.core.diagnostics import Finding, Severity, Span
from cslint.core.kinds import FileKind
from cslint.core.lazyre import lazy
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.parsers.dockerfile import DockerfileDocument
from cslint.rules.dockerfile._image import pairs

DOCKERFILE = frozenset({FileKind.DOCKERFILE})
_PRAGMA = lazy(r"^\s*#\s*(?:hadolint[ \t]+ignore\s*=|cslint:\s*disable-next-line\b)")


def _heredoc_lines(doc: DockerfileDocument) -> set[int]:
    lines: set[int] = set()
    for instr in doc.instructions:
        for heredoc in instr.heredocs:
            count = heredoc.content.count("\n") + 1
            lines.update(range(heredoc.body_line, heredoc.body_line + count))
    return lines


class InlineIgnorePragma(Rule):
    """## What it does
    Reports inline ignore comments: hadolint's `# hadolint ignore=DL3008` and cslint's
    own `# cslint: disable-next-line=CS310` (hadolint DL1001 knows only its own). Global
    and file-wide directives, and `.hadolint.yaml`'s `ignored:` list, are not reported.
    Off by default, as in hadolint.

    ## Why is this bad?
    For teams that want every exception in one reviewed place (the config file), an
    inline pragma is an exception nobody sees.

    ## Example
    ```dockerfile
    # hadolint ignore=DL3008
    RUN apt-get install -y curl
    ```

    ## Use instead
    ```yaml
    # .cslint.yaml
    ignore: [CS310]
    ```
    """

    code = "CS337"
    name = "inline-ignore-pragma"
    summary = "inline ignore pragma"
    targets = DOCKERFILE
    default_severity = Severity.INFO
    default_enabled = False
    needs_document = True
    opt_in = "a team's choice of where exceptions live; hadolint keeps DL1001 off too"
    hadolint = ("DL1001",)
    valid = (
        Valid("FROM debian:12\n# install curl\nRUN echo hadolint ignore=DL3008\n"),
        Valid("# hadolint global ignore=DL3008\nFROM debian:12\n"),
        Valid("# syntax=docker/dockerfile:1\nFROM debian:12\n"),
        Valid("FROM debian:12\n# hadolint shell=bash\nRUN echo hi\n"),
        Valid("FROM debian:12\n# lint: ok\nRUN echo hi\n"),
    )
    invalid = (
        Invalid("FROM debian:12\n# hadolint ignore=DL3059\nRUN echo hi\n", expect=("CS337@2:1",)),
        Invalid(
            "FROM debian:12\n  #  hadolint ignore = DL3059,DL3015\nRUN echo hi\n",
            expect=("CS337@2:3",),
        ),
        Invalid(
            "FROM debian:12\nRUN echo a\n# hadolint ignore=DL3059\nRUN echo b\n",
            expect=("CS337@3:1",),
        ),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        doc: DockerfileDocument = ctx.document
        skip = _heredoc_lines(doc)
        for number, line in enumerate(doc.lines, start=1):
            if number in skip or not _PRAGMA.match(line):
                continue
            col = len(line) - len(line.lstrip()) + 1
            yield Finding(
                Span(number, col, number, len(line.rstrip()) + 1),
                "inline ignore pragma; list the exception in the config file instead",
            )


class SecretInArgOrEnv(Rule):
    """## What it does
    Reports `ARG` and `ENV` names that say their value is a secret: names containing
    `PASSWORD`, `PASSWD`, `PASSPHRASE`, `SECRET`, `TOKEN`, `API_KEY`, `PRIVATE_KEY`,
    `ACCESS_KEY`, `AUTH_KEY`, `CLIENT_KEY` or `CREDENTIAL`, in any case. This is the
    notion of a secret's name every part of cslint shares (`cslint.codeship.secrets`:
    CS119 in a services file, CS380 in a Dockerfile, the masking of outputs).

    Not reported, where hadolint DL3064 differs on purpose: names that hold where a
    secret is or something about it (`POSTGRES_PASSWORD_FILE`, `*_PATH`, `*_DIR`,
    `*_NAME`, `*_ID`: the path of a secret file is the Docker image convention), user
    names (`DOCKER_USERNAME`), the other names of hadolint's fixed list that hold no
    secret (`TRAVIS_OS_NAME`, `FACEBOOK_APP_ID`), and names that only contain `private`
    (`PRIVATE_REGISTRY`).

    ## Why is this bad?
    Build arguments and environment values are stored in the image's history and
    config, readable by anyone who pulls it. Pass secrets with
    `RUN --mount=type=secret` (CodeShip: encrypted `build.encrypted_args_file` values are
    still build arguments, so use them only for what may be seen).

    ## Example
    ```dockerfile
    ARG GITHUB_TOKEN
    RUN git clone https://$GITHUB_TOKEN@github.com/org/repo
    ```

    ## Use instead
    ```dockerfile
    RUN --mount=type=secret,id=github_token \\
        git clone https://$(cat /run/secrets/github_token)@github.com/org/repo
    ```
    """

    code = "CS368"
    name = "secret-in-arg-or-env"
    summary = "ARG or ENV named like a secret"
    targets = DOCKERFILE
    default_severity = Severity.WARNING
    hadolint = ("DL3064",)
    reveals_secrets = True
    valid = (
        Valid("FROM debian:12\nARG VERSION=1\nENV APP_HOME=/app\n"),
        Valid('FROM debian:12\nENV PATH=/opt/bin:$PATH LANG=C.UTF-8\n'),
        Valid('FROM debian:12\nARG BUILD_DATE\n'),
        Valid('FROM debian:12\nARG NODE_VERSION=22\nENV HOME=/home/app\n'),
        Valid('FROM debian:12\nENV TZ=UTC DEBIAN_FRONTEND=noninteractive\n'),
        Valid(
            "FROM debian:12\nARG DOCKER_USERNAME=ci\n",
            hadolint_differs="a user name is not a secret; hadolint's list of known names "
            "has it",
        ),
        Valid(
            "FROM debian:12\nARG PRIVATE_REGISTRY=ghcr.io/acme\n",
            hadolint_differs="hadolint reports any name containing 'private'; cslint's "
            "notion is a private key",
        ),
    )  # fmt: skip
    invalid = (
        Invalid("FROM debian:12\nARG GITHUB_TOKEN\n", expect=("CS368@2:5",)),
        Invalid("FROM debian:12\nENV DB_PASSWORD=hunter2 MODE=prod\n", expect=("CS368@2:5",)),
        Invalid("ARG NPM_AUTH_TOKEN\nFROM node:22\n", expect=("CS368@1:5",)),
        Invalid("FROM debian:12\nARG AWS_SECRET_ACCESS_KEY=x\n", expect=("CS368@2:5",)),
        Invalid("FROM debian:12\nENV app_private_key /k\n", expect=("CS368@2:5",)),
        Invalid("FROM debian:12\nENV STRIPE_API_KEY=x\n", expect=("CS368@2:5",)),
        Invalid("FROM debian:12\nENV VAULT_TOKEN x\n", expect=("CS368@2:5",)),
        Invalid("FROM debian:12\nARG client_key\n", expect=("CS368@2:5",)),
        Invalid("FROM debian:12\nENV MY_SECRET_VALUE=x\n", expect=("CS368@2:5",)),
        Invalid("FROM debian:12\nARG API_KEY\n", expect=("CS368@2:5",)),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        # One cause, one finding: the same ARG declared again in every stage is one.
        yield from once_per_cause(self._each(ctx))

    def _each(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[tuple[object, Finding]]:
        for instr in ctx.document.instructions:
            target = instr.sub if instr.cmd == "ONBUILD" and instr.sub else instr
            if target.cmd == "ARG":
                found = [
                    (arg.split("=", 1)[0], target.find_or_keyword(arg.split("=", 1)[0]))
                    for arg in target.args
                ]
            elif target.cmd == "ENV":
                found = [(key, span) for key, _value, span in pairs(target)]
            else:
                continue
            for name, span in found:
                if is_secret_name(name):
                    yield (
                        (target.cmd, name),
                        Finding(
                            span,
                            f"{target.cmd} {name} looks like a secret, and {target.cmd} values "
                            "stay in the image; pass it with RUN --mount=type=secret",
                        ),
                    )


class NonNumericUser(Rule):
    """## What it does
    Reports a `USER` given by name rather than by numeric UID. A UID from a build
    argument or an environment variable is accepted (hadolint DL3066 accepts only build
    arguments). Off by default: naming the user is fine unless the image runs where
    the runtime must check the user without the image's `/etc/passwd`.

    ## Why is this bad?
    Kubernetes' `runAsNonRoot` and similar checks read the image config, not
    `/etc/passwd`: with a user name they cannot tell that it is not root, and refuse
    to start the container.

    ## Example
    ```dockerfile
    USER app
    ```

    ## Use instead
    ```dockerfile
    USER 10001:10001
    ```
    """

    code = "CS370"
    name = "non-numeric-user"
    summary = "USER by name instead of UID"
    targets = DOCKERFILE
    default_severity = Severity.INFO
    default_enabled = False
    opt_in = "naming the user is fine unless a runtime checks for non-root without /etc/passwd"
    hadolint = ("DL3066",)
    valid = (
        Valid("FROM debian:12\nUSER 10001:10001\n"),
        Valid("FROM debian:12\nARG UID=10001\nUSER ${UID}\n"),
        Valid("FROM debian:12\nARG UID=10001\nUSER $UID:0\n"),
        Valid("FROM debian:12\nUSER 0\n"),
        Valid("FROM debian:12\nUSER 1001:1001\nRUN id\n"),
        Valid("FROM debian:12\nARG APP_UID\nUSER $APP_UID\n"),
    )
    invalid = (
        Invalid("FROM debian:12\nUSER app\n", expect=("CS370@2:6",)),
        Invalid("FROM debian:12\nUSER app:10001\n", expect=("CS370@2:6",)),
        Invalid("FROM debian:12\nUSER root\n", expect=("CS370@2:6",)),
        Invalid("FROM debian:12\nUSER nobody:nogroup\n", expect=("CS370@2:6",)),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        names: set[str] = set()
        for instr in ctx.document.instructions:
            if instr.cmd == "ARG":
                names.update(a.split("=", 1)[0] for a in instr.args)
            elif instr.cmd == "ENV":
                names.update(instr.args[0::2])
            elif instr.cmd == "USER" and instr.args:
                uid = instr.args[0].split(":", 1)[0]
                if uid.isdigit():
                    continue
                if any(f"${{{n}}}" in uid or f"${n}" in uid for n in names):
                    continue
                yield Finding(
                    instr.rest_span(),
                    f"USER {uid!r} is a name; runtimes that check for a non-root user "
                    "need a numeric UID",
                )
