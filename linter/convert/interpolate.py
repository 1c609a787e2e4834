"""Compose variable interpolation (`$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
`${VAR:?err}`, `${VAR?err}`, `${VAR:+alt}`, `${VAR+alt}`, `$$`), as compose-go's
`template` package reads it. CodeShip interpolates nothing, so the converter either
resolves each reference (`--interpolate`) or keeps the text and reports it."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

_NAME = re.compile(r"[_a-zA-Z][_a-zA-Z0-9]*")
_OPERATORS = (":-", ":?", ":+", "-", "?", "+")


class InterpolationError(ValueError):
    """Invalid syntax, or a required variable without a value."""


@dataclass(frozen=True, slots=True)
class Reference:
    name: str
    text: str  # the whole reference as written, e.g. "${TAG:-latest}"
    operator: str | None  # one of _OPERATORS, or None
    argument: str | None  # the default, error or alternative text


@dataclass(frozen=True, slots=True)
class Interpolated:
    text: str
    references: tuple[Reference, ...]
    escapes: int  # how many `$$` became `$`


Lookup = Callable[[str], str | None]


def interpolate(text: str, lookup: Lookup | None, depth: int = 0) -> Interpolated:
    """Resolve `text`. With `lookup` None, references are kept verbatim (only `$$`
    becomes `$`, which is what the container would have received from compose)."""
    from cslint.core.limits import current

    if depth > current().max_depth:
        raise InterpolationError(
            f"interpolation nested deeper than {current().max_depth} levels (limits: max-depth)"
        )
    out: list[str] = []
    refs: list[Reference] = []
    escapes = 0
    i = 0
    while i < len(text):
        char = text[i]
        if char != "$":
            out.append(char)
            i += 1
            continue
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if nxt == "$":
            out.append("$")
            escapes += 1
            i += 2
            continue
        if nxt == "{":
            end = _closing_brace(text, i + 2)
            if end < 0:
                raise InterpolationError(f"invalid interpolation format for {text[i:]!r}")
            body = text[i + 2 : end]
            ref, value = _braced(body, text[i : end + 1], lookup, depth)
            refs.append(ref)
            if lookup is None:
                refs.extend(_nested(ref.argument, depth))
            out.append(value)
            i = end + 1
            continue
        match = _NAME.match(text, i + 1)
        if match is None:  # a lone `$` is literal text, as in compose
            out.append("$")
            i += 1
            continue
        name = match.group(0)
        refs.append(Reference(name, "$" + name, None, None))
        out.append(("$" + name) if lookup is None else (lookup(name) or ""))
        i = match.end()
    return Interpolated("".join(out), tuple(refs), escapes)


def _closing_brace(text: str, start: int) -> int:
    depth = 1
    i = start
    while i < len(text):
        if text.startswith("${", i):
            depth += 1
            i += 2
            continue
        if text[i] == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _braced(body: str, whole: str, lookup: Lookup | None, depth: int) -> tuple[Reference, str]:
    match = _NAME.match(body)
    if match is None:
        raise InterpolationError(f"invalid interpolation format for {whole!r}")
    name = match.group(0)
    rest = body[match.end() :]
    if not rest:
        ref = Reference(name, whole, None, None)
        return ref, whole if lookup is None else (lookup(name) or "")
    operator = next((op for op in _OPERATORS if rest.startswith(op)), None)
    if operator is None:
        raise InterpolationError(f"invalid interpolation format for {whole!r}")
    argument = rest[len(operator) :]
    ref = Reference(name, whole, operator, argument)
    if lookup is None:
        return ref, whole
    value = lookup(name)
    unset_or_empty = value is None or (operator.startswith(":") and value == "")
    if operator in (":-", "-"):
        resolved = interpolate(argument, lookup, depth + 1).text if unset_or_empty else value
    elif operator in (":?", "?"):
        if unset_or_empty:
            reason = interpolate(argument, lookup, depth + 1).text or "a value is required"
            raise InterpolationError(f"required variable {name} is missing a value: {reason}")
        resolved = value
    else:  # ":+" / "+": the alternative when set
        resolved = "" if unset_or_empty else interpolate(argument, lookup, depth + 1).text
    return ref, resolved or ""


def _nested(argument: str | None, depth: int) -> tuple[Reference, ...]:
    if not argument or "$" not in argument:
        return ()
    try:
        return interpolate(argument, None, depth + 1).references
    except InterpolationError:
        return ()


def describe(ref: Reference) -> str:
    """How compose would have filled the reference, in words, for a note."""
    if ref.operator in (":-", "-"):
        return f"compose used ${ref.name} or the default {ref.argument!r}"
    if ref.operator in (":?", "?"):
        return f"compose required ${ref.name} to be set"
    if ref.operator in (":+", "+"):
        return f"compose used {ref.argument!r} when ${ref.name} is set"
    return f"compose used the value of ${ref.name}"


def read_env_file(text: str) -> dict[str, str]:
    """`KEY=value` lines as compose's dotenv reader takes them: comments, `export `,
    single or double quotes around the value."""
    values: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        line = line.removeprefix("export ").strip()
        key, sep, value = line.partition("=")
        key = key.strip()
        if not sep or not _NAME.fullmatch(key):
            continue
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        elif " #" in value:
            value = value.split(" #", 1)[0].rstrip()
        values[key] = value
    return values


def make_lookup(env_files: Mapping[str, str], environ: Mapping[str, str]) -> Lookup:
    """Shell environment first, then the env files (later files win), as compose does."""
    merged = dict(env_files)
    merged.update(environ)
    return merged.get
