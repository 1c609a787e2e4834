"""The steps model: flattening, parent chains, inheritance and paths into the document."""

from __future__ import annotations

from cslint.codeship.steps_model import Step, build_steps
from cslint.parsers import yamldoc

PIPELINE = """\
- name: build
  service: app
  command: true
- name: checks
  type: parallel
  services: [app, worker]
  tag: ^(master|develop)$
  steps:
    - name: unit
      command: make unit
    - name: nested
      type: serial
      exclude: develop
      steps:
        - name: deep
          command: make deep
- name: deploy
  service: deploy
  tag: master
  command: ./deploy.sh
  on_fail:
    - name: rollback
      command: ./rollback.sh
- just a string
- name: push
  type: push
  service: app
  image_name: acme/app
"""


def _by_name(text: str) -> dict[str, Step]:
    model = build_steps(yamldoc.parse(text).data)
    return {step.name: step for step in model.steps if step.name}


def test_every_step_mapping_in_document_order() -> None:
    model = build_steps(yamldoc.parse(PIPELINE).data)
    names = [s.name for s in model.steps]
    assert names == ["build", "checks", "unit", "nested", "deep", "deploy", "rollback", "push"]
    assert [s.name for s in model.top] == ["build", "checks", "deploy", "push"]
    assert [s.name for s in model.leaves()] == [
        "build",
        "unit",
        "deep",
        "deploy",
        "rollback",
        "push",
    ]


def test_paths_point_into_the_document() -> None:
    doc = yamldoc.parse(PIPELINE)
    steps = _by_name(PIPELINE)
    assert steps["deep"].path == (1, "steps", 1, "steps", 0)
    assert steps["rollback"].path == (2, "on_fail", 0)
    assert doc.value_span((*steps["deep"].path, "command")).line == 16
    assert steps["push"].path == (4,)  # the scalar item keeps its index


def test_kinds_and_groups() -> None:
    steps = _by_name(PIPELINE)
    assert steps["build"].kind == "run" and not steps["build"].is_group
    assert steps["checks"].kind == "parallel" and steps["checks"].is_group
    assert steps["push"].kind == "push"
    assert build_steps([{"type": "paralel", "steps": []}]).steps[0].kind == "paralel"


def test_services_are_inherited_from_groups_and_failing_steps() -> None:
    steps = _by_name(PIPELINE)
    assert steps["deep"].effective_services() == ("app", "worker")
    assert steps["deep"].service_source() is steps["checks"]
    assert steps["rollback"].effective_services() == ("deploy",)
    assert steps["rollback"].on_fail
    assert steps["build"].effective_services() == ("app",)
    assert build_steps([{"command": "x"}]).steps[0].effective_services() == ()


def test_filters_are_collected_outermost_first() -> None:
    steps = _by_name(PIPELINE)
    deep = steps["deep"].filters()
    assert [(f.step.name, f.key, f.value) for f in deep] == [
        ("checks", "tag", "^(master|develop)$"),
        ("nested", "exclude", "develop"),
    ]
    assert deep[0].path == (1, "tag")
    assert steps["build"].filters() == []


def test_ancestry() -> None:
    steps = _by_name(PIPELINE)
    assert [a.name for a in steps["deep"].ancestors()] == ["nested", "checks"]
    assert steps["deep"].depth == 2
    assert steps["deep"].within(steps["checks"]) and steps["deep"].within(steps["deep"])
    assert not steps["unit"].within(steps["nested"])
    assert steps["checks"].children == [steps["unit"], steps["nested"]]


def test_numeric_and_boolean_scalars_read_as_text() -> None:
    text = "- name: 01\n  services: [007, 1.50]\n  command: true\n"
    step = build_steps(yamldoc.parse(text).data).steps[0]
    assert step.name == "1" and step.own_services() == ("7", "1.5")
    # With the document, as jet's Go strings receive them: the text as written.
    doc = yamldoc.parse(text)
    step = build_steps(doc.data, doc).steps[0]
    assert step.name == "01" and step.own_services() == ("007", "1.50")
    assert step.text("command") == "true" and step.text("missing") is None


def test_not_a_list_gives_an_empty_model() -> None:
    assert build_steps({"test": {"service": "app"}}).steps == []
    assert build_steps(None).steps == []
    assert build_steps([{"type": "serial", "steps": {"a": 1}}]).steps[0].children == []
