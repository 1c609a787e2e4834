"""Large runs fan out over processes and print exactly what one process prints."""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cslint.core import parallel
from cslint.core.discovery import Target
from cslint.core.engine import MIN_PARALLEL, RuleCrash
from cslint.core.kinds import FileKind
from cslint.rules.core import CORE_RULES

SERVICES = (
    "app{n}:\n  build:\n    image: acme/app\n    path: .\n  links: [db]\ndb:\n  image: postgres\n"
)
STEPS = "- service: app{n}\n  command: make test && make lint\n- service: nope\n  command: x\n"
DOCKERFILE = "FROM python:latest\nMAINTAINER me\nRUN cd /app && apt-get install curl\n"


def _monorepo(root: Path, projects: int) -> list[str]:
    files = []
    for n in range(projects):
        folder = root / f"p{n:03}"
        folder.mkdir(parents=True)
        (folder / "codeship-services.yml").write_text(SERVICES.format(n=n))
        (folder / "codeship-steps.yml").write_text(STEPS.format(n=n))
        (folder / "Dockerfile").write_text(DOCKERFILE)
        files += [
            f"p{n:03}/{name}"
            for name in ("Dockerfile", "codeship-steps.yml", "codeship-services.yml")
        ]
    return files


def _check(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cslint", "check", "--no-cache", *args],
        cwd=root, capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_processes_give_the_output_of_one_process(tmp_path: Path) -> None:
    files = _monorepo(tmp_path, MIN_PARALLEL // 3 + 4)
    assert len(files) >= MIN_PARALLEL
    for fmt, jobs in (("text", "2"), ("text", "3"), ("json", "2")):
        one = _check(tmp_path, "--jobs", "1", "--format", fmt, *files)
        many = _check(tmp_path, "--jobs", jobs, "--format", fmt, *files)
        assert one.returncode == many.returncode == 1, many.stderr
        assert many.stdout == one.stdout
        assert many.stderr == one.stderr
    assert "CS401" in one.stdout or "unknown-step-service" in one.stdout


def test_workers_really_run(tmp_path: Path) -> None:
    # Each task notes the process that claimed it: two workers, not the run's process.
    code = (
        "import os, sys\n"
        "import cslint.core.parallel as parallel\n"
        "from cslint.core.config import Config\n"
        "from cslint.core.discovery import Target\n"
        "from cslint.core.engine import Linter\n"
        "from cslint.core.kinds import FileKind\n"
        "claim = parallel._claim\n"
        "def noting(fd):\n"
        "    task = claim(fd)\n"
        "    if task is not None:\n"
        "        open(os.path.join(sys.argv[1], f'pid-{os.getpid()}'), 'a').write(f'{task} ')\n"
        "    return task\n"
        "parallel._claim = noting\n"
        "targets = [Target(p, FileKind.DOCKERFILE) for p in sys.argv[2:]]\n"
        "results = Linter(Config()).lint_targets(targets, jobs=2)\n"
        "print(len(results), sum(len(r.diagnostics) for r in results), os.getpid())\n"
    )
    notes = tmp_path / "notes"
    notes.mkdir()
    paths = []
    count = 4 * MIN_PARALLEL
    (tmp_path / ".git").mkdir()  # the top of the projects, whatever lies above
    for n in range(count):  # a project each
        path = tmp_path / f"p{n:03}" / "Dockerfile"
        path.parent.mkdir()
        path.write_text(DOCKERFILE)
        paths.append(str(path))
    done = subprocess.run(
        [sys.executable, "-c", code, str(notes), *paths], capture_output=True, text=True, check=True
    )
    results, findings, parent = done.stdout.split()
    assert int(results) == count and int(findings) > count
    claimed = {p.name: [int(t) for t in p.read_text().split()] for p in notes.iterdir()}
    assert len(claimed) == 2 and f"pid-{parent}" not in claimed
    # Every task once, by one worker or the other; small ones at the end (a project each).
    tasks = sorted(t for numbers in claimed.values() for t in numbers)
    assert tasks == list(range(len(tasks))) and len(tasks) > 2 * parallel.SHARE
    assert parallel._tasks([Target(p, FileKind.DOCKERFILE) for p in paths], 2)[-1] == [count - 1]


def test_forked_workers_import_nothing_but_the_dockerfile_parser(tmp_path: Path) -> None:
    # The run's process loads what checking needs before forking; a worker that imported
    # parsers or rule families again would pay the start-up once more per process.
    code = (
        "import os, sys\n"
        "import cslint.core.parallel as parallel\n"
        "work, notes = parallel._work, sys.argv[1]\n"
        "def noting(*args):\n"
        "    before = set(sys.modules)\n"
        "    try:\n"
        "        return work(*args)\n"
        "    finally:\n"
        "        with open(os.path.join(notes, str(os.getpid())), 'w') as out:\n"
        "            out.write(' '.join(sorted(set(sys.modules) - before)))\n"
        "parallel._work = noting\n"
        "from cslint.entry import main\n"
        "sys.argv = ['cslint', 'check', '--no-cache', '--jobs', '2', *sys.argv[2:]]\n"
        "main()\n"
    )
    notes = tmp_path / "notes"
    notes.mkdir()
    files = _monorepo(tmp_path, MIN_PARALLEL // 3 + 4)
    done = subprocess.run(
        [sys.executable, "-c", code, str(notes), *files],
        cwd=tmp_path, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr  # findings
    imported = {p.name: p.read_text().split() for p in notes.iterdir()}
    assert len(imported) == 2
    # BuildKit's parser is Go, whose threads a fork would not carry over: each worker
    # loads it itself (parallel._warm).
    assert all(set(names) <= {"dockerfile"} for names in imported.values()), imported


def test_a_small_run_stays_in_one_process(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from cslint.cli import main\n"
        "sys.argv = ['cslint', 'check', '--no-cache', *sys.argv[1:]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('cslint.core.parallel' in sys.modules)\n"
    )
    files = _monorepo(tmp_path, 3)
    done = subprocess.run(
        [sys.executable, "-c", code, *files],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.stdout.splitlines()[-1] == "False"


def test_a_rule_crash_crosses_the_process_boundary() -> None:
    crash = pickle.loads(pickle.dumps(RuleCrash(CORE_RULES[0], "x/Dockerfile")))
    assert crash.rule is CORE_RULES[0] and crash.path == "x/Dockerfile"
    assert "CS001" in str(crash)


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as children:
                found |= {int(c) for c in children.read().split()}
    except OSError:
        pass
    return found


def _slow_run(tmp_path: Path, **popen: object) -> tuple[subprocess.Popen[str], set[int]]:
    """A run over processes with ShellCheck (two workers and the ShellCheck pool's server),
    and its Python helpers once they are all seen."""
    chain = "".join(f"    echo $X{n} $(({n}+1)) && \\\n" for n in range(300))
    paths = []
    for n in range(MIN_PARALLEL + 2):
        path = tmp_path / f"Dockerfile.{n:03}"
        path.write_text(f"FROM busybox:1.36\nRUN echo {n} && \\\n{chain}    true\n")
        paths.append(path.name)
    run = subprocess.Popen(
        [sys.executable, "-m", "cslint", "check", "--no-cache", "--jobs", "2", *paths],
        cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        **popen,  # type: ignore[call-overload]
    )  # fmt: skip
    helpers: set[int] = set()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and run.poll() is None:
        helpers = {p for p in _children(run.pid) if _is_python(p)}
        if len(helpers) >= 3:
            break
        time.sleep(0.05)
    assert run.poll() is None, "the run ended before its helpers were seen"
    assert len(helpers) >= 3
    return run, helpers


def _all_gone(helpers: set[int], within: float = 10) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline and any(_alive(p) for p in helpers):
        time.sleep(0.1)
    return not [p for p in helpers if _alive(p)]


@pytest.mark.skipif(not os.path.exists("/proc/self/task"), reason="needs Linux /proc")
def test_helpers_end_with_a_run_killed_by_sigkill(tmp_path: Path) -> None:
    # SIGKILL runs no clean-up code; each helper must notice its parent is gone.
    run, helpers = _slow_run(tmp_path)
    run.kill()
    run.communicate()
    assert _all_gone(helpers)


@pytest.mark.skipif(not os.path.exists("/proc/self/task"), reason="needs Linux /proc")
def test_helpers_end_with_a_run_ended_by_sigterm(tmp_path: Path) -> None:
    run, helpers = _slow_run(tmp_path)
    run.terminate()
    run.communicate()
    assert run.returncode == -signal.SIGTERM
    assert _all_gone(helpers)


@pytest.mark.skipif(not os.path.exists("/proc/self/task"), reason="needs Linux /proc")
@pytest.mark.parametrize("whole_group", [False, True], ids=["run-only", "ctrl-c"])
def test_an_interrupted_run_exits_130_and_leaves_no_helper(
    tmp_path: Path, whole_group: bool
) -> None:
    # Ctrl-C in a terminal reaches every process of the group; `kill -INT` the run alone.
    run, helpers = _slow_run(tmp_path, start_new_session=True)
    if whole_group:
        os.killpg(run.pid, signal.SIGINT)
    else:
        run.send_signal(signal.SIGINT)
    _, stderr = run.communicate(timeout=60)
    assert run.returncode == 130, stderr
    assert stderr == ""  # as typer ends on Ctrl-C: silently, and no worker's traceback
    # The run stopped and reaped its workers before it exited; its pool is gone too.
    assert _all_gone(helpers, within=2)


def _is_python(pid: int) -> bool:
    try:
        return "python" in os.readlink(f"/proc/{pid}/exe")
    except OSError:
        return False


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ")[-1][:1] != "Z"  # a zombie has ended
    except OSError:
        return False
