"""`cslint plan`: which steps run for a build, in which order, on which service.

Needs no Docker daemon. The project is first checked as `cslint check` checks it; with an
error-level finding the plan is refused and the check's report is printed instead (in the
same format), exit 1. Input the planner cannot plan is one `file:line:col: message` line on
stderr, exit 2.
"""

from __future__ import annotations

import sys
from typing import Annotated

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
from cslint.commands.common import EXIT_FINDINGS, EXIT_OK, complete_from, fail_usage

PLAN_FORMATS = ("text", "json")


def plan(
    path: Annotated[
        str,
        typer.Argument(help="The project folder, or its steps file (default: the current folder)."),
    ] = ".",
    tag: Annotated[
        str | None,
        typer.Option(help="Plan a build of this git tag (what tag/exclude match; as jet --tag)."),
    ] = None,
    branch: Annotated[
        str | None,
        typer.Option(help="Plan a build of this branch (matched when no --tag; {{ .Branch }})."),
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
    output_format: Annotated[
        str,
        typer.Option(
            "--format", "-f", help="text or json.", autocompletion=complete_from("text", "json")
        ),
    ] = "text",
    config: Annotated[
        str | None, typer.Option(help="Config file (default: found upwards).")
    ] = None,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks of internal errors.")
    ] = False,
) -> None:
    """Show which steps a build runs, in which order, on which service (no Docker needed)."""
    from cslint.pipeline.model import PlanOptions

    if output_format not in PLAN_FORMATS:
        fail_usage(f"unknown --format {output_format!r}; expected text or json")
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
    from cslint.pipeline.load import LoadProblem, Refused, load_plan

    try:
        planned = load_plan(path, options, config)
    except LoadProblem as exc:
        fail_usage(str(exc))
    except Refused as refused:
        from cslint.reporters import RenderOptions, renderer

        report = renderer(output_format)(refused.results, RenderOptions(color=False))
        sys.stdout.write(report)
        sys.stderr.write(
            f"cslint: plan refused: `cslint check` finds {refused.errors} "
            f"error{'s' if refused.errors != 1 else ''} in the pipeline\n"
        )
        raise typer.Exit(EXIT_FINDINGS) from None
    if output_format == "json":
        from cslint.pipeline.plan_json import plan_json

        sys.stdout.write(plan_json(planned))
    else:
        from cslint.pipeline.plan_text import plan_text

        sys.stdout.write(plan_text(planned))
    raise typer.Exit(EXIT_OK)
