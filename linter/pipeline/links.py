"""The environment variables a `links` entry gives a container, as Docker's legacy links
give them: the format doc (§2.2) says CodeShip still creates them (`REDIS_PORT`,
`REDIS_ENV_...`), but a step network is a user-defined network, where Docker sets none.
So the dry run computes them from the linked container, by Docker's own scheme
(moby `daemon/links`): for an alias `db` (upper case, `-` as `_`), `DB_PORT` names the
first exposed port (by number, TCP first); for every exposed port
`DB_PORT_5432_TCP` (`tcp://ip:5432`) with `_ADDR`, `_PORT` and `_PROTO`; a run of
consecutive ports also `..._START`, `..._PORT_START`, `..._END`, `..._PORT_END`;
`DB_NAME` is `/<container>/<alias>`; and `DB_ENV_<KEY>` for every variable of the linked
container but HOME and PATH. `tests/test_dry_run.py` compares the result with what the
daemon itself sets for a legacy link on its default bridge.
"""

from __future__ import annotations

from collections.abc import Iterable


def _ordered(exposed: Iterable[str]) -> list[tuple[int, str]]:
    """`5432/tcp`-style keys as (number, protocol), by number, TCP first for one number:
    the order of Docker 20.10 (the daemon the tests compare with). Recent moby puts every
    TCP port first, which changes which port `_PORT` names; which order CodeShip's Docker
    (24.0, format doc §2.5) uses is not known, and the run's note says so."""
    ports: list[tuple[int, str]] = []
    for key in exposed:
        number, _, proto = key.partition("/")
        if number.isdigit():
            ports.append((int(number), proto or "tcp"))
    return sorted(ports, key=lambda p: (p[0], p[1].lower() != "tcp", p[1].lower()))


def link_variables(
    alias: str, ip: str, exposed: Iterable[str], child_env: Iterable[str], parent: str
) -> list[tuple[str, str]]:
    """The variables a container named `parent` gets from a link to a container reachable
    at `ip` under `alias`, which exposes `exposed` and runs with `child_env` (KEY=VALUE)."""
    name = alias.upper().replace("-", "_")
    out: list[tuple[str, str]] = []
    ports = _ordered(exposed)
    start = end = ports[0] if ports else None
    for i, (number, proto) in enumerate(ports):
        if i == 0:
            out.append((f"{name}_PORT", f"{proto}://{ip}:{number}"))
        prefix = f"{name}_PORT_{number}_{proto.upper()}"
        out += [
            (prefix, f"{proto}://{ip}:{number}"),
            (f"{prefix}_ADDR", ip),
            (f"{prefix}_PORT", str(number)),
            (f"{prefix}_PROTO", proto),
        ]
        assert start is not None and end is not None
        if number == end[0] + 1 and proto.lower() == start[1].lower():
            end = (number, proto)
            if i < len(ports) - 1:
                continue
        if end != start:
            first = f"{name}_PORT_{start[0]}_{start[1].upper()}"
            out += [
                (f"{first}_START", f"{start[1]}://{ip}:{start[0]}"),
                (f"{first}_PORT_START", str(start[0])),
                (f"{first}_END", f"{end[1]}://{ip}:{end[0]}"),
                (f"{first}_PORT_END", str(end[0])),
            ]
        start = end = (number, proto)
    out.append((f"{name}_NAME", f"/{parent}/{alias}"))
    for item in child_env:
        key, sep, value = item.partition("=")
        if sep and key not in ("HOME", "PATH"):
            out.append((f"{name}_ENV_{key}", value))
    return out
