"""What a rule is, what it sees, and how it documents itself.

A rule is a class with its metadata as class attributes (Fixit's shape) and one method,
`check(ctx)`, that yields Findings. The engine makes a fresh instance for every file
(actionlint's way), so a rule may keep state on `self` but never in a global. Rules never
print, read files or look at the environment: everything they know arrives in the
RuleContext, including the other files of the project, which the engine loads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Final, Generic, Protocol
from typing import TypeVar as _PlainTypeVar

from cslint.core.diagnostics import Finding, Severity, Span
from cslint.core.kinds import FileKind

if TYPE_CHECKING:
    from typing_extensions import TypeVar

    from cslint.core.suppress import SuppressionReport
else:

    def TypeVar(name: str, *constraints: Any, default: Any = None, **kw: Any) -> Any:
        """A TypeVar's default (PEP 696) serves type checkers only; at run time it would
        cost every start the import of typing_extensions, for nothing."""
        return _PlainTypeVar(name, *constraints, **kw)


T = _PlainTypeVar("T")
# What a rule reads: its file's parsed document (YamlDocument or DockerfileDocument) and
# its Options instance (None for a rule without options). A rule that names them,
# `check(self, ctx: RuleContext[YamlDocument, None])`, is checked by mypy --strict against
# what it reads; a bare `RuleContext` is `RuleContext[Any, Any]` (tests/test_rule_typing.py
# forbids it in rules). Covariant because rules only read the context: a helper taking
# `RuleContext[YamlDocument | DockerfileDocument, object]` accepts any rule's context.
DocT_co = TypeVar("DocT_co", default=Any, covariant=True)
OptT_co = TypeVar("OptT_co", default=Any, covariant=True)


class ParseProblem:
    """Why a file could not be (fully) parsed, at the parser's position."""

    __slots__ = ("message", "reason", "span")

    message: Final[str]
    span: Final[Span]
    reason: Final[str]  # "syntax" (CS001) or "unreadable" (CS005)

    def __init__(self, message: str, span: Span, reason: str = "syntax") -> None:
        self.message = message
        self.span = span
        self.reason = reason


class Valid:
    """An example the rule must accept. `files` are other files of the same project
    (relative path -> text), for rules that look across files."""

    __slots__ = ("filename", "files", "hadolint_differs", "options", "source")

    source: Final[str | bytes]  # bytes for examples about encodings
    filename: Final[str | None]
    files: Final[Mapping[str, str | bytes]]
    options: Final[Mapping[str, Any] | None]
    # Why hadolint answers this example differently on purpose (Dockerfile rules): the
    # hadolint oracle test checks that it really does, and the rule's page shows the reason.
    hadolint_differs: Final[str]

    def __init__(
        self,
        source: str | bytes,
        filename: str | None = None,
        files: Mapping[str, str | bytes] | None = None,
        options: Mapping[str, Any] | None = None,
        hadolint_differs: str = "",
    ) -> None:
        self.source = source
        self.filename = filename
        self.files = {} if files is None else files
        self.options = options
        self.hadolint_differs = hadolint_differs


class Invalid(Valid):
    """An example the rule must flag: `expect` lists `CODE@line:col` (1-based), exactly."""

    __slots__ = ("expect", "fixed")

    expect: Final[tuple[str, ...]]
    fixed: Final[str | None]  # the text after applying the rule's fixes, when fixable

    def __init__(
        self,
        source: str | bytes,
        filename: str | None = None,
        files: Mapping[str, str | bytes] | None = None,
        options: Mapping[str, Any] | None = None,
        hadolint_differs: str = "",
        expect: tuple[str, ...] = (),
        fixed: str | None = None,
    ) -> None:
        super().__init__(source, filename, files, options, hadolint_differs)
        self.expect = expect
        self.fixed = fixed


class FileSystem(Protocol):
    """Read access to the project's files, by POSIX path relative to the project root."""

    def exists(self, path: str) -> bool: ...

    def is_dir(self, path: str) -> bool: ...

    def is_file(self, path: str) -> bool: ...

    def read_bytes(self, path: str) -> bytes | None: ...

    def list_dir(self, path: str) -> list[str]: ...

    def inside_root(self, path: str) -> bool: ...


class ProjectFile:
    """Another file of the project, parsed the way the engine parses the file under check."""

    __slots__ = ("document", "kind", "path", "problems", "text")

    path: Final[str]  # relative to the project root, POSIX
    kind: Final[FileKind]
    text: Final[str | None]
    document: Final[Any]  # YamlDocument, DockerfileDocument, or None when it did not parse
    problems: Final[tuple[ParseProblem, ...]]

    def __init__(
        self,
        path: str,
        kind: FileKind,
        text: str | None,
        document: Any,
        problems: tuple[ParseProblem, ...] = (),
    ) -> None:
        self.path = path
        self.kind = kind
        self.text = text
        self.document = document
        self.problems = problems


class Project:
    """The files that sit together in one CodeShip project (the folder of the services and
    steps files). Parsed files are cached, so N rules asking for the services file cost
    one parse."""

    def __init__(
        self,
        root: str,
        fs: FileSystem,
        loader: Callable[[str, FileKind], ProjectFile | None],
    ) -> None:
        self.root = root
        self.fs = fs
        self._loader = loader
        self._cache: dict[tuple[str, FileKind], ProjectFile | None] = {}

    def load(self, path: str, kind: FileKind) -> ProjectFile | None:
        """The parsed file at `path` (relative to the root), or None if it does not exist."""
        key = (path, kind)
        if key not in self._cache:
            self._cache[key] = self._loader(path, kind) if self.fs.is_file(path) else None
        return self._cache[key]

    def forget(self) -> None:
        """Drop the parsed files, after one of them was rewritten."""
        self._cache.clear()

    def remember(self, parsed: ProjectFile) -> None:
        """Seed the cache with a file the engine has already parsed."""
        self._cache[(parsed.path, parsed.kind)] = parsed

    def services_file(self) -> ProjectFile | None:
        """The services file CodeShip would read: codeship-services.yml, else
        docker-compose.yml (format doc §1.1)."""
        from cslint.core.kinds import COMPOSE_FALLBACK_NAMES, SERVICES_NAMES

        for name in (*SERVICES_NAMES, *COMPOSE_FALLBACK_NAMES):
            found = self.load(name, FileKind.SERVICES)
            if found is not None:
                return found
        return None


class RuleContext(Generic[DocT_co, OptT_co]):
    """Everything a rule may know about the file under check."""

    __slots__ = (
        "_memo",
        "document",
        "kind",
        "options",
        "path",
        "problems",
        "project",
        "project_path",
        "running",
        "text",
        "unfinished",
    )

    path: str  # the path as the user gave it (for messages only)
    project_path: str  # the same file relative to the project root, POSIX
    kind: FileKind
    text: str | None
    # The parsed file; None only for the rules with `needs_document = False`.
    document: DocT_co
    problems: tuple[ParseProblem, ...]
    project: Project
    # The rule's Options instance; None is what a rule without Options gets.
    options: OptT_co
    # Set by a rule that could not do its check this time (ShellCheck timed out or ran out
    # of memory): the file's result is not stored in the result cache, so the next run
    # tries again instead of replaying the failure.
    unfinished: bool
    # The codes of the rules that check this file (CS390 asks ShellCheck for the style
    # levels only when CS391 is one of them).
    running: frozenset[str]
    _memo: dict[str, Any]

    def __init__(
        self,
        path: str,
        project_path: str,
        kind: FileKind,
        text: str | None,
        document: DocT_co,
        problems: tuple[ParseProblem, ...],
        project: Project,
        options: OptT_co = None,  # type: ignore[assignment]
        unfinished: bool = False,
        running: frozenset[str] = frozenset(),
    ) -> None:
        self.path = path
        self.project_path = project_path
        self.kind = kind
        self.text = text
        self.document = document
        self.problems = problems
        self.project = project
        self.options = options
        self.unfinished = unfinished
        self.running = running
        self._memo = {}

    def memo(self, key: str, factory: Callable[[], T]) -> T:
        """Compute a per-file value once and share it between rules (e.g. a model view)."""
        if key not in self._memo:
            self._memo[key] = factory()
        value: T = self._memo[key]
        return value


class Rule:
    """Base class of every rule. The docstring is the user documentation (Markdown) and
    must have the sections `## What it does`, `## Why is this bad?` and `## Example`."""

    code: ClassVar[str]  # "CS101"; never reused once released
    name: ClassVar[str]  # kebab-case slug, accepted wherever a code is
    summary: ClassVar[str]  # one line, for tables and SARIF
    targets: ClassVar[frozenset[FileKind]]
    default_severity: ClassVar[Severity] = Severity.ERROR
    # Opt-in rules (an opinion, not a mistake: version pinning, image size, style) are off
    # by default; `select` of their code, name or family prefix (CS3), or the `strict`
    # profile, turns them on. `opt_in` says why the rule is off, for `cslint rules` and docs.
    default_enabled: ClassVar[bool] = True
    opt_in: ClassVar[str] = ""
    # False only for rules that report on files that could not be parsed.
    needs_document: ClassVar[bool] = True
    fixable: ClassVar[bool] = False
    hadolint: ClassVar[tuple[str, ...]] = ()  # corresponding hadolint codes, e.g. ("DL3006",)
    # `.hadolint.yaml` settings this rule reads as options: (("label-schema", "label_schema"),).
    hadolint_settings: ClassVar[tuple[tuple[str, str], ...]] = ()
    # An off-by-default rule that needs settings (a label schema, trusted registries) runs
    # as soon as it has them, from `.cslint.yaml` `rules:` or from `.hadolint.yaml`.
    enabled_when_configured: ClassVar[bool] = False
    # Its findings point at secret values: reporters must not print those source lines.
    reveals_secrets: ClassVar[bool] = False
    # A class with defaults for every option and one slot per option, whose names are the
    # option names with `-` for `_` (make_options reads them from `__slots__`).
    Options: ClassVar[type | None] = None
    valid: ClassVar[tuple[Valid, ...]] = ()
    invalid: ClassVar[tuple[Invalid, ...]] = ()

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        raise NotImplementedError

    def after_suppression(
        self, ctx: RuleContext, report: SuppressionReport, ran: Sequence[type[Rule]]
    ) -> Iterator[Finding]:
        """Optional: findings about the suppression comments themselves, once the engine
        has applied them to the findings of the rules that `ran` (CS008)."""
        return iter(())

    @classmethod
    def prepare(cls, documents: Sequence[Any], running: frozenset[str] = frozenset()) -> None:
        """Optional: see the documents of the files this rule will check in the run, before
        any check, to start batched work early (ShellCheck runs in the background for all
        Dockerfiles while the rest is linted). The engine calls it as documents are parsed,
        so several times in a run, each time with documents not given before; `running`:
        the codes of the rules enabled for their kind. Like `check`, it never prints or
        reads files."""

    @classmethod
    def example_filename(cls) -> str:
        """The file name an example without one is checked as."""
        for kind, name in (
            (FileKind.SERVICES, "codeship-services.yml"),
            (FileKind.STEPS, "codeship-steps.yml"),
            (FileKind.DOCKERFILE, "Dockerfile"),
        ):
            if kind in cls.targets:
                return name
        return "codeship-services.yml"

    @classmethod
    def make_options(cls, given: Mapping[str, Any] | None) -> Any:
        """Build the Options instance from config values; raises ValueError naming the key."""
        if cls.Options is None:
            if given:
                raise ValueError(f"rule {cls.code} takes no options")
            return None
        known = option_names(cls.Options)
        values: dict[str, Any] = {}
        for key, value in (given or {}).items():
            attr = key.replace("-", "_")
            if attr not in known:
                allowed = ", ".join(sorted(known)) or "none"
                raise ValueError(
                    f"unknown option {key!r} for {cls.code}; expected one of {allowed}"
                )
            values[attr] = value
        return cls.Options(**values)


def option_names(options: type) -> tuple[str, ...]:
    """The fields of an Options class, its base's first: the slots of the classes it is
    made of."""
    return tuple(
        name for klass in reversed(options.__mro__) for name in klass.__dict__.get("__slots__", ())
    )
