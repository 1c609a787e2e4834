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
