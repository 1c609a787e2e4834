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
from typing import Annotated

import typer

from cslint import __version__
from cslint.commands.check import check
from cslint.commands.cleanup import cleanup
from cslint.commands.common import guarded
from cslint.commands.completion import COMPLETE_VAR, completion, register_shells
from cslint.commands.convert import convert
from cslint.commands.dry_run import dry_run
from cslint.commands.info import explain, rules_command, schema
from cslint.commands.lsp import lsp
from cslint.commands.plan import plan
from cslint.commands.server import server

app = typer.Typer(
    name="cslint",
    help="Lint CodeShip Pro pipelines: codeship-services.yml, codeship-steps.yml and Dockerfiles.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


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


app.command()(check)
app.command("rules")(rules_command)
app.command()(explain)
app.command()(schema)
app.command()(convert)
app.command()(plan)
app.command()(lsp)
app.command("dry-run")(dry_run)
app.command()(cleanup)
app.command()(completion)
app.command()(server)


def main() -> None:
    """The typer app's entry point (the console script, entry.py, calls it for every
    command line but the plainest `check`): maps every outcome to the exit codes."""
    if COMPLETE_VAR in os.environ:  # a completion script asking for candidates
        register_shells()
    guarded(lambda: app(prog_name="cslint"))
