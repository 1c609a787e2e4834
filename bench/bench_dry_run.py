"""Time `cslint dry-run` against a plain shell script doing the same work with the docker CLI.

    DOCKER_HOST=unix:///... python3 bench/bench_dry_run.py [--runs 5]

The sample pipeline (written to a temporary folder): a service built from a Dockerfile, a
dependency with a HEALTHCHECK, one serial step that reaches the dependency by name, a
parallel group of two steps, and a push step (tag only). The yardstick script does what
the dry run does, step for step, with `docker build/network/run/inspect/tag/rm`: one build,
per step a fresh network and a fresh dependency container waited on until healthy, the
step's container, and the removal of everything at the end; the parallel steps run as
background jobs. Runs alternate pair by pair (script, dry run, script, ...), so both see the
same machine load (the order alternates pair by pair); each time is the median of --runs,
with its spread (min-max); the ratio is taken per pair, and its median and spread are
reported. Target: at most 1.2.

cslint's modules are byte-compiled first, as `pip install` does: where
PYTHONDONTWRITEBYTECODE is set, an editable install would otherwise recompile every
module on every run, which no user's installation does.
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
docker build -q --force-rm $lbl -t "app-$run" app >/dev/null
docker build -q --force-rm $lbl -t "db-$run" db >/dev/null
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
        import compileall

        import cslint as package

        for folder in {Path(package.__file__).parent, *_package_dirs(package)}:
            compileall.compile_dir(str(folder), quiet=1)
        script_times: list[float] = []
        cslint_times: list[float] = []
        for i in range(args.runs):
            pair = [
                (script_times, ["bash", "script.sh"]),
                (cslint_times, [cslint, "dry-run", "--jobs", "2"]),
            ]
            for times, cmd in pair if i % 2 == 0 else reversed(pair):
                times.append(timed(cmd, root))
    for label, times in (
        ("shell script (docker CLI)", script_times),
        ("cslint dry-run", cslint_times),
    ):
        print(
            f"{label:<27} median {statistics.median(times):6.2f}s  "
            f"spread {min(times):6.2f}-{max(times):6.2f}s  runs {len(times)}"
        )
    ratios = [mine / theirs for mine, theirs in zip(cslint_times, script_times, strict=True)]
    print(
        f"ratio dry-run / script, per pair: median {statistics.median(ratios):.2f}x, "
        f"spread {min(ratios):.2f}-{max(ratios):.2f}x (target <= 1.2x)"
    )
    return 0


def _package_dirs(package: object) -> list[Path]:
    """cslint.rules and cslint.schemas live in their own folders (package-dir mapping)."""
    import importlib

    return [
        Path(importlib.import_module(name).__file__ or "").parent
        for name in ("cslint.rules", "cslint.schemas")
    ]


if __name__ == "__main__":
    raise SystemExit(main())
