"""Lay out the shared corpus as CodeShip projects.

The corpus names files `owner__repo__codeship-steps.yml`; cross-file rules look for
siblings by their real names, so the files of one repository *at one commit* (MANIFEST.md
gives each file's commit) are copied into a folder of their own under their real names.
Files of one repository read at different commits are not a project: pairing them would
report a steps file against a services file it never ran with.
"""

from __future__ import annotations

import shutil
from collections import defaultdict
from pathlib import Path

REAL_NAMES = (
    "codeship-services.yml",
    "codeship-services.json",
    "codeship-steps.yml",
    "codeship-steps.json",
    "docker-compose.yml",
    # Spellings CodeShip does not read; cslint lints them (and says so) all the same.
    "codeship-services.yaml",
    "codeship-steps.yaml",
)


def manifest_commits(corpus_dir: Path) -> dict[str, str]:
    """file name -> commit, from the corpus MANIFEST.md tables."""
    manifest = corpus_dir.parent / "MANIFEST.md"
    commits: dict[str, str] = {}
    if not manifest.is_file():
        return commits
    for line in manifest.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0] and not cells[0].startswith(("-", "file")):
            commits[cells[0]] = cells[3]
    return commits


def corpus_projects(corpus_dir: Path, into: Path) -> list[Path]:
    """One folder per repository and commit under `into`, holding its CodeShip files."""
    commits = manifest_commits(corpus_dir)
    groups: dict[str, list[tuple[Path, str]]] = defaultdict(list)
    for path in sorted(corpus_dir.iterdir()):
        owner, sep, rest = path.name.partition("__")
        repo, sep2, real = rest.partition("__")
        if not (sep and sep2) or real not in REAL_NAMES:
            continue
        commit = commits.get(path.name, "unknown")
        groups[f"{owner}__{repo}@{commit}"].append((path, real))
    folders = []
    for name, files in sorted(groups.items()):
        folder = into / name
        folder.mkdir(parents=True, exist_ok=True)
        for source, real in files:
            shutil.copyfile(source, folder / real)
        folders.append(folder)
    return folders
