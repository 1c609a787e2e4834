"""The connection to the Docker daemon, found the way the docker CLI finds it.

Order (as `docker` itself): `DOCKER_HOST` (with `DOCKER_TLS_VERIFY` and `DOCKER_CERT_PATH`),
else the context `DOCKER_CONTEXT` names, else the `currentContext` of the docker config
file (`DOCKER_CONFIG`, default ~/.docker/config.json), else the default socket. A remote
daemon (tcp://, ssh://) works as well as a local one. This is the only module that opens a
connection; the docker SDK is imported by `cslint.pipeline` runner modules only, never by
`cslint check` or `cslint plan`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

DEFAULT_HOST = "unix:///var/run/docker.sock"
# Builds of a big context and health waits can keep one request open for minutes.
API_TIMEOUT = 600


class DaemonUnavailable(Exception):
    """No daemon answers where the docker CLI would look: one line, exit 2."""


@dataclass(frozen=True, slots=True)
class Endpoint:
    host: str
    origin: str  # where the address came from, for the one-line error
    tls: Any = None  # docker.tls.TLSConfig, when the context or DOCKER_TLS_VERIFY asks


def preload() -> None:
    """Import the docker SDK in a background thread (it takes a good part of a second),
    so that it loads while the project is checked and planned."""
    import threading

    def load() -> None:
        import docker.context
        import docker.errors  # noqa: F401 - imported for its side effect: loaded

    threading.Thread(target=load, name="cslint-preload", daemon=True).start()


def find_endpoint(environ: dict[str, str] | None = None) -> Endpoint:
    env = dict(os.environ) if environ is None else environ
    host = env.get("DOCKER_HOST", "").strip()
    if host:
        if not env.get("DOCKER_TLS_VERIFY"):
            return Endpoint(host, "DOCKER_HOST")
        from docker.errors import DockerException

        try:
            return Endpoint(host, "DOCKER_HOST", _env_tls(env))
        except DockerException:
            folder = env.get("DOCKER_CERT_PATH") or os.path.join(os.path.expanduser("~"), ".docker")
            raise DaemonUnavailable(
                f"no Docker daemon can be reached at {host} (from DOCKER_HOST): "
                f"DOCKER_TLS_VERIFY is set, but {folder} lacks ca.pem, cert.pem or key.pem"
            ) from None
    from docker.context import ContextAPI
    from docker.context.config import get_current_context_name
    from docker.errors import ContextException, ContextNotFound

    name = env.get("DOCKER_CONTEXT", "").strip()
    origin = "DOCKER_CONTEXT"
    if not name:
        name = get_current_context_name()
        origin = "docker config currentContext"
    if name in ("", "default"):
        return Endpoint(DEFAULT_HOST, "the default socket (no DOCKER_HOST, no docker context)")
    try:
        context = ContextAPI.get_context(name)
    except (ContextNotFound, ContextException) as exc:
        raise DaemonUnavailable(
            f"docker context {name!r} ({origin}) cannot be read: {exc}"
        ) from None
    if context is None:
        raise DaemonUnavailable(f"docker context {name!r} ({origin}) does not exist")
    tls = context.TLSConfig if context.Host and context.Host.startswith("tcp://") else None
    return Endpoint(context.Host or DEFAULT_HOST, f"docker context {name!r} ({origin})", tls)


def _env_tls(env: dict[str, str]) -> Any:
    from docker.tls import TLSConfig

    cert_path = env.get("DOCKER_CERT_PATH") or os.path.join(os.path.expanduser("~"), ".docker")
    return TLSConfig(
        client_cert=(os.path.join(cert_path, "cert.pem"), os.path.join(cert_path, "key.pem")),
        ca_cert=os.path.join(cert_path, "ca.pem"),
        verify=True,
    )


def connect(environ: dict[str, str] | None = None) -> Any:
    """A `docker.DockerClient` that answered a ping, or DaemonUnavailable."""
    import docker
    from docker.errors import DockerException

    endpoint = find_endpoint(environ)
    try:
        client = docker.DockerClient(
            base_url=endpoint.host,
            tls=endpoint.tls or False,
            timeout=API_TIMEOUT,
            version="auto",
        )
        client.ping()
    except (DockerException, OSError, ValueError) as exc:
        # ValueError: an address urllib cannot parse (`tcp://[::1`).
        reason = _short(exc)
        raise DaemonUnavailable(
            f"no Docker daemon answers at {endpoint.host} (from {endpoint.origin}): {reason}"
        ) from None
    return client


def _short(exc: BaseException) -> str:
    """The operating system's reason inside a connection error (requests nests it three
    deep), else the error's last line."""
    import re

    text = str(exc)
    found = re.search(r"\[Errno -?\d+\] ([^'\")]+)|Error\(-?\d+, '([^']+)'\)", text)
    if found:
        return (found.group(1) or found.group(2)).strip()
    return (text.strip() or type(exc).__name__).splitlines()[-1][:200]
