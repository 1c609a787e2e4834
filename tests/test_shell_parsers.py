"""tree-sitter-bash and bashlex read the corpus's RUN scripts alike, wherever bashlex is
right. Where they differ, tree-sitter follows bash: a backslash inside quotes stays, and
commands that bashlex skips (inside some loops) are found."""

from __future__ import annotations

from pathlib import Path

from cslint.parsers import dockerfile, shell, shell_treesitter
from cslint.parsers.shell import Command


def _key(commands: list[Command]) -> list[tuple[tuple[str, int, int], ...]]:
    return [tuple((w.text, w.start, w.end) for w in c.words) for c in commands]


def _is_subsequence(short: list[object], long: list[object]) -> bool:
    items = iter(long)
    return all(any(x == y for y in items) for x in short)


def _plain(key: list[tuple[tuple[str, int, int], ...]], text: str) -> list[object]:
    """The words bashlex did not touch: it drops backslashes inside quotes, bash does not."""
    return [tuple(w for w in cmd if "\\" not in text[w[1] : w[2]]) for cmd in key]


def _bashlex(text: str) -> shell.ParsedScript | None:
    from cslint.parsers.bashlex_loader import import_bashlex

    parsed = shell.ParsedScript()
    try:
        trees = import_bashlex().parse(text)
    except Exception:  # noqa: BLE001 - bashlex cannot read it: nothing to compare
        return None
    for node in trees:
        shell._walk(node, parsed)
    return parsed


def _scripts(corpus: Path) -> list[str]:
    out = []
    for path in sorted((corpus / "dockerfiles").iterdir()):
        try:
            doc, _ = dockerfile.parse(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, OSError):
            continue
        if doc is None:
            continue
        for run in doc.runs():
            script = doc.script(run)
            if script is not None:
                out.append(script.text)
    return out


def test_tree_sitter_agrees_with_bashlex_on_the_corpus(corpus: Path) -> None:
    same = compared = 0
    unexplained = []
    for text in _scripts(corpus):
        tree = shell_treesitter.parse(text)
        bash = _bashlex(text)
        if tree is None or bash is None:
            continue
        compared += 1
        ours, theirs = _key(tree.commands), _key(bash.commands)
        if ours == theirs and tree.pipes == bash.pipes:
            same += 1
        elif not _is_subsequence(_plain(theirs, text), _plain(ours, text)):
            unexplained.append(text[:120])
    assert compared > 400
    assert same / compared > 0.97, (same, compared)
    assert unexplained == []


def test_a_command_written_twice_is_found_at_its_own_place() -> None:
    """Words and commands compare by identity (cslint.parsers.shell.Word): a rule that asks
    what follows a command (CS344: is `yum clean all` after this install?) looks at this very
    command, never at an earlier one written the same way."""
    from cslint.core.engine import lint_text

    text = "FROM centos:7\nRUN yum install -y a && yum clean all && yum install -y a\n"
    result = lint_text(text, "Dockerfile", select=["CS344"])
    assert [(d.code, d.span.line, d.span.col) for d in result.diagnostics] == [("CS344", 2, 42)]
    cleaned = "FROM centos:7\nRUN yum install -y a && yum install -y a && yum clean all\n"
    assert lint_text(cleaned, "Dockerfile", select=["CS344"]).diagnostics == []
