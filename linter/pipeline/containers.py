"""Service containers and step networks: how a service of the services file becomes a
container on a step's network.

A container gets: the service's image; its `entrypoint`; the command given (a step's argv,
or the service's own `command` for a dependency container); jet's CI variables, then
`environment`, then each `env_file` (format doc §2.5: later sources win); its volumes; the
containers its `volumes_from` names; `working_dir`, `user`, `hostname`; the run labels;
and, on the step's network, its service name and every alias a link gives it as DNS names.

Checked before anything runs (exit 2, at the service's place): a privileged service without
`--allow-privileged`, and a host volume whose path leaves the project folder or does not
exist (CodeShip does not create it; Docker >= 1.13 no longer does either).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from cslint.codeship.command import CommandSplitError, split_command
from cslint.pipeline import labels
from cslint.pipeline.daemon_access import DaemonAccess
from cslint.pipeline.model import Plan, Service
from cslint.pipeline.plan import template_fields


class RunRefused(Exception):
    """The pipeline cannot be run as asked: one line with its place, exit 2."""


def preflight(
    plan: Plan, root: str, allow_privileged: bool, allow_outside_context: bool = False
) -> None:
    for name in plan.used_services():
        service = plan.service(name)
        if not allow_outside_context:
            build_inputs_inside(service, root)
        if service.privileged and not allow_privileged:
            raise RunRefused(
                f"{service.source}: service {name!r} is privileged; CodeShip lists `privileged` "
                "as unavailable, and a dry run gives a container full control of the daemon's "
                "host only with --allow-privileged"
            )
        for volume in service.volumes:
            if volume.kind == "bind" and volume.host is not None:
                host_path(service, volume.host, root)
            elif volume.kind not in ("anonymous", "tmpfs"):
                raise RunRefused(
                    f"{service.source}: service {name!r}: volume {volume.text!r} is not a "
                    "`./host:/container` or `/container` volume, and CodeShip has no other kind"
                )


def build_inputs_inside(service: Service, root: str) -> None:
    """RunRefused when the build context or the Dockerfile of `service` resolves (symlinks
    followed) outside the project folder: the docker SDK would send that folder, or read
    that Dockerfile, to the daemon. Symlinks *inside* the context are sent as links, never
    followed (tests/test_dry_run.py checks the SDK and the builder)."""
    build = service.build
    if build is None:
        return
    flag = "--allow-outside-context sends it anyway"
    for what, written, source in (
        ("build context", build.context, build.context_source),
        ("Dockerfile", build.dockerfile, build.dockerfile_source),
    ):
        joined = os.path.normpath(os.path.join(root, written))
        if _inside(joined, root) and _inside(os.path.realpath(joined), root):
            continue
        how = "is outside" if not _inside(joined, root) else "is a link to a path outside"
        raise RunRefused(
            f"{source or service.source}: service {service.name!r}: the {what} {written!r} "
            f"{how} the project folder; a dry run sends the daemon only what is inside the "
            f"project ({flag})"
        )


def _inside(path: str, root: str) -> bool:
    return os.path.commonpath([path, root]) == root


def host_path(service: Service, written: str, root: str) -> str:
    """The host side of a volume, resolved inside the project folder, or RunRefused."""
    resolved = os.path.realpath(os.path.join(root, written))
    if os.path.commonpath([resolved, root]) != root:
        raise RunRefused(
            f"{service.source}: service {service.name!r}: volume host path {written!r} leaves "
            "the project folder; a dry run mounts only paths inside the project"
        )
    if not os.path.exists(resolved):
        raise RunRefused(
            f"{service.source}: service {service.name!r}: volume host path {written!r} does "
            "not exist (neither CodeShip nor Docker creates it)"
        )
    return resolved


def ci_environment(plan: Plan) -> dict[str, str]:
    """The variables jet gives every step container (format doc §2.5)."""
    fields = template_fields(plan.options, plan.time)
    return {
        "CI": "true",
        "CI_NAME": "codeship",
        "CI_BRANCH": fields["Branch"],
        "CI_BUILD_ID": fields["BuildID"],
        "CI_BUILD_APPROVED": "",
        "CI_COMMITTER_EMAIL": fields["CommitterEmail"],
        "CI_COMMITTER_NAME": fields["CommitterName"],
        "CI_COMMITTER_USERNAME": fields["CommitterUsername"],
        "CI_COMMIT_DESCRIPTION": fields["CommitDescription"],
        "CI_COMMIT_ID": fields["CommitID"],
        "CI_COMMIT_MESSAGE": fields["CommitMessage"],
        "CI_PROJECT_ID": fields["ProjectID"],
        "CI_REPO_NAME": fields["RepoName"],
        "CI_STRING_TIME": fields["StringTime"],
        "CI_TIMESTAMP": fields["Timestamp"],
        "CI_PR_NUMBER": "",
        "CI_PULL_REQUEST": "",
    }


def environment(plan: Plan, service: Service, given: tuple[tuple[str, str], ...] = ()) -> list[str]:
    """KEY=VALUE for the container, in CodeShip's order: jet's CI variables, what the dry
    run gives (`add_docker`, link variables), then the service's own. A bare `- NAME`
    takes the value cslint itself runs with, as Compose does (docs/dry-run.md); unset, it
    is left out."""
    merged = ci_environment(plan)
    merged.update(given)
    for key, value in service.merged_environment():
        if value is None:
            if key in os.environ:
                merged[key] = os.environ[key]
            continue
        merged[key] = value
    return [f"{key}={value}" for key, value in merged.items()]


def redact_environment(message: str, plan: Plan, names: tuple[str, ...]) -> str:
    """`message` (a daemon's error, which may quote a `KEY=value` of the container it
    refused, escaped) with every environment value of the services `names` masked."""
    import re

    from cslint.codeship.secrets import MASK, Redactor

    keys: set[str] = set()
    values: set[str] = set()
    for name in names:
        for key, value in plan.service(name).merged_environment():
            keys.add(key)
            if value is None and key in os.environ:
                value = os.environ[key]
            if value:
                values.add(value)
    masked = Redactor(values).redact(message)
    for key in sorted(keys, key=len, reverse=True):
        # Up to the quote the daemon put around it, or the end of the line.
        masked = re.sub(rf"(?<![A-Za-z0-9_]){re.escape(key)}=[^\"\n]*", f"{key}={MASK}", masked)
    return masked


@dataclass
class Containers:
    client: Any
    plan: Plan
    root: str
    run_id: str
    images: dict[str, str]  # service -> image id
    daemon: DaemonAccess | None = None  # what `add_docker` gives; None: no service asks
    volume_holders: dict[str, str] = field(default_factory=dict)  # service -> container id
    # container id -> the volumes made for it, removed with it (the sweep would too, later)
    _made: dict[str, list[str]] = field(default_factory=dict)

    @property
    def run_labels(self) -> dict[str, str]:
        return labels.run_labels(self.run_id, self.root)

    def network(self, step_id: str) -> str:
        name = labels.docker_name(self.run_id, step_id.replace(".", "-"), "net")
        self.client.api.create_network(name, driver="bridge", labels=self.run_labels)
        return name

    def create(
        self,
        service: Service,
        name: str,
        network: str,
        aliases: list[str],
        argv: list[str] | None,
        given: tuple[tuple[str, str], ...] = (),
    ) -> str:
        """A container of `service` on `network` (not started). `argv` None runs the
        service's own `command` (a dependency container); `given` are variables the run
        adds (link variables)."""
        api = self.client.api
        binds, made_volumes = self._volumes(service, name)
        if service.add_docker and self.daemon is not None:
            binds += self.daemon.binds
            given = (*self.daemon.environment, *given)
        command = argv if argv is not None else _split(service.command)
        host_config = api.create_host_config(
            binds=binds,
            volumes_from=[self.volume_holder(s) for s in self._volumes_from(service)] or None,
            privileged=service.privileged,
            tmpfs=self.tmpfs(service) or None,
        )
        networking = api.create_networking_config(
            {network: api.create_endpoint_config(aliases=aliases)}
        )
        container = api.create_container(
            self.images[service.name],
            command=command,
            entrypoint=_entrypoint(service.entrypoint),
            environment=environment(self.plan, service, given),
            working_dir=service.working_dir,
            user=service.user or "",
            hostname=service.hostname,
            labels=self.run_labels,
            name=name,
            host_config=host_config,
            networking_config=networking,
            detach=True,
        )
        self._made[str(container["Id"])] = made_volumes
        return str(container["Id"])

    def remove(self, container_id: str) -> None:
        """Remove a container and the volumes made for it."""
        from docker.errors import APIError, NotFound

        made = self._made.pop(container_id, [])
        try:
            self.client.api.remove_container(container_id, force=True, v=True)
        except NotFound:
            return
        for volume in made:
            try:
                self.client.api.remove_volume(volume, force=True)
            except APIError:
                continue

    def volume_holder(self, service_name: str) -> str:
        """The one container per run whose volumes `volumes_from` mounts (CodeShip creates
        such volume containers once per build, not per step)."""
        if service_name not in self.volume_holders:
            service = self.plan.service(service_name)
            # Its volumes live for the run; the sweep at the end removes them by label.
            binds, _ = self._volumes(service, labels.docker_name(self.run_id, service_name))
            container = self.client.api.create_container(
                self.images[service_name],
                command=["true"],
                labels=self.run_labels,
                name=labels.docker_name(self.run_id, service_name, "volumes"),
                host_config=self.client.api.create_host_config(binds=binds),
            )
            self.volume_holders[service_name] = str(container["Id"])
        return self.volume_holders[service_name]

    def _volumes_from(self, service: Service) -> tuple[str, ...]:
        return service.volumes_from

    def _volumes(self, service: Service, owner: str) -> tuple[list[str], list[str]]:
        """Bind specs: host paths inside the project, and for a container-only path a
        volume made for this container with the run labels (Docker's anonymous volumes
        would carry none)."""
        binds: list[str] = []
        made: list[str] = []
        for i, volume in enumerate(service.volumes):
            mode = f":{volume.mode}" if volume.mode else (":ro" if volume.read_only else "")
            if volume.kind == "tmpfs":
                continue  # a tmpfs leaves nothing behind; see tmpfs()
            if volume.kind == "bind" and volume.host is not None:
                binds.append(
                    f"{host_path(service, volume.host, self.root)}:{volume.container}{mode}"
                )
                continue
            name = f"{owner}-v{i + 1}"
            self.client.api.create_volume(name, labels=self.run_labels)
            made.append(name)
            binds.append(f"{name}:{volume.container}{mode}")
        return binds, made

    @staticmethod
    def tmpfs(service: Service) -> dict[str, str]:
        return {v.container: "" for v in service.volumes if v.kind == "tmpfs"}


def _split(command: str | None) -> list[str] | None:
    if command is None:
        return None
    try:
        return split_command(command)
    except CommandSplitError:
        return [command]


def _entrypoint(value: str | tuple[str, ...] | None) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, tuple):
        return list(value)
    return _split(value)
