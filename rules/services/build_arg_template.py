from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cslint.codeship.templates import BUILD_FIELDS, PUSH_ONLY_FIELDS, RENAMED, actions, balanced
from cslint.core.diagnostics import Finding, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.parsers.yamldoc import JsonPath, YamlDocument
from cslint.rules.services._common import services, text_of, value_text

BUILD_ARG_FIELDS = BUILD_FIELDS
# Documented for push steps; whether builds have it is UNCERTAIN.
_UNLISTED = frozenset({"CiName"})
_PUSH_ONLY = PUSH_ONLY_FIELDS - _UNLISTED


class BuildArgTemplate(Rule):
    """## What it does
    Checks the Go templates in `build.args` values (`{{ .Branch }}`): unbalanced `{{`
    `}}`, fields that are not template variables of builds (with the nearest one),
    push-only fields (`.StepName`, `.ServiceName`, `.ImageName`), and a template left
    unquoted, which YAML reads as a mapping. `.CiName` is documented for push steps only;
    for build arguments it is a warning (UNCERTAIN).

    ## Why is this bad?
    jet renders build arguments as Go templates over the build's CI variables (format
    doc §3.7). A misspelt field or a push-only one stops the build when the template is
    executed, and an unquoted `{{ .Branch }}` is not text at all.

    ## Example
    ```yaml
    app:
      build:
        context: .
        args:
          GIT_COMMIT: "{{ .Commit }}"
          BRANCH: {{ .Branch }}
    ```

    ## Use instead
    ```yaml
    app:
      build:
        context: .
        args:
          GIT_COMMIT: "{{ .CommitID }}"
          BRANCH: "{{ .Branch }}"
    ```
    """

    code = "CS118"
    name = "build-arg-template"
    summary = "a build argument template that jet cannot render"
    targets = frozenset({FileKind.SERVICES})
    default_severity = Severity.ERROR
    valid = (
        Valid(
            'app:\n  build:\n    args:\n      SHA: "{{ .CommitID }}"\n'
            "      WHEN: '{{ .Time.Format \"2006\" }}'\n"
        ),
    )
    invalid = (
        Invalid(
            'app:\n  build:\n    args:\n      SHA: "{{ .Commit }}"\n      BRANCH: {{ .Branch }}\n'
            '      NAME: "{{ .ServiceName }}"\n      BAD: "{{ .Branch"\n',
            expect=("CS118@4:12", "CS118@5:15", "CS118@6:13", "CS118@7:12"),
        ),
        Invalid(
            "app:\n  build:\n    args:\n      - TAG={{ .Brnch }}\n",
            expect=("CS118@4:9",),
        ),
    )

    def check(self, ctx: RuleContext[YamlDocument, None]) -> Iterator[Finding]:
        doc = ctx.document
        for entry in services(ctx):
            build = entry.mapping.get("build")
            args = build.get("args") if isinstance(build, dict) else None
            items: list[tuple[JsonPath, Any]] = []
            if isinstance(args, dict):
                items = [((*entry.path, "build", "args", k), v) for k, v in args.items()]
            elif isinstance(args, list):
                items = [((*entry.path, "build", "args", i), v) for i, v in enumerate(args)]
            for path, value in items:
                span = doc.value_span(path)
                if isinstance(value, dict):
                    written = text_of(ctx.text or "", span) if span.line == span.end_line else ""
                    if "{" in written or not written:
                        yield Finding(
                            span,
                            f"the build argument {path[-1]!r} is an unquoted template, which "
                            f'YAML reads as a mapping; quote it: "{written or "{{ ... }}"}"',
                        )
                    continue
                text = value_text(value)
                if text is None or ("{{" not in text and "}}" not in text):
                    continue
                for message, severity in template_problems(text):
                    yield Finding(span, message, severity=severity)


def template_problems(text: str) -> list[tuple[str, Severity | None]]:
    problems: list[tuple[str, Severity | None]] = []
    if not balanced(text):
        problems.append((f"in the build argument {text!r}, '{{{{' and '}}}}' are unbalanced", None))
    for action in actions(text):
        for name in action.fields:
            if name in BUILD_ARG_FIELDS:
                continue
            if name in _PUSH_ONLY:
                problems.append(
                    (f"'.{name}' is a template variable of push steps, not of builds", None)
                )
            elif name in _UNLISTED:
                unsure = (
                    f"'.{name}' is documented for push steps only; whether builds have it is "
                    "uncertain, so write the text 'codeship' instead"
                )
                problems.append((unsure, Severity.WARNING))
            else:
                import difflib  # for the suggestion only: not at every start

                near = RENAMED.get(name) or next(
                    iter(difflib.get_close_matches(name, sorted(BUILD_ARG_FIELDS), n=1)), None
                )
                hint = f"; did you mean '.{near}'?" if near else ""
                problems.append((f"'.{name}' is not a template variable of builds{hint}", None))
    return problems
