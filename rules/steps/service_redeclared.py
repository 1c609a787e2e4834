from __future__ import annotations

from collections.abc import Iterator

from cslint.codeship.steps_model import Step, steps_model
from cslint.core.diagnostics import Finding, Related, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.parsers.yamldoc import YamlDocument
from cslint.rules.steps._common import q


def _service_group(step: Step) -> Step | None:
    """The nearest enclosing group that sets `service`/`services`. An `on_fail` step may
    name its own service (the docs only say it *may* omit it), so the search stops there."""
    child = step
    for ancestor in step.ancestors():
        if child.on_fail or not ancestor.is_group:
            return None
        if "service" in ancestor.data or "services" in ancestor.data:
            return ancestor
        child = ancestor
    return None


class ServiceRedeclared(Rule):
    """## What it does
    Reports a step that sets `service` (or `services`) inside a group that already set
    `service` or `services`.

    ## Why is this bad?
    A group's service is inherited by every step in it, and CodeShip documents that the
    children may not set their own then (format doc §3.3, rule 3): the file is rejected.
    Move the step out of the group, or the service down to the steps that need it.

    ## Example
    ```yaml
    - type: serial
      service: app
      steps:
        - command: make lint
        - service: db
          command: ./migrate.sh
    ```

    ## Use instead
    ```yaml
    - type: serial
      steps:
        - service: app
          command: make lint
        - service: db
          command: ./migrate.sh
    ```
    """

    code = "CS204"
    name = "service-redeclared"
    summary = "a step sets a service inside a group that already set one"
    targets = frozenset({FileKind.STEPS})
    default_severity = Severity.ERROR
    valid = (
        Valid(
            "- type: serial\n  steps:\n    - service: app\n      command: a\n"
            "    - service: db\n      command: b\n"
        ),
        Valid(
            "- service: app\n  command: make\n  on_fail:\n    - service: notify\n"
            "      command: send\n"
        ),
    )
    invalid = (
        Invalid(
            "- type: serial\n  service: app\n  steps:\n    - command: a\n"
            "    - service: db\n      command: b\n",
            expect=("CS204@5:7",),
        ),
    )

    def check(self, ctx: RuleContext[YamlDocument, None]) -> Iterator[Finding]:
        doc = ctx.document
        for step in steps_model(ctx).steps:
            for key in ("service", "services"):
                if key not in step.data:
                    continue
                group = _service_group(step)
                if group is None:
                    continue
                group_key = "service" if "service" in group.data else "services"
                yield Finding(
                    doc.span((*step.path, key)),
                    f"{q(key)} is set inside a group that already sets {q(group_key)}; "
                    "a step in such a group runs on the group's service and may not name "
                    "its own",
                    related=(Related(doc.span((*group.path, group_key)), "the group's service"),),
                )
