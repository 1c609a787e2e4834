"""ADD where COPY does (DL3020), and COPY of several sources into a non-folder (DL3021)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cslint.core.diagnostics import Finding, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid

if TYPE_CHECKING:
    from cslint.parsers.dockerfile import DockerfileDocument

DOCKERFILE = frozenset({FileKind.DOCKERFILE})
_ARCHIVES = (
    ".tar", ".Z", ".bz2", ".gz", ".lz", ".lzma", ".tZ", ".tb2", ".tbz", ".tbz2", ".tgz",
    ".tlz", ".tpz", ".txz", ".xz", ".zst", ".tzst",
)  # fmt: skip
_URL_PREFIXES = ("http://", "https://", "git@", "git://")


class AddInsteadOfCopy(Rule):
    """## What it does
    Reports `ADD` of local files or folders, where `COPY` does the same.

    ## Why is this bad?
    `ADD` also fetches URLs and unpacks archives; using it for plain files hides which of
    the three the author meant, and a file renamed to `.tar` starts being unpacked.
    Archives and URLs (including git sources) are the legitimate uses and are accepted.

    ## Example
    ```dockerfile
    ADD . /app
    ```

    ## Use instead
    ```dockerfile
    COPY . /app
    ```
    """

    code = "CS318"
    name = "add-instead-of-copy"
    summary = "ADD is used for plain files; use COPY"
    targets = DOCKERFILE
    default_severity = Severity.ERROR
    hadolint = ("DL3020",)
    valid = (
        Valid("FROM a:1\nADD rootfs.tar.gz /\nADD https://x.invalid/f /f\n", filename="Dockerfile"),
    )
    invalid = (Invalid("FROM a:1\nADD . /app\n", filename="Dockerfile", expect=("CS318@2:1",)),)

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        for instr in ctx.document.instructions:
            if instr.cmd != "ADD" or instr.heredocs or len(instr.args) < 2:
                continue
            sources = [s.strip("\"'") for s in instr.args[:-1]]
            if all(s.endswith(_ARCHIVES) or s.startswith(_URL_PREFIXES) for s in sources):
                continue
            yield Finding(
                instr.keyword_span or instr.span,
                "'ADD' copies plain files here; use 'COPY' (keep ADD for URLs and archives)",
            )


class CopyDestinationNotFolder(Rule):
    """## What it does
    Reports `COPY` or `ADD` with several sources whose destination does not end in `/`
    (hadolint DL3021 checks COPY only; Docker requires it of both).

    ## Why is this bad?
    Docker requires a folder destination for several sources and fails the build with
    "When using COPY with more than one source file, the destination must be a directory
    and end with a /".

    ## Example
    ```dockerfile
    COPY package.json package-lock.json /app
    ```

    ## Use instead
    ```dockerfile
    COPY package.json package-lock.json /app/
    ```
    """

    code = "CS319"
    name = "copy-destination-not-folder"
    summary = "COPY with several sources needs a destination ending in '/'"
    targets = DOCKERFILE
    default_severity = Severity.ERROR
    hadolint = ("DL3021",)
    valid = (Valid("FROM a:1\nCOPY a b /app/\nCOPY a /app\n", filename="Dockerfile"),)
    invalid = (Invalid("FROM a:1\nCOPY a b /app\n", filename="Dockerfile", expect=("CS319@2:10",)),)

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        for instr in ctx.document.instructions:
            if instr.cmd not in ("COPY", "ADD") or instr.heredocs or len(instr.args) < 3:
                continue
            dest = instr.args[-1]
            if dest.strip("\"'").endswith(("/", "\\")):
                continue
            start = instr.text.rfind(dest)
            span = instr.span_of(start, start + len(dest)) if start >= 0 else instr.rest_span()
            yield Finding(
                span,
                f"{instr.cmd!r} has {len(instr.args) - 1} sources, so the destination {dest!r} must be "
                f"a folder ending in '/': write '{dest}/'",
            )
