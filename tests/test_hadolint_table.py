"""docs/hadolint.md is current, and it accounts for every hadolint code: each one has a
cslint rule, and every hadolint code a rule names is in the table."""

from __future__ import annotations

from pathlib import Path

from cslint.core.hadolint_table import HADOLINT_CODES, OTHER_COUNTERPARTS, hadolint_markdown
from cslint.core.registry import resolve_rule
from cslint.rules import ALL_RULES

PAGE = Path(__file__).resolve().parent.parent / "docs" / "hadolint.md"


def test_page_is_up_to_date() -> None:
    assert PAGE.read_text(encoding="utf-8") == hadolint_markdown(), (
        "docs/hadolint.md is stale; run: python -m cslint.core.ruledocs docs/rules"
    )


def test_every_hadolint_code_has_a_cslint_rule() -> None:
    named = {code for rule in ALL_RULES for code in rule.hadolint}
    for item in HADOLINT_CODES:
        if item.code in OTHER_COUNTERPARTS:
            assert resolve_rule(OTHER_COUNTERPARTS[item.code][0]) is not None
        else:
            assert item.code in named, f"{item.code} has no cslint rule"


def test_every_code_a_rule_names_is_a_hadolint_code() -> None:
    table = {item.code for item in HADOLINT_CODES}
    for rule in ALL_RULES:
        for code in rule.hadolint:
            assert code in table, f"{rule.code} names {code}, which hadolint does not have"


def test_codes_are_sorted_and_unique() -> None:
    codes = [item.code for item in HADOLINT_CODES]
    assert codes == sorted(codes) and len(set(codes)) == len(codes)


def test_page_lists_opt_in_and_configured_rules() -> None:
    text = hadolint_markdown()
    assert "| DL3026 |" in text and "when configured" in text
    row = next(line for line in text.splitlines() if line.startswith("| DL3028 |"))
    assert "opt-in" in row
