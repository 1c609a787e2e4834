"""Release basics: the license, the changelog, the GitHub Action run for real."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from ruamel.yaml import YAML

REPO = Path(__file__).resolve().parent.parent


def test_license_is_the_one_pyproject_declares() -> None:
    declared = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["license"]
    text = (REPO / "LICENSE").read_text()
    assert declared == "MIT" and text.startswith("MIT License\n")
    assert "Permission is hereby granted, free of charge" in text


def test_no_project_urls_while_none_is_real() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert "urls" not in project


def test_changelog_has_an_unreleased_section_first() -> None:
    text = (REPO / "CHANGELOG.md").read_text()
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings[0] == "## Unreleased"


def action() -> dict[str, object]:
    loaded = YAML(typ="safe").load((REPO / "action.yml").read_text())
    assert isinstance(loaded, dict)
    return loaded


def step_script(name: str) -> tuple[str, dict[str, str]]:
    runs = action()["runs"]
    assert isinstance(runs, dict) and runs["using"] == "composite"
    step = next(s for s in runs["steps"] if s["name"] == name)
    assert step["shell"] == "bash"
    return step["run"], dict(step.get("env", {}))


def run_check_step(cwd: Path, paths: str, args: str) -> subprocess.CompletedProcess[str]:
    script, env = step_script("cslint check")
    # What the runner does: the inputs go into the step's environment.
    assert env == {"CSLINT_PATHS": "${{ inputs.paths }}", "CSLINT_ARGS": "${{ inputs.args }}"}
    return subprocess.run(
        ["bash", "-e", "-c", script],
        cwd=cwd,
        env={**os.environ, "CSLINT_PATHS": paths, "CSLINT_ARGS": args},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_action_check_step_annotates(tmp_path: Path) -> None:
    shutil.copytree(REPO / "examples" / "demo", tmp_path / "demo")
    result = run_check_step(tmp_path, "demo", "--select CS4")
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines and all(line.startswith("::") for line in lines)
    assert any("title=CS401 unknown-step-service" in line for line in lines)
    # Spaces and shell characters in inputs are words, never code.
    (tmp_path / "odd dir").mkdir()
    (tmp_path / "odd dir" / "codeship-services.yml").write_text("app:\n  image: busybox:1\n")
    quiet = run_check_step(tmp_path, "'odd dir'", "--fail-on never; touch pwned")
    assert not (tmp_path / "pwned").exists()
    assert quiet.returncode == 2  # `never;` is no valid --fail-on: refused, not run


@pytest.mark.slow
def test_action_install_step_installs_this_checkout(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    script, _ = step_script("Install cslint")
    env = {
        **os.environ,
        "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_ACTION_PATH": str(REPO),
    }
    installed = subprocess.run(
        ["bash", "-e", "-c", script],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert installed.returncode == 0, installed.stderr
    exe = venv / "bin" / "cslint"
    assert exe.exists()
    version = subprocess.run([str(exe), "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.startswith("cslint ")
