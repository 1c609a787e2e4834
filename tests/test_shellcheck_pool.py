"""ShellCheck runs in one pool per run: each distinct script once, at most one process per
core, fed as the Dockerfiles are parsed; a run over several processes prints exactly what
one process prints."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cslint.core.config import find_config, find_hadolint_config
from cslint.parsers.shellcheck import ProcessRunner, find_executable

SHELLCHECK = find_executable()
needs_shellcheck = pytest.mark.skipif(SHELLCHECK is None, reason="ShellCheck is not installed")


def _logging_shellcheck(folder: Path, pause: float = 0.0) -> tuple[Path, Path]:
    """A `shellcheck` that notes each start and end (pid, time, scripts given) in a log,
    then runs the real one."""
    folder.mkdir(exist_ok=True)
    log = folder / "shellcheck.log"
    wrapper = folder / "shellcheck"
    # The scripts are the arguments naming /dev/fd/N or N.sh (see _run_shellcheck).
    wrapper.write_text(
        "#!/bin/sh\n"
        'n=0; for a in "$@"; do case $a in /dev/fd/*|*.sh) n=$((n+1));; esac; done\n'
        f'echo "start $$ $(date +%s%N) $n" >> "{log}"\n'
        f"sleep {pause}\n"
        f'"{SHELLCHECK}" "$@"\n'
        "rc=$?\n"
        f'echo "end $$ $(date +%s%N) 0" >> "{log}"\n'
        "exit $rc\n"
    )
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
    return wrapper, log


def _read_log(log: Path) -> tuple[int, int, int]:
    """(processes, scripts given in all, most processes running at once)."""
    events = []
    scripts = processes = 0
    for line in log.read_text().splitlines():
        what, _, when, count = line.split()
        events.append((int(when), 1 if what == "start" else -1))
        if what == "start":
            processes += 1
            scripts += int(count)
    running = most = 0
    for _, step in sorted(events):
        running += step
        most = max(most, running)
    return processes, scripts, most


LINT = """
import sys
from cslint.core.config import Config
from cslint.core.discovery import Target
from cslint.core.engine import Linter
from cslint.core.kinds import FileKind
from cslint.parsers.shellcheck import ProcessRunner, use_runner

targets = [Target(p, FileKind.DOCKERFILE) for p in sys.argv[3:]]
with use_runner(ProcessRunner(sys.argv[1], workers=2)):
    results = Linter(Config()).lint_targets(targets, jobs=int(sys.argv[2]))
for result in results:
    for d in result.diagnostics:
        print(result.path, d.span.line, d.span.col, d.code, d.message)
"""


@needs_shellcheck
def test_a_run_over_processes_checks_each_script_once_in_one_pool(tmp_path: Path) -> None:
    # 60 Dockerfiles (a run over processes from 48 files): one RUN all share, one each
    # has alone. A pool per worker would check the shared script in every worker.
    paths = []
    for n in range(60):
        path = tmp_path / f"Dockerfile.{n:03}"
        path.write_text(f"FROM busybox:1.36\nRUN cd /app; make\nRUN echo $X{n} `date`\n")
        paths.append(str(path))
    outputs = {}
    for jobs in (1, 2):
        wrapper, log = _logging_shellcheck(tmp_path / f"jobs{jobs}")
        done = subprocess.run(
            [sys.executable, "-c", LINT, str(wrapper), str(jobs), *paths],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        outputs[jobs] = done.stdout
        processes, scripts, most = _read_log(log)
        assert scripts == 61, (jobs, scripts)  # 60 own scripts and the shared one, once each
        assert most <= 2, (jobs, most)  # the pool's size, whatever the workers
        assert processes >= 1
    assert outputs[1] == outputs[2]
    assert outputs[1].count("SC2164") == 60 and outputs[1].count("SC2006") == 0  # CS391's


@needs_shellcheck
def test_scripts_gather_into_batches_while_every_slot_is_busy(tmp_path: Path) -> None:
    assert SHELLCHECK is not None
    wrapper, log = _logging_shellcheck(tmp_path, pause=0.5)
    runner = ProcessRunner(str(wrapper), workers=2)
    scripts = [f"#!/bin/sh\necho $V{n}\n" for n in range(100)]
    runner.prefetch(scripts[:1])
    assert runner.processes == 1  # a free slot takes the first script at once
    for script in scripts[1:]:  # one Dockerfile at a time, as the engine announces them
        runner.prefetch([script])
    results = runner.check(scripts)
    processes, given, most = _read_log(log)
    assert given == 100 and most <= 2
    # 1 + 1 at once, then batches of 32 while both slots slept: far fewer than 100.
    assert processes == runner.processes <= 2 + -(-98 // ProcessRunner.BATCH) + 1
    direct = ProcessRunner(SHELLCHECK).check(scripts)
    assert results == direct
    assert all(any(c.code == 2086 for c in found) for found in results)


@needs_shellcheck
def test_a_check_of_scripts_never_announced_runs_at_once(tmp_path: Path) -> None:
    wrapper, log = _logging_shellcheck(tmp_path)
    runner = ProcessRunner(str(wrapper))
    started = time.monotonic()
    found = runner.check(["#!/bin/sh\ncd /x; make\n"])
    assert [c.code for c in found[0]] == [2164]
    assert runner.processes == 1 and _read_log(log)[0] == 1
    assert time.monotonic() - started < 30


def _cslint(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cslint", "check", "--no-cache", *args],
        cwd=cwd, capture_output=True, text=True, check=False,
    )  # fmt: skip


@needs_shellcheck
def test_corpus_dockerfiles_print_the_same_in_one_process_or_two(
    corpus: Path, tmp_path: Path
) -> None:
    files = sorted(str(p) for p in (corpus / "dockerfiles").iterdir() if p.is_file())
    assert len(files) >= 48  # a run over processes
    for args in (("--format", "text"), ("--format", "json", "--select", "CS390,CS391,CS3")):
        one = _cslint(tmp_path, "--jobs", "1", "--kind", "dockerfile", *args, *files)
        two = _cslint(tmp_path, "--jobs", "2", "--kind", "dockerfile", *args, *files)
        assert one.returncode == two.returncode == 1, two.stderr
        assert two.stdout == one.stdout
        assert two.stderr == one.stderr
        assert "SC2" in one.stdout


def test_config_lookup_with_a_memo_answers_as_without(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "c" / "d").mkdir(parents=True)
    (tmp_path / "e").mkdir()
    (tmp_path / ".cslint.yaml").write_text("select: [CS1]\n")
    (tmp_path / "c" / ".cslint.yaml").write_text("select: [CS2]\n")
    (tmp_path / "c" / ".hadolint.yaml").write_text("ignored: [DL3008]\n")
    (tmp_path / "e" / "pyproject.toml").write_text("[tool.cslint]\nselect = ['CS3']\n")
    configs: dict[Path, str | None] = {}
    hadolints: dict[Path, str | None] = {}
    for folder in ("a/b", "c/d", "c", ".", "a", "e", "c/d", "a/b"):
        start = os.path.join(tmp_path, folder)
        assert find_config(start, configs) == find_config(start)
        assert find_hadolint_config(start, hadolints) == find_hadolint_config(start)
    assert find_config(str(tmp_path / "c" / "d"), configs) == str(tmp_path / "c" / ".cslint.yaml")
    assert find_config(str(tmp_path / "a" / "b"), configs) == str(tmp_path / ".cslint.yaml")
    assert find_config(str(tmp_path / "e"), configs) == str(tmp_path / "e" / "pyproject.toml")


@needs_shellcheck
def test_each_group_of_a_run_over_processes_keeps_its_shellcheck_limits(tmp_path: Path) -> None:
    # Two projects of 50 Dockerfiles each (each a run over processes); one has a nested
    # .cslint.yaml with a ShellCheck timeout no batch can meet.
    (tmp_path / ".git").mkdir()
    for name in ("tight", "roomy"):
        for n in range(50):
            folder = tmp_path / name / f"p{n:02}"
            folder.mkdir(parents=True)
            (folder / "Dockerfile").write_text(f"FROM busybox:1.36\nRUN cd /{name}{n}; make\n")
    (tmp_path / "tight" / ".cslint.yaml").write_text("limits:\n  shellcheck-timeout: 0.001\n")
    files = [f"{name}/p{n:02}/Dockerfile" for name in ("tight", "roomy") for n in range(50)]
    outputs = []
    for jobs in ("1", "2"):
        done = _cslint(tmp_path, "--jobs", jobs, "--select", "CS390", "--format", "json", *files)
        assert done.returncode == 0, done.stderr  # warnings
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    import json

    messages: dict[str, set[str]] = {"tight": set(), "roomy": set()}
    for entry in json.loads(outputs[1])["files"]:
        for diag in entry["diagnostics"]:
            messages[entry["path"].split(os.sep)[0]].add(diag["message"].split(":")[0])
    assert messages["roomy"] == {"SC2164"}
    assert all("did not finish within 0.001 s" in m for m in messages["tight"]), messages
