"""One call in a worker forked from the server, set up as the calling process was, then run
as the console script runs it (`cslint.entry.run`), and ended as an interpreter ends.

The caller's stdin, stdout and stderr become descriptors 0, 1 and 2; its working folder,
umask, argv, environment and ignored signals become the worker's. sys.stdin, sys.stdout and
sys.stderr are built as the interpreter builds them at start-up (Python/pylifecycle.c,
create_stdio), with the encodings and error handlers the caller's interpreter chose. The
end is Py_FinalizeEx's: threads joined, atexit handlers, stdout and stderr flushed (exit
120 when stdout cannot be), an uncaught KeyboardInterrupt re-raised as a SIGINT death.
"""

from __future__ import annotations

import io
import os
import signal
import sys
from collections.abc import Callable
from contextlib import suppress
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    import socket

    from cslint.server.wire import Request

_NAMES = ("<stdin>", "<stdout>", "<stderr>")


def run_call(
    request: Request,
    conn: socket.socket,
    fds: list[int],
    forget: Callable[[], None],
    server: int | None = None,
) -> NoReturn:
    code = 1
    try:
        os.setpgid(0, 0)
        forget()
        if server is not None:
            _watch(conn, server)
        _priority(conn)
        _signals(request.ignored)
        for target, fd in enumerate(fds[:3]):
            os.dup2(fd, target)
        os.fchdir(fds[3])
        for fd in fds:
            os.close(fd)
        os.umask(request.umask)
        _environ(request.environ)
        sys.argv = [os.fsdecode(arg) for arg in request.argv]
        _stdio(request.stdio)
        _fresh_state()
        code = _run()
    except BaseException:  # noqa: BLE001 - a worker must end here, whatever happened
        code = _setup_failed()
    finally:
        if code >= 0:
            with suppress(OSError):
                conn.setblocking(True)
                conn.sendall(b"exit %d\n" % code)
            os._exit(code)
        with suppress(OSError):  # the server may be gone: the caller hears it from here
            conn.setblocking(True)
            conn.sendall(b"killed %d\n" % -code)
        signal.signal(-code, signal.SIG_DFL)
        os.kill(os.getpid(), -code)
        os._exit(128 - code)


def _priority(conn: socket.socket) -> None:
    """The caller's nice value (`nice cslint check`, a polite git hook): this worker is
    the server's child. Raising it is always allowed; lowering it may not be (kept)."""
    import socket

    with suppress(OSError):
        peer = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, 12)
        caller = os.getpriority(os.PRIO_PROCESS, int.from_bytes(peer[:4], sys.byteorder))
        os.setpriority(os.PRIO_PROCESS, 0, caller)


def _watch(conn: socket.socket, server: int) -> None:
    """Once the server has died, this worker reads its caller's lines itself: the signals
    the server passed on, and the caller's end (its connection closing kills this call
    and its helpers, as the server would have). Until then the server reads them."""
    import threading

    try:
        pidfd: int | None = os.pidfd_open(server)
    except OSError:
        pidfd = None

    def watch() -> None:
        import select

        if pidfd is not None and os.getppid() == server:
            select.select([pidfd], [], [])  # readable once the server has ended
        conn.setblocking(True)
        while True:
            try:
                data = conn.recv(4096)
            except OSError:
                data = b""
            if not data:
                os.killpg(0, signal.SIGKILL)
            for line in data.splitlines():
                word, _, value = line.partition(b" ")
                if word == b"signal" and value.isdigit():
                    _deliver(conn, int(value))

    threading.Thread(target=watch, name="cslint-server-watch", daemon=True).start()


def _deliver(conn: socket.socket, signum: int) -> None:
    """A caller's signal, delivered as the server delivers it (daemon.py, from_caller)."""
    if signum == signal.SIGTSTP:
        os.killpg(0, signal.SIGSTOP)
    elif signum in (signal.SIGINT, signal.SIGHUP, signal.SIGQUIT, signal.SIGCONT, signal.SIGTERM):
        if signum != signal.SIGCONT and signal.getsignal(signum) == signal.SIG_DFL:
            # It kills this process outright: the caller dies of it too, told from here.
            with suppress(OSError):
                conn.sendall(b"killed %d\n" % signum)
        if signum == signal.SIGTERM:
            os.kill(os.getpid(), signum)  # as `kill PID` signals one process
        else:
            os.killpg(0, signum)  # as a terminal signals a foreground job


def _setup_failed() -> int:
    """A worker that could not take the call says why on the caller's stderr: exit 3, as
    any other crash of cslint."""
    import traceback

    message = (
        "cslint: the resident server could not run this call (unset CSLINT_SERVER to run "
        "without it):\n" + traceback.format_exc()
    )
    with suppress(OSError):
        os.write(2, message.encode("utf-8", "replace"))
    return 3


def _signals(ignored: list[int]) -> None:
    """As a fresh interpreter would have them in the caller: Python's SIGINT handler,
    SIGPIPE and SIGXFSZ ignored, the default for the rest, and ignored what the caller
    inherited ignored (nohup's SIGHUP, a background job's SIGINT)."""
    for reset in (signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGCHLD):
        signal.signal(reset, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    for signum in ignored:
        with suppress(OSError, ValueError):
            signal.signal(signum, signal.SIG_IGN)


def _environ(items: list[bytes]) -> None:
    os.environ.clear()
    for item in items:
        name, equals, value = item.partition(b"=")
        if equals and name:
            with suppress(ValueError):  # a name putenv refuses
                os.environb[name] = value


def _stdio(params: list[tuple[str, ...]]) -> None:
    # `python -u` (or PYTHONUNBUFFERED): the caller's stdout writes through
    buffered = params[1][2] == "0"
    streams = []
    for fd, (encoding, errors, _) in enumerate(params):
        write = fd > 0
        # stdin is always buffered: TextIOWrapper needs read1 (pylifecycle.c)
        buffering = -1 if buffered or not write else 0
        buf = open(fd, "wb" if write else "rb", buffering, closefd=False)  # noqa: SIM115 - stdio
        raw = buf.raw if buffering else buf  # type: ignore[attr-defined]
        setattr(raw, "name", _NAMES[fd])  # noqa: B010 - read-only to mypy, not to io
        line_buffering = buffered and (raw.isatty() or fd == 2)
        stream = io.TextIOWrapper(
            buf,
            encoding=encoding,
            errors=errors,
            newline="\n",
            line_buffering=line_buffering,
            write_through=not buffered,
        )
        stream.mode = "w" if write else "r"  # type: ignore[misc]
        streams.append(stream)
    for name, stream in zip(("stdin", "stdout", "stderr"), streams, strict=True):
        setattr(sys, name, stream)
        setattr(sys, f"__{name}__", stream)


def _fresh_state() -> None:
    """What a module computed from the server's process and would compute anew here."""
    tempfile = sys.modules.get("tempfile")
    if tempfile is not None:
        setattr(tempfile, "tempdir", None)  # noqa: B010 - found from TMPDIR on first use
    multiprocessing = sys.modules.get("multiprocessing")
    if multiprocessing is not None:
        # The key the run's helper processes authenticate with: its own, not the server's.
        multiprocessing.current_process().authkey = os.urandom(32)


def _run() -> int:
    """cslint.entry.run to its end; the exit status, negative for a signal to die of."""
    from cslint import entry

    interrupted = False
    try:
        entry.run()
        code = 0
    except SystemExit as exc:
        code = _exit_code(exc.code)
    except KeyboardInterrupt:
        sys.excepthook(*sys.exc_info())
        code, interrupted = 1, True
    except BaseException:  # noqa: BLE001 - printed and exit 1, as the interpreter does
        sys.excepthook(*sys.exc_info())
        code = 1
    code = _finalize(code)
    return -signal.SIGINT if interrupted else code


def _exit_code(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, int):
        return value & 0xFF
    with suppress(Exception):  # as the interpreter: the status is what counts
        sys.stderr.write(f"{value}\n")
    return 1


def _finalize(code: int) -> int:
    threading = sys.modules.get("threading")
    if threading is not None:
        threading._shutdown()
    import atexit

    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
    except Exception as exc:  # noqa: BLE001 - reported as the interpreter reports it
        import traceback

        with suppress(Exception):
            sys.stderr.write(f"Exception ignored in: {sys.stdout!r}\n")
            sys.stderr.write("".join(traceback.format_exception_only(type(exc), exc)))
        code = 120
    try:
        sys.stderr.flush()
    except Exception:  # noqa: BLE001
        code = 120
    return code
