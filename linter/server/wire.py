"""What a client and a server say to each other, on a Unix stream socket.

The client sends one request: a 4-byte length, then NUL-separated fields (argv and the
environment cannot hold a NUL). The server answers with lines: `ready` when it will take a
call, and the client then sends its stdin, stdout, stderr and working folder as file
descriptors (SCM_RIGHTS) along one NUL byte; then `started PID`, then `exit N` or
`killed N`. Or `refused WHY` when it will not answer (the call then runs in-process); or
one `status ...` line for `cslint server status`. After `started`, the client may send
lines `signal N` (a signal it received, for the worker).

Standard library C modules only: the client imports this on every call.
"""

from __future__ import annotations

import _struct

MAGIC = b"cslint-server 1"
RUN, STATUS, STOP = b"run", b"status", b"stop"
# The passed descriptors, in order: stdin, stdout, stderr, the working folder.
FDS = 4
_HEADER = 4


class Request:
    """A decoded request (the server's side)."""

    def __init__(self, fields: list[bytes]) -> None:
        if len(fields) < 9 or fields[0] != MAGIC:
            raise ValueError("not a cslint request")
        self.command = fields[1]
        self.key = fields[2].decode("utf-8", "surrogateescape")
        self.umask = int(fields[3])
        # (encoding, errors, write-through 0|1) of stdin, stdout, stderr as the calling interpreter set them
        self.stdio = [tuple(f.decode("ascii").split(" ")) for f in fields[4:7]]
        self.ignored = [int(n) for n in fields[7].split()]
        argc = int(fields[8])
        self.argv = fields[9 : 9 + argc]
        self.environ = fields[9 + argc :]


def encode(
    command: bytes,
    key: str,
    umask: int = 0,
    stdio: tuple[tuple[str, str, str], ...] = (("", "", ""),) * 3,
    ignored: tuple[int, ...] = (),
    argv: list[bytes] | None = None,
    environ: list[bytes] | None = None,
) -> bytes:
    argv = argv or []
    fields = [
        MAGIC,
        command,
        key.encode("utf-8", "surrogateescape"),
        b"%d" % umask,
        *(" ".join(stream).encode("ascii") for stream in stdio),
        b" ".join(b"%d" % n for n in ignored),
        b"%d" % len(argv),
        *argv,
        *(environ or []),
    ]
    body = b"\0".join(fields)
    return _struct.pack("!I", len(body)) + body


def body_length(header: bytes) -> int:
    length: int = _struct.unpack("!I", header[:_HEADER])[0]
    return length


HEADER = _HEADER


def decode(body: bytes) -> Request:
    return Request(body.split(b"\0"))
