"""A rule's user documentation, rendered from the rule class itself: its docstring, its
metadata and its own examples (which the test suite runs), so docs cannot drift."""

from __future__ import annotations

import inspect

from cslint.core.rule import Invalid, Rule, option_names

REQUIRED_SECTIONS = ("## What it does", "## Why is this bad?", "## Example")


def _lang(rule: type[Rule], filename: str | None) -> str:
    name = (filename or rule.example_filename()).lower()
    return "dockerfile" if "dockerfile" in name else "yaml"


def rule_markdown(rule: type[Rule], *, relative_links: bool = True) -> str:
    """The rule's page. `relative_links=False` for text read away from docs/rules/ (SARIF,
    an editor's hover, `cslint explain`), where a link to a sibling page leads nowhere."""
    doc = inspect.cleandoc(rule.__doc__ or "")
    targets = ", ".join(sorted(kind.value for kind in rule.targets)) or "convert report only"
    meta = [
        f"# {rule.code} {rule.name}",
        "",
        rule.summary[0].upper() + rule.summary[1:] + ".",
        "",
        f"- Files: {targets}",
        f"- Default severity: {rule.default_severity.label}",
        f"- Fixable: {'yes' if rule.fixable else 'no'}",
    ]
    if rule.enabled_when_configured:
        meta.append("- Off until configured: runs once its options are set")
    elif not rule.default_enabled:
        meta.append(
            f"- Opt-in (off by default): {rule.opt_in}. Turn it on with `select: [{rule.code}]`, "
            f"its family prefix (`{rule.code[:3]}`) or the `strict` profile"
        )
    else:
        meta.append("- On by default")
    if rule.hadolint:
        meta.append(f"- hadolint: {', '.join(rule.hadolint)}")
    if rule.hadolint_settings:
        keys = ", ".join(f"`{key}`" for key, _ in rule.hadolint_settings)
        meta.append(f"- Also read from `.hadolint.yaml`: {keys}")
    if rule.Options is not None:
        # Every option has a default (make_options builds Options from the given ones).
        defaults = rule.Options()
        meta.append("- Options:")
        for name in option_names(rule.Options):
            default = repr(getattr(defaults, name))
            meta.append(f"  - `{name.replace('_', '-')}` (default `{default}`)")
    parts = ["\n".join(meta), doc]
    examples = _examples(rule)
    if examples:
        parts.append(examples)
    differences = _differences(rule)
    if differences:
        parts.append(differences)
    if "format doc" in doc:
        reference = (
            "[docs/codeship-format.md](../codeship-format.md)"
            if relative_links
            else "`docs/codeship-format.md` in cslint's source"
        )
        parts.append(
            "*format doc §N* refers to the CodeShip format reference, "
            f"{reference}, where every fact names its source."
        )
    return "\n\n".join(parts).rstrip() + "\n"


def _examples(rule: type[Rule]) -> str:
    out = []
    for title, items in (("Flagged", rule.invalid), ("Accepted", rule.valid)):
        shown = [e for e in items if isinstance(e.source, str) and e.source.strip()]
        if not shown:
            continue
        out.append(f"## {title} (tested examples)")
        for example in shown[:3]:
            assert isinstance(example.source, str)
            suffix = ""
            if isinstance(example, Invalid) and example.expect:
                suffix = "\nReported: " + ", ".join(example.expect)
            out.append(
                f"```{_lang(rule, example.filename)}\n{example.source.rstrip()}\n```{suffix}"
            )
    return "\n\n".join(out)


def _differences(rule: type[Rule]) -> str:
    """The examples on which hadolint answers differently on purpose; the hadolint oracle
    test checks each one against the real hadolint."""
    items = [e for e in (*rule.invalid, *rule.valid) if e.hadolint_differs]
    if not items:
        return ""
    codes = ", ".join(rule.hadolint)
    out = [f"## Where hadolint ({codes}) differs, on purpose (tested)"]
    for example in items:
        assert isinstance(example.source, str)
        if isinstance(example, Invalid):
            verdict = "cslint reports this and hadolint does not"
        else:
            verdict = "hadolint reports this and cslint does not"
        out.append(
            f"```{_lang(rule, example.filename)}\n{example.source.rstrip()}\n```\n"
            f"{verdict}: {example.hadolint_differs}."
        )
    return "\n\n".join(out)


INDEX_INTRO = """\
Rules marked *on* run by default: they report what breaks a pipeline, or configuration
that does nothing, and they are nearly always right (ruff's way with its defaults). Rules
marked *opt-in* are opinions a team may or may not hold: version pinning, image size,
style, ShellCheck's style advice. Turn them on with `select` of their code or name, of
their family prefix (`select: [CS3]` runs every Dockerfile rule), or with the `strict`
profile (`cslint check --select strict`, or `select: [strict]` in `.cslint.yaml`), which
runs every rule. Each opt-in rule's page says why it is off. How precise the default set is
on real files: [../precision.md](../precision.md).

"""

BANNER = "<!-- GENERATED from the rule class; do not edit. Run `python -m cslint.core.ruledocs docs/rules`. -->\n"


def index_row(rule: type[Rule]) -> str:
    """The rule's row in docs/rules/README.md."""
    files = ", ".join(sorted(k.value for k in rule.targets)) or "convert"
    fix = "yes" if rule.fixable else ""
    on = "on" if rule.default_enabled else "opt-in"
    return (
        f"| [{rule.code}]({rule.code}.md) | {rule.name} | {files} | "
        f"{rule.default_severity.label} | {fix} | {on} | {rule.summary} |"
    )


def render_pages() -> dict[str, str]:
    """Every rule's page plus an index, by file name."""
    from cslint.core.registry import all_rules

    rules = all_rules()
    pages = {f"{rule.code}.md": BANNER + rule_markdown(rule) for rule in rules}
    rows = [
        "| Code | Name | Files | Severity | Fix | Default | Summary |",
        "|---|---|---|---|---|---|---|",
    ]
    rows.extend(index_row(rule) for rule in rules)
    pages["README.md"] = BANNER + "# cslint rules\n\n" + INDEX_INTRO + "\n".join(rows) + "\n"
    return pages


def main(argv: list[str] | None = None) -> int:
    """Write the rule pages into a folder (default docs/rules)."""
    import sys
    from pathlib import Path

    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0] if args else "docs/rules")
    folder.mkdir(parents=True, exist_ok=True)
    pages = render_pages()
    for stale in folder.glob("CS*.md"):
        if stale.name not in pages:
            stale.unlink()
    for name, text in pages.items():
        (folder / name).write_text(text, encoding="utf-8")
    from cslint.core.hadolint_table import hadolint_markdown

    (folder.parent / "hadolint.md").write_text(hadolint_markdown(), encoding="utf-8")
    print(f"wrote {len(pages)} pages to {folder}, and {folder.parent / 'hadolint.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
