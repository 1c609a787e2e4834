"""The resident server: started detached by a client (or `cslint server start`), it imports
everything a call needs, listens on its socket, and forks one worker per call.

One process, one thread, one loop (epoll): the listening socket, a pidfd per running
worker, and each caller's connection (a `signal N` line is passed to its worker's process
group; the caller's connection closing means it died, and its worker is killed with its
helpers). The server reaps each worker and tells the caller how it ended; the worker also
says so itself, so a server killed mid-call does not lose the answer.

Before each call the server compares cslint's code with what it imported (`fingerprint`):
a checkout edited since, or a package installed or removed, retires it (the call runs
in-process and the next call starts a fresh server). It ends after CSLINT_SERVER_IDLE
seconds without a call (default 600), on `cslint server stop` or SIGTERM, removing its
socket. Its start is a double fork with setsid, stdio on /dev/null, no inherited
descriptors; a lock file lets one server at a time own a socket path.
"""

from __future__ import annotations

import os
import sys
from contextlib import suppress
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    import socket

IDLE_DEFAULT = 600.0
# Parser packages whose files decide findings (as the result cache's key, core/cache.py).
_WATCHED_PACKAGES = ("ruamel", "dockerfile", "tree_sitter", "tree_sitter_bash", "bashlex", "re2")
_READ_TIMEOUT = 5.0


def spawn(the_key: str, path: str, after: int | None = None) -> None:
    """Starts a server for `path` in the background; returns at once in the caller. With
    `after` (the read end of a pipe whose write end the caller keeps), the server imports
    nothing until the caller has ended: the call that started it, run in-process, does
    not share the processor with the server's imports."""
    try:
        pid = os.fork()
    except OSError:
        return
    if pid:
        with suppress(OSError):
            os.waitpid(pid, 0)
        return
    try:
        os.setsid()
        if os.fork():
            os._exit(0)
        _detach(after)
        serve(the_key, path, after)
    finally:
        os._exit(0)


def _detach(keep: int | None) -> None:
    """Stdio on /dev/null, no descriptor of the caller kept (but `keep`), no folder held."""
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    if keep is None:
        os.closerange(3, _max_fd())
    else:
        os.closerange(3, keep)
        os.closerange(keep + 1, _max_fd())
    os.chdir("/")


def _max_fd() -> int:
    try:
        return int(os.sysconf("SC_OPEN_MAX"))
    except (OSError, ValueError):
        return 65536


def idle_seconds() -> float:
    try:
        value = float(os.environ.get("CSLINT_SERVER_IDLE", ""))
    except ValueError:
        return IDLE_DEFAULT
    return value if value > 0 else IDLE_DEFAULT


def fingerprint() -> list[tuple[Any, ...]]:
    """cslint's files and the parser packages' (size, mtime, inode: a stat each, no read),
    and the folders of sys.path (installing or removing a package changes them)."""
    out: list[tuple[Any, ...]] = []
    # cslint.rules and cslint.schemas live apart from cslint in an editable install.
    folders = [
        path
        for name in ("cslint", "cslint.rules", "cslint.schemas")
        for path in getattr(sys.modules.get(name), "__path__", [])
    ]
    seen: set[str] = set()
    while folders:
        folder = folders.pop()
        if folder in seen:
            continue
        seen.add(folder)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            out.append((folder, None))
            continue
        for entry in entries:
            if entry.is_dir() and entry.name != "__pycache__":
                folders.append(entry.path)
            elif entry.name.endswith((".py", ".json", ".so")):
                info = entry.stat()
                out.append((entry.path, info.st_size, info.st_mtime_ns, info.st_ino))
    for name in _WATCHED_PACKAGES:
        module = sys.modules.get(name)
        origin = getattr(module, "__file__", None)
        out.append((name, _stat(origin) if origin else None))
    out.extend((folder, _stat(folder)) for folder in sys.path if folder)
    return out


def _stat(path: str) -> tuple[int, int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns, info.st_ino)


class _Stop(Exception):
    """SIGTERM: stop listening, let the running calls end, exit."""


class Server:
    def __init__(self, the_key: str, path: str) -> None:
        import selectors
        import time

        self.key = the_key
        self.path = path
        self.lock_fd: int | None = None
        self.listener: socket.socket | None = None
        self.selector = selectors.DefaultSelector()
        self.calls: dict[int, tuple[int, socket.socket]] = {}  # pid -> (pidfd, connection)
        self.started = time.time()
        self.served = 0
        self.idle = idle_seconds()
        self.code: list[tuple[Any, ...]] = []

    def lock(self) -> bool:
        import fcntl

        fd = os.open(
            self.path[: -len(".sock")] + ".lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600
        )
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        self.lock_fd = fd
        return True

    def listen(self) -> None:
        import selectors
        import socket

        with suppress(FileNotFoundError):
            os.unlink(self.path)
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        old = os.umask(0o177)
        try:
            listener.bind(self.path)
        finally:
            os.umask(old)
        listener.listen(128)
        self.listener = listener
        self.selector.register(listener, selectors.EVENT_READ, None)

    def retire(self) -> None:
        """Stops taking calls: the socket goes (a new server may then take the path)."""
        if self.listener is None:
            return
        self.selector.unregister(self.listener)
        self.listener.close()
        self.listener = None
        with suppress(OSError):
            os.unlink(self.path)
        if self.lock_fd is not None:
            os.close(self.lock_fd)
            self.lock_fd = None

    def loop(self) -> None:
        import time

        last = time.monotonic()
        while self.listener is not None or self.calls:
            try:
                timeout = None if self.calls else max(0.0, last + self.idle - time.monotonic())
                events = self.selector.select(timeout)
                for selected, _ in events:
                    data = selected.data
                    if data is None:
                        self.accept()
                    elif data[0] == "pid":
                        self.reap(data[1])
                    else:
                        self.from_caller(data[1])
                if events:
                    last = time.monotonic()
                elif not self.calls and time.monotonic() >= last + self.idle:
                    self.retire()
            except _Stop:
                self.retire()

    def accept(self) -> None:
        assert self.listener is not None
        try:
            conn, _ = self.listener.accept()
        except OSError:
            return
        try:
            self.answer(conn)
        except (OSError, ValueError):
            conn.close()

    def answer(self, conn: socket.socket) -> None:
        import selectors
        import socket

        from cslint.server import wire

        uid = int.from_bytes(
            conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, 12)[4:8], sys.byteorder
        )
        if uid != os.getuid():
            conn.close()  # only its owner's calls: another user must not get this process
            return
        conn.settimeout(_READ_TIMEOUT)
        request, fds = _receive(conn)
        try:
            if request.key != self.key:
                conn.sendall(b"refused key\n")
                conn.close()
                return
            if request.command == wire.STATUS:
                conn.sendall(self.status().encode() + b"\n")
                conn.close()
                return
            if request.command == wire.STOP:
                self.retire()
                conn.sendall(b"stopping %d %d\n" % (os.getpid(), len(self.calls)))
                conn.close()
                return
            if request.command != wire.RUN or fds:
                raise ValueError("not a call, or descriptors before they were asked for")
            if fingerprint() != self.code:
                self.retire()  # edited or reinstalled since it started: never serve old code
                conn.sendall(b"refused stale\n")
                conn.close()
                return
            conn.sendall(b"ready\n")
            fds = _receive_descriptors(conn)
            if _gone(conn):
                # The caller stopped waiting (CSLINT_SERVER_WAIT) and runs the call itself.
                conn.close()
                return
            server = os.getpid()
            pid = os.fork()
            if pid == 0:
                from cslint.server.worker import run_call

                run_call(request, conn, fds, self.forget, server)
            self.served += 1
        finally:
            for fd in fds:
                os.close(fd)
        with suppress(OSError):
            os.setpgid(pid, pid)  # also done in the worker: whichever runs first
        pidfd = os.pidfd_open(pid)
        self.calls[pid] = (pidfd, conn)
        self.selector.register(pidfd, selectors.EVENT_READ, ("pid", pid))
        self.selector.register(conn, selectors.EVENT_READ, ("conn", pid))
        with suppress(OSError):
            conn.sendall(b"started %d\n" % pid)

    def from_caller(self, pid: int) -> None:
        """A signal to pass on, or the caller gone (its worker and helpers are killed)."""
        import signal

        if pid not in self.calls:
            return  # reaped in the same round: its connection is closed
        conn = self.calls[pid][1]
        try:
            data = conn.recv(4096)
        except OSError:
            data = b""
        if not data:
            self.selector.unregister(conn)
            _kill(pid, signal.SIGKILL, group=True)
            return
        for line in data.splitlines():
            word, _, value = line.partition(b" ")
            if word == b"signal" and value.isdigit():
                signum = int(value)
                if signum in (signal.SIGINT, signal.SIGHUP, signal.SIGQUIT, signal.SIGCONT):
                    _kill(pid, signum, group=True)  # as a terminal signals a foreground job
                elif signum == signal.SIGTSTP:
                    # Ctrl-Z: the caller stops, so does the call (outside any terminal's job
                    # control, only SIGSTOP stops it for sure).
                    _kill(pid, signal.SIGSTOP, group=True)
                elif signum == signal.SIGTERM:
                    _kill(pid, signum, group=False)  # as `kill PID` signals one process

    def reap(self, pid: int) -> None:
        pidfd, conn = self.calls.pop(pid)
        self.selector.unregister(pidfd)
        os.close(pidfd)
        with suppress(KeyError, ValueError):
            self.selector.unregister(conn)
        try:
            _, status = os.waitpid(pid, 0)
            code = os.waitstatus_to_exitcode(status)
            conn.sendall(b"killed %d\n" % -code if code < 0 else b"exit %d\n" % code)
        except OSError:
            pass
        conn.close()

    def forget(self) -> None:
        """In a worker: close what belongs to the server (the worker keeps its own call)."""
        import signal

        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        self.selector.close()
        if self.listener is not None:
            self.listener.close()
        if self.lock_fd is not None:
            os.close(self.lock_fd)
        for pidfd, conn in self.calls.values():
            os.close(pidfd)
            conn.close()
        self.calls.clear()

    def status(self) -> str:
        return (
            f"status pid={os.getpid()} since={self.started:.0f} idle={self.idle:g} "
            f"calls={self.served} running={len(self.calls)} socket={self.path}"
        )


def _receive(conn: socket.socket) -> tuple[Any, list[int]]:
    import socket

    from cslint.server import wire

    size = socket.CMSG_SPACE(wire.FDS * 4)
    data, ancillary, _, _ = conn.recvmsg(65536, size, socket.MSG_CMSG_CLOEXEC)
    fds = _descriptors(ancillary)
    try:
        while len(data) < wire.HEADER:
            data += _more(conn)
        length = wire.body_length(data)
        while len(data) < wire.HEADER + length:
            data += _more(conn)
        request = wire.decode(data[wire.HEADER : wire.HEADER + length])
    except BaseException:
        for fd in fds:
            os.close(fd)
        raise
    return request, fds


def _descriptors(ancillary: list[tuple[int, int, bytes]]) -> list[int]:
    import socket

    fds: list[int] = []
    for level, kind, payload in ancillary:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            usable = len(payload) - len(payload) % 4
            fds += [
                int.from_bytes(payload[i : i + 4], sys.byteorder, signed=True)
                for i in range(0, usable, 4)
            ]
    return fds


def _receive_descriptors(conn: socket.socket) -> list[int]:
    """The caller's stdin, stdout, stderr and working folder, sent after `ready`."""
    import socket

    from cslint.server import wire

    data, ancillary, _, _ = conn.recvmsg(
        1, socket.CMSG_SPACE(wire.FDS * 4), socket.MSG_CMSG_CLOEXEC
    )
    fds = _descriptors(ancillary)
    if data != b"\0" or len(fds) != wire.FDS:
        for fd in fds:
            os.close(fd)
        raise ValueError("a call without its descriptors")
    return fds


def _gone(conn: socket.socket) -> bool:
    """Whether the caller has closed its end (nothing read: a `signal` line stays)."""
    import socket

    timeout = conn.gettimeout()
    conn.settimeout(0.0)
    try:
        return conn.recv(1, socket.MSG_PEEK) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True
    finally:
        conn.settimeout(timeout)


def _more(conn: socket.socket) -> bytes:
    chunk = conn.recv(65536)
    if not chunk:
        raise ValueError("the request ended early")
    return chunk


def _kill(pid: int, signum: int, group: bool) -> None:
    try:
        if group:
            os.killpg(pid, signum)
        else:
            os.kill(pid, signum)
    except OSError:
        pass


def serve(the_key: str, path: str, after: int | None = None) -> NoReturn:
    """The server's life, in the detached process; never returns."""
    import gc
    import signal

    server = Server(the_key, path)
    if not server.lock():
        os._exit(0)  # another server owns this path, or is starting
    if after is not None:
        with suppress(OSError):
            while os.read(after, 1):  # end of file: every writer (the caller) has ended
                pass
        os.close(after)

    def stop(signum: int, frame: object) -> None:
        raise _Stop

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        from cslint.server.preload import preload

        preload()
        # A module that started a thread: a fork would not copy it, so never serve.
        if len(os.listdir("/proc/self/task")) == 1:
            server.code = fingerprint()
            gc.collect()
            gc.freeze()  # the workers' pages stay shared, and their collections skip all this
            server.listen()
            server.loop()
    except BaseException:  # noqa: BLE001, S110 - a detached process has nobody to tell
        pass
    finally:
        server.retire()
    os._exit(0)
