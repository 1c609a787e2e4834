"""What `cslint check` does, without its command-line dressing: both the typer command
(commands/check.py) and the console script's fast path (entry.py) call `run_check`, so
the two cannot drift apart. No typer here: the fast path must not import it."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from cslint.commands.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    fail_usage,
    split_values,
    use_color,
    write_report,
)

if TYPE_CHECKING:
    from cslint.core.cache import ResultCache
    from cslint.core.config import Config
    from cslint.core.kinds import FileKind


def run_check(
    paths: list[str] | None = None,
    output_format: str = "text",
    fail_on: str | None = None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    config: str | None = None,
    kind: str | None = None,
    stdin_filename: str | None = None,
    output: str | None = None,
    fix: bool = False,
    unsafe_fixes: bool = False,
    no_color: bool = False,
    color: str | None = None,
    quiet: bool = False,
    statistics: bool = False,
    show_fixes: bool = False,
    diff: bool = False,
    debug: bool = False,
    no_cache: bool = False,
    jobs: int = 0,
) -> int:
    """Lint, render, write the report; the exit code by --fail-on. Usage problems raise
    UsageProblem (exit 2)."""
    from cslint.core.config import ConfigError, load_config, merge_cli
    from cslint.core.discovery import DiscoveryError, Target, discover
    from cslint.core.engine import Linter, fails
    from cslint.core.kinds import kind_from_name, parse_kind
    from cslint.reporters import FORMATS, RenderOptions, renderer

    if output_format not in FORMATS:
        fail_usage(f"unknown --format {output_format!r}; expected one of {', '.join(FORMATS)}")
    if fail_on is not None and fail_on not in ("error", "warning", "info", "never"):
        fail_usage(f"unknown --fail-on {fail_on!r}; expected error, warning, info or never")
    colored = use_color(no_color, color) and output is None
    if (quiet or statistics or show_fixes) and output_format != "text":
        fail_usage("--quiet, --statistics and --show-fixes go with --format text")
    if quiet and statistics:
        fail_usage("--quiet and --statistics are two different reports; pick one")
    try:
        file_kind = parse_kind(kind) if kind else None
    except ValueError as exc:
        fail_usage(str(exc))
    try:
        settings = merge_cli(
            load_config(config),
            select=split_values(select),
            ignore=split_values(ignore),
            fail_on=fail_on,
        )
        _check_selectors(split_values(select) + split_values(ignore))
    except ConfigError as exc:
        fail_usage(str(exc))

    linter = Linter(settings)
    given = list(paths or [])
    targets: list[Target] = []
    unknown: list[str] = []  # named files whose kind cannot be told: CS007, and go on
    if "-" in given:
        given.remove("-")
        name = stdin_filename or "-"
        stdin_kind = file_kind or kind_from_name(os.path.basename(name))
        raw = _read_stdin(settings.limits.max_file_size)
        if stdin_kind is None:
            stdin_kind = _guess_stdin_kind(raw, name)
        targets.append(Target(name, stdin_kind, raw=raw))
    try:
        if given or not targets:
            targets.extend(discover(given, settings, file_kind, linter.parse_file, unknown=unknown))
    except DiscoveryError as exc:
        fail_usage(str(exc))
    if not targets and not unknown:
        # Nothing to lint is not an error (ruff and yamllint agree): one line, exit 0.
        where = ", ".join(given) if given else "the current folder"
        sys.stderr.write(
            f"cslint: no CodeShip file or Dockerfile in {where} "
            "(codeship-services.yml, codeship-steps.yml, Dockerfile*)\n"
        )
        if output_format == "text":
            return EXIT_OK

    # Each file is checked under the settings nearest to it, as ruff does (--config: one).
    from cslint.commands.config_groups import group_by_config

    try:
        groups = group_by_config(
            targets,
            settings,
            linter,
            explicit=config is not None,
            merge=lambda found: merge_cli(
                found, select=split_values(select), ignore=split_values(ignore), fail_on=fail_on
            ),
        )
    except ConfigError as exc:
        fail_usage(str(exc))
    targets = [t for _, _, ts in groups for t in ts]

    if diff:
        from cslint.commands.check_output import diff as fix_diff

        if any(t.text is not None or t.raw is not None for t in targets):
            fail_usage("--diff cannot show fixes of stdin; name the files instead")
        shown = "".join(fix_diff(lin, ts, unsafe=unsafe_fixes) for _, lin, ts in groups)
        write_report(_utf8(shown))
        return EXIT_FINDINGS if shown else EXIT_OK
    fixable_before = None
    if fix and show_fixes:
        from collections import Counter

        from cslint.commands.check_output import fixes_by_file

        fixable_before = sum(
            (fixes_by_file(lin.lint_targets(ts), unsafe_fixes) for _, lin, ts in groups),
            Counter(),
        )

    if fix:
        from cslint.core.fix import FixRefused, fix_targets

        if any(t.text is not None or t.raw is not None for t in targets):
            fail_usage("--fix cannot rewrite stdin; name the files instead")
        results, applied = [], 0
        for _, lin, ts in groups:
            try:
                fixed, count = fix_targets(lin, ts, unsafe=unsafe_fixes)
            except FixRefused as exc:
                fail_usage(str(exc))
            results += fixed
            applied += count
        results.sort(key=lambda r: r.path)
        if applied:
            sys.stderr.write(f"cslint: applied {applied} fix{'es' if applied != 1 else ''}\n")
    else:
        results = sorted(
            (
                result
                for cfg, lin, ts in groups
                for result in lin.lint_targets(ts, _result_cache(cfg, no_cache), jobs or None)
            ),
            key=lambda r: r.path,
        )
    if unknown:
        from cslint.commands.check_output import unknown_kind_results

        results = sorted([*results, *unknown_kind_results(unknown, settings)], key=lambda r: r.path)
    docs_url = None
    if output_format in ("json", "sarif"):  # the formats that carry links
        from cslint.core.links import docs_url_template

        docs_url = docs_url_template(settings.docs_url)
    report = renderer(output_format)(results, RenderOptions(color=colored, docs_url=docs_url))
    if quiet or statistics:
        from cslint.commands import check_output

        report = check_output.quiet(results) if quiet else check_output.statistics(results)
    if show_fixes:
        from cslint.commands.check_output import fixes_by_file
        from cslint.commands.check_output import show_fixes as list_fixes

        if fixable_before is not None:
            done = fixable_before - fixes_by_file(results, unsafe_fixes)
            report += list_fixes(done, applied=True)
        else:
            report += list_fixes(fixes_by_file(results, unsafe_fixes), applied=False)
    if output:
        from cslint.core.atomic import WriteRefused, write_atomic
        from cslint.core.config import find_hadolint_config

        # The settings read are inputs too: a report over .cslint.yaml would end the
        # settings of every later run.
        inputs = [t.path for t in targets if t.raw is None]
        inputs += [cfg.source for cfg, _, _ in groups if cfg.source]
        inputs += [found for found in (find_hadolint_config("."),) if found]
        try:
            write_atomic(output, _utf8(report), inputs=inputs)
        except WriteRefused as exc:
            fail_usage(str(exc))
    else:
        write_report(_utf8(report))
    fail_on_of = {t.path: cfg.fail_on for cfg, _, ts in groups for t in ts}
    failed = any(fails([r], fail_on_of.get(r.path, settings.fail_on)) for r in results)
    return EXIT_FINDINGS if failed else EXIT_OK


def _utf8(report: str) -> str:
    """The report as text any UTF-8 stream takes: a file name that is not UTF-8 (its bytes
    kept by Python as lone surrogates) is written with U+FFFD for each such byte, rather
    than failing the write (exit 3) after the files were checked."""
    try:
        report.encode("utf-8")
    except UnicodeEncodeError:
        return report.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return report


def _guess_stdin_kind(raw: bytes, name: str) -> FileKind:
    """The kind of stdin from its content, said on stderr, since nothing else told it."""
    from cslint.core.guess import guess_kind

    guessed = guess_kind(raw.decode("utf-8", errors="replace"))
    if guessed is None:
        fail_usage(
            "reading stdin: its content does not tell its kind; "
            "pass --stdin-filename or --kind services|steps|dockerfile"
        )
    article = "a Dockerfile" if guessed.value == "dockerfile" else f"a {guessed.value} file"
    sys.stderr.write(
        f"cslint: {name}: read as {article}, guessed from its content "
        "(--stdin-filename or --kind to say)\n"
    )
    return guessed


def _read_stdin(limit: int) -> bytes:
    """stdin's bytes, at most the file size limit: decoded like a file's (CS005 for bytes
    that are not UTF-8), never a crash."""
    from cslint.core.limits import too_large_message

    raw = sys.stdin.buffer.read(limit + 1)
    if len(raw) > limit:
        fail_usage(f"stdin: {too_large_message(limit)}")
    return raw


def _result_cache(settings: Config, no_cache: bool) -> ResultCache | None:
    if no_cache or os.environ.get("CSLINT_NO_CACHE"):
        return None
    from cslint.core.cache import ResultCache

    return ResultCache(settings)


def _check_selectors(selectors: list[str]) -> None:
    from cslint.core.registry import selector_matches_any

    for selector in selectors:
        if not selector_matches_any(selector):
            fail_usage(f"{selector!r} names no rule (see `cslint rules`)")
