"""The options that describe one build, shared by `plan` and `dry-run` so that both read
them alike: jet's CI variables and the build time."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from cslint.commands.common import fail_usage

if TYPE_CHECKING:
    from datetime import datetime

CiCommitId = Annotated[str, typer.Option(help="{{ .CommitID }}, CI_COMMIT_ID.")]
CiBuildId = Annotated[str, typer.Option(help="{{ .BuildID }}, CI_BUILD_ID.")]
CiRepoName = Annotated[str, typer.Option(help="{{ .RepoName }}, CI_REPO_NAME.")]
CiProjectId = Annotated[str, typer.Option(help="{{ .ProjectID }}, CI_PROJECT_ID.")]
CiCommitMessage = Annotated[str, typer.Option(help="{{ .CommitMessage }}, CI_COMMIT_MESSAGE.")]
CiCommitDescription = Annotated[
    str, typer.Option(help="{{ .CommitDescription }}, CI_COMMIT_DESCRIPTION.")
]
CiCommitterName = Annotated[str, typer.Option(help="{{ .CommitterName }}, CI_COMMITTER_NAME.")]
CiCommitterEmail = Annotated[str, typer.Option(help="{{ .CommitterEmail }}, CI_COMMITTER_EMAIL.")]
CiCommitterUsername = Annotated[
    str, typer.Option(help="{{ .CommitterUsername }}, CI_COMMITTER_USERNAME.")
]
CiTimestamp = Annotated[
    str | None,
    typer.Option(
        help="The build time, as Unix seconds or ISO 8601 ({{ .Time }}, {{ .Timestamp }}); "
        "default: now."
    ),
]


def parse_ci_timestamp(text: str | None) -> datetime | None:
    """`--ci-timestamp` as a time (Unix seconds or ISO 8601)."""
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
