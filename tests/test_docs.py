"""The committed rule pages are exactly what the rule classes render (no drift)."""

from __future__ import annotations

from pathlib import Path

from cslint.core.ruledocs import render_pages

DOCS = Path(__file__).resolve().parent.parent / "docs" / "rules"


def test_rule_pages_are_up_to_date() -> None:
    pages = render_pages()
    committed = {p.name for p in DOCS.glob("*.md")}
    assert committed == set(pages), "run: python -m cslint.core.ruledocs docs/rules"
    for name, text in pages.items():
        assert (DOCS / name).read_text(encoding="utf-8") == text, (
            f"docs/rules/{name} is stale; run: python -m cslint.core.ruledocs docs/rules"
        )
