"""apt-get hygiene: -y (DL3014), --no-install-recommends (DL3015), pinned versions
(DL3008), and removing the package lists (DL3009)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cslint.core.diagnostics import Finding, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.parsers.dockerfile import Instruction
from cslint.parsers.shell import Command, Script
from cslint.rules.dockerfile._common import cache_mount_targets, expands, scripts

if TYPE_CHECKING:
    from cslint.parsers.dockerfile import DockerfileDocument

DOCKERFILE = frozenset({FileKind.DOCKERFILE})
_VALUE_FLAGS = ("t", "target-release", "o", "option", "c", "config-file")


def _installs(
    ctx: RuleContext[DockerfileDocument, object],
) -> Iterator[tuple[Instruction, Script, Command]]:
    for run, script in scripts(ctx.document):
        for command in script.find("apt-get", "install"):
            yield run, script, command


class AptGetWithoutYes(Rule):
    """## What it does
    Reports `apt-get install` without `-y` (`--yes`, `--assume-yes`, or `-qq`).

    ## Why is this bad?
    Without it apt-get asks for confirmation, gets no answer in a build, and aborts.
    hadolint (DL3014) also accepts a single `-q`, which does not answer the prompt;
    cslint does not.

    ## Example
    ```dockerfile
    RUN apt-get update && apt-get install curl
    ```

    ## Use instead
    ```dockerfile
    RUN apt-get update && apt-get install -y curl
    ```
    """

    code = "CS308"
    name = "apt-get-without-yes"
    summary = "`apt-get install` without `-y`"
    targets = DOCKERFILE
    default_severity = Severity.WARNING
    hadolint = ("DL3014",)
    valid = (Valid("FROM a:1\nRUN apt-get install -qy curl\n", filename="Dockerfile"),)
    invalid = (
        Invalid(
            "FROM a:1\nRUN apt-get install curl\n", filename="Dockerfile", expect=("CS308@2:5",)
        ),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        for _run, script, command in _installs(ctx):
            flags = [f for w in command.args for f in _flag_list(w.text)]
            if {"y", "yes", "assume-yes"} & set(flags) or flags.count("q") >= 2:
                continue
            if any(w.text in ("-q=2", "--quiet=2") for w in command.args):
                continue
            yield Finding(
                script.span(command.words[0]),
                "'apt-get install' without '-y' waits for a confirmation that never comes; "
                "add '-y'",
            )


def _flag_list(text: str) -> list[str]:
    if text.startswith("--"):
        return [text[2:].split("=", 1)[0]]
    if text.startswith("-") and text != "-":
        return list(text[1:])
    return []


class AptGetRecommends(Rule):
    """## What it does
    Reports `apt-get install` without `--no-install-recommends`.

    ## Why is this bad?
    Recommended packages are installed too: images grow by tens of megabytes of things
    nobody asked for, and every build downloads them.

    ## Example
    ```dockerfile
    RUN apt-get install -y curl
    ```

    ## Use instead
    ```dockerfile
    RUN apt-get install -y --no-install-recommends curl
    ```
    """

    code = "CS309"
    name = "apt-get-recommends"
    summary = "`apt-get install` without `--no-install-recommends`"
    targets = DOCKERFILE
    default_severity = Severity.INFO
    default_enabled = False
    opt_in = "image size, not correctness: recommended packages are sometimes wanted"
    hadolint = ("DL3015",)
    valid = (
        Valid(
            "FROM a:1\nRUN apt-get install -y --no-install-recommends curl\n", filename="Dockerfile"
        ),
    )
    invalid = (
        Invalid(
            "FROM a:1\nRUN apt-get install -y curl\n", filename="Dockerfile", expect=("CS309@2:5",)
        ),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        for _run, script, command in _installs(ctx):
            if command.has_flag("no-install-recommends") or command.has_arg(
                "APT::Install-Recommends=false", "APT::Install-Recommends=0"
            ):
                continue
            yield Finding(
                script.span(command.words[0]),
                "'apt-get install' without '--no-install-recommends' also installs "
                "recommended packages; add the flag",
            )


class AptGetUnpinned(Rule):
    """## What it does
    Reports packages in `apt-get install` without a version (`curl=8.5.0-2`).
    A release (`curl/bookworm-backports`) or a `.deb` file counts as pinned, and a
    variable (`$buildDeps`) is not a package: its value is set elsewhere.

    ## Why is this bad?
    The same Dockerfile installs different versions on different days; a build breaks
    without a change in the repository, and a bug cannot be reproduced.
    cslint reports each unpinned package at its own position (hadolint DL3008 reports
    the RUN once); values of `-o` and `-c` are options, not packages.

    ## Example
    ```dockerfile
    RUN apt-get install -y curl
    ```

    ## Use instead
    ```dockerfile
    RUN apt-get install -y curl=8.5.0-2
    ```
    """

    code = "CS310"
    name = "apt-get-unpinned"
    summary = "`apt-get install` of a package without a version"
    targets = DOCKERFILE
    default_severity = Severity.WARNING
    default_enabled = False
    opt_in = (
        "version pinning is a policy: most images take the distribution's current package "
        "on purpose, to get its security fixes"
    )
    hadolint = ("DL3008",)
    valid = (
        Valid("FROM a:1\nRUN apt-get install -y curl=8.5.0-2 ./x.deb\n", filename="Dockerfile"),
        # A variable holds a list of packages, not a package (hadolint DL3008 flags it).
        Valid(
            'FROM a:1\nRUN apt-get install -y --no-install-recommends $buildDeps "${EXTRA}"\n',
            filename="Dockerfile",
            hadolint_differs="$buildDeps holds a list of packages, not a package",
        ),
    )
    invalid = (
        Invalid(
            "FROM a:1\nRUN apt-get install -y \\\n    curl \\\n    git=1:2.39\n",
            filename="Dockerfile",
            expect=("CS310@3:5",),
        ),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        for _run, script, command in _installs(ctx):
            for word in command.operands(taking_value=_VALUE_FLAGS):
                package = word.text
                if package == "install" or "=" in package or "/" in package or expands(package):
                    continue
                if package.endswith(".deb"):
                    continue
                yield Finding(
                    script.span(word),
                    f"package {package!r} has no pinned version; write '{package}=<version>'",
                )


class AptListsNotRemoved(Rule):
    """## What it does
    Reports a `RUN` with `apt-get update` (or `apt update`) that does not remove
    `/var/lib/apt/lists`
    in the same RUN, in the final stage or in a stage another stage builds on.

    ## Why is this bad?
    The package lists (tens of megabytes) stay in the layer forever. A cache mount on
    `/var/lib/apt/lists` is accepted, and so is `apt-get dist-clean` (apt 2.7+), which
    removes them. hadolint (DL3009) accepts any `rm -rf`, even of another folder; cslint
    wants the lists removed.

    ## Example
    ```dockerfile
    RUN apt-get update && apt-get install -y --no-install-recommends curl
    ```

    ## Use instead
    ```dockerfile
    RUN apt-get update && apt-get install -y --no-install-recommends curl \\
        && rm -rf /var/lib/apt/lists/*
    ```
    """

    code = "CS311"
    name = "apt-lists-not-removed"
    summary = "`apt-get update` without removing `/var/lib/apt/lists`"
    targets = DOCKERFILE
    default_severity = Severity.INFO
    default_enabled = False
    opt_in = "image size, not correctness"
    hadolint = ("DL3009",)
    valid = (
        Valid(
            "FROM a:1\nRUN apt-get update && apt-get install -y x && rm -rf /var/lib/apt/lists/*\n",
            filename="Dockerfile",
        ),
        Valid("FROM a:1 AS build\nRUN apt-get update\nFROM b:1\n", filename="Dockerfile"),
    )
    invalid = (
        Invalid(
            "FROM a:1\nRUN apt-get update && apt-get install -y x\n",
            filename="Dockerfile",
            expect=("CS311@2:5",),
        ),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        doc = ctx.document
        stages = doc.stages
        used_later = {s.image.lower() for s in stages}
        for run, script in scripts(doc):
            stage = doc.stage_of(run)
            # Only the final stage, and stages a later FROM builds on, end up in an image.
            if (
                stage is not None
                and stage is not stages[-1]
                and (stage.name is None or stage.name not in used_later)
            ):
                continue
            updates = [*script.find("apt-get", "update"), *script.find("apt", "update")]
            if not updates:
                continue
            if any(
                w.text.startswith("/var/lib/apt/lists") for c in script.find("rm") for w in c.args
            ) or any(script.find("apt-get", "dist-clean")):
                continue
            targets = cache_mount_targets(run)
            if any(t.rstrip("/").startswith("/var/lib/apt") for t in targets):
                continue
            yield Finding(
                script.span(updates[0].words[0]),
                "the package lists of 'apt-get update' stay in the layer; end the RUN with "
                "'rm -rf /var/lib/apt/lists/*'",
            )
