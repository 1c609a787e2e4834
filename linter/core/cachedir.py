"""The user's cache folder for cslint: CSLINT_CACHE_DIR, else XDG_CACHE_HOME/cslint, else
~/.cache/cslint. Its own module, free of imports, because the parsers use it too (bashlex's
parser tables) and may not reach the engine, and the whole-run memo asks it before
anything else of cslint is imported (pathlib only when a Path is asked for)."""

from __future__ import annotations

import os

TYPE_CHECKING = False  # not typing itself: the memo's replay imports this module
if TYPE_CHECKING:
    from pathlib import Path


def cache_folder() -> str:
    explicit = os.environ.get("CSLINT_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "cslint")


def cache_dir() -> Path:
    from pathlib import Path

    return Path(cache_folder())
