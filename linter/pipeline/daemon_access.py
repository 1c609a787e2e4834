"""What `add_docker: true` gives a container in a dry run.

The format doc (§2.2) says jet passes `DOCKER_HOST`, `DOCKER_TLS_VERIFY` and
`DOCKER_CERT_PATH` into the container and mounts the certificate folder when one is set:
the container drives the daemon the build runs on. A dry run does the same with the
daemon it talks to: `DOCKER_HOST` is that daemon's address (also when it was found
through a docker context or the default socket, where jet's behaviour is not
documented), a `unix://` socket is mounted at the same path so the address works inside,
and with TLS the certificate folder is mounted read-only at the same path. What cannot
work the same way inside a container (an `ssh://` daemon, a loopback `tcp://` address)
is said in a note, not worked around.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urlsplit

from cslint.pipeline.session import Endpoint


@dataclass(frozen=True, slots=True)
class DaemonAccess:
    """The variables and binds a service with `add_docker` gets, and what to say of them."""

    environment: tuple[tuple[str, str], ...]
    binds: tuple[str, ...]
    notes: tuple[str, ...] = ()


def daemon_access(endpoint: Endpoint) -> DaemonAccess:
    host = endpoint.host
    environment: list[tuple[str, str]] = [("DOCKER_HOST", host)]
    binds: list[str] = []
    notes: list[str] = []
    parts = urlsplit(host)
    if parts.scheme == "unix":
        binds.append(f"{parts.path}:{parts.path}")
    elif parts.scheme == "ssh":
        notes.append(
            f"DOCKER_HOST is {host}: the container gets no ssh key or ssh client from the "
            "dry run, so it may not reach the daemon"
        )
    elif parts.scheme == "tcp" and (parts.hostname or "") in ("localhost", "127.0.0.1", "::1"):
        notes.append(
            f"DOCKER_HOST is {host}, a loopback address: inside the container it names the "
            "container itself, so the daemon may not answer there"
        )
    cert_dir = _cert_dir(endpoint)
    if cert_dir:
        environment += [("DOCKER_TLS_VERIFY", "1"), ("DOCKER_CERT_PATH", cert_dir)]
        binds.append(f"{cert_dir}:{cert_dir}:ro")
    return DaemonAccess(tuple(environment), tuple(binds), tuple(notes))


def _cert_dir(endpoint: Endpoint) -> str | None:
    """The folder of the client certificate the dry run uses, when it uses TLS."""
    cert = getattr(endpoint.tls, "cert", None)
    if isinstance(cert, tuple) and cert and isinstance(cert[0], str):
        return os.path.dirname(os.path.abspath(cert[0]))
    return None
