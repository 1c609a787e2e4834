"""The files the benchmarks run on: a typical CodeShip project, a generated monorepo, and
the shared corpus laid out as projects."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from corpus_projects import corpus_projects

__all__ = ["corpus_projects", "write_monorepo", "write_project"]

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


def write_monorepo(folder: Path, files: int) -> list[Path]:
    """About `files` files: one project (services, steps, two Dockerfiles) per 4 files,
    each in its own folder, as a repository with many services would hold them."""
    out: list[Path] = []
    for n in range(max(1, files // 4)):
        out += write_project(folder / f"svc{n:04}", n)
    return out
