from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cslint.core.diagnostics import Finding, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid

if TYPE_CHECKING:
    from cslint.parsers.yamldoc import YamlDocument

_EXPECTED = {
    FileKind.SERVICES: (dict, "a mapping of service names"),
    FileKind.STEPS: (list, "a list of steps"),
}
_NAMES = {
    dict: "a mapping",
    list: "a list",
    str: "a string",
    int: "a number",
    float: "a number",
    bool: "a boolean",
}


class WrongTopLevel(Rule):
    """## What it does
    Reports a services file whose top level is not a mapping of service names, or a steps
    file whose top level is not a list of steps.

    ## Why is this bad?
    CodeShip reads the services file as `name: definition` pairs and the steps file as an
    ordered list; anything else is rejected before a container starts. A common slip is a
    steps file written as a mapping (`test: {service: app, ...}`), as in docker-compose.

    ## Example
    ```yaml
    # codeship-steps.yml
    test:
      service: app
      command: make test
    ```

    ## Use instead
    ```yaml
    - name: test
      service: app
      command: make test
    ```
    """

    code = "CS004"
    name = "wrong-top-level"
    summary = "the top level is not a mapping (services) or a list (steps)"
    targets = frozenset({FileKind.SERVICES, FileKind.STEPS})
    default_severity = Severity.ERROR
    valid = (Valid("- service: app\n  command: make test\n", filename="codeship-steps.yml"),)
    invalid = (
        Invalid(
            "test:\n  service: app\n  command: make test\n",
            filename="codeship-steps.yml",
            expect=("CS004@1:1",),
        ),
        Invalid("- app\n", expect=("CS004@1:1",)),
    )

    def check(self, ctx: RuleContext[YamlDocument, None]) -> Iterator[Finding]:
        data = ctx.document.data
        expected_type, described = _EXPECTED[ctx.kind]
        if data is None or isinstance(data, expected_type) or data in ({}, []):
            return
        found = _NAMES.get(type(data), type(data).__name__)
        yield Finding(
            ctx.document.value_span(()),
            f"the top level of a {ctx.kind.value} file must be {described}, not {found}",
        )
