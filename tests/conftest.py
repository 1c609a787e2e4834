from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# ../shared next to the checkout; a worktree under wt/ finds it one level further up.
SHARED = next(
    (p / "shared" for p in (REPO.parent, REPO.parent.parent) if (p / "shared").is_dir()),
    REPO.parent / "shared",
)
CORPUS = SHARED / "corpus"


@pytest.fixture(scope="session", autouse=True)
def _own_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> None:
    # The suite's `cslint check` runs use the result cache like a user's, but in a folder
    # of their own: never the developer's cache, and never one left by an earlier run.
    os.environ["CSLINT_CACHE_DIR"] = str(tmp_path_factory.mktemp("cslint-cache"))
    # No test starts a resident server by accident (tests/test_server.py starts its own).
    os.environ.pop("CSLINT_SERVER", None)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens", action="store_true", help="rewrite golden files from current output"
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The shared corpus of real files; tests that use it skip where ../shared is absent."""
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    return CORPUS


@pytest.fixture(scope="session")
def cslint_exe() -> str:
    exe = shutil.which("cslint")
    if exe is None:
        pytest.fail("the cslint console script is not installed (pip install -e .)")
    return exe


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("NO_COLOR", None)
    env.pop("GITHUB_ACTIONS", None)
    return env


# ----- the Docker daemon -------------------------------------------------------------------
# Daemon tests are marked `docker` and take `docker_client`. Without a daemon they skip with
# the reason; in CI (CI=true) such a skip is turned into a failure, so a CI run can never
# pass while its daemon tests silently did not run.

DOCKER_BASE_IMAGE = "cslint-test/busybox:latest"


@pytest.fixture(scope="session")
def docker_client() -> object:
    """A client for the daemon DOCKER_HOST or the docker context names (as the docker CLI
    finds it), with the base image the tests build FROM."""
    from cslint.pipeline.session import DaemonUnavailable, connect

    try:
        client = connect()
    except DaemonUnavailable as exc:
        pytest.skip(f"no Docker daemon ({exc}); start one with .ci/dockerd.sh")
    try:
        client.images.get(DOCKER_BASE_IMAGE)  # type: ignore[attr-defined]
    except Exception as exc:  # noqa: BLE001 - any failure: the base image is not usable
        pytest.skip(f"the daemon has no {DOCKER_BASE_IMAGE} ({exc}); .ci/dockerd.sh makes it")
    return client


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> object:
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if (
        report.skipped
        and os.environ.get("CI") == "true"
        and item.get_closest_marker("docker") is not None
    ):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"a daemon test skipped in CI (CI=true): {reason}"
    return None
