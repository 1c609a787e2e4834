"""The user's cache folder for cslint: CSLINT_CACHE_DIR, else XDG_CACHE_HOME/cslint, else
~/.cache/cslint. Its own module, free of imports, because the parsers use it too (bashlex's
parser tables) and may not reach the engine."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    explicit = os.environ.get("CSLINT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "cslint"
