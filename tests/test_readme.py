"""The README shows real output: its demo block must be what cslint prints today."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _block_after(marker: str) -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    start = text.index(marker)
    block = re.search(r"```text\n(.*?)```", text[start:], re.DOTALL)
    assert block is not None
    return [line for line in block.group(1).splitlines() if line and line != "..."]


def test_demo_output_in_readme_is_current(cslint_exe: str) -> None:
    done = subprocess.run(
        [cslint_exe, "check", "--no-color"],
        cwd=REPO / "examples" / "demo",
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1  # the demo has deliberate errors
    printed = done.stdout.splitlines()
    for line in _block_after("In `examples/demo`"):
        assert line in printed, f"README line no longer printed: {line!r}"


def test_readme_gives_the_two_setup_commands() -> None:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    assert "python3 -m pip install . && cslint check examples/demo" in text
    assert 'python3 -m pip install -e ".[test]" && python3 -m pytest -q' in text
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert 'pip install --quiet -e ".[test]"' in ci and "python3 -m pytest -q" in ci


def test_plan_output_in_readme_is_current(cslint_exe: str) -> None:
    done = subprocess.run(
        [cslint_exe, "plan", "--branch", "main", "--ci-commit-id", "4f2a9c1"],
        cwd=REPO / "examples" / "plan",
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    printed = done.stdout.splitlines()
    shown = [line for line in _block_after("In `examples/plan`") if not line.startswith("$ ")]
    assert [line for line in printed if line] == shown
