"""Suppressions on Dockerfile rules: cslint's own directives, hadolint's pragmas (through
each rule's `hadolint` codes and ShellCheck's SC aliases) and `.hadolint.yaml`."""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path

from cslint.core.config import load_config
from cslint.core.discovery import Target
from cslint.core.engine import Linter, lint_text
from cslint.core.kinds import FileKind
from cslint.parsers.shellcheck import ShellComment, use_runner

UNPINNED = (
    "FROM debian:12\n"
    "{pragma}"
    "RUN apt-get update && apt-get install -y --no-install-recommends \\\n"
    "    curl \\\n"
    "    git \\\n"
    "    && rm -rf /var/lib/apt/lists/*\n"
    "RUN apt-get install -y --no-install-recommends vim\n"
)


def _codes(text: str, select: Sequence[str] = ("CS310",)) -> list[tuple[str, int]]:
    result = lint_text(text, "Dockerfile", select=list(select))
    return [(d.code, d.span.line) for d in result.diagnostics]


def test_without_pragma_every_package_is_reported() -> None:
    assert _codes(UNPINNED.format(pragma="")) == [("CS310", 3), ("CS310", 4), ("CS310", 6)]


def test_hadolint_ignore_covers_the_whole_next_instruction() -> None:
    text = UNPINNED.format(pragma="# hadolint ignore=DL3008\n")
    assert _codes(text) == [("CS310", 7)]


def test_cslint_disable_next_line_by_code_and_by_name() -> None:
    for token in ("CS310", "apt-get-unpinned"):
        text = UNPINNED.format(pragma=f"# cslint: disable-next-line={token}\n")
        assert _codes(text) == [("CS310", 7)], token


def test_other_codes_do_not_suppress() -> None:
    text = UNPINNED.format(pragma="# hadolint ignore=DL3009\n")
    assert len(_codes(text)) == 3


def test_disable_file_and_hadolint_global_ignore() -> None:
    for pragma in ("# cslint: disable-file=CS310\n", "# hadolint global ignore=DL3008\n"):
        text = UNPINNED.format(pragma="").replace("FROM debian:12\n", "FROM debian:12\n" + pragma)
        assert _codes(text) == [], pragma


def test_hadolint_yaml_ignored_list(tmp_path: Path) -> None:
    (tmp_path / ".hadolint.yaml").write_text("ignored:\n  - DL3008\n  - DL3015\n")
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text(UNPINNED.format(pragma=""))
    config = load_config(None, start=str(tmp_path))
    assert "DL3008" in config.hadolint_ignored
    results = Linter(config).lint_targets([Target(str(dockerfile), FileKind.DOCKERFILE)])
    codes = {d.code for d in results[0].diagnostics}
    assert "CS310" not in codes and "CS309" not in codes
    assert "CS331" not in codes  # not ignored, and not applicable here either


def test_hadolint_yaml_through_the_cli(tmp_path: Path, cslint_exe: str) -> None:
    (tmp_path / ".hadolint.yaml").write_text("ignored: [DL3008]\n")
    (tmp_path / "Dockerfile").write_text(UNPINNED.format(pragma=""))
    run = subprocess.run(
        [cslint_exe, "check", "--select", "CS310", "--fail-on", "never", "Dockerfile"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "CS310" not in run.stdout


class _FakeShellCheck:
    """A runner that answers SC2086 on every script's first body line, and counts calls."""

    def __init__(self) -> None:
        self.calls: list[int] = []

    def check(self, scripts: Sequence[str], *, style: bool = True) -> list[list[ShellComment]]:
        self.calls.append(len(scripts))
        out = []
        for script in scripts:
            header = sum(1 for line in script.splitlines() if line.startswith(("#!", "export ")))
            out.append(
                [ShellComment(2086, "info", "Double quote it.", header + 1, 1, header + 1, 3)]
            )
        return out


SHELL_TEXT = "FROM debian:12\n{pragma}RUN echo $A\nRUN echo $B\n"


def test_shellcheck_runs_once_per_dockerfile_and_maps_lines() -> None:
    fake = _FakeShellCheck()
    with use_runner(fake):
        result = lint_text(SHELL_TEXT.format(pragma=""), "Dockerfile", select=["CS39"])
    assert fake.calls == [2]
    assert [(d.span.line, d.span.col) for d in result.diagnostics] == [(2, 5), (3, 5)]
    assert all(
        d.aliases == ("SC2086",) and d.message.startswith("SC2086") for d in result.diagnostics
    )


def test_hadolint_ignore_with_a_shellcheck_code() -> None:
    with use_runner(_FakeShellCheck()):
        text = SHELL_TEXT.format(pragma="# hadolint ignore=SC2086\n")
        result = lint_text(text, "Dockerfile", select=["CS39"])
    assert [d.span.line for d in result.diagnostics] == [4]


def test_no_shellcheck_no_findings() -> None:
    with use_runner(None):
        result = lint_text(SHELL_TEXT.format(pragma=""), "Dockerfile", select=["CS39"])
    assert result.diagnostics == []


def test_real_shellcheck_on_a_heredoc_script() -> None:
    text = "FROM debian:12\nRUN <<EOF\nset -e\ntar -xzf $ARCHIVE\nEOF\n"
    result = lint_text(text, "Dockerfile", select=["CS39"])
    assert [(d.span.line, d.span.col, d.aliases) for d in result.diagnostics] == [
        (4, 10, ("SC2086",))
    ]
