"""The resident server (CSLINT_SERVER=1, linter/server/): a call it answers cannot be told
from the same call run in-process (the 60 command lines of tests/test_fast_path.py:
stdout, stderr, exit code and files left), and every way it could go wrong ends in the
in-process answer, a clear error, or the same death as in-process; never a hang, never a
stale answer, never a file handed to another user. Real servers on real sockets, each in
a private XDG_RUNTIME_DIR, always stopped (tests/server_harness.py)."""

from __future__ import annotations

import ast
import json
import os
import pty
import select
import shutil
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from server_harness import (
    CSLINT,
    alive,
    base_env,
    children,
    cslint,
    server_env,
    start,
    started_under,
    status,
    wait_until,
)
from test_fast_path import DEFERRED, DOCKERFILE, TAKEN, make_project

REPO = Path(__file__).resolve().parent.parent


def _outcome(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[object, ...]:
    done = cslint(args, env, cwd=cwd, stdin=DOCKERFILE if "-" in args else "")
    files = {
        str(p.relative_to(cwd)): p.read_bytes().replace(bytes(cwd), b"<project>")
        for p in sorted(cwd.rglob("*"))
        if p.is_file()
    }
    out = done.stdout.replace(str(cwd), "<project>")
    err = done.stderr.replace(str(cwd), "<project>")
    return out, err, done.returncode, files


def test_the_server_answers_every_fast_path_line_as_in_process(tmp_path: Path) -> None:
    """All 60 command lines of the fast-path matrix, each through the server and in-process,
    each in its own copy of the project with its own result cache; and every one of them
    was answered by the server (its count of calls), none fell back."""
    lines = TAKEN + DEFERRED
    assert len(lines) == 60
    with server_env(tmp_path) as env:
        start(env)
        differ = []
        for n, args in enumerate(lines):
            results = []
            for name, extra in (("served", {}), ("here", {"CSLINT_SERVER": "0"})):
                project = make_project(tmp_path / f"{n}-{name}")
                call_env = {**env, **extra, "CSLINT_CACHE_DIR": str(tmp_path / f"c{n}-{name}")}
                results.append(_outcome(args, project, call_env))
            if results[0] != results[1]:
                differ.append((args, results[0][:3], results[1][:3]))
        assert differ == []
        assert status(env)["calls"] == "60"


def test_the_client_imports_only_small_standard_modules() -> None:
    """What a call pays before the server answers: the client, its key and its socket's
    place import nothing but a few C modules of the standard library."""
    script = (
        "import sys\nbefore = set(sys.modules)\n"
        "from cslint.server import client, identity\n"
        "identity.socket_path(identity.key())\n"
        "print(sorted(set(sys.modules) - before))\n"
    )
    done = subprocess.run(
        [sys.executable, "-I", "-c", script], capture_output=True, text=True, check=True,
        env={**base_env(), "PYTHONPATH": os.pathsep.join(sys.path)},
    )  # fmt: skip
    new = set(ast.literal_eval(done.stdout))
    allowed = {"cslint", "cslint.server", "cslint.server.client", "cslint.server.identity"}
    allowed |= {"cslint.server.wire", "_signal", "_socket", "_struct", "binascii"}
    assert new <= allowed, new - allowed


def test_a_worker_imports_nothing_the_server_did_not(tmp_path: Path) -> None:
    """After preload(), every command line of the fast-path matrix, run in a forked child
    as a worker runs it, imports no further module: no call pays an import."""
    projects = []
    for n, args in enumerate(TAKEN + DEFERRED):
        projects.append((args, str(make_project(tmp_path / f"p{n}"))))
    script = f"""
import json, os, sys
from cslint.server.preload import preload
preload()
base = set(sys.modules)
found = {{}}
for args, project in {projects!r}:
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        os.chdir(project)
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        sys.argv = ["cslint", *args]
        from cslint import entry
        try:
            entry.run()
        except BaseException:
            pass
        os.write(write, json.dumps(sorted(set(sys.modules) - base)).encode())
        os._exit(0)
    os.close(write)
    data = b""
    while chunk := os.read(read, 65536):
        data += chunk
    os.waitpid(pid, 0)
    new = json.loads(data or b"[]")
    if new:
        found[" ".join(args)] = new
print(json.dumps(found))
"""
    env = {**base_env(), "CSLINT_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=300,
        check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    from cslint.server.preload import FORK_UNSAFE

    # Only BuildKit's parser (Go: its runtime's threads do not survive a fork).
    found = json.loads(done.stdout.splitlines()[-1])
    assert {m for new in found.values() for m in new} <= set(FORK_UNSAFE)


def test_the_server_stays_single_threaded_and_never_loads_go() -> None:
    """A fork copies only the calling thread. The Go runtime of BuildKit's parser starts
    threads when it loads, and a worker forked after that deadlocks parsing a large
    Dockerfile; so the server never loads it, and serves only with one thread."""
    script = (
        "import os, sys\nfrom cslint.server.preload import preload, FORK_UNSAFE\npreload()\n"
        "print(len(os.listdir('/proc/self/task')), [m for m in FORK_UNSAFE if m in sys.modules])\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=base_env(), timeout=300, check=True)  # fmt: skip
    assert done.stdout.split() == ["1", "[]"]


def test_no_module_reads_the_environment_at_import_but_the_keyed_names() -> None:
    """A server imports everything once; a variable read at import would keep the value of
    the call that started it. Every name read while the server preloads must be part of
    its key (identity.ENV_NAMES, ENV_PREFIXES), or the server would answer wrongly."""
    script = """
import json, os, sys
read = set()
class Recording(type(os.environ)):
    def __getitem__(self, key):
        read.add(key)
        return super().__getitem__(key)
    def get(self, key, default=None):
        read.add(key)
        return super().get(key, default)
    def __contains__(self, key):
        read.add(key)
        return super().__contains__(key)
environ = Recording(os.environ._data, os.environ.encodekey, os.environ.decodekey,
                    os.environ.encodevalue, os.environ.decodevalue)
os.environ = environ
os.getenv = lambda key, default=None: environ.get(key, default)
from cslint.server.preload import preload
preload()
print(json.dumps(sorted(read)))
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True,
        env={**base_env(), "PYTHONDONTWRITEBYTECODE": "1"}, timeout=300,
    )  # fmt: skip
    from cslint.server.identity import ENV_NAMES, ENV_PREFIXES

    read = set(json.loads(done.stdout.splitlines()[-1]))
    # The result cache's and bashlex's folder: found at each use, not kept (cachedir.py).
    looked_up_per_use = {"CSLINT_CACHE_DIR", "XDG_CACHE_HOME", "HOME"}
    unkeyed = {
        n for n in read - looked_up_per_use if n not in ENV_NAMES and not n.startswith(ENV_PREFIXES)
    }
    assert unkeyed == set()


def _folder(env: dict[str, str]) -> Path:
    return Path(env["XDG_RUNTIME_DIR"]) / "cslint"


def _compare_fallback(tmp_path: Path, env: dict[str, str]) -> None:
    project = make_project(tmp_path / "project")
    served = cslint(["check", "--no-cache", "."], env, cwd=project)
    here = cslint(["check", "--no-cache", "."], {**env, "CSLINT_SERVER": ""}, cwd=project)
    assert (served.stdout, served.stderr, served.returncode) == (
        here.stdout,
        here.stderr,
        here.returncode,
    )


@pytest.mark.skipif(os.geteuid() != 0, reason="making a folder of another user needs root")
def test_a_socket_folder_of_another_user_is_never_used(tmp_path: Path) -> None:
    with server_env(tmp_path) as env:
        folder = _folder(env)
        folder.mkdir(mode=0o700)
        os.chown(folder, 65534, 65534)
        _compare_fallback(tmp_path, env)
        time.sleep(0.5)
        assert list(folder.iterdir()) == []  # no server started there
        assert started_under(Path(env["XDG_RUNTIME_DIR"])) == []


def test_a_symlinked_or_open_socket_folder_is_never_used(tmp_path: Path) -> None:
    with server_env(tmp_path) as env:
        target = tmp_path / "elsewhere"
        target.mkdir(mode=0o700)
        _folder(env).symlink_to(target)
        _compare_fallback(tmp_path, env)
        time.sleep(0.5)
        assert list(target.iterdir()) == []
        done = cslint(["server", "start"], env)
        assert done.returncode == 2 and "is a symlink" in done.stderr
        _folder(env).unlink()
        _folder(env).mkdir(mode=0o755)
        os.chmod(_folder(env), 0o755)
        done = cslint(["server", "start"], env)
        assert done.returncode == 2 and "open to others" in done.stderr
        assert list(_folder(env).iterdir()) == []
        assert started_under(Path(env["XDG_RUNTIME_DIR"])) == []


@pytest.mark.skipif(
    os.geteuid() != 0 or not shutil.which("setpriv") or not Path("/usr/bin/python3").exists(),
    reason="connecting as another user needs root, setpriv and a system python3",
)
def test_a_caller_of_another_uid_is_refused_by_the_server() -> None:
    """Even reaching the socket (the folder opened on purpose here), a process of another
    uid gets no answer: the server checks SO_PEERCRED before it reads the request."""
    import tempfile

    # Under a folder another user can pass through (pytest's own is 0700).
    root = Path(tempfile.mkdtemp(prefix="cslint-peer-", dir="/tmp"))
    os.chmod(root, 0o755)
    try:
        _refused_as_another_user(root)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _refused_as_another_user(root: Path) -> None:
    with server_env(root) as env:
        start(env)
        folder = _folder(env)
        sock = next(folder.glob("*.sock"))
        os.chmod(root / "xdg-run", 0o755)
        os.chmod(folder, 0o755)
        os.chmod(sock, 0o777)
        # The request its owner's client would send (the right key): answered for root...
        the_key = subprocess.run(
            [sys.executable, "-c",
             "import sys\nfrom cslint.server import identity\nsys.stdout.write(identity.key())"],
            env=env, capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        from cslint.server import wire

        request = wire.encode(wire.STATUS, the_key)
        mine = socket.socket(socket.AF_UNIX)
        mine.connect(str(sock))
        mine.sendall(request)
        assert mine.recv(100).startswith(b"status pid=")
        mine.close()
        # ...and refused, unread, for another uid.
        probe = (
            "import socket, sys\n"
            "s = socket.socket(socket.AF_UNIX)\n"
            f"s.connect({str(sock)!r})\n"
            "s.settimeout(10)\n"
            "try:\n"
            "    s.sendall(sys.stdin.buffer.read())\n"
            "    print(repr(s.recv(100)))\n"
            "except (ConnectionResetError, BrokenPipeError):\n"
            "    print('reset')\n"
        )
        done = subprocess.run(
            ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/python3",
             "-c", probe],
            input=request, capture_output=True, timeout=60, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() in (b"b''", b"reset")  # closed at once, nothing said
        os.chmod(folder, 0o700)  # private again, so that its owner's client asks it
        assert status(env)["calls"] == "0"


def _copy_of_cslint(root: Path) -> Path:
    package = root / "cslint"
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(REPO / "linter", package, ignore=ignore)
    shutil.copytree(REPO / "rules", package / "rules", ignore=ignore)
    shutil.copytree(REPO / "schemas", package / "schemas", ignore=ignore)
    return package


def test_a_server_is_not_used_after_its_code_changed(tmp_path: Path) -> None:
    """A checkout edited while its server runs: the next call prints what the new code
    prints (a rule's message changed here), the old server retires and a new one starts."""
    package = _copy_of_cslint(tmp_path / "install")
    with server_env(tmp_path, PYTHONPATH=str(package.parent)) as env:
        project = make_project(tmp_path / "project")
        first = start(env)
        before = cslint(["check", "--no-cache", "Dockerfile"], env, cwd=project)
        assert "MAINTAINER" in before.stdout and status(env)["calls"] == "1"
        rule = package / "rules" / "dockerfile" / "instructions.py"
        text = rule.read_text()
        assert "\"'MAINTAINER' is deprecated; use \"" in text
        rule.write_text(
            text.replace("'MAINTAINER' is deprecated; use ", "'MAINTAINER' is OLD; use ")
        )
        after = cslint(["check", "--no-cache", "Dockerfile"], env, cwd=project)
        assert "'MAINTAINER' is OLD; use" in after.stdout
        assert wait_until(lambda: not alive(first))
        assert wait_until(lambda: status(env).get("pid") not in (None, str(first)))
        again = cslint(["check", "--no-cache", "Dockerfile"], env, cwd=project)
        assert again.stdout == after.stdout and status(env)["calls"] == "1"


def _blocked_call(env: dict[str, str], cwd: Path, *, job: bool = False) -> subprocess.Popen[bytes]:
    """A call that waits on its stdin (a pipe the test holds): a worker mid-call. `job`:
    in a process group of its own, whose parent (pytest) is in this session."""
    return subprocess.Popen(
        [*CSLINT, "check", "--no-cache", "-", "--stdin-filename", "Dockerfile"],
        cwd=cwd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        process_group=0 if job else None,
    )  # fmt: skip


def _running_worker(server: int) -> int:
    """The worker of the one call running, once it waits on its stdin."""
    found: list[int] = []
    assert wait_until(lambda: bool(found.extend(children(server)) or found))
    _reading_stdin(found[0])
    return found[0]


def _reading_stdin(pid: int) -> None:
    """Waits until `pid` is blocked reading descriptor 0 (/proc/PID/syscall: read is 0)."""

    def reading() -> bool:
        try:
            fields = Path(f"/proc/{pid}/syscall").read_text().split()
        except OSError:
            return False
        return len(fields) > 1 and fields[0] == "0" and int(fields[1], 16) == 0

    assert wait_until(reading, timeout=60)


def test_a_killed_caller_leaves_no_worker(tmp_path: Path) -> None:
    with server_env(tmp_path) as env:
        server = start(env)
        call = _blocked_call(env, make_project(tmp_path / "p"))
        worker = _running_worker(server)
        call.kill()
        call.wait(timeout=30)
        assert wait_until(lambda: not alive(worker))
        assert wait_until(lambda: status(env).get("running") == "0")
        assert alive(server)


def test_ctrl_c_ends_a_call_as_in_process(tmp_path: Path) -> None:
    outcomes = []
    with server_env(tmp_path) as env:
        server = start(env)
        for name, extra in (("served", {}), ("here", {"CSLINT_SERVER": "0"})):
            call = _blocked_call({**env, **extra}, make_project(tmp_path / name))
            if name == "served":
                _running_worker(server)
            else:
                _reading_stdin(call.pid)
            call.send_signal(signal.SIGINT)
            # Its stdin stays open until it has ended: the signal reaches a served call
            # through the server, and closing stdin first would race it.
            call.wait(timeout=60)
            out, err = call.communicate(timeout=60)
            outcomes.append((call.returncode, out, err))
    assert outcomes[0] == outcomes[1]
    assert outcomes[0][0] == 130


def test_sigterm_kills_a_served_call_as_it_kills_one_in_process(tmp_path: Path) -> None:
    with server_env(tmp_path) as env:
        server = start(env)
        call = _blocked_call(env, make_project(tmp_path / "p"))
        worker = _running_worker(server)
        call.send_signal(signal.SIGTERM)
        call.wait(timeout=60)  # stdin open until then (see the Ctrl-C test)
        call.communicate(timeout=60)
        assert call.returncode == -signal.SIGTERM
        assert wait_until(lambda: not alive(worker))


def _state(pid: int) -> str:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]


def test_ctrl_z_stops_the_worker_with_the_caller_and_fg_resumes_both(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p")
    expected = cslint(["check", "--no-cache", "-", "--stdin-filename", "Dockerfile"],
                      base_env(), cwd=project, stdin=DOCKERFILE)  # fmt: skip
    with server_env(tmp_path) as env:
        server = start(env)
        # A job of its own, as a shell runs it: in an orphaned process group (pytest
        # started by setsid, as a CI runner may) the kernel discards SIGTSTP's stop.
        call = _blocked_call(env, project, job=True)
        worker = _running_worker(server)
        call.send_signal(signal.SIGTSTP)
        assert wait_until(lambda: _state(call.pid) == "T" and _state(worker) == "T")
        call.send_signal(signal.SIGCONT)
        assert wait_until(lambda: _state(call.pid) != "T" and _state(worker) != "T")
        out, err = call.communicate(DOCKERFILE.encode(), timeout=60)
        assert (call.returncode, out.decode(), err.decode()) == (
            expected.returncode,
            expected.stdout,
            expected.stderr,
        )


def test_twenty_concurrent_calls_are_all_answered_right(tmp_path: Path) -> None:
    with server_env(tmp_path) as env:
        start(env)
        project = make_project(tmp_path / "p")
        args = [["check", "--no-cache", "."], ["check", "--no-cache", "-f", "json", "Dockerfile"]]
        expected = [_outcome(a, project, {**env, "CSLINT_SERVER": "0"}) for a in args]
        with ThreadPoolExecutor(20) as pool:
            got = list(pool.map(lambda n: _outcome(args[n % 2], project, env), range(20)))
        assert got == [expected[n % 2] for n in range(20)]
        assert status(env)["calls"] == "20"


def test_twenty_calls_at_once_with_no_server_start_exactly_one(tmp_path: Path) -> None:
    with server_env(tmp_path) as env:
        project = make_project(tmp_path / "p")
        args = ["check", "--no-cache", "."]
        expected = _outcome(args, project, {**env, "CSLINT_SERVER": "0"})
        with ThreadPoolExecutor(20) as pool:
            got = list(pool.map(lambda n: _outcome(args, project, env), range(20)))
        assert got == [expected] * 20
        assert wait_until(lambda: status(env).get("calls") == "0")
        time.sleep(1)  # the losers of the lock are gone by now
        run = Path(env["XDG_RUNTIME_DIR"])
        servers = started_under(run)  # the calls have ended: what is left is servers
        assert len(servers) == 1, servers
        assert len(list(_folder(env).glob("*.sock"))) == 1


def test_a_closed_stdout_ends_a_served_call_as_in_process(tmp_path: Path) -> None:
    """`cslint check | head -1`: the reader goes away; exit 1 and nothing on stderr,
    served or not (the worker writes into the caller's own pipe)."""
    project = make_project(tmp_path / "p")
    (project / "Dockerfile").write_text("FROM python:latest\n" + "MAINTAINER me\n" * 3000)
    outcomes = []
    with server_env(tmp_path) as env:
        start(env)
        for extra in ({}, {"CSLINT_SERVER": "0"}):
            proc = subprocess.Popen(
                [*CSLINT, "check", "--no-cache", "Dockerfile"], cwd=project, env={**env, **extra},
                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            )  # fmt: skip
            assert proc.stdout is not None and proc.stderr is not None
            proc.stdout.close()
            err = proc.stderr.read()
            outcomes.append((proc.wait(timeout=120), err))
        assert status(env)["calls"] == "1"
    assert outcomes[0] == outcomes[1] == (1, b"")


def test_the_limits_of_one_call_apply_to_it_alone(tmp_path: Path) -> None:
    """`limits:` are set per call in the worker, as in-process; the next call, without
    them, is not bound by them (each worker is a fresh fork of the server)."""
    small = make_project(tmp_path / "small")
    (small / ".cslint.yaml").write_text("limits:\n  max-file-size: 16\n  max-depth: 2\n")
    plain = make_project(tmp_path / "plain")
    with server_env(tmp_path) as env:
        start(env)
        for project in (small, plain, small, plain):
            served = _outcome(["check", "--no-cache", "."], project, env)
            here = _outcome(["check", "--no-cache", "."], project, {**env, "CSLINT_SERVER": "0"})
            assert served == here
            assert ("max-file-size" in str(served[0])) == (project == small)
        assert status(env)["calls"] == "4"


def test_a_server_killed_mid_call_still_ends_the_call(tmp_path: Path) -> None:
    """The worker carries the call to its end and says how it ended itself; the next call
    finds no server, runs in-process and starts a new one."""
    project = make_project(tmp_path / "p")
    expected = cslint(["check", "--no-cache", "-", "--stdin-filename", "Dockerfile"],
                      base_env(), cwd=project, stdin=DOCKERFILE)  # fmt: skip
    with server_env(tmp_path) as env:
        server = start(env)
        call = _blocked_call(env, project)
        _running_worker(server)
        os.kill(server, signal.SIGKILL)
        out, err = call.communicate(DOCKERFILE.encode(), timeout=60)
        assert (call.returncode, out.decode(), err.decode()) == (
            expected.returncode,
            expected.stdout,
            expected.stderr,
        )
        after = cslint(["check", "--no-cache", "-", "--stdin-filename", "Dockerfile"],
                       env, cwd=project, stdin=DOCKERFILE)  # fmt: skip
        assert (after.returncode, after.stdout, after.stderr) == (
            expected.returncode,
            expected.stdout,
            expected.stderr,
        )
        assert wait_until(lambda: status(env).get("pid") not in (None, str(server)))


def test_a_server_and_worker_both_killed_give_a_clear_error(tmp_path: Path) -> None:
    with server_env(tmp_path) as env:
        server = start(env)
        call = _blocked_call(env, make_project(tmp_path / "p"))
        worker = _running_worker(server)
        os.kill(server, signal.SIGKILL)
        os.kill(worker, signal.SIGKILL)
        _, err = call.communicate(timeout=60)
        assert call.returncode == 2
        assert b"resident server (CSLINT_SERVER) ended during this call" in err
        assert b"Traceback" not in err


def test_the_server_ends_after_its_idle_time(tmp_path: Path) -> None:
    with server_env(tmp_path, CSLINT_SERVER_IDLE="1") as env:
        server = start(env)
        assert wait_until(lambda: not alive(server), timeout=15)
        assert list(_folder(env).glob("*.sock")) == []
        assert status(env) == {}


def _under_a_terminal(args: list[str], env: dict[str, str], cwd: Path) -> tuple[int, bytes]:
    leader, follower = pty.openpty()
    call = subprocess.Popen([*CSLINT, *args], cwd=cwd, env=env, stdin=follower,
                            stdout=follower, stderr=follower)  # fmt: skip
    os.close(follower)
    out = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the terminal's last writer closed it
            break
        if not chunk:
            break
        out += chunk
    os.close(leader)
    return call.wait(timeout=60), out


def test_a_terminal_and_a_pipe_get_the_same_colors_as_in_process(tmp_path: Path) -> None:
    with server_env(tmp_path) as env:
        start(env)
        project = make_project(tmp_path / "p")
        args = ["check", "--no-cache", "Dockerfile"]
        here = {**env, "CSLINT_SERVER": "0"}
        served_tty = _under_a_terminal(args, env, project)
        assert served_tty == _under_a_terminal(args, here, project)
        assert b"\x1b[" in served_tty[1]  # colored on a terminal
        served_pipe = cslint(args, env, cwd=project)
        assert served_pipe.stdout == cslint(args, here, cwd=project).stdout
        assert "\x1b[" not in served_pipe.stdout
        assert status(env)["calls"] == "2"


def test_server_commands_start_status_stop(tmp_path: Path) -> None:
    with server_env(tmp_path) as env:
        none = cslint(["server", "status"], env)
        assert none.returncode == 1 and "no server is running" in none.stdout
        pid = start(env)
        assert start(env) == pid  # one server per key: a second start finds it
        assert status(env)["pid"] == str(pid)
        stopped = cslint(["server", "stop"], env)
        assert stopped.returncode == 0 and f"stopped (pid {pid})" in stopped.stdout
        assert not alive(pid)
        assert list(_folder(env).glob("*.sock")) == []
        bad = cslint(["server", "restart"], env)
        assert bad.returncode == 2 and "unknown action" in bad.stderr


def test_an_enabled_call_with_no_server_runs_here_and_starts_one(tmp_path: Path) -> None:
    with server_env(tmp_path) as env:
        _compare_fallback(tmp_path, env)
        assert wait_until(lambda: status(env).get("calls") == "0")


def test_the_suite_runs_without_a_server() -> None:
    """conftest.py drops CSLINT_SERVER, so no other test starts a server by accident."""
    assert "CSLINT_SERVER" not in os.environ


def test_a_server_socket_answers_only_its_key(tmp_path: Path) -> None:
    """A request with another key is refused before anything runs (the call runs here)."""
    with server_env(tmp_path) as env:
        start(env)
        sock = next(_folder(env).glob("*.sock"))
        from cslint.server import wire

        conn = socket.socket(socket.AF_UNIX)
        conn.connect(str(sock))
        conn.sendall(wire.encode(wire.STATUS, "another key"))
        assert conn.recv(100) == b"refused key\n"
        conn.close()
