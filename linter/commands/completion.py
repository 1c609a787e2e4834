"""`cslint completion SHELL`: the shell's completion script, typer's own. typer offers it
through its --show-completion option, which cslint does not add (it would cost every
start); this command calls the same public callback. `cli.main` registers the shells when
the script calls back for candidates."""

from __future__ import annotations

from typing import Annotated

import typer

from cslint.commands.common import complete_from, fail_usage

SHELLS = ("bash", "zsh", "fish")
COMPLETE_VAR = "_CSLINT_COMPLETE"


def completion(
    ctx: typer.Context,
    shell: Annotated[
        str, typer.Argument(help="bash, zsh or fish.", autocompletion=complete_from(*SHELLS))
    ],
) -> None:
    """Print a shell completion script, e.g. eval "$(cslint completion bash)"."""
    from typer.completion import show_callback

    if shell not in SHELLS:
        fail_usage(f"unknown shell {shell!r}; expected bash, zsh or fish")
    register_shells()
    show_callback(ctx, ctx.command.params[0], shell)  # prints the script and exits 0


def register_shells() -> None:
    """typer registers its completion classes only for apps that add its own completion
    options; this public function does that registration on the way."""
    from typer.completion import get_completion_inspect_parameters

    get_completion_inspect_parameters()
