"""`cslint dry-run` and `cslint cleanup` against a real Docker daemon (issue 9).

Every test runs the real command in a subprocess against the daemon DOCKER_HOST (or the
docker context) names, on a small project in tmp_path whose images build FROM the
busybox base image, and its teardown asserts that nothing labelled with that project or
with the run's id is left on the daemon. Without a daemon they skip (and fail in CI).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from cslint.pipeline import labels

pytestmark = pytest.mark.docker

BASE = "cslint-test/busybox:latest"
RUN_LINE = re.compile(r"^cslint dry run ([0-9a-f]{8}):", re.MULTILINE)

# A dependency that answers on port 8080 only after two seconds, with a HEALTHCHECK that
# turns healthy then (busybox: plain wget, never `wget -T`, which segfaults on failure).
SLOW_DB = f"""FROM {BASE}
RUN mkdir -p /w && echo pong > /w/ping
HEALTHCHECK --interval=1s --timeout=2s --retries=60 CMD wget -q -O /dev/null http://127.0.0.1:8080/ping
CMD ["sh", "-c", "sleep 2; exec httpd -f -p 8080 -h /w"]
"""
APP = f"""FROM {BASE}
ARG BRANCH
RUN echo "built for $BRANCH" > /built
"""


def write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def cslint_env(**extra: str) -> dict[str, str]:
    """This process's environment without CI (plain lines either way: stdout is a pipe;
    CI only when the test sets it), plus `extra`."""
    return {**{k: v for k, v in os.environ.items() if k != "CI"}, **extra}


def cslint(
    *args: str,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 240,
) -> subprocess.CompletedProcess[str]:
    """`python -m cslint ARGS` run to its end, its output captured as text."""
    return subprocess.run(
        [sys.executable, "-m", "cslint", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
    )


def read_until(proc: subprocess.Popen[str], done: Callable[[list[str]], bool]) -> list[str]:
    """The lines `proc` prints until `done(lines so far)` or its output ends."""
    assert proc.stdout is not None
    seen: list[str] = []
    while line := proc.stdout.readline():
        seen.append(line)
        if done(seen):
            break
    return seen


class Project:
    """A project folder and what its runs printed (for the run ids the sweep must find)."""

    def __init__(self, root: Path, client: Any) -> None:
        self.root = root
        self.client = client
        self.outputs: list[str] = []

    def run(self, *args: str, timeout: float = 240, **env: str) -> subprocess.CompletedProcess[str]:
        result = cslint(*args, cwd=self.root, env=cslint_env(**env), timeout=timeout)
        self.outputs.append(result.stdout)
        return result

    def start(self, *args: str) -> subprocess.Popen[str]:
        """`cslint ARGS` started in the project, its output piped (read it, then
        `communicate`; add what it printed to `outputs`)."""
        return subprocess.Popen(
            [sys.executable, "-m", "cslint", *args],
            cwd=self.root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=cslint_env(),
        )

    def run_ids(self) -> set[str]:
        return {m for out in self.outputs for m in RUN_LINE.findall(out)}


def left_behind(client: Any, root: Path, run_ids: set[str]) -> list[str]:
    project = os.path.realpath(root)
    by_project = {"label": f"{labels.PROJECT}={project}"}
    found = [f"container {c['Names']}" for c in client.api.containers(all=True, filters=by_project)]
    found += [f"network {n['Name']}" for n in client.api.networks(filters=by_project)]
    found += [
        f"volume {v['Name']}" for v in client.api.volumes(filters=by_project).get("Volumes") or []
    ]
    for run_id in run_ids:
        by_run = {"label": f"{labels.RUN}={run_id}"}
        found += [f"image {i['RepoTags']}" for i in client.api.images(filters=by_run)]
        found += [
            f"container {c['Names']}" for c in client.api.containers(all=True, filters=by_run)
        ]
    return found


@pytest.fixture
def make_project(docker_client: Any) -> Iterator[Callable[[Path], Project]]:
    """Projects in any folder; the teardown asserts that none left anything behind."""
    made: list[Project] = []

    def make(root: Path) -> Project:
        root.mkdir(parents=True, exist_ok=True)
        made.append(Project(root, docker_client))
        return made[-1]

    yield make
    for one in made:
        assert left_behind(docker_client, one.root, one.run_ids()) == []


@pytest.fixture
def project(tmp_path: Path, make_project: Callable[[Path], Project]) -> Project:
    return make_project(tmp_path)


def test_dependency_by_name_alias_health_env_and_encrypted_note(project: Project) -> None:
    """The step reaches its dependency by service name and by link alias, only after the
    dependency's HEALTHCHECK turned healthy (it answers 2 s late); env_file overrides
    environment; a build argument is rendered from --branch; an encrypted env file is not
    decrypted and the summary says so; no environment value is printed by cslint."""
    write(
        project.root,
        {
            "codeship-services.yml": (
                "app:\n"
                "  build:\n"
                "    context: app\n"
                "    args:\n"
                '      BRANCH: "{{ .Branch }}"\n'
                '  links: ["db:database"]\n'
                "  environment:\n"
                "    ORDER: from-environment\n"
                "    SECRET_TOKEN: s3cr3t-value-never-printed\n"
                "  env_file: app.env\n"
                "  encrypted_env_file: secrets.env.encrypted\n"
                "db:\n"
                "  build: db\n"
            ),
            "app.env": "ORDER=from-env-file\n",
            "secrets.env.encrypted": "codeship:v2\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
            "codeship-steps.yml": (
                "- name: reach\n"
                "  service: app\n"
                "  command: sh -c 'wget -qO- http://db:8080/ping && wget -qO- "
                'http://database:8080/ping && cat /built && echo "order=$ORDER"\'\n'
            ),
            "app/Dockerfile": APP,
            "db/Dockerfile": SLOW_DB,
        },
    )
    result = project.run("dry-run", "--branch", "feature-x")
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert out.count("reach | pong") == 2
    assert "waiting for db to be healthy" in out and "db is healthy" in out
    assert "reach | built for feature-x" in out
    assert "reach | order=from-env-file" in out
    assert "not decrypted" in out and "secrets.env.encrypted" in out
    assert "s3cr3t-value-never-printed" not in out + result.stderr
    assert re.search(r"1 passed, 0 failed, 0 skipped, 0 would push", out)


def test_parallel_failure_on_fail_and_what_never_starts(project: Project, tmp_path: Path) -> None:
    write(
        project.root,
        {
            "codeship-services.yml": f"app:\n  image: {BASE}\n",
            "codeship-steps.yml": (
                "- type: parallel\n"
                "  steps:\n"
                "    - name: slow-ok\n"
                "      service: app\n"
                "      command: sh -c 'sleep 2; echo finished'\n"
                "    - name: breaks\n"
                "      service: app\n"
                "      command: sh -c 'exit 3'\n"
                "      on_fail:\n"
                "        - name: rescue\n"
                "          command: echo rescued\n"
                "- name: after\n"
                "  service: app\n"
                "  command: echo never\n"
            ),
        },
    )
    junit = tmp_path / "out" / "junit.xml"
    junit.parent.mkdir()
    result = project.run("dry-run", "--jobs", "2", "--junit", str(junit))
    assert result.returncode == 1, result.stdout + result.stderr
    out = result.stdout
    assert "slow-ok | finished" in out  # the running sibling finished
    assert "rescue | rescued" in out  # on_fail ran
    assert "after | never" not in out  # nothing further started
    assert re.search(r"failed +\d+\.\ds +breaks +\(exit code 3\)", out)
    assert re.search(r"skipped +0\.0s +after +\(not started: 'breaks' failed\)", out)
    assert "2 passed, 1 failed, 1 skipped, 0 would push" in out
    xml = junit.read_text()
    assert '<failure message="exit code 3"' in xml and 'name="rescue"' in xml
    assert "<skipped message=\"not started: 'breaks' failed\"" in xml


def test_tag_filtering(project: Project) -> None:
    write(
        project.root,
        {
            "codeship-services.yml": f"app:\n  image: {BASE}\n",
            "codeship-steps.yml": (
                "- name: always\n"
                "  service: app\n"
                "  command: echo always-ran\n"
                "- name: release\n"
                "  service: app\n"
                "  tag: ^v[0-9]+\n"
                "  command: echo release-ran\n"
                "- name: not-main\n"
                "  service: app\n"
                "  exclude: main\n"
                "  command: echo not-main-ran\n"
            ),
        },
    )
    on_main = project.run("dry-run", "--branch", "main")
    assert on_main.returncode == 0, on_main.stderr
    assert "always | always-ran" in on_main.stdout
    assert "release-ran" not in on_main.stdout and "not-main-ran" not in on_main.stdout
    assert re.search(r"skipped .* release +\(tag '\^v\[0-9\]\+' \(line 6\)", on_main.stdout)
    on_tag = project.run("dry-run", "--tag", "v1.2")
    assert on_tag.returncode == 0, on_tag.stderr
    assert "release | release-ran" in on_tag.stdout and "not-main | not-main-ran" in on_tag.stdout


def test_build_failure_names_the_dockerfile_line(project: Project) -> None:
    """The failing instruction's line is named; the layer of the step that had finished
    (no cache: its command carries a fresh token) is removed with the failed build."""
    import secrets

    token = secrets.token_hex(6)
    write(
        project.root,
        {
            "codeship-services.yml": "app:\n  build:\n    context: .\n    dockerfile: ci/Dockerfile.ci\n",
            "codeship-steps.yml": "- name: t\n  service: app\n  command: echo hi\n",
            "ci/Dockerfile.ci": (
                f"FROM {BASE}\n"
                "# a comment and a continued RUN: the failing one starts on line 5\n"
                f"RUN echo one {token} && \\\n"
                "    echo two\n"
                "RUN echo about to fail && exit 7\n"
                "RUN echo never\n"
            ),
        },
    )
    result = project.run("dry-run")
    assert result.returncode == 1, result.stdout + result.stderr
    line = next(x for x in result.stderr.splitlines() if "the build failed" in x)
    assert line.startswith(
        "cslint: " + os.path.join("ci", "Dockerfile.ci") + ":5: service 'app'"
    ), line
    assert "returned a non-zero code: 7" in line
    assert "build app | about to fail" in result.stdout
    assert "skipped" in result.stdout and "not started: an image did not build" in result.stdout
    assert _made_by(project.client, token) == []


def test_push_step_is_tagged_never_pushed_and_old_tag_put_back(
    project: Project, docker_client: Any
) -> None:
    """The push step tags the built image with the rendered name and tag while the run
    lasts (a later step proves it through the daemon's own API log: the tag exists), says
    "would push", and at the end the tag names again what it named before."""
    old = docker_client.api.inspect_image(BASE)["Id"]
    repo = f"cslint-test/pushed-{os.getpid()}"
    docker_client.api.tag(BASE, repo, "main-abc1234")
    try:
        write(
            project.root,
            {
                "codeship-services.yml": (f"app:\n  build:\n    context: .\n    image: {repo}\n"),
                "Dockerfile": f"FROM {BASE}\nRUN echo built > /marker\n",
                "codeship-steps.yml": (
                    "- name: publish\n"
                    "  service: app\n"
                    "  type: push\n"
                    f"  image_name: {repo}\n"
                    '  image_tag: "{{ .Branch }}-{{ .CommitID }}"\n'
                    "  registry: registry.example.org\n"
                ),
            },
        )
        result = project.run("dry-run", "--branch", "main", "--ci-commit-id", "abc1234")
        assert result.returncode == 0, result.stdout + result.stderr
        out = result.stdout
        assert f"publish | tagged {repo}:main-abc1234; would push it" in out
        assert re.search(r"would push +\d+\.\ds +publish", out)
        assert "0 passed, 0 failed, 0 skipped, 1 would push" in out
        # Put back: the tag names the image it named before the run.
        assert docker_client.api.inspect_image(f"{repo}:main-abc1234")["Id"] == old
        # The build.image name the run made is gone with the run.
        assert not docker_client.api.images(name=f"{repo}:latest")
    finally:
        docker_client.api.remove_image(f"{repo}:main-abc1234")


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_in_the_middle_leaves_nothing(project: Project, sig: int, code: int) -> None:
    write(
        project.root,
        {
            "codeship-services.yml": (
                "app:\n  build: .\n  depends_on: [side]\n  volumes: [/data]\n"
                f"side:\n  image: {BASE}\n  command: sleep 300\n"
            ),
            "Dockerfile": f"FROM {BASE}\n",
            "codeship-steps.yml": (
                "- type: parallel\n"
                "  steps:\n"
                "    - name: long-a\n"
                "      service: app\n"
                "      command: sh -c 'echo started-a; sleep 300'\n"
                "    - name: long-b\n"
                "      service: app\n"
                "      command: sh -c 'echo started-b; sleep 300'\n"
            ),
        },
    )
    proc = project.start("dry-run", "--jobs", "2")
    seen = read_until(proc, lambda seen: sum("| started-" in x for x in seen) == 2)
    assert sum("| started-" in x for x in seen) == 2, "".join(seen)
    project.outputs.append("".join(seen))
    # Both steps' containers, their dependency and volumes exist now.
    assert left_behind(project.client, project.root, project.run_ids())
    proc.send_signal(sig)
    rest, err = proc.communicate(timeout=90)
    project.outputs.append(rest)
    assert proc.returncode == code, rest + err
    assert f"{signal.Signals(sig).name}: stopping" in rest
    assert "Traceback" not in err


def test_a_signal_during_a_build_still_lists_every_step(project: Project) -> None:
    write(
        project.root,
        {
            "codeship-services.yml": "app:\n  build: .\n",
            "Dockerfile": f"FROM {BASE}\nRUN sleep 20\n",
            "codeship-steps.yml": (
                "- name: first\n  service: app\n  command: echo one\n"
                "- name: second\n  service: app\n  command: echo two\n"
            ),
        },
    )
    proc = project.start("dry-run")
    read = read_until(proc, lambda seen: "RUN sleep 20" in seen[-1])
    time.sleep(1)
    proc.send_signal(signal.SIGINT)
    rest, err = proc.communicate(timeout=90)
    project.outputs.append("".join(read) + rest)
    assert proc.returncode == 130, rest + err
    summary = rest[rest.index("Summary of dry run") :]
    for name in ("first", "second"):
        assert re.search(rf"skipped .* {name} +\(not started: the run was interrupted\)", summary)
    assert "0 passed, 0 failed, 2 skipped" in summary


def _made_by(client: Any, token: str) -> list[str]:
    """Containers and untagged images whose command carries `token`: what a classic build
    of a Dockerfile whose RUN lines name the token creates (intermediate containers, the
    layers of finished steps)."""
    found = [
        f"container {c['Id'][:12]}"
        for c in client.api.containers(all=True)
        if token in (c.get("Command") or "")
    ]
    for image in client.api.images(filters={"dangling": True}):
        config = client.api.inspect_image(image["Id"]).get("ContainerConfig") or {}
        if token in " ".join(config.get("Cmd") or []):
            found.append(f"image {image['Id'][7:19]}")
    return found


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_during_a_slow_build_stops_at_once(project: Project, sig: int, code: int) -> None:
    """A signal while a build runs a long RUN cuts the build stream: the daemon cancels
    the build, and cslint exits within a few seconds (it waited up to 10 s before), with
    the builder's container and the layers of finished steps removed too."""
    import secrets

    token = secrets.token_hex(6)
    write(
        project.root,
        {
            "codeship-services.yml": "app:\n  build: .\n",
            "Dockerfile": (
                f"FROM {BASE}\nRUN echo {token} > /layer\nRUN sleep 120 && echo {token}\n"
            ),
            "codeship-steps.yml": "- name: never\n  service: app\n  command: echo no\n",
        },
    )
    proc = project.start("dry-run")

    def running(seen: list[str]) -> bool:
        return "Running in" in seen[-1] and any("RUN sleep 120" in x for x in seen)

    seen = read_until(proc, running)
    assert seen and running(seen), "".join(seen)
    # The builder's container runs the sleep now.
    assert any(x.startswith("container") for x in _made_by(project.client, token))
    sent = time.monotonic()
    proc.send_signal(sig)
    rest, err = proc.communicate(timeout=90)
    took = time.monotonic() - sent
    project.outputs.append("".join(seen) + rest)
    assert proc.returncode == code, rest + err
    assert "Traceback" not in err
    assert took < 5, f"{took:.1f}s from the signal to the exit"
    assert _made_by(project.client, token) == []


def test_unreachable_daemon_is_one_line_exit_2(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "codeship-services.yml": f"app:\n  image: {BASE}\n",
            "codeship-steps.yml": "- service: app\n  command: echo hi\n",
        },
    )
    sock = tmp_path / "no-daemon.sock"
    env = {**os.environ, "DOCKER_HOST": f"unix://{sock}"}
    result = cslint("dry-run", cwd=tmp_path, env=env)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert f"no Docker daemon answers at unix://{sock} (from DOCKER_HOST)" in result.stderr


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (
            {"DOCKER_HOST": "tcp://[::1"},
            "no Docker daemon answers at tcp://[::1 (from DOCKER_HOST)",
        ),
        (
            {
                "DOCKER_HOST": "tcp://127.0.0.1:1",
                "DOCKER_TLS_VERIFY": "1",
                "DOCKER_CERT_PATH": "/nonexistent-certs",
            },
            "DOCKER_TLS_VERIFY is set, but /nonexistent-certs lacks ca.pem, cert.pem or key.pem",
        ),
    ],
)
@pytest.mark.parametrize("command", ["dry-run", "cleanup"])
def test_a_daemon_address_that_cannot_be_used_is_one_line_exit_2(
    tmp_path: Path, extra: dict[str, str], expected: str, command: str
) -> None:
    write(
        tmp_path,
        {
            "codeship-services.yml": f"app:\n  image: {BASE}\n",
            "codeship-steps.yml": "- service: app\n  command: echo hi\n",
        },
    )
    result = cslint(command, cwd=tmp_path, env={**os.environ, **extra})
    assert (result.returncode, result.stderr.count("\n")) == (2, 1), result.stderr
    assert expected in result.stderr


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("codeship-steps.yml", "is also an input of this run; it was not overwritten"),
        ("app.env", "is also an input of this run; it was not overwritten"),
        ("Dockerfile", "is also an input of this run; it was not overwritten"),
        (".", "it is not a regular file"),
        ("no/such/folder/out.xml", "does not exist"),
    ],
)
def test_junit_never_replaces_an_input_and_a_bad_path_is_exit_2_before_the_run(
    project: Project, target: str, message: str
) -> None:
    files = {
        "codeship-services.yml": "app:\n  build: .\n  env_file: app.env\n",
        "Dockerfile": f"FROM {BASE}\n",
        "app.env": "A=1\n",
        "codeship-steps.yml": "- service: app\n  command: echo hi\n",
    }
    write(project.root, files)
    done = project.run("dry-run", "--junit", target)
    assert (done.returncode, done.stderr.count("\n")) == (2, 1), done.stdout + done.stderr
    assert message in done.stderr
    assert "cslint dry run" not in done.stdout  # refused before anything ran
    for name, text in files.items():
        assert (project.root / name).read_text() == text


def test_docker_context_is_honoured(tmp_path: Path, docker_client: Any) -> None:
    """Without DOCKER_HOST, the current context of the docker config names the daemon, as
    for the docker CLI: a context pointing at a dead socket fails there, the real one works."""
    host = docker_client.api.base_url
    real = os.environ.get("DOCKER_HOST") or "unix:///var/run/docker.sock"
    assert host  # connected
    config = tmp_path / "dockercfg"
    for name, endpoint in (("dead", f"unix://{tmp_path}/dead.sock"), ("live", real)):
        import hashlib

        meta = config / "contexts" / "meta" / hashlib.sha256(name.encode()).hexdigest()
        meta.mkdir(parents=True)
        (meta / "meta.json").write_text(
            json.dumps({"Name": name, "Metadata": {}, "Endpoints": {"docker": {"Host": endpoint}}})
        )
    env = {k: v for k, v in os.environ.items() if k not in ("DOCKER_HOST", "DOCKER_CONTEXT")}
    env["DOCKER_CONFIG"] = str(config)
    (config / "config.json").write_text(json.dumps({"currentContext": "dead"}))
    dead = cslint("cleanup", "--dry-run", "--run", "00000000", env=env)
    assert dead.returncode == 2 and "docker context 'dead'" in dead.stderr, dead.stderr
    (config / "config.json").write_text(json.dumps({"currentContext": "live"}))
    live = cslint("cleanup", "--dry-run", "--run", "00000000", env=env)
    assert live.returncode == 0 and live.stdout == "nothing to remove\n", live.stderr


def test_cleanup_removes_what_a_killed_run_left(tmp_path: Path, docker_client: Any) -> None:
    """Objects of a run whose process is gone are listed by --dry-run and removed; those of
    a run that is still going on this machine are left alone."""
    dead_run, live_run = labels.new_run_id(), labels.new_run_id()
    project = os.path.realpath(tmp_path)
    dead = {labels.RUN: dead_run, labels.PROJECT: project, labels.OWNER: "gone-host:1"}
    # This test's own process is no cslint; a live owner is a process whose command line is.
    sleeper = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(60)", "cslint"],
    )
    live = {
        labels.RUN: live_run,
        labels.PROJECT: project,
        labels.OWNER: f"{labels.owner().rpartition(':')[0]}:{sleeper.pid}",
    }
    try:
        docker_client.api.create_network(f"cslint-test-dead-{dead_run}", labels=dead)
        docker_client.api.create_volume(f"cslint-test-dead-{dead_run}", labels=dead)
        docker_client.api.create_network(f"cslint-test-live-{live_run}", labels=live)
        listed = cslint("cleanup", "--dry-run")
        assert listed.returncode == 0, listed.stderr
        assert f"would remove network cslint-test-dead-{dead_run} (run {dead_run})" in listed.stdout
        assert f"would remove volume cslint-test-dead-{dead_run} (run {dead_run})" in listed.stdout
        assert live_run not in listed.stdout
        assert docker_client.api.networks(names=[f"cslint-test-dead-{dead_run}"])
        removed = cslint("cleanup", "--run", dead_run)
        assert removed.returncode == 0, removed.stderr
        assert not docker_client.api.networks(filters={"label": f"{labels.RUN}={dead_run}"})
        assert not docker_client.api.volumes(filters={"label": f"{labels.RUN}={dead_run}"}).get(
            "Volumes"
        )
        assert docker_client.api.networks(filters={"label": f"{labels.RUN}={live_run}"})
    finally:
        sleeper.kill()
        docker_client.api.remove_network(f"cslint-test-live-{live_run}")
        from cslint.pipeline import cleanup

        cleanup.sweep(docker_client, dead_run)
    assert not left_behind(docker_client, tmp_path, {dead_run, live_run})


@pytest.mark.parametrize("bad", ["", " ", "zz", "0123456", "DEADBEEF", "0123456789", "ab12cd34,"])
def test_cleanup_run_must_name_one_run(tmp_path: Path, docker_client: Any, bad: str) -> None:
    """`--run` with an empty or malformed id is a usage error (exit 2, one line) before the
    daemon is asked; it never sweeps every dead run. Two leftover runs stay until one is
    named, and then only that one goes."""
    project = os.path.realpath(tmp_path)
    runs = [labels.new_run_id(), labels.new_run_id()]
    for run_id in runs:
        marks = {labels.RUN: run_id, labels.PROJECT: project, labels.OWNER: "gone-host:1"}
        docker_client.api.create_network(f"cslint-test-left-{run_id}", labels=marks)
        docker_client.api.create_volume(f"cslint-test-left-{run_id}", labels=marks)

    def present(run_id: str) -> bool:
        by_run = {"label": f"{labels.RUN}={run_id}"}
        return bool(docker_client.api.networks(filters=by_run)) and bool(
            docker_client.api.volumes(filters=by_run).get("Volumes")
        )

    try:
        for args in (("--run", bad), ("--dry-run", "--run", bad)):
            refused = cslint("cleanup", *args)
            assert (refused.returncode, refused.stderr.count("\n")) == (2, 1), refused.stderr
            assert "is not a dry run id" in refused.stderr
            assert refused.stdout == ""
            assert all(present(run_id) for run_id in runs)
        removed = cslint("cleanup", "--run", runs[0])
        assert removed.returncode == 0, removed.stderr
        assert runs[1] not in removed.stdout
        assert not present(runs[0]) and present(runs[1])
    finally:
        from cslint.pipeline import cleanup as sweep

        for run_id in runs:
            sweep.sweep(docker_client, run_id)
    assert not left_behind(docker_client, tmp_path, set(runs))


def test_find_refuses_an_empty_run_id(docker_client: Any) -> None:
    from cslint.pipeline import cleanup as sweep

    with pytest.raises(ValueError, match="not a dry run id"):
        sweep.find(docker_client, "")


def test_a_context_outside_runs_only_with_the_flag(
    tmp_path: Path, make_project: Callable[[Path], Project]
) -> None:
    """`build: ../other` is refused (exit 2, nothing created); with --allow-outside-context
    the folder is sent and the step sees its file."""
    root = write(
        tmp_path / "proj",
        {
            "codeship-services.yml": "app:\n  build: ../other\n",
            "codeship-steps.yml": "- name: show\n  service: app\n  command: cat /sibling.txt\n",
        },
    )
    write(
        tmp_path / "other",
        {"Dockerfile": f"FROM {BASE}\nCOPY sibling.txt /\n", "sibling.txt": "from-the-sibling\n"},
    )
    made = make_project(root)
    refused = made.run("dry-run")
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert "codeship-services.yml:2:10: service 'app': the build context '../other'" in (
        refused.stderr
    )
    assert "cslint dry run" not in refused.stdout
    allowed = made.run("dry-run", "--allow-outside-context")
    assert allowed.returncode == 0, allowed.stdout + allowed.stderr
    assert "show | from-the-sibling" in allowed.stdout


def test_links_in_the_context_that_point_outside_are_never_followed(project: Project) -> None:
    """A symlink in the build context that points outside the project (relative, absolute,
    to a folder) reaches the daemon as a link, never as what it points at: the docker SDK's
    context tar stores the link (checked on the tar itself), the builder copies the link
    and `COPY link` refuses it. The secret outside never appears in any output."""
    import io
    import tarfile

    from docker.utils.build import tar

    outside = project.root.parent / f"{project.root.name}-outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("TOP-SECRET-outside-value\n")
    write(
        project.root,
        {
            "codeship-services.yml": "app:\n  build: .\n",
            "Dockerfile": f"FROM {BASE}\nCOPY . /ctx\n",
            "codeship-steps.yml": (
                "- name: look\n"
                "  service: app\n"
                "  command: sh -c 'ls -l /ctx; cat /ctx/leak /ctx/leak-abs /ctx/leakdir/secret.txt;"
                " echo looked'\n"
            ),
        },
    )
    (project.root / "leak").symlink_to(f"../{outside.name}/secret.txt")
    (project.root / "leak-abs").symlink_to(outside / "secret.txt")
    (project.root / "leakdir").symlink_to(outside)
    with tarfile.open(fileobj=tar(str(project.root))) as sent:
        members = {m.name: m for m in sent.getmembers()}
        for name in ("leak", "leak-abs", "leakdir"):
            assert members[name].issym(), name
        assert not any(name.startswith("leakdir/") for name in members)
        assert all(
            b"TOP-SECRET" not in (sent.extractfile(m) or io.BytesIO()).read()
            for m in members.values()
            if m.isfile()
        )
    result = project.run("dry-run")
    shown = result.stdout + result.stderr
    assert result.returncode == 0, shown
    assert re.search(r"look \| .*leak -> \.\./\S+-outside/secret\.txt", shown), shown
    assert "look | looked" in shown
    assert "TOP-SECRET" not in shown
    (project.root / "Dockerfile").write_text(f"FROM {BASE}\nCOPY leak /copied\n")
    copied = project.run("dry-run")
    assert copied.returncode == 1, copied.stdout + copied.stderr
    assert "Dockerfile:2: service 'app': the build failed at `COPY leak /copied`" in copied.stderr
    assert "TOP-SECRET" not in copied.stdout + copied.stderr


@pytest.mark.parametrize(
    "ports",
    [
        [8080, (53, "udp"), 7000, 7001, 7002],
        [(5432, "udp"), 5432, 6379],
        [],
    ],
)
def test_link_variables_match_the_daemons_own_legacy_links(
    docker_client: Any, ports: list[Any]
) -> None:
    """What cslint computes for a link equals what the daemon sets for a legacy link on
    its default bridge (the only place Docker still sets them): ports, port runs, the
    default port, the name, the linked container's environment (but HOME and PATH)."""
    from cslint.pipeline.links import link_variables

    api = docker_client.api
    marks = {labels.RUN: labels.new_run_id()}
    child = api.create_container(
        BASE,
        command=["sleep", "60"],
        environment=["FOO=bar", "EMPTY=", "EQ=a=b"],
        ports=ports,
        labels=marks,
    )
    made = [child["Id"]]
    try:
        api.start(child)
        child_name = api.inspect_container(child)["Name"].lstrip("/")
        parent = api.create_container(
            BASE,
            command=["env"],
            labels=marks,
            host_config=api.create_host_config(links={child_name: "my-db"}),
        )
        made.append(parent["Id"])
        api.start(parent)
        api.wait(parent)
        daemon = sorted(
            line for line in api.logs(parent).decode().splitlines() if line.startswith("MY_DB_")
        )
        attrs = api.inspect_container(child)
        ours = link_variables(
            "my-db",
            attrs["NetworkSettings"]["Networks"]["bridge"]["IPAddress"],
            (attrs["Config"].get("ExposedPorts") or {}).keys(),
            attrs["Config"]["Env"],
            api.inspect_container(parent)["Name"].lstrip("/"),
        )
        assert sorted(f"{key}={value}" for key, value in ours) == daemon
        assert any(line.startswith("MY_DB_ENV_FOO=bar") for line in daemon)
    finally:
        for cid in made:
            api.remove_container(cid, force=True)


def test_links_give_the_step_the_link_variables(project: Project) -> None:
    """A step whose service links `db` as `database` gets DATABASE_PORT..., with the
    address the dependency has on the step's network, and DATABASE_ENV_... from its
    environment; what CodeShip does not document is said in a note."""
    write(
        project.root,
        {
            "codeship-services.yml": (
                f"app:\n  image: {BASE}\n  links: ['db:database']\n"
                "db:\n  build: db\n  environment:\n    DB_FLAVOUR: busy\n"
            ),
            "db/Dockerfile": SLOW_DB.replace("HEALTHCHECK", "EXPOSE 8080\nHEALTHCHECK"),
            "codeship-steps.yml": (
                "- name: use\n"
                "  service: app\n"
                "  command: sh -c 'echo port=$DATABASE_PORT env=$DATABASE_ENV_DB_FLAVOUR;"
                " wget -qO- http://$DATABASE_PORT_8080_TCP_ADDR:$DATABASE_PORT_8080_TCP_PORT/ping'\n"
            ),
        },
    )
    result = project.run("dry-run")
    out = result.stdout
    assert result.returncode == 0, out + result.stderr
    assert re.search(r"use \| port=tcp://\d+\.\d+\.\d+\.\d+:8080 env=busy$", out, re.MULTILINE), out
    assert "use | pong" in out
    assert "note: service 'app' links 'db' as 'database': DATABASE_PORT..." in out


def _static_elf(path: str) -> bool:
    """Whether `path` is an ELF executable without a program interpreter (runs in any
    container, busybox included)."""
    import struct

    try:
        with open(path, "rb") as fh:
            head = fh.read(64)
            if head[:4] != b"\x7fELF" or head[4] != 2:
                return False
            (phoff,) = struct.unpack_from("<Q", head, 32)
            phentsize, phnum = struct.unpack_from("<HH", head, 54)
            fh.seek(phoff)
            table = fh.read(phentsize * phnum)
    except OSError:
        return False
    return all(
        struct.unpack_from("<I", table, i * phentsize)[0] != 3  # PT_INTERP
        for i in range(phnum)
    )


def test_add_docker_gives_the_container_the_daemon(project: Project, docker_client: Any) -> None:
    """`add_docker: true` sets DOCKER_HOST to the daemon the dry run talks to and mounts its
    socket at the same path; a service without it gets neither. With a static docker CLI
    on this machine (mounted into the step), the step asks the daemon for its version."""
    import shutil

    from cslint.pipeline.session import find_endpoint

    host = find_endpoint().host
    cli = next(
        (p for p in ("/usr/local/bin/docker", shutil.which("docker")) if p and _static_elf(p)),
        None,
    )
    volumes = ""
    asks = ""
    if cli is not None:
        try:
            os.link(cli, project.root / "docker-cli")
        except OSError:
            shutil.copy(cli, project.root / "docker-cli")
        volumes = "  volumes: ['./docker-cli:/usr/local/bin/docker:ro']\n"
        asks = "; docker version --format server={{.Server.Version}}"
    write(
        project.root,
        {
            "codeship-services.yml": (
                f"tool:\n  image: {BASE}\n  add_docker: true\n{volumes}plain:\n  image: {BASE}\n"
            ),
            "codeship-steps.yml": (
                "- name: drive\n"
                "  service: tool\n"
                "  command: sh -c 'echo host=$DOCKER_HOST; test -S ${DOCKER_HOST#unix://}"
                f" && echo socket-ok{asks}'\n"
                "- name: without\n"
                "  service: plain\n"
                "  command: sh -c 'echo host=${DOCKER_HOST:-none}'\n"
            ),
        },
    )
    result = project.run("dry-run")
    out = result.stdout
    assert result.returncode == 0, out + result.stderr
    assert f"drive | host={host}" in out
    assert f"note: service 'tool' (add_docker) gets DOCKER_HOST={host}" in out
    if host.startswith("unix://"):
        assert "drive | socket-ok" in out
    if cli is not None:
        version = docker_client.version()["Version"]
        assert f"drive | server={version}" in out
    assert "without | host=none" in out
    plan = project.run("plan")
    assert "add_docker: the container gets DOCKER_HOST" in plan.stdout


def test_a_value_the_daemon_refuses_is_not_printed(project: Project) -> None:
    """The daemon quotes `KEY=value` when it refuses an environment entry; neither the log,
    the summary nor the JUnit file may show the value (planted in environment, env_file)."""
    write(
        project.root,
        {
            "codeship-services.yml": (
                f"app:\n  image: {BASE}\n  depends_on: [db]\n"
                '  environment:\n    API_TOKEN: "planted-env-secret\\0x"\n'
                f"db:\n  image: {BASE}\n  env_file: db.env\n"
            ),
            "db.env": "DB_PASSWORD=planted-file-secret\0y\n",
            "codeship-steps.yml": "- name: t\n  service: app\n  command: echo hi\n",
        },
    )
    done = project.run("dry-run", "--junit", "out.xml")
    everything = done.stdout + done.stderr + (project.root / "out.xml").read_text()
    assert done.returncode == 1, everything
    assert "Docker:" in done.stdout
    assert "DB_PASSWORD=********" in done.stdout
    assert "planted" not in everything
    assert "Traceback" not in done.stderr


def test_cleanup_leaves_a_live_run_alone_while_it_still_builds(project: Project) -> None:
    """Between its first built image and its first container a run owns only images, which
    carry no owner; `cslint cleanup` in another shell must still see the run as live."""
    write(
        project.root,
        {
            "codeship-services.yml": (
                "app:\n  build:\n    dockerfile: Dockerfile.app\n"
                "slow:\n  build:\n    dockerfile: Dockerfile.slow\n"
            ),
            "Dockerfile.app": f"FROM {BASE}\nRUN echo app > /app\n",
            "Dockerfile.slow": f"FROM {BASE}\nRUN sleep 4 && echo slow > /slow\n",
            "codeship-steps.yml": (
                "- name: a\n  service: app\n  command: cat /app\n"
                "- name: s\n  service: slow\n  command: cat /slow\n"
            ),
        },
    )
    proc = project.start("dry-run", "--jobs", "1")
    seen = read_until(proc, lambda seen: seen[-1].startswith("--> build slow"))
    project.outputs.append("".join(seen))
    (run_id,) = project.run_ids()
    assert project.client.api.images(filters={"label": f"{labels.RUN}={run_id}"})
    listed = cslint("cleanup", "--dry-run")
    rest, err = proc.communicate(timeout=120)
    project.outputs.append(rest)
    assert listed.returncode == 0, listed.stderr
    assert run_id not in listed.stdout
    assert proc.returncode == 0, "".join(seen) + rest + err
    assert "2 passed" in rest


def _normalized(lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        line = re.sub(r"\b[0-9a-f]{8}\b", "RUNID", line)
        out.append(re.sub(r"\d+\.\ds\b", "T", line))
    return out


def test_readme_dry_run_output_is_current(make_project: Callable[[Path], Project]) -> None:
    """The README's dry-run block is what `cslint dry-run` prints in examples/dry-run
    today (times and run ids aside; parallel steps' lines may come in either order)."""
    root = Path(__file__).resolve().parent.parent / "examples" / "dry-run"
    example = make_project(root)
    result = example.run("dry-run", "--branch", "main", "--ci-commit-id", "abc1234")
    assert result.returncode == 0, result.stdout + result.stderr
    text = (root.parent.parent / "README.md").read_text(encoding="utf-8")
    start = text.index("In `examples/dry-run`")
    block = re.search(r"```text\n(.*?)```", text[start:], re.DOTALL)
    assert block is not None
    wanted = [
        line
        for line in block.group(1).splitlines()
        if line and line != "..." and not line.startswith("$ ")
    ]
    # Four steps use `app`: its image is built once for the run.
    assert result.stdout.count("--> build app:") == 1
    printed = set(_normalized(result.stdout.splitlines()))
    for line in _normalized(wanted):
        assert line in printed, f"README line no longer printed: {line!r}"


def test_absent_image_that_cannot_be_pulled(project: Project) -> None:
    """No registry answers here: the pull fails at once and the message names the service
    at its line; nothing runs."""
    write(
        project.root,
        {
            "codeship-services.yml": "app:\n  image: cslint-test/absent-image:1.0\n",
            "codeship-steps.yml": "- name: t\n  service: app\n  command: echo hi\n",
        },
    )
    result = project.run("dry-run")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "codeship-services.yml:1:1: service 'app': image 'cslint-test/absent-image:1.0' " in (
        result.stderr
    )
    assert "cannot be pulled" in result.stderr and "t | hi" not in result.stdout


def test_live_view_on_a_terminal(project: Project) -> None:
    """On a terminal (a real pseudo-terminal) the running steps are drawn at the bottom
    with their elapsed time; in CI (CI=true) the same run prints plain lines only."""
    import pty

    write(
        project.root,
        {
            "codeship-services.yml": f"app:\n  image: {BASE}\n",
            "codeship-steps.yml": "- name: waits\n  service: app\n  command: sleep 2\n",
        },
    )

    def on_terminal(**extra: str) -> tuple[int, str]:
        env = cslint_env(**extra)
        leader, follower = pty.openpty()
        proc = subprocess.Popen(
            [sys.executable, "-m", "cslint", "dry-run"],
            cwd=project.root,
            stdin=follower,
            stdout=follower,
            stderr=follower,
            env=env,
        )
        os.close(follower)
        chunks = []
        while True:
            try:
                data = os.read(leader, 4096)
            except OSError:  # EIO: the terminal's other side closed
                break
            if not data:
                break
            chunks.append(data)
        code = proc.wait(timeout=60)
        os.close(leader)
        screen = b"".join(chunks).decode(errors="replace")
        project.outputs.append(screen)
        return code, screen

    code, screen = on_terminal()
    assert code == 0, screen
    assert re.search(r"running +\d+\.\ds  waits", screen), screen
    assert "\x1b[2K" in screen
    code, screen = on_terminal(CI="true")
    assert code == 0, screen
    assert "running " not in screen and "\x1b" not in screen


def test_volumes_host_bind_and_volumes_from(project: Project) -> None:
    """A host volume inside the project is mounted (the step's file appears in the
    project); `volumes_from` mounts the volumes of one container per run, so a later step
    reads what an earlier one wrote there."""
    write(
        project.root,
        {
            "codeship-services.yml": (
                f"app:\n  image: {BASE}\n  volumes_from: [data]\n"
                "  volumes: ['./out:/out']\n"
                f"data:\n  image: {BASE}\n  volumes: [/shared]\n"
            ),
            "out/.keep": "",
            "codeship-steps.yml": (
                "- name: write\n  service: app\n"
                "  command: sh -c 'echo carried > /shared/x && echo on-host > /out/result'\n"
                "- name: read\n  service: app\n  command: cat /shared/x\n"
            ),
        },
    )
    result = project.run("dry-run")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "read | carried" in result.stdout
    assert (project.root / "out" / "result").read_text() == "on-host\n"


def test_health_wait_is_bounded(project: Project) -> None:
    """A dependency that never turns healthy holds the step at most --health-timeout;
    then the step starts anyway, as CodeShip does after its limit."""
    write(
        project.root,
        {
            "codeship-services.yml": "app:\n  build: app\n  depends_on: [db]\ndb:\n  build: db\n",
            "app/Dockerfile": f"FROM {BASE}\n",
            "db/Dockerfile": (
                f"FROM {BASE}\nHEALTHCHECK --interval=1s --timeout=1s CMD false\n"
                'CMD ["sleep", "300"]\n'
            ),
            "codeship-steps.yml": "- name: go\n  service: app\n  command: echo went\n",
        },
    )
    started = time.monotonic()
    result = project.run("dry-run", "--health-timeout", "3")
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(
        r"go \| db is still (starting|unhealthy) after 3s; starting the step", result.stdout
    )
    assert "go | went" in result.stdout
    assert time.monotonic() - started < 60


def test_a_remote_daemon_over_tcp(project: Project, docker_client: Any) -> None:
    """DOCKER_HOST=tcp://... works: the test forwards a loopback TCP port to the daemon's
    socket (what a remote daemon looks like to the client)."""
    import socket
    import threading

    real = os.environ.get("DOCKER_HOST", "")
    if not real.startswith("unix://"):
        pytest.skip(f"the forwarder needs a unix socket daemon, DOCKER_HOST is {real!r}")
    path = real.removeprefix("unix://")
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    stop = threading.Event()

    def pump(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (src, dst):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def accept() -> None:
        server.settimeout(0.5)
        while not stop.is_set():
            try:
                client, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            upstream = socket.socket(socket.AF_UNIX)
            upstream.connect(path)
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=pump, args=(a, b), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    try:
        write(
            project.root,
            {
                "codeship-services.yml": f"app:\n  image: {BASE}\n",
                "codeship-steps.yml": "- name: far\n  service: app\n  command: echo over-tcp\n",
            },
        )
        result = project.run("dry-run", DOCKER_HOST=f"tcp://127.0.0.1:{port}")
        assert result.returncode == 0, result.stdout + result.stderr
        assert "far | over-tcp" in result.stdout
    finally:
        stop.set()
        server.close()
