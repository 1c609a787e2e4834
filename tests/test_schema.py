"""The JSON Schemas and the schema diagnostics (CS100 services-schema, CS200 steps-schema)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator, Draft202012Validator

from cslint.codeship.schema import OWNED_BY_RULES, SCHEMA_FILES, load_schema
from cslint.core.diagnostics import Severity
from cslint.core.engine import Linter, lint_text
from cslint.core.kinds import FileKind, kind_from_name
from tests.corpus_projects import corpus_projects

SERVICES = "codeship-services.yml"
STEPS = "codeship-steps.yml"


def _schema(kind: FileKind) -> dict[str, Any]:
    text = files("cslint.schemas").joinpath(SCHEMA_FILES[kind]).read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def _properties(node: Any, where: str = "") -> Iterator[tuple[str, Any]]:
    """Every (location, property schema) declared anywhere in a schema."""
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            yield f"{where}/{name}", sub
        for key, sub in node.items():
            yield from _properties(sub, f"{where}/{key}")
    elif isinstance(node, list):
        for i, sub in enumerate(node):
            yield from _properties(sub, f"{where}/{i}")


def _diags(text: str, filename: str, *select: str) -> list[tuple[str, int, int, str]]:
    result = lint_text(text, filename, select=list(select))
    return [(d.code, d.span.line, d.span.col, d.message) for d in result.diagnostics]


@pytest.mark.parametrize("kind", [FileKind.SERVICES, FileKind.STEPS])
def test_schema_is_valid_draft_2020_12_with_id_title_and_descriptions(kind: FileKind) -> None:
    schema = _schema(kind)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].endswith(SCHEMA_FILES[kind])
    assert schema["title"] and schema["description"]
    # `true` re-lists a property (in the flat-layout branch) that is described above.
    described = {where.rsplit("/", 1)[-1] for where, sub in _properties(schema) if sub is not True}
    undocumented = [
        where
        for where, sub in _properties(schema)
        if (sub is True and where.rsplit("/", 1)[-1] not in described)
        or (sub is not True and not sub.get("description"))
    ]
    assert not undocumented


def test_cli_prints_the_packaged_schemas() -> None:
    for which, kind in (("services", FileKind.SERVICES), ("steps", FileKind.STEPS)):
        out = subprocess.run(
            [sys.executable, "-m", "cslint", "schema", which],
            capture_output=True,
            text=True,
            check=True,
        )
        assert json.loads(out.stdout) == _schema(kind)


def test_raw_schema_accepts_what_codeship_accepts() -> None:
    """Editors use the schema without cslint's filtering: it must accept the wrapper,
    `version`, coerced scalars, push steps without `registry` and the `matrix` group."""
    services = {
        "version": "3",
        "services": {
            "app": {"build": {"context": ".", "image": "org/app"}, "command": True},
            "db": {"image": 9.6, "environment": {"A": None, "B": 1}},
            "data": {"image": "busybox", "volumes": ["/data"]},
        },
    }
    steps = [
        {"name": 1, "service": "app", "command": True},
        {"type": "push", "service": "app", "image_name": "org/app", "image_tag": 9.6},
        {"type": "matrix", "services": ["a", "b"], "steps": [{"command": "make"}]},
        {"type": "manual", "steps": [{"service": "app", "command": "deploy"}]},
    ]
    assert not list(Draft202012Validator(_schema(FileKind.SERVICES)).iter_errors(services))
    assert not list(Draft202012Validator(_schema(FileKind.STEPS)).iter_errors(steps))


def test_wrapper_version_and_coerced_scalars_are_not_errors() -> None:
    services = (
        "version: '3.4'\nx-common: &common\n  environment:\n    PORT: 3000\n"
        "services:\n  app:\n    <<: *common\n    build:\n      context: .\n"
        "      args: {NODE: 18}\n    command: true\n    working_dir: 2024\n"
        "  db:\n    image: postgres:9.6\nvolumes:\n  data: {}\n"
    )
    assert _diags(services, SERVICES, "CS100") == []
    steps = (
        "- name: 01\n  service: app\n  command: true\n"
        "- type: push\n  service: app\n  image_name: org/app\n  image_tag: 9.6\n"
        "- type: matrix\n  services: [app, db]\n  steps:\n    - command: make\n"
    )
    assert _diags(steps, STEPS, "CS200") == []


def test_a_service_named_services_is_a_service_not_the_wrapper() -> None:
    text = "services:\n  image: busybox\n  imgae: typo\n"
    assert [d[:3] for d in _diags(text, SERVICES, "CS100")] == [("CS100", 3, 3)]


def test_unknown_key_names_the_nearest_and_the_allowed_keys() -> None:
    [(code, line, col, message)] = _diags("app:\n  imgae: ruby\n", SERVICES, "CS100")
    assert (code, line, col) == ("CS100", 2, 3)
    assert "'imgae'" in message and "did you mean 'image'?" in message
    assert "allowed keys are " in message and "depends_on" in message
    # Ignored compose keys are not offered as if they did something.
    assert "container_name" not in message


def test_wrong_type_says_what_was_expected() -> None:
    [(_, line, col, message)] = _diags("app:\n  image: a\n  depends_on: db\n", SERVICES, "CS100")
    assert (line, col) == (3, 3)
    assert message.startswith("'depends_on' must be a list of strings, not the string 'db';")
    assert "list of service names" in message


def test_any_of_explains_only_the_branch_that_fits() -> None:
    text = "app:\n  build:\n    context: [a, b]\n"
    [(_, line, col, message)] = _diags(text, SERVICES, "CS100")
    assert (line, col) == (3, 5)
    assert message.startswith("'context' must be a string")
    # A value that fits no branch: one message naming the shapes that would.
    [(_, line, _, message)] = _diags("app:\n  image: a\n  env_file: {a: b}\n", SERVICES, "CS100")
    assert message == "'env_file' must be a string or a list of strings, not a mapping"


def test_error_inside_a_merged_anchor_is_reported_once() -> None:
    text = (
        "x-base: &base\n  imgae: ruby\n  depends_on: db\n"
        "a:\n  <<: *base\n  image: a\nb:\n  <<: *base\n  image: b\nc:\n  <<: *base\n  image: c\n"
    )
    found = _diags(text, SERVICES, "CS100")
    assert [(line, col) for _, line, col, _ in found] == [(2, 3), (3, 3)]


def test_keys_owned_by_dedicated_rules_are_not_reported_by_the_schema() -> None:
    services = (
        "app:\n  build:\n    context: .\n    encrypted_env_file: x.encrypted\n    target: t\n"
        "  ports: 80\n  container_name: app\n  image: x\n"
    )
    codes = sorted({d[0] for d in _diags(services, SERVICES, "CS1")})
    assert "CS100" not in codes
    assert {"CS101", "CS102", "CS106"} <= set(codes)
    steps = "- service: app\n  volumes:\n    - ./a:/a\n  environment: {A: b}\n- type: push\n"
    found = {d[0] for d in _diags(steps, STEPS, "CS2")}
    assert "CS200" not in found
    assert "CS209" in found


def test_ownership_can_depend_on_the_shape_of_the_value() -> None:
    # An unquoted template is a YAML mapping: image-tag-template (CS213) explains it; a
    # list is still a plain schema error.
    text = (
        "- type: push\n  service: app\n  image_name: a/b\n  image_tag: {{ .CommitID }}\n"
        "- type: push\n  service: app\n  image_name: a/b\n  image_tag: [a]\n"
    )
    found = _diags(text, STEPS, "CS200", "CS213")
    assert [(code, line) for code, line, _, _ in found] == [("CS213", 4), ("CS200", 8)]


def test_structural_step_requirements_are_left_to_the_steps_rules() -> None:
    steps = "- service: app\n- type: push\n  service: app\n- type: serial\n"
    assert _diags(steps, STEPS, "CS200") == []


def test_ownership_table_names_real_rules() -> None:
    from cslint.core.registry import resolve_rule

    for owner in OWNED_BY_RULES:
        rule = resolve_rule(owner.code)
        assert rule is not None, f"{owner.code} owns schema errors but is not a rule"
        assert owner.kind in rule.targets


def test_uncertain_shapes_are_warnings() -> None:
    result = lint_text("app:\n  image: a\n  command: [rake, test]\n", SERVICES, select=["CS100"])
    [diag] = result.diagnostics
    assert diag.severity is Severity.WARNING
    assert "uncertain" in diag.message


def test_steps_schema_reports_typos_type_names_and_shapes() -> None:
    text = "- service: app\n  comand: make\n- type: paralel\n  steps: x\n"
    found = _diags(text, STEPS, "CS200")
    assert [(line, col) for _, line, col, _ in found] == [(2, 3), (3, 3), (4, 3)]
    assert "did you mean 'command'?" in found[0][3]
    assert "did you mean 'parallel'?" in found[1][3]
    assert found[2][3] == "'steps' must be a list of steps, not the string 'x'"


def test_validator_is_built_once_per_process() -> None:
    from cslint.codeship.schema import _validator

    assert _validator(FileKind.SERVICES) is _validator(FileKind.SERVICES)
    assert load_schema(FileKind.STEPS) is load_schema(FileKind.STEPS)


def test_importing_the_rules_does_not_import_jsonschema() -> None:
    code = "import sys, cslint.rules; print('jsonschema' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.slow
def test_no_schema_error_on_the_real_corpus(corpus: Path, tmp_path: Path) -> None:
    """Every real services, compose and steps file in the corpus is accepted by the schema
    rules: the mistakes real files make are reported by the dedicated rules (CS102 for a
    service key under `build`, CS209 for a service key on a step), not as schema errors."""
    linter = Linter(_config(("CS100", "CS200")))
    from cslint.core.discovery import Target

    targets = []
    for folder in corpus_projects(corpus / "codeship", tmp_path):
        for path in sorted(folder.iterdir()):
            kind = kind_from_name(path.name)
            if kind in (FileKind.SERVICES, FileKind.STEPS):
                targets.append(Target(str(path), kind))
    assert len(targets) > 100
    results = linter.lint_targets(targets)
    errors = [
        f"{Path(r.path).parent.name}/{Path(r.path).name}:{d.span.line}: {d.message}"
        for r in results
        for d in r.diagnostics
        if d.severity is Severity.ERROR
    ]
    assert errors == []


def _config(select: tuple[str, ...]) -> Any:
    from cslint.core.config import Config

    return Config(select=select)


# Real files the raw schemas rightly reject: each holds a documented mistake.
_REAL_MISTAKES = {
    "Akhilkm__gotestapp": "encrypted_env_file under build (format doc §2.3)",
    "drtywheels__gcp": "encrypted_env_file under build (format doc §2.3)",
    "IndicoDataSolutions__python-docker-images": "encrypted_env_file on steps (§3.2)",
    "Fettah__library": "an empty steps file (§3.1)",
}


@pytest.mark.slow
def test_raw_schemas_accept_the_real_files_editors_will_open(corpus: Path) -> None:
    """Without cslint's filtering (as an editor uses them), the schemas accept every real
    file but those with a documented mistake."""
    from cslint.parsers.yamldoc import YamlSyntaxError, parse

    validators = {kind: Draft202012Validator(_schema(kind)) for kind in SCHEMA_FILES}
    rejected = set()
    checked = 0
    for path in sorted((corpus / "codeship").iterdir()):
        kind = kind_from_name(path.name.rsplit("__", 1)[-1])
        if kind not in validators:
            continue
        try:
            data = parse(path.read_text(encoding="utf-8")).data
        except YamlSyntaxError:
            continue  # CS001's business
        checked += 1
        valid = validators[kind].is_valid(data)
        # Editors validate with a draft-07 engine: it must reach the same verdict.
        assert Draft7Validator(_schema(kind)).is_valid(data) == valid, path.name
        if not valid:
            rejected.add(path.name.rsplit("__", 1)[0])
    assert checked > 100
    assert rejected == set(_REAL_MISTAKES)
