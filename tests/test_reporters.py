"""Golden outputs of every format, and the JSON output's contract."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from cslint.core.config import Config
from cslint.core.discovery import discover
from cslint.core.engine import FileResult, Linter
from cslint.reporters import FORMATS, RenderOptions, renderer, utf16_column

GOLDENS = Path(__file__).parent / "goldens"
PROJECT = GOLDENS / "project"
CONTRACT = Path(__file__).resolve().parent.parent / "docs" / "cslint-json-v1.schema.json"


@pytest.fixture
def results(monkeypatch: pytest.MonkeyPatch) -> list[FileResult]:
    monkeypatch.chdir(PROJECT)
    # Pinned to the core rules so that new rules in other families do not churn the goldens.
    config = Config(select=("CS0",))
    return Linter(config).lint_targets(discover([], config))


def _normalise(text: str) -> str:
    return text.replace(PROJECT.resolve().as_uri(), "file:///PROJECT")


@pytest.mark.parametrize("fmt", FORMATS)
def test_golden(fmt: str, results: list[FileResult], update_goldens: bool) -> None:
    out = _normalise(renderer(fmt)(results, RenderOptions(color=False)))
    golden = GOLDENS / f"project.{fmt}"
    if update_goldens or not golden.exists():
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")


def test_text_colour_only_when_asked(results: list[FileResult]) -> None:
    plain = renderer("text")(results, RenderOptions(color=False))
    coloured = renderer("text")(results, RenderOptions(color=True))
    assert "\033[" not in plain and "\033[" in coloured


def test_json_matches_the_contract(results: list[FileResult]) -> None:
    import jsonschema

    document = json.loads(renderer("json")(results, RenderOptions()))
    jsonschema.validate(document, json.loads(CONTRACT.read_text()))
    paths = [f["path"] for f in document["files"]]
    assert paths == ["Dockerfile", "codeship-services.yml", "codeship-steps.yml"]
    assert document["files"][0]["diagnostics"] == []  # clean files are listed too
    dup = document["files"][1]["diagnostics"][0]
    # 0-based: the second `image` is on line 5, column 3.
    assert dup["range"]["start"] == {"line": 4, "character": 2}
    assert document["summary"] == {"files": 3, "errors": 2, "warnings": 0, "info": 0}


def test_sarif_is_valid_sarif(results: list[FileResult]) -> None:
    document = json.loads(renderer("sarif")(results, RenderOptions()))
    run = document["runs"][0]
    assert document["version"] == "2.1.0"
    ids = {rule["id"] for rule in run["tool"]["driver"]["rules"]}
    for result in run["results"]:
        assert result["ruleId"] in ids
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        assert result["partialFingerprints"]["primaryLocationLineHash"]


def test_utf16_columns_count_surrogate_pairs() -> None:
    line = 'a: "😀b"'
    assert utf16_column(line, 1) == 0
    assert utf16_column(line, 5) == 4  # before the emoji
    assert utf16_column(line, 6) == 6  # the emoji is two UTF-16 code units
    assert utf16_column("ab", 5) == 4  # past the end (an insertion point)


def test_output_is_identical_across_runs(results: list[FileResult]) -> None:
    again = Linter(Config(select=("CS0",))).lint_targets(discover([], Config()))
    for fmt in FORMATS:
        assert renderer(fmt)(results, RenderOptions()) == renderer(fmt)(again, RenderOptions())
    assert os.getcwd() == str(PROJECT)
