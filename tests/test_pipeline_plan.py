"""The planner: which steps run for a build, in which order, on which service."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cslint.parsers import yamldoc
from cslint.pipeline.model import Group, Node, Plan, PlanOptions, PushStep, RunStep
from cslint.pipeline.plan import PlanError, build_plan, sanitize_tag

SERVICES = """\
app:
  build:
    context: .
    dockerfile: Dockerfile
    image: acme/app
    args:
      GIT_SHA: "{{ .CommitID }}"
      BRANCH: "{{ .Branch }}"
      PLAIN: plain
  depends_on: [db]
  links: ["cache:redis"]
  volumes_from: [data]
  environment:
    B_VAR: two
    A_VAR: one
  env_file: app.env
db:
  image: postgres:16
  depends_on: [disk]
disk:
  image: busybox:1.36
cache:
  image: redis:7
data:
  image: busybox:1.36
  volumes: [/data]
other:
  image: alpine:3.20
"""

T0 = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def make(
    steps: str, services: str = SERVICES, files: dict[str, str] | None = None, **options: object
) -> Plan:
    opts = PlanOptions(time=T0, **options)  # type: ignore[arg-type]
    project = files or {}
    return build_plan(
        yamldoc.parse(services),
        yamldoc.parse(steps),
        opts,
        read_file=lambda p: project[p].encode() if p in project else None,
    )


def by_id(plan: Plan, node_id: str) -> Node:
    for node in plan.walk():
        if node.id == node_id:
            return node
    raise KeyError(node_id)


def run_step(plan: Plan, node_id: str) -> RunStep:
    node = by_id(plan, node_id)
    assert isinstance(node, RunStep)
    return node


# ----- matching ---------------------------------------------------------------------


TAGGED = """\
- name: always
  service: app
  command: make test
- name: release-only
  service: app
  tag: ^release/
  command: make release
- name: master-exact
  service: app
  tag: master
  command: make deploy
- name: not-master
  service: app
  exclude: master
  command: echo feature
"""


def test_plain_tag_is_exact_and_anchored_one_is_a_regex() -> None:
    plan = make(TAGGED, branch="master")
    assert run_step(plan, "1").skipped_reason is None
    assert "does not match branch 'master'" in (run_step(plan, "2").skipped_reason or "")
    assert run_step(plan, "3").skipped_reason is None
    assert "excluded by 'master'" in (run_step(plan, "4").skipped_reason or "")
    # A plain tag never matches a longer name: `master` is not `master-2`.
    plan = make(TAGGED, branch="master-2")
    assert run_step(plan, "3").skipped_reason is not None
    assert run_step(plan, "4").skipped_reason is None
    # `^release/` is searched, so every release branch runs it.
    plan = make(TAGGED, branch="release/1.2")
    assert run_step(plan, "2").skipped_reason is None


def test_unanchored_metacharacters_are_literal() -> None:
    plan = make("- service: app\n  tag: release/.*\n  command: x\n", branch="release/1")
    assert run_step(plan, "1").skipped_reason is not None
    plan = make("- service: app\n  tag: release/.*\n  command: x\n", branch="release/.*")
    assert run_step(plan, "1").skipped_reason is None


def test_without_branch_tag_limited_steps_are_skipped_and_excludes_run() -> None:
    plan = make(TAGGED)
    assert run_step(plan, "1").skipped_reason is None
    assert "no --branch or --tag given" in (run_step(plan, "3").skipped_reason or "")
    assert run_step(plan, "4").skipped_reason is None


def test_git_tag_build_matches_the_tag_not_the_branch() -> None:
    steps = "- service: app\n  tag: ^v[0-9]+\\.\n  command: make publish\n"
    assert run_step(make(steps, branch="v1.0", tag="main"), "1").skipped_reason is not None
    plan = make(steps, branch="main", tag="v1.0")
    assert run_step(plan, "1").skipped_reason is None


def test_exclude_wins_over_tag() -> None:
    steps = "- service: app\n  tag: ^feature/\n  exclude: ^feature/wip\n  command: x\n"
    assert run_step(make(steps, branch="feature/a"), "1").skipped_reason is None
    reason = run_step(make(steps, branch="feature/wip-1"), "1").skipped_reason
    assert reason is not None and reason.startswith("excluded by '^feature/wip' (line 3)")


def test_invalid_regex_never_matches() -> None:
    steps = "- service: app\n  tag: ^(master\n  command: x\n"
    assert run_step(make(steps, branch="master"), "1").skipped_reason is not None


NESTED = """\
- type: serial
  name: outer
  tag: ^(master|release/.*)$
  steps:
  - type: parallel
    name: inner
    exclude: ^release/old
    steps:
    - service: app
      command: one
    - service: app
      tag: master
      command: two
"""


def test_nested_groups_filters_govern_their_children() -> None:
    plan = make(NESTED, branch="master")
    assert all(n.skipped_reason is None for n in plan.walk())
    plan = make(NESTED, branch="feature/x")
    skipped = {n.id: n.skipped_reason for n in plan.walk()}
    assert all(r is not None and "(line 3)" in r for r in skipped.values()), skipped
    plan = make(NESTED, branch="release/old-1")
    assert by_id(plan, "1").skipped_reason is None
    assert "excluded by '^release/old' (line 7)" in (by_id(plan, "1.1.1").skipped_reason or "")
    plan = make(NESTED, branch="release/2")
    assert run_step(plan, "1.1.1").skipped_reason is None
    assert "tag 'master' (line 12)" in (run_step(plan, "1.1.2").skipped_reason or "")


# ----- tree shape -------------------------------------------------------------------


def test_serial_and_parallel_groups_and_inherited_service() -> None:
    plan = make(
        "- type: parallel\n  service: app\n  steps:\n"
        "  - command: a\n  - type: serial\n    steps:\n    - command: b\n    - command: c\n"
        "- service: other\n  command: d\n"
    )
    top = plan.steps
    assert isinstance(top[0], Group) and top[0].kind == "parallel"
    inner = top[0].children[1]
    assert isinstance(inner, Group) and inner.kind == "serial"
    assert [run_step(plan, i).service for i in ("1.1", "1.2.1", "1.2.2", "2")] == [
        "app",
        "app",
        "app",
        "other",
    ]


def test_services_fan_out_on_a_parallel_group_is_one_serial_group_per_service() -> None:
    plan = make(
        "- type: parallel\n  services: [app, other]\n  steps:\n  - command: one\n  - command: two\n"
    )
    group = plan.steps[0]
    assert isinstance(group, Group) and group.kind == "parallel"
    assert [(g.kind, g.fan_out) for g in group.children if isinstance(g, Group)] == [
        ("serial", "app"),
        ("serial", "other"),
    ]
    assert [(s.service, s.command) for s in plan.leaves()] == [
        ("app", "one"),
        ("app", "two"),
        ("other", "one"),
        ("other", "two"),
    ]
    assert run_step(plan, "1[other].2").command == "two"


def test_services_fan_out_on_a_serial_group_runs_service_after_service() -> None:
    plan = make("- type: serial\n  services: [app, other]\n  steps:\n  - command: one\n")
    group = plan.steps[0]
    assert isinstance(group, Group) and group.kind == "serial"
    assert [s.service for s in plan.leaves()] == ["app", "other"]


def test_services_on_a_run_step_is_a_parallel_group_of_copies() -> None:
    plan = make("- name: t\n  services: [app, other]\n  command: make test\n")
    group = plan.steps[0]
    assert isinstance(group, Group) and group.kind == "parallel" and group.name == "t"
    assert [s.id for s in plan.leaves()] == ["1[app]", "1[other]"]


def test_on_fail_steps_inherit_the_failing_steps_service() -> None:
    plan = make(
        "- name: tests\n  service: other\n  command: make test\n"
        "  on_fail:\n  - command: cat log.txt\n  - service: app\n    command: notify\n"
    )
    step = run_step(plan, "1")
    assert [n.id for n in step.on_fail] == ["1.on_fail.1", "1.on_fail.2"]
    assert [s.service for s in step.on_fail if isinstance(s, RunStep)] == ["other", "app"]
    assert len(plan.steps) == 1  # on_fail steps are not steps of their own


def test_manual_group_is_shown_and_skipped_with_its_children() -> None:
    plan = make(
        "- service: app\n  command: test\n"
        "- type: manual\n  name: deploy\n  steps:\n  - service: app\n    command: deploy\n"
    )
    group = plan.steps[1]
    assert isinstance(group, Group) and group.manual
    assert "manual approval group (line 3)" in (group.skipped_reason or "")
    assert run_step(plan, "2.1").skipped_reason == group.skipped_reason


def test_tag_filter_reason_wins_over_manual() -> None:
    plan = make(
        "- type: manual\n  tag: master\n  steps:\n  - service: app\n    command: deploy\n",
        branch="dev",
    )
    assert "tag 'master'" in (plan.steps[0].skipped_reason or "")


def test_matrix_is_a_serial_fan_out() -> None:
    plan = make("- type: matrix\n  services: [app, other]\n  steps:\n  - command: t\n")
    group = plan.steps[0]
    assert isinstance(group, Group) and group.kind == "serial"
    assert group.written_type == "matrix"
    assert [s.service for s in plan.leaves()] == ["app", "other"]


def test_steps_json_plans_like_yaml() -> None:
    as_json = json.dumps(
        [{"type": "serial", "service": "app", "steps": [{"command": "a"}, {"command": "b"}]}]
    )
    plan = make(as_json)
    assert [s.command for s in plan.leaves()] == ["a", "b"]
    assert plan.steps[0].source.line == 1


# ----- commands ---------------------------------------------------------------------


def test_command_split_without_a_shell() -> None:
    plan = make(
        "- service: app\n  command: sh -c 'echo $HOME && ls \"a b\"' extra\\ word\n"
        "- service: app\n  command: 'echo $HOME && ls # not a comment'\n"
        "- service: app\n  command: true\n"
    )
    assert run_step(plan, "1").argv == ("sh", "-c", 'echo $HOME && ls "a b"', "extra word")
    assert run_step(plan, "2").argv == ("echo", "$HOME", "&&", "ls", "#", "not", "a", "comment")
    assert run_step(plan, "3").argv == ("true",)


def test_unclosed_quote_is_a_plan_error_at_the_command() -> None:
    with pytest.raises(PlanError) as caught:
        make("- service: app\n  command: echo 'oops\n")
    assert str(caught.value).startswith("codeship-steps.yml:2:12: jet cannot split the command")


# ----- push steps and templates -----------------------------------------------------


PUSH = """\
- type: push
  name: publish
  service: app
  image_name: acme/app
  image_tag: "{{ .Branch }}-{{ .CommitID }}-{{ .ServiceName }}"
  registry: https://index.docker.io/v1/
  dockercfg_service: other
"""


def test_push_image_tag_is_rendered_and_sanitized() -> None:
    plan = make(PUSH, branch="feature/x", commit_id="abc123")
    push = plan.steps[0]
    assert isinstance(push, PushStep)
    assert push.image_tag == "featurex-abc123-app"
    assert push.image_tag_template == "{{ .Branch }}-{{ .CommitID }}-{{ .ServiceName }}"
    assert push.registry == "https://index.docker.io/v1/"
    assert push.dockercfg_service == "other"


def test_push_default_tag_is_latest() -> None:
    plan = make("- type: push\n  service: app\n  image_name: acme/app\n")
    push = plan.steps[0]
    assert isinstance(push, PushStep) and push.image_tag == "latest"
    assert push.registry is None  # not invented


def test_trim_markers_comments_and_literals() -> None:
    plan = make(
        "- type: push\n  service: app\n  image_name: a/b\n"
        "  image_tag: 'v {{- .Branch -}} _{{/* note */}}{{ \"x\" }}'\n",
        branch="main",
    )
    push = plan.steps[0]
    assert isinstance(push, PushStep) and push.image_tag == "vmain_x"


def test_unsupported_template_action_is_refused_not_guessed() -> None:
    with pytest.raises(PlanError, match=r"renders field references and \.Time\.Format only"):
        make(
            "- type: push\n  service: app\n  image_name: a/b\n"
            "  image_tag: '{{ printf \"%s\" .Branch }}'\n",
            branch="main",
        )


def test_time_templates_use_go_layouts() -> None:
    plan = make(
        "- type: push\n  service: app\n  image_name: a/b\n"
        "  image_tag: '{{ .Time.Format \"20060102-150405\" }}.{{ .Timestamp }}'\n"
    )
    push = plan.steps[0]
    assert isinstance(push, PushStep)
    assert push.image_tag == f"20260102-030405.{int(T0.timestamp())}"


def test_tag_that_renders_empty_is_skipped_with_the_reason() -> None:
    plan = make("- type: push\n  service: app\n  image_name: a/b\n  image_tag: '{{ .CommitID }}'\n")
    assert "renders empty" in (plan.steps[0].skipped_reason or "")


def test_unknown_template_variable_is_a_plan_error_at_image_tag() -> None:
    with pytest.raises(PlanError) as caught:
        make("- type: push\n  service: app\n  image_name: a/b\n  image_tag: '{{ .Brnch }}'\n")
    assert str(caught.value) == (
        "codeship-steps.yml:4:14: image_tag '{{ .Brnch }}': "
        "'.Brnch' is not a template variable here"
    )


def test_push_only_variable_in_build_args_is_an_error() -> None:
    services = "app:\n  build:\n    context: .\n    args:\n      S: '{{ .StepName }}'\n"
    with pytest.raises(PlanError) as caught:
        make("- service: app\n  command: x\n", services=services)
    assert str(caught.value).startswith("codeship-services.yml:5:10: build argument 'S'")


def test_build_args_are_rendered() -> None:
    plan = make("- service: app\n  command: x\n", branch="main", commit_id="c0ffee")
    build = plan.service("app").build
    assert build is not None
    assert dict(build.args) == {"GIT_SHA": "c0ffee", "BRANCH": "main", "PLAIN": "plain"}
    assert build.image == "acme/app" and build.context == "." and build.dockerfile == "Dockerfile"


def test_sanitize_tag() -> None:
    assert sanitize_tag("-.feat/ure@x") == "featurex"
    assert len(sanitize_tag("a" * 300)) == 128


# ----- services ---------------------------------------------------------------------


def test_needs_are_transitive_in_start_order_with_volumes_from() -> None:
    plan = make("- service: app\n  command: x\n")
    step = run_step(plan, "1")
    assert step.needs == ("disk", "db", "cache")
    assert step.volumes_from == ("data",)
    app = plan.service("app")
    assert [(link.service, link.alias) for link in app.links] == [("cache", "redis")]
    assert plan.used_services() == ("app", "db", "disk", "cache", "data")


def test_environment_keys_in_codeship_order() -> None:
    plan = make(
        "- service: app\n  command: x\n", files={"app.env": "# c\nC_VAR=three\nA_VAR=override\n"}
    )
    app = plan.service("app")
    assert app.environment_keys == ("B_VAR", "A_VAR", "C_VAR")
    assert dict(app.merged_environment())["A_VAR"] == "override"
    assert app.env_files[0].found and app.env_files[0].keys == ("C_VAR", "A_VAR")


def test_missing_env_file_is_listed_not_read() -> None:
    app = make("- service: app\n  command: x\n").service("app")
    assert not app.env_files[0].found and app.environment_keys == ("B_VAR", "A_VAR")


def test_values_stay_out_of_repr() -> None:
    plan = make("- service: app\n  command: x\n", files={"app.env": "TOKEN=planted-value-1\n"})
    text = repr(plan)
    assert "two" not in text and "planted-value-1" not in text and "plain" not in text


def test_dependency_cycle_is_a_plan_error() -> None:
    services = "a:\n  image: x\n  depends_on: [b]\nb:\n  image: x\n  depends_on: [a]\n"
    with pytest.raises(PlanError, match="cycle: a -> b -> a"):
        make("- service: a\n  command: x\n", services=services)


def test_unknown_service_is_a_plan_error_at_its_place() -> None:
    with pytest.raises(PlanError) as caught:
        make("- name: t\n  service: nope\n  command: x\n")
    assert str(caught.value).startswith("codeship-steps.yml:2:12: 'nope' is not a service")


# ----- real files -------------------------------------------------------------------


@pytest.mark.slow
def test_every_corpus_steps_file_plans_without_crash(corpus: Path, tmp_path: Path) -> None:
    from tests.corpus_projects import corpus_projects

    planned = refused = 0
    for folder in corpus_projects(corpus / "codeship", tmp_path):
        steps = next(folder.glob("codeship-steps.*"), None)
        services = next(
            (folder / n for n in ("codeship-services.yml", "docker-compose.yml")
             if (folder / n).is_file()),
            None,
        )  # fmt: skip
        if steps is None or services is None:
            continue
        try:
            sdoc = yamldoc.parse(services.read_text(encoding="utf-8"))
            tdoc = yamldoc.parse(steps.read_text(encoding="utf-8"))
        except (yamldoc.YamlSyntaxError, UnicodeDecodeError):
            continue
        for options in (PlanOptions(), PlanOptions(branch="master", commit_id="0123abc")):
            try:
                plan = build_plan(sdoc, tdoc, options)
            except PlanError as exc:
                assert exc.source.line >= 1 and exc.message
                refused += 1
                continue
            planned += 1
            names = {s.name for s in plan.services}
            for leaf in plan.leaves():
                assert leaf.service in names
    assert planned > 100, (planned, refused)


def test_volumes_are_read_by_the_shared_volume_parser() -> None:
    services = (
        "app:\n  image: busybox:1.36\n  volumes:\n"
        "    - ./cache:/cache:ro\n    - /data\n    - {type: bind, source: ./src, target: /src}\n"
    )
    app = make("- service: app\n  command: x\n", services=services).service("app")
    assert [(v.kind, v.host, v.container, v.read_only) for v in app.volumes] == [
        ("bind", "./cache", "/cache", True),
        ("anonymous", None, "/data", False),
        ("bind", "./src", "/src", False),
    ]


def test_load_steps_are_not_guessed_at() -> None:
    with pytest.raises(PlanError) as caught:
        make("- type: load\n  service: app\n")
    assert str(caught.value).startswith("codeship-steps.yml:1:3: cslint cannot plan a step of type")


def test_healthcheck_of_built_images() -> None:
    steps = "- service: app\n  command: x\n"
    with_check = {"Dockerfile": "FROM busybox:1.36 AS base\nHEALTHCHECK CMD true\nFROM base\n"}
    build = make(steps, files=with_check).service("app").build
    assert build is not None and build.healthcheck is True
    disabled = {"Dockerfile": "FROM busybox:1.36\nHEALTHCHECK NONE\n"}
    build = make(steps, files=disabled).service("app").build
    assert build is not None and build.healthcheck is False
    build = make(steps).service("app").build  # no Dockerfile to read: unknown
    assert build is not None and build.healthcheck is None


def test_on_fail_of_a_fan_out_group_needs_its_own_service() -> None:
    steps = (
        "- type: parallel\n  services: [app, other]\n  steps:\n"
        "  - command: t\n    on_fail:\n    - command: child-log\n"
        "  on_fail:\n  - command: group-log\n"
    )
    with pytest.raises(PlanError) as caught:
        make(steps)
    assert str(caught.value) == "codeship-steps.yml:8:5: the step has no service to run on"
    plan = make(steps.replace("  - command: group-log\n", "  - service: other\n    command: g\n"))
    assert run_step(plan, "1[app].1.on_fail.1").service == "app"
    assert run_step(plan, "1[other].1.on_fail.1").service == "other"
    assert run_step(plan, "1.on_fail.1").service == "other"


def test_env_file_lines_are_read_as_compose_reads_them() -> None:
    env = "# comment\nexport QUOTED='a b'\nPLAIN=x # note\n\nNOEQUALS\n"
    app = make("- service: app\n  command: x\n", files={"app.env": env}).service("app")
    assert dict(app.env_files[0].entries) == {"QUOTED": "a b", "PLAIN": "x"}
