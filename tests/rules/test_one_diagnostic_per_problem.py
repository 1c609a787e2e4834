"""A value of the wrong type is one problem: the schema rule reports it, and the rules that
check the same key's content stay silent."""

from __future__ import annotations

import pytest

from cslint.core.engine import lint_text

SERVICES = {"codeship-services.yml": "app:\n  image: busybox\n"}


@pytest.mark.parametrize(
    ("steps", "line"),
    [
        ("- service: app\n  command: {a: b}\n", 2),
        ("- type: parallel\n  services: app\n  steps:\n    - command: x\n", 2),
        ("- type: push\n  service: app\n  image_name: [a]\n", 3),
    ],
)
def test_wrong_type_gives_one_diagnostic(steps: str, line: int) -> None:
    result = lint_text(steps, "codeship-steps.yml", files=SERVICES)
    found = [(d.code, d.span.line) for d in result.diagnostics]
    assert found == [("CS200", line)], [d.message for d in result.diagnostics]
