"""From a path on the command line to a Plan: find the steps and services files, check the
project as `cslint check` does, and plan it only when no error-level finding is left.

`cslint plan` and `cslint dry-run` both start here, so neither runs a pipeline that
`cslint check` rejects, and both refuse it with the very findings `check` reports.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from cslint.pipeline.model import Plan, PlanOptions


class LoadProblem(Exception):
    """Bad input or a missing file: one line, exit 2."""


class Refused(Exception):
    """`cslint check` reports errors in the pipeline; `results` is its report."""

    def __init__(self, results: list[Any], errors: int) -> None:
        super().__init__(f"{errors} error-level findings")
        self.results = results
        self.errors = errors


@dataclass(frozen=True, slots=True)
class ProjectFiles:
    root: str  # the folder of the steps file, as given
    steps: str  # paths as shown to the user
    services: str


def find_files(path: str) -> ProjectFiles:
    """The steps file (the one named, or the one CodeShip reads in the folder) and the
    services file CodeShip reads next to it (format doc §1.1, §1.2)."""
    from cslint.core.kinds import COMPOSE_FALLBACK_NAMES, SERVICES_NAMES, STEPS_NAMES

    if os.path.isdir(path):
        root = path
        steps = next(
            (_join(root, n) for n in STEPS_NAMES if os.path.isfile(os.path.join(root, n))), None
        )
        if steps is None:
            raise LoadProblem(f"{path}: no {' or '.join(STEPS_NAMES)} in this folder")
    elif os.path.isfile(path):
        steps = path
        root = os.path.dirname(path) or "."
    else:
        raise LoadProblem(f"{path}: no such file or directory")
    names = (*SERVICES_NAMES, *COMPOSE_FALLBACK_NAMES)
    services = next((_join(root, n) for n in names if os.path.isfile(os.path.join(root, n))), None)
    if services is None:
        raise LoadProblem(
            f"{steps}: no services file next to it ({', '.join(names)}); a plan needs both"
        )
    return ProjectFiles(root, steps, services)


def load_plan(path: str, options: PlanOptions, config_path: str | None = None) -> Plan:
    """The plan of the project at `path` for the build `options` describes. Raises
    LoadProblem (exit 2) or Refused (exit 1, with the check's results)."""
    from cslint.core.config import ConfigError, load_config
    from cslint.core.diagnostics import Severity
    from cslint.core.discovery import DiscoveryError, Target, discover
    from cslint.core.engine import Linter
    from cslint.core.fsys import DiskFileSystem
    from cslint.core.kinds import FileKind
    from cslint.pipeline.plan import OutsideProject, PlanError, build_plan

    files = find_files(path)
    try:
        config = load_config(config_path)
    except ConfigError as exc:
        raise LoadProblem(str(exc)) from None
    linter = Linter(config)
    try:
        targets = discover([files.root], config, None, linter.parse_file)
    except DiscoveryError as exc:
        raise LoadProblem(str(exc)) from None
    # The steps file planned is the one checked, also when it was named explicitly.
    targets = [t for t in targets if t.kind is not FileKind.STEPS]
    targets.append(Target(files.steps, FileKind.STEPS))
    results = linter.lint_targets(targets)
    errors = sum(1 for r in results for d in r.diagnostics if d.severity >= Severity.ERROR)
    if errors:
        raise Refused(results, errors)

    documents = []
    for shown, kind in ((files.services, FileKind.SERVICES), (files.steps, FileKind.STEPS)):
        parsed = linter.parse_file(shown, kind)
        if parsed is None:
            raise LoadProblem(f"{shown}: no such file")
        if parsed.document is None:
            # Only when the config silenced CS001/CS005; the check would report it.
            problem = parsed.problems[0] if parsed.problems else None
            where = f"{problem.span.line}:{problem.span.col}: {problem.message}" if problem else ""
            raise LoadProblem(f"{shown}:{where or ' cannot be parsed'}")
        documents.append(parsed.document)
    disk = DiskFileSystem(files.root)

    def read_inside(relative: str) -> bytes | None:
        # A symlink inside the project may lead anywhere; what it leads to is read only
        # when that, too, is inside the project.
        if disk.exists(relative) and not disk.inside_root(relative):
            raise OutsideProject(relative)
        return disk.read_bytes(relative)

    try:
        return build_plan(
            documents[0],
            documents[1],
            options,
            services_path=files.services,
            steps_path=files.steps,
            read_file=read_inside,
        )
    except PlanError as exc:
        raise LoadProblem(str(exc)) from None


def _join(folder: str, name: str) -> str:
    return name if folder in (".", "") else os.path.join(folder, name)
