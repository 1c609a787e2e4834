from __future__ import annotations

from collections.abc import Iterator

from cslint.codeship.steps_model import steps_model
from cslint.core.diagnostics import Finding, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.parsers.yamldoc import YamlDocument
from cslint.rules.steps._common import describe, step_span


class GroupWithoutSteps(Rule):
    """## What it does
    Reports a `serial`, `parallel`, `manual` or `matrix` group whose `steps` list is
    missing, null or empty.

    ## Why is this bad?
    A group only runs the steps it holds. Without any, CodeShip rejects the group, and an
    empty list usually means the steps were commented out or indented one level too
    little, so they became siblings of the group instead of its children.

    ## Example
    ```yaml
    - type: parallel
      steps:
    - service: app
      command: make test
    ```

    ## Use instead
    ```yaml
    - type: parallel
      steps:
        - service: app
          command: make test
    ```
    """

    code = "CS206"
    name = "group-without-steps"
    summary = "a group has no steps"
    targets = frozenset({FileKind.STEPS})
    default_severity = Severity.ERROR
    valid = (Valid("- type: serial\n  steps:\n    - service: app\n      command: make\n"),)
    invalid = (
        Invalid(
            "- type: parallel\n  steps:\n- service: app\n  command: make\n", expect=("CS206@2:3",)
        ),
        Invalid("- name: deploy\n  type: manual\n  service: app\n", expect=("CS206@1:3",)),
        Invalid("- type: serial\n  steps: []\n", expect=("CS206@2:3",)),
    )

    def check(self, ctx: RuleContext[YamlDocument, None]) -> Iterator[Finding]:
        doc = ctx.document
        for step in steps_model(ctx).steps:
            if not step.is_group:
                continue
            steps = step.data.get("steps")
            if "steps" not in step.data:
                yield Finding(
                    step_span(doc, step),
                    f"{describe(step)} has no 'steps'; list the steps it groups",
                )
            elif steps is None or steps == []:
                yield Finding(
                    doc.span((*step.path, "steps")),
                    f"the 'steps' of {describe(step)} is empty; indent the steps it groups "
                    "under 'steps:'",
                )
