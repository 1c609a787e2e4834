from __future__ import annotations

from collections.abc import Iterator

from cslint.core.diagnostics import Finding, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.parsers.yamldoc import YamlDocument


class StepsSchema(Rule):
    """## What it does
    Validates the steps file against cslint's JSON Schema for it (`cslint schema steps`):
    unknown step keys (with the nearest known key: `comand` -> did you mean `command`?),
    an unknown `type`, and values of the wrong shape (`steps` that is not a list), at the
    key that is wrong.

    The schema models what CodeShip accepts: scalars where a string is expected
    (`command: true`, `name: 01`, `image_tag: 9.6`), `registry` optional on push steps,
    the `matrix` group. Requirements that depend on the kind of step (a run step's
    `command`, a push step's `image_name`, a group's `steps`, `service` xor `services`)
    and keys put on a step by mistake (`volumes`, `environment`, `encrypted_env_file`) are
    reported by the dedicated CS2xx rules instead, with better messages.

    ## Why is this bad?
    jet reads the steps into Go structures: a value of the wrong shape stops the build.
    Whether jet rejects an unknown key or ignores it is UNCERTAIN (format doc §11), but
    either way it has no effect: a `comand` step has no command, and a `tags` filter
    runs the step on every branch. So it is an error.

    ## Example
    ```yaml
    - name: tests
      service: app
      comand: make test
    - type: paralel
      steps:
        - service: app
          command: make lint
    ```

    ## Use instead
    ```yaml
    - name: tests
      service: app
      command: make test
    - type: parallel
      steps:
        - service: app
          command: make lint
    ```
    """

    code = "CS200"
    name = "steps-schema"
    summary = "the steps file does not match the schema (unknown key, type or shape)"
    targets = frozenset({FileKind.STEPS})
    default_severity = Severity.ERROR
    valid = (
        Valid(
            "- name: 01\n  service: app\n  command: true\n"
            "- type: push\n  service: app\n  image_name: org/app\n  image_tag: 9.6\n"
        ),
    )
    invalid = (
        Invalid(
            "- service: app\n  comand: make test\n- type: paralel\n  steps: []\n",
            expect=("CS200@2:3", "CS200@3:3"),
        ),
    )

    def check(self, ctx: RuleContext[YamlDocument, None]) -> Iterator[Finding]:
        from cslint.codeship.schema import validate

        yield from validate(ctx.document, FileKind.STEPS)
