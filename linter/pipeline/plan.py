"""`build_plan`: which steps run for one build, in which order, on which service.

It reads the step tree through `cslint.codeship.steps_model` (the same view the steps
rules use: inheritance of `service`, the chain of `tag`/`exclude` filters) and the services
through `cslint.codeship.services_model`, and matches filters with
`cslint.codeship.tags`, so the linter and the runner cannot disagree. The choices where
the format reference says UNCERTAIN are in docs/dry-run.md, each with its test.

The planner assumes a pipeline `cslint check` finds no error in, but never trusts it:
what it cannot plan (an unknown service, a dependency cycle, a template it cannot render,
a command with an open quote) raises PlanError with the place in the file.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, TypedDict

from cslint.codeship.command import CommandSplitError, split_command
from cslint.codeship.services_model import build_refs, iter_services
from cslint.codeship.steps_model import Step, build_steps, scalar_text
from cslint.codeship.tags import matches
from cslint.codeship.templates import BUILD_FIELDS, TemplateError, render
from cslint.parsers.yamldoc import JsonPath, YamlDocument
from cslint.pipeline.model import (
    Build,
    EnvFile,
    Filter,
    Group,
    Link,
    Node,
    Plan,
    PlanOptions,
    PushStep,
    RunStep,
    Service,
    Source,
    Volume,
)

# Docker's tag alphabet; jet strips other characters from a rendered tag (format doc §3.2).
_TAG_INVALID = re.compile(r"[^A-Za-z0-9_.-]")
_TAG_MAX = 128
DEFAULT_IMAGE_TAG = "latest"

ReadFile = Callable[[str], bytes | None]


class OutsideProject(Exception):
    """Raised by a `ReadFile` for a path that resolves (through a symlink) outside the
    project folder: such a file is refused like a `../` path, never read."""


class PlanError(Exception):
    """Something the planner cannot plan, at its place in a file: exit 2."""

    def __init__(self, source: Source, message: str) -> None:
        super().__init__(f"{source}: {message}")
        self.source = source
        self.message = message


def template_fields(options: PlanOptions, moment: datetime) -> dict[str, str]:
    """jet's template data for build arguments (format doc §3.7), as text."""
    fields = {
        "ProjectID": options.project_id,
        "BuildID": options.build_id,
        "RepoName": options.repo_name,
        "Branch": options.branch if options.branch is not None else options.tag or "",
        "CommitID": options.commit_id,
        "CommitMessage": options.commit_message,
        "CommitDescription": options.commit_description,
        "CommitterName": options.committer_name,
        "CommitterEmail": options.committer_email,
        "CommitterUsername": options.committer_username,
        "Timestamp": str(int(moment.timestamp())),
        "StringTime": moment.isoformat(timespec="seconds").replace("+00:00", "Z"),
        "Ci": "true",
    }
    assert fields.keys() | {"Time"} == BUILD_FIELDS
    return fields


def build_plan(
    services_doc: YamlDocument,
    steps_doc: YamlDocument,
    options: PlanOptions,
    *,
    services_path: str = "codeship-services.yml",
    steps_path: str = "codeship-steps.yml",
    read_file: ReadFile | None = None,
) -> Plan:
    """The plan of `steps_doc` over `services_doc` for the build `options` describes.
    `read_file(path)` reads a project file (path relative to the services file's folder)
    for env files; without it, env files are listed but not read."""
    moment = options.time or datetime.now(UTC)
    planner = _Planner(services_doc, steps_doc, options, moment, services_path, steps_path)
    services = planner.services(read_file)
    steps = planner.steps()
    return Plan(
        steps_path=steps_path,
        services_path=services_path,
        options=options,
        time=moment,
        steps=steps,
        services=services,
    )


class _StepFields(TypedDict):
    """The fields RunStep and PushStep share (mypy checks the `**` against both)."""

    id: str
    name: str | None
    source: Source
    service: str
    filters: tuple[Filter, ...]
    skipped_reason: str | None
    on_fail: tuple[Node, ...]
    dockercfg_service: str | None
    encrypted_dockercfg_path: str | None


class _Planner:
    def __init__(
        self,
        services_doc: YamlDocument,
        steps_doc: YamlDocument,
        options: PlanOptions,
        moment: datetime,
        services_path: str,
        steps_path: str,
    ) -> None:
        self.sdoc = services_doc
        self.tdoc = steps_doc
        self.options = options
        self.moment = moment
        self.services_path = services_path
        self.steps_path = steps_path
        self.fields = template_fields(options, moment)
        self.by_name: dict[str, Service] = {}
        self._closure: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}

    # ----- places -------------------------------------------------------------------

    def at_services(self, path: JsonPath) -> Source:
        span = self.sdoc.span(path)
        return Source(self.services_path, span.line, span.col)

    def at_services_value(self, path: JsonPath) -> Source:
        span = self.sdoc.value_span(path)
        return Source(self.services_path, span.line, span.col)

    def at_steps(self, path: JsonPath) -> Source:
        span = self.tdoc.span(path)
        return Source(self.steps_path, span.line, span.col)

    def at_steps_value(self, path: JsonPath) -> Source:
        span = self.tdoc.value_span(path)
        return Source(self.steps_path, span.line, span.col)

    # ----- services -----------------------------------------------------------------

    def services(self, read_file: ReadFile | None) -> tuple[Service, ...]:
        builds = {ref.service: ref for ref in build_refs(self.sdoc.data)}
        out: list[Service] = []
        for entry in iter_services(self.sdoc.data):
            body = entry.mapping
            ref = builds.get(entry.name)
            build = None
            if ref is not None:
                build_body = body.get("build")
                build_map = build_body if isinstance(build_body, dict) else {}
                build = Build(
                    context=ref.context,
                    dockerfile=ref.dockerfile,
                    image=ref.image,
                    args=self._args(build_map.get("args"), (*entry.path, "build", "args")),
                    encrypted_args_files=_strings(build_map.get("encrypted_args_file")),
                    has_encrypted_args=bool(build_map.get("encrypted_args")),
                    healthcheck=_healthcheck(ref.dockerfile, read_file),
                    context_source=self.at_services_value(ref.context_at),
                    dockerfile_source=(
                        self.at_services_value(ref.dockerfile_at) if ref.dockerfile_at else None
                    ),
                )
            image = _text(body.get("image"))
            service = Service(
                name=entry.name,
                source=self.at_services(entry.path),
                image=image if build is None else None,
                build=build,
                command=_text(body.get("command")),
                entrypoint=_entrypoint(body.get("entrypoint")),
                depends_on=_strings(body.get("depends_on")),
                links=tuple(_link(item) for item in _strings(body.get("links"))),
                volumes_from=_strings(body.get("volumes_from")),
                volumes=tuple(_volume(item) for item in _items(body.get("volumes"))),
                environment=_name_values(body.get("environment")),
                env_files=tuple(
                    self._env_file(path, (*entry.path, "env_file"), read_file)
                    for path in _strings(body.get("env_file"))
                ),
                encrypted_env_files=_strings(body.get("encrypted_env_file")),
                has_encrypted_environment=bool(body.get("encrypted_environment")),
                working_dir=_text(body.get("working_dir")),
                user=_text(body.get("user")),
                hostname=_text(body.get("hostname")),
                add_docker=body.get("add_docker") is True,
                privileged=body.get("privileged") is True,
                cached=body.get("cached") is True,
                default_cache_branch=_text(body.get("default_cache_branch")),
                dockercfg_service=_text(body.get("dockercfg_service")),
                encrypted_dockercfg_path=_text(body.get("encrypted_dockercfg_path")),
            )
            self.by_name[entry.name] = service
            out.append(service)
        for service in out:
            self._dependencies(service.name, ())
        return tuple(out)

    def _env_file(self, path: str, where: JsonPath, read_file: ReadFile | None) -> EnvFile:
        from cslint.convert.interpolate import read_env_file

        norm = posixpath.normpath(path)
        if norm.startswith("../") or norm == ".." or posixpath.isabs(norm):
            raise PlanError(
                self.at_services(where), f"env_file {path!r} is outside the project folder"
            )
        try:
            raw = read_file(norm) if read_file is not None else None
        except OutsideProject:
            raise PlanError(
                self.at_services(where),
                f"env_file {path!r} is a link to a file outside the project folder",
            ) from None
        if raw is None:
            return EnvFile(norm, found=False)
        text = raw.decode("utf-8-sig", errors="replace")
        return EnvFile(norm, found=True, entries=tuple(read_env_file(text).items()))

    def _args(self, value: Any, path: JsonPath) -> tuple[tuple[str, str], ...]:
        items: list[tuple[str, str, JsonPath]] = []
        if isinstance(value, dict):
            for key, raw in value.items():
                located = self.sdoc.get((*path, key))
                written = located.raw if located is not None else None
                items.append((str(key), written or scalar_text(raw) or "", (*path, key)))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                key, _, text = (scalar_text(item) or "").partition("=")
                items.append((key, text, (*path, i)))
        out: list[tuple[str, str]] = []
        for key, text, where in items:
            try:
                rendered = render(text, self.fields, self.moment)
            except TemplateError as exc:
                span = self.sdoc.value_span(where)
                source = Source(self.services_path, span.line, span.col)
                raise PlanError(source, f"build argument {key!r}: {exc.message}") from None
            out.append((key, rendered))
        return tuple(out)

    def _dependencies(
        self, name: str, stack: tuple[str, ...]
    ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(dependencies in start order, volumes_from services) of a service, transitively."""
        if name in self._closure:
            return self._closure[name]
        service = self.by_name[name]
        if name in stack:
            cycle = " -> ".join((*stack[stack.index(name) :], name))
            raise PlanError(service.source, f"services depend on each other in a cycle: {cycle}")
        order: list[str] = []
        volumes: list[str] = []
        direct = [*service.depends_on, *(link.service for link in service.links)]
        for dep in direct:
            if dep not in self.by_name:
                raise PlanError(
                    service.source, f"service {name!r} depends on {dep!r}, which is not a service"
                )
            deps, vols = self._dependencies(dep, (*stack, name))
            for item in (*deps, dep):
                if item not in order:
                    order.append(item)
            volumes.extend(v for v in vols if v not in volumes)
        for source_name in service.volumes_from:
            if source_name not in self.by_name:
                raise PlanError(
                    service.source,
                    f"service {name!r} takes volumes from {source_name!r}, which is not a service",
                )
            if source_name not in volumes:
                volumes.append(source_name)
        self._closure[name] = (tuple(order), tuple(volumes))
        return self._closure[name]

    # ----- steps --------------------------------------------------------------------

    def steps(self) -> tuple[Node, ...]:
        model = build_steps(self.tdoc.data, self.tdoc)
        return tuple(self._node(step, str(i + 1), None, None) for i, step in enumerate(model.top))

    def _node(self, step: Step, node_id: str, fan: str | None, skipped: str | None) -> Node:
        """`step` as a plan node. `fan` is the service a `services` fan-out above chose;
        `skipped` the reason an enclosing node is skipped (it governs its children)."""
        reason = skipped or self._filter_reason(step)
        many = step.data.get("services")
        if isinstance(many, list) and "service" not in step.data:
            return self._fan_out(step, node_id, reason)
        service = self._service_of(step, fan)
        kind = step.kind
        if kind in ("serial", "parallel", "manual", "matrix"):
            return self._group(step, node_id, fan, reason)
        on_fail = self._on_fail(step, node_id, fan, reason)
        if kind == "push":
            return self._push(step, node_id, service, reason, on_fail)
        if kind != "run":
            # `load` (SchemaStore only) and unknown types: nothing documents what they do.
            raise PlanError(
                self.at_steps((*step.path, "type")),
                f"cslint cannot plan a step of type {kind!r}; it plans run, push, serial, "
                "parallel, manual and matrix steps",
            )
        return self._run(step, node_id, service, reason, on_fail)

    def _service_of(self, step: Step, fan: str | None) -> str:
        source = step.service_source()
        if source is not None and "service" in source.data:
            name = source.text("service")
        else:
            name = fan
        if not name:
            if step.is_group:
                return ""
            raise PlanError(self.at_steps(step.path), "the step has no service to run on")
        if name not in self.by_name:
            where = (
                self.at_steps_value((*source.path, "service"))
                if source
                else self.at_steps(step.path)
            )
            raise PlanError(where, f"{name!r} is not a service of {self.services_path}")
        return name

    def _filters(self, step: Step) -> tuple[Filter, ...]:
        out: list[Filter] = []
        for key in ("tag", "exclude"):
            value = step.text(key)
            if value is not None:
                where = self.at_steps_value((*step.path, key))
                out.append(Filter("tag" if key == "tag" else "exclude", value, where))
        return tuple(out)

    def _filter_reason(self, step: Step) -> str | None:
        """Why this step's own filters, or an enclosing group's, skip it for this build;
        `exclude` is checked first, so it wins over `tag`."""
        name = self.options.build_name
        chain = step.filters()
        for flt in chain:
            if flt.key == "exclude" and name is not None and matches(flt.value, name):
                line = self.at_steps_value(flt.path).line
                return f"excluded by {flt.value!r} (line {line}) for {self.options.build_label}"
        for flt in chain:
            if flt.key != "tag":
                continue
            line = self.at_steps_value(flt.path).line
            if name is None:
                return f"runs only for tag {flt.value!r} (line {line}); no --branch or --tag given"
            if not matches(flt.value, name):
                return f"tag {flt.value!r} (line {line}) does not match {self.options.build_label}"
        return None

    def _on_fail(
        self, step: Step, node_id: str, fan: str | None, reason: str | None
    ) -> tuple[Node, ...]:
        items = [child for child in step.children if child.on_fail]
        return tuple(
            self._node(child, f"{node_id}.on_fail.{i + 1}", fan, reason)
            for i, child in enumerate(items)
        )

    def _manual(self, step: Step, reason: str | None) -> tuple[bool, str | None]:
        """Whether a group is a manual approval group, and why it is skipped: a filter's
        reason, already given, comes first."""
        manual = step.kind == "manual"
        if manual and reason is None:
            reason = (
                f"manual approval group (line {self.at_steps(step.path).line}): it waits "
                "for approval on CodeShip and does not run here"
            )
        return manual, reason

    def _group(self, step: Step, node_id: str, fan: str | None, reason: str | None) -> Group:
        written = step.kind
        manual, reason = self._manual(step, reason)
        children = [child for child in step.children if not child.on_fail]
        return Group(
            id=node_id,
            name=step.name,
            source=self.at_steps(step.path),
            kind="parallel" if written == "parallel" else "serial",
            children=tuple(
                self._node(child, f"{node_id}.{i + 1}", fan, reason)
                for i, child in enumerate(children)
            ),
            written_type=written,
            manual=manual,
            filters=self._filters(step),
            skipped_reason=reason,
            on_fail=self._on_fail(step, node_id, fan, reason),
        )

    def _fan_out(self, step: Step, node_id: str, reason: str | None) -> Group:
        """A step with `services`: its children once per service (format doc §3.2). A
        parallel group runs one serial sub-group per service concurrently; any other
        group, the sub-groups one after another; a run or push step with `services`
        becomes a parallel group of one step per service (docs/dry-run.md)."""
        names = [n for i in range(len(step.data["services"])) if (n := step.text("services", i))]
        for i, name in enumerate(names):
            if name not in self.by_name:
                where = self.at_steps_value((*step.path, "services", i))
                raise PlanError(where, f"{name!r} is not a service of {self.services_path}")
        source = self.at_steps(step.path)
        if step.is_group:
            written = step.kind
            manual, reason = self._manual(step, reason)
            children = [child for child in step.children if not child.on_fail]
            subgroups = tuple(
                Group(
                    id=f"{node_id}[{name}]",
                    name=None,
                    source=source,
                    kind="serial",
                    children=tuple(
                        self._node(child, f"{node_id}[{name}].{i + 1}", name, reason)
                        for i, child in enumerate(children)
                    ),
                    written_type=None,
                    fan_out=name,
                    skipped_reason=reason,
                )
                for name in names
            )
            return Group(
                id=node_id,
                name=step.name,
                source=source,
                kind="parallel" if written == "parallel" else "serial",
                children=subgroups,
                written_type=written,
                manual=manual,
                filters=self._filters(step),
                skipped_reason=reason,
                on_fail=self._on_fail(step, node_id, None, reason),
            )
        copies: list[Node] = []
        for name in names:
            on_fail = self._on_fail(step, f"{node_id}[{name}]", name, reason)
            if step.kind == "push":
                copies.append(self._push(step, f"{node_id}[{name}]", name, reason, on_fail))
            else:
                copies.append(self._run(step, f"{node_id}[{name}]", name, reason, on_fail))
        return Group(
            id=node_id,
            name=step.name,
            source=source,
            kind="parallel",
            children=tuple(copies),
            written_type=None,
            filters=self._filters(step),
            skipped_reason=reason,
        )

    def _credentials(self, step: Step) -> tuple[str | None, str | None]:
        """The step's dockercfg_service / encrypted_dockercfg_path, its own or a group's."""
        for holder in (step, *step.ancestors()):
            if "dockercfg_service" in holder.data or "encrypted_dockercfg_path" in holder.data:
                return holder.text("dockercfg_service"), holder.text("encrypted_dockercfg_path")
        return None, None

    def _step_fields(
        self,
        step: Step,
        node_id: str,
        service: str,
        reason: str | None,
        on_fail: tuple[Node, ...],
    ) -> _StepFields:
        """What a run step and a push step have alike, read the same way for both."""
        dockercfg_service, encrypted = self._credentials(step)
        return _StepFields(
            id=node_id,
            name=step.name,
            source=self.at_steps(step.path),
            service=service,
            filters=self._filters(step),
            skipped_reason=reason,
            on_fail=on_fail,
            dockercfg_service=dockercfg_service,
            encrypted_dockercfg_path=encrypted,
        )

    def _run(
        self,
        step: Step,
        node_id: str,
        service: str,
        reason: str | None,
        on_fail: tuple[Node, ...],
    ) -> RunStep:
        command = step.text("command")
        if command is None:
            raise PlanError(self.at_steps(step.path), "the run step has no command")
        try:
            argv = tuple(split_command(command))
        except CommandSplitError as exc:
            raise PlanError(
                self.at_steps_value((*step.path, "command")),
                f"jet cannot split the command {command!r}: {exc}",
            ) from None
        if not argv:
            raise PlanError(self.at_steps_value((*step.path, "command")), "the command is empty")
        needs, volumes = self._dependencies(service, ())
        return RunStep(
            **self._step_fields(step, node_id, service, reason, on_fail),
            command=command,
            argv=argv,
            needs=needs,
            volumes_from=volumes,
        )

    def _push(
        self,
        step: Step,
        node_id: str,
        service: str,
        reason: str | None,
        on_fail: tuple[Node, ...],
    ) -> PushStep:
        image_name = step.text("image_name")
        if not image_name:
            raise PlanError(self.at_steps(step.path), "the push step has no image_name")
        template = step.text("image_tag")
        if template is None:
            template = DEFAULT_IMAGE_TAG
        fields = {
            **self.fields,
            "StepName": step.name or "",
            "ServiceName": service,
            "ImageName": image_name,
            "CiName": "codeship",
        }
        where = self.at_steps_value((*step.path, "image_tag"))
        try:
            rendered = render(template, fields, self.moment)
        except TemplateError as exc:
            raise PlanError(where, f"image_tag {template!r}: {exc.message}") from None
        tag = sanitize_tag(rendered)
        if not tag and reason is None:
            reason = (
                f"image_tag {template!r} renders empty for this build; give the CI "
                "variables it uses (--branch, --ci-commit-id, ...)"
            )
        return PushStep(
            **self._step_fields(step, node_id, service, reason, on_fail),
            image_name=image_name,
            image_tag=tag,
            image_tag_template=template,
            registry=step.text("registry"),
        )


def sanitize_tag(rendered: str) -> str:
    """A rendered image_tag as a Docker tag: characters outside `[A-Za-z0-9_.-]` removed,
    no leading `.` or `-`, at most 128 characters (docs/dry-run.md)."""
    return _TAG_INVALID.sub("", rendered).lstrip(".-")[:_TAG_MAX]


# ----- services file values -----------------------------------------------------------


def _text(value: Any) -> str | None:
    return scalar_text(value)


def _strings(value: Any) -> tuple[str, ...]:
    """A string-or-list key (`env_file`, `depends_on`, ...) as a tuple of strings."""
    if isinstance(value, list):
        return tuple(t for item in value if (t := scalar_text(item)))
    text = scalar_text(value)
    return (text,) if text else ()


def _entrypoint(value: Any) -> str | tuple[str, ...] | None:
    if isinstance(value, list):
        return tuple(scalar_text(v) or "" for v in value)
    return scalar_text(value)


def _link(text: str) -> Link:
    service, _, alias = text.partition(":")
    return Link(service, alias or service)


def _healthcheck(dockerfile: str, read_file: ReadFile | None) -> bool | None:
    try:
        raw = read_file(dockerfile) if read_file is not None else None
    except OutsideProject:
        return None
    if raw is None:
        return None
    from cslint.parsers import dockerfile as parser

    document, _ = parser.parse(raw.decode("utf-8", errors="replace"))
    return document.final_healthcheck() if document is not None else None


def _items(value: Any) -> list[Any]:
    return [item for item in value if item is not None] if isinstance(value, list) else []


def _volume(entry: Any) -> Volume:
    from cslint.codeship.volumes import parse_volume, short_form

    mount = parse_volume(entry)
    text = scalar_text(entry)
    if text is None:
        text = short_form(mount) if mount is not None else str(entry)
    if mount is None:
        return Volume(text, container=text, kind="other")
    return Volume(
        text,
        container=mount.target,
        host=mount.source if mount.kind == "bind" else None,
        mode=mount.mode,
        kind=mount.kind,
        read_only=mount.read_only,
    )


def _name_values(value: Any) -> tuple[tuple[str, str | None], ...]:
    if isinstance(value, Mapping):
        return tuple(
            (str(k), None if v is None else scalar_text(v) or "") for k, v in value.items()
        )
    out: list[tuple[str, str | None]] = []
    for item in value if isinstance(value, list) else []:
        text = scalar_text(item)
        if text is None:
            continue
        key, sep, rest = text.partition("=")
        out.append((key, rest if sep else None))
    return tuple(out)
