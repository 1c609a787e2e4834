"""RUN scripts as shell: tree-sitter-bash, then bashlex, then the fallback tokenizer."""

from __future__ import annotations

import pytest

from cslint.parsers.dockerfile import SourceMap
from cslint.parsers.shell import parse_script


def _script(text: str):  # type: ignore[no-untyped-def]
    return parse_script(text, SourceMap([(0, 1, 1)]))


@pytest.fixture
def without_tree_sitter(monkeypatch: pytest.MonkeyPatch) -> None:
    """The path a script takes when tree-sitter finds a syntax error in it."""
    from cslint.parsers import shell_treesitter

    monkeypatch.setattr(shell_treesitter, "parse", lambda text: None)


def test_commands_in_chains_subshells_and_substitutions() -> None:
    script = _script("set -e; (cd /x && apt-get install -y a) | tee log; echo $(id -u)")
    assert script.parser == "tree-sitter"
    assert [c.name for c in script.commands] == ["set", "cd", "apt-get", "tee", "echo", "id"]
    assert len(script.pipes) == 1


def test_bashlex_reads_the_same_commands(without_tree_sitter: None) -> None:
    script = _script("set -e; (cd /x && apt-get install -y a) | tee log; echo $(id -u)")
    assert script.parser == "bashlex"
    assert [c.name for c in script.commands] == ["set", "cd", "apt-get", "tee", "echo", "id"]
    assert len(script.pipes) == 1


def test_tree_sitter_reads_case_and_double_brackets() -> None:
    script = _script('case "$arch" in x86_64|aarch64) apk add a ;; esac && [[ -d /x ]] && cd /x')
    assert script.parser == "tree-sitter"
    assert [c.name for c in script.commands] == ["apk", "[[", "cd"]
    assert script.pipes == []


def test_tree_sitter_quirks_are_undone() -> None:
    # A redirect's target is one word; what follows is the command's (bash semantics).
    (echo,) = _script('echo >&2 "no such file" here').commands
    assert echo.arg_texts == ["no such file", "here"]
    # `! { cmd; }` is a negated group, not a command named `{`.
    (ldd, grep) = _script("! { ldd /x/*.so | grep 'not found'; }").commands
    assert (ldd.name, grep.name) == ("ldd", "grep")
    # Backslashes stay inside single quotes, as in bash.
    (sed,) = _script("sed -ri 's!\\s+!!' f").commands
    assert sed.arg_texts == ["-ri", "s!\\s+!!", "f"]


def test_assignments_and_redirections_are_not_arguments() -> None:
    script = _script("DEBIAN_FRONTEND=noninteractive apt-get install -y curl > /dev/null")
    (command,) = script.commands
    assert command.name == "apt-get"
    assert command.arg_texts == ["install", "-y", "curl"]


def test_flags_read_like_hadolint() -> None:
    (command,) = _script("apt-get -qy --no-install-recommends=1 install x").commands
    assert command.flags() == {"q", "y", "no-install-recommends"}
    assert [w.text for w in command.operands()] == ["install", "x"]


def test_fallback_on_case_keeps_commands_and_ignores_pattern_bars(
    without_tree_sitter: None,
) -> None:
    script = _script('case "$arch" in x86_64|aarch64) apk add --no-cache a ;; esac && cd /x')
    assert script.parser == "fallback"
    names = [c.name for c in script.commands]
    assert "apk" in names and "cd" in names
    assert script.pipes == []


def test_fallback_respects_escaped_quotes(without_tree_sitter: None) -> None:
    script = _script('case x in y) ;; esac; su nobody -c " export A=1 && cd \\"/tmp\\" "')
    assert script.parser == "fallback"
    assert "cd" not in [c.name for c in script.commands]


def test_word_positions_map_back_to_the_file() -> None:
    source_map = SourceMap([(0, 3, 5), (10, 4, 1)])
    script = parse_script("apt-get   install curl", source_map)
    curl = script.commands[0].words[2]
    assert script.span(curl).line == 4
