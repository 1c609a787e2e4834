"""Code actions as edits in cslint's own positions (1-based, code points): a finding's fix,
a suppression comment for one line or for the file, and "fix all safe". The server turns
them into LSP `CodeAction`s."""

from __future__ import annotations

import bisect
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
    """The edits turning the text into its fixed version, or None when nothing fixes."""
    if old == new:
        return None
    return Action("Fix all safe problems (cslint)", FIX_ALL, tuple(minimal_edits(old, new)))


# Blocks of changed lines up to this size are narrowed to the characters that change.
_CHAR_DIFF_LIMIT = 4000
# Changes closer than this are one edit: `path` -> `context`, not `pa` -> `con`, `h` -> `ext`.
_MERGE_GAP = 8


def _keep_ends(text: str) -> list[str]:
    """Lines split on `\n` only, each with its break: they join back to `text`."""
    parts = text.split("\n")
    return [*(part + "\n" for part in parts[:-1]), parts[-1]]


def minimal_edits(old: str, new: str) -> list[Edit]:
    """Edits that turn `old` into `new`, each only as wide as what changes: the text that
    stays is not sent back (a fix-all edit of the whole file would quote every secret in
    it, and resets the editor's view of the file)."""
    from difflib import SequenceMatcher

    old_lines, new_lines = _keep_ends(old), _keep_ends(new)
    # The lines both share at the top and at the bottom are left out of the diff: a fix
    # changes a few lines of a long file.
    top = 0
    while top < min(len(old_lines), len(new_lines)) - 1 and old_lines[top] == new_lines[top]:
        top += 1
    bottom = 0
    while (
        bottom < min(len(old_lines), len(new_lines)) - top - 1
        and old_lines[-1 - bottom] == new_lines[-1 - bottom]
    ):
        bottom += 1
    old_starts, new_starts = [0], [0]
    for line in old_lines:
        old_starts.append(old_starts[-1] + len(line))
    for line in new_lines:
        new_starts.append(new_starts[-1] + len(line))

    def position(offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(old_starts, offset) - 1
        index = min(index, len(old_lines) - 1)
        return index + 1, offset - old_starts[index] + 1

    edits: list[Edit] = []
    middle = SequenceMatcher(
        None,
        old_lines[top : len(old_lines) - bottom],
        new_lines[top : len(new_lines) - bottom],
        autojunk=False,
    )
    for tag, i1, i2, j1, j2 in middle.get_opcodes():
        if tag == "equal":
            continue
        i1, i2, j1, j2 = i1 + top, i2 + top, j1 + top, j2 + top
        begin, end = old_starts[i1], old_starts[i2]
        old_part, new_part = old[begin:end], new[new_starts[j1] : new_starts[j2]]
        pieces: list[tuple[str, int, int, int, int]] = [
            ("replace", 0, len(old_part), 0, len(new_part))
        ]
        if len(old_part) + len(new_part) <= _CHAR_DIFF_LIMIT:
            chars = SequenceMatcher(None, old_part, new_part, autojunk=False)
            pieces = list(chars.get_opcodes())
        merged: list[list[int]] = []
        for piece, c1, c2, d1, d2 in pieces:
            if piece == "equal":
                continue
            if merged and c1 - merged[-1][1] < _MERGE_GAP:  # one word, one edit
                merged[-1][1], merged[-1][3] = c2, d2
            else:
                merged.append([c1, c2, d1, d2])
        for c1, c2, d1, d2 in merged:
            span = Span(*position(begin + c1), *position(begin + c2))
            edits.append(Edit(span, new_part[d1:d2]))
    return edits


def narrowed(edit: Edit, text: str) -> list[Edit]:
    """`edit` of `text` (1-based, code points, `\n` lines) as the edits of only what it
    changes: a fix that rewrites a value holding a secret need not send the secret back."""
    lines = _keep_ends(text)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def offset(line: int, col: int) -> int:
        if line > len(lines):
            return len(text)
        return min(starts[line - 1] + col - 1, starts[line])

    old = text[
        offset(edit.span.line, edit.span.col) : offset(edit.span.end_line, edit.span.end_col)
    ]
    out = []
    for part in minimal_edits(old, edit.replacement):
        out.append(Edit(_shift(part.span, edit.span), part.replacement))
    return out


def _shift(span: Span, base: Span) -> Span:
    """`span`, relative to a text that starts at `base`'s start, relative to the document."""

    def point(line: int, col: int) -> tuple[int, int]:
        if line == 1:
            return base.line, base.col + col - 1
        return base.line + line - 1, col

    return Span(*point(span.line, span.col), *point(span.end_line, span.end_col))
