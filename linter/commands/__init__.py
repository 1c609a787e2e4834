"""The commands, one module each; `cslint.cli` assembles them into the typer app.
Each imports only typer and the standard library at the top: the rest loads inside the
command that needs it, because every start pays for what this package imports."""
