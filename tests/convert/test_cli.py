"""`cslint convert` through the installed console script: where the output goes, when it
refuses, and its exit codes (0 converted, 2 bad input or usage)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

COMPOSE = """\
services:
  web:
    build: .
    image: acme/web
    ports: ["80:80"]
  db:
    image: postgres:16
"""


def run(
    exe: str, *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [exe, "convert", *args],
        check=False,
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "docker-compose.yml").write_text(COMPOSE, encoding="utf-8")
    (tmp_path / "Dockerfile").write_text("FROM alpine:3.20\n", encoding="utf-8")
    return tmp_path


def test_stdout_by_default_and_report_on_stderr(cslint_exe: str, project: Path) -> None:
    result = run(cslint_exe, "docker-compose.yml", "--no-color", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "      image: acme/web\n" in result.stdout
    assert "ports" not in result.stdout
    assert "docker-compose.yml:4:5: info: moved 'image'" in result.stderr
    assert "[CS501 service-key-dropped]" in result.stderr
    assert result.stderr.rstrip().endswith(
        "converted 2 services: 2 keys kept, 1 changed, 1 dropped (1 warning, 1 note)."
    )


def test_finds_the_compose_file_like_docker_compose(cslint_exe: str, project: Path) -> None:
    (project / "docker-compose.override.yml").write_text(
        "services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: x\n", encoding="utf-8"
    )
    result = run(cslint_exe, cwd=project)
    assert result.returncode == 0, result.stderr
    assert "POSTGRES_PASSWORD: x" in result.stdout
    assert "CS515" in result.stderr


def test_repeated_file_options_merge_in_order(cslint_exe: str, project: Path) -> None:
    (project / "ci.yml").write_text("services:\n  db:\n    image: postgres:17\n", encoding="utf-8")
    result = run(cslint_exe, "--file", "docker-compose.yml", "--file", "ci.yml", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "image: postgres:17" in result.stdout


def test_old_dash_f_for_files_still_works_with_a_warning(cslint_exe: str, project: Path) -> None:
    (project / "ci.yml").write_text("services:\n  db:\n    image: postgres:17\n", encoding="utf-8")
    result = run(cslint_exe, "-f", "docker-compose.yml", "-f", "ci.yml", "-f", "json", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "image: postgres:17" in result.stdout
    assert result.stderr.count("is deprecated: -f means --format in every command") == 2
    json_start = result.stderr.index("{")
    assert '"conversion"' in result.stderr[json_start:]


def test_dash_f_is_format_as_in_check(cslint_exe: str, project: Path) -> None:
    result = run(cslint_exe, "docker-compose.yml", "-f", "json", cwd=project)
    assert result.returncode == 0 and result.stderr.lstrip().startswith("{")
    bad = run(cslint_exe, "docker-compose.yml", "-f", "sarif", cwd=project)
    assert bad.returncode == 2 and "unknown --format 'sarif'" in bad.stderr


def test_output_file_and_steps(cslint_exe: str, project: Path) -> None:
    result = run(
        cslint_exe,
        "docker-compose.yml",
        "-o",
        "codeship-services.yml",
        "--steps",
        "codeship-steps.yml",
        cwd=project,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    services = (project / "codeship-services.yml").read_text(encoding="utf-8")
    assert "image: acme/web" in services
    steps = (project / "codeship-steps.yml").read_text(encoding="utf-8")
    assert "- name: web\n  service: web\n" in steps
    check = subprocess.run(
        [cslint_exe, "check", "codeship-services.yml", "codeship-steps.yml"],
        check=False,
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout


def test_never_overwrites_without_force(cslint_exe: str, project: Path) -> None:
    target = project / "codeship-services.yml"
    target.write_text("keep me\n", encoding="utf-8")
    result = run(cslint_exe, "docker-compose.yml", "-o", str(target), cwd=project)
    assert result.returncode == 2
    assert "exists; pass --force" in result.stderr
    assert target.read_text(encoding="utf-8") == "keep me\n"
    steps = project / "steps.yml"
    steps.write_text("keep\n", encoding="utf-8")
    result = run(cslint_exe, "docker-compose.yml", "--steps", str(steps), cwd=project)
    assert result.returncode == 2 and steps.read_text(encoding="utf-8") == "keep\n"
    result = run(cslint_exe, "docker-compose.yml", "-o", str(target), "--force", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "image: acme/web" in target.read_text(encoding="utf-8")


def test_bad_input_writes_nothing(cslint_exe: str, project: Path) -> None:
    (project / "broken.yml").write_text("services:\n  web: [\n", encoding="utf-8")
    result = run(cslint_exe, "broken.yml", "-o", "out.yml", "--steps", "s.yml", cwd=project)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("broken.yml:2:9: invalid YAML"), lines
    assert "Traceback" not in result.stderr
    assert not (project / "out.yml").exists() and not (project / "s.yml").exists()
    assert [p.name for p in project.iterdir() if p.name.startswith(".cslint-")] == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- a\n- b\n", "docker-compose.yml:1:1: not a compose file"),
        ("services:\n  a:\n    extends: b\n  b:\n    extends: a\n", "forms a cycle"),
        (
            "services:\n  a:\n    extends:\n      file: base.yml\n      service: x\n",
            "docker-compose.yml:4:13: 'extends' file 'base.yml' does not exist",
        ),
    ],
    ids=["not-compose", "extends-cycle", "missing-extends-file"],
)
def test_refusals_exit_2(cslint_exe: str, tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "docker-compose.yml").write_text(text, encoding="utf-8")
    result = run(cslint_exe, "docker-compose.yml", cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_usage_errors_exit_2(cslint_exe: str, project: Path, tmp_path: Path) -> None:
    assert run(cslint_exe, "missing.yml", cwd=project).returncode == 2
    assert run(cslint_exe, "docker-compose.yml", "--format", "xml", cwd=project).returncode == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run(cslint_exe, cwd=empty)
    assert result.returncode == 2 and "no compose file found" in result.stderr


def test_json_report(cslint_exe: str, project: Path) -> None:
    result = run(cslint_exe, "docker-compose.yml", "--format", "json", cwd=project)
    assert result.returncode == 0
    payload = json.loads(result.stderr)
    assert payload["conversion"] == {
        "services": 2,
        "kept": 2,
        "changed": 1,
        "dropped": 1,
        "notes": 2,
    }
    diags = payload["files"][0]["diagnostics"]
    assert {d["code"] for d in diags} == {"CS501", "CS504"}
    moved = next(d for d in diags if d["code"] == "CS504")
    assert moved["range"]["start"] == {"line": 3, "character": 4}


def test_interpolate_from_env_file_and_environment(
    cslint_exe: str, tmp_path: Path, clean_env: dict[str, str]
) -> None:
    (tmp_path / "docker-compose.yml").write_text(
        "services:\n  app:\n    image: acme/app:${TAG:-latest}\n"
        "    environment:\n      REGION: ${REGION}\n",
        encoding="utf-8",
    )
    (tmp_path / "ci.env").write_text("TAG=1.0\nREGION=us\n", encoding="utf-8")
    kept = run(cslint_exe, "docker-compose.yml", cwd=tmp_path, env=clean_env)
    assert "acme/app:${TAG:-latest}" in kept.stdout and "CS510" in kept.stderr
    env = {**clean_env, "REGION": "eu"}
    resolved = run(
        cslint_exe,
        "docker-compose.yml",
        "--interpolate",
        "--env-file",
        "ci.env",
        cwd=tmp_path,
        env=env,
    )
    assert resolved.returncode == 0, resolved.stderr
    assert "image: acme/app:1.0" in resolved.stdout
    assert "REGION: eu" in resolved.stdout  # the environment wins over the env file


def test_required_variable_missing_is_bad_input(
    cslint_exe: str, tmp_path: Path, clean_env: dict[str, str]
) -> None:
    (tmp_path / "docker-compose.yml").write_text(
        "services:\n  app:\n    image: acme/app:${TAG:?set a tag}\n", encoding="utf-8"
    )
    clean_env.pop("TAG", None)
    result = run(cslint_exe, "docker-compose.yml", "--interpolate", cwd=tmp_path, env=clean_env)
    assert result.returncode == 2
    assert result.stderr.startswith("docker-compose.yml:3:12: required variable TAG")
