"""`cslint convert`: the command-line face of the converter. Imports only typer and the
standard library at the top, since cli.py imports this module on every start."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from cslint.commands.common import complete_from

# The names `docker compose` looks for, in its order, and their override companions.
DEFAULT_FILES = ("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml")


def convert(
    files: Annotated[
        list[str] | None,
        typer.Argument(help="Compose files, later ones override earlier ones; '-' reads stdin."),
    ] = None,
    file: Annotated[
        list[str] | None,
        typer.Option("--file", help="A compose file; repeat to merge overrides in order."),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", help="Write the services file here (default: stdout)."),
    ] = None,
    steps: Annotated[
        str | None, typer.Option(help="Also write a starting codeship-steps.yml here.")
    ] = None,
    force: Annotated[bool, typer.Option(help="Overwrite existing output files.")] = False,
    formats: Annotated[
        list[str] | None,
        typer.Option(
            "--format",
            "-f",
            help="Report format on stderr: text or json (LSP-shaped).",
            autocompletion=complete_from("text", "json"),
        ),
    ] = None,
    interpolate: Annotated[
        bool,
        typer.Option(help="Resolve ${VAR} from --env-file files and the environment."),
    ] = False,
    env_file: Annotated[
        list[str] | None,
        typer.Option(help="Variables for --interpolate (default: .env next to the file)."),
    ] = None,
    stdin_filename: Annotated[
        str | None, typer.Option(help="The name to show for the file read from stdin ('-').")
    ] = None,
    config: Annotated[
        str | None,
        typer.Option("--config", help="Config file for its limits (default: found upwards)."),
    ] = None,
    no_color: Annotated[bool, typer.Option("--no-color", help="Never colour the report.")] = False,
    color: Annotated[
        str | None, typer.Option("--color", help="auto (default), always or never.")
    ] = None,
    debug: Annotated[bool, typer.Option(help="Show tracebacks of internal errors.")] = False,
) -> None:
    """Convert docker-compose files to a CodeShip services file, and report every change."""
    from cslint.commands.common import UsageProblem
    from cslint.convert.convert import convert as run_convert
    from cslint.convert.convert import env_lookup
    from cslint.convert.errors import ConvertError
    from cslint.convert.report import render
    from cslint.core.atomic import WouldOverwrite, WriteRefused, write_atomic
    from cslint.core.display import bound_message

    output_format, old_style_files = _format_and_old_files(formats or [])
    paths = [*(files or []), *(file or []), *old_style_files]
    if not paths:
        paths = _default_files()
    if env_file and not interpolate:
        raise UsageProblem("--env-file needs --interpolate")
    _apply_limits(config, paths[0])
    if output and steps and os.path.abspath(output) == os.path.abspath(steps):
        raise UsageProblem("--output and --steps name the same file")
    for target in (output, steps):
        if target and not force and os.path.exists(target):
            raise UsageProblem(f"{target} exists; pass --force to overwrite it")
    try:
        lookup = None
        if interpolate:
            given = list(env_file or [])
            if not given:
                dotenv = os.path.join(os.path.dirname(os.path.abspath(paths[0])), ".env")
                given = [dotenv] if os.path.isfile(dotenv) else []
            lookup = env_lookup(given, os.environ)
        stdin = None
        if "-" in paths:
            if paths.count("-") > 1:
                raise UsageProblem("'-' (stdin) can be given once")
            stdin = (_read_stdin(), stdin_filename or "-")
        result = run_convert(paths, lookup=lookup, with_steps=steps is not None, stdin=stdin)
    except ConvertError as exc:
        where = bound_message(f"{exc.path}:{exc.span.line}:{exc.span.col}", 200)
        sys.stderr.write(f"{where}: {bound_message(exc.message, 80)}\n")
        raise typer.Exit(2) from None
    from cslint.commands.common import use_color

    report = render(result, output_format, color=use_color(no_color, color, sys.stderr))
    services_bytes = _like_input(result.text, paths[0])
    try:
        if output:
            write_atomic(output, services_bytes, overwrite=force, inputs=paths)
        if steps and result.steps is not None:
            write_atomic(steps, _like_input(result.steps, paths[0]), overwrite=force, inputs=paths)
    except (WouldOverwrite, WriteRefused) as exc:
        raise UsageProblem(str(exc)) from None
    if not output:
        sys.stdout.buffer.write(services_bytes)
        sys.stdout.flush()
    sys.stderr.write(report)


def _apply_limits(config: str | None, first: str) -> None:
    """The `limits:` of the config nearest the first compose file (the current folder for
    stdin), or of `--config`, as `cslint check` finds them: a config that allows a larger
    file or a deeper `extends` chain allows it here too."""
    from cslint.commands.common import UsageProblem
    from cslint.core.config import ConfigError, load_own_config
    from cslint.core.limits import configure

    start = "." if first == "-" else os.path.dirname(os.path.abspath(first))
    try:
        configure(load_own_config(config, start=start).limits)
    except ConfigError as exc:
        raise UsageProblem(str(exc)) from None


def _like_input(text: str, source: str) -> bytes:
    """The converted text with the compose file's line ends (LF, CRLF or CR) and BOM."""
    from cslint.core.limits import read_file
    from cslint.core.lines import LineMap

    try:
        raw = read_file(source)
    except OSError:
        return text.encode()
    bom = raw.startswith(b"\xef\xbb\xbf")
    newline = LineMap(raw.decode("utf-8", errors="replace"), yaml=True).newline()
    if newline != "\n":
        text = text.replace("\n", newline)
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode()


def _read_stdin() -> bytes:
    from cslint.commands.common import UsageProblem
    from cslint.core.limits import current, too_large_message

    limit = current().max_file_size
    raw = sys.stdin.buffer.read(limit + 1)
    if len(raw) > limit:
        raise UsageProblem(f"stdin: {too_large_message(limit)}")
    return raw


def _format_and_old_files(values: list[str]) -> tuple[str, list[str]]:
    """`-f` means --format in every command. It meant --file here before; a value that
    names a compose file is still taken as one, with a warning, until the next release."""
    from cslint.commands.common import UsageProblem

    formats = [v for v in values if v in ("text", "json")]
    files = [v for v in values if v not in ("text", "json")]
    for value in files:
        if not (os.path.isfile(value) or value.endswith((".yml", ".yaml", ".json"))):
            raise UsageProblem(f"unknown --format {value!r}; expected text or json")
        sys.stderr.write(
            f"cslint: warning: 'convert -f {value}' is deprecated: -f means --format in every "
            f"command; pass the file as an argument or with --file\n"
        )
    if len(set(formats)) > 1:
        raise UsageProblem("--format given twice with different values")
    return (formats[0] if formats else "text"), files


def _default_files() -> list[str]:
    from cslint.commands.common import UsageProblem

    for name in DEFAULT_FILES:
        if os.path.isfile(name):
            stem, ext = os.path.splitext(name)
            override = f"{stem}.override{ext}"
            return [name, override] if os.path.isfile(override) else [name]
    raise UsageProblem(
        "no compose file found (compose.yaml, docker-compose.yml); name the file to convert"
    )
