"""Which scripts need ShellCheck's dataflow analysis for its errors and warnings.

ShellCheck 0.10 added `--extended-analysis=false`, which skips building the control and
data flow graph of a script; on the corpus's RUN scripts that saves about a quarter of
ShellCheck's CPU. The graph decides a few infos and styles (SC2086 on a variable known to
hold no spaces, SC2317, SC2329: CS391's, which then keeps the full analysis) and, read
from ShellCheck's source (0.10.0, 0.11.0 and its main branch of May 2026: every use of
`cfgAnalysis`), these errors and warnings, which CS390 reports:

- SC2319, SC2320 (`$?` after a condition or an echo): need `$?`.
- SC2324 (`x+=1` appends): needs `+=`.
- SC2218 (a function used before its definition): needs a function definition.
- SC2318 (`export A=1 B=$A`: a declaration reading a name it assigns): needs `local`,
  `declare`, `export`, `readonly`, `typeset` or `let` with an assignment and a later
  argument of the same command naming it.
- SC2071 instead of SC2122/SC2072/SC2073 (`[[ $n > 3 ]]` where `$n` holds a number):
  needs `$name` or `${...}` beside a `<` or `>` operator.

`needs_dataflow` says whether a script has any of these shapes. It over-approximates (a
redirection `> $file` counts as a comparison, an `export` whose value quotes its own name
counts), never the other way: a script it answers False for gets the same errors and
warnings with and without the analysis (tests/test_shellcheck_dataflow.py checks that on
every corpus and fixture script and on generated scripts for each code above).
"""

from __future__ import annotations

import re

# The declaring commands ShellCheck checks for back-references (its `declaringCommands`),
# as a word: not `/usr/local` nor `--export`.
_DECLARING = re.compile(r"(?<![\w/.-])(?:local|declare|export|readonly|typeset|let)(?![\w/.-])")
_ASSIGNMENT = re.compile(r"[\"']?([A-Za-z_]\w*)(?:\[|\+?=)")
_SIMPLE = re.compile(
    r"\$\{?\?"  # $? (SC2319, SC2320)
    r"|\+="  # x+=1 (SC2324)
    r"|\(\s*\)|(?<![\w-])function(?![\w-])"  # a function definition (SC2218)
)
# A test: `[`, `[[` or `test` as a word.
_TEST = re.compile(r"(?<![\w$\]\[-])(\[\[?|test)(?=\s)")
# $n or ${...} (quoted or not) beside <, >, <=, >=, \<, \> (SC2071).
_COMPARED = re.compile(r"\$(?:\w+|\{[^}]*\})[\"']?\s*[\"']?\\?[<>]|\\?[<>]=?[\"']?\s*[\"']?\$")
_COMMAND_ENDS = frozenset(";&|\n)")
_WORD_ENDS = _COMMAND_ENDS | frozenset(" \t")
# Inside a group: a `case` pattern's `)` or a comment could end it early.
_UNFOLLOWED = re.compile(r"(?<![\w-])case(?![\w-])|(?:^|[\s;])#")


def needs_dataflow(script: str) -> bool:
    """Whether ShellCheck's errors and warnings on `script` may depend on its dataflow
    analysis (False: they are the same without it)."""
    if _SIMPLE.search(script):
        return True
    for match in _TEST.finditer(script):
        # `[` and `test` end with their command; `[[` may hold `&&` and `||`, so its
        # reach is the rest of the script.
        end = len(script)
        if match.group(1) != "[[":
            found = _skip(script, match.end(), _COMMAND_ENDS)
            end = found if found >= 0 else end
        if _COMPARED.search(script, match.end(), end):
            return True
    for match in _DECLARING.finditer(script):
        arguments = _arguments(script, match.end())
        if arguments is None or _reads_own_assignment(arguments):
            return True
    return False


def _reads_own_assignment(arguments: list[str]) -> bool:
    """Whether an argument names what an earlier one of the same command assigns."""
    for index, argument in enumerate(arguments):
        assigned = _ASSIGNMENT.match(argument)
        if assigned is None:
            continue
        named = re.compile(rf"(?<!\w){re.escape(assigned.group(1))}(?!\w)")
        if any(named.search(later) for later in arguments[index + 1 :]):
            return True
    return False


def _arguments(text: str, start: int) -> list[str] | None:
    """The words of the command whose name ends at `start`, up to the first `;`, `&`,
    `|`, newline or `)` outside quotes, escapes and groups. None where this reader cannot
    be sure where a word or the command ends (a heredoc, a backquote, `case` or a comment
    inside a group, anything unclosed): ending one too early could hide a reference, so
    the caller then assumes the worst. Splitting a word too often only adds words."""
    words: list[str] = []
    index = start
    while index < len(text):
        while index < len(text) and text[index] in " \t":
            index += 1
        if index >= len(text) or text[index] in _COMMAND_ENDS:
            break
        end = _skip(text, index, _WORD_ENDS)
        if end < 0:
            return None
        words.append(text[index:end])
        index = end
    return words


def _skip(text: str, index: int, stops: frozenset[str]) -> int:
    """The index of the first character of `stops` at or after `index` outside quotes,
    escapes and `$(...)`, `(...)`, `${...}` groups (len(text) if none); -1 on anything
    not followed."""
    while index < len(text):
        char = text[index]
        if char in stops:
            return index
        if char == "\\":
            index += 2
        elif char == "'":
            close = text.find("'", index + 1)
            if close < 0:
                return -1
            index = close + 1
        elif char == '"':
            close = _double_quoted(text, index + 1)
            if close < 0:
                return -1
            index = close + 1
        elif char == "`" or text.startswith("<<", index):
            return -1
        elif char == "(" or text.startswith("${", index):
            opening = index if char == "(" else index + 1
            close = _skip(text, opening + 1, frozenset(")" if char == "(" else "}"))
            if close < 0 or close >= len(text) or _UNFOLLOWED.search(text, opening, close):
                return -1
            index = close + 1
        else:
            index += 1
    return len(text)


def _double_quoted(text: str, index: int) -> int:
    """The index of the `"` closing a double-quoted string that starts at `index`; -1 if
    unclosed or holding a backquote."""
    while index < len(text):
        char = text[index]
        if char == '"':
            return index
        if char == "\\":
            index += 2
        elif char == "`":
            return -1
        elif text.startswith("$(", index) or text.startswith("${", index):
            close = _skip(text, index + 2, frozenset(")" if text[index + 1] == "(" else "}"))
            if close < 0 or close >= len(text) or _UNFOLLOWED.search(text, index, close):
                return -1
            index = close + 1
        else:
            index += 1
    return -1
