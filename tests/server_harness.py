"""Running cslint with the resident server in tests: a private XDG_RUNTIME_DIR, a real server
on a real socket, and a teardown that stops it and kills anything left that was started
under that folder (a server, a worker, a helper), so no test leaves a process behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

# The console script's code, run by this interpreter (as tests/test_fast_path.py runs it).
ENTRY = "import sys\nfrom cslint.entry import main\nsys.argv[0] = 'cslint'\nmain()\n"
CSLINT = [sys.executable, "-c", ENTRY]


def base_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env.pop("CSLINT_SERVER", None)
    return env


@contextmanager
def server_env(root: Path, **extra: str) -> Iterator[dict[str, str]]:
    """The environment of calls that use a server of their own; stops it at the end."""
    run = root / "xdg-run"
    run.mkdir(mode=0o700)
    env = {**base_env(), "XDG_RUNTIME_DIR": str(run), "CSLINT_SERVER": "1", **extra}
    try:
        yield env
    finally:
        cslint(["server", "stop"], env, timeout=60)
        kill_leftovers(run)


def cslint(
    args: list[str],
    env: dict[str, str],
    cwd: Path | None = None,
    stdin: str = "",
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CSLINT, *args], cwd=cwd, env=env, input=stdin, capture_output=True, text=True,
        timeout=timeout, check=False,
    )  # fmt: skip


def start(env: dict[str, str]) -> int:
    """Starts the server for these calls; its pid."""
    done = cslint(["server", "start"], env)
    assert done.returncode == 0, done.stdout + done.stderr
    return int(done.stdout.split("pid ")[1].split(",")[0])


def status(env: dict[str, str]) -> dict[str, str]:
    done = cslint(["server", "status"], env)
    if done.returncode != 0:
        return {}
    text = done.stdout
    return {
        "pid": text.split("pid ")[1].split(",")[0],
        "calls": text.split(", ")[2].split(" calls")[0],
        "running": text.split(", ")[3].split(" running")[0],
    }


def started_under(run: Path) -> list[int]:
    """Processes whose environment names this XDG_RUNTIME_DIR (servers, workers, helpers)."""
    mark = f"XDG_RUNTIME_DIR={run}".encode() + b"\0"
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            environ = Path(f"/proc/{entry}/environ").read_bytes()
            state = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if mark in b"\0" + environ and state != "Z":
            found.append(int(entry))
    return found


def kill_leftovers(run: Path) -> None:
    for pid in started_under(run):
        with suppress(OSError):
            os.kill(pid, signal.SIGKILL)


def wait_until(condition: object, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return False


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry))
    return found
