"""What marks everything a dry run creates: labels, names and the run id.

Every container, network and volume a run creates, and every image it builds or tags,
carries `io.cslint.run=<run id>`, so the end of the run, a Ctrl-C, a SIGTERM and
`cslint cleanup` after a killed run all find exactly that and nothing else. The owner
label (`host:pid`) lets `cslint cleanup` leave a run that is still going alone.
"""

from __future__ import annotations

import os
import re
import secrets
import socket

RUN = "io.cslint.run"
PROJECT = "io.cslint.project"
OWNER = "io.cslint.owner"
_NAME_INVALID = re.compile(r"[^a-z0-9_.-]+")
_RUN_ID_BYTES = 4
_RUN_ID = re.compile(rf"[0-9a-f]{{{2 * _RUN_ID_BYTES}}}")


def new_run_id() -> str:
    return secrets.token_hex(_RUN_ID_BYTES)


def is_run_id(text: str) -> bool:
    """True for a run id as `new_run_id` makes them (8 lower-case hex digits). Anything
    else must never reach a label filter: `io.cslint.run=` with an empty value, or the bare
    label, would select every run."""
    return _RUN_ID.fullmatch(text) is not None


def owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def run_labels(run_id: str, project: str) -> dict[str, str]:
    return {RUN: run_id, PROJECT: project, OWNER: owner()}


def docker_name(*parts: str) -> str:
    """A container, network or volume name: `cslint-<parts>`, lower case, only characters
    Docker accepts in names."""
    joined = "-".join(_NAME_INVALID.sub("-", part.lower()).strip("-.") for part in parts)
    return f"cslint-{joined}"[:200]


def owner_alive(value: str | None) -> bool:
    """True when the run that created an object is still going on this machine."""
    if not value or ":" not in value:
        return False
    host, _, pid_text = value.rpartition(":")
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    try:
        with open(f"/proc/{pid_text}/cmdline", "rb") as fh:
            cmdline = fh.read()
    except OSError:
        return False
    # The PID may have been reused by an unrelated process since the run was killed.
    return b"cslint" in cmdline
