from __future__ import annotations

from collections.abc import Iterator

from cslint.codeship.steps_model import steps_model
from cslint.codeship.tags import compile_re2, is_regex
from cslint.core.diagnostics import Finding, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.parsers.yamldoc import YamlDocument
from cslint.rules.steps._common import q

_HINTS = (
    ("(?=", "RE2 has no lookahead; use 'exclude' to leave names out"),
    ("(?!", "RE2 has no negative lookahead; use 'exclude' to leave names out"),
    ("(?<", "RE2 has no lookbehind"),
    ("invalid escape sequence: \\", "RE2 has no backreferences"),
)


class InvalidTagRegex(Rule):
    """## What it does
    Compiles every `tag` and `exclude` value that is a regular expression (one that
    contains `^` or `$`, format doc §3.4) with RE2, the engine of Go's `regexp` that
    CodeShip uses, and reports the ones that do not compile: lookahead and lookbehind
    (`(?!...)`, `(?<=...)`), backreferences (`\\1`), bad ranges, unbalanced parentheses.

    ## Why is this bad?
    Patterns that work in PCRE, JavaScript or Python are often not RE2. CodeShip does not
    report an invalid regex: it simply never matches (Jet 0.9.5 release notes), so a step
    with such a `tag` never runs, and an `exclude` never excludes anything.

    ## Example
    ```yaml
    - service: app
      tag: ^(?!master$).*
      command: ./deploy-preview.sh
    ```

    ## Use instead
    ```yaml
    - service: app
      exclude: ^master$
      command: ./deploy-preview.sh
    ```
    """

    code = "CS210"
    name = "invalid-tag-regex"
    summary = "a tag or exclude regex is not valid RE2 and never matches"
    targets = frozenset({FileKind.STEPS})
    default_severity = Severity.ERROR
    valid = (
        Valid("- service: app\n  tag: ^(master|release/.*)$\n  command: deploy\n"),
        Valid("- service: app\n  tag: (?!x)\n  command: deploy\n"),
    )
    invalid = (
        Invalid("- service: app\n  tag: ^(?!master$).*\n  command: x\n", expect=("CS210@2:8",)),
        Invalid("- service: app\n  exclude: ^(a)\\1$\n  command: x\n", expect=("CS210@2:12",)),
    )

    def check(self, ctx: RuleContext[YamlDocument, None]) -> Iterator[Finding]:
        doc = ctx.document
        for step in steps_model(ctx).steps:
            for key in ("tag", "exclude"):
                value = step.text(key)
                if value is None or not is_regex(value):
                    continue
                _, reason = compile_re2(value)
                if reason is None:
                    continue
                hint = next((h for marker, h in _HINTS if marker in reason), None)
                effect = "the step never runs" if key == "tag" else "it never excludes anything"
                message = (
                    f"{q(key)} regex {q(value)} is not valid RE2 (Go's regexp): {reason}; "
                    f"CodeShip never matches an invalid regex, so {effect}"
                )
                if hint:
                    message += f" ({hint})"
                yield Finding(doc.value_span((*step.path, key)), message)
