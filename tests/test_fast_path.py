"""The console script reads a plain `cslint check ...` without typer (entry.py and
commands/check_argv.py) and hands everything else to the typer app. The promise: the two
paths cannot be told apart from outside. Each command line of the matrix runs through
both, each in its own copy of a project, and stdout, stderr, the exit code and the files
left behind must be the same; the fast one must also not have imported typer when it
took the command line, and must have deferred to typer when it did not."""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cslint.commands.check_argv import FLAG, MANY, NUMBER, OPTIONS, VALUE, parse

SERVICES = (
    "app:\n  build:\n    path: .\n    image: acme/app\n    dockerfile: Dockerfile\n"
    "  environment:\n    DEBUG: yes\n"
    "worker:\n  build:\n    image: acme/worker\n    dockerfile: worker/Dockerfile\n"
)
STEPS = "- name: test\n  service: app\n  command: make test && make lint\n"
DOCKERFILE = "FROM python:latest\nMAINTAINER me\nRUN cd /app && echo $HOME\n"
WORKER = "FROM busybox:1.36\nRUN apt-get update && apt-get install -y curl\n"

# Runs the console script's own code, and writes down at exit whether typer was loaded.
FAST = (
    "import atexit, os, sys\n"
    "atexit.register(lambda: open(os.environ['PROBE_OUT'], 'w').write(str('typer' in sys.modules)))\n"
    "from cslint.entry import main\n"
    "sys.argv[0] = 'cslint'\n"
    "main()\n"
)
TYPER = "import sys\nfrom cslint.cli import main\nsys.argv[0] = 'cslint'\nmain()\n"

# Command lines the fast path takes: what pre-commit, editors and users type.
TAKEN: list[list[str]] = [
    ["check"],
    ["check", "."],
    ["check", "Dockerfile"],
    ["check", "--no-cache", "codeship-services.yml", "codeship-steps.yml", "Dockerfile"],
    ["check", "-f", "json", "Dockerfile", "worker/Dockerfile"],
    ["check", "--format=sarif", "."],
    ["check", "--format", "github", "."],
    ["check", "--select", "CS3", "--ignore=CS307", "."],
    ["check", "--select", "CS1,CS2", "--select", "CS3", "."],
    ["check", "--select", "strict", "Dockerfile"],
    ["check", "--fail-on", "warning", "codeship-steps.yml"],
    ["check", "--fail-on", "never", "."],
    ["check", "-q", "."],
    ["check", ".", "--statistics"],
    ["check", "--show-fixes", "."],
    ["check", "--fix", "--show-fixes", "."],
    ["check", "--fix", "--diff", "."],
    ["check", "--fix", "--unsafe-fixes", "codeship-services.yml"],
    ["check", "-o", "report.json", "-f", "json", "."],
    ["check", "--output", "codeship-services.yml", "."],  # refused: it is an input
    ["check", "--color", "always", "Dockerfile"],
    ["check", "--no-color", "--color", "never", "Dockerfile"],
    ["check", "--jobs", "1", "."],
    ["check", "--jobs", "2", "--no-cache", "."],
    ["check", "--kind", "services", "odd.yml"],
    ["check", "--kind", "nonsense", "odd.yml"],
    ["check", "odd.yml"],  # kind unknown: CS007
    ["check", "missing.yml"],
    ["check", "empty"],
    ["check", "--config", "cfg.yaml", "."],
    ["check", "--config", "missing.yaml", "."],
    ["check", "--config="],
    ["check", "--select", "CS999", "."],
    ["check", "--format", "xml", "."],
    ["check", "--fail-on", "sometimes", "."],
    ["check", "--quiet", "--statistics", "."],
    ["check", "--statistics", "--format", "json", "."],
    ["check", "--debug", "Dockerfile"],
    ["check", "-", "--stdin-filename", "Dockerfile"],
    ["check", "-"],  # kind guessed from the content
    ["check", "--stdin-filename", "codeship-steps.yml", "-", "--fix"],  # refused
    ["check", "--jobs", "007", "Dockerfile", "--fail-on=info"],
]

# Command lines the fast path leaves to typer: help, its errors, anything odd.
DEFERRED: list[list[str]] = [
    [],
    ["--version"],
    ["--help"],
    ["rules"],
    ["check", "--help"],
    ["check", "-h"],
    ["check", "--jobs", "-1", "."],
    ["check", "--jobs", "two", "."],
    ["check", "--jobs", "+2", "."],
    ["check", "--bogus", "."],
    ["check", "--format"],
    ["check", "--fix=yes", "."],
    ["check", "--", "Dockerfile"],
    ["check", "-qf", "json", "."],
    ["check", "-fjson", "."],
    ["check", "--select", "--fix", "."],
    ["check", "--form", "json", "."],  # click takes no abbreviations
    ["--debug", "check", "."],
]


def make_project(root: Path) -> Path:
    root.mkdir()
    (root / "codeship-services.yml").write_text(SERVICES)
    (root / "codeship-steps.yml").write_text(STEPS)
    (root / "Dockerfile").write_text(DOCKERFILE)
    (root / "worker").mkdir()
    (root / "worker" / "Dockerfile").write_text(WORKER)
    (root / "odd.yml").write_text("app:\n  image: busybox:1.36\n  path: x\n")
    (root / "cfg.yaml").write_text("ignore: [CS307]\nfail-on: warning\n")
    (root / "empty").mkdir()
    return root


def run(code: str, args: list[str], cwd: Path, env: dict[str, str]) -> tuple[object, ...]:
    stdin = DOCKERFILE if "-" in args else ""
    done = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=cwd, env=env, input=stdin,
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    files = {
        str(p.relative_to(cwd)): p.read_bytes().replace(bytes(cwd), b"<project>")
        for p in sorted(cwd.rglob("*"))
        if p.is_file()
    }
    # The folder differs between the two copies; nothing else may.
    out = done.stdout.replace(str(cwd), "<project>")
    err = done.stderr.replace(str(cwd), "<project>")
    return out, err, done.returncode, files


def both(args: list[str], tmp_path: Path) -> tuple[tuple[object, ...], tuple[object, ...], str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env["PROBE_OUT"] = str(tmp_path / "typer-loaded")
    results = []
    for name, code in (("fast", FAST), ("typer", TYPER)):
        project = make_project(tmp_path / f"project-{name}")
        # Each its own result cache, so neither answers from the other's.
        results.append(
            run(code, args, project, {**env, "CSLINT_CACHE_DIR": str(tmp_path / f"c-{name}")})
        )
    return results[0], results[1], (tmp_path / "typer-loaded").read_text()


@pytest.mark.parametrize("args", TAKEN, ids=" ".join)
def test_the_fast_path_answers_as_typer_does(args: list[str], tmp_path: Path) -> None:
    assert parse(args) is not None
    fast, slow, typer_loaded = both(args, tmp_path)
    assert fast == slow
    assert typer_loaded == "False"
    assert "Traceback" not in str(fast[1])


@pytest.mark.parametrize("args", DEFERRED, ids=lambda a: " ".join(a) or "(none)")
def test_anything_else_is_typers_to_answer(args: list[str], tmp_path: Path) -> None:
    assert parse(args) is None
    fast, slow, typer_loaded = both(args, tmp_path)
    assert fast == slow
    assert typer_loaded == "True"


def test_a_closed_stdout_ends_both_paths_alike(tmp_path: Path) -> None:
    """A reader that goes away (`cslint check | head -1`): exit 1 and nothing on stderr,
    typer's way, on both paths."""
    project = make_project(tmp_path / "p")
    (project / "Dockerfile").write_text("FROM python:latest\n" + "MAINTAINER me\n" * 3000)
    outcomes = []
    for code in (FAST, TYPER):
        env = {**os.environ, "PROBE_OUT": str(tmp_path / "probe"), "CSLINT_NO_CACHE": "1"}
        proc = subprocess.Popen(
            [sys.executable, "-c", code, "check", "Dockerfile"], cwd=project, env=env,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.close()  # before it writes: it takes far longer to start
        err = proc.stderr.read()
        outcomes.append((proc.wait(timeout=120), err))
    assert outcomes[0] == outcomes[1] == (1, b"")


def test_the_options_are_exactly_the_typer_commands() -> None:
    """OPTIONS names every option of the typer `check`, with the same parameter and the same
    kind of value; and run_check takes the typer command's parameters, with its defaults."""
    import typer

    from cslint.cli import app
    from cslint.commands.check import check
    from cslint.commands.check_run import run_check

    command = typer.main.get_command(app).commands["check"]  # type: ignore[attr-defined]
    expected: dict[str, tuple[str, str]] = {}
    for param in command.params:
        # typer vendors its own click: its classes are told by their declared kind.
        if param.param_type_name == "argument":
            assert param.name == "paths" and param.nargs == -1
            continue
        assert param.param_type_name == "option"
        if param.is_flag:
            how = FLAG
        elif param.multiple:
            how = MANY
        elif param.type.name in ("integer", "int range"):
            how = NUMBER
        else:
            how = VALUE
        assert param.name is not None
        for name in (*param.opts, *param.secondary_opts):
            expected[name] = (param.name, how)
    assert expected == OPTIONS
    typer_params = inspect.signature(check).parameters
    run_params = inspect.signature(run_check).parameters
    assert list(typer_params) == list(run_params)
    for name, param in typer_params.items():
        assert run_params[name].default == param.default, name


def test_completion_is_left_to_typer(tmp_path: Path) -> None:
    """entry.py spells typer's completion variable itself (importing it would import typer)."""
    from cslint.commands.completion import COMPLETE_VAR

    source = (Path(__file__).resolve().parent.parent / "linter" / "entry.py").read_text()
    assert f'"{COMPLETE_VAR}"' in source


def test_the_console_script_is_the_fast_entry() -> None:
    """pyproject's console script is entry.main (read from pyproject, not from the installed
    metadata, which an older editable install may still hold)."""
    import tomllib

    pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
    scripts = tomllib.loads(pyproject.read_text())["project"]["scripts"]
    assert scripts == {"cslint": "cslint.entry:main"}
