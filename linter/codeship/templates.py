"""jet's Go templates (`{{ .Branch }}`) in push-step `image_tag`s and build arguments:
the variables each offers (format doc §3.7) and how the fields of a template are found.

A real Go template parser would be a second language to ship; cslint needs only the
fields a template names, which a field reference makes plain: `.Name` at the start of a
chain, outside string literals."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Final

from cslint.core.lazyre import lazy

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


class Action:
    """One `{{ ... }}`: its body (trim markers and spaces removed) and the fields it names."""

    __slots__ = ("body", "fields")

    body: Final[str]
    fields: Final[tuple[str, ...]]

    def __init__(self, body: str, fields: tuple[str, ...]) -> None:
        self.body = body
        self.fields = fields


def balanced(text: str) -> bool:
    """Whether every `{{` has its `}}` (and no `}}` stands alone)."""
    rest = _ACTION.sub("", text)
    return "{{" not in rest and "}}" not in rest


def actions(text: str) -> Iterator[Action]:
    for match in _ACTION.finditer(text):
        body = match.group(1).strip().removeprefix("-").removesuffix("-").strip()
        fields = tuple(f.group(1) for f in _FIELD.finditer(_STRING_LITERAL.sub('""', body)))
        yield Action(body, fields)


class TemplateError(Exception):
    """A template jet would fail on, or one beyond what cslint renders; `offset` is where
    the action starts in the text."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


# Go's reference-time layout elements, longest first where one is a prefix of another
# (Go's time.Format reads them the same way, left to right).
_LAYOUT = lazy(
    r"January|Jan|Monday|Mon|MST|2006|Z07:00:00|Z0700|Z07:00|Z07|-07:00:00|-0700|-07:00|-07"
    r"|[.,]0+(?!\d)|[.,]9+(?!\d)|PM|pm|002|01|02|03|04|05|06|15|__2|_2|1|2|3|4|5"
)
_ACTION_SPAN = lazy(r"\{\{(-\s)?(.*?)(\s-)?\}\}", re.DOTALL)
_FORMAT_CALL = lazy(r'^\.Time\.Format\s+("(?:[^"\\]|\\.)*"|`[^`]*`)$')
_FIELD_ONLY = lazy(r"^\.([A-Za-z_]\w*)$")
_STRING_ONLY = lazy(r'^("(?:[^"\\]|\\.)*"|`[^`]*`)$')


def go_time_format(moment: datetime, layout: str) -> str:
    """`moment.Format(layout)` as Go writes it, for the layout elements above."""

    def element(match: re.Match[str]) -> str:
        tok = match.group(0)
        hour12 = moment.hour % 12 or 12
        offset = moment.utcoffset()
        minutes = int(offset.total_seconds() // 60) if offset is not None else 0
        sign = "-" if minutes < 0 else "+"
        hh, mm = divmod(abs(minutes), 60)
        fixed = {
            "January": moment.strftime("%B"), "Jan": moment.strftime("%b"),
            "Monday": moment.strftime("%A"), "Mon": moment.strftime("%a"),
            "MST": moment.tzname() or "UTC", "2006": f"{moment.year:04d}",
            "06": f"{moment.year % 100:02d}", "01": f"{moment.month:02d}", "1": str(moment.month),
            "02": f"{moment.day:02d}", "2": str(moment.day), "_2": f"{moment.day:>2}",
            "__2": f"{moment.timetuple().tm_yday:>3}", "002": f"{moment.timetuple().tm_yday:03d}",
            "15": f"{moment.hour:02d}", "03": f"{hour12:02d}", "3": str(hour12),
            "04": f"{moment.minute:02d}", "4": str(moment.minute),
            "05": f"{moment.second:02d}", "5": str(moment.second),
            "PM": "PM" if moment.hour >= 12 else "AM", "pm": "pm" if moment.hour >= 12 else "am",
            "-0700": f"{sign}{hh:02d}{mm:02d}", "-07:00": f"{sign}{hh:02d}:{mm:02d}",
            "-07": f"{sign}{hh:02d}", "-07:00:00": f"{sign}{hh:02d}:{mm:02d}:00",
        }  # fmt: skip
        if tok in fixed:
            return fixed[tok]
        if tok.startswith("Z"):
            return "Z" if minutes == 0 else fixed["-" + tok[1:]]
        digits = f"{moment.microsecond:06d}000"[: len(tok) - 1]
        if tok[1] == "9":
            digits = digits.rstrip("0")
            return tok[0] + digits if digits else ""
        return tok[0] + digits

    return _LAYOUT.sub(element, layout)


def _go_string(literal: str) -> str:
    if literal.startswith("`"):
        return literal[1:-1]
    import json

    try:
        value = json.loads(literal)
    except ValueError:
        return literal[1:-1]
    return str(value)


def render(text: str, fields: Mapping[str, str], moment: datetime) -> str:
    """Execute the template `text` over `fields` (plus `.Time`) the way Go's text/template
    does for what CodeShip files write: field references (`{{ .Branch }}`),
    `{{ .Time.Format "20060102" }}`, string literals, comments and trim markers. Anything
    else raises TemplateError rather than guessing."""
    if not balanced(text):
        raise TemplateError("its '{{' and '}}' are unbalanced", max(text.find("{{"), 0))
    out: list[str] = []
    last = 0
    for match in _ACTION_SPAN.finditer(text):
        before = text[last : match.start()]
        if match.group(1):
            before = before.rstrip()
        out.append(before)
        body = match.group(2).strip()
        out.append(_action(body, fields, moment, match.start()))
        last = match.end()
        if match.group(3):
            rest = text[last:]
            last += len(rest) - len(rest.lstrip())
    out.append(text[last:])
    return "".join(out)


def _action(body: str, fields: Mapping[str, str], moment: datetime, offset: int) -> str:
    if body.startswith("/*") and body.endswith("*/"):
        return ""
    if body == ".Time":
        return go_time_format(moment, "2006-01-02 15:04:05.999999999 -0700 MST")
    fmt = _FORMAT_CALL.match(body)
    if fmt is not None:
        return go_time_format(moment, _go_string(fmt.group(1)))
    literal = _STRING_ONLY.match(body)
    if literal is not None:
        return _go_string(literal.group(1))
    field = _FIELD_ONLY.match(body)
    if field is not None:
        name = field.group(1)
        if name not in fields:
            raise TemplateError(f"'.{name}' is not a template variable here", offset)
        return fields[name]
    raise TemplateError(
        f"cslint renders field references and .Time.Format only, not '{{{{ {body} }}}}'", offset
    )
