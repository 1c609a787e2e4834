"""Apply fixes: text edits on the original text, so untouched text stays byte-identical."""

from __future__ import annotations

from collections.abc import Iterable

from cslint.diagnostics import Edit, Fix


def _offset(line_starts: list[int], text_len: int, line: int, col: int) -> int:
    if line > len(line_starts):
        return text_len
    return min(line_starts[line - 1] + col - 1, text_len)


def apply_fixes(text: str, fixes: Iterable[Fix]) -> str:
    """Apply every edit of every fix, last first; overlapping edits are skipped (the next
    run picks them up)."""
    starts = [0]
    for i, char in enumerate(text):
        if char == "\n":
            starts.append(i + 1)
    edits: list[tuple[int, int, Edit]] = []
    for fix in fixes:
        for edit in fix.edits:
            begin = _offset(starts, len(text), edit.span.line, edit.span.col)
            end = _offset(starts, len(text), edit.span.end_line, edit.span.end_col)
            edits.append((begin, end, edit))
    out = text
    last_begin = len(text) + 1
    for begin, end, edit in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        if end > last_begin:
            continue
        out = out[:begin] + edit.replacement + out[end:]
        last_begin = begin
    return out
