"""Time from Ctrl-C to exit while an image builds: `cslint dry-run` against `docker build`.

    DOCKER_HOST=unix:///... python3 bench/bench_interrupt.py [--runs 5]

A project (in a temporary folder) whose one service builds a Dockerfile with a long
`RUN sleep 120`. Each measurement starts the command, waits until the builder prints
`Running in` for that RUN (its container runs the sleep), sends SIGINT and times until
the process has exited and the builder's container is gone from the daemon (cslint waits
for that; the docker CLI exits at once and the daemon removes the container after it).
The yardstick is the classic docker CLI build (`DOCKER_BUILDKIT=0 docker build
--no-cache`) of the same folder, interrupted the same way. Runs alternate pair by pair
(the order swapping each pair), so both see the same machine load; each time is the
median of --runs with its spread (min-max), and the ratio is taken per pair.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BASE = "cslint-test/busybox:latest"


def _left(client: Any, token: str) -> bool:
    return any(token in (c.get("Command") or "") for c in client.api.containers(all=True))


def _interrupt(
    command: list[str], cwd: Path, env: dict[str, str], client: Any, token: str
) -> float:
    """Seconds from SIGINT (sent once the RUN sleep's container runs) to the exit with the
    builder's container gone."""
    proc = subprocess.Popen(
        command,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    sleeping = False
    for line in proc.stdout:
        sleeping = sleeping or "RUN sleep 120" in line
        if sleeping and "Running in" in line:
            break
    else:
        proc.wait()
        raise SystemExit(f"{command[0]}: the build never reached the RUN sleep")
    sent = time.monotonic()
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=120)
    while _left(client, token):
        time.sleep(0.01)
    return time.monotonic() - sent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    docker = shutil.which("docker")
    if docker is None:
        print("no docker CLI on PATH: the yardstick needs it", file=sys.stderr)
        return 2
    import docker as sdk

    client = sdk.from_env()
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    cli_env = {**env, "DOCKER_BUILDKIT": "0"}
    cslint_times: list[float] = []
    cli_times: list[float] = []
    ratios: list[float] = []
    with tempfile.TemporaryDirectory(prefix="cslint-bench-interrupt-") as tmp:
        root = Path(tmp)
        (root / "codeship-services.yml").write_text("app:\n  build: .\n")
        (root / "codeship-steps.yml").write_text("- service: app\n  command: echo never\n")
        for i in range(args.runs):
            # A new token each run: no step of the build comes from the cache.
            token = secrets.token_hex(6)
            (root / "Dockerfile").write_text(f"FROM {BASE}\nRUN sleep 120 && echo {token}\n")
            jobs = [
                ("cslint", [sys.executable, "-m", "cslint", "dry-run"], env),
                ("docker", [docker, "build", "--no-cache", "-q=false", "."], cli_env),
            ]
            if i % 2:
                jobs.reverse()
            took = {name: _interrupt(command, root, e, client, token) for name, command, e in jobs}
            cslint_times.append(took["cslint"])
            cli_times.append(took["docker"])
            ratios.append(took["cslint"] / took["docker"])
            print(f"pair {i + 1}: cslint {took['cslint']:.2f}s, docker build {took['docker']:.2f}s")
    for name, times in (("docker build (CLI)", cli_times), ("cslint dry-run", cslint_times)):
        print(
            f"{name}: median {statistics.median(times):.2f}s "
            f"(spread {min(times):.2f}-{max(times):.2f}s)"
        )
    print(
        f"ratio per pair: median {statistics.median(ratios):.2f}x "
        f"(spread {min(ratios):.2f}-{max(ratios):.2f}x)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
