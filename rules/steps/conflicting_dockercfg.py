from __future__ import annotations

from collections.abc import Iterator

from cslint.codeship.steps_model import steps_model
from cslint.core.diagnostics import Finding, Related, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.parsers.yamldoc import YamlDocument


class ConflictingDockercfg(Rule):
    """## What it does
    Warns about a step or group that sets both `encrypted_dockercfg_path` and
    `dockercfg_service`.

    ## Why is this bad?
    Both give registry credentials; when both are set, CodeShip uses the encrypted file
    and ignores the generator service (format doc §3.2). The service's credentials, often
    the ones that were meant (e.g. fresh ECR tokens), are never used.

    ## Example
    ```yaml
    - type: push
      service: app
      image_name: 123456789.dkr.ecr.us-east-1.amazonaws.com/app
      dockercfg_service: ecr-dockercfg
      encrypted_dockercfg_path: dockercfg.encrypted
    ```

    ## Use instead
    ```yaml
    - type: push
      service: app
      image_name: 123456789.dkr.ecr.us-east-1.amazonaws.com/app
      dockercfg_service: ecr-dockercfg
    ```
    """

    code = "CS217"
    name = "conflicting-dockercfg"
    summary = "a step sets both encrypted_dockercfg_path and dockercfg_service"
    targets = frozenset({FileKind.STEPS})
    default_severity = Severity.WARNING
    valid = (Valid("- type: push\n  service: a\n  image_name: a/b\n  dockercfg_service: gen\n"),)
    invalid = (
        Invalid(
            "- type: push\n  service: a\n  image_name: a/b\n  dockercfg_service: gen\n"
            "  encrypted_dockercfg_path: cfg.encrypted\n",
            expect=("CS217@4:3",),
        ),
    )

    def check(self, ctx: RuleContext[YamlDocument, None]) -> Iterator[Finding]:
        doc = ctx.document
        for step in steps_model(ctx).steps:
            if "dockercfg_service" in step.data and "encrypted_dockercfg_path" in step.data:
                yield Finding(
                    doc.span((*step.path, "dockercfg_service")),
                    "'dockercfg_service' is ignored because 'encrypted_dockercfg_path' is also "
                    "set and wins; keep only the credentials this step should use",
                    related=(
                        Related(
                            doc.span((*step.path, "encrypted_dockercfg_path")),
                            "'encrypted_dockercfg_path' is here",
                        ),
                    ),
                )
