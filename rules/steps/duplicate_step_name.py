from __future__ import annotations

from collections.abc import Iterator
from itertools import islice

from cslint.codeship.steps_model import Step, steps_model
from cslint.core.diagnostics import Finding, Related, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.parsers.yamldoc import YamlDocument
from cslint.rules.steps._common import own_value_span, q
from cslint.rules.steps._tags import can_run_together


def _plain(step: Step) -> bool:
    """A leaf step of the pipeline proper: not a group, and not an `on_fail` step (whether
    those share the namespace is as UNCERTAIN as for groups)."""
    if step.is_group:
        return False
    return not any(s.on_fail for s in (step, *step.ancestors()))


_MAX_COMPARED = 32


class DuplicateStepName(Rule):
    """## What it does
    Reports a step `name` already used by an earlier step of the file, at the later one.

    ## Why is this bad?
    CodeShip requires step names to be unique (format doc §3.3, rule 6): logs, the build
    page and the `(step: NAME)` prefixes are keyed by name, and a copy-pasted step that
    kept its name makes the file invalid.

    It is an error when both steps are leaf steps that can run in the same build. It is a
    warning when a group or an `on_fail` step is involved (whether their names share the
    namespace of the pipeline's steps is UNCERTAIN, format doc §3.2) or when the two sit
    under `tag`/`exclude` filters that never select the same branch (e.g. `tag: master`
    and `tag: develop`), or filters whose regexes are too rich to tell: such files may
    work, but renaming costs nothing. A step is compared with at most 32 earlier steps of
    its name (a file of a thousand same-named steps stays fast); a clash further back is
    reported as the warning.

    ## Example
    ```yaml
    - name: test
      service: app
      command: make unit
    - name: test
      service: app
      command: make integration
    ```

    ## Use instead
    ```yaml
    - name: unit
      service: app
      command: make unit
    - name: integration
      service: app
      command: make integration
    ```
    """

    code = "CS207"
    name = "duplicate-step-name"
    summary = "two steps have the same name"
    targets = frozenset({FileKind.STEPS})
    default_severity = Severity.ERROR
    valid = (
        Valid("- name: a\n  service: app\n  command: x\n- name: b\n  service: app\n  command: y\n"),
    )
    invalid = (
        Invalid(
            "- name: 01\n  service: a\n  command: x\n- name: 1\n  service: a\n  command: y\n"
            "- name: 01\n  service: a\n  command: z\n",
            expect=("CS207@7:9",),
        ),
        Invalid(
            "- &step\n  name: test\n  service: app\n  command: x\n- <<: *step\n  command: y\n",
            expect=("CS207@5:3",),
        ),
        Invalid(
            "- name: test\n  service: app\n  command: x\n"
            "- name: test\n  service: app\n  command: y\n",
            expect=("CS207@4:9",),
        ),
        Invalid(
            "- name: deploy\n  tag: master\n  service: app\n  command: x\n"
            "- name: deploy\n  tag: develop\n  service: app\n  command: y\n",
            expect=("CS207@5:9",),
        ),
    )

    def check(self, ctx: RuleContext[YamlDocument, None]) -> Iterator[Finding]:
        doc = ctx.document
        seen: dict[str, list[Step]] = {}
        for step in steps_model(ctx).steps:
            # jet reads the scalar's text into a string: `name: 01` and `name: 1` differ.
            loc = doc.get((*step.path, "name"))
            name = loc.raw if loc is not None and loc.raw is not None else step.name
            if not name:
                continue
            earlier = seen.setdefault(name, [])
            if earlier:
                first = earlier[0]
                # At most _MAX_COMPARED earlier steps of one name: the rule stays linear
                # on a file of a thousand same-named steps (a clash further back is still
                # reported, as the warning below).
                clash = next(
                    (
                        e
                        for e in islice((e for e in earlier if _plain(e)), _MAX_COMPARED)
                        if _plain(step) and can_run_together(e, step) is True
                    ),
                    None,
                )
                if clash is not None:
                    severity = Severity.ERROR
                    message = (
                        f"step name {q(name)} is already used on line "
                        f"{own_value_span(doc, (*clash.path, 'name')).line}; step names must be unique"
                    )
                    first = clash
                else:
                    severity = Severity.WARNING
                    message = (
                        f"step name {q(name)} is already used on line "
                        f"{own_value_span(doc, (*first.path, 'name')).line}; CodeShip wants unique names "
                        "even for steps that never run in the same build"
                    )
                yield Finding(
                    own_value_span(doc, (*step.path, "name")),
                    message,
                    related=(
                        Related(own_value_span(doc, (*first.path, "name")), f"first {q(name)}"),
                    ),
                    severity=severity,
                )
            earlier.append(step)
