from __future__ import annotations

from collections.abc import Iterator

from cslint.codeship.steps_model import Step, steps_model
from cslint.core.diagnostics import Finding, Related, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.parsers.yamldoc import YamlDocument
from cslint.rules.steps._common import describe, step_span
from cslint.rules.steps._tags import can_run_together


def _after(step: Step) -> str:
    """`the run step 'deploy'`, or `a run step`: `describe` says "this", which reads wrong
    for a step the message points away to."""
    text = describe(step)
    return "a " + text.removeprefix("this ") if text.startswith("this ") else "the " + text


class ManualStepPlacement(Rule):
    """## What it does
    Reports a `type: manual` group that is followed by other steps that run on the same
    branch, and a second manual group that runs on a branch where an earlier one runs.

    ## Why is this bad?
    A manual group pauses the build until a project owner approves it; CodeShip requires
    manual groups to be the last steps of the pipeline, at most one per build context
    (branch), and does not process anything after them (format doc §3.3 rule 7, §3.6).
    A real repository put its manual group first: nothing after it ever ran.

    Steps after a manual group whose `tag`/`exclude` never select the same branch as the
    group's are fine (on that branch the manual group is absent). Where the filters are
    regexes too rich to compare, the finding is a warning.

    ## Example
    ```yaml
    - type: manual
      tag: master
      steps:
        - service: app
          command: ./deploy.sh
    - service: app
      command: make test
    ```

    ## Use instead
    ```yaml
    - service: app
      command: make test
    - type: manual
      tag: master
      steps:
        - service: app
          command: ./deploy.sh
    ```
    """

    code = "CS208"
    name = "manual-step-placement"
    summary = "a manual group is not last, or two manual groups run on one branch"
    targets = frozenset({FileKind.STEPS})
    default_severity = Severity.ERROR
    valid = (
        Valid(
            "- service: app\n  command: test\n"
            "- type: manual\n  tag: master\n  steps:\n    - service: app\n      command: a\n"
            "- type: manual\n  tag: develop\n  steps:\n    - service: app\n      command: b\n"
        ),
    )
    invalid = (
        Invalid(
            "- type: manual\n  steps:\n    - service: app\n      command: deploy\n"
            "- service: app\n  command: test\n",
            expect=("CS208@1:3",),
        ),
        Invalid(
            "- type: manual\n  steps:\n    - service: app\n      command: a\n"
            "- type: manual\n  steps:\n    - service: app\n      command: b\n",
            expect=("CS208@5:3",),
        ),
    )

    def check(self, ctx: RuleContext[YamlDocument, None]) -> Iterator[Finding]:
        doc = ctx.document
        model = steps_model(ctx)
        manuals = [s for s in model.steps if s.kind == "manual"]
        for manual in manuals:
            yield from self._later_steps(ctx, manual, model.steps)
        for i, manual in enumerate(manuals):
            for earlier in manuals[:i]:
                if manual.within(earlier):
                    continue
                together = can_run_together(earlier, manual)
                if together is False:
                    continue
                yield Finding(
                    step_span(doc, manual),
                    f"another manual group (line {step_span(doc, earlier).line}) runs on the "
                    "same branch; CodeShip allows one manual group per branch",
                    related=(Related(step_span(doc, earlier), "the earlier manual group"),),
                    severity=Severity.ERROR if together else Severity.WARNING,
                )
                break

    def _later_steps(
        self, ctx: RuleContext[YamlDocument, None], manual: Step, steps: list[Step]
    ) -> Iterator[Finding]:
        doc = ctx.document
        start = steps.index(manual)
        for later in steps[start + 1 :]:
            # Steps inside the group, or inside another manual group, are not "after" it;
            # on_fail steps run only when their own step fails.
            if later.within(manual) or later.on_fail or later.is_group:
                continue
            if any(a.kind == "manual" for a in (later, *later.ancestors())):
                continue
            if any(a.on_fail for a in later.ancestors()):
                continue
            together = can_run_together(manual, later)
            if together is False:
                continue
            yield Finding(
                step_span(doc, manual),
                f"this manual group is followed by {_after(later)} on line "
                f"{step_span(doc, later).line}; manual groups must be the last steps, "
                "CodeShip does not run what comes after them",
                related=(Related(step_span(doc, later), "this step comes after the manual group"),),
                severity=Severity.ERROR if together else Severity.WARNING,
            )
            return
