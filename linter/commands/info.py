"""The commands that describe cslint itself: `rules`, `explain` and `schema`."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from cslint.commands.common import fail_usage


def rules_command(
    output_format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """List every rule: code, name, severity, fixable, summary."""
    from cslint.core.registry import all_rules

    rules = all_rules()
    if output_format == "json":
        import json

        rows = [
            {
                "code": r.code,
                "name": r.name,
                "severity": r.default_severity.label,
                "fixable": r.fixable,
                "enabled": r.default_enabled,
                "files": sorted(k.value for k in r.targets),
                "hadolint": list(r.hadolint),
                "summary": r.summary,
            }
            for r in rules
        ]
        typer.echo(json.dumps(rows, indent=2))
        return
    if output_format != "text":
        fail_usage(f"unknown --format {output_format!r}; expected text or json")
    width = max((len(r.name) for r in rules), default=10)
    typer.echo(f"{'CODE':<6} {'NAME':<{width}} {'SEVERITY':<8} FIX  SUMMARY")
    for r in rules:
        fix = "yes" if r.fixable else "-"
        off = " (off by default)" if not r.default_enabled else ""
        typer.echo(
            f"{r.code:<6} {r.name:<{width}} {r.default_severity.label:<8} {fix:<4} {r.summary}{off}"
        )


def explain(code: Annotated[str, typer.Argument(help="A rule code (CS201) or name.")]) -> None:
    """Show a rule's documentation."""
    from cslint.core.registry import resolve_rule
    from cslint.core.ruledocs import rule_markdown

    rule = resolve_rule(code)
    if rule is None:
        fail_usage(f"{code!r} is not a rule code or name (see `cslint rules`)")
    typer.echo(rule_markdown(rule), nl=False)


def schema(
    which: Annotated[str, typer.Argument(help="services or steps.")],
) -> None:
    """Print a JSON Schema, for editors (yaml-language-server) and other tools."""
    from importlib.resources import files

    names = {"services": "codeship-services.schema.json", "steps": "codeship-steps.schema.json"}
    if which not in names:
        fail_usage(f"unknown schema {which!r}; expected services or steps")
    resource = files("cslint.schemas").joinpath(names[which])
    if not resource.is_file():
        fail_usage(f"the {which} schema is not installed")
    sys.stdout.write(resource.read_text(encoding="utf-8"))
