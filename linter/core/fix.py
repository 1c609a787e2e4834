"""Apply fixes: text edits on the original text, so untouched text stays byte-identical
(pre-commit's way of migrating its config; re-dumping YAML would reflow the whole file)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from cslint.core.diagnostics import Fix

if TYPE_CHECKING:
    from cslint.core.discovery import Target
    from cslint.core.engine import FileResult, Linter


def apply_fixes(text: str, fixes: Iterable[Fix]) -> str:
    """Apply every edit of every fix, last first; overlapping edits are skipped (the next
    run picks them up)."""
    return apply_to_original(text, fixes, yaml=True)


def apply_to_original(original: str, fixes: Iterable[Fix], *, yaml: bool) -> str:
    """Apply fixes, whose positions are in cslint's `\n`-only view of a file, to the
    file's own text: its line breaks (CRLF, CR, a mix) stay as they are, and a line break
    inside a replacement is written the way the edited line ends."""
    return apply_counted(original, fixes, yaml=yaml)[0]


def apply_counted(original: str, fixes: Iterable[Fix], *, yaml: bool) -> tuple[str, int]:
    """`apply_to_original`, and how many fixes it applied. A fix is applied whole or not
    at all: one whose edits overlap an edit of a fix taken before it (in file order) is
    skipped, and the next pass of --fix finds it again if it still applies."""
    from cslint.core.lines import LineMap

    lines = LineMap(original, yaml=yaml)
    taken: list[tuple[int, int, str]] = []
    applied = 0
    located = []
    for fix in fixes:
        edits = []
        for edit in fix.edits:
            begin = lines.offset(edit.span.line, edit.span.col)
            end = max(lines.offset(edit.span.end_line, edit.span.end_col), begin)
            replacement = edit.replacement
            if "\n" in replacement:
                replacement = replacement.replace("\n", lines.break_at(begin))
            edits.append((begin, end, replacement))
        if edits:
            located.append(sorted(edits))
    for edits in sorted(located):
        if any(_overlap(edit, other) for edit in edits for other in taken):
            continue
        taken.extend(edits)
        applied += 1
    parts: list[str] = []
    last_begin = len(original) + 1
    for begin, end, replacement in sorted(taken, key=lambda e: (e[0], e[1]), reverse=True):
        parts.append(original[end:last_begin])
        parts.append(replacement)
        last_begin = begin
    parts.append(original[:last_begin])
    return "".join(reversed(parts)), applied


def _overlap(a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    """Two edits touch the same text; two insertions at one point also clash (their order
    would be a guess)."""
    if a[0] == a[1] and b[0] == b[1]:
        return a[0] == b[0]
    return a[0] < b[1] and b[0] < a[1]


class FixRefused(Exception):
    """A file --fix must not or cannot rewrite; one line for the user (exit 2)."""


def fix_targets(
    linter: Linter, targets: Sequence[Target], *, unsafe: bool
) -> tuple[list[FileResult], int]:
    """Lint, apply the fixes to each file on disk (atomically), and lint again until
    nothing changes (at most 10 passes, as one fix can reveal another). Returns the final
    results and how many fixes were applied. The bytes on disk are re-read for each pass:
    fixes are applied to them, so the BOM, line ends, mode, owner and symlinks stay."""
    from cslint.core.atomic import WriteRefused, check_writable, write_atomic
    from cslint.core.kinds import FileKind
    from cslint.core.limits import read_file

    applied = 0
    results = []
    linter.prepare(targets)
    for target in targets:
        result = linter.lint_target(target)
        for _ in range(10):
            fixes = [d.fix for d in result.diagnostics if d.fix and (d.fix.safe or unsafe)]
            if not fixes or result.text is None:
                break
            try:
                check_writable(target.path)
                raw = read_file(target.path)
            except WriteRefused as exc:
                raise FixRefused(str(exc)) from None
            except OSError as exc:
                raise FixRefused(f"cannot read {target.path}: {exc.strerror}") from None
            bom = raw.startswith(b"\xef\xbb\xbf")
            original = raw[3 if bom else 0 :].decode("utf-8")
            yaml = target.kind is not FileKind.DOCKERFILE
            fixed, count = apply_counted(original, fixes, yaml=yaml)
            if fixed == original:
                break
            try:
                write_atomic(target.path, (b"\xef\xbb\xbf" if bom else b"") + fixed.encode())
            except WriteRefused as exc:
                raise FixRefused(str(exc)) from None
            applied += count
            linter.forget(target.path)
            linter.prepare([target])
            result = linter.lint_target(target)
        results.append(result)
    return linter.finish(results), applied
