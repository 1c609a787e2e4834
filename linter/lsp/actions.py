"""Code actions as edits in cslint's own positions (1-based, code points): a finding's fix,
a suppression comment for one line or for the file, and "fix all safe". The server turns
them into LSP `CodeAction`s."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from cslint.core.diagnostics import Diagnostic, Edit, Span
from cslint.core.kinds import FileKind
from cslint.core.suppress import DIRECTIVE

QUICKFIX, FIX_ALL = "quickfix", "source.fixAll.cslint"
# BuildKit reads parser directives only before any other comment: keep them first.
_PARSER_DIRECTIVE = re.compile(r"#\s*(syntax|escape|check)\s*=", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Action:
    title: str
    kind: str
    edits: tuple[Edit, ...]
    diagnostic: Diagnostic | None = None
    preferred: bool = False


def fix_action(diag: Diagnostic) -> Action | None:
    if diag.fix is None:
        return None
    label = "safe fix" if diag.fix.safe else "unsafe fix: check the result"
    return Action(
        f"{diag.fix.title} ({label}) [{diag.code}]",
        QUICKFIX,
        diag.fix.edits,
        diag,
        preferred=diag.fix.safe,
    )


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _add_code(line_text: str, number: int, verb: str, code: str) -> Edit | None:
    """An edit adding `code` to an existing `# cslint: <verb>=...` on this line, or None."""
    for match in DIRECTIVE.finditer(line_text):
        if match.group("verb") != verb:
            continue
        codes = match.group("codes")
        if codes is None:
            return Edit(Span(number, 1, number, 1), "")  # already covers every code
        end = match.end("codes") + 1
        return Edit(Span(number, end, number, end), f",{code}")
    return None


def disable_line_action(
    diag: Diagnostic, text: str, kind: FileKind, document: Any
) -> Action | None:
    """`# cslint: disable=CODE` at the end of a YAML line; `# cslint: disable-next-line`
    above the Dockerfile instruction (Dockerfiles have no trailing comments)."""
    lines = _lines(text)
    number = diag.span.line
    if not 1 <= number <= len(lines):
        return None
    title = f"Disable {diag.code} on this line"
    if kind is FileKind.DOCKERFILE:
        start = number
        for instruction in getattr(document, "instructions", ()):
            if instruction.span.line <= number <= instruction.span.end_line:
                start = instruction.span.line
                break
        above = lines[start - 2] if start >= 2 else ""
        existing = _add_code(above.strip() and above, start - 1, "disable-next-line", diag.code)
        if existing is not None:
            return Action(title, QUICKFIX, (existing,), diag)
        indent = re.match(r"[ \t]*", lines[start - 1])
        prefix = indent.group(0) if indent else ""
        edit = Edit(Span(start, 1, start, 1), f"{prefix}# cslint: disable-next-line={diag.code}\n")
        return Action(title, QUICKFIX, (edit,), diag)
    line_text = lines[number - 1].rstrip("\r")
    end_offset = sum(len(line) + 1 for line in lines[: number - 1]) + len(line_text)
    in_scalar = getattr(document, "in_scalar", None)
    if callable(in_scalar) and in_scalar(end_offset):
        return None  # the line ends inside a block scalar: a comment there is content
    existing = _add_code(line_text, number, "disable", diag.code)
    if existing is not None:
        return Action(title, QUICKFIX, (existing,), diag)
    end = len(line_text) + 1
    edit = Edit(Span(number, end, number, end), f"  # cslint: disable={diag.code}")
    return Action(title, QUICKFIX, (edit,), diag)


def disable_file_action(diag: Diagnostic, text: str, kind: FileKind) -> Action:
    title = f"Disable {diag.code} for this file"
    lines = _lines(text)
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped.startswith("#") and "disable-file" in stripped:
            existing = _add_code(line, number, "disable-file", diag.code)
            if existing is not None:
                return Action(title, QUICKFIX, (existing,), diag)
    first = 1
    if kind is FileKind.DOCKERFILE:
        while first <= len(lines) and _PARSER_DIRECTIVE.match(lines[first - 1].strip()):
            first += 1
    edit = Edit(Span(first, 1, first, 1), f"# cslint: disable-file={diag.code}\n")
    return Action(title, QUICKFIX, (edit,), diag)


def fix_all_action(old: str, new: str) -> Action | None:
    """One edit replacing the whole text by its fixed version, or None when nothing fixes."""
    if old == new:
        return None
    lines = _lines(old)
    whole = Span(1, 1, len(lines), len(lines[-1]) + 1)
    return Action("Fix all safe problems (cslint)", FIX_ALL, (Edit(whole, new),))
