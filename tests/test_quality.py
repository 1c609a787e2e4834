"""The code base stays typed and lint-clean: ruff and mypy run as part of the suite."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def test_ruff_is_clean() -> None:
    if shutil.which("ruff") is None:
        pytest.fail("ruff is a test dependency: pip install -e '.[test]'")
    result = subprocess.run(
        ["ruff", "check", "--output-format", "concise", "."],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean() -> None:
    """One layout for every file, so a diff shows changes, not reflowed lines."""
    if shutil.which("ruff") is None:
        pytest.fail("ruff is a test dependency: pip install -e '.[test]'")
    result = subprocess.run(
        ["ruff", "format", "--check", "."],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _shadow_package(root: Path) -> Path:
    """mypy cannot follow setuptools' package-dir mapping; lay the installed shape out
    with symlinks: cslint/ = linter/ + rules/ + schemas/."""
    package = root / "cslint"
    package.mkdir()
    for entry in (REPO / "linter").iterdir():
        if entry.name != "__pycache__":
            os.symlink(entry, package / entry.name)
    os.symlink(REPO / "rules", package / "rules")
    os.symlink(REPO / "schemas", package / "schemas")
    return package


@pytest.mark.slow
def test_mypy_strict(tmp_path: Path) -> None:
    pytest.importorskip("mypy")
    _shadow_package(tmp_path)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            str(REPO / "pyproject.toml"),
            "--cache-dir",
            str(REPO / ".mypy_cache"),
            "-p",
            "cslint",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
