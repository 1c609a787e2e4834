"""No secret value is ever printed: not in messages, not in source excerpts, in no format."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

SECRET = "Zq3xR8vT1mN6pL0sK4hJ9gF2dS7aW5eY3uI8oP1c"
TOKEN = "ghp_Zq3xR8vT1mN6pL0sK4hJ9gF2dS7aW5eY3uI8"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "codeship-services.yml").write_text(
        "app:\n  image: busybox:1.36\n  encrypted_env_file: app.env.encrypted\n"
        f"  environment:\n    AWS_SECRET_ACCESS_KEY: {SECRET}\n    GITHUB_TOKEN: {TOKEN}\n"
    )
    # A plain env file committed where an encrypted one belongs: a leaked secret.
    (tmp_path / "app.env.encrypted").write_text("DATABASE_PASSWORD=correct-horse-battery\n")
    return tmp_path


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_check_never_prints_a_secret(project: Path, cslint_exe: str, fmt: str) -> None:
    done = subprocess.run(
        [cslint_exe, "check", "--format", fmt],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "CS117" in done.stdout and "CS405" in done.stdout  # the findings are there...
    for value in (SECRET, TOKEN, "correct-horse-battery"):  # ...the values are not
        assert value not in done.stdout + done.stderr


def test_convert_report_never_prints_a_secret(tmp_path: Path, cslint_exe: str) -> None:
    (tmp_path / "docker-compose.yml").write_text(
        "services:\n  web:\n    image: x\n    environment:\n      DB_PASSWORD: hunter2secret\n"
    )
    done = subprocess.run(
        [cslint_exe, "convert", "docker-compose.yml", "-o", "codeship-services.yml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and "CS516" in done.stderr
    assert "hunter2secret" not in done.stdout + done.stderr
