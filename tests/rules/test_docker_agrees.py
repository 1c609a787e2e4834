"""A real Docker daemon decides the cases where cslint claims a build fails (issue 14):
`COPY --from=N` out of range or naming the current stage, and a build context without a
Dockerfile while the project root has one. Each case is built for real and linted; an
error from cslint must match a failed build, and a build that works must get no error.

The daemon is the one DOCKER_HOST or the docker context names (`.ci/dockerd.sh start`
runs one); the tests skip when none answers, and fail in CI. Only the legacy builder runs
there.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from cslint.core.diagnostics import Severity
from cslint.core.engine import lint_text
from cslint.rules.dockerfile.shellcheck import BUSYBOX_HAS

pytestmark = pytest.mark.docker

BASE = "cslint-test/busybox:latest"


@pytest.fixture(scope="module")
def client(docker_client: Any) -> Any:
    return docker_client


def _builds(client: Any, **kwargs: Any) -> tuple[bool, str]:
    import docker

    try:
        client.images.build(rm=True, forcerm=True, **kwargs)
    except docker.errors.BuildError as err:
        return False, str(err)
    except docker.errors.APIError as err:
        return False, str(err)
    return True, ""


STAGES = f"FROM {BASE} AS first\nRUN echo hi > /x\nFROM {BASE}\n"


@pytest.mark.parametrize(
    ("value", "fails", "code"),
    [
        ("0", False, None),  # the earlier stage, by index
        ("first", False, None),
        ("2", True, "CS320"),  # past the last stage
        ("7", True, "CS320"),
        ("-1", True, "CS320"),  # negative
        ("1", True, "CS321"),  # the stage this COPY is in
    ],
)
def test_copy_from_index(client: Any, value: str, fails: bool, code: str | None) -> None:
    text = f"{STAGES}COPY --from={value} /x /y\n"
    built, message = _builds(client, fileobj=io.BytesIO(text.encode()))
    assert built != fails, message
    if fails:
        assert "invalid from flag value" in message
    result = lint_text(text, "Dockerfile", select=["CS320", "CS321"])
    errors = [d.code for d in result.diagnostics if d.severity is Severity.ERROR]
    assert errors == ([code] if code else []), result.diagnostics


def test_context_without_dockerfile_fails_though_the_root_has_one(
    client: Any, tmp_path: Path
) -> None:
    (tmp_path / "Dockerfile").write_text(f"FROM {BASE}\n")
    (tmp_path / "worker").mkdir()
    (tmp_path / "worker" / "main.go").write_text("package main\n")
    (tmp_path / "codeship-services.yml").write_text(
        "web:\n  build: .\nworker:\n  build: ./worker\n"
    )
    built, message = _builds(client, path=str(tmp_path / "worker"))
    assert not built, "Docker built a context that has no Dockerfile"
    assert "Dockerfile" in message
    from cslint.core.config import Config
    from cslint.core.discovery import discover
    from cslint.core.engine import Linter

    results = Linter(Config(select=("CS403",))).lint_targets(discover([str(tmp_path)], Config()))
    found = [
        (d.code, d.span.line, d.severity)
        for r in results
        for d in r.diagnostics
        if r.path.endswith("codeship-services.yml")
    ]
    assert found == [("CS403", 4, Severity.ERROR)]


@pytest.mark.parametrize(("code", "snippet"), sorted(BUSYBOX_HAS.items()))
def test_busybox_sh_has_what_cs390_lets_pass(client: Any, code: str, snippet: str) -> None:
    """CS390 drops these ShellCheck findings on Alpine-based stages: busybox sh runs each
    snippet (here Debian's busybox-static, built like Alpine's with bash compatibility)."""
    out = client.containers.run(BASE, ["sh", "-c", f"set -e; {snippet}; echo ok"], remove=True)
    assert out.decode().strip().endswith("ok"), code
