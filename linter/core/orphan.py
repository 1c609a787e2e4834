"""Helper processes of a run (batch workers, the ShellCheck pool) end when the run does.

A run killed by SIGKILL runs no clean-up code: its forked helpers would wait forever on
queues and sockets they also hold open. Each helper watches its parent instead, and exits
once it has been handed to another (the parent's pid changes only when it has died).
"""

from __future__ import annotations

import os
import threading

# How often a helper looks: a killed run's helpers are gone within this.
INTERVAL = 0.25


def exit_with_parent(parent: int) -> None:
    """From now on, end this process as soon as `parent` (the pid of the process that
    started it, taken there: asked here, it may already be the pid the orphan was handed
    to) is no longer its parent."""
    if os.getppid() != parent:
        os._exit(1)

    def watch() -> None:
        stop = threading.Event()
        while not stop.wait(INTERVAL):
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()
