"""The command line. Thin: each command builds a config, calls the engine, renders, and
returns an exit code.

Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage error,
missing file or bad config (one line on stderr); 3 internal error (traceback with --debug).

Start-up time matters (a pre-commit hook runs this on every commit), so this module
imports only typer and the standard library at the top; everything else, and above all
jsonschema and docker, is imported inside the command that needs it.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated, NoReturn

import typer

from cslint import __version__
from cslint.convert.command import convert

app = typer.Typer(
    name="cslint",
    help="Lint CodeShip Pro pipelines: codeship-services.yml, codeship-steps.yml and Dockerfiles.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class UsageProblem(Exception):
    """Reported as one line on stderr with exit code 2."""


def _fail_usage(message: str) -> NoReturn:
    raise UsageProblem(message)


def _split(values: list[str] | None) -> list[str]:
    out: list[str] = []
    for value in values or []:
        out.extend(part.strip() for part in value.split(",") if part.strip())
    return out


def _use_color(no_color: bool) -> bool:
    if no_color or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cslint {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Lint CodeShip Pro pipelines before `jet` runs them."""


@app.command()
def check(
    paths: Annotated[
        list[str] | None,
        typer.Argument(help="Files or folders (default: the current folder); '-' reads stdin."),
    ] = None,
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="text, json (LSP-shaped), sarif or github.")
    ] = "text",
    fail_on: Annotated[
        str | None,
        typer.Option(help="Exit 1 on findings at or above: error (default), warning, info, never."),
    ] = None,
    select: Annotated[
        list[str] | None, typer.Option(help="Only these codes, prefixes (CS2) or names.")
    ] = None,
    ignore: Annotated[
        list[str] | None, typer.Option(help="Skip these codes, prefixes or names.")
    ] = None,
    config: Annotated[
        str | None, typer.Option(help="Config file (default: found upwards).")
    ] = None,
    kind: Annotated[
        str | None, typer.Option(help="Treat the files as: services, steps or dockerfile.")
    ] = None,
    stdin_filename: Annotated[
        str | None, typer.Option(help="The name of the file read from stdin ('-').")
    ] = None,
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Write the report to this file.")
    ] = None,
    fix: Annotated[bool, typer.Option("--fix", help="Apply safe fixes to the files.")] = False,
    unsafe_fixes: Annotated[
        bool, typer.Option("--unsafe-fixes", help="With --fix, also apply unsafe fixes.")
    ] = False,
    no_color: Annotated[bool, typer.Option("--no-color", help="Never colour the output.")] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks of internal errors.")
    ] = False,
) -> None:
    """Check services files, steps files and Dockerfiles."""
    from cslint.core.config import ConfigError, load_config, merge_cli
    from cslint.core.discovery import DiscoveryError, Target, discover
    from cslint.core.engine import Linter, fails
    from cslint.core.kinds import kind_from_name, parse_kind
    from cslint.reporters import FORMATS, RenderOptions, renderer

    if output_format not in FORMATS:
        _fail_usage(f"unknown --format {output_format!r}; expected one of {', '.join(FORMATS)}")
    if fail_on is not None and fail_on not in ("error", "warning", "info", "never"):
        _fail_usage(f"unknown --fail-on {fail_on!r}; expected error, warning, info or never")
    try:
        file_kind = parse_kind(kind) if kind else None
    except ValueError as exc:
        _fail_usage(str(exc))
    try:
        settings = merge_cli(
            load_config(config), select=_split(select), ignore=_split(ignore), fail_on=fail_on
        )
        _check_selectors(_split(select) + _split(ignore))
    except ConfigError as exc:
        _fail_usage(str(exc))

    linter = Linter(settings)
    given = list(paths or [])
    targets: list[Target] = []
    if "-" in given:
        given.remove("-")
        name = stdin_filename or "-"
        stdin_kind = file_kind or kind_from_name(os.path.basename(name))
        if stdin_kind is None:
            _fail_usage("reading stdin: pass --kind or --stdin-filename to tell the file's kind")
        targets.append(Target(name, stdin_kind, text=sys.stdin.read()))
    try:
        if given or not targets:
            targets.extend(discover(given, settings, file_kind, linter.parse_file))
    except DiscoveryError as exc:
        _fail_usage(str(exc))
    if not targets:
        _fail_usage(
            "no CodeShip files found (codeship-services.yml, codeship-steps.yml, Dockerfile); "
            "name files or folders to check"
        )

    if fix:
        from cslint.core.fix import fix_targets

        if any(t.text is not None for t in targets):
            _fail_usage("--fix cannot rewrite stdin; name the files instead")
        results, applied = fix_targets(linter, targets, unsafe=unsafe_fixes)
        if applied:
            sys.stderr.write(f"cslint: applied {applied} fix{'es' if applied != 1 else ''}\n")
    else:
        results = linter.lint_targets(targets)
    report = renderer(output_format)(
        results, RenderOptions(color=_use_color(no_color) and output is None)
    )
    if output:
        from cslint.core.atomic import write_atomic

        write_atomic(output, report)
    else:
        sys.stdout.write(report)
    raise typer.Exit(EXIT_FINDINGS if fails(results, settings.fail_on) else EXIT_OK)


def _check_selectors(selectors: list[str]) -> None:
    from cslint.core.registry import selector_matches_any

    for selector in selectors:
        if not selector_matches_any(selector):
            _fail_usage(f"{selector!r} names no rule (see `cslint rules`)")


@app.command("rules")
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
        _fail_usage(f"unknown --format {output_format!r}; expected text or json")
    width = max((len(r.name) for r in rules), default=10)
    typer.echo(f"{'CODE':<6} {'NAME':<{width}} {'SEVERITY':<8} FIX  SUMMARY")
    for r in rules:
        fix = "yes" if r.fixable else "-"
        off = " (off by default)" if not r.default_enabled else ""
        typer.echo(
            f"{r.code:<6} {r.name:<{width}} {r.default_severity.label:<8} {fix:<4} {r.summary}{off}"
        )


@app.command()
def explain(code: Annotated[str, typer.Argument(help="A rule code (CS201) or name.")]) -> None:
    """Show a rule's documentation."""
    from cslint.core.registry import resolve_rule
    from cslint.core.ruledocs import rule_markdown

    rule = resolve_rule(code)
    if rule is None:
        _fail_usage(f"{code!r} is not a rule code or name (see `cslint rules`)")
    typer.echo(rule_markdown(rule), nl=False)


@app.command()
def schema(
    which: Annotated[str, typer.Argument(help="services or steps.")],
) -> None:
    """Print a JSON Schema, for editors (yaml-language-server) and other tools."""
    from importlib.resources import files

    names = {"services": "codeship-services.schema.json", "steps": "codeship-steps.schema.json"}
    if which not in names:
        _fail_usage(f"unknown schema {which!r}; expected services or steps")
    resource = files("cslint.schemas").joinpath(names[which])
    if not resource.is_file():
        _fail_usage(f"the {which} schema is not installed")
    sys.stdout.write(resource.read_text(encoding="utf-8"))


app.command()(convert)


def main() -> None:
    """Console-script entry point: maps every outcome to the documented exit codes."""
    debug = "--debug" in sys.argv
    try:
        app(prog_name="cslint")
    except UsageProblem as exc:
        sys.stderr.write(f"cslint: {exc}\n")
        sys.exit(EXIT_USAGE)
    except KeyboardInterrupt:
        sys.stderr.write("cslint: interrupted\n")
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the one place every crash becomes exit 3
        if debug:
            import traceback

            traceback.print_exc()
        cause = exc.__cause__ or exc
        sys.stderr.write(
            f"cslint: {exc if exc is not cause else 'internal error'}: "
            f"{type(cause).__name__}: {cause}\n"
        )
        if not debug:
            sys.stderr.write(
                "cslint: this is a bug in cslint; rerun with --debug for the traceback\n"
            )
        sys.exit(EXIT_INTERNAL)
