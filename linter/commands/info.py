"""The commands that describe cslint itself: `rules`, `explain` and `schema`."""

from __future__ import annotations

import re
import sys
from typing import Annotated

import typer

from cslint.commands.common import complete_from, fail_usage


def rules_command(
    output_format: Annotated[
        str,
        typer.Option(
            "--format", "-f", help="text or json.", autocompletion=complete_from("text", "json")
        ),
    ] = "text",
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
                "opt_in": r.opt_in,
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
    hadolint_width = max((len(",".join(r.hadolint)) for r in rules), default=8)
    hadolint_width = max(hadolint_width, len("HADOLINT"))
    typer.echo(
        f"{'CODE':<6} {'NAME':<{width}} {'SEVERITY':<8} FIX  "
        f"{'HADOLINT':<{hadolint_width}} DEFAULT  SUMMARY"
    )
    for r in rules:
        fix = "yes" if r.fixable else "-"
        on = "on" if r.default_enabled else "opt-in"
        why = f" (opt-in: {r.opt_in})" if not r.default_enabled and r.opt_in else ""
        hadolint = ",".join(r.hadolint) or "-"
        typer.echo(
            f"{r.code:<6} {r.name:<{width}} {r.default_severity.label:<8} {fix:<4} "
            f"{hadolint:<{hadolint_width}} {on:<8} {r.summary}{why}"
        )
    typer.echo(
        "\nOn by default: rules that find what breaks a pipeline or does nothing, nearly "
        "always right.\nOpt-in rules are opinions (version pinning, image size, style): "
        "turn them on with --select CODE, a family prefix (CS3), or --select strict."
    )


def explain(
    code: Annotated[
        str, typer.Argument(help="A rule code (CS201), name, or hadolint code (DL3008).")
    ],
) -> None:
    """Show a rule's documentation."""
    from cslint.core.registry import all_rules, resolve_rule
    from cslint.core.ruledocs import rule_markdown

    rule = resolve_rule(code)
    # A hadolint code may be carried by more than one rule: show each.
    found = [rule] if rule else [r for r in all_rules() if code.strip().upper() in r.hadolint]
    shellcheck = re.fullmatch(r"SC\d{4}", code.strip().upper())
    if not found and shellcheck:
        # hadolint prints ShellCheck's codes beside its own; cslint reports them through
        # its two ShellCheck rules, and ShellCheck's wiki explains each.
        found = [r for r in (resolve_rule("CS390"), resolve_rule("CS391")) if r is not None]
        typer.echo(
            f"{shellcheck[0]} is a ShellCheck code: cslint reports it through CS390 (errors, "
            "warnings) or CS391 (info, style), below. ShellCheck's page for it: "
            f"https://www.shellcheck.net/wiki/{shellcheck[0]}\n"
        )
    if not found:
        fail_usage(f"{code!r} is not a rule code, name or hadolint code (see `cslint rules`)")
    typer.echo("\n".join(rule_markdown(r, relative_links=False) for r in found), nl=False)


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
