"""`cslint lsp`: start the language server on stdin/stdout. pygls comes with the `lsp`
extra; without it this says in one line how to get it."""

from __future__ import annotations

import sys

import typer

from cslint.commands.common import EXIT_USAGE


def lsp() -> None:
    """Run the language server over stdio (needs: pip install "cslint[lsp]")."""
    try:
        from cslint.lsp.server import run
    except ModuleNotFoundError as exc:
        if (exc.name or "").split(".")[0] not in ("pygls", "lsprotocol"):
            raise
        sys.stderr.write('cslint: the language server needs pygls: pip install "cslint[lsp]"\n')
        raise typer.Exit(EXIT_USAGE) from None

    run()
