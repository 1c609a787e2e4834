"""Settings per file: each file is checked under the nearest `.cslint.yaml` or
`[tool.cslint]` above it (and the nearest `.hadolint.yaml`), as ruff does, not only under
the one above the current folder. Imported lazily by check.py."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cslint.core.config import Config
    from cslint.core.discovery import Target
    from cslint.core.engine import Linter

Group = tuple["Config", "Linter", list["Target"]]


def group_by_config(
    targets: Sequence[Target],
    settings: Config,
    linter: Linter,
    *,
    explicit: bool,
    merge: Callable[[Config], Config],
) -> list[Group]:
    """The targets grouped by the settings that govern them, in the targets' order; the
    run's own settings (and linter) where they are the nearest. A file excluded by its own
    settings is dropped. `merge` applies the command line's flags to found settings."""
    if explicit or not targets:
        return [(settings, linter, list(targets))]
    from cslint.core.config import find_config, find_hadolint_config, load_config
    from cslint.core.engine import Linter

    # Each folder is looked at once, however many of the targets sit below it.
    configs: dict[str, str | None] = {}
    hadolints: dict[str, str | None] = {}

    def key_of(folder: str) -> tuple[str | None, str | None]:
        found = find_config(folder, configs)
        hadolint = find_hadolint_config(folder, hadolints)
        return (
            os.path.abspath(found) if found else None,
            os.path.abspath(hadolint) if hadolint else None,
        )

    own = key_of(os.getcwd())
    groups: dict[tuple[str | None, str | None], Group] = {own: (settings, linter, [])}
    by_folder: dict[str, tuple[str | None, str | None]] = {}
    for target in targets:
        folder = os.path.dirname(os.path.abspath(target.path))
        if folder not in by_folder:
            by_folder[folder] = key_of(folder)
        key = by_folder[folder]
        if key not in groups:
            found = merge(load_config(key[0], start=folder))
            groups[key] = (found, Linter(found), [])
        config, _, members = groups[key]
        if key != own and config.is_excluded(target.path):
            continue
        members.append(target)
    # A Linter applies its settings' limits while it works; the report is shaped under the
    # run's (excerpt-width), as its format is.
    from cslint.core.limits import configure

    configure(settings.limits)
    return [group for group in groups.values() if group[2]]
