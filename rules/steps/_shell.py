"""What a shell would do with a command that CodeShip instead splits into argv.

jet splits `command` at whitespace honouring quotes and runs it without a shell (format
doc §3.2). This scanner walks the text with the same quoting and records each construct
that means something only to a shell, and whether it stood inside double quotes (where a
shell still expands `$VAR` and backticks) or bare.
"""

from __future__ import annotations

import posixpath
import re
import shlex
from dataclasses import dataclass

SHELLS = frozenset({"sh", "bash", "ash", "dash", "zsh", "ksh"})
_OPERATORS = ("&&", "||", ">>", "2>", "|", ";", ">", "<", "&")
_EXPANSION = re.compile(r"\$(?:[A-Za-z_][A-Za-z0-9_]*|\{|\()")


@dataclass(frozen=True, slots=True)
class ShellConstruct:
    text: str  # e.g. "&&", "$HOME", "`", "newline"
    offset: int  # where it starts in the command
    quoted: bool  # inside double quotes


def shell_constructs(command: str) -> list[ShellConstruct]:
    found: list[ShellConstruct] = []
    quote: str | None = None
    i = 0
    while i < len(command):
        ch = command[i]
        if quote == "'":
            if ch == "'":
                quote = None
            i += 1
            continue
        if ch == "\\":
            i += 2
            continue
        if quote == '"' and ch == '"':
            quote = None
            i += 1
            continue
        if quote is None and ch in "'\"":
            quote = ch
            i += 1
            continue
        expansion = _EXPANSION.match(command, i)
        if expansion is not None:
            text = expansion.group(0)
            if text == "${":
                end = command.find("}", i)
                text = command[i : end + 1] if end > 0 else text
            found.append(ShellConstruct(text, i, quote is not None))
            i += len(expansion.group(0))
            continue
        if ch == "`":
            found.append(ShellConstruct("`", i, quote is not None))
            i += 1
            continue
        if quote is None:
            if ch == "\n" and command[i:].strip():
                found.append(ShellConstruct("newline", i, False))
                i += 1
                continue
            op = next((o for o in _OPERATORS if command.startswith(o, i)), None)
            if op is not None:
                found.append(ShellConstruct(op, i, False))
                i += len(op)
                continue
        i += 1
    return found


def shell_wrapped(command: str) -> bool:
    """True for `sh -c ...`, `bash -ec ...`, `/usr/bin/env bash -c ...` and the like."""
    try:
        words = shlex.split(command)
    except ValueError:
        return False
    if words and posixpath.basename(words[0]) == "env":
        words = words[1:]
    if not words or posixpath.basename(words[0]) not in SHELLS:
        return False
    for word in words[1:]:
        if not word.startswith("-") or word.startswith("--"):
            return False
        if "c" in word[1:]:
            return True
    return False
