"""Two projects whose build fails on CodeShip (issue 14), checked as a user would check
them: `cslint check` in the project folder, default rules, exit code 1 and an error at
the line to fix."""

from __future__ import annotations

import subprocess
from pathlib import Path


def _check(folder: Path, exe: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [exe, "check", "--no-color"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_context_without_dockerfile_next_to_a_root_dockerfile(
    tmp_path: Path, cslint_exe: str
) -> None:
    (tmp_path / "Dockerfile").write_text("FROM busybox:1.36\nUSER nobody\n")
    (tmp_path / "worker").mkdir()
    (tmp_path / "worker" / "main.go").write_text("package main\n")
    (tmp_path / "codeship-services.yml").write_text(
        "web:\n  build: .\nworker:\n  build: ./worker\n"
    )
    (tmp_path / "codeship-steps.yml").write_text(
        "- service: worker\n  command: ./worker\n- service: web\n  command: ./web\n"
    )
    done = _check(tmp_path, cslint_exe)
    assert done.returncode == 1, done.stdout + done.stderr
    errors = [line for line in done.stdout.splitlines() if ": error: " in line]
    assert errors == [
        (
            "codeship-services.yml:4:3: error: service 'worker' builds from './worker', but "
            "there is no Dockerfile in it; add one or name it with 'dockerfile' "
            "[CS403 missing-build-path]"
        )
    ]
    # Without the root Dockerfile, both services lack one.
    (tmp_path / "Dockerfile").unlink()
    done = _check(tmp_path, cslint_exe)
    assert [
        line.split(": error:")[0] for line in done.stdout.splitlines() if ": error: " in line
    ] == [
        "codeship-services.yml:2:3",
        "codeship-services.yml:4:3",
    ]


def test_copy_from_index_out_of_range(tmp_path: Path, cslint_exe: str) -> None:
    (tmp_path / "Dockerfile").write_text(
        "FROM golang:1.22 AS build\nRUN go build -o /app .\n"
        "FROM alpine:3.20\nCOPY --from=2 /app /app\nUSER nobody\n"
    )
    done = _check(tmp_path, cslint_exe)
    assert done.returncode == 1, done.stdout + done.stderr
    errors = [line for line in done.stdout.splitlines() if ": error: " in line]
    assert len(errors) == 1 and errors[0].startswith("Dockerfile:4:6: error: '--from=2' is a stage")
    assert errors[0].endswith("[CS320 copy-from-unknown-stage]")
    # A name that is no stage may be an image: a warning, exit 0.
    (tmp_path / "Dockerfile").write_text(
        "FROM golang:1.22 AS build\nRUN go build -o /app .\n"
        "FROM alpine:3.20\nCOPY --from=biuld /app /app\nUSER nobody\n"
    )
    done = _check(tmp_path, cslint_exe)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Dockerfile:4:6: warning: '--from=biuld' names no earlier stage" in done.stdout
