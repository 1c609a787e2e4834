from __future__ import annotations

from collections.abc import Iterator

from cslint.codeship.steps_model import steps_model
from cslint.core.diagnostics import Edit, Finding, Fix, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.parsers.yamldoc import Located, YamlDocument
from cslint.rules.steps._shell import script_was_split, shell_constructs, shell_script_split


def _quote_list(texts: list[str]) -> str:
    shown = [t if t == "newline" else repr(t) for t in texts]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]


def _wrap_fix(loc: Located | None, command: str) -> Fix | None:
    """Wrap a one-line command in `sh -c '...'`, in the scalar's own quoting; None when
    that is not simple (block scalars, single quotes inside, anchors)."""
    if loc is None or loc.via_merge is not None or "'" in command or "\n" in command:
        return None
    wrapped = f"sh -c '{command.strip()}'"
    if loc.style is None and ": " not in wrapped and " #" not in wrapped:
        replacement = wrapped
    elif loc.style == "'":
        replacement = "'" + wrapped.replace("'", "''") + "'"
    elif loc.style == '"' and "\\" not in wrapped and '"' not in wrapped:
        replacement = f'"{wrapped}"'
    else:
        return None
    # Unsafe: a shell now interprets the command, which is the point but changes what runs.
    return Fix("wrap the command in sh -c", (Edit(loc.value, replacement),), False)


class CommandNeedsShell(Rule):
    """## What it does
    Warns about a run step `command` that uses shell syntax without a shell: `&&`, `||`,
    `|`, `;`, `>`, `<`, `&`, `$VAR` / `${VAR}` / `$(...)`, backticks, several lines, or a
    leading `NAME=value` environment setting.
    Operators inside quotes are plain text for a shell as well and are not reported, but
    `$VAR` and backticks inside double quotes are (a shell expands them there).
    It also warns when the script after `sh -c` is not quoted as one argument.

    ## Why is this bad?
    CodeShip splits the command into arguments honouring quotes and runs it without a
    shell (format doc §3.2): `make build && make test` runs `make` with the arguments
    `build`, `&&`, `make`, `test`; `echo $HOME` prints `$HOME`; the second line of a block
    scalar becomes more arguments of the first. Wrap the command in `sh -c '...'` (or
    `bash -c`), or move it into a script. A warning, because some programs take such
    arguments on purpose (`find -exec ... ;`).

    ## Example
    ```yaml
    - service: app
      command: npm ci && npm test
    ```

    ## Use instead
    ```yaml
    - service: app
      command: sh -c 'npm ci && npm test'
    ```
    """

    code = "CS212"
    name = "command-needs-shell"
    summary = "a command uses shell syntax, but CodeShip runs it without a shell"
    targets = frozenset({FileKind.STEPS})
    default_severity = Severity.WARNING
    fixable = True
    valid = (
        Valid("- service: app\n  command: sh -c 'npm ci && npm test > out.txt'\n"),
        Valid("- service: app\n  command: echo 'a && b' \"x | y\"\n"),
        Valid('- service: app\n  command: /usr/bin/env bash -ec "make $TARGET"\n'),
    )
    invalid = (
        Invalid(
            "- service: app\n  command: npm ci && npm test\n",
            expect=("CS212@2:12",),
            fixed="- service: app\n  command: sh -c 'npm ci && npm test'\n",
        ),
        Invalid('- service: app\n  command: echo "$HOME"\n', expect=("CS212@2:12",)),
        Invalid("- service: app\n  command: |\n    npm ci\n    npm test\n", expect=("CS212@2:12",)),
        Invalid("- service: app\n  command: sh -c npm ci && npm test\n", expect=("CS212@2:12",)),
    )

    def check(self, ctx: RuleContext[YamlDocument, None]) -> Iterator[Finding]:
        doc = ctx.document
        for step in steps_model(ctx).steps:
            command = step.data.get("command")
            if step.is_group or step.kind == "push" or not isinstance(command, str):
                continue
            span = doc.value_span((*step.path, "command"))
            if shell_script_split(command) is not None:
                if script_was_split(command):
                    yield Finding(
                        span,
                        "the script after '-c' is not quoted as one argument, so the shell "
                        "runs only its first word and gets the rest as '$0', '$1', ...; "
                        "quote the whole script",
                    )
                continue
            constructs = shell_constructs(command)
            if not constructs:
                continue
            texts = list(dict.fromkeys(c.text for c in constructs))
            yield Finding(
                span,
                f"'command' uses {_quote_list(texts[:3])}, which only a shell understands, "
                "but CodeShip runs commands without a shell; wrap it in sh -c '...'",
                fix=_wrap_fix(doc.get((*step.path, "command")), command),
            )
