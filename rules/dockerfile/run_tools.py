"""Commands in RUN that hadolint has opinions on: tools that make no sense in a build
(DL3001), a copied archive extracted by hand (DL3010), `useradd` with a high UID (DL3046),
and `wget`'s progress output (DL3047)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cslint.core.diagnostics import Finding, Severity, Span
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.parsers.shell import Command
from cslint.rules.dockerfile._common import scripts
from cslint.rules.dockerfile._image import unquote

if TYPE_CHECKING:
    from cslint.parsers.dockerfile import DockerfileDocument

DOCKERFILE = frozenset({FileKind.DOCKERFILE})
_POINTLESS = frozenset({"free", "kill", "mount", "ps", "service", "shutdown", "ssh", "top", "vim"})


class PointlessCommand(Rule):
    """## What it does
    Reports commands that make no sense while an image is built: `ssh`, `vim`,
    `shutdown`, `service`, `ps`, `free`, `top`, `kill` and `mount`.

    ## Why is this bad?
    A build step has no terminal, no running services and no other processes to look
    at: an editor hangs, `service ... start` starts a daemon that dies with the step,
    and `ps` or `top` only add noise to the log. Do such things when the container runs.

    ## Example
    ```dockerfile
    RUN service nginx start
    ```

    ## Use instead
    ```dockerfile
    CMD ["nginx", "-g", "daemon off;"]
    ```
    """

    code = "CS338"
    name = "pointless-command"
    summary = "command that makes no sense in an image build"
    targets = DOCKERFILE
    default_severity = Severity.INFO
    default_enabled = False
    opt_in = "style: a command that does nothing in a RUN costs nothing but a line"
    hadolint = ("DL3001",)
    valid = (
        Valid("FROM debian:12\nRUN echo top && ps_mem --help\n"),
        Valid("FROM debian:12\nRUN pkill -f x || true\n"),
        Valid("FROM debian:12\nRUN apt-get install -y openssh-client=1:9.2\n"),
        Valid("FROM debian:12\nRUN ./free.sh && service-cli ok\n"),
        Valid("FROM debian:12\nRUN echo kill\n"),
        Valid("FROM debian:12\nRUN mountpoint -q /proc || true\n"),
    )
    invalid = (
        Invalid("FROM debian:12\nRUN service nginx start\n", expect=("CS338@2:5",)),
        Invalid("FROM debian:12\nRUN ps aux | grep nginx\n", expect=("CS338@2:5",)),
        Invalid("FROM debian:12\nONBUILD RUN vim /etc/hosts\n", expect=("CS338@2:13",)),
        Invalid("FROM debian:12\nRUN make && shutdown -h now\n", expect=("CS338@2:13",)),
        Invalid("FROM debian:12\nRUN mount -t tmpfs none /mnt\n", expect=("CS338@2:5",)),
        Invalid("FROM debian:12\nRUN if true; then top -b -n1; fi\n", expect=("CS338@2:19",)),
        Invalid("FROM debian:12\nRUN kill -9 1 || true\n", expect=("CS338@2:5",)),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        for _run, script in scripts(ctx.document):
            for command in script.commands:
                if command.name in _POINTLESS:
                    yield Finding(
                        script.span(command.words[0]),
                        f"'{command.name}' makes no sense while an image is built; do it "
                        "when the container runs",
                    )


ARCHIVE_SUFFIXES = (
    ".tar", ".Z", ".bz2", ".gz", ".lz", ".lzma", ".tZ", ".tb2", ".tbz", ".tbz2", ".tgz",
    ".tlz", ".tpz", ".txz", ".xz",
)  # fmt: skip
_DECOMPRESSORS = frozenset(
    {"unzip", "gunzip", "bunzip2", "unlzma", "unxz", "zgz", "uncompress", "zcat", "gzcat"}
)


def _basename(path: str) -> str:
    return unquote(path).replace("\\", "/").rsplit("/", 1)[-1]


def _extracts(command: Command) -> bool:
    if command.name in _DECOMPRESSORS:
        return True
    if command.name != "tar":
        return False
    return any(
        w.text in ("--extract", "--get") or (w.text.startswith("-") and "x" in w.text)
        for w in command.args
    )


class CopyThenExtract(Rule):
    """## What it does
    Reports a `COPY` of a local archive (`.tar`, `.tar.gz`, `.tgz`, `.xz`, ...) that a
    later `RUN` of the same stage extracts (`tar -x`, `gunzip`, ...).

    ## Why is this bad?
    The archive stays in the COPY's layer even after it is unpacked. `ADD` unpacks a
    local tar archive itself, in one layer, and keeps only the files.

    ## Example
    ```dockerfile
    COPY app.tar.gz /tmp/
    RUN tar -xzf /tmp/app.tar.gz -C /opt
    ```

    ## Use instead
    ```dockerfile
    ADD app.tar.gz /opt/
    ```
    """

    code = "CS339"
    name = "copy-then-extract"
    summary = "COPY of a local archive that a RUN then extracts"
    targets = DOCKERFILE
    default_severity = Severity.INFO
    default_enabled = False
    opt_in = "image size, not correctness"
    hadolint = ("DL3010",)
    valid = (
        Valid("FROM debian:12\nADD app.tar.gz /opt/\n"),
        Valid("FROM debian:12\nCOPY app.tar.gz /srv/\nRUN ls /srv\n"),
        Valid("FROM debian:12\nCOPY --from=build /out/app.tgz /tmp/\nRUN tar -xf /tmp/app.tgz\n"),
        Valid("FROM debian:12\nCOPY app.tar.gz /tmp/\nRUN tar -cf other.tar /tmp\n"),
        Valid(
            "FROM debian:12 AS a\nCOPY app.tar.gz /tmp/\n"
            "FROM debian:12\nRUN tar -xf /tmp/app.tar.gz\n"
        ),
        Valid("FROM debian:12\nCOPY site.tar.gz /srv/\nRUN tar -xzf /opt/other.tar.gz\n"),
        Valid("FROM debian:12\nCOPY app.zip /tmp/\nRUN ls /tmp\n"),
    )
    invalid = (
        Invalid(
            "FROM debian:12\nCOPY app.tar.gz /tmp/\nRUN tar -xzf /tmp/app.tar.gz -C /opt\n",
            expect=("CS339@2:6",),
        ),
        Invalid(
            "FROM debian:12\nCOPY data /tmp/data.gz\nRUN gunzip /tmp/data.gz\n",
            expect=("CS339@2:11",),
        ),
        Invalid(
            "FROM debian:12\nCOPY a.txt b.tar.xz /src/\nRUN cd /src && tar --extract -f b.tar.xz\n",
            expect=("CS339@2:12",),
        ),
        Invalid("FROM debian:12\nCOPY x.tgz /\nRUN tar -xvzf /x.tgz\n", expect=("CS339@2:6",)),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        doc = ctx.document
        for stage in doc.stages:
            copied: dict[str, Span] = {}
            for instr in stage.instructions:
                if instr.cmd == "COPY" and instr.flag("from") is None and len(instr.args) >= 2:
                    target = instr.args[-1]
                    if _basename(target).endswith(ARCHIVE_SUFFIXES):
                        copied[_basename(target)] = instr.find_or_keyword(target, instr.rest_offset)
                    else:
                        for source in instr.args[:-1]:
                            if _basename(source).endswith(ARCHIVE_SUFFIXES):
                                copied[_basename(source)] = instr.find_or_keyword(
                                    source, instr.rest_offset
                                )
                elif instr.cmd == "RUN" and copied:
                    script = doc.script(instr) if not instr.json else None
                    if script is None:
                        continue
                    for command in script.commands:
                        if not _extracts(command):
                            continue
                        for word in command.operands():
                            name = _basename(word.text)
                            span = copied.pop(name, None)
                            if span is not None:
                                yield Finding(
                                    span,
                                    f"the archive {name!r} stays in the COPY layer after it "
                                    "is extracted; 'ADD' it to the target folder instead",
                                )


def _uid(command: Command) -> str | None:
    """The value of `-u`/`--uid`, in any of its spellings."""
    args = command.arg_texts
    for index, text in enumerate(args):
        if text in ("-u", "--uid") and index + 1 < len(args):
            return args[index + 1]
        if text.startswith("--uid="):
            return text[len("--uid=") :]
        if text.startswith("-u") and not text.startswith("--") and len(text) > 2:
            return text[2:]
    return None


class UseraddWithoutNoLogInit(Rule):
    """## What it does
    Reports `useradd` with a UID of more than five digits and without `-l`
    (`--no-log-init`).

    ## Why is this bad?
    useradd records the new user in `/var/log/lastlog` and `/var/log/faillog`, sparse
    files indexed by UID; in an image layer they are stored in full, so a UID such as
    `1000000` adds hundreds of megabytes.

    ## Example
    ```dockerfile
    RUN useradd -u 1000000 app
    ```

    ## Use instead
    ```dockerfile
    RUN useradd -l -u 1000000 app
    ```
    """

    code = "CS353"
    name = "useradd-without-no-log-init"
    summary = "`useradd` with a high UID without `-l`"
    targets = DOCKERFILE
    default_severity = Severity.WARNING
    hadolint = ("DL3046",)
    valid = (
        Valid("FROM debian:12\nRUN useradd -l -u 1000000 app\n"),
        Valid("FROM debian:12\nRUN useradd -u 1000 app\n"),
        Valid("FROM debian:12\nRUN useradd --no-log-init -u 2000000 app\n"),
        Valid("FROM debian:12\nRUN useradd -r app\n"),
        Valid("FROM debian:12\nRUN useradd -lu 1000000 app\n"),
    )
    invalid = (
        Invalid("FROM debian:12\nRUN useradd -u 1000000 app\n", expect=("CS353@2:5",)),
        Invalid(
            "FROM debian:12\nRUN groupadd -g 1 g && useradd -m -u 123456 -g g app\n",
            expect=("CS353@2:24",),
        ),
        Invalid("FROM debian:12\nRUN useradd --system -u 99999999 svc\n", expect=("CS353@2:5",)),
        Invalid(
            "FROM debian:12\nRUN useradd -u 1234567 -m app && echo ok\n", expect=("CS353@2:5",)
        ),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        for _run, script in scripts(ctx.document):
            for command in script.find("useradd"):
                uid = _uid(command)
                if uid is None or len(uid) <= 5 or command.has_flag("l", "no-log-init"):
                    continue
                yield Finding(
                    script.span(command.words[0]),
                    f"'useradd' with the UID {uid} writes huge lastlog/faillog files into "
                    "the layer; add '-l'",
                )


class WgetWithoutProgress(Rule):
    """## What it does
    Reports `wget` without `--progress=...`, `-q` (`--quiet`), `-nv` (`--no-verbose`),
    or a log file (`-o`, `-a`).

    ## Why is this bad?
    wget's default progress bar, without a terminal, prints a line of dots for every few
    kilobytes: a large download fills the build log with thousands of lines.

    ## Example
    ```dockerfile
    RUN wget https://example.com/app.tar.gz
    ```

    ## Use instead
    ```dockerfile
    RUN wget --progress=dot:giga https://example.com/app.tar.gz
    ```
    """

    code = "CS354"
    name = "wget-without-progress"
    summary = "`wget` without a progress or quiet option"
    targets = DOCKERFILE
    default_severity = Severity.INFO
    default_enabled = False
    opt_in = "build log noise, not correctness"
    hadolint = ("DL3047",)
    valid = (
        Valid("FROM debian:12\nRUN wget --progress=dot:giga https://example.com/a.tgz\n"),
        Valid("FROM debian:12\nRUN wget -qO- https://example.com/a.sh | sh\n"),
        Valid("FROM debian:12\nRUN wget -nv https://example.com/a.tgz\n"),
        Valid("FROM debian:12\nRUN wget --quiet https://example.com/a.tgz\n"),
        Valid("FROM debian:12\nRUN wget -o /tmp/log https://example.com/a.tgz\n"),
        Valid("FROM debian:12\nRUN curl -fsSL https://example.com/a.tgz -o a.tgz\n"),
        Valid("FROM debian:12\nRUN wget --no-verbose https://example.com/a\n"),
        Valid("FROM debian:12\nRUN wget -a /tmp/log https://example.com/a\n"),
    )
    invalid = (
        Invalid("FROM debian:12\nRUN wget https://example.com/a.tgz\n", expect=("CS354@2:5",)),
        Invalid(
            "FROM debian:12\nRUN cd /tmp && wget -O a.tgz https://example.com/a.tgz\n",
            expect=("CS354@2:16",),
        ),
        Invalid("FROM debian:12\nRUN wget -c https://example.com/a.tgz\n", expect=("CS354@2:5",)),
        Invalid("FROM debian:12\nONBUILD RUN wget https://example.com/a\n", expect=("CS354@2:13",)),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        for _run, script in scripts(ctx.document):
            for command in script.commands:
                if command.name != "wget":
                    continue
                if command.has_flag(
                    "progress", "q", "quiet", "o", "output-file", "a", "append-output",
                    "no-verbose",
                ) or command.has_arg("-nv"):  # fmt: skip
                    continue
                yield Finding(
                    script.span(command.words[0]),
                    "'wget' without '--progress=dot:giga' (or '-q', '-nv') fills the build "
                    "log with progress dots",
                )
