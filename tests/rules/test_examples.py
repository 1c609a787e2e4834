"""Every rule's own valid/invalid examples (which are also its docs) run as tests."""

from __future__ import annotations

import pytest

from cslint.core.engine import lint_text
from cslint.core.rule import Invalid, Rule, Valid
from cslint.rules import ALL_RULES


def _cases() -> list[tuple[type[Rule], Valid, str]]:
    cases = []
    for rule in ALL_RULES:
        if not rule.targets:
            continue  # convert notes: tested with the converter
        for i, example in enumerate(rule.valid):
            cases.append((rule, example, f"{rule.code}-valid-{i}"))
        for i, example in enumerate(rule.invalid):
            cases.append((rule, example, f"{rule.code}-invalid-{i}"))
    return cases


CASES = _cases()


def _missing_tool(rule: type[Rule]) -> str | None:
    """Why a rule's examples cannot run here: the external tool it wraps is not installed."""
    if rule.code == "CS390":
        from cslint.parsers.shellcheck import find_executable

        if find_executable() is None:
            return "ShellCheck is not installed (pip install 'cslint[shellcheck]')"
    return None


@pytest.mark.parametrize(("rule", "example"), [c[:2] for c in CASES], ids=[c[2] for c in CASES])
def test_example(rule: type[Rule], example: Valid) -> None:
    missing = _missing_tool(rule)
    if missing is not None and isinstance(example, Invalid):
        pytest.skip(missing)
    filename = example.filename or rule.example_filename()
    options = {rule.code: example.options} if example.options else None
    result = lint_text(
        example.source, filename, files=example.files, select=[rule.code], options=options
    )
    got = sorted(f"{d.code}@{d.span.line}:{d.span.col}" for d in result.diagnostics)
    expected = sorted(example.expect) if isinstance(example, Invalid) else []
    assert got == expected, [f"{d.span.line}:{d.span.col} {d.message}" for d in result.diagnostics]
    if isinstance(example, Invalid) and example.fixed is not None:
        from cslint.core.fix import apply_fixes

        assert isinstance(example.source, str)
        assert (
            apply_fixes(example.source, [d.fix for d in result.diagnostics if d.fix])
            == example.fixed
        )


def test_every_targeted_rule_has_examples() -> None:
    for rule in ALL_RULES:
        if rule.targets:
            assert rule.valid, f"{rule.code} has no valid example"
            assert rule.invalid, f"{rule.code} has no invalid example"
