"""Where a `cslint check` start goes: typer's import, cslint's CLI module, and typer's
building of the click command from the signatures (what every call pays before the
command runs). Prints one JSON object of milliseconds; bench/run.py runs it many times."""

from __future__ import annotations

import json
import time

started = time.perf_counter()
import typer

imported_typer = time.perf_counter()
import cslint.cli

imported_cli = time.perf_counter()
typer.main.get_command(cslint.cli.app)
built = time.perf_counter()
print(
    json.dumps(
        {
            "import typer": (imported_typer - started) * 1000,
            "import cslint.cli (its commands, without typer)": (imported_cli - imported_typer)
            * 1000,
            "typer builds the click command": (built - imported_cli) * 1000,
        }
    )
)
