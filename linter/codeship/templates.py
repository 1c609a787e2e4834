"""jet's Go templates (`{{ .Branch }}`) in push-step `image_tag`s and build arguments:
the variables each offers (format doc §3.7) and how the fields of a template are found.

A real Go template parser would be a second language to ship; cslint needs only the
fields a template names, which a field reference makes plain: `.Name` at the start of a
chain, outside string literals."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# The fields of jet's template data for build arguments.
BUILD_FIELDS = frozenset(
    {
        "ProjectID", "BuildID", "RepoName", "Branch", "CommitID", "CommitMessage",
        "CommitDescription", "CommitterName", "CommitterEmail", "CommitterUsername", "Time",
        "Timestamp", "StringTime", "Ci",
    }
)  # fmt: skip
# Push steps have those and these; the build-argument list leaves them out.
PUSH_ONLY_FIELDS = frozenset({"StepName", "ServiceName", "ImageName", "CiName"})
PUSH_FIELDS = BUILD_FIELDS | PUSH_ONLY_FIELDS
RENAMED = {"Commit": "CommitID"}  # jet 0.7.10

_ACTION = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
_STRING_LITERAL = re.compile(r'"(?:[^"\\]|\\.)*"|`[^`]*`')
# `.Field` at the start of a chain: not after a name or a closing bracket, so the
# `.Format` of `.Time.Format` (a method of the field) is not taken for a field.
_FIELD = re.compile(r"(?<![\w)\]])\.([A-Za-z_]\w*)")


@dataclass(frozen=True, slots=True)
class Action:
    """One `{{ ... }}`: its body (trim markers and spaces removed) and the fields it names."""

    body: str
    fields: tuple[str, ...]


def balanced(text: str) -> bool:
    """Whether every `{{` has its `}}` (and no `}}` stands alone)."""
    rest = _ACTION.sub("", text)
    return "{{" not in rest and "}}" not in rest


def actions(text: str) -> Iterator[Action]:
    for match in _ACTION.finditer(text):
        body = match.group(1).strip().removeprefix("-").removesuffix("-").strip()
        fields = tuple(f.group(1) for f in _FIELD.finditer(_STRING_LITERAL.sub('""', body)))
        yield Action(body, fields)
