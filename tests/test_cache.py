"""The result cache answers unchanged files without parsing, and never a stale answer:
a changed file, sibling, setting or cslint version is a miss."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cslint.core import cache as cache_module
from cslint.core.cache import ResultCache
from cslint.core.config import Config
from cslint.core.discovery import Target
from cslint.core.engine import Linter
from cslint.core.kinds import FileKind

SERVICES = "app:\n  build:\n    image: acme/app\n    dockerfile: Dockerfile\n"
STEPS = "- name: test\n  service: app\n  command: bin/test\n"
DOCKERFILE = "FROM python:3.12-slim\nARG BUILD_ENV\nRUN pip install --no-cache-dir flask==3.0.0\n"

# Runs `cslint check ARGS` in this process, then prints which parsers and rule modules
# were imported: a run answered from the cache must import none.
PROBE = (
    "import json, sys\n"
    "from cslint.cli import main\n"
    "sys.argv = ['cslint', 'check', *sys.argv[1:]]\n"
    "try:\n"
    "    main()\n"
    "except SystemExit:\n"
    "    pass\n"
    "heavy = sorted(m for m in sys.modules if m.startswith(('cslint.parsers.yamldoc',\n"
    "    'cslint.parsers.dockerfile', 'cslint.rules.', 'ruamel', 'dockerfile', 'jsonschema')))\n"
    "print(json.dumps(heavy))\n"
)


def run(cwd: Path, cache: Path, *args: str) -> tuple[str, list[str]]:
    env = {**os.environ, "CSLINT_CACHE_DIR": str(cache), "NO_COLOR": "1"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    *report, imported = done.stdout.splitlines()
    return "\n".join(report), json.loads(imported)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "codeship-services.yml").write_text(SERVICES)
    (folder / "codeship-steps.yml").write_text(STEPS)
    (folder / "Dockerfile").write_text(DOCKERFILE)
    return folder


FILES = ("codeship-services.yml", "codeship-steps.yml", "Dockerfile")


def test_unchanged_files_answer_without_parsers_or_rules(project: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first, imported = run(project, cache, *FILES)
    assert "cslint.parsers.yamldoc" in imported and "cslint.rules.core" in imported
    second, imported = run(project, cache, *FILES)
    assert second == first
    assert imported == []
    assert "CS452" in first  # the ARG without a value: a finding comes back from the cache


def test_a_changed_sibling_invalidates_the_steps_files_entry(project: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    clean, _ = run(project, cache, "codeship-steps.yml")
    assert "CS401" not in clean
    # Only the services file changes; the steps file, the one checked, does not.
    (project / "codeship-services.yml").write_text(SERVICES.replace("app:", "web:"))
    stale, imported = run(project, cache, "codeship-steps.yml")
    assert "CS401" in stale and "'app' is not defined" in stale
    assert "cslint.rules.project" in imported  # really checked again
    (project / "codeship-services.yml").write_text(SERVICES)
    back, _ = run(project, cache, "codeship-steps.yml")
    assert back == clean


def test_a_sibling_that_appears_invalidates_too(project: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    (project / "codeship-services.yml").unlink()
    before, _ = run(project, cache, "codeship-steps.yml")
    (project / "codeship-services.yml").write_text(SERVICES.replace("app:", "web:"))
    after, imported = run(project, cache, "codeship-steps.yml")
    assert after != before and "CS401" in after
    assert imported


def test_a_changed_dockerfile_build_context_invalidates_the_services_entry(
    project: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    first, _ = run(project, cache, "codeship-services.yml")
    (project / "Dockerfile").unlink()  # the build's Dockerfile is gone: CS403
    second, imported = run(project, cache, "codeship-services.yml")
    assert second != first and imported


def test_a_changed_config_is_a_miss(project: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first, _ = run(project, cache, *FILES)
    assert "CS452" in first
    (project / ".cslint.yaml").write_text("ignore: [CS452]\n")
    second, imported = run(project, cache, *FILES)
    assert "CS452" not in second and imported


def test_a_changed_version_is_a_miss(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = Target(str(project / "codeship-steps.yml"), FileKind.STEPS)
    folder = tmp_path / "cache"
    Linter(Config()).lint_targets([target], ResultCache(Config(), folder))
    assert ResultCache(Config(), folder).get(target, str(project)) is not None
    monkeypatch.setattr(cache_module, "__version__", "99.0.0")
    assert ResultCache(Config(), folder).get(target, str(project)) is None
    monkeypatch.undo()
    other_settings = Config(select=("CS2",))
    assert ResultCache(other_settings, folder).get(target, str(project)) is None


def test_no_cache_neither_reads_nor_writes(project: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    run(project, cache, "--no-cache", *FILES)
    assert not cache.exists()
    run(project, cache, *FILES)
    assert any(cache.rglob("*.json"))
    _, imported = run(project, cache, "--no-cache", *FILES)
    assert imported  # checked again, not answered from the cache


def test_a_damaged_entry_is_a_miss_not_an_error(project: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first, _ = run(project, cache, *FILES)
    for entry in cache.rglob("*.json"):
        entry.write_text("{not json")
    second, imported = run(project, cache, *FILES)
    assert second == first and imported


def test_the_folder_is_held_under_its_size_bound(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    results = ResultCache(Config(), folder)
    projects = []
    for n in range(30):
        dockerfile = tmp_path / f"p{n}" / "Dockerfile"
        dockerfile.parent.mkdir()
        dockerfile.write_text(DOCKERFILE + f"# {n}\n" + "RUN true\n" * 40)
        projects.append(Target(str(dockerfile), FileKind.DOCKERFILE))
    Linter(Config()).lint_targets(projects, results)
    sizes = [p.stat().st_size for p in folder.rglob("*.json")]
    assert len(sizes) == 30
    bound = sum(sizes) // 2
    results.prune(bound)
    left = [p.stat().st_size for p in folder.rglob("*.json")]
    assert 0 < sum(left) <= bound * 3 // 4


def test_the_environment_can_turn_the_cache_off(project: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    env = {**os.environ, "CSLINT_CACHE_DIR": str(cache), "CSLINT_NO_CACHE": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "cslint", "check", *FILES],
        cwd=project, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0 and "CS452" in done.stdout  # a warning
    assert not cache.exists()
