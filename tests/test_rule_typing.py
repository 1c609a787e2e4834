"""`RuleContext[Document, Options]`: mypy --strict checks a rule against what it reads.

Three layers: every rule of every family names its document and options types, matching
its targets and its `Options` (an annotation test, fast); no module under rules/ takes a
bare `RuleContext` (which is `RuleContext[Any, Any]`, unchecked); and for real rules of
each family, and for the rules `python -m cslint.dev new-rule` writes, a copy of the
source with one wrong read added fails mypy --strict on that line, while the same copy
with a right read passes.
"""

from __future__ import annotations

import ast
import inspect
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from cslint.core.kinds import FileKind
from cslint.core.rule import Rule
from cslint.rules import all_rules
from tests.test_quality import REPO, _shadow_package

_RULE = """
from collections.abc import Iterator

from cslint.core.diagnostics import Finding
from cslint.core.rule import RuleContext
from cslint.parsers.yamldoc import YamlDocument


def check(ctx: RuleContext[YamlDocument, None]) -> Iterator[Finding]:
    for instr in ctx.document.{attribute}:
        yield Finding(ctx.document.span(()), str(instr))
"""

_S, _T, _D = FileKind.SERVICES, FileKind.STEPS, FileKind.DOCKERFILE


def _mypy(root: Path, *files: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent",
         "--cache-dir", str(REPO / ".mypy_cache"), *files],
        cwd=root, capture_output=True, text=True, check=False,
    )  # fmt: skip


@pytest.mark.slow
def test_a_rule_reading_what_its_document_lacks_fails_mypy(tmp_path: Path) -> None:
    pytest.importorskip("mypy")
    _shadow_package(tmp_path)
    (tmp_path / "probe.py").write_text(_RULE.format(attribute="instructions"), encoding="utf-8")
    wrong = _mypy(tmp_path, "probe.py")  # a DockerfileDocument's, not a YAML one's
    assert wrong.returncode == 1
    assert '"YamlDocument" has no attribute "instructions"' in wrong.stdout
    (tmp_path / "probe.py").write_text(_RULE.format(attribute="index"), encoding="utf-8")
    right = _mypy(tmp_path, "probe.py")
    assert right.returncode == 0, right.stdout


# -- every rule names what it reads ---------------------------------------------------


def _expected_document(rule: type[Rule]) -> set[str]:
    """The document types a rule's context must name: what the engine hands it."""
    kinds = set(rule.targets)
    names: set[str] = set()
    if kinds & {_S, _T}:
        names.add("YamlDocument")
    if _D in kinds:
        names.add("DockerfileDocument")
    if not rule.needs_document or not kinds:
        names.add("None")  # run on files that did not parse, or never run on a file
    return names


def _union(node: ast.expr) -> set[str]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _union(node.left) | _union(node.right)
    if isinstance(node, ast.Constant) and node.value is None:
        return {"None"}
    return {ast.unparse(node)}


def _ctx_annotation(rule: type[Rule]) -> str:
    annotation = inspect.signature(rule.check, eval_str=False).parameters["ctx"].annotation
    return annotation if isinstance(annotation, str) else repr(annotation)


@pytest.mark.parametrize("rule", all_rules(), ids=lambda rule: rule.code)
def test_every_rule_names_its_document_and_options(rule: type[Rule]) -> None:
    written = _ctx_annotation(rule)
    node = ast.parse(written, mode="eval").body
    assert isinstance(node, ast.Subscript) and ast.unparse(node.value) == "RuleContext", (
        f"{rule.code}: check(ctx: {written}) must be RuleContext[Document, Options]"
    )
    assert isinstance(node.slice, ast.Tuple) and len(node.slice.elts) == 2, written
    document, options = node.slice.elts
    assert _union(document) == _expected_document(rule), (
        f"{rule.code} checks {sorted(k.value for k in rule.targets)} files: "
        f"RuleContext[{' | '.join(sorted(_expected_document(rule)))}, ...], not {written}"
    )
    wanted = "None" if rule.Options is None else rule.Options.__name__
    assert ast.unparse(options) == wanted, f"{rule.code}: options {ast.unparse(options)}"


def _bare_in(annotation: ast.expr, line: int) -> list[int]:
    subscripted = {id(sub.value) for sub in ast.walk(annotation) if isinstance(sub, ast.Subscript)}
    bare: list[int] = []
    for sub in ast.walk(annotation):
        if isinstance(sub, ast.Constant) and isinstance(sub.value, str):  # "RuleContext"
            bare += _bare_in(ast.parse(sub.value, mode="eval").body, line)
        elif isinstance(sub, ast.Name) and sub.id == "RuleContext" and id(sub) not in subscripted:
            bare.append(line)
    return bare


def _bare_contexts(tree: ast.AST) -> list[int]:
    """Lines where `RuleContext` is an annotation (or part of one) without its types."""
    bare: list[int] = []
    for node in ast.walk(tree):
        annotation: ast.expr | None = None
        if isinstance(node, ast.arg | ast.AnnAssign):
            annotation = node.annotation
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            annotation = node.returns
        if annotation is not None:
            bare += _bare_in(annotation, annotation.lineno)
    return bare


def test_no_rule_module_takes_a_bare_rule_context() -> None:
    found = [
        f"{path.relative_to(REPO)}:{line}"
        for path in sorted((REPO / "rules").rglob("*.py"))
        for line in _bare_contexts(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert found == [], "RuleContext without [Document, Options] (unchecked Any): " + str(found)


def test_the_bare_context_finder_finds_one() -> None:
    planted = "def helper(ctx: RuleContext, other: RuleContext[YamlDocument, None]) -> None: ..."
    assert _bare_contexts(ast.parse(planted)) == [1]
    assert _bare_contexts(ast.parse("def f(ctx: 'RuleContext') -> None: ...")) == [1]


# -- mypy rejects a wrong read in real rules of each family -----------------------------


def _module_source(rule: type[Rule]) -> str:
    source = inspect.getsourcefile(rule)
    assert source is not None
    return Path(source).read_text(encoding="utf-8")


def _with_read(source: str, class_name: str, read: str) -> tuple[str, int]:
    """The module with `read` as the first statement of `class_name.check`, and its line."""
    tree = ast.parse(source)
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == class_name)
    check = next(n for n in cls.body if isinstance(n, ast.FunctionDef) and n.name == "check")
    first = check.body[0]
    lines = source.split("\n")
    indent = " " * first.col_offset
    lines.insert(first.lineno - 1, f"{indent}_probe = {read}  # planted by test_rule_typing")
    return "\n".join(lines), first.lineno


# (family, the rule, a read its document or options lack + mypy's words, a right read)
_PROBES: list[tuple[str, Callable[[], type[Rule]], str, str, str]] = []


def _rule(module: str, name: str) -> Callable[[], type[Rule]]:
    def load() -> type[Rule]:
        rule: type[Rule] = getattr(__import__(module, fromlist=[name]), name)
        return rule

    return load


_PROBES = [
    ("core", _rule("cslint.rules.core.duplicate_key", "DuplicateKey"),
     "ctx.document.instructions", '"YamlDocument" has no attribute "instructions"',
     "ctx.document.duplicates"),
    # A rule that also runs on files that did not parse: its document may be None.
    ("core", _rule("cslint.rules.core.syntax_error", "SyntaxError_"),
     "ctx.document.index", 'Item "None" of', "ctx.problems"),
    ("services", _rule("cslint.rules.services.credential_in_file", "CredentialInFile"),
     "ctx.document.stages", '"YamlDocument" has no attribute "stages"', "ctx.document.index"),
    ("steps", _rule("cslint.rules.steps.step_without_service", "StepWithoutService"),
     "ctx.options.label_schema", '"None" has no attribute "label_schema"',
     "ctx.document.data"),
    ("dockerfile", _rule("cslint.rules.dockerfile.hygiene", "SecretInArgOrEnv"),
     "ctx.document.index", '"DockerfileDocument" has no attribute "index"',
     "ctx.document.instructions"),
    ("dockerfile", _rule("cslint.rules.dockerfile.labels", "LabelMissing"),
     "ctx.options.trusted_registries",
     '"LabelSchemaOptions" has no attribute "trusted_registries"',
     "ctx.options.label_schema"),
    ("build", _rule("cslint.rules.build.images", "DependencyWithoutHealthcheck"),
     "ctx.document.instructions", '"YamlDocument" has no attribute "instructions"',
     "ctx.document.data"),
    ("build", _rule("cslint.rules.build.args", "ArgWithoutValue"),
     "ctx.document.data", '"DockerfileDocument" has no attribute "data"',
     "ctx.document.stages"),
    ("project", _rule("cslint.rules.project.unknown_step_service", "UnknownStepService"),
     "ctx.document.stages", '"YamlDocument" has no attribute "stages"', "ctx.document.data"),
]  # fmt: skip


def _scaffold_probes() -> list[tuple[str, str, str, str, str]]:
    """(label, module text, class, wrong read + words, right read) for new-rule's output."""
    from cslint.dev.scaffold import render_module

    return [
        ("new-rule services", render_module("services", "CS198", "probe-a", "ProbeA"), "ProbeA",
         "ctx.document.instructions", '"YamlDocument" has no attribute "instructions"'),
        ("new-rule steps", render_module("steps", "CS298", "probe-b", "ProbeB"), "ProbeB",
         "ctx.options.label_schema", '"None" has no attribute "label_schema"'),
        ("new-rule dockerfile", render_module("dockerfile", "CS398", "probe-c", "ProbeC"),
         "ProbeC", "ctx.document.data", '"DockerfileDocument" has no attribute "data"'),
    ]  # fmt: skip


@pytest.mark.slow
def test_mypy_rejects_a_wrong_read_in_a_rule_of_every_family(tmp_path: Path) -> None:
    pytest.importorskip("mypy")
    _shadow_package(tmp_path)
    wrong: dict[str, tuple[int, str]] = {}  # file -> (line, mypy's words)
    right: list[str] = []
    cases = [
        (family, _module_source(load()), load().__name__, bad, words, good)
        for family, load, bad, words, good in _PROBES
    ] + [
        (label, text, cls, bad, words, "ctx.document")
        for label, text, cls, bad, words in _scaffold_probes()
    ]
    assert {case[0] for case in cases} >= {
        "core", "services", "steps", "dockerfile", "build", "project"
    }  # fmt: skip
    for number, (_label, source, class_name, bad, words, good) in enumerate(cases):
        text, line = _with_read(source, class_name, bad)
        name = f"probe_{number}_wrong.py"
        (tmp_path / name).write_text(text, encoding="utf-8")
        wrong[name] = (line, words)
        text, _ = _with_read(source, class_name, good)
        name = f"probe_{number}_right.py"
        (tmp_path / name).write_text(text, encoding="utf-8")
        right.append(name)
    result = _mypy(tmp_path, *wrong, *right)
    errors: dict[str, list[tuple[int, str]]] = {}
    for match in re.finditer(r"^(probe_\w+\.py):(\d+): error: (.*)$", result.stdout, re.MULTILINE):
        errors.setdefault(match[1], []).append((int(match[2]), match[3]))
    for name in right:
        assert name not in errors, (name, errors[name])
    for name, (line, words) in wrong.items():
        assert [(at, said) for at, said in errors.get(name, []) if at == line and words in said], (
            name, line, words, errors.get(name),
        )  # fmt: skip
        assert all(at == line for at, _ in errors[name]), errors[name]
