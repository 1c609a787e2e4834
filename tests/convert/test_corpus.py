"""The guarantees over every real compose file of ../shared/corpus/compose (skipped where
the corpus is absent): no crash; a refusal only as a ConvertError with a position; the
output adds no error-level finding of `cslint check`, converts again to the same text,
and keeps each service's meaning."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cslint.convert.convert import convert
from cslint.convert.errors import ConvertError
from cslint.core.diagnostics import Severity
from cslint.core.engine import lint_text
from tests.conftest import CORPUS
from tests.convert.meaning import service_meanings

FOLDER = CORPUS / "compose"
FILES = sorted(p for p in FOLDER.glob("*.y*ml")) if FOLDER.is_dir() else []

# The corpus holds compose files without their repositories: project rules (CS4xx) would
# only say that the Dockerfiles and build contexts are not there.
_PROJECT_CODES = "CS4"


def _errors(text: str, name: str) -> set[str]:
    return {
        d.code
        for d in lint_text(text, name).diagnostics
        if d.severity is Severity.ERROR and not d.code.startswith(_PROJECT_CODES)
    }


@pytest.mark.slow
@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_corpus_file(path: Path, tmp_path: Path, corpus: Path) -> None:
    try:
        result = convert([str(path)], display_root=str(path.parent))
    except ConvertError as exc:
        assert exc.span.line >= 1 and exc.message
        return
    text = path.read_text(encoding="utf-8")
    # An error the compose file already has, read as a services file, is the input's own.
    added = _errors(result.text, "codeship-services.yml") - _errors(text, "docker-compose.yml")
    assert added == set()
    again_path = tmp_path / "docker-compose.yml"
    again_path.write_text(result.text, encoding="utf-8")
    again = convert([str(again_path)], display_root=str(tmp_path))
    assert again.text == result.text
    if "extends:" in text or "include:" in text:
        return
    before = service_meanings(text, path.parent, codeship=False)
    after = service_meanings(result.text, path.parent, codeship=True)
    for name, meaning in before.items():
        other = after[name]
        for key in ("image", "context", "dockerfile", "args", "environment", "depends"):
            assert other[key] == meaning[key], (name, key)
        assert other["volumes"] == meaning["volumes"], (name, "volumes")


def test_corpus_counts(corpus: Path) -> None:
    """The numbers quoted in docs/convert.md; a change here means updating them."""
    converted = refused = 0
    for path in FILES:
        try:
            convert([str(path)], display_root=str(path.parent))
            converted += 1
        except ConvertError:
            refused += 1
    assert (converted, refused) == (88, 13)


def test_no_stray_files(corpus: Path) -> None:
    assert shutil.which("cslint")
    assert not list(FOLDER.glob(".cslint-*"))
