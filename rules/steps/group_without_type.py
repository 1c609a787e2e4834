from __future__ import annotations

from collections.abc import Iterator

from cslint.codeship.steps_model import steps_model
from cslint.core.diagnostics import Finding, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.parsers.yamldoc import YamlDocument


class GroupWithoutType(Rule):
    """## What it does
    Warns about a step that has `steps` but no group `type` (`serial`, `parallel`,
    `manual`, `matrix`): either no `type` at all, or `type: run` / `type: push`.

    ## Why is this bad?
    A step's kind comes from `type`, and a step without one is a run step (format doc
    §3.1); only groups have `steps`. Whether jet then treats the step as a serial group,
    rejects it as a run step without `command`, or ignores its `steps` is UNCERTAIN (jet is
    closed source), hence a warning; in every reading the file does not say what it means.

    ## Example
    ```yaml
    - name: checks
      steps:
        - service: app
          command: make lint
    ```

    ## Use instead
    ```yaml
    - name: checks
      type: serial
      steps:
        - service: app
          command: make lint
    ```
    """

    code = "CS214"
    name = "group-without-type"
    summary = "a step has steps but no group type"
    targets = frozenset({FileKind.STEPS})
    default_severity = Severity.WARNING
    valid = (Valid("- type: parallel\n  steps:\n    - service: a\n      command: b\n"),)
    invalid = (
        Invalid(
            "- name: checks\n  steps:\n    - service: a\n      command: b\n", expect=("CS214@2:3",)
        ),
    )

    def check(self, ctx: RuleContext[YamlDocument, None]) -> Iterator[Finding]:
        doc = ctx.document
        for step in steps_model(ctx).steps:
            if step.is_group or "steps" not in step.data:
                continue
            if step.type_name is None:
                message = (
                    "this step has 'steps' but no 'type', so it is read as a run step; "
                    "add 'type: serial' or 'type: parallel' to make it a group"
                )
            elif step.kind in ("run", "push"):
                message = (
                    f"a {step.kind} step cannot hold 'steps', they never run; use 'type: serial' or "
                    "'type: parallel' to make it a group"
                )
            else:
                continue  # an unknown type: the schema names the allowed ones
            yield Finding(doc.span((*step.path, "steps")), message)
