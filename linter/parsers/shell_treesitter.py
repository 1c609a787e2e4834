"""RUN scripts parsed by tree-sitter-bash, the fast and complete shell parser.

tree-sitter-bash is a C parser: about 7x faster than bashlex on the corpus's RUN scripts
(0.05 s against 0.37 s for 479 scripts) and it reads what bashlex rejects (`case`,
`[[ ]]`, arithmetic). Its tree is turned into the same `Command`/`Word` shapes bashlex
gave, and `tests/test_shell_parsers.py` checks on every corpus script that both agree
wherever bashlex is right; where they differ, tree-sitter is the one that follows bash
(backslashes inside quotes, commands inside loops bashlex skips). Two quirks of the
grammar are undone here: a redirect that swallows the words after its target, and a
word split after a `$`. A script with a syntax error returns None, and the caller falls
back to bashlex.
"""

from __future__ import annotations

from typing import Any

from cslint.parsers.shell import Command, ParsedScript, Word

_PARSER: Any = None


def _parser() -> Any:
    global _PARSER
    if _PARSER is None:
        import tree_sitter

        _PARSER = tree_sitter.Parser(tree_sitter.Language(_bash_grammar()))
    return _PARSER


def _bash_grammar() -> object:
    """tree-sitter-bash's grammar, loaded from its extension module alone: the package's
    `__init__` imports importlib.resources (with tempfile, shutil and pathlib, about 5 ms of
    every start) for a highlighting query cslint never reads. Anything unusual about the
    installed package (no `_binding` beside it, a zipped install): the package itself."""
    import importlib.machinery
    import sys

    if "tree_sitter_bash" not in sys.modules:
        package = importlib.machinery.PathFinder.find_spec("tree_sitter_bash")
        folders = package.submodule_search_locations if package is not None else None
        binding = importlib.machinery.PathFinder.find_spec("_binding", list(folders or []))
        loader = binding.loader if binding is not None else None
        if binding is not None and isinstance(loader, importlib.machinery.ExtensionFileLoader):
            module = loader.create_module(binding)
            loader.exec_module(module)
            return module.language()
    import tree_sitter_bash

    return tree_sitter_bash.language()


_REDIRECTS = {"file_redirect", "herestring_redirect", "heredoc_redirect"}
_COMMANDS = {"command", "declaration_command", "unset_command", "test_command"}


def _substitution_end(raw: str, i: int) -> int:
    """The index after the `)` that closes the `$(` at `i` (quotes and nesting honoured)."""
    depth, j, quote = 0, i + 1, None
    while j < len(raw):
        c = raw[j]
        if quote:
            if c == "\\" and quote == '"':
                j += 1
            elif c == quote:
                quote = None
        elif c in "'\"":
            quote = c
        elif c == "\\":
            j += 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return j + 1
        j += 1
    return len(raw)


def unquote(raw: str) -> str:
    """A shell word's text after quote removal; `$(...)` and backquotes stay as written,
    as bash leaves them to the command they run."""
    out: list[str] = []
    i, quote = 0, None
    while i < len(raw):
        c = raw[i]
        if quote != "'" and raw.startswith("$(", i):
            end = _substitution_end(raw, i)
            out.append(raw[i:end])
            i = end
            continue
        if quote != "'" and c == "`":
            end = raw.find("`", i + 1)
            end = len(raw) if end < 0 else end + 1
            out.append(raw[i:end])
            i = end
            continue
        if quote == "'":
            if c == "'":
                quote = None
            else:
                out.append(c)
        elif quote == '"':
            if c == '"':
                quote = None
            elif c == "\\" and i + 1 < len(raw) and raw[i + 1] in '"\\$`\n':
                i += 1
                if raw[i] != "\n":
                    out.append(raw[i])
            else:
                out.append(c)
        elif c in "'\"":
            quote = c
        elif c == "\\" and i + 1 < len(raw):
            i += 1
            if raw[i] != "\n":
                out.append(raw[i])
        else:
            out.append(c)
        i += 1
    return "".join(out)


_ATOMS = {
    "word",
    "string",
    "raw_string",
    "concatenation",
    "simple_expansion",
    "expansion",
    "command_substitution",
    "number",
    "ansi_c_string",
    "translated_string",
    "regex",
    "extglob_pattern",
}


def _atoms(node: Any) -> list[Any]:
    """The shell words of a test (`[ ... ]`): what a shell would pass as argv."""
    out = []
    for child in node.children:
        if child.type in _ATOMS or child.child_count == 0:
            out.append(child)
        else:
            out.extend(_atoms(child))
    return out


def _stray_destinations(redirect: Any) -> list[Any]:
    """Words tree-sitter-bash files under a redirect that bash passes to the command: a
    destination right after another destination, not after a redirect operator."""
    stray = []
    previous = None
    for index, child in enumerate(redirect.children):
        if (
            redirect.field_name_for_child(index) == "destination"
            and previous is not None
            and previous.is_named
        ):
            stray.append(child)
        previous = child
    return stray


def _join_adjacent(words: list[Word], text: str) -> list[Word]:
    """Pieces with no blank between them are one shell word (tree-sitter-bash sometimes
    splits `a-$B-$C` after a `$`). A bare `{` or `}` is a reserved word that
    tree-sitter-bash leaves in a command after `!` (`! { ldd x; }`), never an argument."""
    out: list[Word] = []
    for w in words:
        if text[w.start : w.end] in ("{", "}"):
            continue
        if out and out[-1].end == w.start:
            start = out[-1].start
            out[-1] = Word(unquote(text[start : w.end]), start, w.end)
        else:
            out.append(w)
    return out


def parse(text: str) -> ParsedScript | None:
    data = text.encode("utf-8")
    tree = _parser().parse(data)
    root = tree.root_node
    if root.has_error:
        return None
    ascii_only = len(data) == len(text)
    if ascii_only:

        def char(b: int) -> int:
            return b
    else:
        table = [0] * (len(data) + 1)
        pos = 0
        for index, ch in enumerate(text):
            n = len(ch.encode("utf-8"))
            for k in range(n):
                table[pos + k] = index
            pos += n
        table[len(data)] = len(text)

        def char(b: int) -> int:
            return table[b]

    out = ParsedScript(parser="tree-sitter")

    def word(node: Any) -> Word:
        start, end = char(node.start_byte), char(node.end_byte)
        return Word(unquote(text[start:end]), start, end)

    def command_words(node: Any) -> list[Word]:
        kind = node.type
        if kind == "test_command":
            return [word(a) for a in _atoms(node)]
        words = []
        for index, child in enumerate(node.children):
            if kind != "command" and index == 0:  # export, local, declare, unset...
                words.append(word(child))
            elif child.type in _REDIRECTS or child.type == "comment" or not child.is_named:
                continue
            elif child.type == "variable_assignment" and kind == "command":
                continue  # `A=b cmd`: an assignment, not a word (as bash and bashlex)
            else:
                words.append(word(child))
        return words

    done: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        kind = node.type
        if node.id in done:
            pass
        elif kind in _COMMANDS:
            words = _join_adjacent(command_words(node), text)
            if words:
                out.commands.append(Command(tuple(words)))
        elif kind == "redirected_statement":
            body = node.child_by_field_name("body")
            if body is not None and body.type in _COMMANDS:
                words = command_words(body)
                # tree-sitter-bash gives `>&2 "msg" more` one redirect with three
                # destinations; for bash only the first is the target, the rest are words.
                for redirect in node.children:
                    if redirect.type == "file_redirect":
                        words.extend(word(extra) for extra in _stray_destinations(redirect))
                words.sort(key=lambda w: w.start)
                words = _join_adjacent(words, text)
                if words:
                    out.commands.append(Command(tuple(words)))
                done.add(body.id)
        elif kind == "pipeline":
            for child in node.children:
                if child.type in ("|", "|&"):
                    out.pipes.append((char(child.start_byte), char(child.end_byte)))
        elif kind == "heredoc_body":
            continue
        stack.extend(reversed(node.children))
    return out
