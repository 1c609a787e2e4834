"""Rules about single instructions: WORKDIR, USER, MAINTAINER, CMD/ENTRYPOINT form, LABEL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from cslint.core.diagnostics import Finding, Severity
from cslint.core.kinds import FileKind
from cslint.core.lazyre import lazy
from cslint.core.rule import Invalid, Rule, RuleContext, Valid

if TYPE_CHECKING:
    from cslint.parsers.dockerfile import DockerfileDocument

DOCKERFILE = frozenset({FileKind.DOCKERFILE})


class RelativeWorkdir(Rule):
    """## What it does
    Reports a `WORKDIR` whose path is relative.

    ## Why is this bad?
    A relative `WORKDIR` is resolved against the previous one, which may come from the
    base image and change under you; every later relative `COPY` and `RUN` moves with it.
    Paths that start with a variable (`$HOME/app`) or a Windows drive are accepted.

    ## Example
    ```dockerfile
    WORKDIR app
    ```

    ## Use instead
    ```dockerfile
    WORKDIR /usr/src/app
    ```
    """

    code = "CS303"
    name = "relative-workdir"
    summary = "WORKDIR is not an absolute path"
    targets = DOCKERFILE
    default_severity = Severity.ERROR
    hadolint = ("DL3000",)
    valid = (
        Valid("FROM a:1\nWORKDIR /app\nWORKDIR $HOME/x\n", filename="Dockerfile"),
        Valid("FROM a:1\nWORKDIR C:\\\\app\n", filename="Dockerfile"),
    )
    invalid = (Invalid("FROM a:1\nWORKDIR app\n", filename="Dockerfile", expect=("CS303@2:9",)),)

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        for instr in ctx.document.instructions:
            if instr.cmd != "WORKDIR" or not instr.args:
                continue
            path = instr.args[0].strip("\"'")
            if path.startswith(("/", "$", "\\")) or re.match(r"^[A-Za-z]:", path):
                continue
            yield Finding(
                instr.rest_span(),
                f"the WORKDIR {path!r} is relative; use an absolute path such as '/{path}'",
            )


def _is_root(user: str) -> bool:
    return user in ("root", "0") or user.startswith(("root:", "0:"))


class LastUserRoot(Rule):
    """## What it does
    Reports a stage whose last `USER` switches to root.

    ## Why is this bad?
    The container then runs as root. A stage that never sets `USER` inherits the base
    image's user and is not reported (as in hadolint DL3002).

    ## Example
    ```dockerfile
    FROM node:22
    USER node
    RUN npm ci
    USER root
    ```

    ## Use instead
    ```dockerfile
    FROM node:22
    USER root
    RUN apt-get update
    USER node
    ```
    """

    code = "CS306"
    name = "last-user-root"
    summary = "the last USER of a stage is root"
    targets = DOCKERFILE
    default_severity = Severity.WARNING
    default_enabled = False
    opt_in = (
        "a hardening policy: many images start as root on purpose and drop privileges in "
        "their entrypoint"
    )
    hadolint = ("DL3002",)
    valid = (Valid("FROM a:1\nUSER root\nRUN x\nUSER app\n", filename="Dockerfile"),)
    invalid = (
        Invalid("FROM a:1\nUSER app\nUSER root\n", filename="Dockerfile", expect=("CS306@3:6",)),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        for stage in ctx.document.stages:
            users = [i for i in stage.instructions if i.cmd == "USER" and i.args]
            if users and _is_root(users[-1].args[0]):
                yield Finding(
                    users[-1].rest_span(),
                    f"the last USER of this stage is {users[-1].args[0]!r}; switch to an "
                    "unprivileged user at the end",
                )


class Maintainer(Rule):
    """## What it does
    Reports the deprecated `MAINTAINER` instruction.

    ## Why is this bad?
    Docker deprecated it; the author belongs in a label, where tools can read it.

    ## Example
    ```dockerfile
    MAINTAINER Jane <jane@example.com>
    ```

    ## Use instead
    ```dockerfile
    LABEL org.opencontainers.image.authors="jane@example.com"
    ```
    """

    code = "CS307"
    name = "maintainer"
    summary = "MAINTAINER is deprecated"
    targets = DOCKERFILE
    default_severity = Severity.ERROR
    hadolint = ("DL4000",)
    valid = (
        Valid('FROM a:1\nLABEL org.opencontainers.image.authors="j"\n', filename="Dockerfile"),
    )
    invalid = (
        Invalid("FROM a:1\nMAINTAINER jane\n", filename="Dockerfile", expect=("CS307@2:1",)),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        for instr in ctx.document.instructions:
            if instr.cmd == "MAINTAINER":
                yield Finding(
                    instr.keyword_span or instr.span,
                    "'MAINTAINER' is deprecated; use "
                    "'LABEL org.opencontainers.image.authors=...' instead",
                )


class ShellFormCommand(Rule):
    """## What it does
    Reports `CMD` and `ENTRYPOINT` written in shell form.

    ## Why is this bad?
    The shell form runs the command under `/bin/sh -c`, so the process is not PID 1 and
    never receives `SIGTERM`: `docker stop` (and the end of a CodeShip step) waits for the
    timeout, then kills it. `HEALTHCHECK CMD` in shell form is fine (a short probe, not
    the main process), so unlike hadolint DL3025 cslint does not report it.

    ## Example
    ```dockerfile
    CMD node server.js
    ```

    ## Use instead
    ```dockerfile
    CMD ["node", "server.js"]
    ```
    """

    code = "CS323"
    name = "shell-form-command"
    summary = "CMD or ENTRYPOINT uses the shell form"
    targets = DOCKERFILE
    default_severity = Severity.WARNING
    default_enabled = False
    opt_in = (
        "style: the shell form is often chosen on purpose (variables, a shell wrapper); "
        "signals matter only for long-running processes"
    )
    hadolint = ("DL3025",)
    valid = (Valid('FROM a:1\nCMD ["node", "server.js"]\n', filename="Dockerfile"),)
    invalid = (
        Invalid("FROM a:1\nCMD node server.js\n", filename="Dockerfile", expect=("CS323@2:5",)),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        for instr in ctx.document.instructions:
            if instr.cmd in ("CMD", "ENTRYPOINT") and not instr.json and instr.rest.strip():
                if instr.rest.lstrip().startswith("["):
                    yield Finding(
                        instr.rest_span(),
                        f"{instr.cmd!r} is not valid JSON, so it runs in the shell form and the "
                        "process does not get signals; fix the JSON array",
                    )
                    continue
                words = instr.rest.split()
                suggestion = ", ".join(f'"{w}"' for w in words[:3])
                more = ", ..." if len(words) > 3 else ""
                yield Finding(
                    instr.rest_span(),
                    f"{instr.cmd!r} uses the shell form, so the process does not get signals; "
                    f"use the JSON form {instr.cmd} [{suggestion}{more}]",
                )


_LABEL_CHARS = lazy(r"^[a-z0-9.-]*$")


class InvalidLabelKey(Rule):
    """## What it does
    Reports a `LABEL` key that breaks Docker's key format: lower-case letters, digits,
    `.` and `-`, starting with a letter and ending with a letter or digit, no `..` or
    `--`. Keys in Docker's own namespaces (`com.docker.compose.project`) are in that
    format: the namespaces are reserved for Docker's tools, which set them, so they are
    not reported (hadolint DL3048 reports them).

    ## Why is this bad?
    Tools that read labels (registries, scanners, `docker inspect` filters) expect the
    documented format; a key like `Version` or `my_label` is silently missed.

    ## Example
    ```dockerfile
    LABEL Version=1.0
    ```

    ## Use instead
    ```dockerfile
    LABEL org.opencontainers.image.version=1.0
    ```
    """

    code = "CS330"
    name = "invalid-label-key"
    summary = "a LABEL key does not follow Docker's key format"
    targets = DOCKERFILE
    default_severity = Severity.INFO
    default_enabled = False
    opt_in = "style: Docker's key format is a recommendation, and no build or run depends on it"
    hadolint = ("DL3048",)
    valid = (
        Valid("FROM a:1\nLABEL org.example.version=1\n", filename="Dockerfile"),
        # Docker Compose's own label, in a Compose test fixture.
        Valid(
            "FROM a:1\nLABEL com.docker.compose.project=composetest\n",
            hadolint_differs="Docker's own label namespace, set by Docker's tools",
        ),
    )
    invalid = (
        Invalid("FROM a:1\nLABEL Version=1 ok=2\n", filename="Dockerfile", expect=("CS330@2:7",)),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        for instr in ctx.document.instructions:
            if instr.cmd != "LABEL":
                continue
            search_from = instr.rest_offset
            for key in instr.args[0::2]:
                plain = key.strip("\"'")
                span = instr.find(key, search_from, word=False)
                index = instr.text.find(key, search_from)
                if index >= 0:
                    search_from = index + len(key)
                if _valid_label(plain):
                    continue
                yield Finding(
                    span or instr.rest_span(),
                    f"label key {plain!r} is not in Docker's format; use lower-case "
                    "reverse-DNS keys such as 'org.example.version'",
                )


def _valid_label(key: str) -> bool:
    return bool(
        key
        and "a" <= key[0] <= "z"
        and (key[-1].isdigit() or "a" <= key[-1] <= "z")
        and _LABEL_CHARS.match(key)
        and ".." not in key
        and "--" not in key
    )
