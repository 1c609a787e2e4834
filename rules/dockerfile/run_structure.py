"""How RUNs fit together: wget and curl both (DL4001), pipes without pipefail (DL4006),
consecutive RUNs (DL3059)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cslint.core.diagnostics import Finding, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.parsers.dockerfile import Instruction
from cslint.parsers.shell import Script
from cslint.rules.dockerfile._common import base_shell

if TYPE_CHECKING:
    from cslint.parsers.dockerfile import DockerfileDocument

DOCKERFILE = frozenset({FileKind.DOCKERFILE})


class WgetAndCurl(Rule):
    """## What it does
    Reports a stage that uses both `wget` and `curl`, at each RUN that uses one of them
    once both have appeared.

    ## Why is this bad?
    Two download tools do one job: the image carries both, and their different failure
    behaviour (curl succeeds on HTTP errors without `-f`) makes the RUNs inconsistent.

    ## Example
    ```dockerfile
    RUN wget -q https://x.invalid/a
    RUN curl -fsSLO https://x.invalid/b
    ```

    ## Use instead
    ```dockerfile
    RUN curl -fsSLO https://x.invalid/a
    RUN curl -fsSLO https://x.invalid/b
    ```
    """

    code = "CS327"
    name = "wget-and-curl"
    summary = "a stage uses both wget and curl"
    targets = DOCKERFILE
    default_severity = Severity.WARNING
    default_enabled = False
    opt_in = "image size, not correctness"
    hadolint = ("DL4001",)
    valid = (Valid("FROM a:1\nRUN curl -fO x\nFROM b:1\nRUN wget x\n", filename="Dockerfile"),)
    invalid = (
        Invalid(
            "FROM a:1\nRUN curl -fO x\nRUN wget x\n", filename="Dockerfile", expect=("CS327@3:5",)
        ),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        doc = ctx.document
        seen: set[str] = set()
        current = None
        for instr in doc.instructions:
            if instr.cmd == "FROM":
                seen = set()
                continue
            run = instr.sub if instr.cmd == "ONBUILD" else instr
            if run is None or run.cmd != "RUN" or run.json or not doc.is_posix_shell(instr):
                continue
            script = doc.script(run)
            if script is None:
                continue
            tools = [c for c in script.commands if c.basename in ("wget", "curl")]
            seen |= {c.basename for c in tools}
            if tools and len(seen) == 2:
                current = tools[0]
                other = "curl" if current.basename == "wget" else "wget"
                yield Finding(
                    script.span(current.words[0]),
                    f"this stage uses both 'wget' and 'curl'; use {other!r} or "
                    f"{current.basename!r} throughout",
                )


def _sets_pipefail(args: tuple[str, ...]) -> bool:
    name = args[0].rsplit("/", 1)[-1] if args else ""
    has_o = any(a.startswith("-") and not a.startswith("--") and "o" in a for a in args[1:])
    return name in ("bash", "zsh", "ash") and has_o and "pipefail" in args


class PipeWithoutPipefail(Rule):
    """## What it does
    Reports a RUN with a pipe (`a | b`) while the shell does not have `pipefail` set,
    neither by `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` nor by `set -o pipefail`
    earlier in the same RUN (hadolint DL4006 only looks at SHELL).

    ## Why is this bad?
    Without pipefail the pipeline's status is that of its last command: `curl ... | tar x`
    succeeds when the download fails, and the image is built broken.

    A pipe fed by `echo` or `printf` is not reported: they do not fail, and `echo "$SHA
    file" | sha256sum -c -` fails in `sha256sum` when it should (hadolint DL4006 reports
    it). The advice fits the base image: Alpine has no bash, but its busybox sh has `set
    -o pipefail`; Debian's dash has no pipefail, but bash is installed, so `SHELL
    ["/bin/bash", "-o", "pipefail", "-c"]`.

    ## Example
    ```dockerfile
    RUN curl -fsSL https://x.invalid/a.tgz | tar -xz
    ```

    ## Use instead
    ```dockerfile
    SHELL ["/bin/bash", "-o", "pipefail", "-c"]
    RUN curl -fsSL https://x.invalid/a.tgz | tar -xz
    ```
    """

    code = "CS328"
    name = "pipe-without-pipefail"
    summary = "RUN has a pipe but pipefail is not set"
    targets = DOCKERFILE
    default_severity = Severity.WARNING
    default_enabled = False
    opt_in = (
        "strictness: whether a failing left side of a pipe matters depends on the "
        "command, and the remedy on the base image's shell"
    )
    hadolint = ("DL4006",)
    valid = (
        Valid(
            'FROM a:1\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN a | b\n',
            filename="Dockerfile",
        ),
        Valid(
            "FROM a:1\nRUN set -o pipefail && a | b\n",
            filename="Dockerfile",
            hadolint_differs="'set -o pipefail' comes first in the same RUN",
        ),
        Valid(
            'FROM debian:12\nRUN echo "$SHA *go.tgz" | sha256sum -c -; printf x | tee /v\n',
            filename="Dockerfile",
            hadolint_differs="a pipe fed by echo or printf hides no failure",
        ),
    )
    invalid = (
        Invalid("FROM a:1\nRUN a | b\n", filename="Dockerfile", expect=("CS328@2:7",)),
        # The second pipe is the one whose left side can fail unseen.
        Invalid(
            'FROM alpine:3.20\nRUN echo "$SHA  a.tgz" | sha256sum -c - && curl -fsSL "$URL" | tar -xz\n',
            filename="Dockerfile",
            expect=("CS328@2:62",),
        ),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        doc = ctx.document
        pipefail = False
        for instr in doc.instructions:
            if instr.cmd == "FROM":
                pipefail = False
            elif instr.cmd == "SHELL" and instr.json:
                pipefail = not doc.is_posix_shell(instr) or _sets_pipefail(instr.args)
            run = instr.sub if instr.cmd == "ONBUILD" else instr
            if pipefail or run is None or run.cmd != "RUN" or run.json:
                continue
            if not doc.is_posix_shell(instr):
                continue
            script = doc.script(run)
            if script is None or not script.pipes:
                continue
            first_pipe = script.pipes[0][0]
            if any(
                c.name == "set" and c.words[0].start < first_pipe and "pipefail" in c.arg_texts
                for c in script.commands
            ):
                continue
            pipe = _first_pipe_that_may_hide(script)
            if pipe is None:
                continue
            stage = doc.stage_of(instr)
            shell = base_shell(doc, stage) if stage is not None else None
            yield Finding(
                script.source_map.span(*pipe),
                "a pipe without 'pipefail' hides failures of all but the last command; "
                + _REMEDY[shell],
            )


# The remedy that works with the base image's /bin/sh.
_REMEDY = {
    # busybox ash has pipefail, and Alpine has no bash.
    "busybox": "start the RUN with 'set -o pipefail &&' (busybox sh has it)",
    # dash has no pipefail: `set -o pipefail` would fail the build; bash is installed.
    "dash": 'add SHELL ["/bin/bash", "-o", "pipefail", "-c"] before it (dash, the /bin/sh '
    "of Debian, has no pipefail)",
    None: 'add SHELL ["/bin/bash", "-o", "pipefail", "-c"] where bash is installed, or '
    "'set -o pipefail &&' where /bin/sh has it (busybox)",
}
# Commands whose failure in front of a pipe cannot go unnoticed: they print what they were
# given (`echo "$SHA  file" | sha256sum -c -` fails in sha256sum when it should).
_CANNOT_FAIL = frozenset({"echo", "printf", "true", "yes"})


def _first_pipe_that_may_hide(script: Script) -> tuple[int, int] | None:
    for start, end in script.pipes:
        left = [c for c in script.commands if c.words and c.words[-1].end <= start]
        if left and left[-1].basename in _CANNOT_FAIL:
            continue
        return start, end
    return None


class ConsecutiveRun(Rule):
    """## What it does
    Reports a RUN that directly follows another RUN with the same flags, when each is a
    single command, as hadolint DL3059 does (its "more than 2" counts every command
    twice). Comments between the two do not separate them.

    ## Why is this bad?
    Each RUN is a layer; two tiny RUNs in a row are usually one step split by accident,
    and cost a layer and a cache entry. Longer RUNs are left alone: splitting them is
    often deliberate, for caching.

    ## Example
    ```dockerfile
    RUN apt-get update
    RUN apt-get install -y --no-install-recommends curl
    ```

    ## Use instead
    ```dockerfile
    RUN apt-get update && apt-get install -y --no-install-recommends curl
    ```
    """

    code = "CS331"
    name = "consecutive-run"
    summary = "consecutive short RUN instructions could be one"
    targets = DOCKERFILE
    default_severity = Severity.INFO
    default_enabled = False
    opt_in = "style: separate RUNs cache better while a Dockerfile is being written"
    hadolint = ("DL3059",)
    valid = (Valid("FROM a:1\nRUN a\nWORKDIR /x\nRUN b\n", filename="Dockerfile"),)
    invalid = (
        Invalid("FROM a:1\nRUN a\n# why\nRUN b\n", filename="Dockerfile", expect=("CS331@4:1",)),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        doc = ctx.document
        previous: tuple[tuple[str, ...], int] | None = None
        for instr in doc.instructions:
            if instr.cmd != "RUN":
                previous = None
                continue
            count = _command_count(ctx, instr)
            if previous is None or previous[0] != instr.flags or count > 1 or previous[1] > 1:
                previous = (instr.flags, count)
                continue
            yield Finding(
                instr.keyword_span or instr.span,
                "this RUN follows another short RUN; join them with '&&' to save a layer",
            )


def _command_count(ctx: RuleContext[DockerfileDocument, object], run: Instruction) -> int:
    doc = ctx.document
    if run.json or not doc.is_posix_shell(run):
        return 1
    script = doc.script(run)
    if script is None:
        return 1
    # A test (`[ ... ]`) is a condition, not a command, in ShellCheck's tree and so in
    # hadolint's count.
    return sum(1 for c in script.commands if c.name not in ("[", "[["))
