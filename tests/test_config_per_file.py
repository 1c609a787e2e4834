"""Each file under the nearest settings above it (as ruff does), not only the ones above
the current folder."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

SERVICES = "app:\n  build:\n    path: .\n"


def run(args: list[str], cwd: Path, exe: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [exe, "check", *args], cwd=cwd, capture_output=True, text=True, check=False, timeout=60
    )


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    for name in ("a", "b", "c"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "codeship-services.yml").write_text(SERVICES)
        (tmp_path / name / "Dockerfile").write_text("FROM busybox:latest\n")
    (tmp_path / ".cslint.yaml").write_text("select: [CS1, CS3]\n")
    (tmp_path / "a" / ".cslint.yaml").write_text("select: [CS1, CS3]\nignore: [CS103]\n")
    (tmp_path / "b" / "pyproject.toml").write_text(
        '[tool.cslint]\nselect = ["CS1", "CS3"]\nignore = ["CS302"]\nfail-on = "never"\n'
    )
    return tmp_path


def codes_by_file(out: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for line in out.splitlines():
        if ": warning: " in line or ": error: " in line:
            path = line.split(":", 1)[0]
            found.setdefault(path, set()).add(line.rsplit("[", 1)[1].split()[0])
    return found


def test_nearest_settings_per_file(tree: Path, cslint_exe: str) -> None:
    result = run(["a", "b", "c"], tree, cslint_exe)
    assert codes_by_file(result.stdout) == {
        "a/Dockerfile": {"CS302"},
        "b/codeship-services.yml": {"CS103"},
        "c/Dockerfile": {"CS302"},
        "c/codeship-services.yml": {"CS103"},
    }
    # From inside a folder the same settings govern the same files.
    inside = run(["."], tree / "a", cslint_exe)
    assert codes_by_file(inside.stdout) == {"Dockerfile": {"CS302"}}


def test_fail_on_is_the_files_own(tree: Path, cslint_exe: str) -> None:
    (tree / "c" / "Dockerfile").write_text("FROM busybox:1.36\n")
    (tree / "c" / "codeship-services.yml").write_text("app:\n  image: busybox:1.36\n")
    (tree / "a" / "Dockerfile").write_text("FROM busybox:1.36\n")
    # Only b has findings (a warning), and b says fail-on: never.
    result = run(["--fail-on", "warning", "a", "c"], tree, cslint_exe)
    assert result.returncode == 0, result.stdout
    b_only = run(["b"], tree, cslint_exe)
    assert b_only.returncode == 0 and "CS103" in b_only.stdout


def test_explicit_config_governs_every_file(tree: Path, cslint_exe: str) -> None:
    result = run(["--config", ".cslint.yaml", "a", "b", "c"], tree, cslint_exe)
    found = codes_by_file(result.stdout)
    assert found["a/codeship-services.yml"] == {"CS103"}
    assert found["b/Dockerfile"] == {"CS302"}


def test_a_broken_nested_config_is_reported_at_its_place(tree: Path, cslint_exe: str) -> None:
    (tree / "c" / ".cslint.yaml").write_text("select: [CS1]\nignroe: [CS103]\n")
    result = run(["a", "c"], tree, cslint_exe)
    assert result.returncode == 2
    assert (
        result.stderr.startswith("cslint: ")
        and "c/.cslint.yaml:2:1: unknown setting 'ignroe'; did you mean 'ignore'?" in result.stderr
    )


def test_nested_excludes_apply(tree: Path, cslint_exe: str) -> None:
    (tree / "a" / ".cslint.yaml").write_text("select: [CS1, CS3]\nexclude: [Dockerfile]\n")
    result = run(["a"], tree, cslint_exe)
    assert set(codes_by_file(result.stdout)) == {"a/codeship-services.yml"}
