from __future__ import annotations

import re
from collections.abc import Iterator

from cslint.codeship.steps_model import steps_model
from cslint.codeship.templates import PUSH_FIELDS, RENAMED, actions, balanced
from cslint.core.diagnostics import Finding, Severity, Span
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.parsers.yamldoc import YamlDocument
from cslint.rules.steps._common import q

TEMPLATE_FIELDS = PUSH_FIELDS
_BARE_WORD = re.compile(r"^\s*-?\s*([A-Za-z_]\w*)\s*-?\s*$")


def template_problems(text: str) -> list[str]:
    problems: list[str] = []
    if not balanced(text):
        problems.append("its '{{' and '}}' are unbalanced; every '{{' needs a closing '}}'")
    for action in actions(text):
        if action.body.startswith("/*"):
            continue  # a template comment
        if not action.body:
            problems.append("'{{ }}' is empty; write a variable such as '{{ .Branch }}'")
            continue
        bare = _BARE_WORD.match(action.body)
        if bare is not None and _known(bare.group(1)):
            name = _known(bare.group(1))
            problems.append(f"'{bare.group(1)}' needs a leading dot: write '{{{{ .{name} }}}}'")
            continue
        for name in action.fields:
            if name in TEMPLATE_FIELDS:
                continue
            if name in RENAMED:
                problems.append(f"'.{name}' was renamed '.{RENAMED[name]}' (jet 0.7.10)")
                continue
            import difflib  # only once a field is unknown

            suggestion = _known(name) or next(
                iter(difflib.get_close_matches(name, sorted(TEMPLATE_FIELDS), n=1)), None
            )
            hint = f"; did you mean '.{suggestion}'?" if suggestion else ""
            problems.append(f"'.{name}' is not a template variable of push steps{hint}")
    return problems


def _known(word: str) -> str | None:
    """The field `word` names, ignoring case, if any."""
    return next((f for f in TEMPLATE_FIELDS if f.lower() == word.lower()), None)


def _source(doc: YamlDocument, span: Span) -> str:
    lines = doc.text.splitlines()
    if span.line != span.end_line or span.line > len(lines):
        return ""
    return lines[span.line - 1][span.col - 1 : span.end_col - 1]


class ImageTagTemplate(Rule):
    """## What it does
    Checks the Go template in a push step's `image_tag`: variables that jet does not
    provide (the fields are listed in format doc §3.7: `.Branch`, `.CommitID`,
    `.BuildID`, `.Timestamp`, ...; `.Commit` was renamed `.CommitID`), a field written
    without its dot (`{{ Branch }}`), empty `{{ }}`, unbalanced `{{`/`}}`, and an unquoted
    `image_tag: {{ .CommitID }}`, which YAML reads as a mapping, not as text.

    ## Why is this bad?
    Go's `text/template` fails on an unknown field or function, and an unbalanced or
    unquoted template is not a template at all: the push step fails or pushes a tag
    nobody expects, at the end of an otherwise green build.

    ## Example
    ```yaml
    - type: push
      service: app
      image_name: acme/app
      image_tag: "{{ .branch }}-{{ .Commit }}"
    ```

    ## Use instead
    ```yaml
    - type: push
      service: app
      image_name: acme/app
      image_tag: "{{ .Branch }}-{{ .CommitID }}"
    ```
    """

    code = "CS213"
    name = "image-tag-template"
    summary = "an image_tag template is malformed or uses an unknown variable"
    targets = frozenset({FileKind.STEPS})
    default_severity = Severity.ERROR
    valid = (
        Valid(
            "- type: push\n  service: app\n  image_name: a/b\n"
            "  image_tag: '{{ .Branch }}-{{ .Time.Format \"20060102\" }}'\n"
        ),
        Valid("- type: push\n  service: app\n  image_name: a/b\n  image_tag: 9.6\n"),
    )
    invalid = (
        Invalid(
            "- type: push\n  service: app\n  image_name: a/b\n  image_tag: '{{ .Brnch }}'\n",
            expect=("CS213@4:14",),
        ),
        Invalid(
            "- type: push\n  service: app\n  image_name: a/b\n  image_tag: {{ .CommitID }}\n",
            expect=("CS213@4:14",),
        ),
        Invalid(
            "- type: push\n  service: app\n  image_name: a/b\n  image_tag: v-{{.Branch}\n",
            expect=("CS213@4:14",),
        ),
    )

    def check(self, ctx: RuleContext[YamlDocument, None]) -> Iterator[Finding]:
        doc: YamlDocument = ctx.document
        for step in steps_model(ctx).steps:
            if "image_tag" not in step.data:
                continue
            path = (*step.path, "image_tag")
            value = step.data["image_tag"]
            span = doc.value_span(path)
            if isinstance(value, dict):
                written = _source(doc, span) or "{{ ... }}"
                yield Finding(
                    span,
                    f"'image_tag' is an unquoted {q(written)}, which YAML reads as a mapping, "
                    f'not as a template; quote it: image_tag: "{written}"',
                )
                continue
            if not isinstance(value, str):
                continue
            for problem in template_problems(value):
                yield Finding(span, f"in 'image_tag' {q(value)}, {problem}")
