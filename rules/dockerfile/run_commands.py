"""Commands that do not belong in a RUN: cd (DL3003), sudo (DL3004), apt (DL3027), and
`ln` over /bin/sh (DL4005)."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from cslint.core.diagnostics import Finding, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.parsers.shell import Command
from cslint.rules.dockerfile._common import scripts

if TYPE_CHECKING:
    from cslint.parsers.dockerfile import DockerfileDocument

DOCKERFILE = frozenset({FileKind.DOCKERFILE})


class CdInRun(Rule):
    """## What it does
    Reports `cd` inside a `RUN` (anywhere in the script: in `&&` chains, subshells,
    heredoc scripts).

    ## Why is this bad?
    The directory change lasts only for that RUN; the next instruction is back in the
    previous `WORKDIR`, which surprises readers. `WORKDIR` says it once for all.

    A folder that the same RUN makes, builds in and removes needs no WORKDIR: following
    the advice would leave the sources in a layer. cslint accepts `cd` into a folder the
    RUN removes later, into `/tmp` or a `$(mktemp -d)`, and `cd ..` (hadolint DL3003
    reports them all).

    ## Example
    ```dockerfile
    RUN cd /usr/src/app && make
    ```

    ## Use instead
    ```dockerfile
    WORKDIR /usr/src/app
    RUN make
    ```
    """

    code = "CS304"
    name = "cd-in-run"
    summary = "RUN uses cd; use WORKDIR"
    targets = DOCKERFILE
    default_severity = Severity.WARNING
    default_enabled = False
    opt_in = (
        "style: most build scripts 'cd' inside one RUN, and that is fine; WORKDIR is a preference"
    )
    hadolint = ("DL3003",)
    valid = (
        Valid("FROM a:1\nWORKDIR /src\nRUN make\n", filename="Dockerfile"),
        # Made, built in and removed in one RUN (docker-library/httpd).
        Valid(
            "FROM a:1\nRUN mkdir -p src; tar -xf h.tar.bz2 -C src; cd src; make install; "
            "cd ..; rm -r src man\n",
            filename="Dockerfile",
            hadolint_differs="the folder is made, built in and removed in this RUN; WORKDIR would leave it in a layer",
        ),
        Valid(
            'FROM a:1\nRUN dir="$(mktemp -d)"; cd "$(mktemp -d)" && make\n',
            hadolint_differs="a $(mktemp -d) folder cannot be a WORKDIR",
        ),
    )
    invalid = (
        Invalid(
            "FROM a:1\nRUN set -e \\\n && cd /src && make\n",
            filename="Dockerfile",
            expect=("CS304@3:5",),
        ),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        for _run, script in scripts(ctx.document):
            for command in script.find("cd"):
                target = command.arg_texts[0] if command.args else "the directory"
                if _scratch_folder(script.commands, command, target):
                    continue
                yield Finding(
                    script.span(command.words[0]),
                    f"'cd' in RUN lasts only for this instruction; use 'WORKDIR {target}'",
                )


def _scratch_folder(commands: Sequence[Command], cd: Command, target: str) -> bool:
    """Whether `cd target` enters a folder that needs no WORKDIR: one the same RUN removes
    later (a source tree built and deleted in one layer), a temporary folder, a shell
    value (WORKDIR cannot name it), or a step back (`cd ..`, `cd -`)."""
    if target in ("..", "-", "/") or target.startswith("../"):
        return True
    if "$(" in target or "`" in target or target.rstrip("/") in ("/tmp", "/var/tmp"):
        return True
    if target.startswith(("/tmp/", "/var/tmp/")):
        return True
    wanted = posixpath.normpath(target)
    after = False
    for command in commands:
        if command is cd:
            after = True
            continue
        if not after or command.basename != "rm" or not command.has_flag("r", "R", "recursive"):
            continue
        for removed in command.arg_texts:
            if removed.startswith("-"):
                continue
            gone = posixpath.normpath(removed)
            if wanted == gone or wanted.startswith(gone.rstrip("/") + "/"):
                return True
    return False


class Sudo(Rule):
    """## What it does
    Reports `sudo` in a `RUN`.

    ## Why is this bad?
    Build steps already run as the current `USER`; `sudo` needs a TTY and a password
    policy, and behaves unpredictably in a build. Switch users with `USER`, or use
    `gosu`/`su-exec` in an entrypoint.

    ## Example
    ```dockerfile
    RUN sudo apt-get update
    ```

    ## Use instead
    ```dockerfile
    USER root
    RUN apt-get update
    ```
    """

    code = "CS305"
    name = "sudo"
    summary = "RUN uses sudo"
    targets = DOCKERFILE
    default_severity = Severity.ERROR
    hadolint = ("DL3004",)
    valid = (Valid("FROM a:1\nUSER root\nRUN make install\n", filename="Dockerfile"),)
    invalid = (
        Invalid("FROM a:1\nRUN sudo make install\n", filename="Dockerfile", expect=("CS305@2:5",)),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        for _run, script in scripts(ctx.document):
            for command in script.find("sudo"):
                yield Finding(
                    script.span(command.words[0]),
                    "'sudo' in RUN; switch with 'USER root' (and back) instead",
                )


class AptInsteadOfAptGet(Rule):
    """## What it does
    Reports the `apt` command in a `RUN`.

    ## Why is this bad?
    `apt` is meant for people at a terminal: its output and options are not stable for
    scripts, and it warns so itself. `apt-get` and `apt-cache` are the script interfaces.

    ## Example
    ```dockerfile
    RUN apt update && apt install -y curl
    ```

    ## Use instead
    ```dockerfile
    RUN apt-get update && apt-get install -y curl
    ```
    """

    code = "CS312"
    name = "apt-instead-of-apt-get"
    summary = "RUN uses apt; use apt-get or apt-cache"
    targets = DOCKERFILE
    default_severity = Severity.WARNING
    hadolint = ("DL3027",)
    valid = (Valid("FROM a:1\nRUN apt-get update\n", filename="Dockerfile"),)
    invalid = (Invalid("FROM a:1\nRUN apt update\n", filename="Dockerfile", expect=("CS312@2:5",)),)

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        for _run, script in scripts(ctx.document):
            for command in script.find("apt"):
                yield Finding(
                    script.span(command.words[0]),
                    "'apt' is for interactive use; use 'apt-get' (or 'apt-cache') in scripts",
                )


class LnBinSh(Rule):
    """## What it does
    Reports `ln ... /bin/sh` in a `RUN`.

    ## Why is this bad?
    Replacing `/bin/sh` changes the shell of every later RUN, and of the base image's
    own scripts, invisibly. `SHELL ["/bin/bash", "-c"]` changes it for the Dockerfile only.

    ## Example
    ```dockerfile
    RUN ln -sf /bin/bash /bin/sh
    ```

    ## Use instead
    ```dockerfile
    SHELL ["/bin/bash", "-c"]
    ```
    """

    code = "CS329"
    name = "ln-bin-sh"
    summary = "RUN relinks /bin/sh; use SHELL"
    targets = DOCKERFILE
    default_severity = Severity.WARNING
    hadolint = ("DL4005",)
    valid = (Valid('FROM a:1\nSHELL ["/bin/bash", "-c"]\n', filename="Dockerfile"),)
    invalid = (
        Invalid(
            "FROM a:1\nRUN ln -sf /bin/bash /bin/sh\n", filename="Dockerfile", expect=("CS329@2:5",)
        ),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        for _run, script in scripts(ctx.document):
            for command in script.find("ln", "/bin/sh"):
                yield Finding(
                    script.span(command.words[0]),
                    "'ln' over /bin/sh changes the shell for everything; use "
                    'SHELL ["/bin/bash", "-c"] instead',
                )
