"""The Dockerfile parser: BuildKit's structure plus exact positions, and located errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from cslint.core.diagnostics import Span
from cslint.parsers.dockerfile import DockerfileDocument, parse


def _parse(text: str) -> DockerfileDocument:
    doc, problems = parse(text)
    assert doc is not None, problems
    assert problems == ()
    return doc


def test_continuation_with_comments_and_blank_lines_keeps_word_positions() -> None:
    doc = _parse(
        "FROM debian:12\n"
        "RUN apt-get update \\\n"
        "# a comment inside the instruction\n"
        "\n"
        "    && apt-get install -y curl\n"
    )
    run = doc.instructions[1]
    assert run.span.line == 2 and run.span.end_line == 5
    assert run.find("curl") == Span(5, 27, 5, 31)
    assert run.find("install") == Span(5, 16, 5, 23)


def test_escape_directive_and_backtick_continuation() -> None:
    doc = _parse(
        "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir `\n  c:\\\n"
    )
    assert doc.escape == "`"
    assert doc.instructions[1].span.end_line == 4
    assert not doc.is_posix_shell(doc.instructions[1])


def test_syntax_directive_is_read() -> None:
    doc = _parse("# syntax=docker/dockerfile:1.7\nFROM alpine:3.20\n")
    assert doc.directives == {"syntax": "docker/dockerfile:1.7"}


def test_heredoc_body_and_chomp() -> None:
    doc = _parse('FROM alpine:3.20\nRUN <<-EOF\n\techo one\n\techo two\n\tEOF\nCMD ["sh"]\n')
    run = doc.instructions[1]
    assert run.heredocs[0].name == "EOF"
    assert run.heredocs[0].chomp
    assert run.heredocs[0].body_line == 3
    assert doc.instructions[2].span.line == 6
    script = doc.script(run)
    assert script is not None
    assert [c.name for c in script.commands] == ["echo", "echo"]
    assert script.span(script.commands[1].words[0]).line == 4


def test_quoted_heredoc_delimiter() -> None:
    doc = _parse("FROM alpine:3.20\nCOPY <<'EOF' /etc/motd\nhello $USER\nEOF\n")
    assert doc.instructions[1].heredocs[0].content == "hello $USER\n"


def test_crlf_file() -> None:
    doc = _parse("FROM alpine:3.20\r\nRUN echo a \\\r\n  && echo b\r\n")
    assert doc.instructions[1].find("echo", 10) == Span(3, 6, 3, 10)


def test_json_form_and_flags() -> None:
    doc = _parse(
        "FROM --platform=$BUILDPLATFORM golang:1.22 AS build\n"
        'COPY --from=build --chown=1:1 ["a b", "/dst/"]\n'
        "RUN --mount=type=cache,target=/root/.cache go build\n"
    )
    copy = doc.instructions[1]
    assert copy.json and copy.args == ("a b", "/dst/")
    assert copy.flag("from") == "build" and copy.flag("chown") == "1:1"
    assert doc.instructions[0].flag("platform") == "$BUILDPLATFORM"
    assert doc.stages[0].name == "build"
    assert doc.instructions[2].rest == "go build"


def test_arg_before_from_is_global() -> None:
    doc = _parse("ARG V=3.20\nFROM alpine:$V\nARG V\n")
    assert [i.args for i in doc.global_args()] == [("V=3.20",)]


def test_onbuild_trigger_is_an_instruction_with_positions() -> None:
    doc = _parse("FROM node:22\nONBUILD RUN npm install\n")
    trigger = doc.instructions[1].sub
    assert trigger is not None and trigger.cmd == "RUN"
    assert trigger.find("npm") == Span(2, 13, 2, 16)
    assert doc.runs() == [trigger]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("FROM a:1\nRUN <<EOF\necho\n", 2, "unterminated heredoc"),
        ("FROM a:1\nENV\n", 2, "needs at least one argument"),
        ("FROM a:1\nRUN true\nENV PATH\n", 3, "ENV must have two arguments"),
        ('FROM a:1\nCMD ["a", ["b"]]\n', 2, "strings only"),
        ("FROM a:1\nFORM b\n", 2, "unknown instruction 'FORM'; did you mean 'FROM'?"),
        ("FROM a:1\nCMD ['a', 'b']\n", 2, "JSON strings need double quotes"),
        ("# only a comment\n", 1, "no instructions"),
        ("", 1, "no instructions"),
    ],
)
def test_syntax_errors_are_located(text: str, line: int, message: str) -> None:
    _, problems = parse(text)
    assert problems, text
    assert problems[0].span.line == line
    assert message in problems[0].message
    assert problems[0].reason == "syntax"


def test_shell_test_bracket_in_run_is_not_json() -> None:
    _parse("FROM a:1\nRUN [ -f /etc/os-release ] && cat /etc/os-release\n")


def test_every_corpus_dockerfile_parses_or_gets_a_located_diagnostic(corpus: Path) -> None:
    folder = corpus / "dockerfiles"
    files = sorted(p for p in folder.iterdir() if p.is_file())
    assert len(files) > 100
    rejected = []
    for path in files:
        text = path.read_text(encoding="utf-8")
        doc, problems = parse(text)
        for problem in problems:
            assert problem.span.line >= 1
            assert problem.message
        if doc is None:
            assert problems, path.name
            rejected.append(path.name)
    # The four negative BuildKit test files, and nothing else, are rejected.
    assert sorted(rejected) == sorted(p.name for p in files if "testfiles-negative" in p.name)


def test_heredoc_marker_inside_quotes_is_text_and_two_heredocs_follow_each_other() -> None:
    doc = _parse(
        'FROM a:1\nRUN echo \'<<EOF\' \\\n  && echo x\nRUN <<A cat <<"B"\na\nA\nb\nB\nCMD ["a"]\n'
    )
    assert [i.span.line for i in doc.instructions] == [1, 2, 4, 9]
    assert [h.body_line for h in doc.instructions[2].heredocs] == [5, 7]
    assert doc.instructions[3].keyword_span == Span(9, 1, 9, 4)


@pytest.mark.slow
def test_every_finding_on_the_corpus_points_inside_the_file(corpus: Path) -> None:
    """Positions come from maps over joined continuation lines and heredoc bodies; a wrong
    map shows up as a column past the end of its line."""
    from cslint.core.config import Config
    from cslint.core.discovery import Target
    from cslint.core.engine import Linter
    from cslint.core.kinds import FileKind

    folder = corpus / "dockerfiles"
    targets = [Target(str(p), FileKind.DOCKERFILE) for p in sorted(folder.iterdir())]
    results = Linter(Config(select=("CS3",))).lint_targets(targets)
    checked = 0
    for result in results:
        assert result.text is not None
        lines = result.text.splitlines()
        for diag in result.diagnostics:
            span = diag.span
            assert 1 <= span.line <= max(len(lines), 1), (result.path, diag)
            if lines:
                assert 1 <= span.col <= len(lines[span.line - 1]) + 1, (result.path, diag)
                assert span.end_line <= len(lines), (result.path, diag)
                end_len = len(lines[span.end_line - 1]) + 1
                assert span.end_col <= end_len + 1, (result.path, diag)
            checked += 1
    assert checked > 500


@pytest.mark.parametrize(
    "text", ["FROM x\nHEALTHCHECK \u0120\n", "FROM x\nLABEL a\nHEALTHCHECK \u0120\n"]
)
def test_an_error_buildkit_cannot_spell_is_still_a_located_syntax_error(text: str) -> None:
    # The binding fails to decode BuildKit's message for `HEALTHCHECK Ġ` (found by the
    # generated suite): a syntax error at that instruction, not a crash.
    doc, problems = parse(text)
    assert doc is None
    assert len(problems) == 1
    assert problems[0].message.startswith("Dockerfile syntax error")
    assert problems[0].span.line in (2, 3)
