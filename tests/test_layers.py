"""The layers of `linter/` (docs/architecture.md, "Rooms"): import-linter's contracts from
pyproject.toml run on the installed shape of the package, and no module reaches for
another module's private name."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def _layout(root: Path) -> Path:
    """The installed shape, `cslint/` = linter/ + rules/ + schemas/, as copies: grimp
    (import-linter's graph builder) does not follow symlinked folders."""
    package = root / "cslint"
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(REPO / "linter", package, ignore=ignore)
    shutil.copytree(REPO / "rules", package / "rules", ignore=ignore)
    shutil.copytree(REPO / "schemas", package / "schemas", ignore=ignore)
    return package


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    pytest.importorskip("importlinter")
    script = (
        "import sys; from importlinter.cli import lint_imports; "
        f"sys.exit(lint_imports(config_filename={str(REPO / 'pyproject.toml')!r}, "
        "no_cache=True))"
    )
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_import_contracts_hold(tmp_path: Path) -> None:
    _layout(tmp_path)
    result = _lint_imports(tmp_path)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "7 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("parsers/planted.py", "import cslint.core.engine", "parsers and codeship reach"),
        ("codeship/planted.py", "from cslint.rules import ALL_RULES", "parsers and codeship reach"),
        ("rules/services/planted.py", "import cslint.cli", "rules reach no"),
        ("commands/planted.py", "import cslint.convert.convert", "the CLI reaches"),
        ("convert/planted.py", "from cslint.commands import common", "the converter reaches"),
        ("commands/planted.py", "import docker", "docker only in the dry run"),
        ("core/planted.py", "import libcst", "docker only in the dry run"),
        ("core/planted.py", "from cslint.server import client", "the resident server's room"),
    ],
)
def test_a_wrong_arrow_breaks_its_contract(
    tmp_path: Path, module: str, line: str, contract: str
) -> None:
    package = _layout(tmp_path)
    (package / module).write_text(f"def later() -> None:\n    {line}\n")
    result = _lint_imports(tmp_path)
    assert result.returncode != 0
    broken = [row for row in result.stdout.splitlines() if " BROKEN" in row]
    assert len(broken) == 1 and broken[0].startswith(contract), result.stdout


def _module(path: Path) -> tuple[str, ...]:
    rel = path.relative_to(REPO).with_suffix("").parts
    parts = ("cslint", *(rel[1:] if rel[0] == "linter" else rel))
    return parts[:-1] if parts[-1] == "__init__" else parts


def _private_reaches(path: Path) -> list[str]:
    """Imports in `path` of a private name (`from m import _x`) of another module, or of a
    private module (`_common`) from outside the package it is private to."""
    own = _module(path)
    package = own if path.name == "__init__.py" else own[:-1]
    found: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[tuple[str, ...]] = []
        if isinstance(node, ast.ImportFrom):
            base = tuple(node.module.split(".")) if node.module else ()
            if node.level:
                base = package[: len(package) - node.level + 1] + base
            found += [
                f"{'.'.join(base)}.{a.name}"
                for a in node.names
                if a.name.startswith("_") and not a.name.startswith("__")
            ]
            targets.append(base)
        elif isinstance(node, ast.Import):
            targets += [tuple(a.name.split(".")) for a in node.names]
        for target in targets:
            for i, part in enumerate(target):
                private = part.startswith("_") and not part.startswith("__")
                if private and package[:i] != target[:i]:
                    found.append(".".join(target))
    return found


def test_no_module_imports_another_modules_private_name() -> None:
    offenders = {
        str(path.relative_to(REPO)): reached
        for root in ("linter", "rules")
        for path in sorted((REPO / root).rglob("*.py"))
        if (reached := _private_reaches(path))
    }
    assert offenders == {}


def test_the_private_name_check_finds_both_kinds(tmp_path: Path) -> None:
    planted = REPO / "rules" / "build" / "_planted_for_test.py"
    planted.write_text(
        "from cslint.parsers.shell import _tokenize\nfrom cslint.rules.steps._common import q\n"
    )
    try:
        assert _private_reaches(planted) == [
            "cslint.parsers.shell._tokenize",
            "cslint.rules.steps._common",
        ]
    finally:
        planted.unlink()
