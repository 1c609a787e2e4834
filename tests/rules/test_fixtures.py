"""Fixture files with inline markers: the rule under test must report exactly the marked
findings, no more and no fewer.

Layout: tests/rules/fixtures/CSxxx/<case file>, or tests/rules/fixtures/CSxxx/<case>/ (a
whole project: every CodeShip file and Dockerfile in it is checked). Markers:
    key: value   # expect: CS101            (this line; optionally CS101@col)
    # expect-next-line: CS101@7             (the next line; the only form for Dockerfiles)
Only the folder's rule runs, and a marker must name that rule.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cslint.core.config import Config
from cslint.core.discovery import Target
from cslint.core.engine import Linter
from cslint.core.kinds import FileKind, kind_from_name
from cslint.core.registry import resolve_rule

FIXTURES = Path(__file__).parent / "fixtures"
_MARK = re.compile(
    r"#\s*expect(?P<next>-next-line)?:\s*(?P<codes>[A-Z]+\d+(?:@\d+)?(?:\s*,\s*[A-Z]+\d+(?:@\d+)?)*)"
)


def expected_markers(path: Path) -> set[str]:
    out: set[str] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        for match in _MARK.finditer(line):
            target = number + 1 if match.group("next") else number
            for code in re.split(r"\s*,\s*", match.group("codes")):
                name, _, col = code.partition("@")
                out.add(f"{name}@{target}:{col}" if col else f"{name}@{target}")
    return out


def _cases() -> list[tuple[str, Path]]:
    cases = []
    for rule_dir in sorted(p for p in FIXTURES.iterdir() if p.is_dir()):
        for case in sorted(rule_dir.iterdir()):
            if case.name.endswith(".cslint.yaml"):
                continue
            cases.append((rule_dir.name, case))
    return cases


CASES = _cases()


@pytest.mark.parametrize(("code", "case"), CASES, ids=[f"{c}/{p.name}" for c, p in CASES])
def test_fixture(code: str, case: Path) -> None:
    files = sorted(p for p in case.rglob("*") if p.is_file()) if case.is_dir() else [case]
    rule = resolve_rule(code)
    assert rule is not None, f"fixture folder {code} names no rule"
    # A lone fixture file may have any name when its rule targets one kind of file.
    only_kind: FileKind | None = next(iter(rule.targets)) if len(rule.targets) == 1 else None
    targets = []
    expected: set[str] = set()
    for path in files:
        kind = kind_from_name(path.name) or (only_kind if not case.is_dir() else None)
        if kind is None:
            continue
        targets.append(Target(str(path), kind))
        rel = path.relative_to(case if case.is_dir() else case.parent)
        for marker in expected_markers(path):
            assert marker.startswith(code), f"{path}: marker {marker} is not for {code}"
            expected.add(f"{rel}:{marker}")
    assert targets, f"{case}: no file of a known kind"
    results = Linter(Config(select=(code,))).lint_targets(targets)
    got: set[str] = set()
    for result, target in zip(results, sorted(targets, key=lambda t: t.path), strict=True):
        rel = Path(target.path).relative_to(case if case.is_dir() else case.parent)
        for diag in result.diagnostics:
            got.add(f"{rel}:{diag.code}@{diag.span.line}")
            got.add(f"{rel}:{diag.code}@{diag.span.line}:{diag.span.col}")
    # A marker without a column matches any column; one with a column must match exactly.
    missing = {m for m in expected if m not in got}
    extra = {
        g
        for g in got
        if g.count(":") == 1
        and g not in expected
        and not any(e.startswith(g + ":") for e in expected)
    }
    assert not missing and not extra, f"missing: {sorted(missing)}; unexpected: {sorted(extra)}"
