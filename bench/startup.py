"""Where a start goes before a file is read. `cslint check` with its usual options: the
console script's module and its reading of the command line (no typer). Every other
command line: typer's import, cslint's CLI module, and typer's building of the click
command from the signatures. Prints one JSON object of milliseconds; bench/run.py runs it
many times."""

from __future__ import annotations

import json
import time

started = time.perf_counter()
from cslint.commands.check_argv import parse
from cslint.entry import main

parse(["check", "--no-cache", "-f", "json", "Dockerfile"])
fast = time.perf_counter()
import typer

imported_typer = time.perf_counter()
import cslint.cli

imported_cli = time.perf_counter()
typer.main.get_command(cslint.cli.app)
built = time.perf_counter()
assert main  # the module the console script runs
print(
    json.dumps(
        {
            "`check`: import cslint.entry, read the command line (no typer)": (fast - started)
            * 1000,
            "other commands: import typer": (imported_typer - fast) * 1000,
            "other commands: import cslint.cli (its commands, without typer)": (
                imported_cli - imported_typer
            )
            * 1000,
            "other commands: typer builds the click command": (built - imported_cli) * 1000,
        }
    )
)
