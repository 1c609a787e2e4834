"""The resident server under attack: a socket that answers nothing or garbage, a server
killed mid-call and then a Ctrl-C or a killed caller. Each ends as in-process would (the
in-process answer, the same death) or with a clear error; never a hang, a traceback or a
worker left behind. Real servers and real sockets in a private XDG_RUNTIME_DIR, always
stopped (tests/server_harness.py); the fake servers are plain sockets of this process."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from server_harness import CSLINT, alive, base_env, cslint, server_env, start, wait_until
from test_fast_path import DOCKERFILE, make_project
from test_server import _blocked_call, _running_worker

ARGS = ["check", "--no-cache", "Dockerfile"]


def _socket_path(env: dict[str, str]) -> str:
    """The socket a call made with `env` (by tests/server_harness.py's CSLINT) connects to."""
    script = (
        "import sys\nfrom cslint.server import identity\n"
        "sys.stdout.write(identity.socket_path(identity.key(), create=True)[0])"
    )
    return subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    ).stdout


@contextmanager
def _fake_server(env: dict[str, str], accept: bool) -> Iterator[list[socket.socket]]:
    """A socket at the server's path that takes connections (or leaves them in its
    backlog) and never says a word."""
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(_socket_path(env))
    listener.listen(0)
    taken: list[socket.socket] = []
    if not accept:
        # Fill the backlog: a further connect blocks, as on a server that stopped accepting.
        for _ in range(4):
            filler = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            filler.setblocking(False)
            try:
                filler.connect(listener.getsockname())
            except BlockingIOError:
                filler.close()
                break
            taken.append(filler)
    try:
        if accept:
            import threading

            def take() -> None:
                while True:
                    try:
                        taken.append(listener.accept()[0])
                    except OSError:
                        return

            threading.Thread(target=take, daemon=True).start()
        yield taken
    finally:
        listener.close()
        for conn in taken:
            conn.close()


def _here(env: dict[str, str], project: Path) -> tuple[int, str, str]:
    done = cslint(ARGS, {**env, "CSLINT_SERVER": ""}, cwd=project)
    return done.returncode, done.stdout, done.stderr


def test_a_server_that_takes_the_call_and_never_answers_does_not_hang_it(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    with server_env(tmp_path, CSLINT_SERVER_WAIT="2") as env, _fake_server(env, accept=True):
        began = time.monotonic()
        done = cslint(ARGS, env, cwd=project, timeout=60)
        assert (done.returncode, done.stdout, done.stderr) == _here(env, project)
        assert time.monotonic() - began < 30


def test_a_server_that_never_accepts_does_not_hang_the_call(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    with server_env(tmp_path, CSLINT_SERVER_WAIT="2") as env, _fake_server(env, accept=False):
        done = cslint(ARGS, env, cwd=project, timeout=60)
        assert (done.returncode, done.stdout, done.stderr) == _here(env, project)


def test_sigterm_ends_a_call_waiting_on_a_silent_server_at_once(tmp_path: Path) -> None:
    """`timeout 5 cslint check ...`: the SIGTERM a call gets while no worker runs it yet is
    not swallowed (it was passed to a server that never read it)."""
    project = make_project(tmp_path / "p")
    with server_env(tmp_path, CSLINT_SERVER_WAIT="120") as env, _fake_server(env, accept=True):
        call = subprocess.Popen([*CSLINT, *ARGS], cwd=project, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
        assert wait_until(lambda: bool(_connected(call.pid)), timeout=60)
        call.send_signal(signal.SIGTERM)
        call.communicate(timeout=30)
        assert call.returncode == -signal.SIGTERM


def _connected(pid: int) -> bool:
    """Whether `pid` holds a Unix socket (the call's connection to the server)."""
    try:
        return any(
            os.readlink(f"/proc/{pid}/fd/{fd}").startswith("socket:")
            for fd in os.listdir(f"/proc/{pid}/fd")
        )
    except OSError:
        return False


def test_garbage_from_the_socket_is_a_clear_error_not_a_traceback(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    with server_env(tmp_path) as env:
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(_socket_path(env))
        listener.listen(1)
        for answer in (b"started 1\nexit abc\n", b"\xff\xfe junk\nstarted x\nkilled 999\n"):
            call = subprocess.Popen([*CSLINT, *ARGS], cwd=project, env=env,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
            conn, _ = listener.accept()
            conn.settimeout(30)
            conn.recv(1 << 20)
            conn.sendall(answer)
            conn.close()
            _, err = call.communicate(timeout=60)
            assert b"Traceback" not in err
            assert call.returncode == 2, err
            assert b"resident server (CSLINT_SERVER) ended during this call" in err
        listener.close()


def test_ctrl_c_after_the_server_died_mid_call_still_ends_the_call(tmp_path: Path) -> None:
    """The server that passed signals on is gone: the worker takes its caller's Ctrl-C
    itself (the call hung until its stdin closed) and ends with 130 as in-process."""
    with server_env(tmp_path) as env:
        server = start(env)
        call = _blocked_call(env, make_project(tmp_path / "p"))
        worker = _running_worker(server)
        os.kill(server, signal.SIGKILL)
        assert wait_until(lambda: not alive(server))
        call.send_signal(signal.SIGINT)
        # stdin stays open until the call has ended: closing it first races the signal
        # (the call then reads an empty Dockerfile and exits 1), as in test_server.py.
        call.wait(timeout=60)
        _, err = call.communicate(timeout=60)
        assert call.returncode == 130, err
        assert wait_until(lambda: not alive(worker))


def test_a_caller_killed_after_the_server_died_leaves_no_worker(tmp_path: Path) -> None:
    with server_env(tmp_path) as env:
        server = start(env)
        call = _blocked_call(env, make_project(tmp_path / "p"))
        worker = _running_worker(server)
        os.kill(server, signal.SIGKILL)
        assert wait_until(lambda: not alive(server))
        call.kill()
        call.wait(timeout=30)
        assert wait_until(lambda: not alive(worker))


def test_a_worker_killed_by_a_signal_after_the_server_died_kills_its_caller_alike(
    tmp_path: Path,
) -> None:
    """Only the server told the caller of a death by a signal: the worker says it too."""
    with server_env(tmp_path) as env:
        server = start(env)
        call = _blocked_call(env, make_project(tmp_path / "p"))
        worker = _running_worker(server)
        os.kill(server, signal.SIGKILL)
        assert wait_until(lambda: not alive(server))
        call.send_signal(signal.SIGTERM)  # the worker dies of it, and so does the caller
        call.wait(timeout=60)  # stdin open until then (see the Ctrl-C test above)
        _, err = call.communicate(timeout=60)
        assert call.returncode == -signal.SIGTERM, err
        assert wait_until(lambda: not alive(worker))


def test_stop_while_a_call_runs_says_so_at_once_and_the_call_ends_right(tmp_path: Path) -> None:
    """`cslint server stop` with a call running: the server takes no new call and ends
    after it. The command said `stopped` after waiting 30 s while the server still ran."""
    project = make_project(tmp_path / "p")
    expected = cslint(["check", "--no-cache", "-", "--stdin-filename", "Dockerfile"],
                      base_env(), cwd=project, stdin=DOCKERFILE)  # fmt: skip
    with server_env(tmp_path) as env:
        server = start(env)
        call = _blocked_call(env, project)
        _running_worker(server)
        began = time.monotonic()
        stopped = cslint(["server", "stop"], env)
        assert time.monotonic() - began < 20
        assert stopped.returncode == 0
        assert f"stopping (pid {server})" in stopped.stdout and "1 running call" in stopped.stdout
        assert alive(server)
        assert cslint(["server", "status"], env).returncode == 1  # no new call reaches it
        out, err = call.communicate(DOCKERFILE.encode(), timeout=60)
        assert (call.returncode, out.decode(), err.decode()) == (
            expected.returncode,
            expected.stdout,
            expected.stderr,
        )
        assert wait_until(lambda: not alive(server))


def test_a_relative_temporary_folder_leaves_nothing_in_the_project(tmp_path: Path) -> None:
    """Without XDG_RUNTIME_DIR the socket's folder is under the temporary folder; a relative
    TMPDIR made `tmp/cslint-UID` inside the folder of the call, and a server that could
    never listen (it works from /) was started by every call. Python's tempfile makes
    TMPDIR absolute; the server skips a relative one as it skips a relative
    XDG_RUNTIME_DIR, and takes the next (TEMP, TMP, /tmp)."""
    project = make_project(tmp_path / "p")
    (project / "tmp").mkdir()
    private = tmp_path / "temp"
    private.mkdir(mode=0o700)
    mark = f"CSLINT_TEST_MARK={tmp_path}"
    env = {**base_env(), "CSLINT_SERVER": "1", "TMPDIR": "tmp", "TMP": str(private)}
    env.pop("XDG_RUNTIME_DIR", None)
    env.pop("TEMP", None)
    env["CSLINT_TEST_MARK"] = str(tmp_path)
    try:
        here = _here(env, project)
        for _ in range(2):
            done = cslint(ARGS, env, cwd=project)
            assert (done.returncode, done.stdout, done.stderr) == here
        assert list((project / "tmp").iterdir()) == []
        assert wait_until(lambda: list(private.glob(f"cslint-{os.getuid()}/*.sock")) != [])
        assert "running" in cslint(["server", "status"], env, cwd=project).stdout
    finally:
        cslint(["server", "stop"], env, timeout=60)
        for pid in os.listdir("/proc"):
            try:
                environ = Path(f"/proc/{pid}/environ").read_bytes()
            except OSError:
                continue
            if pid.isdigit() and mark.encode() + b"\0" in environ:
                os.kill(int(pid), signal.SIGKILL)


def test_a_niced_call_runs_its_worker_at_its_own_priority(tmp_path: Path) -> None:
    """`nice -n 7 cslint check` (a polite git hook): the worker is the server's child and
    ran at the server's priority, not the call's."""
    with server_env(tmp_path) as env:
        server = start(env)
        project = make_project(tmp_path / "p")
        call = subprocess.Popen(
            ["nice", "-n", "7", *CSLINT, "check", "--no-cache", "-", "--stdin-filename",
             "Dockerfile"],
            cwd=project, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )  # fmt: skip
        worker = _running_worker(server)
        nice = int(Path(f"/proc/{worker}/stat").read_text().rsplit(")", 1)[1].split()[16])
        call.communicate(DOCKERFILE.encode(), timeout=60)
        assert nice == os.getpriority(os.PRIO_PROCESS, 0) + 7


@pytest.mark.skipif(os.geteuid() != 0, reason="a folder of another user needs root")
def test_a_runtime_folder_of_another_user_gets_no_socket_folder(tmp_path: Path) -> None:
    """`sudo -E cslint check` keeps the user's XDG_RUNTIME_DIR: root made `cslint` in it,
    and from then on the user's own calls found a folder of root's there and never used a
    server. A runtime folder that is not the caller's own is skipped (the temporary
    folder's `cslint-UID` is used), as the XDG base directory specification requires."""
    project = make_project(tmp_path / "p")
    with server_env(tmp_path) as env:
        runtime = Path(env["XDG_RUNTIME_DIR"])
        os.chown(runtime, 65534, 65534)
        private = tmp_path / "temp"
        private.mkdir(mode=0o700)
        env = {**env, "TMPDIR": str(private)}
        done = cslint(ARGS, env, cwd=project)
        assert (done.returncode, done.stdout, done.stderr) == _here(env, project)
        assert list(runtime.iterdir()) == []
        assert wait_until(lambda: list(private.glob(f"cslint-{os.getuid()}/*.sock")) != [])
        cslint(["server", "stop"], env, timeout=60)


def test_a_path_through_the_callers_descriptors_reads_the_callers_file(tmp_path: Path) -> None:
    """`cslint check <(git show HEAD:Dockerfile)` or `/dev/fd/3 3<file`: the path names a
    descriptor of the calling process, which a worker does not have (it read one of its
    own instead, or found none). Such a call runs in-process."""
    project = make_project(tmp_path / "p")
    with server_env(tmp_path) as env:
        start(env)
        outcomes = []
        for extra in ({}, {"CSLINT_SERVER": ""}):
            for path in ("/dev/fd/3", "/proc/self/fd/3"):
                # The call's descriptor 3 is its Dockerfile, opened by a shell.
                done = subprocess.run(
                    ["bash", "-c", 'exec "$@" 3<Dockerfile', "-", *CSLINT, "check",
                     "--no-cache", "--kind", "dockerfile", path],
                    cwd=project, env={**env, **extra}, capture_output=True, text=True,
                    timeout=120, check=False,
                )  # fmt: skip
                outcomes.append((done.returncode, done.stdout, done.stderr))
        assert outcomes[:2] == outcomes[2:]
        assert "MAINTAINER" in outcomes[0][1]
