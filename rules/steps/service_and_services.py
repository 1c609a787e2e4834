from __future__ import annotations

from collections.abc import Iterator

from cslint.codeship.steps_model import steps_model
from cslint.core.diagnostics import Finding, Related, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.parsers.yamldoc import YamlDocument


class ServiceAndServices(Rule):
    """## What it does
    Reports a step or group that sets both `service` and `services`.

    ## Why is this bad?
    `service` runs the step on one service; `services` replicates a group's steps once per
    listed service. The two are mutually exclusive (format doc §3.3, rule 4): CodeShip
    rejects the step, and a reader cannot tell which one was meant.

    ## Example
    ```yaml
    - type: parallel
      service: app
      services: [app, worker]
      steps:
        - command: make test
    ```

    ## Use instead
    ```yaml
    - type: parallel
      services: [app, worker]
      steps:
        - command: make test
    ```
    """

    code = "CS203"
    name = "service-and-services"
    summary = "a step sets both service and services"
    targets = frozenset({FileKind.STEPS})
    default_severity = Severity.ERROR
    valid = (Valid("- type: serial\n  services: [a, b]\n  steps:\n    - command: make\n"),)
    invalid = (
        Invalid(
            "- type: serial\n  service: a\n  services: [a, b]\n  steps:\n    - command: make\n",
            expect=("CS203@3:3",),
        ),
    )

    def check(self, ctx: RuleContext[YamlDocument, None]) -> Iterator[Finding]:
        doc = ctx.document
        for step in steps_model(ctx).steps:
            if "service" in step.data and "services" in step.data:
                yield Finding(
                    doc.span((*step.path, "services")),
                    "'services' and 'service' are both set on this step; keep 'service' to run "
                    "on one service or 'services' to repeat the steps for each",
                    related=(Related(doc.span((*step.path, "service")), "'service' is here"),),
                )
