"""`cslint plan`: which steps run for a build, in which order, on which service.

Needs no Docker daemon. The project is first checked as `cslint check` checks it; with an
error-level finding the plan is refused and the check's report is printed instead (in the
same format), exit 1. Input the planner cannot plan is one `file:line:col: message` line on
stderr, exit 2.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from cslint.commands.common import EXIT_FINDINGS, EXIT_OK, fail_usage

if TYPE_CHECKING:
    from datetime import datetime

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
    ci_commit_id: Annotated[str, typer.Option(help="{{ .CommitID }}, CI_COMMIT_ID.")] = "",
    ci_build_id: Annotated[str, typer.Option(help="{{ .BuildID }}, CI_BUILD_ID.")] = "",
    ci_repo_name: Annotated[str, typer.Option(help="{{ .RepoName }}, CI_REPO_NAME.")] = "",
    ci_project_id: Annotated[str, typer.Option(help="{{ .ProjectID }}, CI_PROJECT_ID.")] = "",
    ci_commit_message: Annotated[
        str, typer.Option(help="{{ .CommitMessage }}, CI_COMMIT_MESSAGE.")
    ] = "",
    ci_commit_description: Annotated[
        str, typer.Option(help="{{ .CommitDescription }}, CI_COMMIT_DESCRIPTION.")
    ] = "",
    ci_committer_name: Annotated[
        str, typer.Option(help="{{ .CommitterName }}, CI_COMMITTER_NAME.")
    ] = "",
    ci_committer_email: Annotated[
        str, typer.Option(help="{{ .CommitterEmail }}, CI_COMMITTER_EMAIL.")
    ] = "",
    ci_committer_username: Annotated[
        str, typer.Option(help="{{ .CommitterUsername }}, CI_COMMITTER_USERNAME.")
    ] = "",
    ci_timestamp: Annotated[
        str | None,
        typer.Option(
            help="The build time, as Unix seconds or ISO 8601 ({{ .Time }}, {{ .Timestamp }}); "
            "default: now."
        ),
    ] = None,
    output_format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
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


def parse_ci_timestamp(text: str | None) -> datetime | None:
    """`--ci-timestamp` as a time (Unix seconds or ISO 8601); shared with `dry-run`."""
    if text is None:
        return None
    from datetime import UTC, datetime

    stripped = text.strip()
    try:
        if stripped.isdigit():
            return datetime.fromtimestamp(int(stripped), UTC)
        moment = datetime.fromisoformat(stripped)
    except (ValueError, OverflowError, OSError):
        fail_usage(f"--ci-timestamp {text!r} is neither Unix seconds nor an ISO 8601 time")
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
