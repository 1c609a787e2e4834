"""What cslint knows about the keys of CodeShip's files: one table.

Every key of a services file (top level, service, `build` mapping) and of a step, with its
status, the advice cslint gives about it, and the section of the format reference
(`../shared/docs/codeship-format.md`) it comes from. The schema's owner table, the
services rules (CS102, CS105, CS106), the steps rule CS209 and `cslint convert` all read
from here, and tests hold the JSON schemas and both commands to it
(`tests/test_facts.py`, `tests/test_agreement.py`). To change what cslint thinks of a
key, change its row here.
"""

from __future__ import annotations

import enum
from typing import Final

from cslint.core.diagnostics import Severity


class Place(enum.Enum):
    TOP = "top"  # the top level of a services file
    SERVICE = "service"
    BUILD = "build"  # a service's `build` mapping
    STEP = "step"  # any step mapping, at any depth


class Status(enum.Enum):
    SUPPORTED = "supported"  # CodeShip documents it and reads it
    PASSTHROUGH = "passthrough"  # a compose key CodeShip accepts without documenting it
    LEGACY = "legacy"  # deprecated or removed from the docs; still read, with a better way
    IGNORED = "ignored"  # CodeShip documents it as ignored or unavailable
    UNDOCUMENTED = "undocumented"  # a compose key CodeShip never mentions: probably ignored
    UNSUPPORTED = "unsupported"  # a compose key whose loss changes what is built
    MISPLACED = "misplaced"  # a key of another place, written here by mistake
    UNKNOWN = "unknown"  # nobody's key


# Statuses whose keys `check` accepts without a word and `convert` keeps as they are.
ACCEPTED = frozenset({Status.SUPPORTED, Status.PASSTHROUGH})


class Fact:
    """What the format reference says about one key of one place: its status, and the
    advice or replacement when it is not simply supported."""

    __slots__ = ("advice", "name", "place", "replacement", "section", "severity", "status")

    place: Final[Place]
    name: Final[str]
    status: Final[Status]
    section: Final[str]  # of the format reference, e.g. "§2.2"
    advice: Final[str | None]  # what to do instead (for keys that are not accepted)
    replacement: Final[str | None]  # the key to write instead, for a renamed legacy key
    severity: Final[Severity | None]  # when it differs from the status's usual one

    def __init__(
        self,
        place: Place,
        name: str,
        status: Status,
        section: str,
        advice: str | None = None,
        replacement: str | None = None,
        severity: Severity | None = None,
    ) -> None:
        self.place = place
        self.name = name
        self.status = status
        self.section = section
        self.advice = advice
        self.replacement = replacement
        self.severity = severity

    @property
    def accepted(self) -> bool:
        return self.status in ACCEPTED

    @property
    def finding_severity(self) -> Severity | None:
        """How `check` reports the key (and how loudly `convert` notes it); None: silent."""
        if self.severity is not None or self.accepted:
            return self.severity
        return _SEVERITY[self.status]


_SEVERITY = {
    Status.LEGACY: Severity.WARNING,
    Status.IGNORED: Severity.WARNING,
    Status.UNDOCUMENTED: Severity.INFO,
    Status.UNSUPPORTED: Severity.ERROR,
    Status.MISPLACED: Severity.ERROR,
    Status.UNKNOWN: Severity.ERROR,
}

_NETWORK = (
    "every step runs its containers on one isolated network where each service is "
    "reachable by its service name"
)
_LOGS = "CodeShip collects each container's output itself"
_ONE_CONTAINER = "CodeShip runs one container per service"
_DEFAULTS = "the container runs with CodeShip's defaults"
_SERVICE_NOT_BUILD = "it is a service key, not a build key; move it out of 'build' to the service"
_PUSH_NOT_BUILD = (
    "it is a push step key, not a build key; set it on the 'type: push' step in "
    "codeship-steps.yml (name the built image with 'build.image')"
)
_SERVICE_NOT_STEP = (
    "it is a service key, not a step key; set it on the service in codeship-services.yml"
)


def _rows(place: Place, status: Status, section: str, names: str) -> list[Fact]:
    return [Fact(place, name, status, section) for name in names.split()]


def _advised(
    place: Place, status: Status, section: str, advice: dict[str, str], **kw: Severity
) -> list[Fact]:
    return [
        Fact(place, name, status, section, text, None, kw.get(name))
        for name, text in advice.items()
    ]


_S, _B, _T, _P = Place.SERVICE, Place.BUILD, Place.TOP, Place.STEP

FACTS: tuple[Fact, ...] = (
    # -- top level of a services file (§2.1) ------------------------------------------------
    Fact(_T, "version", Status.SUPPORTED, "§2.1"),
    Fact(_T, "services", Status.SUPPORTED, "§2.1"),
    Fact(
        _T, "volumes", Status.IGNORED, "§2.1",
        "CodeShip has only per-service volumes: use a repository directory "
        "('./data:/data') or an anonymous volume shared with 'volumes_from'",
    ),
    Fact(_T, "networks", Status.IGNORED, "§2.1", _NETWORK),
    Fact(
        _T, "secrets", Status.UNDOCUMENTED, "§2.1",
        "encrypt the values with `jet encrypt` and use 'encrypted_env_file' or "
        "'encrypted_environment' on the service",
    ),
    Fact(
        _T, "configs", Status.UNDOCUMENTED, "§2.1",
        "COPY the files into the image, or commit them and mount them with a relative volume",
    ),
    Fact(_T, "name", Status.UNDOCUMENTED, "§2.1", "CodeShip names the project itself"),
    Fact(
        _T, "include", Status.UNDOCUMENTED, "§2.1",
        "CodeShip reads this one file; copy the included services into it",
    ),
    Fact(_T, "models", Status.UNDOCUMENTED, "§2.1", "CodeShip has no models"),
    # -- service keys (§2.2) ------------------------------------------------------------------
    *_rows(
        _S, Status.SUPPORTED, "§2.2",
        "image build dockerfile command entrypoint environment env_file encrypted_environment "
        "encrypted_env_file volumes volumes_from depends_on add_docker cached "
        "default_cache_branch encrypted_dockercfg_path dockercfg_service working_dir expose",
    ),
    # Not individually documented; the docs say compose directives not excluded work.
    *_rows(
        _S, Status.PASSTHROUGH, "§2.2",
        "user hostname domainname dns dns_search extra_hosts cap_add cap_drop cpu_shares "
        "cpuset mem_limit read_only security_opt",
    ),
    # §2.2 names `restart` with the keys above, §7 among those CodeShip drops. Honoured,
    # `restart: always` would start a finished step container again; so: probably ignored,
    # and dropped by convert.
    Fact(
        _S, "restart", Status.UNDOCUMENTED, "§2.2, §7",
        "CodeShip starts each step's containers once; make the command retry if it must",
    ),
    Fact(
        _S, "links", Status.LEGACY, "§2.2",
        "list these services under 'depends_on' instead (containers of a step reach each "
        "other by service name)",
        "depends_on",
    ),
    *_advised(_S, Status.IGNORED, "§2.4", {
        "ports": "containers of a step reach each other by service name and container port; "
        "CodeShip publishes no ports to the host",
        "networks": _NETWORK,
        "network_mode": _NETWORK,
        "container_name": "code that used the container name as a hostname must use the "
        "service name instead",
        "labels": "put LABEL instructions in the Dockerfile instead",
        "logging": _LOGS,
        "log_driver": _LOGS,
        "log_opt": _LOGS,
        "privileged": "CodeShip does not run privileged containers; use 'add_docker: true' "
        "when the container drives Docker",
        "external_links": "CodeShip reaches only services of this file, by service name",
        "stdin_open": "steps run without an interactive input",
        "tty": "steps run without a terminal",
        "extends": "inline the base service's settings",
        "tmpfs": "mount a volume instead, or write to the container's own filesystem",
        "healthcheck": "put a HEALTHCHECK instruction in the image's Dockerfile; CodeShip "
        "waits for it",
        "cgroup_parent": _DEFAULTS,
        "cpu_quota": _DEFAULTS,
        "devices": "CodeShip gives containers no host devices",
        "group_add": "add the user to the group in the Dockerfile",
        "init": "run an init process from the image's ENTRYPOINT if the command needs one",
        "ipc": _DEFAULTS,
        "isolation": _DEFAULTS,
        "mac_address": _DEFAULTS,
        "mem_swappiness": _DEFAULTS,
        "memswap_limit": _DEFAULTS,
        "oom_scope_adj": _DEFAULTS,
        "oom_score_adj": _DEFAULTS,
        "pid": _DEFAULTS,
        "stop_grace_period": "CodeShip stops a step's containers itself",
        "stop_signal": "CodeShip stops a step's containers itself",
        "ulimits": _DEFAULTS,
        "volume_driver": "CodeShip mounts repository folders and anonymous volumes only",
    }),
    *_advised(_S, Status.UNDOCUMENTED, "§2.2, §2.4", {
        "deploy": f"{_ONE_CONTAINER}; replicas, placement and resource limits do not apply",
        "scale": _ONE_CONTAINER,
        "profiles": "CodeShip starts a service when a step or a dependency needs it",
        "secrets": "encrypt the values with `jet encrypt` and use 'encrypted_env_file' or "
        "'encrypted_environment'",
        "configs": "COPY the file into the image, or mount it from the repository with a "
        "relative volume ('./file:/path')",
        "platform": "CodeShip builds and runs images for its own hosts (linux/amd64)",
        "pull_policy": "CodeShip pulls images itself; local `jet` has --pull-if-present",
        "develop": "file watching is a `docker compose watch` feature; steps run once",
        "post_start": "run the command in the step, or in the image's entrypoint",
        "pre_stop": "run the command in the step, or in the image's entrypoint",
        **dict.fromkeys(["annotations", "attach", "blkio_config", "cpu_count", "cpu_percent", "cpu_period", "cpu_rt_period", "cpu_rt_runtime", "cpus", "credential_spec", "device_cgroup_rules", "dns_opt", "gpus", "label_file", "mem_reservation", "oom_kill_disable", "pids_limit", "runtime", "shm_size", "storage_opt", "sysctls", "userns_mode", "uts", "models", "net", "provider", "use_api_socket"], _DEFAULTS),
    }),
    # -- build mapping keys (§2.3) ------------------------------------------------------------
    *_rows(
        _B, Status.SUPPORTED, "§2.3",
        "image context dockerfile args encrypted_args encrypted_args_file",
    ),
    Fact(_B, "path", Status.LEGACY, "§2.3", "'path' is the deprecated name of 'context'", "context"),
    Fact(
        _B, "dockerfile_path", Status.LEGACY, "§2.3",
        "'dockerfile_path' is the deprecated name of 'dockerfile'", "dockerfile",
    ),
    Fact(
        _B, "configure", Status.LEGACY, "§2.3",
        "a 2015 feature, removed from CodeShip's documentation in October 2015: build the "
        "artifact in a run step instead, or in a multi-stage Dockerfile",
    ),
    # Compose build keys whose loss changes only speed or metadata, not what is built.
    *_advised(_B, Status.IGNORED, "§2.3", {
        "cache_from": "use 'cached: true' on the service for CodeShip's layer cache",
        "cache_to": "use 'cached: true' on the service for CodeShip's layer cache",
        "labels": "put LABEL instructions in the Dockerfile instead",
        "network": "the build runs on CodeShip's build network",
        "platforms": "CodeShip builds for its own hosts (linux/amd64)",
        "tags": "name the image in 'build.image' and tag it in a push step",
        "no_cache": "CodeShip decides about the cache; see 'cached'",
        "pull": "CodeShip pulls base images itself",
        "shm_size": "the build runs with CodeShip's defaults",
        "extra_hosts": "the build cannot reach the step's services anyway",
        "isolation": "the build runs with CodeShip's defaults",
        "privileged": "CodeShip does not run privileged builds",
    }),
    *_advised(_B, Status.UNSUPPORTED, "§2.3", {
        "target": "CodeShip builds the last stage: move the wanted stage to the end of the "
        "Dockerfile or into its own Dockerfile",
        "dockerfile_inline": "write the Dockerfile to a file in the repository and name it "
        "in 'dockerfile'",
        "secrets": "pass build secrets with 'encrypted_args_file'",
        "ssh": "pass what the build needs with 'encrypted_args_file'",
        "additional_contexts": "copy what the build needs into the context",
    }),
    # Real files write service keys one level too deep (format doc §2.3, last paragraph).
    *[
        Fact(_B, name, Status.MISPLACED, "§2.3", _SERVICE_NOT_BUILD)
        for name in ["encrypted_env_file", "env_file", "environment", "encrypted_environment", "cached", "default_cache_branch", "volumes", "depends_on", "working_dir", "command", "entrypoint", "encrypted_dockercfg_path", "dockercfg_service", "add_docker"]
    ],
    *[
        Fact(_B, name, Status.MISPLACED, "§3.5", _PUSH_NOT_BUILD)
        for name in ("image_tag", "image_name", "registry", "tag")
    ],
    # -- step keys (§3.2) ------------------------------------------------------------------
    *_rows(
        _P, Status.SUPPORTED, "§3.2",
        "name type tag exclude service services steps command image_name image_tag registry "
        "encrypted_dockercfg_path dockercfg_service on_fail",
    ),
    # Service keys seen on steps in real files (§3.2, last paragraph).
    *[
        Fact(_P, name, Status.MISPLACED, "§3.2", _SERVICE_NOT_STEP)
        for name in ["add_docker", "build", "cached", "depends_on", "dockerfile", "encrypted_env_file", "encrypted_environment", "entrypoint", "env_file", "environment", "image", "links", "volumes", "volumes_from", "working_dir"]
    ],
)  # fmt: skip

_BY_KEY: dict[tuple[Place, str], Fact] = {(f.place, f.name): f for f in FACTS}

# Top-level extension fields (`x-anchors: ...`) hold anchors; compose and CodeShip skip them.
EXTENSION_PREFIX = "x-"

_UNKNOWN_ADVICE = {
    Place.TOP: "CodeShip reads only 'services' and 'version' beside the services; it is "
    "probably ignored (format doc §2.1)",
    Place.SERVICE: "CodeShip ignores it or does not know it (format doc §2.4)",
    Place.BUILD: "CodeShip's build mapping has no such key",
    Place.STEP: "CodeShip's steps have no such key",
}


def fact(place: Place, name: str) -> Fact:
    """The row for a key; a key the table does not name is UNKNOWN."""
    found = _BY_KEY.get((place, name))
    if found is not None:
        return found
    # Beside a `services:` wrapper CodeShip probably skips what it does not know: a warning.
    severity = Severity.WARNING if place is Place.TOP else None
    section = {Place.TOP: "§2.1", Place.SERVICE: "§2.4", Place.BUILD: "§2.3"}.get(place, "§3.2")
    return Fact(place, name, Status.UNKNOWN, section, _UNKNOWN_ADVICE[place], None, severity)


def keys(place: Place, *statuses: Status) -> frozenset[str]:
    """The names of a place's keys, of the given statuses (all statuses when none given)."""
    return frozenset(
        f.name for f in FACTS if f.place is place and (not statuses or f.status in statuses)
    )


def service_key_in_build(name: str) -> bool:
    """A key of the service written one level too deep, under `build` (format doc §2.3,
    last paragraph: `encrypted_env_file` in real files). It belongs to the service: check
    (CS102) says to move it there, convert moves it (CS520)."""
    row = fact(Place.BUILD, name)
    return row.status is Status.MISPLACED and fact(Place.SERVICE, name).accepted


def advice(place: Place, name: str) -> str:
    """What to do about a key that is not accepted, as one clause."""
    if name.startswith(EXTENSION_PREFIX):
        return "extension fields mean nothing to CodeShip"
    row = fact(place, name)
    return row.advice or _UNKNOWN_ADVICE[place]


# The keys of a service that CodeShip reads (what convert keeps).
SERVICE_KEYS = keys(Place.SERVICE, Status.SUPPORTED, Status.PASSTHROUGH, Status.LEGACY)
# The keys of a `build` mapping CodeShip reads, deprecated spellings included.
BUILD_KEYS = keys(Place.BUILD, Status.SUPPORTED, Status.LEGACY)
# Service keys whose value is a boolean (the truthy rule and convert's `${VAR}` handling).
BOOLEAN_SERVICE_KEYS = frozenset(
    {"cached", "add_docker", "read_only", "privileged", "tty", "stdin_open", "init"}
)
# Keys that make a mapping a service: a top-level `services:` holding one of them is a
# service named "services", not compose's wrapper.
SERVICE_MARKERS = frozenset({"image", "build", "command", "environment", "depends_on", "volumes"})
