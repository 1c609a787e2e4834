"""`RuleContext[Document, Options]`: mypy --strict checks a rule against what it reads."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_quality import REPO, _shadow_package

_RULE = """
from collections.abc import Iterator

from cslint.core.diagnostics import Finding
from cslint.core.rule import RuleContext
from cslint.parsers.yamldoc import YamlDocument


def check(ctx: RuleContext[YamlDocument, None]) -> Iterator[Finding]:
    for instr in ctx.document.{attribute}:
        yield Finding(ctx.document.span(()), str(instr))
"""


def _mypy(root: Path, attribute: str) -> subprocess.CompletedProcess[str]:
    (root / "probe.py").write_text(_RULE.format(attribute=attribute), encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent",
         "--cache-dir", str(REPO / ".mypy_cache"), "probe.py"],
        cwd=root, capture_output=True, text=True, check=False,
    )  # fmt: skip


@pytest.mark.slow
def test_a_rule_reading_what_its_document_lacks_fails_mypy(tmp_path: Path) -> None:
    pytest.importorskip("mypy")
    _shadow_package(tmp_path)
    wrong = _mypy(tmp_path, "instructions")  # a DockerfileDocument's, not a YAML one's
    assert wrong.returncode == 1
    assert '"YamlDocument" has no attribute "instructions"' in wrong.stdout
    right = _mypy(tmp_path, "index")
    assert right.returncode == 0, right.stdout
