"""The engine: parse each file, run the enabled rules, stamp, suppress, sort.

It never prints and never exits; the CLI and the language server call it and decide what
to show. Output is deterministic: diagnostics are sorted by path, line, column, code.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Concatenate, Final, ParamSpec, TypeVar

from cslint.core import observe
from cslint.core.config import Config, rule_options, upwards
from cslint.core.diagnostics import Diagnostic, Finding, Severity, Span
from cslint.core.discovery import Target
from cslint.core.fsys import DiskFileSystem, MemoryFileSystem
from cslint.core.kinds import COMPOSE_FALLBACK_NAMES, SERVICES_NAMES, STEPS_NAMES, FileKind
from cslint.core.registry import enabled_rules, matches, rules_of_kind
from cslint.core.rule import FileSystem, ParseProblem, Project, ProjectFile, Rule, RuleContext

if TYPE_CHECKING:
    from cslint.codeship.secrets import Redactor
    from cslint.core.cache import ResultCache
    from cslint.core.suppress import SuppressionReport

T = TypeVar("T")
P = ParamSpec("P")
# Fewer files than this are checked in one process even when more are allowed: starting
# workers costs more than a small run takes (the pre-commit case stays in one process).
MIN_PARALLEL = 48


class FileResult:
    """One file's findings, with what its reporters need to show them."""

    __slots__ = ("diagnostics", "kind", "path", "redactor", "show_source", "text", "unfinished")

    path: str
    kind: FileKind | None  # None: a file whose kind could not be told (CS007)
    text: str | None
    diagnostics: list[Diagnostic]
    # The run's secret values: reporters hide source lines and fix texts that hold one.
    redactor: Redactor | None
    # False for a file reached through a symlink that leaves its project (a credentials
    # file linked in): findings keep their positions, but no line of it is printed.
    show_source: bool
    # A rule could not finish its check (RuleContext.unfinished): never stored in the cache.
    unfinished: bool

    def __init__(
        self,
        path: str,
        kind: FileKind | None,
        text: str | None,
        diagnostics: list[Diagnostic] | None = None,
        redactor: Redactor | None = None,
        show_source: bool = True,
        unfinished: bool = False,
    ) -> None:
        self.path = path
        self.kind = kind
        self.text = text
        self.diagnostics = [] if diagnostics is None else diagnostics
        self.redactor = redactor
        self.show_source = show_source
        self.unfinished = unfinished

    def with_diagnostics(
        self, diagnostics: list[Diagnostic], redactor: Redactor | None
    ) -> FileResult:
        """A copy holding `diagnostics` and shown through `redactor`."""
        return FileResult(
            self.path,
            self.kind,
            self.text,
            diagnostics,
            redactor,
            self.show_source,
            self.unfinished,
        )


class RuleCrash(Exception):
    """A rule raised: an internal error (exit 3), reported with the rule and file."""

    def __init__(self, rule: type[Rule], path: str) -> None:
        super().__init__(f"internal error in rule {rule.code} ({rule.name}) while checking {path}")
        self.rule = rule
        self.path = path

    def __reduce__(self) -> tuple[Any, ...]:
        # Raised in a worker process, it is rebuilt in the parent from these arguments.
        return (RuleCrash, (self.rule, self.path))


def decode(raw: bytes, kind: FileKind | None = None) -> tuple[str | None, ParseProblem | None]:
    """Text of a file with `\n` line ends (cslint.core.lines), or where it stops being
    UTF-8."""
    from cslint.core.lines import normalize

    try:
        text = raw.decode("utf-8-sig")
        return normalize(text, yaml=kind is not FileKind.DOCKERFILE), None
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before.rsplit(b"\n", 1)[-1].decode("utf-8", errors="replace")) + 1
        return None, ParseProblem(
            f"file is not UTF-8 text: byte 0x{raw[exc.start]:02x} cannot be decoded",
            Span.point(line, col),
            reason="unreadable",
        )


def parse_text(text: str, kind: FileKind) -> tuple[Any, tuple[ParseProblem, ...]]:
    """Parse by kind: (document or None, problems)."""
    if kind is FileKind.DOCKERFILE:
        from cslint.parsers import dockerfile

        return dockerfile.parse(text)
    from cslint.parsers import yamldoc

    try:
        return yamldoc.parse(text), ()
    except yamldoc.YamlSyntaxError as exc:
        return None, (ParseProblem(exc.message, exc.span),)


class Parsed:
    """A file read and parsed once: its text (None when unreadable), document (None when
    it did not parse) and problems."""

    __slots__ = ("document", "problems", "text")

    text: Final[str | None]
    document: Final[Any]
    problems: Final[tuple[ParseProblem, ...]]

    def __init__(self, text: str | None, document: Any, problems: tuple[ParseProblem, ...]) -> None:
        self.text = text
        self.document = document
        self.problems = problems


def parse_bytes(raw: bytes, kind: FileKind) -> Parsed:
    text, problem = decode(raw, kind)
    if text is None:
        return Parsed(None, None, (problem,) if problem else ())
    document, problems = parse_text(text, kind)
    return Parsed(text, document, problems)


def load_project_file(fs: FileSystem, path: str, kind: FileKind) -> ProjectFile | None:
    raw = fs.read_bytes(path)
    if raw is None:
        return None
    parsed = parse_bytes(raw, kind)
    return ProjectFile(path, kind, parsed.text, parsed.document, parsed.problems)


_PROJECT_MARKERS = (*SERVICES_NAMES, *STEPS_NAMES, *COMPOSE_FALLBACK_NAMES)


def project_root_for(path: str, kind: FileKind) -> str:
    """The folder that holds the CodeShip files a file belongs with. A Dockerfile often sits
    in a sub-folder (a build context), so look upwards for the services or steps file,
    stopping at the repository's top."""
    folder = os.path.dirname(os.path.abspath(path))
    if kind is not FileKind.DOCKERFILE:
        return folder
    for candidate in upwards(folder):
        # os.path: a folder this user may not search is "no", not a crash.
        if any(observe.isfile(os.path.join(candidate, name)) for name in _PROJECT_MARKERS):
            return candidate
        if observe.exists(os.path.join(candidate, ".git")):
            break
    return folder


def _under_own_limits(
    method: Callable[Concatenate[Linter, P], T],
) -> Callable[Concatenate[Linter, P], T]:
    """The limits are one process-wide value that parsers and rules read. A run may hold
    several linters (a nested `.cslint.yaml` with its own `limits:` governs the files
    below it): each applies its own while it reads and checks, then the run's again."""

    def under(linter: Linter, /, *args: P.args, **kwargs: P.kwargs) -> T:
        from cslint.core.limits import using

        with using(linter.config.limits):
            return method(linter, *args, **kwargs)

    functools.update_wrapper(under, method)
    return under


class Linter:
    """Lints targets under one configuration. Every file is read and parsed once per run,
    whether it is a target, a sibling a cross-file rule looks at, or both."""

    def __init__(self, config: Config) -> None:
        from cslint.core.limits import configure

        self.config = config
        configure(config.limits)
        self._projects: dict[str, Project] = {}
        self._parsed: dict[tuple[str, FileKind], Parsed | None] = {}
        # What each file was parsed from, for the result cache: its bytes, hashed when a
        # cache asks (`_digest`), since hashlib's import (OpenSSL) costs a run without a
        # cache about 2.5 ms for nothing.
        self._digests: dict[tuple[str, FileKind], bytes | str] = {}
        # cslint's own `severity:` wins over a `.hadolint.yaml` `override:` for the same rule.
        levels = {**config.hadolint_severity, **config.severity}
        self._severity = {rule.code: level for rule, level in _by_rule(levels).items()}
        options = rule_options(config, _by_rule(config.rule_options))
        self._options = {rule.code: rule.make_options(opts) for rule, opts in options.items()}
        # Rules that need settings run once they have them.
        # A rule the user gave a level in `.hadolint.yaml` is one they want run, so it runs
        # even where cslint leaves it opt-in.
        self._configured = frozenset(
            {rule.code for rule in options if rule.enabled_when_configured}
            | set(config.hadolint_severity)
        )
        self._roots: dict[tuple[str, bool], str] = {}
        # The rules of each kind with work to batch (`prepare`), under these settings.
        self._preparing: dict[FileKind, list[type[Rule]]] = {}
        self._running: dict[FileKind, frozenset[str]] = {}  # enabled codes, by kind

    def root_for(self, path: str, kind: FileKind) -> str:
        """`project_root_for`, asked once per folder in a run: a monorepo's thousands of
        files sit in a few hundred folders, and a Dockerfile's answer costs a stat per
        project file name in every folder up to its project."""
        folder = os.path.dirname(os.path.abspath(path))
        key = (folder, kind is FileKind.DOCKERFILE)
        if key not in self._roots:
            self._roots[key] = project_root_for(path, kind)
        return self._roots[key]

    @_under_own_limits
    def parse_file(self, path: str, kind: FileKind) -> Parsed | None:
        """The file at `path` on disk, read and parsed once per run; None if it is missing."""
        key = (os.path.abspath(path), kind)
        if key not in self._parsed:
            from cslint.core.limits import read_error_message, read_file

            try:
                raw = read_file(path)
            except FileNotFoundError:
                self._parsed[key] = None
            except OSError as exc:
                problem = ParseProblem(
                    read_error_message(exc), Span.point(1, 1), reason="unreadable"
                )
                self._parsed[key] = Parsed(None, None, (problem,))
            else:
                self._parsed[key] = parse_bytes(raw, kind)
                self._digests[key] = raw
        return self._parsed[key]

    def forget(self, path: str) -> None:
        """Drop what the run knows of a file that was just rewritten (by --fix)."""
        absolute = os.path.abspath(path)
        for key in [k for k in self._parsed if k[0] == absolute]:
            del self._parsed[key]
            self._digests.pop(key, None)
        for project in self._projects.values():
            project.forget()

    def project(self, root: str, fs: FileSystem | None = None) -> Project:
        if root not in self._projects:
            if fs is None:
                self._projects[root] = Project(
                    root, DiskFileSystem(root), lambda path, kind: self._from_disk(root, path, kind)
                )
            else:
                memory = fs
                self._projects[root] = Project(
                    root, memory, lambda path, kind: load_project_file(memory, path, kind)
                )
        return self._projects[root]

    def _from_disk(self, root: str, path: str, kind: FileKind) -> ProjectFile | None:
        parsed = self.parse_file(os.path.join(root, path), kind)
        if parsed is None:
            return None
        return ProjectFile(path, kind, parsed.text, parsed.document, parsed.problems)

    @_under_own_limits
    def lint_targets(
        self,
        targets: Iterable[Target],
        cache: ResultCache | None = None,
        jobs: int | None = 1,
    ) -> list[FileResult]:
        """Lint every target, sorted by path. With a cache, files whose result is stored
        and still valid are answered from it (no parser, no rule imported for them), and
        the others are stored. With `jobs` > 1 (None: one per core) and enough files, they
        are checked in batches by that many processes; the result is the same as in one
        process."""
        targets = list(targets)
        hits: list[FileResult] = []
        todo: list[Target] = []
        for target in targets:
            found = None
            if cache is not None and target.text is None and target.raw is None:
                found = cache.get(target, self.root_for(target.path, target.kind))
            if found is not None:
                hits.append(found)
            else:
                todo.append(target)
        record = cache is not None
        workers = 1
        if jobs != 1 and len(todo) >= MIN_PARALLEL:
            from cslint.core.cpus import default_jobs
            from cslint.core.parallel import lint_in_processes

            workers = jobs or default_jobs()
        values: set[str] = set()
        if workers > 1:
            done, values = lint_in_processes(self.config, todo, workers, record)
        else:
            done = self.lint_many(todo, record)
        fresh = [result for result, _, _ in done]
        # The workers' `values` cover every text they read, the files they checked too.
        protected = self.finish([*fresh, *hits], values, unscanned=hits if workers > 1 else None)
        if cache is not None:
            by_path = {(r.path, r.kind): r for r in protected}
            for target, (result, digest, deps) in zip(todo, done, strict=True):
                if digest is not None and deps is not None and not result.unfinished:
                    root = self.root_for(target.path, target.kind)
                    cache.put(target, root, by_path[(result.path, result.kind)], digest, deps)
            if cache.stored:
                cache.prune()
        return protected

    def finish(
        self,
        results: Sequence[FileResult],
        values: Iterable[str] = (),
        unscanned: Sequence[FileResult] | None = None,
    ) -> list[FileResult]:
        """Sorted results, made safe to print: every message bounded and escaped, every
        secret value of every file the run read hidden (a steps finding may quote a value
        of the services file). `values`: secret values found by worker processes, who
        scanned the texts of their results; `unscanned`: the results whose texts are still
        to scan (None: all). A stored result was made safe when it was stored, in the run
        that read its siblings."""
        others = results if unscanned is None else unscanned
        # Each text once: a checked file's text is also one the run read.
        texts = dict.fromkeys([*self.texts_read(), *(r.text for r in others if r.text)])
        return protect(results, texts, values)

    def texts_read(self) -> list[str]:
        """The text of every file this run read and parsed."""
        return [p.text for p in self._parsed.values() if p is not None and p.text]

    @_under_own_limits
    def lint_many(
        self, targets: Sequence[Target], record: bool = False
    ) -> list[tuple[FileResult, str | None, set[tuple[str, str]] | None]]:
        """Each target's result, with (when `record`) the digest of the bytes it was
        checked from and what its rules looked at, for the result cache."""
        self.prepare(targets)
        out: list[tuple[FileResult, str | None, set[tuple[str, str]] | None]] = []
        for target in targets:
            if not record or target.text is not None or target.raw is not None:
                out.append((self.lint_target(target), None, None))
                continue
            log: set[tuple[str, str]] = set()
            result = self.lint_target(target, log)
            digest = self._digest((os.path.abspath(target.path), target.kind))
            out.append((result, digest, log))
        return out

    def _digest(self, key: tuple[str, FileKind]) -> str | None:
        """The SHA-256 of the bytes the file at `key` was parsed from (None: not parsed)."""
        source = self._digests.get(key)
        if isinstance(source, bytes):
            import hashlib

            source = self._digests[key] = hashlib.sha256(source).hexdigest()
        return source

    def prepare(self, targets: Sequence[Target]) -> None:
        """Give rules that batch work (`Rule.prepare`) each document of their kind, as soon
        as it is parsed: ShellCheck starts on the first Dockerfile's scripts while the
        others are still being read."""
        # Kept for the run: a worker of a run over processes prepares many small tasks.
        preparing = self._preparing
        running = self._running
        for target in targets:
            stdin = target.text is not None or target.raw is not None
            parsed = None if stdin else self.parse_file(target.path, target.kind)
            if parsed is None or parsed.document is None:
                continue
            if target.kind not in preparing:
                enabled = enabled_rules(
                    target.kind, self.config.select, self.config.ignore, self._configured
                )
                running[target.kind] = frozenset(rule.code for rule in enabled)
                preparing[target.kind] = [
                    rule
                    for rule in enabled
                    if rule.prepare.__func__ is not Rule.prepare.__func__  # type: ignore[attr-defined]
                ]
            for rule in preparing[target.kind]:
                rule.prepare([parsed.document], running[target.kind])

    @_under_own_limits
    def lint_target(self, target: Target, log: set[tuple[str, str]] | None = None) -> FileResult:
        if target.raw is not None:  # stdin
            parsed: Parsed | None = parse_bytes(target.raw, target.kind)
        elif target.text is not None:
            document, problems = parse_text(target.text, target.kind)
            parsed = Parsed(target.text, document, problems)
        else:
            parsed = self.parse_file(target.path, target.kind)
        if parsed is None:
            missing = ParseProblem(
                "cannot read file: it no longer exists", Span.point(1, 1), "unreadable"
            )
            parsed = Parsed(None, None, (missing,))
        root = self.root_for(target.path, target.kind)
        project_path = os.path.relpath(os.path.abspath(target.path), root).replace(os.sep, "/")
        project = self.project(root)
        if log is not None:
            from cslint.core.cache import recording

            project = recording(project, log)
        result = self.lint_parsed(target.path, project_path, target.kind, parsed, project)
        if target.raw is None and target.text is None and _leaves(target.path, root):
            result.show_source = False
        return result

    def lint_parsed(
        self, path: str, project_path: str, kind: FileKind, parsed: Parsed, project: Project
    ) -> FileResult:
        document = parsed.document
        ctx = RuleContext(
            path=path,
            project_path=project_path,
            kind=kind,
            text=parsed.text,
            document=document,
            problems=parsed.problems,
            project=project,
        )
        ignore = self.config.ignore + self.config.ignores_for(path)
        diagnostics: list[Diagnostic] = []
        ran: list[type[Rule]] = []
        enabled = enabled_rules(kind, self.config.select, ignore, self._configured)
        ctx.running = frozenset(rule.code for rule in enabled)
        for rule in enabled:
            if rule.needs_document and document is None:
                continue
            ran.append(rule)
            ctx.options = self._options.get(rule.code) or rule.make_options(None)
            try:
                findings = list(rule().check(ctx))
            except RecursionError:
                # Only a document nested near Python's own limit gets here (a raised
                # max-depth); one finding says the check was not done, never a crash.
                findings = [
                    Finding(
                        Span.point(1, 1),
                        "not checked by this rule: the file nests too deeply "
                        "(lower limits: max-depth)",
                    )
                ]
            except Exception as exc:
                raise RuleCrash(rule, path) from exc
            diagnostics.extend(self._stamp(rule, path, f) for f in findings)
        diagnostics, report = self._suppress_and_report(diagnostics, ctx)
        if report is not None and report.directives:
            diagnostics += self._judge_suppressions(ctx, report, ran)
        result = FileResult(path, kind, parsed.text, _dedupe_sorted(diagnostics))
        result.unfinished = ctx.unfinished
        if ctx.unfinished:
            observe.spoil()  # a later run tries again: neither cached nor memoized
        return result

    def _judge_suppressions(
        self, ctx: RuleContext, report: SuppressionReport, ran: list[type[Rule]]
    ) -> list[Diagnostic]:
        """Findings of rules about the suppression comments (CS008), which a comment
        naming that rule on the same line silences in turn."""
        from cslint.core.suppress import ALL

        out = []
        for rule in ran:
            if rule.after_suppression is Rule.after_suppression:
                continue
            ctx.options = self._options.get(rule.code) or rule.make_options(None)
            try:
                findings = list(rule().after_suppression(ctx, report, ran))
            except Exception as exc:
                raise RuleCrash(rule, ctx.path) from exc
            for finding in findings:
                tokens = {
                    token
                    for directive in report.directives
                    if directive.covers is None or finding.span.line in directive.covers
                    for token in directive.codes
                }
                if ALL in tokens or any(matches(token, rule) for token in tokens):
                    continue
                out.append(self._stamp(rule, ctx.path, finding))
        return out

    def _stamp(self, rule: type[Rule], path: str, finding: Finding) -> Diagnostic:
        severity = self._severity.get(rule.code) or finding.severity or rule.default_severity
        return Diagnostic(
            path=path,
            span=finding.span,
            code=rule.code,
            name=rule.name,
            severity=severity,
            message=finding.message,
            fix=finding.fix,
            related=finding.related,
            aliases=finding.aliases,
            secret=rule.reveals_secrets,
        )

    def _suppress(self, diagnostics: list[Diagnostic], ctx: RuleContext) -> list[Diagnostic]:
        return self._suppress_and_report(diagnostics, ctx)[0]

    def _suppress_and_report(
        self, diagnostics: list[Diagnostic], ctx: RuleContext
    ) -> tuple[list[Diagnostic], SuppressionReport | None]:
        """The findings no comment suppresses, and what each cslint comment suppressed."""
        if ctx.text is None:
            return diagnostics, None
        comments = "cslint:" in ctx.text or "hadolint" in ctx.text
        if not comments and (not diagnostics or not self.config.hadolint_ignored):
            return diagnostics, None
        from cslint.core.suppress import ALL, SuppressionReport, scan

        in_scalar = getattr(ctx.document, "in_scalar", None)
        found = scan(ctx.text, ctx.kind, in_scalar)
        hadolint_ignored = self.config.hadolint_ignored if ctx.kind is FileKind.DOCKERFILE else ()
        if not found.file_codes and not found.by_line and not hadolint_ignored:
            return diagnostics, SuppressionReport(found.directives, frozenset())
        rules = {rule.code: rule for rule in rules_of_kind(ctx.kind)}
        kept = []
        used: set[tuple[int, str]] = set()
        for diag in diagnostics:
            tokens = found.tokens_for(diag.span.line) | set(hadolint_ignored)
            rule = rules[diag.code]
            if ALL in tokens or any(
                matches(token, rule) or token in diag.aliases for token in tokens
            ):
                for directive in found.directives_for(diag.span.line):
                    for token in directive.codes:
                        if token == ALL or matches(token, rule) or token in diag.aliases:
                            used.add((id(directive), token))
                continue
            kept.append(diag)
        return kept, SuppressionReport(found.directives, frozenset(used))


def _leaves(path: str, root: str) -> bool:
    """True when `path` resolves (through symlinks) to a file outside `root`."""
    real, top = observe.realpath(path), observe.realpath(root)
    return real != top and not real.startswith(top.rstrip(os.sep) + os.sep)


def protect(
    results: Sequence[FileResult], texts: Iterable[str], values: Iterable[str] = ()
) -> list[FileResult]:
    """Results whose messages quote no secret value found in `texts` (or given in
    `values`) and at most a bounded length of user text, with control characters
    escaped; each result carries the redactor for its reporter."""
    if not any(result.diagnostics for result in results):
        # No message to bound and no excerpt to mask: a clean run (what most pre-commit
        # calls are) skips the scan for secret values and the import of its patterns.
        return sorted(results, key=lambda r: r.path)
    from cslint.codeship.secrets import Redactor, secret_values
    from cslint.core.display import bound_message
    from cslint.core.limits import current

    found: set[str] = set(values)
    for text in texts:
        found |= secret_values(text)
    redactor = Redactor(found)
    limit = current().max_quote

    def safe(message: str) -> str:
        return bound_message(redactor.redact(message), limit)

    out = []
    for result in results:
        diagnostics = [
            d.with_messages(
                safe(d.message), tuple(r.with_message(safe(r.message)) for r in d.related)
            )
            for d in result.diagnostics
        ]
        out.append(result.with_diagnostics(diagnostics, redactor))
    return sorted(out, key=lambda r: r.path)


def _by_rule(values: Mapping[str, T]) -> dict[type[Rule], T]:
    """Config keyed by code or name -> keyed by rule."""
    from cslint.core.registry import resolve_rule

    out: dict[type[Rule], T] = {}
    for key, value in values.items():
        rule = resolve_rule(key)
        if rule is not None:  # config.py has already rejected unknown codes
            out[rule] = value
    return out


def _dedupe_sorted(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """One diagnostic per (code, span, message): an anchor merged N times is one problem."""
    seen: set[tuple[str, Span, str]] = set()
    out: list[Diagnostic] = []
    for diag in sorted(diagnostics):
        key = (diag.code, diag.span, diag.message)
        if key not in seen:
            seen.add(key)
            out.append(diag)
    return out


def lint_text(
    text: str | bytes,
    filename: str,
    *,
    kind: FileKind | None = None,
    files: Mapping[str, str | bytes] | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    options: Mapping[str, Mapping[str, Any]] | None = None,
) -> FileResult:
    """Lint one text as if it were `filename` in a project made of `files` (in memory).
    Used by the rule examples, the tests and the language server."""
    from pathlib import PurePath

    from cslint.core.kinds import kind_from_name

    file_kind = kind or kind_from_name(PurePath(filename).name)
    if file_kind is None:
        raise ValueError(f"cannot tell the kind of {filename!r}")
    fs = MemoryFileSystem({**(files or {}), filename: text})
    config = Config(select=tuple(select), ignore=tuple(ignore), rule_options=options or {})
    linter = Linter(config)
    project = linter.project("<memory>", fs)
    parsed = parse_bytes(text.encode() if isinstance(text, str) else text, file_kind)
    # The file under check is also a file of its project: rules that load it (a services
    # rule asking for the services file) get this very parse.
    project.remember(
        ProjectFile(filename, file_kind, parsed.text, parsed.document, parsed.problems)
    )
    result = linter.lint_parsed(filename, filename, file_kind, parsed, project)
    texts = [t if isinstance(t, str) else t.decode("utf-8", "replace") for t in fs.files.values()]
    return protect([result], texts)[0]


def fails(results: Sequence[FileResult], fail_on: str) -> bool:
    if fail_on == "never":
        return False
    threshold = Severity.parse(fail_on)
    return any(d.severity >= threshold for r in results for d in r.diagnostics)
