"""Every package folder installs, under the one import name `cslint`."""

from __future__ import annotations

import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_every_package_folder_is_listed() -> None:
    config = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(config["packages"])
    found = set()
    for name, folder in config["package-dir"].items():  # disjoint folders: linter, rules, ...
        for init in (REPO / folder).rglob("__init__.py"):
            parts = init.parent.relative_to(REPO / folder).parts
            found.add(".".join([name, *parts]))
    assert found <= listed, f"pyproject.toml lacks the packages {sorted(found - listed)}"
    assert all(name.split(".")[0] == "cslint" for name in listed)
