from __future__ import annotations

from collections.abc import Iterator

from cslint.codeship.steps_model import is_blank, steps_model
from cslint.core.diagnostics import Finding, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.parsers.yamldoc import YamlDocument
from cslint.rules.steps._common import describe, step_span


class PushWithoutImageName(Rule):
    """## What it does
    Reports a push step (`type: push`) without `image_name`, or with an empty one.

    ## Why is this bad?
    `image_name` is the repository the service's image is pushed to; CodeShip requires it
    on every push step (format doc §3.3, rule 5) and has no default to fall back on.

    ## Example
    ```yaml
    - type: push
      service: app
      registry: quay.io
    ```

    ## Use instead
    ```yaml
    - type: push
      service: app
      registry: quay.io
      image_name: quay.io/acme/app
    ```
    """

    code = "CS205"
    name = "push-without-image-name"
    summary = "a push step has no image_name"
    targets = frozenset({FileKind.STEPS})
    default_severity = Severity.ERROR
    valid = (Valid("- type: push\n  service: app\n  image_name: acme/app\n"),)
    invalid = (
        Invalid("- name: publish\n  type: push\n  service: app\n", expect=("CS205@1:3",)),
        Invalid("- type: push\n  service: app\n  image_name: ''\n", expect=("CS205@3:15",)),
    )

    def check(self, ctx: RuleContext[YamlDocument, None]) -> Iterator[Finding]:
        doc = ctx.document
        for step in steps_model(ctx).steps:
            if step.kind != "push":
                continue
            if "image_name" not in step.data:
                yield Finding(
                    step_span(doc, step),
                    f"{describe(step)} has no 'image_name'; set the repository to push to, "
                    "e.g. the service's 'build.image'",
                )
            elif is_blank(step.data["image_name"]):
                yield Finding(
                    doc.value_span((*step.path, "image_name")),
                    f"the 'image_name' of {describe(step)} is empty; set the repository to push to",
                )
