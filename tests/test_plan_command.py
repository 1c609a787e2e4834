"""`cslint plan` end to end: the real console script on real files."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "plan"
CONTRACT = REPO / "docs" / "cslint-plan-v1.schema.json"


def run(exe: str, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [exe, "plan", *args], cwd=cwd or REPO, capture_output=True, text=True, check=False
    )


def validate(data: object) -> None:
    import jsonschema

    schema = json.loads(CONTRACT.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(data)


def test_text_plan_of_the_example(cslint_exe: str) -> None:
    done = run(cslint_exe, "examples/plan", "--branch", "main", "--ci-commit-id", "4f2a9c1")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.startswith("Plan of examples/plan/codeship-steps.yml for branch 'main': ")
    assert '1 parallel "checks"' in out
    assert 'command: ["sh", "-c", "ruff check . && ruff format --check ."]' in out
    assert 'push "publish" of app as acme/app:main-4f2a9c1' in out
    assert "[skipped: tag '^release/' (line 24) does not match branch 'main']" in out
    assert 'on fail: 2.on_fail.1 run "db-logs" on app (builds acme/app)' in out
    assert "starts: db (pulls postgres:16.4)" in out
    assert "app: built from Dockerfile (context .) as acme/app" in out
    assert "db: pulls postgres:16.4" in out


def test_release_branch_reaches_the_manual_group(cslint_exe: str) -> None:
    done = run(cslint_exe, "examples/plan", "--branch", "release/2.0", "--ci-commit-id", "abc")
    assert done.returncode == 0, done.stderr
    assert "acme/app:release2.0-abc" in done.stdout
    assert "[skipped: manual approval group (line 22)" in done.stdout


def test_json_plan_is_valid_and_says_the_same(cslint_exe: str) -> None:
    done = run(
        cslint_exe, "examples/plan/codeship-steps.yml", "--format", "json", "--branch", "main",
        "--ci-commit-id", "4f2a9c1", "--ci-timestamp", "2026-01-02T03:04:05Z",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    validate(data)
    assert data["build"]["time"] == "2026-01-02T03:04:05+00:00"
    assert data["summary"] == {"steps": 5, "run": 4, "skipped": 1, "pushes": 1, "on_fail": 1}
    push = data["steps"][2]
    assert (push["kind"], push["image_tag"]) == ("push", "main-4f2a9c1")
    unit = data["steps"][0]["children"][0]
    assert unit["argv"] == ["python", "-m", "pytest", "-q", "tests/unit"]
    assert unit["needs"] == ["db"]
    app = data["services"][0]
    assert app["environment"] == ["DATABASE_HOST", "LOG_LEVEL", "API_URL", "FEATURE_FLAGS"]
    assert app["build"]["args"] == ["GIT_COMMIT"]


def test_every_corpus_project_plans_or_is_refused_cleanly(
    cslint_exe: str, corpus: Path, tmp_path: Path
) -> None:
    """Real projects: exit 0 with a schema-valid plan, 1 refused (most: the corpus holds
    no Dockerfiles, so CS403 finds the builds missing), or 2 with one line."""
    from tests.corpus_projects import corpus_projects

    codes: dict[int, int] = {}
    folders = [
        f
        for f in corpus_projects(corpus / "codeship", tmp_path)
        if (f / "codeship-steps.yml").is_file()
    ]
    for folder in folders[:20]:
        done = run(cslint_exe, str(folder), "--format", "json", "--branch", "master")
        codes[done.returncode] = codes.get(done.returncode, 0) + 1
        assert done.returncode in (0, 1, 2), (folder, done.stderr)
        assert "Traceback" not in done.stderr
        if done.returncode == 0:
            validate(json.loads(done.stdout))
        elif done.returncode == 2:
            assert done.stderr.startswith("cslint: ") and len(done.stderr.splitlines()) == 1
    assert sum(codes.values()) == min(len(folders), 20), codes


# ----- secrets ----------------------------------------------------------------------

PLANTED = ("Zq8planted-env-value", "Wv3planted-file-value", "Kx5planted-arg-value")


def secret_project(root: Path) -> Path:
    root.mkdir()
    (root / "codeship-services.yml").write_text(
        "app:\n"
        "  build:\n    context: .\n    args:\n"
        f"      BUILD_FLAVOUR: {PLANTED[2]}\n"
        "  environment:\n"
        f"    - APP_MODE={PLANTED[0]}\n"
        "  env_file: app.env\n"
        "other:\n  image: busybox:1.36\n"
        f"  environment:\n    GREETING: {PLANTED[0]}-2\n",
        encoding="utf-8",
    )
    (root / "app.env").write_text(f"FLAVOUR_FROM_FILE={PLANTED[1]}\n", encoding="utf-8")
    (root / "Dockerfile").write_text(
        'FROM busybox:1.36\nARG BUILD_FLAVOUR\nUSER nobody\nCMD ["true"]\n', encoding="utf-8"
    )
    (root / "codeship-steps.yml").write_text(
        "- service: app\n  command: env\n- service: other\n  command: env\n", encoding="utf-8"
    )
    return root


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_no_environment_or_argument_value_is_printed(
    cslint_exe: str, tmp_path: Path, fmt: str
) -> None:
    project = secret_project(tmp_path / "p")
    done = run(cslint_exe, str(project), "--format", fmt)
    assert done.returncode == 0, done.stdout + done.stderr
    # The keys are there, so the test would see the values if they were printed.
    for key in ("APP_MODE", "FLAVOUR_FROM_FILE", "BUILD_FLAVOUR", "GREETING"):
        assert key in done.stdout
    for value in PLANTED:
        assert value not in done.stdout and value not in done.stderr


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_refused_report_keeps_the_values_out_too(cslint_exe: str, tmp_path: Path, fmt: str) -> None:
    project = secret_project(tmp_path / "p")
    # An error elsewhere refuses the plan: the check's report is printed instead.
    steps = project / "codeship-steps.yml"
    steps.write_text(steps.read_text() + "- service: nowhere\n  command: env\n")
    done = run(cslint_exe, str(project), "--format", fmt)
    assert done.returncode == 1 and "CS401" in done.stdout
    for value in PLANTED:
        assert value not in done.stdout and value not in done.stderr


def test_text_and_json_say_the_same(cslint_exe: str) -> None:
    args = ["examples/plan", "--branch", "release/2", "--ci-commit-id", "abc"]
    text = run(cslint_exe, *args).stdout
    data = json.loads(run(cslint_exe, *args, "--format", "json").stdout)

    def nodes(items: list[dict[str, object]]) -> list[dict[str, object]]:
        out = []
        for item in items:
            out.append(item)
            out.extend(nodes(item.get("children", [])))  # type: ignore[arg-type]
            out.extend(nodes(item["on_fail"]))  # type: ignore[arg-type]
        return out

    for node in nodes(data["steps"]):
        line = next(
            x
            for x in text.splitlines()
            if x.lstrip().removeprefix("on fail: ").startswith(f"{node['id']} ")
        )
        assert f" {node['kind']}" in line or f"({node['kind']})" in line
        reason = node["skipped_reason"]
        assert (f"[skipped: {reason}]" in line) if reason else ("skipped" not in line)
        if node["kind"] == "run":
            assert f"on {node['service']} " in line


# ----- refusal and bad input --------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_refused_with_the_findings_check_gives(cslint_exe: str, fmt: str) -> None:
    demo = REPO / "examples" / "demo"
    planned = run(cslint_exe, ".", "--format", fmt, cwd=demo)
    checked = subprocess.run(
        [cslint_exe, "check", "--no-color", "--format", fmt],
        cwd=demo,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (planned.returncode, checked.returncode) == (1, 1)
    assert planned.stdout == checked.stdout
    assert "CS401" in planned.stdout
    assert planned.stderr == "cslint: plan refused: `cslint check` finds 4 errors in the pipeline\n"


def test_warnings_do_not_refuse(cslint_exe: str, tmp_path: Path) -> None:
    (tmp_path / "codeship-services.yml").write_text("app:\n  image: busybox:1.36\n")
    (tmp_path / "codeship-steps.yml").write_text("- service: app\n  command: echo a && echo b\n")
    done = run(cslint_exe, str(tmp_path))
    assert done.returncode == 0, done.stdout
    assert 'command: ["echo", "a", "&&", "echo", "b"]' in done.stdout


def project(tmp_path: Path, steps: str, services: str = "app:\n  image: busybox:1.36\n") -> Path:
    (tmp_path / "codeship-services.yml").write_text(services, encoding="utf-8")
    (tmp_path / "codeship-steps.yml").write_text(steps, encoding="utf-8")
    return tmp_path


def test_unclosed_quote_is_exit_2_with_position(cslint_exe: str, tmp_path: Path) -> None:
    folder = project(tmp_path, "- name: t\n  service: app\n  command: echo 'oops\n")
    done = run(cslint_exe, "codeship-steps.yml", cwd=folder)
    assert done.returncode == 2
    assert done.stderr == (
        'cslint: codeship-steps.yml:3:12: jet cannot split the command "echo \'oops": '
        "no closing quotation\n"
    )
    assert done.stdout == ""


def test_unknown_template_variable(cslint_exe: str, tmp_path: Path) -> None:
    steps = "- type: push\n  service: app\n  image_name: a/b\n  image_tag: '{{ .Brnch }}'\n"
    folder = project(tmp_path, steps)
    refused = run(cslint_exe, ".", cwd=folder)
    assert refused.returncode == 1 and "CS213" in refused.stdout
    # With CS213 silenced the check passes, and the planner still refuses at the place.
    (folder / ".cslint.yaml").write_text("ignore: [CS213]\n", encoding="utf-8")
    done = run(cslint_exe, ".", cwd=folder)
    assert done.returncode == 2, done.stdout
    assert done.stderr == (
        "cslint: codeship-steps.yml:4:14: image_tag '{{ .Brnch }}': "
        "'.Brnch' is not a template variable here\n"
    )


def test_steps_json(cslint_exe: str, tmp_path: Path) -> None:
    (tmp_path / "codeship-services.yml").write_text("app:\n  image: busybox:1.36\n")
    (tmp_path / "codeship-steps.json").write_text(
        json.dumps([{"type": "parallel", "service": "app", "steps": [{"command": "true"}]}])
    )
    done = run(cslint_exe, str(tmp_path), "--format", "json")
    assert done.returncode == 0, done.stdout + done.stderr
    data = json.loads(done.stdout)
    validate(data)
    assert data["steps_file"].endswith("codeship-steps.json")
    assert data["steps"][0]["children"][0]["argv"] == ["true"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nowhere"], "cslint: nowhere: no such file or directory\n"),
        (["."], "cslint: .: no codeship-steps.yml or codeship-steps.json in this folder\n"),
        ([".", "--format", "sarif"], "cslint: unknown --format 'sarif'; expected text or json\n"),
    ],
)
def test_usage_problems_are_exit_2(
    cslint_exe: str, tmp_path: Path, args: list[str], message: str
) -> None:
    done = run(cslint_exe, *args, cwd=tmp_path)
    assert (done.returncode, done.stderr) == (2, message)


def test_missing_services_file_and_bad_timestamp(cslint_exe: str, tmp_path: Path) -> None:
    (tmp_path / "codeship-steps.yml").write_text("- service: app\n  command: x\n")
    done = run(cslint_exe, ".", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("cslint: codeship-steps.yml: no services file next to it")
    project(tmp_path, "- service: app\n  command: x\n")
    done = run(cslint_exe, ".", "--ci-timestamp", "yesterday", cwd=tmp_path)
    assert (done.returncode, done.stderr) == (
        2,
        "cslint: --ci-timestamp 'yesterday' is neither Unix seconds nor an ISO 8601 time\n",
    )


def test_env_file_outside_the_project_is_refused(cslint_exe: str, tmp_path: Path) -> None:
    services = "app:\n  image: busybox:1.36\n  env_file: ../../etc/passwd\n"
    folder = project(tmp_path, "- service: app\n  command: x\n", services)
    done = run(cslint_exe, ".", cwd=folder)
    assert done.returncode in (1, 2)
    assert "root:" not in done.stdout
    if done.returncode == 2:
        assert "codeship-services.yml:3:" in done.stderr


def test_env_file_linked_outside_the_project_is_refused(cslint_exe: str, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.env"
    outside.write_text("PLANTED_SECRET=hunter2planted\n")
    services = "app:\n  image: busybox:1.36\n  env_file: link.env\n"
    (tmp_path / "p").mkdir()
    folder = project(tmp_path / "p", "- service: app\n  command: x\n", services)
    (folder / "link.env").symlink_to(outside)
    done = run(cslint_exe, ".", "--format", "json", cwd=folder)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "codeship-services.yml:3:" in done.stderr
    assert "outside the project folder" in done.stderr
    assert "PLANTED_SECRET" not in done.stdout + done.stderr


def test_fan_out_text(cslint_exe: str, tmp_path: Path) -> None:
    services = "web:\n  image: busybox:1.36\napi:\n  image: busybox:1.36\n"
    steps = (
        "- type: parallel\n  name: tests\n  services: [web, api]\n  steps:\n"
        "    - command: echo one\n"
        "- name: smoke\n  services: [web, api]\n  command: echo smoke\n"
    )
    done = run(cslint_exe, ".", cwd=project(tmp_path, steps, services))
    assert done.returncode == 0, done.stdout + done.stderr
    lines = [line.rstrip() for line in done.stdout.splitlines()]
    start = lines.index("serial (top level)")
    assert lines[start + 1 : start + 13] == [
        '  1 parallel "tests"',
        "    1[web] serial for service web",
        "      1[web].1 run on web (pulls busybox:1.36)",
        '          command: ["echo", "one"]',
        "    1[api] serial for service api",
        "      1[api].1 run on api (pulls busybox:1.36)",
        '          command: ["echo", "one"]',
        '  2 parallel "smoke"',
        '    2[web] run "smoke" on web (pulls busybox:1.36)',
        '        command: ["echo", "smoke"]',
        '    2[api] run "smoke" on api (pulls busybox:1.36)',
        '        command: ["echo", "smoke"]',
    ]
