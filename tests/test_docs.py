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


def test_a_summary_writes_code_as_code() -> None:
    """A page's title line capitalises the summary's first letter, which turned `dnf install`
    into "Dnf install". A summary whose first word the rule's own docstring writes as code
    (after a backtick) must write it as code too, so the title keeps it as it is."""
    import inspect
    import re

    from cslint.core.registry import all_rules

    offenders = []
    for rule in all_rules():
        first = rule.summary.split(" ", 1)[0]
        # An article starts prose, even where a docstring quotes a regex such as `a`.
        if first.startswith("`") or not first[:1].islower() or first in {"a", "an", "the"}:
            continue
        doc = inspect.cleandoc(rule.__doc__ or "")
        if re.search("`" + re.escape(first.rstrip(",:")) + "[ `]", doc):
            offenders.append(f"{rule.code}: {rule.summary}")
    assert not offenders, offenders
