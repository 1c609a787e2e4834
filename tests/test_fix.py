"""--fix counts only the fixes it applied, applies a fix whole or not at all, and lets
rules that batch their work (`Rule.prepare`) see every file first, as `check` does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cslint.core.config import Config
from cslint.core.diagnostics import Edit, Fix, Span
from cslint.core.discovery import Target
from cslint.core.engine import Linter
from cslint.core.fix import apply_counted, fix_targets
from cslint.core.kinds import FileKind


def _replace(line: int, col: int, end_col: int, text: str) -> Fix:
    return Fix(f"write {text}", (Edit(Span(line, col, line, end_col), text),))


def test_overlapping_fixes_count_once() -> None:
    text = "abcdef\n"
    fixes = [_replace(1, 1, 4, "X"), _replace(1, 3, 6, "Y"), _replace(1, 6, 7, "Z")]
    fixed, applied = apply_counted(text, fixes, yaml=True)
    assert (fixed, applied) == ("XdeZ\n", 2)


def test_a_fix_is_applied_whole_or_not_at_all() -> None:
    text = "one two three\n"
    first = _replace(1, 5, 8, "2")
    both = Fix("two edits", (Edit(Span(1, 1, 1, 4), "1"), Edit(Span(1, 6, 1, 8), "xx")))
    fixed, applied = apply_counted(text, [first, both], yaml=True)
    # `both` starts first in the file, so it is taken; `first` overlaps its second edit.
    assert (fixed, applied) == ("1 txx three\n", 1)


def test_two_insertions_at_one_point_are_one_fix() -> None:
    fixed, applied = apply_counted(
        "ab\n", [_replace(1, 2, 2, "X"), _replace(1, 2, 2, "Y")], yaml=True
    )
    assert applied == 1 and fixed in ("aXb\n", "aYb\n")


def test_the_cli_reports_the_fixes_it_applied(tmp_path: Path, monkeypatch: Any) -> None:
    from typer.testing import CliRunner

    from cslint.cli import app

    services = tmp_path / "codeship-services.yml"
    # CS114 (a YAML 1.1 boolean where text is meant) has one fix per value.
    services.write_text("app:\n  image: ruby\n  environment:\n    A: yes\n    B: on\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        app, ["check", "--fix", "--unsafe-fixes", "--select", "CS114", str(services)]
    )
    assert "applied 2 fixes" in result.stderr


def test_fix_prepares_every_target_before_checking(tmp_path: Path, monkeypatch: Any) -> None:
    from cslint.rules.dockerfile.shellcheck import ShellCheck

    seen: list[list[str]] = []
    real = ShellCheck.prepare.__func__  # type: ignore[attr-defined]

    def spy(cls: type[ShellCheck], documents: Any, running: frozenset[str] = frozenset()) -> None:
        seen.append(sorted(doc.text for doc in documents))
        real(cls, documents, running)

    checked_before: list[int] = []
    real_check = ShellCheck.check

    def check_spy(self: ShellCheck, ctx: Any) -> Any:
        checked_before.append(sum(len(call) for call in seen))
        return real_check(self, ctx)

    monkeypatch.setattr(ShellCheck, "prepare", classmethod(spy))
    monkeypatch.setattr(ShellCheck, "check", check_spy)
    targets = []
    for name in ("a", "b"):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "Dockerfile").write_text(f"FROM alpine:3.19\nRUN echo {name}\n")
        targets.append(Target(str(folder / "Dockerfile"), FileKind.DOCKERFILE))
    fix_targets(Linter(Config(select=("CS390",))), targets, unsafe=False)
    # The engine gives each document as it is parsed: both, before the first check.
    assert sorted(text for call in seen for text in call) == [
        "FROM alpine:3.19\nRUN echo a\n",
        "FROM alpine:3.19\nRUN echo b\n",
    ]
    assert checked_before and checked_before[0] == 2
