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
from typing import Final

SHELLS = frozenset({"sh", "bash", "ash", "dash", "zsh", "ksh"})
_OPERATORS = ("&&", "||", ">>", "2>", "|", ";", ">", "<", "&")
_ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")
_EXPANSION = re.compile(r"\$(?:[A-Za-z_][A-Za-z0-9_]*|\{|\()")


class ShellConstruct:
    """Something in a step's command that only a shell understands."""

    __slots__ = ("offset", "quoted", "text")

    text: Final[str]  # e.g. "&&", "$HOME", "`", "newline"
    offset: Final[int]  # where it starts in the command
    quoted: Final[bool]  # inside double quotes

    def __init__(self, text: str, offset: int, quoted: bool) -> None:
        self.text = text
        self.offset = offset
        self.quoted = quoted


def shell_constructs(command: str) -> list[ShellConstruct]:
    found: list[ShellConstruct] = []
    leading = command.lstrip()
    assignment = _ASSIGNMENT.match(leading)
    if assignment is not None:
        # `NAME=value cmd`: only a shell reads the first word as an environment setting.
        word = leading.split(None, 1)[0]
        found.append(ShellConstruct(word, len(command) - len(leading), False))
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
            if op is not None and _stands_alone(command, i, op):
                found.append(ShellConstruct(op, i, False))
                i += len(op)
                continue
        i += 1
    return found


def _stands_alone(command: str, i: int, op: str) -> bool:
    """Whether a shell would read `op` at `i` as an operator that the author meant as
    one, rather than as part of a word such as the `&` of `?a=1&b=2` or the `>` of `a->b`
    (jet passes those through unchanged, which is what such an author wants)."""
    if op in ("&&", "||", "|"):
        return True
    end = i + len(op)
    if op in (";", "&"):
        return end == len(command) or command[end].isspace()
    start = i
    while start > 0 and command[start - 1].isdigit():
        start -= 1  # the `2` of `2>`
    return start == 0 or command[start - 1].isspace()


def shell_script_split(command: str) -> list[str] | None:
    """For `sh -c SCRIPT [ARG...]` (also `bash -ec`, `/usr/bin/env bash -c`, ...): the
    words that follow the script, which the shell receives as `$0`, `$1`, ... and does not
    run; None when the command is not a shell given a script with `-c`."""
    try:
        words = shlex.split(command)
    except ValueError:
        return None
    if words and posixpath.basename(words[0]) == "env":
        words = words[1:]
    if not words or posixpath.basename(words[0]) not in SHELLS:
        return None
    i = 1
    while i < len(words):
        word = words[i]
        if word in ("-o", "+o", "-O", "+O"):
            i += 2  # `-o pipefail`: the option's value is the next word
            continue
        if word.startswith("--"):
            i += 1  # `--login`, `--norc`
            continue
        if not word.startswith(("-", "+")):
            return None  # a script file, not `-c`
        if word.startswith("-") and "c" in word[1:]:
            return words[i + 2 :] if len(words) > i + 1 else []
        i += 1
    return None


def script_was_split(command: str) -> bool:
    """True when the words after the script show that the script itself was cut at
    whitespace: an operator among them, or a one-word script followed by more words
    (`bash -c ./deploy.sh production` runs `./deploy.sh` alone)."""
    after = shell_script_split(command)
    if not after:
        return False
    script = shlex.split(command)[-len(after) - 1]
    if any(word in _OPERATORS or word in ("&&", "||") for word in after):
        return True
    return not any(ch.isspace() for ch in script)
