"""Time `cslint dry-run` against a plain shell script doing the same work with the docker CLI.

    DOCKER_HOST=unix:///... python3 bench/bench_dry_run.py [--runs 5]

The sample pipeline (written to a temporary folder): a service built from a Dockerfile, a
dependency with a HEALTHCHECK, one serial step that reaches the dependency by name, a
parallel group of two steps, and a push step (tag only). The yardstick script does what
the dry run does, step for step, with `docker build/network/run/inspect/tag/rm`: one build,
per step a fresh network and a fresh dependency container waited on until healthy, the
step's container, and the removal of everything at the end; the parallel steps run as
background jobs. Runs alternate pair by pair (script, dry run, script, ...), so both see the
same machine load; each figure is the median of --runs, with the spread (min-max); the
ratio is median dry run / median script. Target: at most 1.2.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASE = "cslint-test/busybox:latest"

FILES = {
    "codeship-services.yml": (
        "app:\n  build:\n    context: app\n  depends_on: [db]\ndb:\n  build:\n    context: db\n"
    ),
    "codeship-steps.yml": (
        "- name: reach\n  service: app\n  command: wget -qO- http://db:8080/ping\n"
        "- type: parallel\n  steps:\n"
        "    - name: unit\n      service: app\n      command: sh -c 'cat /built'\n"
        "    - name: lint\n      service: app\n      command: sh -c 'echo lint ok'\n"
        "- name: publish\n  service: app\n  type: push\n  image_name: bench/app\n"
        "  image_tag: v1\n  registry: registry.example.org\n"
    ),
    "app/Dockerfile": f"FROM {BASE}\nRUN echo built > /built\n",
    "db/Dockerfile": (
        f"FROM {BASE}\nRUN mkdir -p /w && echo pong > /w/ping\n"
        "HEALTHCHECK --interval=1s --timeout=2s --retries=30 "
        "CMD wget -q -O /dev/null http://127.0.0.1:8080/ping\n"
        'CMD ["httpd", "-f", "-p", "8080", "-h", "/w"]\n'
    ),
}

SCRIPT = r"""#!/usr/bin/env bash
set -euo pipefail
run="bench$$"
lbl="--label io.cslint.run=$run"
trap 'docker ps -aq --filter label=io.cslint.run=$run | xargs -r docker rm -f >/dev/null;
      docker network ls -q --filter label=io.cslint.run=$run | xargs -r docker network rm >/dev/null;
      docker rmi -f "app-$run" "db-$run" bench/app:v1 >/dev/null 2>&1 || true' EXIT
docker build -q --forcerm $lbl -t "app-$run" app >/dev/null
docker build -q --forcerm $lbl -t "db-$run" db >/dev/null
step() {  # step NAME COMMAND...
    local name="$1" net="$run-$1"; shift
    docker network create $lbl "$net" >/dev/null
    docker run -d $lbl --name "$net-db" --network "$net" --network-alias db "db-$run" >/dev/null
    until [ "$(docker inspect -f '{{.State.Health.Status}}' "$net-db")" = healthy ]; do sleep 0.25; done
    docker run $lbl --name "$net-app" --network "$net" --network-alias app "app-$run" "$@" | sed "s/^/$name | /"
    docker rm -f "$net-app" "$net-db" >/dev/null
    docker network rm "$net" >/dev/null
}
step reach wget -qO- http://db:8080/ping
step unit sh -c 'cat /built' & a=$!
step lint sh -c 'echo lint ok' & b=$!
wait "$a"; wait "$b"
docker tag "app-$run" bench/app:v1
echo "publish | would push bench/app:v1"
"""


def timed(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({result.returncode}):\n{result.stdout}{result.stderr}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if shutil.which("docker") is None:
        print("skipped: no docker CLI on PATH")
        return 0
    cslint = shutil.which("cslint") or sys.exit("cslint is not installed")
    with tempfile.TemporaryDirectory(prefix="cslint-bench-") as tmp:
        root = Path(tmp)
        for name, text in FILES.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text)
        (root / "script.sh").write_text(SCRIPT)
        env_ok = subprocess.run(
            ["docker", "image", "inspect", BASE], capture_output=True, check=False
        )
        if env_ok.returncode != 0:
            print(f"skipped: no daemon with {BASE} (DOCKER_HOST={os.environ.get('DOCKER_HOST')})")
            return 0
        script_times: list[float] = []
        cslint_times: list[float] = []
        for _ in range(args.runs):
            script_times.append(timed(["bash", "script.sh"], root))
            cslint_times.append(timed([cslint, "dry-run", "--jobs", "2"], root))
    for label, times in (
        ("shell script (docker CLI)", script_times),
        ("cslint dry-run", cslint_times),
    ):
        print(
            f"{label:<27} median {statistics.median(times):6.2f}s  "
            f"spread {min(times):6.2f}-{max(times):6.2f}s  runs {len(times)}"
        )
    ratio = statistics.median(cslint_times) / statistics.median(script_times)
    print(f"ratio dry-run / script: {ratio:.2f}x (target <= 1.2x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
