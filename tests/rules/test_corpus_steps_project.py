"""The steps (CS2xx) and cross-file (CS4xx) rules over the real files of ../shared/corpus.

Each repository's files at one commit are laid out as a project under their real names
(tests/corpus_projects.py). Every error-level finding was read and judged a real mistake
of its file; the list below is that verdict, so a new error on a real file fails here
until someone reads it. CS403/CS404 are left out: the corpus holds no Dockerfiles and no
encrypted files, so every build path and encrypted file is "missing" there.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus_projects import corpus_projects

from cslint.core.config import Config
from cslint.core.diagnostics import Severity
from cslint.core.discovery import discover
from cslint.core.engine import FileResult, Linter

NOT_IN_CORPUS = {"CS403", "CS404"}  # their inputs are not part of the corpus
# Reviewed: (project folder, file, line, code) of every error the rules report.
REAL_ERRORS = {
    # A steps file of an older commit, five push steps all named 'Build' in one group.
    *(
        (
            "IndicoDataSolutions__python-docker-images@46c199dae283",
            "codeship-steps.yaml",
            n,
            "CS207",
        )
        for n in (10, 16, 22, 28, 34, 40)
    ),
}
# Findings that once were errors on these real files and were judged false: (project
# prefix, file, line, code). They may come back as warnings or infos, never as errors.
FIXED_FALSE_ERRORS = {
    # `bash -c "A="${X}" cmd"` is one argument: the shell gets the whole script.
    ("codeship-library__google-cloud-utilities@", "codeship-steps.yml", 6, "CS212"),
    # encrypted_env_file repeated on steps whose service already sets the same file.
    ("IndicoDataSolutions__python-docker-images@8b34e90e7a43", "codeship-steps.yml", 164, "CS209"),
    # Official CodeShip repositories push services that set no build.image.
    ("Codeship-library1__zip-project-configs@", "codeship-steps.yml", 4, "CS402"),
    ("Fettah__ecs-task-deploy@", "codeship-steps.yml", 8, "CS402"),
    # image_name differs from build.image in an official library's own push test.
    ("codeship-library__google-cloud-utilities@", "codeship-steps.yml", 55, "CS402"),
}
NO_BUILD_IMAGE = {"Codeship-library1__zip-project-configs@", "Fettah__ecs-task-deploy@"}


@pytest.fixture(scope="module")
def results(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[FileResult]]:
    into = tmp_path_factory.mktemp("corpus-projects")
    linter = Linter(Config(select=("CS2", "CS4")))
    out: dict[str, list[FileResult]] = {}
    for folder in corpus_projects(corpus / "codeship", into):
        # A RuleCrash (an internal error) propagates and fails the test.
        out[folder.name] = linter.lint_targets(discover([str(folder)], Config()))
    return out


def _found(results: dict[str, list[FileResult]]) -> dict[tuple[str, str, int, str], Severity]:
    found = {}
    for project, files in results.items():
        for result in files:
            for diag in result.diagnostics:
                key = (project, Path(result.path).name, diag.span.line, diag.code)
                found[key] = max(diag.severity, found.get(key, Severity.INFO))
    return found


def test_corpus_laid_out(results: dict[str, list[FileResult]]) -> None:
    assert len(results) > 50
    assert sum(len(files) for files in results.values()) > 100


def test_every_error_is_a_reviewed_real_mistake(results: dict[str, list[FileResult]]) -> None:
    errors = set()
    for (project, name, line, code), severity in _found(results).items():
        if severity < Severity.ERROR or code in NOT_IN_CORPUS:
            continue
        if (
            code == "CS401"
            and line == 1
            and not any(
                Path(r.path).name.startswith(("codeship-services", "docker-compose"))
                for r in results[project]
            )
        ):
            # Services and steps files read at different commits: the corpus split them.
            continue
        errors.add((project, name, line, code))
    assert errors == REAL_ERRORS


def test_fixed_false_positives_stay_fixed(results: dict[str, list[FileResult]]) -> None:
    found = _found(results)
    for prefix, name, line, code in FIXED_FALSE_ERRORS:
        matching = [
            severity
            for (project, file, at, got), severity in found.items()
            if project.startswith(prefix) and (file, at, got) == (name, line, code)
        ]
        assert all(s < Severity.ERROR for s in matching), (prefix, name, line, code)
        # Still reported at a lower severity, except the shell case, which is not a problem,
        # and pushes of services without build.image, which work (jet tags the built image
        # with image_name) and are no longer reported at all.
        silent = code == "CS212" or prefix in NO_BUILD_IMAGE
        assert bool(matching) != silent, (prefix, name, line, code)
    # The shell-script case is not even a warning.
    assert not any(
        project.startswith("codeship-library__google-cloud-utilities@") and code == "CS212"
        for project, _, _, code in found
    )
