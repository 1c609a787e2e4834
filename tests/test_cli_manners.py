"""Habits users bring from ruff, hadolint and yamllint: -h, -q, --color, --statistics,
--show-fixes, --diff, explain by hadolint code, the hadolint column."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

SERVICES = "app:\n  build:\n    path: .\n    image: acme/app\n  environment:\n    DEBUG: yes\n"
DOCKERFILE = "FROM python:latest\nMAINTAINER me\n"


def run(
    args: list[str], cwd: Path, exe: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [exe, *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=60, check=False
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "codeship-services.yml").write_text(SERVICES)
    (tmp_path / "Dockerfile").write_text(DOCKERFILE)
    return tmp_path


@pytest.mark.parametrize("args", [["-h"], ["check", "-h"], ["convert", "-h"], ["rules", "-h"]])
def test_dash_h_is_help(args: list[str], project: Path, cslint_exe: str) -> None:
    short = run(args, project, cslint_exe)
    long = run([*args[:-1], "--help"], project, cslint_exe)
    assert short.returncode == 0 and short.stdout == long.stdout and "Usage:" in short.stdout


def test_quiet(project: Path, cslint_exe: str) -> None:
    result = run(["check", "-q"], project, cslint_exe)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [result.stdout.strip()]
    assert result.stdout.startswith("2 files checked: ") and "[CS" not in result.stdout
    clean = run(["check", "--quiet", "--select", "CS0"], project, cslint_exe)
    assert clean.returncode == 0 and clean.stdout == "" and clean.stderr == ""


def test_statistics(project: Path, cslint_exe: str) -> None:
    result = run(["check", "--statistics"], project, cslint_exe)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert "1  CS103  [*] deprecated-build-path" in lines
    assert "1  CS307  maintainer" in lines
    full = run(["check"], project, cslint_exe).stdout
    assert lines[-1] == full.splitlines()[-1]  # the same summary
    counted = sum(int(line.split()[0]) for line in lines[:-1])
    assert counted == full.count("[CS")
    usage = run(["check", "--statistics", "--format", "json"], project, cslint_exe)
    assert usage.returncode == 2


@pytest.mark.parametrize(
    ("args", "env", "colored"),
    [
        ([], {}, False),  # not a terminal
        (["--color", "always"], {}, True),
        (["--color", "always"], {"NO_COLOR": "1"}, True),  # the explicit flag wins
        (["--color", "never"], {"FORCE_COLOR": "1"}, False),
        ([], {"FORCE_COLOR": "1"}, True),
        ([], {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
        (["--no-color"], {"FORCE_COLOR": "1"}, False),
        (["--color", "auto"], {"FORCE_COLOR": "1"}, True),
    ],
)
def test_color(
    args: list[str], env: dict[str, str], colored: bool, project: Path, cslint_exe: str
) -> None:
    base = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    result = run(["check", *args], project, cslint_exe, env={**base, **env})
    assert result.returncode == 1
    assert ("\033[" in result.stdout) is colored


def test_bad_color_is_a_usage_error(project: Path, cslint_exe: str) -> None:
    result = run(["check", "--color", "sometimes"], project, cslint_exe)
    assert result.returncode == 2 and "unknown --color 'sometimes'" in result.stderr


def test_convert_color(project: Path, cslint_exe: str) -> None:
    (project / "docker-compose.yml").write_text(
        "services:\n  web:\n    image: nginx\n    ports: ['80:80']\n"
    )
    base = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    result = run(
        ["convert", "docker-compose.yml"], project, cslint_exe, env={**base, "FORCE_COLOR": "1"}
    )
    assert result.returncode == 0 and "\033[" in result.stderr
    result = run(
        ["convert", "docker-compose.yml", "--color", "never"],
        project,
        cslint_exe,
        env={**base, "FORCE_COLOR": "1"},
    )
    assert result.returncode == 0 and "\033[" not in result.stderr


def test_diff_shows_and_writes_nothing(project: Path, cslint_exe: str) -> None:
    before = {p.name: p.read_bytes() for p in project.iterdir()}
    result = run(["check", "--fix", "--diff"], project, cslint_exe)
    assert result.returncode == 1, result.stderr
    assert result.stdout == (
        "--- a/codeship-services.yml\n"
        "+++ b/codeship-services.yml\n"
        "@@ -1,6 +1,6 @@\n"
        " app:\n"
        "   build:\n"
        "-    path: .\n"
        "+    context: .\n"
        "     image: acme/app\n"
        "   environment:\n"
        "     DEBUG: yes\n"
    )
    assert {p.name: p.read_bytes() for p in project.iterdir()} == before
    # The diff is exactly what --fix then writes.
    patched = SERVICES.replace("path: .", "context: .")
    run(["check", "--fix"], project, cslint_exe)
    assert (project / "codeship-services.yml").read_text() == patched
    clean = run(["check", "--fix", "--diff"], project, cslint_exe)
    assert clean.returncode == 0 and clean.stdout == ""


def test_diff_with_unsafe_fixes(project: Path, cslint_exe: str) -> None:
    safe = run(["check", "--diff"], project, cslint_exe).stdout
    unsafe = run(["check", "--diff", "--unsafe-fixes"], project, cslint_exe).stdout
    assert "+    context: ." in safe and "DEBUG" not in "".join(
        line for line in safe.splitlines() if line.startswith(("+", "-"))
    )
    assert unsafe != safe and "+    DEBUG: " in unsafe


def test_show_fixes(project: Path, cslint_exe: str) -> None:
    available = run(["check", "--show-fixes"], project, cslint_exe)
    assert available.stdout.endswith(
        "Fixable with --fix: 1 problem:\n- codeship-services.yml:\n    1 x CS103 (deprecated-build-path)\n"
    )
    applied = run(["check", "--fix", "--show-fixes"], project, cslint_exe)
    assert applied.stdout.endswith(
        "Fixed: 1 problem:\n- codeship-services.yml:\n    1 x CS103 (deprecated-build-path)\n"
    )
    again = run(["check", "--fix", "--show-fixes"], project, cslint_exe)
    assert again.stdout.endswith("No fixes applied.\n")


def test_explain_by_hadolint_code(project: Path, cslint_exe: str) -> None:
    result = run(["explain", "DL3008"], project, cslint_exe)
    assert result.returncode == 0 and result.stdout.startswith("# CS310 apt-get-unpinned\n")
    assert "- hadolint: DL3008" in result.stdout
    lower = run(["explain", "dl3008"], project, cslint_exe)
    assert lower.stdout == result.stdout
    missing = run(["explain", "DL9999"], project, cslint_exe)
    assert missing.returncode == 2 and "hadolint code" in missing.stderr


def test_explain_a_shellcheck_code(project: Path, cslint_exe: str) -> None:
    # hadolint prints ShellCheck's codes beside its own: they lead to cslint's ShellCheck
    # rules and to ShellCheck's own page.
    result = run(["explain", "sc2086"], project, cslint_exe)
    assert result.returncode == 0, result.stderr
    first, rest = result.stdout.split("\n", 1)
    assert first.startswith("SC2086 is a ShellCheck code: cslint reports it through CS390")
    assert first.endswith(" https://www.shellcheck.net/wiki/SC2086")
    assert "\n# CS390 shellcheck\n" in rest and "\n# CS391 shellcheck-style\n" in rest
    missing = run(["explain", "SC20866"], project, cslint_exe)
    assert missing.returncode == 2 and missing.stdout == ""


def test_rules_has_a_hadolint_column(project: Path, cslint_exe: str) -> None:
    lines = run(["rules"], project, cslint_exe).stdout.splitlines()
    header = lines[0].split()
    assert header[:5] == ["CODE", "NAME", "SEVERITY", "FIX", "HADOLINT"]
    row = next(line for line in lines if line.startswith("CS310 "))
    assert row.split()[4] == "DL3008"
    row = next(line for line in lines if line.startswith("CS001 "))
    assert row.split()[4] == "-"


def test_unknown_kind_is_a_finding_and_the_rest_goes_on(tmp_path: Path, cslint_exe: str) -> None:
    (tmp_path / "notes.txt").write_text("- service: app\n  command: x\n")
    (tmp_path / "readme.txt").write_text("hello\n")
    (tmp_path / "api.Dockerfile@1f2e").write_text("FROM python:3.12\nRUN sudo true\n")
    result = run(["check", "notes.txt", "readme.txt", "api.Dockerfile@1f2e"], tmp_path, cslint_exe)
    assert result.returncode == 1, result.stderr
    lines = [
        line for line in result.stdout.splitlines() if ": error: " in line or ": warning: " in line
    ]
    assert lines == [
        (
            "api.Dockerfile@1f2e:2:5: error: 'sudo' in RUN; switch with 'USER root' (and back)"
            " instead [CS305 sudo]"
        ),
        (
            "notes.txt:1:1: error: cannot tell what kind of file this is from its name (its content"
            " looks like a steps file); pass --kind services|steps|dockerfile, or name it"
            " codeship-services.yml, codeship-steps.yml or *.Dockerfile [CS007 unknown-file-kind]"
        ),
        (
            "readme.txt:1:1: error: cannot tell what kind of file this is from its name; pass --kind"
            " services|steps|dockerfile, or name it codeship-services.yml, codeship-steps.yml or"
            " *.Dockerfile [CS007 unknown-file-kind]"
        ),
    ]
    assert result.stdout.endswith("3 files checked: 3 problems (3 errors).\n")
    # Selected away like any rule; --kind still decides.
    ignored = run(["check", "--ignore", "CS007", "notes.txt", "readme.txt"], tmp_path, cslint_exe)
    assert ignored.returncode == 0 and "CS007" not in ignored.stdout
    as_steps = run(
        ["check", "--kind", "steps", "--select", "CS2", "notes.txt"], tmp_path, cslint_exe
    )
    assert "CS007" not in as_steps.stdout
    sarif = run(["check", "--format", "sarif", "readme.txt"], tmp_path, cslint_exe)
    assert sarif.returncode == 1 and '"ruleId": "CS007"' in sarif.stdout


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("- service: app\n  command: make\n", "a steps file"),
        ("app:\n  image: busybox:1\n", "a services file"),
        ("services:\n  app:\n    image: busybox:1\n", "a services file"),
        ("# syntax=docker/dockerfile:1\n\nFROM busybox:1\n", "a Dockerfile"),
        ("ARG V=1\nFROM busybox:$V\n", "a Dockerfile"),
    ],
)
def test_stdin_kind_from_content_is_said(
    text: str, kind: str, tmp_path: Path, cslint_exe: str
) -> None:
    result = subprocess.run(
        [cslint_exe, "check", "-", "--format", "json"],
        cwd=tmp_path,
        input=text,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode in (0, 1), result.stderr
    assert result.stderr == (
        f"cslint: -: read as {kind}, guessed from its content (--stdin-filename or --kind to say)\n"
    )


def test_stdin_that_tells_nothing_is_a_usage_error(tmp_path: Path, cslint_exe: str) -> None:
    result = subprocess.run(
        [cslint_exe, "check", "-"],
        cwd=tmp_path,
        input="hello: world\n",
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2 and "does not tell its kind" in result.stderr
    named = subprocess.run(
        [cslint_exe, "check", "-", "--stdin-filename", "codeship-steps.yml"],
        cwd=tmp_path,
        input="hello: world\n",
        capture_output=True,
        text=True,
        check=False,
    )
    assert named.returncode == 1 and named.stderr == ""  # the name told: nothing to say


def test_convert_reads_stdin(tmp_path: Path, cslint_exe: str) -> None:
    compose = "services:\n  web:\n    image: nginx:1.27\n    ports: ['80:80']\n"
    result = subprocess.run(
        [cslint_exe, "convert", "-", "--stdin-filename", "compose.yaml"],
        cwd=tmp_path,
        input=compose,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "services:\n  web:\n    image: nginx:1.27\n"
    assert result.stderr.startswith("compose.yaml:4:5: warning: dropped 'ports'")
    # Relative paths in it resolve from the current folder, as docker compose's do.
    (tmp_path / "base.yml").write_text(
        "services:\n  base:\n    image: busybox:1.36\n    environment: {A: '1'}\n"
    )
    extending = "services:\n  app:\n    extends: {file: base.yml, service: base}\n"
    result = subprocess.run(
        [cslint_exe, "convert", "-"],
        cwd=tmp_path,
        input=extending,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "services:\n  app:\n    image: busybox:1.36\n    environment: {A: '1'}\n"
    )
    assert result.stderr.startswith("-:3:5: info: inlined 'extends'")
    broken = subprocess.run(
        [cslint_exe, "convert", "-"],
        cwd=tmp_path,
        input="services:\n  web: [\n",
        capture_output=True,
        text=True,
        check=False,
    )
    assert broken.returncode == 2 and broken.stderr.startswith("-:")


def test_dash_f_means_format_in_every_command() -> None:
    import typer.main

    from cslint.cli import app

    root = typer.main.get_command(app)
    commands = getattr(root, "commands", {})
    assert {"check", "convert", "rules", "plan"} <= set(commands)
    for name, command in commands.items():
        for param in command.params:
            opts = set(getattr(param, "opts", [])) | set(getattr(param, "secondary_opts", []))
            if "-f" in opts:
                assert "--format" in opts, f"{name}: -f is {sorted(opts)}"
            if "--format" in opts:
                assert "-f" in opts, f"{name}: --format has no -f"
