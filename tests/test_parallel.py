"""Large runs fan out over processes and print exactly what one process prints."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cslint.core.engine import MIN_PARALLEL, RuleCrash
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
    # Each batch notes the process that checked it: other processes than this one, two.
    code = (
        "import os, sys\n"
        "import cslint.core.parallel as parallel\n"
        "from cslint.core.config import Config\n"
        "from cslint.core.discovery import Target\n"
        "from cslint.core.engine import Linter\n"
        "from cslint.core.kinds import FileKind\n"
        "checked_by = parallel._lint_batch\n"
        "def noting(*args):\n"
        "    open(os.path.join(sys.argv[1], f'pid-{os.getpid()}'), 'w').close()\n"
        "    return checked_by(*args)\n"
        "parallel._lint_batch = noting\n"
        "targets = [Target(p, FileKind.DOCKERFILE) for p in sys.argv[2:]]\n"
        "results = Linter(Config()).lint_targets(targets, jobs=2)\n"
        "print(len(results), sum(len(r.diagnostics) for r in results), os.getpid())\n"
    )
    notes = tmp_path / "notes"
    notes.mkdir()
    paths = []
    for n in range(MIN_PARALLEL):
        path = tmp_path / f"Dockerfile.{n:03}"
        path.write_text(DOCKERFILE)
        paths.append(str(path))
    done = subprocess.run(
        [sys.executable, "-c", code, str(notes), *paths], capture_output=True, text=True, check=True
    )
    count, findings, parent = done.stdout.split()
    assert int(count) == MIN_PARALLEL and int(findings) > MIN_PARALLEL
    workers = {p.name for p in notes.iterdir()}
    assert len(workers) == 2 and f"pid-{parent}" not in workers


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


@pytest.mark.skipif(not os.path.exists("/proc/self/task"), reason="needs Linux /proc")
def test_helpers_end_with_a_run_killed_by_sigkill(tmp_path: Path) -> None:
    # A run over processes with ShellCheck: two workers and the ShellCheck pool's server.
    # SIGKILL runs no clean-up code; each helper must notice its parent is gone.
    chain = "".join(f"    echo $X{n} $(({n}+1)) && \\\n" for n in range(300))
    paths = []
    for n in range(MIN_PARALLEL + 2):
        path = tmp_path / f"Dockerfile.{n:03}"
        path.write_text(f"FROM busybox:1.36\nRUN echo {n} && \\\n{chain}    true\n")
        paths.append(path.name)
    run = subprocess.Popen(
        [sys.executable, "-m", "cslint", "check", "--no-cache", "--jobs", "2", *paths],
        cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    helpers: set[int] = set()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and run.poll() is None:
        helpers = {p for p in _children(run.pid) if _is_python(p)}
        if len(helpers) >= 2:
            break
        time.sleep(0.05)
    assert run.poll() is None, "the run ended before its helpers were seen"
    run.kill()
    run.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(p) for p in helpers):
        time.sleep(0.1)
    assert len(helpers) >= 2
    assert not [p for p in helpers if _alive(p)]


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
