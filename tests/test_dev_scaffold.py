"""`python -m cslint.dev new-rule`: the registry edit (libcst's codemod test helper), and a
rule generated in a copy of the repository that passes the meta-tests there."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("libcst")

from libcst.codemod import CodemodContext, CodemodTest

from cslint.dev.scaffold import FAMILIES, AddRuleToRegistry

REPO = Path(__file__).resolve().parent.parent

_REGISTRY = """\
from cslint.core.rule import Rule
from cslint.rules.services.alpha import Alpha
from cslint.rules.services.gamma import (  # two rules in one module
    Gamma,
)

# The order is the order of the codes.
SERVICES_RULES: tuple[type[Rule], ...] = (
    Alpha,  # CS101
    Gamma,  # CS103
)
"""


class TestAddRuleToRegistry(CodemodTest):
    TRANSFORM = AddRuleToRegistry

    def test_a_rule_in_the_middle_keeps_every_other_byte(self) -> None:
        after = _REGISTRY.replace(
            "from cslint.rules.services.gamma",
            "from cslint.rules.services.beta import Beta\nfrom cslint.rules.services.gamma",
        ).replace("    Gamma,  # CS103\n", "    Beta,  # CS102\n    Gamma,  # CS103\n")
        self.assertCodemod(
            _REGISTRY,
            after,
            "SERVICES_RULES",
            "cslint.rules.services.beta",
            "Beta",
            {"Alpha": "CS101", "Beta": "CS102", "Gamma": "CS103"},
            context_override=CodemodContext(),
        )

    def test_a_rule_at_the_end_moves_the_closing_comment_to_its_line(self) -> None:
        after = _REGISTRY.replace(
            "    Gamma,\n)\n", "    Gamma,\n)\nfrom cslint.rules.services.zeta import Zeta\n"
        ).replace("    Gamma,  # CS103\n)", "    Gamma,  # CS103\n    Zeta,  # CS109\n)")
        self.assertCodemod(
            _REGISTRY,
            after,
            "SERVICES_RULES",
            "cslint.rules.services.zeta",
            "Zeta",
            {"Alpha": "CS101", "Gamma": "CS103", "Zeta": "CS109"},
            context_override=CodemodContext(),
        )


def _copy_repo(root: Path) -> Path:
    files = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    copy = root / "repo"
    for name in filter(None, files):
        source = REPO / os.fsdecode(name)
        if source.is_file():
            target = copy / os.fsdecode(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return copy


def _new_rule(copy: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cslint.dev", "new-rule", *args, "--root", str(copy)],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.slow
def test_a_generated_rule_passes_the_meta_tests_in_a_copy(tmp_path: Path) -> None:
    copy = _copy_repo(tmp_path)
    registries = {f: (copy / "rules" / f / "__init__.py").read_text() for f in FAMILIES}
    made = [("CS199", "scaffold-probe", "services"), ("CS299", "scaffold-step-probe", "steps"),
            ("CS399", "scaffold-docker-probe", "dockerfile")]  # fmt: skip
    for code, name, family in made:
        result = _new_rule(copy, code, name, "--family", family)
        assert result.returncode == 0, result.stderr
    for family, before in registries.items():
        after = (copy / "rules" / family / "__init__.py").read_text()
        # Byte for byte: the old lines all stay, in order; only lines are added.
        old = iter(after.splitlines())
        assert all(any(line == new for new in old) for line in before.splitlines())
    # The copy's own tests, on the copy's code: lay out the installed shape of the copy.
    shadow = tmp_path / "shadow" / "cslint"
    shutil.copytree(copy / "linter", shadow)
    shutil.copytree(copy / "rules", shadow / "rules")
    shutil.copytree(copy / "schemas", shadow / "schemas")
    env = {**os.environ, "PYTHONPATH": str(shadow.parent)}
    codes = " or ".join(code for code, _, _ in made)
    meta = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "tests/test_registry.py", "tests/test_docs.py",
         "tests/rules/test_examples.py", "tests/rules/test_fixtures.py",
         "tests/test_rule_typing.py",
         "-k", f"{codes} or test_registry or test_docs or bare_rule_context"],
        cwd=copy, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert meta.returncode == 0, meta.stdout[-3000:]
    assert " passed" in meta.stdout and "CS199" not in meta.stdout.split("passed")[-1]
    # A generated rule names its document and options (RuleContext[...]), so mypy --strict
    # checks its check against what it reads from the start.
    generated = [f"cslint/rules/{family}/{name.replace('-', '_')}.py" for _, name, family in made]
    typed = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent",
         "--cache-dir", str(REPO / ".mypy_cache"), *generated],
        cwd=shadow.parent, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert typed.returncode == 0, typed.stdout[-3000:]
    ruff = shutil.which("ruff")
    if ruff:
        lint = subprocess.run(
            [ruff, "check", "rules"], cwd=copy, capture_output=True, text=True, check=False
        )
        assert lint.returncode == 0, lint.stdout


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("CS105", "x-y", "--family", "services"), "taken"),
        (("CS250", "x-y", "--family", "services"), "outside the services range"),
        (("CS198", "Bad_Name", "--family", "services"), "kebab-case"),
        (("CS198", "fresh-name", "--family", "convert"), "no template for family"),
        (("CS198", "deprecated-links", "--family", "services"), "taken"),
    ],
)
def test_refusals_are_one_line_and_exit_2(tmp_path: Path, args: tuple[str, ...], says: str) -> None:
    copy = tmp_path / "repo"
    (copy / "rules").mkdir(parents=True)
    shutil.copytree(REPO / "rules" / "services", copy / "rules" / "services")
    before = {p: p.read_bytes() for p in copy.rglob("*") if p.is_file()}
    result = _new_rule(copy, *args)
    assert result.returncode == 2 and says in result.stderr and "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in copy.rglob("*") if p.is_file()} == before
