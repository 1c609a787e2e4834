"""The cores this process may run on: the processes of a large run and the ShellCheck
pool are sized by it. Its own module, light to import, so a small run that stays in one
process asks it without loading the process batches."""

from __future__ import annotations

import os


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1
