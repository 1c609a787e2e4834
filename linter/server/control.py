"""`cslint server start|stop|status`: the server of this interpreter and environment (the
one a call made here with CSLINT_SERVER=1 would use), asked over its socket."""

from __future__ import annotations

import os
import socket
import sys
import time

from cslint.server import identity, wire

WAIT = 30.0  # seconds a start may take to listen (it imports everything first)


class NoServer(Exception):
    """Why there is no server to ask (its message is for the user)."""


def ask(command: bytes) -> str:
    """The server's one-line answer to `status` or `stop`; NoServer if none answers."""
    the_key = identity.key()
    path, unsafe = identity.socket_path(the_key)
    if path is None:
        if not os.path.lexists(identity.folder_path()):
            raise NoServer("no server is running")
        raise NoServer(f"no server: {unsafe}")
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    conn.settimeout(10)
    try:
        conn.connect(path)
        peer = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, 12)
        if int.from_bytes(peer[4:8], sys.byteorder) != os.getuid():
            raise NoServer(f"{path} is served by another user")
        conn.sendall(wire.encode(command, the_key))
        answer = b""
        while not answer.endswith(b"\n"):
            chunk = conn.recv(4096)
            if not chunk:
                break
            answer += chunk
    except OSError as exc:
        raise NoServer(f"no server is running at {path}") from exc
    finally:
        conn.close()
    text = answer.decode("utf-8", "replace").strip()
    if not text or text.startswith("refused"):
        raise NoServer(f"no server for this interpreter and environment answers at {path}")
    return text


def fields(status: str) -> dict[str, str]:
    return dict(part.partition("=")[::2] for part in status.split()[1:])


def start() -> dict[str, str]:
    """Starts a server unless one runs; waits until it answers; its status fields."""
    try:
        return fields(ask(wire.STATUS))
    except NoServer:
        pass
    the_key = identity.key()
    path, unsafe = identity.socket_path(the_key, create=True)
    if path is None:
        raise NoServer(f"cannot start a server: {unsafe}")
    from cslint.server.daemon import spawn

    spawn(the_key, path)
    deadline = time.monotonic() + WAIT
    while True:
        try:
            return fields(ask(wire.STATUS))
        except NoServer:
            if time.monotonic() > deadline:
                raise NoServer(f"the server did not start listening at {path}") from None
            time.sleep(0.05)


def stop() -> tuple[int, int] | None:
    """Stops the server: (its pid, its running calls), or None if none ran. It takes no
    new call at once; with calls running it ends after them (not waited for here)."""
    try:
        answer = ask(wire.STOP)
    except NoServer:
        return None
    words = answer.split()
    pid, running = int(words[1]), int(words[2]) if len(words) > 2 else 0
    if running:
        return pid, running
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.02)
    return pid, 0
