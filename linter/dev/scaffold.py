"""Write a new rule: its module (docstring sections, valid and invalid examples, a check
that already finds what its examples show), its docs page and index row, a fixture, and
its place in the family's registry tuple, at the place its code sorts to.

The registry file is edited with libcst, which keeps every other byte of it (comments,
blank lines, trailing commas) as it was; ruff's import order is kept by inserting the
import among the family's imports at its sorted place.
"""

from __future__ import annotations

import keyword
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import libcst as cst
from libcst.codemod import CodemodContext, VisitorBasedCodemodCommand


class ScaffoldError(Exception):
    """A rule cannot be written as asked; one line for the contributor."""


@dataclass(frozen=True, slots=True)
class Family:
    low: int
    high: int
    kind: str  # the FileKind member the rule targets
    registry: str  # the tuple in rules/<family>/__init__.py


FAMILIES = {
    "services": Family(100, 199, "SERVICES", "SERVICES_RULES"),
    "steps": Family(200, 299, "STEPS", "STEPS_RULES"),
    "dockerfile": Family(300, 399, "DOCKERFILE", "DOCKERFILE_RULES"),
}

_CODE = re.compile(r"CS(\d{3})")
_NAME = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_DEFINED_CODE = re.compile(r'^\s+code = "(CS\d{3})"', re.MULTILINE)
_DEFINED_NAME = re.compile(r'^\s+name = "([a-z0-9-]+)"', re.MULTILINE)


def new_rule(root: Path, code: str, name: str, family_name: str) -> list[Path]:
    """Write the rule; returns the files written or changed, registry last."""
    family = FAMILIES.get(family_name)
    if family is None:
        raise ScaffoldError(
            f"no template for family {family_name!r}; choose one of {', '.join(FAMILIES)}"
        )
    match = _CODE.fullmatch(code)
    if match is None:
        raise ScaffoldError(f"{code!r} is not a rule code like CS119")
    if not family.low <= int(match.group(1)) <= family.high:
        raise ScaffoldError(
            f"{code} is outside the {family_name} range CS{family.low}-CS{family.high}"
        )
    if _NAME.fullmatch(name) is None:
        raise ScaffoldError(f"{name!r} is not a kebab-case rule name like secret-in-environment")
    package = root / "rules" / family_name
    registry = package / "__init__.py"
    if not registry.is_file():
        raise ScaffoldError(f"{registry} does not exist: is {root} a cslint checkout?")
    _check_free(root / "rules", code, name)
    module_name = name.replace("-", "_")
    if keyword.iskeyword(module_name):
        raise ScaffoldError(f"{name!r} makes the module name {module_name!r}, a keyword")
    module = package / f"{module_name}.py"
    if module.exists():
        raise ScaffoldError(f"{module} already exists")
    class_name = "".join(part.capitalize() for part in name.split("-"))

    text = render_module(family_name, code, name, class_name)
    codes = _family_codes(package)
    codes[class_name] = code
    dotted = f"cslint.rules.{family_name}.{module_name}"
    source = registry.read_text(encoding="utf-8")
    updated = add_to_registry(source, family, dotted, class_name, codes)
    page, row = _docs_of(text, module, dotted, class_name)
    docs = root / "docs" / "rules"
    index = docs / "README.md"
    indexed = insert_index_row(index.read_text(encoding="utf-8"), code, row)
    fixture_file = root / "tests" / "rules" / "fixtures" / code / _FIXTURE_NAMES[family_name]
    # Everything is computed: now write, the registry last.
    module.write_text(text, encoding="utf-8")
    (docs / f"{code}.md").write_text(page, encoding="utf-8")
    index.write_text(indexed, encoding="utf-8")
    fixture_file.parent.mkdir(parents=True, exist_ok=True)
    fixture_file.write_text(_fixture(family_name, code, module_name), encoding="utf-8")
    registry.write_text(updated, encoding="utf-8")
    return [module, docs / f"{code}.md", index, fixture_file, registry]


def _check_free(rules: Path, code: str, name: str) -> None:
    for path in rules.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if code in _DEFINED_CODE.findall(text):
            raise ScaffoldError(f"{code} is taken by {path}")
        if name in _DEFINED_NAME.findall(text):
            raise ScaffoldError(f"the name {name!r} is taken by {path}")


def _family_codes(package: Path) -> dict[str, str]:
    """Class name -> code, for every rule class of the family (read, not imported)."""
    out: dict[str, str] = {}
    for path in package.glob("*.py"):
        tree = cst.parse_module(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, cst.ClassDef):
                found = _DEFINED_CODE.search(tree.code_for_node(node))
                if found:
                    out[node.name.value] = found.group(1)
    return out


# -- the registry ------------------------------------------------------------------------


class AddRuleToRegistry(VisitorBasedCodemodCommand):
    """Insert `from <module> import <Class>` among the family's imports, and `<Class>` into
    the registry tuple, each at its sorted place (imports by module, rules by code); the
    new element copies the whitespace and comma of the element before it."""

    DESCRIPTION = "Add a rule class to its family's registry tuple."

    def __init__(
        self,
        context: CodemodContext,
        registry: str,
        module: str,
        class_name: str,
        codes: dict[str, str],
    ) -> None:
        super().__init__(context)
        self.registry = registry
        self.rule_module = module
        self.class_name = class_name
        self.codes = codes
        self.added_import = False
        self.added_element = False

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        body = list(updated_node.body)
        prefix = self.rule_module.rsplit(".", 1)[0] + "."
        family_imports: list[tuple[int, str]] = []
        for i, statement in enumerate(body):
            if isinstance(statement, cst.SimpleStatementLine):
                first = statement.body[0]
                if isinstance(first, cst.ImportFrom) and _dotted(first.module).startswith(prefix):
                    family_imports.append((i, _dotted(first.module)))
        new = cst.parse_statement(f"from {self.rule_module} import {self.class_name}\n")
        position = next(
            (i for i, module in family_imports if module > self.rule_module),
            family_imports[-1][0] + 1 if family_imports else 0,
        )
        body.insert(position, new)
        self.added_import = True
        return updated_node.with_changes(body=body)

    def leave_AnnAssign(
        self, original_node: cst.AnnAssign, updated_node: cst.AnnAssign
    ) -> cst.AnnAssign:
        target = updated_node.target
        if not (isinstance(target, cst.Name) and target.value == self.registry):
            return updated_node
        value = updated_node.value
        if not isinstance(value, cst.Tuple):
            return updated_node
        return updated_node.with_changes(value=self._insert(value))

    def _insert(self, value: cst.Tuple) -> cst.Tuple:
        elements = list(value.elements)
        code = self.codes[self.class_name]
        index = len(elements)
        for i, element in enumerate(elements):
            name = element.value.value if isinstance(element.value, cst.Name) else None
            if name is not None and self.codes.get(name, "") > code:
                index = i
                break
        # A comma that ends a line of the tuple: the model for the new element's own line.
        model = next(
            (
                e.comma
                for e in elements
                if isinstance(e.comma, cst.Comma)
                and isinstance(e.comma.whitespace_after, cst.ParenthesizedWhitespace)
            ),
            None,
        )
        if model is None:
            raise ScaffoldError(f"{self.registry} is not written one rule per line")
        # Where the neighbours carry `# CSxxx` comments, the new line carries its own.
        tagged = any(_comment_of(e.comma) for e in elements if isinstance(e.comma, cst.Comma))
        comment = f"# {code}" if tagged else None
        self.added_element = True
        if index < len(elements):
            new = cst.Element(cst.Name(self.class_name), comma=_line_comma(model, comment))
            elements.insert(index, new)
            return value.with_changes(elements=elements)
        # Last: the old last element's line ending (in the closing paren) moves to its
        # comma, and the closing paren gets the new element's.
        closing = value.rpar[0]
        ending = closing.whitespace_before
        last = elements[-1]
        indent = model.whitespace_after
        if isinstance(ending, cst.ParenthesizedWhitespace) and isinstance(
            indent, cst.ParenthesizedWhitespace
        ):
            own = model.with_changes(
                whitespace_after=indent.with_changes(first_line=ending.first_line, empty_lines=[])
            )
            elements[-1] = last.with_changes(comma=own)
            tail = cst.Comma() if isinstance(last.comma, cst.Comma) else cst.MaybeSentinel.DEFAULT
            elements.append(cst.Element(cst.Name(self.class_name), comma=tail))
            first = _trailing(comment, ending.first_line.newline)
            rpar = closing.with_changes(whitespace_before=ending.with_changes(first_line=first))
            return value.with_changes(elements=elements, rpar=[rpar])
        raise ScaffoldError(f"{self.registry} does not end with its closing paren on a line")


def _dotted(node: cst.BaseExpression | None) -> str:
    """`a.b.c` of an import's module expression."""
    parts: list[str] = []
    while isinstance(node, cst.Attribute):
        parts.insert(0, node.attr.value)
        node = node.value
    if isinstance(node, cst.Name):
        parts.insert(0, node.value)
    return ".".join(parts)


def _comment_of(comma: cst.Comma) -> str | None:
    ws = comma.whitespace_after
    if isinstance(ws, cst.ParenthesizedWhitespace) and ws.first_line.comment is not None:
        return ws.first_line.comment.value
    return None


def _trailing(comment: str | None, newline: cst.Newline) -> cst.TrailingWhitespace:
    if comment is None:
        return cst.TrailingWhitespace(newline=newline)
    return cst.TrailingWhitespace(
        whitespace=cst.SimpleWhitespace("  "), comment=cst.Comment(comment), newline=newline
    )


def _line_comma(model: cst.Comma, comment: str | None) -> cst.Comma:
    ws = model.whitespace_after
    assert isinstance(ws, cst.ParenthesizedWhitespace)
    return model.with_changes(
        whitespace_after=ws.with_changes(
            first_line=_trailing(comment, ws.first_line.newline), empty_lines=[]
        )
    )


def add_to_registry(
    source: str, family: Family, module: str, class_name: str, codes: dict[str, str]
) -> str:
    context = CodemodContext()
    command = AddRuleToRegistry(context, family.registry, module, class_name, codes)
    result = command.transform_module(cst.parse_module(source))
    if not command.added_element:
        raise ScaffoldError(f"found no tuple {family.registry} to add {class_name} to")
    return result.code


# -- docs ---------------------------------------------------------------------------------


def _docs_of(text: str, path: Path, module: str, class_name: str) -> tuple[str, str]:
    """The rule's docs page and its index row, rendered from the module's text by the
    same code as `python -m cslint.core.ruledocs`."""
    import types

    from cslint.core.ruledocs import BANNER, index_row, rule_markdown

    loaded = types.ModuleType(module)
    loaded.__file__ = str(path)
    sys.modules[module] = loaded
    try:
        # The text is the module this tool just rendered, run to render its docs page.
        exec(compile(text, str(path), "exec"), loaded.__dict__)  # noqa: S102
        rule: Any = getattr(loaded, class_name)
        page = BANNER + rule_markdown(rule)
    finally:
        del sys.modules[module]
    return page, index_row(rule)


def insert_index_row(index: str, code: str, row: str) -> str:
    lines = index.split("\n")
    rows = [i for i, line in enumerate(lines) if line.startswith("| [CS")]
    position = next((i for i in rows if lines[i][3:8] > code), rows[-1] + 1 if rows else len(lines))
    lines.insert(position, row)
    return "\n".join(lines)


# -- templates ----------------------------------------------------------------------------

_FIXTURE_NAMES = {
    "services": "codeship-services.yml",
    "steps": "codeship-steps.yml",
    "dockerfile": "Dockerfile",
}


def _fixture(family: str, code: str, marker: str) -> str:
    if family == "services":
        return f"app:\n  image: ruby\n  {marker}: true # expect: {code}@3\n"
    if family == "steps":
        return f"- service: app\n  command: rake\n  {marker}: true # expect: {code}@3\n"
    return f"FROM alpine:3.20\n# expect-next-line: {code}@1\nLABEL {marker}=true\n"


_HEADER = """from __future__ import annotations

from collections.abc import Iterator

from cslint.core.diagnostics import Finding, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
"""

# The document type a generated rule names in `RuleContext[...]`, so mypy --strict checks
# the check against what it reads from its first line (tests/test_rule_typing.py).
_DOCUMENT = {
    "services": "YamlDocument",
    "steps": "YamlDocument",
    "dockerfile": "DockerfileDocument",
}
_DOCUMENT_IMPORT = {
    "YamlDocument": "from cslint.parsers.yamldoc import YamlDocument\n",
    "DockerfileDocument": "from cslint.parsers.dockerfile import DockerfileDocument\n",
}

_WHAT = {
    "services": ("a service key named `{marker}`", "yaml", "app:\n  image: ruby\n  {marker}: true\n",
                 "app:\n  image: ruby\n"),
    "steps": ("a step key named `{marker}`", "yaml",
              "- service: app\n  command: rake\n  {marker}: true\n",
              "- service: app\n  command: rake\n"),
    "dockerfile": ("a `LABEL {marker}=...`", "dockerfile",
                   "FROM alpine:3.20\nLABEL {marker}=true\n", "FROM alpine:3.20\n"),
}  # fmt: skip

_CHECKS = {
    "services": """    def check(self, ctx: RuleContext[{document}, None]) -> Iterator[Finding]:
        for entry in services(ctx):
            if "{marker}" in entry.mapping:
                yield Finding(
                    ctx.document.span((*entry.path, "{marker}")),
                    "'{marker}' is reported by the template of {code}; "
                    "write the real check",
                )
""",
    "steps": """    def check(self, ctx: RuleContext[{document}, None]) -> Iterator[Finding]:
        for step in steps_model(ctx).steps:
            if "{marker}" in step.data:
                yield Finding(
                    ctx.document.span((*step.path, "{marker}")),
                    "'{marker}' is reported by the template of {code}; "
                    "write the real check",
                )
""",
    "dockerfile": """    def check(self, ctx: RuleContext[{document}, None]) -> Iterator[Finding]:
        for instr in ctx.document.instructions:
            if instr.cmd == "LABEL" and any(a.split("=")[0] == "{marker}" for a in instr.args):
                yield Finding(
                    instr.keyword_span or instr.span,
                    "'{marker}' is reported by the template of {code}; "
                    "write the real check",
                )
""",
}
_IMPORTS = {
    "services": "from cslint.rules.services._common import services\n",
    "steps": "from cslint.codeship.steps_model import steps_model\n",
    "dockerfile": "",
}


def _indent(text: str, prefix: str) -> str:
    return "".join(prefix + line if line.strip() else line for line in text.splitlines(True))


def render_module(family: str, code: str, name: str, class_name: str) -> str:
    marker = name.replace("-", "_")
    what, lang, bad, good = (part.format(marker=marker) for part in _WHAT[family])
    filename = ', filename="Dockerfile"' if family == "dockerfile" else ""
    line = bad.count("\n")
    column = 1 if family == "dockerfile" else 3
    document = _DOCUMENT[family]
    imports = _IMPORTS[family]
    header = _HEADER + _DOCUMENT_IMPORT[document]
    if imports.startswith("from cslint.codeship"):
        header = header.replace(
            "from cslint.core.diagnostics", imports + "from cslint.core.diagnostics"
        )
    else:
        header += imports
    return f'''{header}

class {class_name}(Rule):
    """## What it does
    Reports {what}.
    (Written by `python -m cslint.dev new-rule`: replace this paragraph, the
    examples and the check with what {code} is for.)

    ## Why is this bad?
    Say what goes wrong in a CodeShip build, and cite the format doc section it rests on.

    ## Example
    ```{lang}
{_indent(bad, "    ")}    ```

    ## Use instead
    ```{lang}
{_indent(good, "    ")}    ```
    """

    code = "{code}"
    name = "{name}"
    summary = "{what.replace("`", "'")}"
    targets = frozenset({{FileKind.{FAMILIES[family].kind}}})
    default_severity = Severity.WARNING
    valid = (Valid({good!r}{filename}),)
    invalid = (
        Invalid(
            {bad!r}{filename},
            expect=("{code}@{line}:{column}",),
        ),
    )

{_CHECKS[family].format(marker=marker, code=code, document=document)}'''
