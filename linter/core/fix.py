"""Apply fixes: text edits on the original text, so untouched text stays byte-identical
(pre-commit's way of migrating its config; re-dumping YAML would reflow the whole file)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from cslint.core.diagnostics import Edit, Fix

if TYPE_CHECKING:
    from cslint.core.discovery import Target
    from cslint.core.engine import FileResult, Linter


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


def fix_targets(
    linter: Linter, targets: Sequence[Target], *, unsafe: bool
) -> tuple[list[FileResult], int]:
    """Lint, apply the fixes to each file on disk (atomically), and lint again until
    nothing changes (at most 10 passes, as one fix can reveal another). Returns the final
    results and how many fixes were applied."""
    from cslint.core.atomic import write_atomic

    applied = 0
    results = []
    for target in targets:
        result = linter.lint_target(target)
        for _ in range(10):
            fixes = [d.fix for d in result.diagnostics if d.fix and (d.fix.safe or unsafe)]
            if not fixes or result.text is None:
                break
            fixed = apply_fixes(result.text, fixes)
            if fixed == result.text:
                break
            write_atomic(target.path, fixed)
            applied += len(fixes)
            linter.forget(target.path)
            result = linter.lint_target(target)
        results.append(result)
    return sorted(results, key=lambda r: r.path), applied
