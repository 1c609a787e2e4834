from __future__ import annotations

from collections.abc import Iterator

from cslint.codeship.steps_model import Step, steps_model
from cslint.codeship.tags import compile_re2, is_regex
from cslint.core.diagnostics import Finding, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.parsers.yamldoc import YamlDocument
from cslint.rules.steps._common import describe, q
from cslint.rules.steps._tags import never_runs


def _has_invalid_regex(step: Step) -> bool:
    return any(is_regex(f.value) and compile_re2(f.value)[1] for f in step.filters())


class UnreachableStep(Rule):
    """## What it does
    Warns about a step whose own `tag` / `exclude` can never hold together with those of
    the groups around it (or with each other): `tag: develop` inside a group with
    `tag: master`, or `exclude: ^master` on a step with `tag: master`. Only filters whose
    names can be listed (literals, `^(a|b)$`) are compared; richer regexes are assumed to
    match something.

    ## Why is this bad?
    A group's `tag` applies to all its children and `exclude` wins over `tag` (format doc
    §3.4), so such a step is skipped on every branch and every tag: dead configuration
    that looks alive, typically a step copied from another branch's group. (A lone
    `tag: some-name` on purpose, to run a step only with `jet steps --tag some-name`, is
    not reported.)

    ## Example
    ```yaml
    - type: serial
      tag: master
      steps:
        - service: app
          tag: develop
          command: ./deploy.sh staging
    ```

    ## Use instead
    ```yaml
    - service: app
      tag: develop
      command: ./deploy.sh staging
    ```
    """

    code = "CS215"
    name = "unreachable-step"
    summary = "a step's tag/exclude filters can never all hold, so it never runs"
    targets = frozenset({FileKind.STEPS})
    default_severity = Severity.WARNING
    valid = (
        Valid(
            "- type: serial\n  tag: ^(master|develop)$\n  steps:\n"
            "    - service: app\n      tag: develop\n      command: x\n"
        ),
        Valid("- service: app\n  tag: run-in-jet\n  command: x\n"),
    )
    invalid = (
        Invalid(
            "- type: serial\n  tag: master\n  steps:\n"
            "    - service: app\n      tag: develop\n      command: x\n",
            expect=("CS215@5:12",),
        ),
        Invalid(
            "- service: app\n  tag: master\n  exclude: ^master$\n  command: x\n",
            expect=("CS215@3:12",),
        ),
    )

    def check(self, ctx: RuleContext[YamlDocument, None]) -> Iterator[Finding]:
        doc = ctx.document
        dead: set[int] = set()
        for step in steps_model(ctx).steps:
            if step.parent is not None and id(step.parent) in dead:
                dead.add(id(step))  # reported at the group already
                continue
            own = [k for k in ("exclude", "tag") if k in step.data]
            if not own or _has_invalid_regex(step) or not never_runs(step):
                continue
            dead.add(id(step))
            written = ", ".join(f"{f.key} {q(f.value)}" for f in step.filters())
            yield Finding(
                doc.value_span((*step.path, own[0])),
                f"{describe(step)} never runs: no branch or tag satisfies all of its "
                f"filters together with its groups' ({written}); fix or remove the filter",
            )
