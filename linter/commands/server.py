"""`cslint server start|stop|status`: the resident server that makes each call start fast
(opt-in: calls use it when CSLINT_SERVER=1 is set; docs/server.md)."""

from __future__ import annotations

import sys
import time
from typing import Annotated

import typer

from cslint.commands.common import EXIT_FINDINGS, EXIT_OK, complete_from, fail_usage

ACTIONS = ("start", "stop", "status")


def server(
    action: Annotated[
        str,
        typer.Argument(
            help="start, stop or status.",
            autocompletion=complete_from(*ACTIONS),
            show_default=False,
        ),
    ],
) -> None:
    """The resident server: calls made with CSLINT_SERVER=1 start as fast as the
    interpreter, since it has imported everything. It ends after 10 minutes without a call
    (CSLINT_SERVER_IDLE seconds)."""
    from cslint.server import control

    if action not in ACTIONS:
        fail_usage(f"unknown action {action!r}; expected start, stop or status")
    try:
        if action == "start":
            info = control.start()
            sys.stdout.write(_describe(info))
        elif action == "stop":
            stopped = control.stop()
            sys.stdout.write(_stopped(stopped))
        else:
            sys.stdout.write(_describe(control.fields(control.ask(b"status"))))
    except control.NoServer as exc:
        if action == "start":
            fail_usage(str(exc))
        sys.stdout.write(f"cslint server: {exc}\n")
        raise typer.Exit(EXIT_FINDINGS) from None
    raise typer.Exit(EXIT_OK)


def _stopped(stopped: tuple[int, int] | None) -> str:
    if stopped is None:
        return "cslint server: none running\n"
    pid, running = stopped
    if not running:
        return f"cslint server: stopped (pid {pid})\n"
    calls = "call" if running == 1 else "calls"
    return (
        f"cslint server: stopping (pid {pid}): it takes no new call and ends after its "
        f"{running} running {calls}\n"
    )


def _describe(info: dict[str, str]) -> str:
    since = time.strftime("%H:%M:%S", time.localtime(float(info.get("since", "0"))))
    return (
        f"cslint server: running (pid {info.get('pid')}, since {since}, "
        f"{info.get('calls')} calls served, {info.get('running')} running) at {info.get('socket')}; "
        f"it ends after {info.get('idle')} s without a call\n"
    )
