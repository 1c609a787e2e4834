"""The value types of a planned pipeline: frozen dataclasses, no behaviour beyond lookups.

A `Plan` is a tree. Its top level runs in order, like a `serial` group. A node is a
`Group` (`serial` or `parallel`; `manual` groups and `services` fan-outs are groups too),
a `RunStep` or a `PushStep`; every node may carry `on_fail` nodes, which run only when
the node fails. Every node has a `skipped_reason` (None when it runs for this build) and
the place in the steps file it came from.

Secrets: environment values, env-file values and build-argument values are in the model
because the dry run must pass them to Docker, but they are kept out of `repr` and no
output of cslint prints them: outputs use the `*_keys` properties.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal


@dataclass(frozen=True, slots=True)
class Source:
    """Where something was written: the file as given, 1-based line and column."""

    path: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True, slots=True)
class PlanOptions:
    """The build being planned: which branch or git tag, and jet's CI variables (the
    `--ci-*` flags of `jet steps`). Unset variables are empty, as in a local `jet steps`
    run (format doc §2.5); `time` None means now (UTC)."""

    branch: str | None = None
    tag: str | None = None
    commit_id: str = ""
    build_id: str = ""
    repo_name: str = ""
    project_id: str = ""
    commit_message: str = ""
    commit_description: str = ""
    committer_name: str = ""
    committer_email: str = ""
    committer_username: str = ""
    time: datetime | None = None

    @property
    def build_name(self) -> str | None:
        """The name `tag`/`exclude` match: the git tag for a tag build, else the branch."""
        return self.tag if self.tag is not None else self.branch

    @property
    def build_label(self) -> str:
        """'branch 'main'' or 'tag 'v1.2'', for messages."""
        if self.tag is not None:
            return f"tag {self.tag!r}"
        return f"branch {self.branch!r}"


@dataclass(frozen=True, slots=True)
class Link:
    service: str
    alias: str  # the service name itself when no alias is written


@dataclass(frozen=True, slots=True)
class Volume:
    """One `volumes` entry, read by `cslint.codeship.volumes`: `/path` (anonymous, kind
    "anonymous") or `host:container[:mode]` (kind "bind")."""

    text: str
    container: str
    host: str | None = None  # a bind mount's host path as written (relative to the project)
    mode: str | None = None
    kind: str = "anonymous"  # "bind", "anonymous", "volume" (named), "tmpfs", "other"
    read_only: bool = False


@dataclass(frozen=True, slots=True)
class EnvFile:
    path: str  # relative to the project folder, POSIX
    found: bool  # False when the file does not exist (then it has no entries)
    entries: tuple[tuple[str, str], ...] = field(default=(), repr=False)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(key for key, _ in self.entries)


@dataclass(frozen=True, slots=True)
class Build:
    """How a service's image is built; paths are POSIX, relative to the project folder."""

    context: str
    dockerfile: str
    image: str | None  # build.image, when written
    # Values rendered from the CI variables (format doc §3.7); never printed.
    args: tuple[tuple[str, str], ...] = field(default=(), repr=False)
    encrypted_args_files: tuple[str, ...] = ()
    has_encrypted_args: bool = False
    # Whether the Dockerfile gives the image a HEALTHCHECK (dependencies are then waited
    # for until healthy); None when unknown (unread, or it may come from the base image).
    healthcheck: bool | None = None
    # Where the context and the Dockerfile are written (for messages about them).
    context_source: Source | None = None
    dockerfile_source: Source | None = None

    @property
    def arg_keys(self) -> tuple[str, ...]:
        return tuple(key for key, _ in self.args)


@dataclass(frozen=True, slots=True)
class Service:
    name: str
    source: Source
    image: str | None  # `image:`: pulled
    build: Build | None  # `build:`: built
    command: str | None = None  # for the service as a dependency container
    entrypoint: str | tuple[str, ...] | None = None
    depends_on: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    volumes_from: tuple[str, ...] = ()
    volumes: tuple[Volume, ...] = ()
    # `environment` as written, in order; a bare `- NAME` has the value None.
    environment: tuple[tuple[str, str | None], ...] = field(default=(), repr=False)
    env_files: tuple[EnvFile, ...] = ()
    encrypted_env_files: tuple[str, ...] = ()
    has_encrypted_environment: bool = False
    working_dir: str | None = None
    user: str | None = None
    hostname: str | None = None
    add_docker: bool = False
    privileged: bool = False
    cached: bool = False
    default_cache_branch: str | None = None
    dockercfg_service: str | None = None
    encrypted_dockercfg_path: str | None = None

    @property
    def environment_keys(self) -> tuple[str, ...]:
        """Every variable the container gets from the services file, in CodeShip's order
        (`environment`, then each `env_file`; format doc §2.5), each once."""
        return tuple(key for key, _ in self.merged_environment())

    def merged_environment(self) -> list[tuple[str, str | None]]:
        """`environment`, then the env files, a later value replacing an earlier one in
        place. Encrypted env files are never decrypted, so they are not in it."""
        merged: dict[str, str | None] = dict(self.environment)
        merged.update(entry for env_file in self.env_files for entry in env_file.entries)
        return list(merged.items())

    @property
    def encrypted_inputs(self) -> tuple[str, ...]:
        """What the dry run cannot have: encrypted files and inline encrypted values."""
        found = list(self.encrypted_env_files)
        if self.has_encrypted_environment:
            found.append("encrypted_environment")
        if self.build is not None:
            found.extend(self.build.encrypted_args_files)
            if self.build.has_encrypted_args:
                found.append("encrypted_args")
        return tuple(found)


@dataclass(frozen=True, slots=True)
class Filter:
    key: Literal["tag", "exclude"]
    value: str
    source: Source


@dataclass(frozen=True, slots=True)
class RunStep:
    id: str  # unique in the plan: "2.1", "2.1.on_fail.1", "3[web].1" for a fan-out
    name: str | None
    source: Source
    service: str
    command: str
    argv: tuple[str, ...]  # the command split as jet splits it (no shell)
    # Dependency services started fresh for this step, in start order (dependencies
    # of a dependency first): `depends_on` and `links`, transitively.
    needs: tuple[str, ...] = ()
    # Services whose volumes this step's containers mount (`volumes_from`, transitively).
    volumes_from: tuple[str, ...] = ()
    filters: tuple[Filter, ...] = ()  # the step's own tag/exclude
    skipped_reason: str | None = None
    on_fail: tuple[Node, ...] = ()
    dockercfg_service: str | None = None
    encrypted_dockercfg_path: str | None = None
    kind: Literal["run"] = "run"

    @property
    def label(self) -> str:
        return self.name or self.command


@dataclass(frozen=True, slots=True)
class PushStep:
    id: str
    name: str | None
    source: Source
    service: str
    image_name: str
    image_tag: str  # rendered and stripped of characters Docker tags cannot have
    image_tag_template: str  # as written ("latest" when not written)
    registry: str | None = None
    filters: tuple[Filter, ...] = ()
    skipped_reason: str | None = None
    on_fail: tuple[Node, ...] = ()
    dockercfg_service: str | None = None
    encrypted_dockercfg_path: str | None = None
    kind: Literal["push"] = "push"

    @property
    def label(self) -> str:
        return self.name or f"push {self.image_name}:{self.image_tag}"


@dataclass(frozen=True, slots=True)
class Group:
    id: str
    name: str | None
    source: Source
    kind: Literal["serial", "parallel"]
    children: tuple[Node, ...]
    written_type: str | None  # serial, parallel, manual, matrix; None for a fan-out
    manual: bool = False
    # For the sub-group a `services` list makes for one service: that service.
    fan_out: str | None = None
    filters: tuple[Filter, ...] = ()
    skipped_reason: str | None = None
    on_fail: tuple[Node, ...] = ()

    @property
    def label(self) -> str:
        if self.name:
            return self.name
        if self.fan_out:
            return f"service {self.fan_out}"
        return f"{self.written_type or self.kind} group"


Node = RunStep | PushStep | Group


@dataclass(frozen=True, slots=True)
class Plan:
    """The pipeline for one build. `steps` run in order (the top level is serial).

    To run it: for each node of `steps` in order, a `Group` of kind `serial` runs its
    children in order, one of kind `parallel` runs them concurrently; a failed node's
    `on_fail` nodes run after it; a node with a `skipped_reason` does not run, nor
    anything under it."""

    steps_path: str
    services_path: str
    options: PlanOptions
    time: datetime  # the build time templates were rendered with
    steps: tuple[Node, ...]
    services: tuple[Service, ...]

    def service(self, name: str) -> Service:
        for service in self.services:
            if service.name == name:
                return service
        raise KeyError(name)

    def walk(self, on_fail: bool = True) -> Iterator[Node]:
        """Every node, parents before children, `on_fail` nodes after their step (or
        left out with on_fail=False)."""
        yield from _walk(self.steps, on_fail)

    def leaves(self, on_fail: bool = True) -> Iterator[RunStep | PushStep]:
        return (n for n in self.walk(on_fail) if not isinstance(n, Group))

    def used_services(self) -> tuple[str, ...]:
        """The services some step that runs needs (its own and its dependencies), in the
        order of the services file."""
        used: set[str] = set()
        for node in self.walk():
            if isinstance(node, Group) or node.skipped_reason is not None:
                continue
            used.add(node.service)
            if isinstance(node, RunStep):
                used.update(node.needs, node.volumes_from)
        return tuple(s.name for s in self.services if s.name in used)


def _walk(nodes: tuple[Node, ...], on_fail: bool) -> Iterator[Node]:
    for node in nodes:
        yield node
        if isinstance(node, Group):
            yield from _walk(node.children, on_fail)
        if on_fail:
            yield from _walk(node.on_fail, on_fail)
