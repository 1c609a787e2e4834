"""The dry run's decisions that need no daemon: the order and the stop rules of the
scheduler over real plans, refusals before anything is created, the summary and JUnit
output, and that no code path of cslint can push an image."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cslint.parsers import yamldoc
from cslint.pipeline.containers import RunRefused, ci_environment, environment, preflight
from cslint.pipeline.model import Plan, PlanOptions, PushStep, RunStep
from cslint.pipeline.plan import build_plan
from cslint.pipeline.results import StepResult
from cslint.pipeline.schedule import Scheduler, not_started
from cslint.pipeline.summary import junit_xml, summary_text

REPO = Path(__file__).resolve().parent.parent
SERVICES = "app:\n  image: cslint-test/busybox:latest\n"


def make(steps: str, services: str = SERVICES, files: dict[str, str] | None = None) -> Plan:
    project = files or {}
    return build_plan(
        yamldoc.parse(services),
        yamldoc.parse(steps),
        PlanOptions(branch="main", time=datetime(2026, 1, 2, tzinfo=UTC)),
        read_file=lambda p: project[p].encode() if p in project else None,
    )


class Recorder:
    """Runs leaves by their command: `fail` fails after 0.1 s, and not before `started`
    leaves have begun (so parallel siblings have started whatever the machine's load);
    `sleep` takes 0.2 s; records order and the most leaves seen running at once."""

    def __init__(self, started: int = 0) -> None:
        self.order: list[str] = []
        self.running = 0
        self.most = 0
        self.started = started
        self.lock = threading.Condition()

    def __call__(self, step: RunStep | PushStep) -> StepResult:
        with self.lock:
            self.order.append(step.label)
            self.running += 1
            self.most = max(self.most, self.running)
            self.lock.notify_all()
        if isinstance(step, RunStep) and "sleep" in step.argv:
            time.sleep(0.2)
        if isinstance(step, RunStep) and "fail" in step.argv:
            time.sleep(0.1)
            with self.lock:
                assert self.lock.wait_for(lambda: len(self.order) >= self.started, timeout=30)
        with self.lock:
            self.running -= 1
        if isinstance(step, RunStep) and "fail" in step.argv:
            return StepResult(step, "failed", detail="exit code 1")
        return StepResult(step, "would push" if isinstance(step, PushStep) else "passed")


def schedule(plan: Plan, jobs: int = 4, started: int = 0) -> tuple[Recorder, dict[str, StepResult]]:
    recorder = Recorder(started)
    results = Scheduler(plan, recorder, jobs, threading.Event()).run()
    return recorder, {r.step.label: r for r in results}


PARALLEL = """\
- name: first
  service: app
  command: echo first
- type: parallel
  steps:
    - name: p1
      service: app
      command: sleep 1
    - name: p2
      service: app
      command: fail now
      on_fail:
        - name: rescue
          command: echo rescue
    - name: p3
      service: app
      command: sleep 1
- name: last
  service: app
  command: echo last
"""


def test_serial_order_parallel_concurrency_and_failure_rules() -> None:
    # first, then p1, p2 and p3 at once: p2 fails once all four began.
    recorder, results = schedule(make(PARALLEL), jobs=4, started=4)
    assert recorder.order[0] == "first"
    assert recorder.most >= 2  # the parallel group's steps ran at once
    assert results["p2"].state == "failed"
    assert results["p1"].state == results["p3"].state == "passed"  # siblings finished
    assert results["rescue"].state == "passed"  # on_fail ran after the failure
    assert results["last"].state == "skipped"
    assert results["last"].detail == "not started: 'p2' failed"
    assert "last" not in recorder.order


def test_jobs_bounds_concurrency_and_a_waiting_sibling_never_starts() -> None:
    """With one slot the parallel steps run one at a time; once one failed, a sibling still
    waiting for the slot is not started."""
    recorder, results = schedule(make(PARALLEL), jobs=1)
    assert recorder.most == 1
    assert results["p2"].state == "failed"
    started = set(recorder.order)
    waited = [name for name in ("p1", "p3") if name not in started]
    for name in waited:
        assert (
            results[name].state == "skipped" and results[name].detail == "not started: 'p2' failed"
        )
    assert results["rescue"].state == "passed"


def test_on_fail_is_skipped_when_the_step_passes_and_groups_stop_serially() -> None:
    plan = make(
        "- type: serial\n"
        "  steps:\n"
        "    - name: a\n      service: app\n      command: fail\n"
        "    - name: b\n      service: app\n      command: echo b\n"
        "- name: c\n  service: app\n  command: echo c\n"
        "  on_fail:\n    - name: c-rescue\n      command: echo r\n"
    )
    recorder, results = schedule(plan)
    assert recorder.order == ["a"]
    assert results["b"].state == results["c"].state == results["c-rescue"].state == "skipped"


def test_cancel_starts_nothing() -> None:
    cancel = threading.Event()
    cancel.set()
    recorder = Recorder()
    results = Scheduler(make(PARALLEL), recorder, 2, cancel).run()
    assert recorder.order == []
    assert {r.detail for r in results} == {"not started: the run was interrupted"}


def test_steps_that_never_began_keep_the_plans_own_skip_reasons() -> None:
    """An image that did not build (or a signal during the builds) skips every step; one
    the plan skips anyway (a tag filter, a manual group) says why the plan skips it."""
    plan = make(
        "- name: a\n  service: app\n  command: echo a\n"
        "  on_fail:\n    - name: a-rescue\n      service: app\n      command: echo r\n"
        "- type: serial\n  tag: ^release/\n  steps:\n"
        "    - name: b\n      service: app\n      command: echo b\n"
        "- name: c\n  service: app\n  tag: nope\n  command: echo c\n"
    )
    results = not_started(plan, "not started: an image did not build")
    assert [r.step.label for r in results] == [leaf.label for leaf in plan.leaves()]
    details = {r.step.label: r.detail for r in results}
    assert details["a"] == details["a-rescue"] == "not started: an image did not build"
    assert details["b"] is not None and "^release/" in details["b"]
    assert details["c"] is not None and "'nope'" in details["c"]
    assert {r.state for r in results} == {"skipped"}


def test_environment_order_and_bare_names(monkeypatch: pytest.MonkeyPatch) -> None:
    """CI variables first, then `environment`, then `env_file` (later wins); a bare name
    takes the value cslint runs with, and is left out when that is unset."""
    monkeypatch.setenv("FROM_HOST", "host-value")
    monkeypatch.delenv("UNSET_HERE", raising=False)
    plan = make(
        "- service: app\n  command: env\n",
        "app:\n  image: x\n  environment:\n    - A=env\n    - CI_NAME=mine\n"
        "    - FROM_HOST\n    - UNSET_HERE\n  env_file: a.env\n",
        {"a.env": "A=file\n"},
    )
    env = environment(plan, plan.service("app"))
    values = dict(item.split("=", 1) for item in env)
    assert values["A"] == "file" and values["CI_NAME"] == "mine"
    assert values["FROM_HOST"] == "host-value" and "UNSET_HERE" not in values
    assert values["CI_BRANCH"] == "main" and values["CI"] == "true"
    assert next(iter(ci_environment(plan))) == "CI"


def test_privileged_and_escaping_volumes_are_refused(tmp_path: Path) -> None:
    steps = "- service: app\n  command: echo\n"
    privileged = make(steps, "app:\n  image: x\n  privileged: true\n")
    with pytest.raises(RunRefused, match=r"codeship-services.yml:1:1: service 'app' is privileged"):
        preflight(privileged, str(tmp_path), allow_privileged=False)
    preflight(privileged, str(tmp_path), allow_privileged=True)
    (tmp_path / "inside").mkdir()
    inside = make(steps, "app:\n  image: x\n  volumes: ['./inside:/data']\n")
    preflight(inside, str(tmp_path), allow_privileged=False)
    (tmp_path / "link").symlink_to("/etc")
    for written in ("../outside", "/etc", "./link"):
        plan = make(steps, f"app:\n  image: x\n  volumes: ['{written}:/data']\n")
        with pytest.raises(RunRefused, match="leaves the project folder"):
            preflight(plan, str(tmp_path), allow_privileged=False)
    missing = make(steps, "app:\n  image: x\n  volumes: ['./nope:/data']\n")
    with pytest.raises(RunRefused, match="does not exist"):
        preflight(missing, str(tmp_path), allow_privileged=False)


def cslint(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m cslint ARGS` in `cwd` with `env`, run to its end."""
    return subprocess.run(
        [sys.executable, "-m", "cslint", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_refusals_exit_2_before_any_daemon_is_asked(tmp_path: Path) -> None:
    (tmp_path / "codeship-services.yml").write_text(
        "app:\n  image: cslint-test/busybox:latest\n  volumes: ['./escape:/x']\n"
    )
    # `cslint check` reports '../x' itself; a symlink that leaves is only seen at run time.
    (tmp_path / "escape").symlink_to("/etc")
    (tmp_path / "codeship-steps.yml").write_text("- service: app\n  command: echo hi\n")
    env = {**os.environ, "DOCKER_HOST": f"unix://{tmp_path}/none.sock"}
    result = cslint(tmp_path, env, "dry-run")
    assert result.returncode == 2, result.stderr
    assert "leaves the project folder" in result.stderr and "none.sock" not in result.stderr
    (tmp_path / "codeship-services.yml").write_text(
        "app:\n  image: cslint-test/busybox:latest\n  privileged: true\n"
    )
    result = cslint(tmp_path, env, "dry-run")
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(
        "cslint: codeship-services.yml:1:1: service 'app' is privileged"
    )


@pytest.mark.parametrize(
    ("services", "where", "message"),
    [
        (
            "app:\n  build:\n    context: ..\n",
            "3:14",
            "the build context '..' is outside the project folder",
        ),
        ("app:\n  build: ../other\n", "2:10", "the build context '../other' is outside"),
        (
            "app:\n  build:\n    context: .\n    dockerfile: ../other/Dockerfile\n",
            "4:17",
            "the Dockerfile '../other/Dockerfile' is outside the project folder",
        ),
        # Links the text of the file does not show: only the dry run sees them.
        ("app:\n  build: ./ctx-link\n", "2:10", "'ctx-link' is a link to a path outside"),
        (
            "app:\n  build:\n    context: .\n    dockerfile: Dockerfile.link\n",
            "4:17",
            "the Dockerfile 'Dockerfile.link' is a link to a path outside",
        ),
    ],
)
def test_a_build_outside_the_project_is_refused_before_any_daemon_is_asked(
    tmp_path: Path, services: str, where: str, message: str
) -> None:
    """A context or Dockerfile outside the project (written so, or through a link) is
    exit 2 at the value's line:col, before a daemon is asked (DOCKER_HOST names no
    daemon, and its address is never mentioned): nothing outside is ever sent. `check`
    warns (CS120) at the same place for what the file itself shows."""
    root = tmp_path / "proj"
    other = tmp_path / "other"
    other.mkdir()
    (other / "Dockerfile").write_text("FROM cslint-test/busybox:latest\n")
    root.mkdir()
    (root / "Dockerfile").write_text("FROM cslint-test/busybox:latest\n")
    (root / "ctx-link").symlink_to(other)
    (root / "Dockerfile.link").symlink_to(other / "Dockerfile")
    (root / "codeship-services.yml").write_text(services)
    (root / "codeship-steps.yml").write_text("- service: app\n  command: echo hi\n")
    # CS403 (an error) already refuses a Dockerfile outside the context; the dry run
    # refuses it on its own too.
    (root / ".cslint.yaml").write_text("ignore: [CS403]\n")
    env = {**os.environ, "DOCKER_HOST": f"unix://{tmp_path}/none.sock"}

    result = cslint(root, env, "dry-run")
    assert (result.returncode, result.stderr.count("\n")) == (2, 1), result.stderr
    assert result.stderr.startswith(f"cslint: codeship-services.yml:{where}: service 'app': ")
    assert message in result.stderr and "--allow-outside-context" in result.stderr
    assert "none.sock" not in result.stderr and "cslint dry run" not in result.stdout
    checked = cslint(root, env, "check", "--format", "json", "--select", "CS120")
    found = [
        f"{d['range']['start']['line'] + 1}:{d['range']['start']['character'] + 1}"
        for f in json.loads(checked.stdout)["files"]
        for d in f["diagnostics"]
    ]
    assert found == ([where] if "build context '." in message else []), checked.stdout


def test_summary_and_junit() -> None:
    plan = make(PARALLEL)
    _, results = schedule(plan, started=4)
    ordered = [results[leaf.label] for leaf in plan.leaves()]
    text = summary_text("abcd1234", ordered, 1.5)
    assert text.splitlines()[-1] == "4 passed, 1 failed, 1 skipped, 0 would push in 1.5s"
    root = ET.fromstring(junit_xml("abcd1234", ordered, 1.5))
    suite = root.find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("6", "1", "1")
    names = [case.get("name") for case in suite.iter("testcase")]
    assert names == ["first", "p1", "p2", "rescue", "p3", "last"]


def test_no_code_of_cslint_can_push() -> None:
    """A push step is simulated: no module calls the SDK's push (images.push, api.push)
    nor names the registry push endpoint."""
    offenders = []
    for path in (REPO / "linter").rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr == "push":
                offenders.append(f"{path}:{node.lineno}")
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and "/push" in node.value
            ):
                offenders.append(f"{path}:{node.lineno}")
    assert offenders == []


def test_add_docker_access_for_each_kind_of_daemon(tmp_path: Path) -> None:
    """A unix socket is mounted at its path; TLS gives the variables and the certificate
    folder, read-only; an address that cannot work inside a container is a note."""
    from docker.tls import TLSConfig

    from cslint.pipeline.daemon_access import daemon_access
    from cslint.pipeline.session import Endpoint

    unix = daemon_access(Endpoint("unix:///run/x/docker.sock", "DOCKER_HOST"))
    assert unix.environment == (("DOCKER_HOST", "unix:///run/x/docker.sock"),)
    assert unix.binds == ("/run/x/docker.sock:/run/x/docker.sock",) and unix.notes == ()
    for name in ("ca.pem", "cert.pem", "key.pem"):
        (tmp_path / name).write_text("x")
    tls = TLSConfig(
        client_cert=(str(tmp_path / "cert.pem"), str(tmp_path / "key.pem")),
        ca_cert=str(tmp_path / "ca.pem"),
        verify=True,
    )
    remote = daemon_access(Endpoint("tcp://10.20.30.40:2376", "DOCKER_HOST", tls))
    assert dict(remote.environment) == {
        "DOCKER_HOST": "tcp://10.20.30.40:2376",
        "DOCKER_TLS_VERIFY": "1",
        "DOCKER_CERT_PATH": str(tmp_path),
    }
    assert remote.binds == (f"{tmp_path}:{tmp_path}:ro",) and remote.notes == ()
    ssh = daemon_access(Endpoint("ssh://me@build", "docker context 'b' (DOCKER_CONTEXT)"))
    assert ssh.binds == () and "no ssh key" in ssh.notes[0]
    loop = daemon_access(Endpoint("tcp://127.0.0.1:2375", "DOCKER_HOST"))
    assert "loopback" in loop.notes[0]
