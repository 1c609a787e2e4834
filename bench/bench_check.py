"""Time `cslint check` against the bare interpreter and against the peer tools, in one run.

    python3 bench/bench_check.py [--runs 9] [--batch 100]

Cases:
- typical: one CodeShip project (services, steps, two Dockerfiles), as a pre-commit hook
  sees it; budget: under 8x `python3 -c pass`.
- batch: N generated projects (4N files: services, steps, two Dockerfiles) in one process.
Peers on the same files: check-jsonschema (schema validation only, YAML files) and
hadolint (Dockerfiles only). Every figure is the median of --runs runs (wall clock of the
whole process), with the ratio to the floor; a single time is never reported.
"""

from __future__ import annotations

import argparse
import compileall
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.resources import files
from pathlib import Path

SERVICES = """\
app:
  build:
    image: acme/app{n}
    context: .
    dockerfile: Dockerfile
  depends_on: [postgres, redis]
  environment:
    DATABASE_URL: postgres://postgres@postgres/app
  encrypted_env_file: env.encrypted
  cached: true
worker:
  build:
    image: acme/worker{n}
    dockerfile: worker/Dockerfile
  depends_on: [redis]
  volumes:
    - ./tmp:/app/tmp
postgres:
  image: postgres:15.4
redis:
  image: redis:7.2
"""

STEPS = """\
- type: parallel
  steps:
    - name: tests
      service: app
      command: bin/test
    - name: lint
      service: app
      command: bin/lint
    - name: worker-tests
      service: worker
      command: bin/test-worker
- name: publish
  type: push
  service: app
  tag: ^(master|main)$
  image_name: acme/app{n}
  image_tag: "{{{{ .Branch }}}}-{{{{ .CommitID }}}}"
"""

DOCKERFILE = """\
FROM python:3.12.1-slim AS base
ARG BUILD_ENV=production
ENV PYTHONDONTWRITEBYTECODE=1
RUN apt-get update \\
 && apt-get install -y --no-install-recommends curl=7.88.1-10 \\
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt /app/
RUN pip install --no-cache-dir -r requirements.txt
COPY . /app/
USER nobody
HEALTHCHECK CMD ["curl", "-f", "http://localhost:8000/health"]
CMD ["python", "-m", "app"]
"""

ENCRYPTED = "codeship:v2\nbWFkZSB1cCBjaXBoZXJ0ZXh0IGZvciBhIGJlbmNobWFyaw==\n"


def write_project(folder: Path, n: int) -> list[Path]:
    (folder / "worker").mkdir(parents=True)
    (folder / "tmp").mkdir()
    paths = {
        "codeship-services.yml": SERVICES.format(n=n),
        "codeship-steps.yml": STEPS.format(n=n),
        "Dockerfile": DOCKERFILE,
        "worker/Dockerfile": DOCKERFILE.replace("python:3.12.1-slim", "python:3.11.7-slim"),
        "env.encrypted": ENCRYPTED,
    }
    for name, text in paths.items():
        (folder / name).write_text(text)
    return [folder / name for name in paths if name != "env.encrypted"]


def median_ms(cmd: list[str], runs: int, cwd: Path) -> tuple[float, int]:
    times = []
    code = 0
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(
            cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
        )
        times.append(time.perf_counter() - start)
        code = done.returncode
    return statistics.median(times) * 1000, code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--batch", type=int, default=100, help="generated projects (4 files each)")
    args = parser.parse_args()

    cslint = shutil.which("cslint")
    if cslint is None:
        print("cslint is not installed (pip install .)", file=sys.stderr)
        return 2
    # Where PYTHONDONTWRITEBYTECODE is set (as on these machines), an editable install
    # would compile every module on every run; a normal install has its .pyc files.
    import cslint as package

    for folder in {Path(p) for p in package.__path__} | {Path(files("cslint.rules").joinpath("."))}:
        compileall.compile_dir(str(folder), quiet=1)
    with tempfile.TemporaryDirectory(prefix="cslint-bench-") as tmp:
        root = Path(tmp)
        typical = write_project(root / "typical", 0)
        batch: list[Path] = []
        for n in range(args.batch):
            batch += write_project(root / "batch" / f"p{n:03}", n)
        yaml_batch = [p for p in batch if p.suffix == ".yml"]
        docker_batch = [p for p in batch if p.name == "Dockerfile"]
        typical_yaml = [p for p in typical if p.suffix == ".yml"]
        typical_docker = [p for p in typical if p.name == "Dockerfile"]

        rows: list[tuple[str, str, list[str], Path]] = [
            ("floor", "python3 -c pass", [sys.executable, "-c", "pass"], root),
            ("typical", "cslint check (4 files)", [cslint, "check"], root / "typical"),
            (
                "typical",
                "cslint check, YAML only (2 files)",
                [cslint, "check", *map(str, typical_yaml)],
                root,
            ),
            (
                "typical",
                "cslint check, Dockerfiles only (2 files)",
                [cslint, "check", *map(str, typical_docker)],
                root,
            ),
            (
                "batch",
                f"cslint check ({len(batch)} files)",
                [cslint, "check", *map(str, batch)],
                root,
            ),
        ]
        schema = files("cslint.schemas").joinpath("codeship-services.schema.json")
        peer_cjs = shutil.which("check-jsonschema")
        if peer_cjs and schema.is_file():
            services_batch = [p for p in yaml_batch if p.name == "codeship-services.yml"]
            rows += [
                (
                    "peer",
                    "check-jsonschema, services schema (1 file)",
                    [peer_cjs, "--schemafile", str(schema), str(typical_yaml[0])],
                    root,
                ),
                (
                    "peer",
                    f"check-jsonschema, services schema ({len(services_batch)} files)",
                    [peer_cjs, "--schemafile", str(schema), *map(str, services_batch)],
                    root,
                ),
                (
                    "peer",
                    f"cslint check, services files ({len(services_batch)} files)",
                    [cslint, "check", *map(str, services_batch)],
                    root,
                ),
            ]
        peer_hadolint = shutil.which("hadolint")
        if peer_hadolint:
            rows += [
                (
                    "peer",
                    "hadolint (2 Dockerfiles)",
                    [peer_hadolint, "--no-fail", *map(str, typical_docker)],
                    root,
                ),
                (
                    "peer",
                    f"hadolint ({len(docker_batch)} Dockerfiles)",
                    [peer_hadolint, "--no-fail", *map(str, docker_batch)],
                    root,
                ),
                (
                    "peer",
                    f"cslint check ({len(docker_batch)} Dockerfiles)",
                    [cslint, "check", *map(str, docker_batch)],
                    root,
                ),
            ]

        floor, _ = median_ms(rows[0][2], args.runs, root)
        print(f"median of {args.runs} runs; ratio = time / `python3 -c pass` ({floor:.1f} ms)")
        print(f"{'case':<8} {'command':<48} {'median':>10} {'ratio':>7}")
        for case, label, cmd, cwd in rows:
            ms, code = (floor, 0) if case == "floor" else median_ms(cmd, args.runs, cwd)
            flag = "" if code in (0, 1) else f"  (exit {code})"
            print(f"{case:<8} {label:<48} {ms:>8.1f}ms {ms / floor:>6.2f}x{flag}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
