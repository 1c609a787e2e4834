"""`cslint check` as a typer command: its options and help. What it does is in
check_run.py, which the console script's fast path (entry.py) calls without typer."""

from __future__ import annotations

from typing import Annotated

import typer

from cslint.commands.common import complete_from


def check(
    paths: Annotated[
        list[str] | None,
        typer.Argument(help="Files or folders (default: the current folder); '-' reads stdin."),
    ] = None,
    output_format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="text, json (LSP-shaped), sarif or github.",
            autocompletion=complete_from("text", "json", "sarif", "github"),
        ),
    ] = "text",
    fail_on: Annotated[
        str | None,
        typer.Option(
            help="Exit 1 on findings at or above: error (default), warning, info, never.",
            autocompletion=complete_from("error", "warning", "info", "never"),
        ),
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
        str | None,
        typer.Option(
            help="Treat the files as: services, steps or dockerfile.",
            autocompletion=complete_from("services", "steps", "dockerfile"),
        ),
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
    color: Annotated[
        str | None,
        typer.Option(
            "--color",
            help="auto (default: on a terminal), always or never.",
            autocompletion=complete_from("auto", "always", "never"),
        ),
    ] = None,
    quiet: Annotated[
        bool,
        typer.Option("--quiet", "-q", help="Only the summary line; nothing when clean."),
    ] = False,
    statistics: Annotated[
        bool, typer.Option("--statistics", help="Counts by rule instead of each finding.")
    ] = False,
    show_fixes: Annotated[
        bool,
        typer.Option("--show-fixes", help="List the fixes applied (with --fix) or available."),
    ] = False,
    diff: Annotated[
        bool,
        typer.Option("--diff", help="With --fix: print what it would change; write nothing."),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks of internal errors.")
    ] = False,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Neither read nor write the result cache.")
    ] = False,
    jobs: Annotated[
        int, typer.Option(help="Processes for large runs (0: one per core).", min=0)
    ] = 0,
) -> None:
    """Check services files, steps files and Dockerfiles."""
    from cslint.commands.check_run import run_check

    raise typer.Exit(
        run_check(
            paths=paths,
            output_format=output_format,
            fail_on=fail_on,
            select=select,
            ignore=ignore,
            config=config,
            kind=kind,
            stdin_filename=stdin_filename,
            output=output,
            fix=fix,
            unsafe_fixes=unsafe_fixes,
            no_color=no_color,
            color=color,
            quiet=quiet,
            statistics=statistics,
            show_fixes=show_fixes,
            diff=diff,
            debug=debug,
            no_cache=no_cache,
            jobs=jobs,
        )
    )
