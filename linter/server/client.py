"""The console script's first step when CSLINT_SERVER is set: hand this call to the resident
server, or start one in the background and run this call in-process as usual.

The call goes to the server whole: argv, the environment, the umask, the working folder
and stdin, stdout and stderr themselves (their descriptors, so a terminal stays a terminal
and a pipe a pipe). A worker forked for it runs `cslint.entry.run` as this process would,
and this process exits with the worker's status, or dies of the signal that killed it.
Ctrl-C and other signals this process gets are passed on to the worker.

Anything unexpected before the worker starts (no server, another key, a stale server, a
folder that is not private, a refused connection) runs the call here instead, silently.
Standard library C modules only: this runs on every call.
"""

from __future__ import annotations

import _signal  # type: ignore[import-not-found]  # `signal` imports enum: 4 ms a call
import _socket
import os
import sys

from cslint.server import identity, wire

ON_VALUES = ("", "0", "no", "off", "false")
# Commands that stay in-process: the server's own, and the long-lived or Docker ones.
IN_PROCESS = frozenset({"server", "lsp", "dry-run", "cleanup"})
# Signals passed on to the worker; all others keep their default effect on this process.
FORWARDED = (_signal.SIGINT, _signal.SIGTERM, _signal.SIGHUP, _signal.SIGQUIT)
EXIT_LOST = 2
# A path through this process's own descriptors (`<(...)`, `/dev/fd/3 3<file`) names
# nothing in a worker, which has only this process's stdin, stdout and stderr.
OWN_PATHS = ("/dev/fd/", "/proc/self/", "/proc/thread-self/")
# Seconds a call waits for the server to connect and take it (CSLINT_SERVER_WAIT): a
# server that is stopped, hung or not a server at all never holds a call longer.
WAIT_DEFAULT = 10.0


def enabled() -> bool:
    return os.environ.get("CSLINT_SERVER", "").strip().lower() not in ON_VALUES


def run_through_server() -> None:
    """Ends the process with the server's answer; returns when this call runs here."""
    argv = sys.argv[1:]
    if (argv and argv[0] in IN_PROCESS) or "_CSLINT_COMPLETE" in os.environ:
        return
    if sys.stdin is None or sys.stdout is None or sys.stderr is None:
        return  # a closed descriptor 0, 1 or 2: the socket could take its number
    own = (*OWN_PATHS, f"/proc/{os.getpid()}/")
    if any(part in arg for arg in argv for part in own):
        return
    try:
        the_key = identity.key()
        path, _ = identity.socket_path(the_key)
        conn = _connect(path) if path else None
    except Exception:  # noqa: BLE001 - whatever it is, this call runs here as without a server
        return
    if conn is None:
        start(the_key)
        return
    try:
        answer = _call(conn, the_key)
    finally:
        conn.close()
    if answer == "stale":
        start(the_key)


def wait_seconds() -> float:
    try:
        value = float(os.environ.get("CSLINT_SERVER_WAIT", ""))
    except ValueError:
        return WAIT_DEFAULT
    return value if 0 < value < 86400 else WAIT_DEFAULT


def _connect(path: str) -> _socket.socket | None:
    conn = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM | _socket.SOCK_CLOEXEC)
    # Until the server says `started`; a listener that never accepts blocks connect too.
    conn.settimeout(wait_seconds())
    try:
        conn.connect(path)
        # The folder is private, but a socket of another user must never get our files.
        peer = conn.getsockopt(_socket.SOL_SOCKET, _socket.SO_PEERCRED, 12)
        if int.from_bytes(peer[4:8], sys.byteorder) != os.getuid():
            raise OSError("the server belongs to another user")
    except OSError:
        conn.close()
        return None
    return conn


def _call(conn: _socket.socket, the_key: str) -> str:
    """Sends the call and waits for its end; returns why the server refused it."""
    umask = os.umask(0o022)
    os.umask(umask)
    ignored = tuple(
        n for n in range(1, _signal.NSIG) if _ignored(n) and n not in (_signal.SIGPIPE,)
    )
    request = wire.encode(
        wire.RUN,
        the_key,
        umask=umask,
        stdio=tuple(
            (s.encoding, s.errors or "strict", str(int(s.write_through)))  # type: ignore[union-attr]
            for s in (sys.stdin, sys.stdout, sys.stderr)
        ),
        ignored=ignored,
        argv=[os.fsencode(a) for a in sys.argv],
        environ=[k + b"=" + v for k, v in os.environb.items()],
    )
    try:
        cwd = os.open(".", os.O_PATH | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        return "no working folder"
    try:
        conn.sendall(request)
    except OSError:
        os.close(cwd)
        return "not sent"
    rights = b"".join(n.to_bytes(4, sys.byteorder, signed=True) for n in (0, 1, 2, cwd))
    try:
        return _wait(conn, rights)
    finally:
        os.close(cwd)


def _ignored(signum: int) -> bool:
    try:
        return bool(_signal.getsignal(signum) == _signal.SIG_IGN)
    except (OSError, ValueError):
        return False


def _wait(conn: _socket.socket, rights: bytes) -> str:
    """Reads the server's lines to the worker's end (never returns then). The descriptors
    go when the server says `ready`: one that hangs before never holds this call's stdout
    (a shell's `$(cslint ...)` would wait for it) nor could run the call late."""
    started = False

    def forward(signum: int, frame: object) -> None:
        if not started and signum in FORWARDED:
            # No worker runs the call yet, and the server may never read this: the call
            # ends here as it would in-process (the server kills a worker it forks late).
            conn.close()
            _die_of(signum)
        try:  # noqa: SIM105 - contextlib is not imported on the client's path
            conn.send(b"signal %d\n" % signum)
        except OSError:
            pass

    def suspend(signum: int, frame: object) -> None:
        """Ctrl-Z: the worker is stopped first, then this process as it would be."""
        forward(signum, frame)
        _signal.signal(_signal.SIGTSTP, _signal.SIG_DFL)
        os.kill(os.getpid(), _signal.SIGTSTP)
        # continued (`fg`, `bg`)
        _signal.signal(_signal.SIGTSTP, suspend)
        forward(_signal.SIGCONT, frame)

    for signum in FORWARDED:
        if not _ignored(signum):
            _signal.signal(signum, forward)
    if not _ignored(_signal.SIGTSTP):
        _signal.signal(_signal.SIGTSTP, suspend)
    pending = b""
    while True:
        try:
            chunk = conn.recv(4096)
        except OSError:  # a timeout before `started` too: the call runs here
            chunk = b""
        if not chunk:
            if not started:
                _restore()
                return "gone"  # nothing ran: this call runs here
            sys.stderr.write(
                "cslint: the resident server (CSLINT_SERVER) ended during this call, "
                "which did not finish; run it again\n"
            )
            sys.stderr.flush()
            os._exit(EXIT_LOST)
        pending += chunk
        while b"\n" in pending:
            line, _, pending = pending.partition(b"\n")
            word, _, value = line.decode("ascii", "replace").partition(" ")
            # A line that is not the server's own (a garbled answer) is ignored.
            if word == "ready" and not started:
                try:
                    conn.sendmsg([b"\0"], [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, rights)])
                except OSError:
                    _restore()
                    return "not sent"
            elif word == "started":
                started = True
                conn.settimeout(None)  # the call itself may take any time
            elif word == "exit" and value.isdigit() and int(value) < 256:
                os._exit(int(value))
            elif word == "killed" and value.isdigit() and 0 < int(value) < _signal.NSIG:
                _die_of(int(value))
            elif word == "refused" and not started:
                _restore()
                return value


def _restore() -> None:
    for signum in (*FORWARDED, _signal.SIGTSTP):
        if not _ignored(signum):
            _signal.signal(
                signum, _signal.default_int_handler if signum == _signal.SIGINT else _signal.SIG_DFL
            )


def _die_of(signum: int) -> None:
    """Dies of the signal that killed the worker, as a shell expects; else 128+N."""
    try:
        _signal.signal(signum, _signal.SIG_DFL)
        _signal.pthread_sigmask(_signal.SIG_UNBLOCK, [signum])
        os.kill(os.getpid(), signum)
    except (OSError, ValueError):
        pass
    os._exit(128 + signum)


def start(the_key: str) -> None:
    """Starts a server in the background (daemon.py), unless the folder is not private;
    returns at once. The server loads once this process has ended."""
    path, _ = identity.socket_path(the_key, create=True)
    if path is None:
        return
    from cslint.server.daemon import spawn

    # The write end stays open in this process until it ends: the server starts importing
    # then, not while this call runs in-process beside it.
    after, _ = os.pipe()
    spawn(the_key, path, after)
    os.close(after)
