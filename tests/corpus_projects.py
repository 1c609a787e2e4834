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
from typing import Any

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


def manifest_rows(corpus_dir: Path) -> dict[str, tuple[str, str, str]]:
    """file name -> (repository, path in it, commit), from the corpus MANIFEST.md tables."""
    manifest = corpus_dir.parent / "MANIFEST.md"
    rows: dict[str, tuple[str, str, str]] = {}
    if not manifest.is_file():
        return rows
    for line in manifest.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0] and not cells[0].startswith(("-", "file")):
            rows[cells[0]] = (cells[1], cells[2], cells[3])
    return rows


def corpus_projects(corpus_dir: Path, into: Path) -> list[Path]:
    """One folder per repository, folder in it and commit under `into`, holding the
    CodeShip files found there under their real names."""
    rows = manifest_rows(corpus_dir)
    groups: dict[str, list[tuple[Path, str]]] = defaultdict(list)
    for path in sorted(corpus_dir.iterdir()):
        if path.name in rows:
            repo, in_repo, commit = rows[path.name]
            folder, _, real = in_repo.rpartition("/")
            key = "__".join(
                part for part in (repo.replace("/", "__"), folder.replace("/", "__")) if part
            )
        else:
            key, _, real = path.name.rpartition("__")
            commit = "unknown"
        if real not in REAL_NAMES:
            continue
        groups[f"{key}@{commit}"].append((path, real))
    folders = []
    for name, files in sorted(groups.items()):
        folder = into / name
        folder.mkdir(parents=True, exist_ok=True)
        for source, real in files:
            shutil.copyfile(source, folder / real)
        folders.append(folder)
    return folders


def default_check(corpus: Path, into: Path) -> list[tuple[Path, str, Any]]:
    """A default `cslint check` over the corpus, laid out one way for the pinned output
    (tests/rules/test_corpus_default.py) and the precision sample (bench/): the CodeShip
    files as projects under `into`, every file of `dockerfiles/` as a Dockerfile. Returns
    (the file checked, the file as shown: relative to `into` or to the corpus, the
    Diagnostic) per finding, in the engine's order."""
    from cslint.core.config import Config
    from cslint.core.discovery import Target, discover
    from cslint.core.engine import Linter
    from cslint.core.kinds import FileKind

    config = Config()
    linter = Linter(config)
    results = []
    for folder in corpus_projects(corpus / "codeship", into):
        results.extend(linter.lint_targets(discover([str(folder)], config)))
    dockerfiles = sorted(p for p in (corpus / "dockerfiles").iterdir() if p.is_file())
    results.extend(linter.lint_targets([Target(str(p), FileKind.DOCKERFILE) for p in dockerfiles]))
    found = []
    for result in results:
        path = Path(result.path)
        shown = path.relative_to(into) if path.is_relative_to(into) else path.relative_to(corpus)
        found.extend((path, shown.as_posix(), diag) for diag in result.diagnostics)
    return found


if __name__ == "__main__":
    # python3 tests/corpus_projects.py OUT && cslint check --select CS2,CS4 OUT/*/
    import sys

    corpus = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "codeship"
    made = corpus_projects(corpus, Path(sys.argv[1]))
    print(f"{len(made)} projects under {sys.argv[1]}")
