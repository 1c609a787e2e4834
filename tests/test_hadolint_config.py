"""A hadolint user's configuration carries over: `.hadolint.yaml`'s `label-schema`,
`trustedRegistries` and `strict-labels` turn on and configure the rules that need them,
the same settings work as rule options in `.cslint.yaml` (which win), opt-in rules stay
off until selected, and a malformed setting is a config error at its own line."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

DOCKERFILE = (
    "FROM quay.io/org/base:1.0 AS build\n"
    "RUN echo build\n"
    "FROM debian:12\n"
    'LABEL org.opencontainers.image.version="v1" org.opencontainers.image.source=""\n'
    "LABEL team=payments\n"
    "RUN yum install -y httpd && yum clean all\n"
)
HADOLINT_YAML = (
    "ignored: [DL3059]\n"
    "label-schema:\n"
    "  org.opencontainers.image.version: semver\n"
    "  org.opencontainers.image.source: url\n"
    "  org.opencontainers.image.revision: hash\n"
    "strict-labels: true\n"
    "trustedRegistries:\n"
    "  - docker.io\n"
)


def _check(cslint: str, folder: Path, *args: str) -> tuple[int, set[tuple[str, int]], str]:
    run = subprocess.run(
        [cslint, "check", "-f", "json", *args, "Dockerfile"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    if run.returncode == 2:
        return 2, set(), run.stderr
    report = json.loads(run.stdout)
    found = {
        (d["code"], d["range"]["start"]["line"] + 1)
        for f in report["files"]
        for d in f["diagnostics"]
    }
    return run.returncode, found, run.stderr


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "Dockerfile").write_text(DOCKERFILE)
    return tmp_path


def test_without_settings_the_configured_rules_stay_off(project: Path, cslint_exe: str) -> None:
    _, found, _ = _check(cslint_exe, project)
    codes = {code for code, _ in found}
    assert not codes & {"CS340", "CS355", "CS356", "CS357", "CS358", "CS361", "CS362"}
    assert "CS345" not in codes  # pinning yum packages is opt-in


def test_hadolint_yaml_settings_turn_the_rules_on(project: Path, cslint_exe: str) -> None:
    (project / ".hadolint.yaml").write_text(HADOLINT_YAML)
    _, found, _ = _check(cslint_exe, project)
    assert ("CS340", 1) in found  # quay.io is not trusted
    assert ("CS362", 4) in found  # "v1" is not a semantic version
    assert ("CS357", 4) in found  # the source label is empty
    assert ("CS355", 3) in found  # the revision label is missing from the image
    assert ("CS356", 5) in found  # strict: 'team' is not in the schema
    assert not any(code == "CS331" for code, _ in found)  # DL3059 ignored


def test_the_same_file_through_hadolint_agrees(project: Path) -> None:
    hadolint = shutil.which("hadolint")
    if hadolint is None:
        pytest.skip("hadolint is not installed")
    (project / ".hadolint.yaml").write_text(HADOLINT_YAML)
    run = subprocess.run(
        [hadolint, "--no-fail", "-f", "json", "Dockerfile"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    theirs = {(f["code"], f["line"]) for f in json.loads(run.stdout)}
    for code in ("DL3026", "DL3056", "DL3051", "DL3050"):
        assert any(c == code for c, _ in theirs), (code, theirs)


def test_cslint_options_win_over_hadolint_yaml(project: Path, cslint_exe: str) -> None:
    (project / ".hadolint.yaml").write_text(HADOLINT_YAML)
    (project / ".cslint.yaml").write_text(
        "rules:\n  CS340: {trusted-registries: [docker.io, quay.io]}\n  CS356: {strict: false}\n"
    )
    _, found, _ = _check(cslint_exe, project)
    codes = {code for code, _ in found}
    assert "CS340" not in codes and "CS356" not in codes
    assert "CS362" in codes  # the schema still comes from .hadolint.yaml


def test_cslint_yaml_alone_configures_and_enables(project: Path, cslint_exe: str) -> None:
    (project / ".cslint.yaml").write_text("rules:\n  CS340: {trusted-registries: [ghcr.io]}\n")
    _, found, _ = _check(cslint_exe, project)
    assert {line for code, line in found if code == "CS340"} == {1, 3}


def test_a_narrow_select_still_decides(project: Path, cslint_exe: str) -> None:
    (project / ".hadolint.yaml").write_text(HADOLINT_YAML)
    _, found, _ = _check(cslint_exe, project, "--select", "CS2")
    assert not found
    _, found, _ = _check(cslint_exe, project, "--ignore", "CS340")
    assert "CS340" not in {code for code, _ in found}


def test_opt_in_rules_run_when_selected_by_code(project: Path, cslint_exe: str) -> None:
    _, found, _ = _check(cslint_exe, project, "--select", "CS345")
    assert found == {("CS345", 6)}


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        ("label-schema: [a, b]\n", ":1:1:", "label-schema"),
        ("label-schema:\n  a: colour\n", ":1:1:", "expected one of text, url"),
        ("trustedRegistries: docker.io\n", ":1:1:", "trustedRegistries"),
        ("ignored: []\nstrict-labels: maybe\nlabel-schema: {a: text}\n", ":2:1:", "strict"),
    ],
)
def test_a_malformed_setting_is_a_config_error_at_its_line(
    project: Path, cslint_exe: str, text: str, where: str, words: str
) -> None:
    (project / ".hadolint.yaml").write_text(text)
    code, _, stderr = _check(cslint_exe, project)
    assert code == 2, stderr
    assert f".hadolint.yaml{where}" in stderr and words in stderr, stderr
    assert "Traceback" not in stderr


def test_a_bad_option_in_cslint_yaml_is_reported_at_its_line(
    project: Path, cslint_exe: str
) -> None:
    (project / ".cslint.yaml").write_text("rules:\n  CS355:\n    label-schema: {a: number}\n")
    code, _, stderr = _check(cslint_exe, project)
    assert code == 2 and ".cslint.yaml:2:3:" in stderr and "number" in stderr, stderr


OVERRIDE_DOCKERFILE = "FROM debian:12\nRUN yum install -y httpd && yum clean all\n"


def _levels(cslint: str, folder: Path) -> dict[str, int]:
    run = subprocess.run(
        [cslint, "check", "--no-cache", "-f", "json", "Dockerfile"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode in (0, 1), run.stderr
    report = json.loads(run.stdout)
    return {d["code"]: d["severity"] for f in report["files"] for d in f["diagnostics"]}


@pytest.mark.parametrize(
    ("level", "lsp_severity"), [("error", 1), ("warning", 2), ("info", 3), ("style", 3)]
)
def test_hadolint_override_sets_the_level_and_runs_the_rule(
    tmp_path: Path, cslint_exe: str, level: str, lsp_severity: int
) -> None:
    """DL3033 (CS345, opt-in in cslint) at each of hadolint's levels; `style`, which cslint
    lacks, is read as info, the level below warning."""
    (tmp_path / "Dockerfile").write_text(OVERRIDE_DOCKERFILE)
    assert "CS345" not in _levels(cslint_exe, tmp_path)
    (tmp_path / ".hadolint.yaml").write_text(f"override:\n  {level}: [DL3033, DL9999]\n")
    assert _levels(cslint_exe, tmp_path)["CS345"] == lsp_severity


def test_cslint_severity_wins_over_hadolint_override(tmp_path: Path, cslint_exe: str) -> None:
    (tmp_path / "Dockerfile").write_text(OVERRIDE_DOCKERFILE)
    (tmp_path / ".hadolint.yaml").write_text("override:\n  error: [DL3033]\n")
    (tmp_path / ".cslint.yaml").write_text("severity:\n  CS345: info\n")
    assert _levels(cslint_exe, tmp_path)["CS345"] == 3


@pytest.mark.parametrize("text", ["override: [DL3033]\n", "override:\n  error: DL3033\n"])
def test_a_malformed_override_is_left_to_hadolint(
    tmp_path: Path, cslint_exe: str, text: str
) -> None:
    (tmp_path / "Dockerfile").write_text(OVERRIDE_DOCKERFILE)
    (tmp_path / ".hadolint.yaml").write_text(text)
    assert "CS345" not in _levels(cslint_exe, tmp_path)


def test_hadolint_reads_the_override_the_same_way(tmp_path: Path) -> None:
    hadolint = shutil.which("hadolint")
    if hadolint is None:
        pytest.skip("hadolint is not installed")
    (tmp_path / "Dockerfile").write_text(OVERRIDE_DOCKERFILE)
    (tmp_path / ".hadolint.yaml").write_text("override:\n  error: [DL3033]\n")
    run = subprocess.run(
        [hadolint, "--no-fail", "-f", "json", "Dockerfile"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert {(d["code"], d["level"]) for d in json.loads(run.stdout)} == {("DL3033", "error")}
