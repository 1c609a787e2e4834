"""How jet turns a run step's `command` into the argv of the step's container.

jet runs the command without a shell and splits it at whitespace honouring quotes (format
doc §3.2); `&&`, `|`, `>` and `$VAR` reach the program as plain words. jet is closed
source, so the exact splitter is UNCERTAIN; cslint splits as a POSIX shell splits words
and does nothing else: single quotes keep everything, double quotes and backslashes
escape, no expansion, no comments (docs/dry-run.md, "Splitting a command").
"""

from __future__ import annotations

import shlex


class CommandSplitError(ValueError):
    """The command cannot be split (an unclosed quote, a trailing backslash)."""


def split_command(command: str) -> list[str]:
    lexer = shlex.shlex(command, posix=True, punctuation_chars=False)
    lexer.whitespace_split = True
    lexer.commenters = ""
    try:
        return list(lexer)
    except ValueError as exc:
        reason = str(exc).lower().rstrip(".")
        raise CommandSplitError(reason) from None
