"""Instructions Docker accepts but that do not do what they say: EXPOSE out of range
(DL3011), ENV reading a variable it defines itself (DL3044), ONBUILD of ONBUILD, FROM or
MAINTAINER (DL3043), COPY to a relative path with no WORKDIR (DL3045)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from cslint.core.diagnostics import Finding, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid

if TYPE_CHECKING:
    from cslint.parsers.dockerfile import DockerfileDocument

DOCKERFILE = frozenset({FileKind.DOCKERFILE})


class ExposeOutOfRange(Rule):
    """## What it does
    Reports an `EXPOSE` port (or range end) outside 0-65535. Ports from variables are
    not checked.

    ## Why is this bad?
    No such port exists; the author mistyped it, and whatever reads the image metadata
    (or a reader of the Dockerfile) is misled.

    ## Example
    ```dockerfile
    EXPOSE 80800
    ```

    ## Use instead
    ```dockerfile
    EXPOSE 8080
    ```
    """

    code = "CS333"
    name = "expose-out-of-range"
    summary = "EXPOSE names a port outside 0-65535"
    targets = DOCKERFILE
    default_severity = Severity.ERROR
    hadolint = ("DL3011",)
    valid = (Valid("FROM a:1\nEXPOSE 80/tcp 8000-8010 $PORT\n", filename="Dockerfile"),)
    invalid = (
        Invalid("FROM a:1\nEXPOSE 80 80800/udp\n", filename="Dockerfile", expect=("CS333@2:11",)),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        for instr in ctx.document.instructions:
            if instr.cmd != "EXPOSE":
                continue
            search_from = instr.rest_offset
            for port in instr.args:
                start = instr.text.find(port, search_from)
                search_from = start + len(port) if start >= 0 else search_from
                numbers = re.fullmatch(r"(\d+)(?:-(\d+))?(?:/\w+)?", port)
                if numbers is None:
                    continue
                if all(int(n) <= 65535 for n in numbers.groups() if n is not None):
                    continue
                span = instr.span_of(start, start + len(port)) if start >= 0 else instr.span
                yield Finding(
                    span,
                    f"port {port!r} is outside 0-65535; use a real port number",
                )


_VARIABLE = re.compile(r"\$(?:\{(\w+)[^}]*\}|(\w+))")


class EnvSelfReference(Rule):
    """## What it does
    Reports an `ENV` that uses a variable defined earlier in the same instruction,
    as in `ENV A=1 B=$A`.

    ## Why is this bad?
    Docker substitutes all values with the variables as they were *before* the
    instruction, so `B` gets the old value of `A` (often empty), not `1`.
    `ENV PATH=/opt/bin:$PATH` is fine: it means the previous PATH.

    ## Example
    ```dockerfile
    ENV APP_HOME=/app APP_BIN=$APP_HOME/bin
    ```

    ## Use instead
    ```dockerfile
    ENV APP_HOME=/app
    ENV APP_BIN=$APP_HOME/bin
    ```
    """

    code = "CS334"
    name = "env-self-reference"
    summary = "ENV uses a variable that the same ENV defines"
    targets = DOCKERFILE
    default_severity = Severity.ERROR
    hadolint = ("DL3044",)
    valid = (Valid("FROM a:1\nENV A=1\nENV B=$A PATH=/x:$PATH\n", filename="Dockerfile"),)
    invalid = (
        Invalid("FROM a:1\nENV A=1 B=${A}/x\n", filename="Dockerfile", expect=("CS334@2:11",)),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        for instr in ctx.document.instructions:
            if instr.cmd != "ENV":
                continue
            defined: set[str] = set()
            search_from = instr.rest_offset
            for name, value in zip(instr.args[0::2], instr.args[1::2], strict=False):
                start = instr.text.find(value, search_from) if value else -1
                for match in _VARIABLE.finditer(value):
                    used = match.group(1) or match.group(2)
                    if used in defined:
                        offset = start + match.start() if start >= 0 else -1
                        yield Finding(
                            instr.span_of(offset, offset + len(match.group(0)))
                            if offset >= 0
                            else instr.rest_span(),
                            f"{used!r} is defined in this same ENV, so {name!r} gets its "
                            f"previous value; move {name!r} to an ENV of its own",
                        )
                defined.add(name)
                if start >= 0:
                    search_from = start + len(value)


class OnbuildTrigger(Rule):
    """## What it does
    Reports `ONBUILD ONBUILD`, `ONBUILD FROM` and `ONBUILD MAINTAINER`.

    ## Why is this bad?
    Docker does not allow these triggers; the image that builds on this one fails.

    ## Example
    ```dockerfile
    ONBUILD FROM alpine:3.20
    ```

    ## Use instead
    Remove the trigger; put the instruction in the child Dockerfile.
    """

    code = "CS335"
    name = "invalid-onbuild-trigger"
    summary = "ONBUILD triggers ONBUILD, FROM or MAINTAINER"
    targets = DOCKERFILE
    default_severity = Severity.ERROR
    hadolint = ("DL3043",)
    valid = (Valid("FROM a:1\nONBUILD COPY . /app\n", filename="Dockerfile"),)
    invalid = (
        Invalid("FROM a:1\nONBUILD FROM b:1\n", filename="Dockerfile", expect=("CS335@2:9",)),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        for instr in ctx.document.instructions:
            if instr.cmd != "ONBUILD" or instr.sub is None:
                continue
            if instr.sub.cmd in ("ONBUILD", "FROM", "MAINTAINER"):
                yield Finding(
                    instr.sub.keyword_span or instr.span,
                    f"'ONBUILD {instr.sub.cmd}' is not allowed; move the instruction out of "
                    "the trigger",
                )


def _absolute(path: str) -> bool:
    path = path.strip("\"'")
    return path.startswith(("/", "$", "\\")) or bool(re.match(r"^[A-Za-z]:", path))


class CopyRelativeWithoutWorkdir(Rule):
    """## What it does
    Reports `COPY` (or `ADD`) to a relative destination in a stage that has set no
    `WORKDIR` yet (a stage built on an earlier stage inherits that stage's WORKDIR). A
    `FROM scratch` stage is empty: `COPY . .` there can only mean the root, so it is not
    reported (hadolint DL3045 reports it).

    ## Why is this bad?
    The destination is resolved against the base image's working directory, which the
    Dockerfile does not show and which changes when the base image does.

    ## Example
    ```dockerfile
    FROM node:22
    COPY package.json .
    ```

    ## Use instead
    ```dockerfile
    FROM node:22
    WORKDIR /usr/src/app
    COPY package.json .
    ```
    """

    code = "CS336"
    name = "copy-relative-without-workdir"
    summary = "COPY to a relative path before any WORKDIR"
    targets = DOCKERFILE
    default_severity = Severity.WARNING
    hadolint = ("DL3045",)
    valid = (
        Valid("FROM a:1 AS base\nWORKDIR /app\nFROM base\nCOPY x .\n", filename="Dockerfile"),
        # docker/compose's minimal build fixture.
        Valid(
            "FROM scratch\nCOPY . .\n",
            filename="Dockerfile",
            hadolint_differs="a FROM scratch stage has only the root folder",
        ),
    )
    invalid = (Invalid("FROM a:1\nCOPY x y/\n", filename="Dockerfile", expect=("CS336@2:8",)),)

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        has_workdir: dict[str, bool] = {}
        for stage in ctx.document.stages:
            # In a `FROM scratch` stage (and one built on it) the root is the only folder
            # there is: `COPY app .` puts it at /, as meant.
            scratch = stage.image.lower() == "scratch"
            current = scratch or has_workdir.get(stage.image.lower(), False)
            for instr in stage.instructions:
                if instr.cmd == "WORKDIR":
                    current = True
                elif instr.cmd in ("COPY", "ADD") and not current and len(instr.args) >= 2:
                    if instr.heredocs or _absolute(instr.args[-1]):
                        continue
                    dest = instr.args[-1]
                    start = instr.text.rfind(dest)
                    yield Finding(
                        instr.span_of(start, start + len(dest)) if start >= 0 else instr.span,
                        f"destination {dest!r} is relative but no WORKDIR is set in this "
                        "stage; add a WORKDIR or use an absolute path",
                    )
            if stage.name:
                has_workdir[stage.name] = current
