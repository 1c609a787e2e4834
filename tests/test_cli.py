"""The command line through the real console script: exit codes, streams, formats."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

GOOD = "app:\n  image: busybox\n"
DUP = "app:\n  image: busybox\n  image: alpine\n"


def run(
    args: list[str],
    cwd: Path,
    exe: str,
    stdin: str | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [exe, *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "codeship-services.yml").write_text(GOOD)
    return tmp_path


def test_version(project: Path, cslint_exe: str) -> None:
    from cslint import __version__

    result = run(["--version"], project, cslint_exe)
    assert result.returncode == 0 and result.stdout.strip() == f"cslint {__version__}"


def test_python_dash_m(project: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cslint", "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and result.stdout.startswith("cslint ")


def test_clean_project_exits_0(project: Path, cslint_exe: str) -> None:
    result = run(["check", "--select", "CS0"], project, cslint_exe)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no problems" in result.stdout


def test_findings_exit_1_with_positions(project: Path, cslint_exe: str) -> None:
    (project / "codeship-services.yml").write_text(DUP)
    result = run(["check", "--select", "CS0"], project, cslint_exe)
    assert result.returncode == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith("codeship-services.yml:3:3: error: duplicate key 'image'")
    assert first.endswith("[CS002 duplicate-key]")


@pytest.mark.parametrize(
    ("fail_on", "code"), [("never", 0), ("error", 0), ("warning", 1), ("info", 1)]
)
def test_fail_on_threshold(project: Path, cslint_exe: str, fail_on: str, code: int) -> None:
    (project / "codeship-services.yml").write_text(DUP)
    args = ["check", "--select", "CS002", "--fail-on", fail_on]
    (project / ".cslint.yaml").write_text("severity: {CS002: warning}\n")
    assert run(args, project, cslint_exe).returncode == code


def test_missing_file_is_a_usage_error(project: Path, cslint_exe: str) -> None:
    result = run(["check", "nope.yml"], project, cslint_exe)
    assert result.returncode == 2
    assert result.stderr.strip() == "cslint: nope.yml: no such file or directory"
    assert "Traceback" not in result.stderr


def test_bad_config_is_a_usage_error_with_position(project: Path, cslint_exe: str) -> None:
    (project / ".cslint.yaml").write_text("ignore: [CS002]\nfail-on: loudly\n")
    result = run(["check"], project, cslint_exe)
    assert result.returncode == 2
    assert ".cslint.yaml:2:1: 'fail-on' must be one of" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "args",
    [
        ["check", "--format", "xml"],
        ["check", "--select", "CS999"],
        ["check", "--fail-on", "sometimes"],
        ["check", "--kind", "compose"],
        ["check", "--bogus"],
        ["explain", "CS999"],
    ],
)
def test_usage_errors_exit_2(project: Path, cslint_exe: str, args: list[str]) -> None:
    result = run(args, project, cslint_exe)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_kind_of_file(project: Path, cslint_exe: str) -> None:
    (project / "pipeline.yml").write_text(GOOD)
    result = run(["check", "pipeline.yml"], project, cslint_exe)
    # A finding (CS007), not a usage error: the rest of a batch goes on.
    assert result.returncode == 1 and "--kind" in result.stdout and "[CS007 " in result.stdout
    result = run(
        ["check", "--kind", "services", "--select", "CS0", "pipeline.yml"], project, cslint_exe
    )
    assert result.returncode == 0


def test_stdin_with_filename(project: Path, cslint_exe: str) -> None:
    args = ["check", "-", "--stdin-filename", "codeship-services.yml", "--select", "CS0"]
    result = run(args, project, cslint_exe, stdin=DUP)
    assert result.returncode == 1
    assert result.stdout.startswith("codeship-services.yml:3:3:")
    guessed = run(["check", "-", "--select", "CS0"], project, cslint_exe, stdin=DUP)
    assert guessed.returncode == 1 and "read as a services file" in guessed.stderr
    assert run(["check", "-"], project, cslint_exe, stdin="just: text\n").returncode == 2


def test_json_format_and_output_file(project: Path, cslint_exe: str) -> None:
    (project / "codeship-services.yml").write_text(DUP)
    result = run(
        ["check", "-f", "json", "--select", "CS0", "-o", "report.json"], project, cslint_exe
    )
    assert result.returncode == 1 and result.stdout == ""
    report = json.loads((project / "report.json").read_text())
    assert report["summary"]["errors"] == 1


def test_no_colour_when_piped_or_no_color(project: Path, cslint_exe: str) -> None:
    (project / "codeship-services.yml").write_text(DUP)
    assert "\033[" not in run(["check", "--select", "CS0"], project, cslint_exe).stdout


def _run_in_tty(args: list[str], cwd: Path, env: dict[str, str]) -> str:
    controller, terminal = pty.openpty()
    proc = subprocess.Popen(args, cwd=cwd, stdout=terminal, stderr=terminal, env=env)
    os.close(terminal)
    chunks = []
    while True:
        try:
            data = os.read(controller, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(controller)
    return b"".join(chunks).decode()


def test_colour_on_a_tty_unless_no_color(
    project: Path, cslint_exe: str, clean_env: dict[str, str]
) -> None:
    (project / "codeship-services.yml").write_text(DUP)
    args = [cslint_exe, "check", "--select", "CS0"]
    assert "\033[" in _run_in_tty(args, project, clean_env)
    assert "\033[" not in _run_in_tty(args, project, {**clean_env, "NO_COLOR": "1"})
    assert "\033[" not in _run_in_tty([*args, "--no-color"], project, clean_env)


CRASH = (
    "import sys\n"
    "from cslint.rules.core.duplicate_key import DuplicateKey\n"
    "def boom(self, ctx):\n"
    "    raise RuntimeError('boom')\n"
    "DuplicateKey.check = boom\n"
    "from cslint.cli import main\n"
    "sys.argv = ['cslint', *sys.argv[1:]]\n"
    "main()\n"
)


def test_internal_error_exits_3_without_traceback(project: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", CRASH, "check"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 3
    assert "internal error in rule CS002" in result.stderr
    assert "Traceback" not in result.stderr
    debug = subprocess.run(
        [sys.executable, "-c", CRASH, "check", "--debug"],
        cwd=project,
        check=False,
        capture_output=True,
        text=True,
    )
    assert debug.returncode == 3 and "Traceback" in debug.stderr


def test_rules_and_explain(project: Path, cslint_exe: str) -> None:
    table = run(["rules"], project, cslint_exe)
    assert table.returncode == 0 and "CS002" in table.stdout and "duplicate-key" in table.stdout
    rows = json.loads(run(["rules", "--format", "json"], project, cslint_exe).stdout)
    assert {"code", "name", "severity", "fixable", "summary"} <= set(rows[0])
    page = run(["explain", "duplicate-key"], project, cslint_exe)
    assert page.returncode == 0 and page.stdout.startswith("# CS002 duplicate-key")


def test_nothing_to_check_is_one_line_and_exit_0(tmp_path: Path, cslint_exe: str) -> None:
    (tmp_path / "README.md").write_text("no pipeline here\n")
    result = run(["check"], tmp_path, cslint_exe)
    assert result.returncode == 0 and result.stdout == ""
    assert result.stderr == (
        "cslint: no CodeShip file or Dockerfile in the current folder "
        "(codeship-services.yml, codeship-steps.yml, Dockerfile*)\n"
    )
    # Machine formats still get a valid, empty report.
    report = run(["check", "--format", "json", "."], tmp_path, cslint_exe)
    assert report.returncode == 0 and json.loads(report.stdout)["files"] == []


def test_fix_rewrites_safe_fixes_only(project: Path, cslint_exe: str) -> None:
    services = project / "codeship-services.yml"
    services.write_text(
        "app:\n  build:\n    path: .\n    image: acme/app\n  environment:\n    DEBUG: yes\n"
    )
    (project / "Dockerfile").write_text("FROM busybox:1.36\n")
    result = run(["check", "--fix", "--select", "CS103,CS114"], project, cslint_exe)
    assert "applied 1 fix" in result.stderr
    # CS103's fix (rename the key) is safe; CS114's (quote the value) changes a type: unsafe.
    assert services.read_text() == (
        "app:\n  build:\n    context: .\n    image: acme/app\n  environment:\n    DEBUG: yes\n"
    )
    assert "CS114" in result.stdout and "CS103" not in result.stdout
    run(["check", "--fix", "--unsafe-fixes", "--select", "CS114"], project, cslint_exe)
    assert 'DEBUG: "yes"' in services.read_text() or "DEBUG: 'yes'" in services.read_text()


def test_fix_refuses_stdin(project: Path, cslint_exe: str) -> None:
    args = ["check", "--fix", "-", "--stdin-filename", "codeship-services.yml"]
    result = run(args, project, cslint_exe, stdin=DUP)
    assert result.returncode == 2 and "--fix" in result.stderr
