"""RUN scripts as shell: bashlex, and the fallback tokenizer where bashlex gives up."""

from __future__ import annotations

from cslint.dockerfile import SourceMap
from cslint.shell import parse_script


def _script(text: str):  # type: ignore[no-untyped-def]
    return parse_script(text, SourceMap([(0, 1, 1)]))


def test_commands_in_chains_subshells_and_substitutions() -> None:
    script = _script("set -e; (cd /x && apt-get install -y a) | tee log; echo $(id -u)")
    assert script.parser == "bashlex"
    assert [c.name for c in script.commands] == ["set", "cd", "apt-get", "tee", "echo", "id"]
    assert len(script.pipes) == 1


def test_assignments_and_redirections_are_not_arguments() -> None:
    script = _script("DEBIAN_FRONTEND=noninteractive apt-get install -y curl > /dev/null")
    (command,) = script.commands
    assert command.name == "apt-get"
    assert command.arg_texts == ["install", "-y", "curl"]


def test_flags_read_like_hadolint() -> None:
    (command,) = _script("apt-get -qy --no-install-recommends=1 install x").commands
    assert command.flags() == {"q", "y", "no-install-recommends"}
    assert [w.text for w in command.operands()] == ["install", "x"]


def test_fallback_on_case_keeps_commands_and_ignores_pattern_bars() -> None:
    script = _script('case "$arch" in x86_64|aarch64) apk add --no-cache a ;; esac && cd /x')
    assert script.parser == "fallback"
    names = [c.name for c in script.commands]
    assert "apk" in names and "cd" in names
    assert script.pipes == []


def test_fallback_respects_escaped_quotes() -> None:
    script = _script('case x in y) ;; esac; su nobody -c " export A=1 && cd \\"/tmp\\" "')
    assert script.parser == "fallback"
    assert "cd" not in [c.name for c in script.commands]


def test_word_positions_map_back_to_the_file() -> None:
    source_map = SourceMap([(0, 3, 5), (10, 4, 1)])
    script = parse_script("apt-get   install curl", source_map)
    curl = script.commands[0].words[2]
    assert script.span(curl).line == 4
