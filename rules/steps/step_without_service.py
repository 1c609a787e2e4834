from __future__ import annotations

from collections.abc import Iterator

from cslint.codeship.steps_model import is_blank, steps_model
from cslint.core.diagnostics import Finding, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.parsers.yamldoc import YamlDocument
from cslint.rules.steps._common import describe, q, step_span


class StepWithoutService(Rule):
    """## What it does
    Reports a run or push step that has no `service`, when no group around it sets
    `service` or `services` either (and, for an `on_fail` step, the failing step has none).

    ## Why is this bad?
    Every run step runs in a container of a service and every push step pushes a service's
    image; without one CodeShip cannot run the step (format doc §3.3, rules 2 and 5).

    ## Example
    ```yaml
    - name: test
      command: make test
    ```

    ## Use instead
    ```yaml
    - name: test
      service: app
      command: make test
    ```
    """

    code = "CS202"
    name = "step-without-service"
    summary = "a run or push step has no service, neither its own nor inherited"
    targets = frozenset({FileKind.STEPS})
    default_severity = Severity.ERROR
    valid = (
        Valid("- service: app\n  command: make test\n"),
        Valid("- type: parallel\n  services: [app, db]\n  steps:\n    - command: make test\n"),
        Valid("- service: app\n  command: make test\n  on_fail:\n    - command: cat log.txt\n"),
    )
    invalid = (
        Invalid("- name: test\n  command: make test\n", expect=("CS202@1:3",)),
        Invalid(
            "- type: push\n  service:\n  image_name: me/app\n",
            expect=("CS202@2:3",),
        ),
    )

    def check(self, ctx: RuleContext[YamlDocument, None]) -> Iterator[Finding]:
        for step in steps_model(ctx).steps:
            if step.kind not in ("run", "push") or "steps" in step.data:
                continue
            if step.effective_services():
                continue
            source = step.service_source()
            if source is not None:
                key = "service" if "service" in source.data else "services"
                if not is_blank(source.data[key]):
                    continue  # a value of the wrong type: the steps schema (CS200) says so
                yield Finding(
                    ctx.document.span((*source.path, key)),
                    f"{q(key)} is empty, so the step has no service to run on; name the service",
                )
                continue
            yield Finding(
                step_span(ctx.document, step),
                f"{describe(step)} has no 'service' and no group around it sets one; "
                "name the service it runs on",
            )
