"""Every CS5xx note: documented like a rule, and its own examples hold when run through
the converter (the examples are compose files; `check` never runs these rules)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cslint.convert.convert import convert
from cslint.core.rule import Invalid, Rule, Valid
from cslint.core.ruledocs import rule_markdown
from cslint.rules.convert import CONVERT_RULES
from tests.convert.cases import all_cases, report_lines

EXAMPLES = [
    (rule, example, f"{rule.code}-{kind}-{i}")
    for rule in CONVERT_RULES
    for kind, examples in (("valid", rule.valid), ("invalid", rule.invalid))
    for i, example in enumerate(examples)
]


def _notes(example: Valid, tmp_path: Path) -> list[str]:
    assert isinstance(example.source, str)
    for name, text in example.files.items():
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(str(text), encoding="utf-8")
    main = tmp_path / "docker-compose.yml"
    main.write_text(example.source, encoding="utf-8")
    result = convert([str(main)], display_root=str(tmp_path))
    return [
        f"{n.code}@{span.line}:{span.col}"
        for n in result.notes.items
        if n.where.source.path == str(main)
        for span in [n.where.source.span(n.where.path, value=n.at_value)]
    ]


@pytest.mark.parametrize(
    ("rule", "example"), [e[:2] for e in EXAMPLES], ids=[e[2] for e in EXAMPLES]
)
def test_example(rule: type[Rule], example: Valid, tmp_path: Path) -> None:
    got = _notes(example, tmp_path)
    if isinstance(example, Invalid):
        codes = {e.split("@")[0] for e in example.expect} | {rule.code}
        assert sorted(g for g in got if g.split("@")[0] in codes) == sorted(example.expect)
    else:
        assert [g for g in got if g.startswith(rule.code)] == []


@pytest.mark.parametrize("rule", CONVERT_RULES, ids=[r.code for r in CONVERT_RULES])
def test_documented(rule: type[Rule]) -> None:
    assert rule.code.startswith("CS5") and not rule.targets
    assert rule.valid and rule.invalid
    page = rule_markdown(rule)
    assert "convert report only" in page
    for section in ("## What it does", "## Why is this bad?", "## Example"):
        assert section in page


def test_every_code_the_converter_emits_is_a_rule_and_used() -> None:
    """No note without documentation, and no documented note the cases never show."""
    import re

    source = "".join(
        p.read_text(encoding="utf-8")
        for p in (Path(__file__).parents[2] / "linter" / "convert").glob("*.py")
    )
    emitted = set(re.findall(r'"(CS5\d\d)"', source))
    documented = {rule.code for rule in CONVERT_RULES}
    assert emitted == documented
    seen = {line.split(": ")[1].split()[0] for c in all_cases() for line in report_lines(c.run())}
    assert documented - seen == set(), "add a case that shows these notes"


def test_cslint_explain_shows_a_note(cslint_exe: str) -> None:
    import subprocess

    out = subprocess.run(
        [cslint_exe, "explain", "CS508"], capture_output=True, text=True, check=True
    ).stdout
    assert out.startswith("# CS508 named-volume-replaced")
    listing = subprocess.run(
        [cslint_exe, "rules"], capture_output=True, text=True, check=True
    ).stdout
    assert "CS515" in listing
