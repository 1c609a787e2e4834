"""The ways `cslint check` can report besides the full listing: --quiet, --statistics,
--show-fixes and --diff. Imported by check.py only when one of them is asked for."""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cslint.core.config import Config
    from cslint.core.discovery import Target
    from cslint.core.engine import FileResult, Linter


def quiet(results: Sequence[FileResult]) -> str:
    """Only the summary line; nothing at all when clean."""
    from cslint.reporters.text_format import summary

    if not any(r.diagnostics for r in results):
        return ""
    return summary(results) + "\n"


def statistics(results: Sequence[FileResult]) -> str:
    """Counts by rule, most frequent first (ruff's --statistics), then the summary; `[*]`
    marks rules with findings that --fix fixes."""
    from cslint.reporters.text_format import summary

    counts: Counter[tuple[str, str]] = Counter()
    fixable: set[str] = set()
    for result in results:
        for diag in result.diagnostics:
            counts[(diag.code, diag.name)] += 1
            if diag.fix is not None and diag.fix.safe:
                fixable.add(diag.code)
    width = max((len(str(n)) for n in counts.values()), default=1)
    lines = [
        f"{n:>{width}}  {code}  {'[*] ' if code in fixable else ''}{name}"
        for (code, name), n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]
    lines.append(summary(results))
    return "\n".join(lines) + "\n"


def fixes_by_file(results: Sequence[FileResult], unsafe: bool) -> Counter[tuple[str, str, str]]:
    """How many findings of each (path, code, name) have a fix that --fix would apply."""
    out: Counter[tuple[str, str, str]] = Counter()
    for result in results:
        for diag in result.diagnostics:
            if diag.fix is not None and (diag.fix.safe or unsafe):
                out[(result.path, diag.code, diag.name)] += 1
    return out


def show_fixes(counts: Counter[tuple[str, str, str]], *, applied: bool) -> str:
    """ruff's --show-fixes: per file, how many findings of each rule were (or would be)
    fixed."""
    total = sum(counts.values())
    if total == 0:
        return "No fixes applied.\n" if applied else "No fixes available.\n"
    verb = "Fixed" if applied else "Fixable with --fix"
    lines = [f"{verb}: {total} problem{'s' if total != 1 else ''}:"]
    current = None
    for (path, code, name), n in sorted(counts.items()):
        if path != current:
            lines.append(f"- {path}:")
            current = path
        lines.append(f"    {n} x {code} ({name})")
    return "\n".join(lines) + "\n"


def diff(linter: Linter, targets: Sequence[Target], *, unsafe: bool) -> str:
    """A unified diff of what --fix would write, file by file; nothing is written. Fixes
    are applied in memory pass after pass, as --fix does on disk."""
    from cslint.core.discovery import Target as TargetType
    from cslint.core.fix import apply_to_original
    from cslint.core.kinds import FileKind
    from cslint.core.limits import read_file

    out: list[str] = []
    texts: list[str] = []
    for target in targets:
        try:
            raw = read_file(target.path)
        except OSError:
            continue  # its read error is a finding of the normal run
        bom = raw.startswith(b"\xef\xbb\xbf")
        try:
            original = raw[3 if bom else 0 :].decode("utf-8")
        except UnicodeDecodeError:
            continue
        text = original
        for _ in range(10):
            probe = TargetType(target.path, target.kind, raw=text.encode("utf-8"))
            result = linter.lint_target(probe)
            fixes = [d.fix for d in result.diagnostics if d.fix and (d.fix.safe or unsafe)]
            fixed = apply_to_original(text, fixes, yaml=target.kind is not FileKind.DOCKERFILE)
            if not fixes or fixed == text:
                break
            text = fixed
        texts += [original, text]
        if text != original:
            out.extend(
                difflib.unified_diff(
                    original.splitlines(keepends=True),
                    text.splitlines(keepends=True),
                    fromfile=f"a/{target.path}",
                    tofile=f"b/{target.path}",
                )
            )
    # A diff shows the lines around each change: the same promise as every other output
    # holds (no secret value of the run, no raw control character). Such a line no longer
    # applies with `patch`; the diff is for reading.
    from cslint.codeship.secrets import Redactor, secret_values
    from cslint.core.display import escape

    found: set[str] = set()
    for seen in [*texts, *linter.texts_read()]:
        found |= secret_values(seen)
    redactor = Redactor(found)

    def shown(line: str) -> str:
        body = line.removesuffix("\n")
        body = escape(redactor.redact(body.removesuffix("\r")))
        ending = "\n" if line.endswith("\n") else "\n\\ No newline at end of file\n"
        return body + ending

    return "".join(shown(line) for line in out)


def unknown_kind_results(paths: Sequence[str], config: Config) -> list[FileResult]:
    """CS007 for each named file whose kind its name does not tell (unless CS007 is not
    selected), saying what its content looks like when it looks like something."""
    from cslint.core.diagnostics import Diagnostic, Span
    from cslint.core.engine import FileResult as Result
    from cslint.core.guess import guess_kind
    from cslint.core.limits import read_file
    from cslint.core.registry import is_selected
    from cslint.rules.core.unknown_kind import UnknownFileKind as Rule

    if not is_selected(Rule, config.select, config.ignore):
        return []
    severity = Rule.default_severity
    for key, level in config.severity.items():
        if key in (Rule.code, Rule.name):
            severity = level
    out = []
    for path in paths:
        hint = ""
        try:
            looks = guess_kind(read_file(path).decode("utf-8", errors="replace"))
        except OSError:
            looks = None
        if looks is not None:
            hint = f" (its content looks like {_article(looks.value)})"
        message = (
            "cannot tell what kind of file this is from its name" + hint + "; pass --kind "
            "services|steps|dockerfile, or name it codeship-services.yml, "
            "codeship-steps.yml or *.Dockerfile"
        )
        diag = Diagnostic(path, Span.point(1, 1), Rule.code, Rule.name, severity, message)
        out.append(Result(path, None, None, [diag]))
    return out


def _article(kind: str) -> str:
    return "a Dockerfile" if kind == "dockerfile" else f"a {kind} file"
