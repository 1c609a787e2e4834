"""`cslint dry-run`: run the pipeline's steps through a real Docker daemon, the way `jet
steps` runs them, and never push.

The project is planned exactly as `cslint plan` plans it (same checks, same model); the
runner in `cslint.pipeline` then builds, starts and runs what the plan says. Exit codes:
0 every step passed, 1 a step failed (or the check found errors, or an image did not
build), 2 bad input, a refused pipeline or no daemon, 130/143 interrupted.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated, Any

import typer

from cslint.commands.build_options import (
    CiBuildId,
    CiCommitDescription,
    CiCommitId,
    CiCommitMessage,
    CiCommitterEmail,
    CiCommitterName,
    CiCommitterUsername,
    CiProjectId,
    CiRepoName,
    CiTimestamp,
    parse_ci_timestamp,
)
from cslint.commands.common import EXIT_FINDINGS, fail_usage


def dry_run(
    path: Annotated[
        str,
        typer.Argument(help="The project folder, or its steps file (default: the current folder)."),
    ] = ".",
    tag: Annotated[
        str | None,
        typer.Option(help="Run a build of this git tag (what tag/exclude match; as jet --tag)."),
    ] = None,
    branch: Annotated[
        str | None,
        typer.Option(help="Run a build of this branch (matched when no --tag; {{ .Branch }})."),
    ] = None,
    ci_commit_id: CiCommitId = "",
    ci_build_id: CiBuildId = "",
    ci_repo_name: CiRepoName = "",
    ci_project_id: CiProjectId = "",
    ci_commit_message: CiCommitMessage = "",
    ci_commit_description: CiCommitDescription = "",
    ci_committer_name: CiCommitterName = "",
    ci_committer_email: CiCommitterEmail = "",
    ci_committer_username: CiCommitterUsername = "",
    ci_timestamp: CiTimestamp = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs", "-j", min=1, help="Steps run at once in parallel groups (default: CPUs)."
        ),
    ] = None,
    pull: Annotated[
        bool, typer.Option("--pull", help="Pull `image:` services even when present locally.")
    ] = False,
    allow_privileged: Annotated[
        bool, typer.Option("--allow-privileged", help="Run services marked `privileged: true`.")
    ] = False,
    allow_outside_context: Annotated[
        bool,
        typer.Option(
            "--allow-outside-context",
            help="Build a context or Dockerfile outside the project (sent to the daemon).",
        ),
    ] = False,
    health_timeout: Annotated[
        float,
        typer.Option(min=0, help="Seconds to wait for a dependency's HEALTHCHECK (default 300)."),
    ] = 300.0,
    junit: Annotated[
        str | None, typer.Option("--junit", help="Also write the summary as JUnit XML here.")
    ] = None,
    config: Annotated[
        str | None, typer.Option(help="Config file (default: found upwards).")
    ] = None,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks of internal errors.")
    ] = False,
) -> None:
    """Run the pipeline's steps against a real Docker daemon, as `jet steps` would (no push)."""
    from cslint.pipeline.model import PlanOptions

    options = PlanOptions(
        branch=branch,
        tag=tag,
        commit_id=ci_commit_id,
        build_id=ci_build_id,
        repo_name=ci_repo_name,
        project_id=ci_project_id,
        commit_message=ci_commit_message,
        commit_description=ci_commit_description,
        committer_name=ci_committer_name,
        committer_email=ci_committer_email,
        committer_username=ci_committer_username,
        time=parse_ci_timestamp(ci_timestamp),
    )
    # The docker SDK takes a good part of a second to import: let it load while the
    # project is checked and planned (it is needed right after).
    from cslint.pipeline.session import preload

    preload()
    from cslint.pipeline.load import LoadProblem, Refused, find_files, load_plan

    try:
        planned = load_plan(path, options, config)
    except LoadProblem as exc:
        fail_usage(str(exc))
    except Refused as refused:
        from cslint.reporters import RenderOptions, renderer

        sys.stdout.write(renderer("text")(refused.results, RenderOptions(color=False)))
        sys.stderr.write(
            f"cslint: dry run refused: `cslint check` finds {refused.errors} "
            f"error{'s' if refused.errors != 1 else ''} in the pipeline\n"
        )
        raise typer.Exit(EXIT_FINDINGS) from None

    from cslint.pipeline.containers import RunRefused
    from cslint.pipeline.run import RunOptions, default_jobs, is_live
    from cslint.pipeline.run import dry_run as run_plan
    from cslint.pipeline.session import DaemonUnavailable, connect
    from cslint.pipeline.summary import junit_xml, summary_text
    from cslint.pipeline.view import View

    root = os.path.realpath(find_files(path).root)
    inputs = _inputs(planned, root)
    if junit:
        from cslint.core.atomic import WriteRefused, check_writable

        # Refused before the run, not after it: the pipeline's own files are never replaced.
        try:
            check_writable(junit, inputs=inputs)
        except WriteRefused as exc:
            fail_usage(f"--junit: {exc}")
    run_options = RunOptions(
        root=root,
        jobs=jobs or default_jobs(),
        pull=pull,
        allow_privileged=allow_privileged,
        allow_outside_context=allow_outside_context,
        health_timeout=health_timeout,
    )
    view = View(sys.stdout, live=is_live(sys.stdout))
    try:
        outcome = run_plan(planned, connect, run_options, view)
    except (RunRefused, DaemonUnavailable) as exc:
        fail_usage(str(exc))
    if outcome.error:
        sys.stderr.write(f"cslint: {outcome.error}\n")
    sys.stdout.write(summary_text(outcome.run_id, outcome.results, outcome.seconds))
    for leftover in outcome.leftovers:
        sys.stderr.write(f"cslint: left behind: {leftover} (`cslint cleanup` removes it)\n")
    if junit:
        from cslint.core.atomic import WriteRefused, write_atomic

        try:
            write_atomic(
                junit,
                junit_xml(outcome.run_id, outcome.results, outcome.seconds),
                inputs=inputs,
            )
        except WriteRefused as exc:
            fail_usage(f"--junit: {exc}")
        except OSError as exc:
            fail_usage(f"{junit}: cannot write the JUnit file: {exc.strerror or exc}")
    sys.stdout.flush()
    raise typer.Exit(outcome.exit_code)


def _inputs(planned: Any, root: str) -> list[str]:
    """The files the run reads: what `--junit` may not replace."""
    found = [os.path.join(root, os.path.basename(planned.steps_path))]
    found.append(os.path.join(root, os.path.basename(planned.services_path)))
    for service in planned.services:
        if service.build is not None:
            found.append(os.path.join(root, service.build.dockerfile))
        found += [os.path.join(root, env_file.path) for env_file in service.env_files]
    return found
