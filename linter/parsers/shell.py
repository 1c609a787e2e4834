"""The shell script inside a RUN, as simple commands with their words and positions.

A real shell parser reads each script, so `apt-get` is found inside `&&` chains,
subshells, pipelines, loops, `$(...)` and heredoc scripts: tree-sitter-bash first (a C
parser, fast and complete; `shell_treesitter.py`), then bashlex (a port of bash's own
grammar) for a script tree-sitter finds an error in. When bashlex rejects it too, a small
tokenizer takes over: it honours quotes and escapes, splits commands at `;`, `&&`, `||`,
`|`, `&`, newlines and parentheses, and skips reserved words. It cannot see inside
`$(...)` or tell `case` patterns from commands, which costs a few missed findings, never
a crash. `Script.parser` says which one ran.

Flags follow hadolint's reading (`Hadolint.Shell.getAllFlags`): `--name=value` gives
`name`, `-abc` gives `a`, `b`, `c`, so the same commands count as pinned or not.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, Final

from cslint.core.diagnostics import Span
from cslint.core.lazyre import lazy

if TYPE_CHECKING:
    from cslint.parsers.dockerfile import Instruction, SourceMap


class Word:
    """A word of a simple command, its quotes removed, with its offsets in the script.
    Words and commands compare by identity: rules look one up only in the list it came
    from, where its offsets make it unique anyway."""

    __slots__ = ("end", "start", "text")

    text: Final[str]  # quotes removed
    start: Final[int]  # offsets in the script
    end: Final[int]

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text = text
        self.start = start
        self.end = end


class Command:
    """A simple command: its name and arguments."""

    __slots__ = ("words",)

    words: Final[tuple[Word, ...]]  # the name first

    def __init__(self, words: tuple[Word, ...]) -> None:
        self.words = words

    @property
    def name(self) -> str:
        return self.words[0].text

    @property
    def basename(self) -> str:
        return self.words[0].text.rsplit("/", 1)[-1]

    @property
    def args(self) -> tuple[Word, ...]:
        return self.words[1:]

    @property
    def arg_texts(self) -> list[str]:
        return [w.text for w in self.words[1:]]

    def flags(self) -> set[str]:
        out: set[str] = set()
        for word in self.args:
            out.update(_flag_names(word.text))
        return out

    def has_flag(self, *names: str) -> bool:
        return not self.flags().isdisjoint(names)

    def has_arg(self, *texts: str) -> bool:
        return any(w.text in texts for w in self.args)

    def is_(self, name: str, *subcommands: str) -> bool:
        """`name` with any of `subcommands` among its arguments (hadolint's cmdHasArgs)."""
        if self.basename != name and self.name != name:
            return False
        return not subcommands or self.has_arg(*subcommands)

    def operands(self, *, taking_value: Iterable[str] = ()) -> list[Word]:
        """The arguments that are not flags, nor the value of a flag in `taking_value`."""
        takes = set(taking_value)
        out = []
        skip = False
        for word in self.args:
            if skip:
                skip = False
                continue
            names = _flag_names(word.text)
            if names:
                if "=" not in word.text and names[-1] in takes:
                    skip = True
                continue
            out.append(word)
        return out


def _flag_names(text: str) -> list[str]:
    if text in ("-", "--") or not text.startswith("-"):
        return []
    if text.startswith("--"):
        return [text[2:].split("=", 1)[0]]
    return list(text[1:])


class ParsedScript:
    """The simple commands and pipes of a shell script, and which parser read them."""

    __slots__ = ("commands", "parser", "pipes")

    commands: list[Command]
    pipes: list[tuple[int, int]]  # offsets of each `|`
    parser: str  # "tree-sitter", "bashlex" or "fallback"

    def __init__(
        self,
        commands: list[Command] | None = None,
        pipes: list[tuple[int, int]] | None = None,
        parser: str = "bashlex",
    ) -> None:
        self.commands = [] if commands is None else commands
        self.pipes = [] if pipes is None else pipes
        self.parser = parser


class Script:
    """A RUN's script. Parsed on first use: ShellCheck needs only the text, and starting it
    early (before any shell parse) is what lets it run beside the rest of the lint."""

    __slots__ = ("_parsed", "source_map", "text")

    text: str
    source_map: SourceMap
    _parsed: ParsedScript | None

    def __init__(self, text: str, source_map: SourceMap) -> None:
        self.text = text
        self.source_map = source_map
        self._parsed = None

    def _parse(self) -> ParsedScript:
        if self._parsed is None:
            self._parsed = _parse_text(self.text)
        return self._parsed

    @property
    def commands(self) -> list[Command]:
        return self._parse().commands

    @property
    def pipes(self) -> list[tuple[int, int]]:
        return self._parse().pipes

    @property
    def parser(self) -> str:
        return self._parse().parser

    def span(self, word: Word) -> Span:
        return self.source_map.span(word.start, word.end)

    def find(self, name: str, *subcommands: str) -> Iterator[Command]:
        for command in self.commands:
            if command.is_(name, *subcommands):
                yield command


_SHELLS = frozenset({"sh", "bash", "ash", "dash", "zsh", "/bin/sh", "/bin/bash", "/bin/ash"})
_MARKER = lazy(r"(?<![<\w])\d*<<-?([\"']?)[A-Za-z0-9_.\-]+\1")


def script_of_run(run: Instruction) -> Script | None:
    """The script a shell-form RUN executes: its arguments, or the heredoc body when the
    heredoc is the script (`RUN <<EOF`, `RUN bash <<EOF`)."""
    if run.source_map is None:
        return None
    text = run.rest
    source_map = run.source_map.shifted(run.rest_offset)
    if run.heredocs:
        # A heredoc's body is input to the command on the first line; it is a script only
        # when that command is empty or a shell.
        masked = _MARKER.sub(lambda m: " " * len(m.group(0)), text)
        head = masked.split()
        if not head or (len(head) == 1 and head[0] in _SHELLS):
            heredoc = run.heredocs[0]
            return parse_script(heredoc.content, heredoc.source_map())
        text = masked
    return parse_script(text, source_map)


def parse_script(text: str, source_map: SourceMap) -> Script:
    return Script(text, source_map)


def warm() -> None:
    """Load the shell parser now: worker processes forked after this inherit it loaded."""
    try:
        from cslint.parsers import shell_treesitter

        shell_treesitter.parse("true")
    except ImportError:
        pass


def _parse_text(text: str) -> ParsedScript:
    try:
        from cslint.parsers import shell_treesitter

        parsed = shell_treesitter.parse(text)
    except ImportError:  # tree-sitter is a dependency; a broken install still lints
        parsed = None
    if parsed is not None:
        return parsed
    script = ParsedScript()
    try:
        from cslint.parsers.bashlex_loader import import_bashlex

        trees = import_bashlex().parse(text)
    except Exception:  # noqa: BLE001 - bashlex raises its own errors, and plain ones on some input
        script.parser = "fallback"
        _tokenize(text, script)
        return script
    for tree in trees:
        _walk(tree, script)
    return script


def _walk(node: Any, script: ParsedScript) -> None:
    kind = getattr(node, "kind", None)
    if kind == "command":
        words = [p for p in node.parts if p.kind == "word"]
        if words:
            script.commands.append(Command(tuple(Word(w.word, w.pos[0], w.pos[1]) for w in words)))
    elif kind == "pipe":
        script.pipes.append(node.pos)
    for attr in ("parts", "list"):
        for child in getattr(node, attr, None) or ():
            _walk(child, script)
    for attr in ("command", "output"):
        child = getattr(node, attr, None)
        if child is not None and hasattr(child, "kind"):
            _walk(child, script)


_RESERVED = frozenset(
    {"if", "then", "else", "elif", "fi", "do", "done", "while", "until", "!", "{", "}", "esac"}
)
_SKIP_COMMAND = frozenset({"for", "case", "select", "function"})
# `a|b)` inside `case ... esac`: the `|` separates patterns, it is not a pipe.
_CASE_PATTERN = lazy(r"[^\s;&|()]*\)")


def _tokenize(text: str, script: ParsedScript) -> None:
    """The fallback: quote-aware words, split into commands at control operators."""
    words: list[Word] = []
    i, n = 0, len(text)
    in_case = 0

    def flush() -> None:
        while words and words[0].text in _RESERVED:
            words.pop(0)
        if words and words[0].text not in _SKIP_COMMAND and "=" not in words[0].text:
            script.commands.append(Command(tuple(words)))
        words.clear()

    while i < n:
        ch = text[i]
        if ch in " \t":
            i += 1
            continue
        if ch == "#" and (i == 0 or text[i - 1] in " \t\n;"):
            while i < n and text[i] != "\n":
                i += 1
            continue
        if ch in "\n;&|()":
            is_pipe = ch == "|" and text[i : i + 2] != "||" and (i == 0 or text[i - 1] != "|")
            if is_pipe and not (in_case and _CASE_PATTERN.match(text, i + 1)):
                script.pipes.append((i, i + 1))
            flush()
            i += 2 if text[i : i + 2] in ("&&", "||", ";;") else 1
            continue
        start = i
        out: list[str] = []
        depth = 0
        while i < n:
            ch = text[i]
            if depth == 0 and (ch in " \t\n;&|" or (ch in "()" and not out)):
                break
            if ch == "\\" and i + 1 < n:
                out.append(text[i + 1])
                i += 2
                continue
            if ch == "'":
                close = text.find("'", i + 1)
                close = n if close < 0 else close
                out.append(text[i + 1 : close])
                i = close + 1
                continue
            if ch == '"':
                i += 1
                while i < n and text[i] != '"':
                    if text[i] == "\\" and i + 1 < n:
                        i += 1
                    out.append(text[i])
                    i += 1
                i += 1
                continue
            if ch == "$" and text[i + 1 : i + 2] == "(":
                depth += 1
                out.append("$(")
                i += 2
                continue
            if ch == ")" and depth:
                depth -= 1
            elif ch in "()" and depth == 0:
                break
            out.append(ch)
            i += 1
        word = "".join(out)
        if word == "case" and not words:
            in_case += 1
        elif word == "esac" and in_case:
            in_case -= 1
        words.append(Word(word, start, i))
    flush()
