"""`cslint cleanup`: remove what dry runs left behind (a run killed with SIGKILL, a daemon
that went away mid-run). Finds containers, networks, volumes and images by the label every
dry run puts on them; a run still going on this machine is left alone."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from cslint.commands.common import EXIT_OK, fail_usage


def cleanup(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Only list what would be removed.")
    ] = False,
    run: Annotated[
        str | None, typer.Option("--run", help="Only what the dry run with this id left.")
    ] = None,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks of internal errors.")
    ] = False,
) -> None:
    """Remove the containers, networks, volumes and images that dry runs left behind."""
    from cslint.pipeline import cleanup as sweep
    from cslint.pipeline.labels import is_run_id
    from cslint.pipeline.session import DaemonUnavailable, connect

    if run is not None and not is_run_id(run):
        # Checked before the daemon is asked: an empty id must never mean "every run".
        fail_usage(
            f"--run {run!r} is not a dry run id (8 lower-case hex digits, as `cslint dry-run` "
            "prints on its first line)"
        )
    try:
        client = connect()
    except DaemonUnavailable as exc:
        fail_usage(str(exc))
    found = sweep.find(client, run)
    if not found:
        sys.stdout.write("nothing to remove\n")
        raise typer.Exit(EXIT_OK)
    verb = "would remove" if dry_run else "removing"
    for item in found:
        sys.stdout.write(f"{verb} {item.describe()}\n")
    if dry_run:
        raise typer.Exit(EXIT_OK)
    problems = sweep.remove(client, found)
    for problem in problems:
        sys.stderr.write(f"cslint: could not remove {problem}\n")
    raise typer.Exit(1 if problems else EXIT_OK)
