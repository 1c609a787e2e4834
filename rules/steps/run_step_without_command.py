from __future__ import annotations

from collections.abc import Iterator

from cslint.codeship.steps_model import is_blank, steps_model
from cslint.core.diagnostics import Finding, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.parsers.yamldoc import YamlDocument
from cslint.rules.steps._common import describe, step_span


class RunStepWithoutCommand(Rule):
    """## What it does
    Reports a run step (a step without `type`, or with `type: run`) that has no `command`,
    or whose `command` is empty.

    ## Why is this bad?
    A run step exists to run its command in a container of its service; CodeShip rejects a
    run step without one (format doc §3.3, rule 2). Often the step was meant to be a push
    step and lost its `type: push`. To only build a service's image, the documented idiom
    is `command: true`. A step that has `steps` but no `type` is reported by CS214 instead.

    ## Example
    ```yaml
    - name: test
      service: app
    ```

    ## Use instead
    ```yaml
    - name: test
      service: app
      command: ./run-tests.sh
    ```
    """

    code = "CS201"
    name = "run-step-without-command"
    summary = "a run step has no command"
    targets = frozenset({FileKind.STEPS})
    default_severity = Severity.ERROR
    valid = (
        Valid("- service: app\n  command: make test\n"),
        Valid("- service: app\n  command: true\n"),
        Valid("- type: push\n  service: app\n  image_name: me/app\n"),
    )
    invalid = (
        Invalid("- name: test\n  service: app\n", expect=("CS201@1:3",)),
        Invalid(
            "- type: serial\n  service: app\n  steps:\n    - name: lint\n      command: ''\n",
            expect=("CS201@5:16",),
        ),
    )

    def check(self, ctx: RuleContext[YamlDocument, None]) -> Iterator[Finding]:
        doc = ctx.document
        for step in steps_model(ctx).steps:
            if step.kind != "run" or "steps" in step.data:
                continue
            if "command" not in step.data:
                yield Finding(
                    step_span(doc, step),
                    f"{describe(step)} has no 'command'; add the command to run, "
                    "or set 'type' if this is a push step or a group",
                )
            elif is_blank(step.data["command"]):
                yield Finding(
                    doc.value_span((*step.path, "command")),
                    f"the 'command' of {describe(step)} is empty; write the command to run",
                )
