"""One compose service to one CodeShip service, key by key, every change noted."""

from __future__ import annotations

import shlex
from collections.abc import Callable, Collection, Mapping
from typing import Any

from cslint.codeship.facts import (
    BOOLEAN_SERVICE_KEYS,
    SERVICE_KEYS,
    Place,
    advice,
    fact,
    service_key_in_build,
)
from cslint.codeship.services_model import split_link
from cslint.convert.comments import attach_after_last, attach_before, take_trailing
from cslint.convert.environment import EnvironmentRules
from cslint.convert.interpolate import Lookup
from cslint.convert.mounts import MountRules
from cslint.convert.notes import Notes, Outcome
from cslint.convert.project import Service
from cslint.convert.volumes import VolumePlan
from cslint.core.diagnostics import Severity

# Booleans that CodeShip reads; the ignored ones (`privileged`, `tty`, ...) are dropped.
_BOOLEAN_KEYS = BOOLEAN_SERVICE_KEYS & SERVICE_KEYS


class ServiceConverter(EnvironmentRules, MountRules):
    def __init__(
        self,
        notes: Notes,
        services: Mapping[str, Service],
        plan: VolumePlan,
        folder: str,
        lookup: Lookup | None = None,
    ) -> None:
        super().__init__(notes, services, plan, folder, lookup)
        self._handlers: dict[str, Callable[[Service], Outcome]] = {
            "build": self._build,
            "image": self._image,
            "command": self._command,
            "depends_on": self._depends_on,
            "links": self._links,
            "volumes": self._volumes,
            "volumes_from": self._volumes_from,
            "env_file": self._env_file,
            "environment": self._environment,
            "healthcheck": self._healthcheck,
            "x-codeship": self._codeship_extension,
            "extra_hosts": self._extra_hosts,
        }

    def convert(self, service: Service, lifted: Collection[str] = ()) -> list[str]:
        """Convert one service in place; returns the comment lines that followed it (they
        introduce whatever comes next, so the caller writes them before the next service).
        `lifted`: the keys `lift_service_keys` moved up from `build` (changed, at least)."""
        body = service.body
        order = [str(k) for k in body]
        trailing = take_trailing(body, order[-1]) if order else []
        self._pending = []
        for key in order:
            if key not in body:
                continue  # removed while handling an earlier key
            outcome = self._convert_key(service, key)
            self.notes.count(
                Outcome.CHANGED if key in lifted and outcome is Outcome.KEPT else outcome
            )
        for key, lines in self._pending:
            position = order.index(key) if key in order else len(order)
            following = next((k for k in order[position + 1 :] if k in body), None)
            if following is None:
                trailing = lines + trailing
            else:
                attach_before(body, following, lines)
        return trailing

    def _convert_key(self, service: Service, key: str) -> Outcome:
        handler = self._handlers.get(key)
        if key in _BOOLEAN_KEYS:
            return self._boolean(service, key)
        if handler is not None:
            return handler(service)
        if key in SERVICE_KEYS:
            return Outcome.KEPT
        return self._drop(service, key)

    def _drop(self, service: Service, key: str) -> Outcome:
        value = service.body[key]
        self._del(service, key)
        quiet = key.startswith("x-") or _empty(value)
        quiet = quiet or fact(Place.SERVICE, key).finding_severity is Severity.INFO
        why = "it is empty" if _empty(value) else advice(Place.SERVICE, key)
        self.notes.add(
            "CS501",
            service.at(key),
            f"dropped {key!r} of service {service.name!r}: {why}",
            Outcome.DROPPED,
            severity=Severity.INFO if quiet else None,
        )
        return Outcome.DROPPED

    # -- image and build ---------------------------------------------------------------------

    def _image(self, service: Service) -> Outcome:
        body = service.body
        build = body.get("build")
        if build is None:
            return Outcome.KEPT
        from ruamel.yaml.comments import CommentedMap

        image = body["image"]
        if not isinstance(build, dict):
            build = CommentedMap([("context", build)])
            self._set(service, "build", build)
        if "image" not in build:
            build["image"] = image
        self._del(service, "image")
        self.notes.add(
            "CS504",
            service.at("image"),
            f"moved 'image' of service {service.name!r} into 'build.image': CodeShip takes "
            "either 'build' or 'image', and names a built image with 'build.image'",
            Outcome.CHANGED,
        )
        return Outcome.CHANGED

    def _build(self, service: Service) -> Outcome:
        build = service.body["build"]
        if not isinstance(build, dict):
            return Outcome.KEPT
        outcome = Outcome.KEPT
        if self._quote_yaml11(service, ("build", "args"), build.get("args")):
            outcome = Outcome.CHANGED
        for key in [str(k) for k in build]:
            row = fact(Place.BUILD, key)
            if row.accepted:
                continue
            outcome = Outcome.CHANGED
            if row.replacement is not None and row.replacement not in build:
                self._rename_build_key(service, build, key, row.replacement)
                continue
            value = build[key]
            lines = take_trailing(build, key)
            del build[key]
            self._pending.append(("build", lines))
            why = advice(Place.BUILD, key)
            if key == "target":
                why = f"CodeShip builds the last stage, not {value!r}: " + why.split(": ", 1)[1]
            elif row.replacement is not None:
                why = f"{why}, which is also set"
            self.notes.add(
                "CS503",
                service.at("build", key),
                f"dropped 'build.{key}' of service {service.name!r}: {why}",
                Outcome.DROPPED,
                severity=Severity.INFO if key.startswith("x-") else None,
            )
        return outcome

    def _rename_build_key(self, service: Service, build: Any, old: str, new: str) -> None:
        position = list(build).index(old)
        value = build.pop(old)
        build.insert(position, new, value)
        self.notes.add(
            "CS503",
            service.at("build", old),
            f"renamed 'build.{old}' of service {service.name!r} to {new!r}: "
            f"{advice(Place.BUILD, old)}",
            Outcome.CHANGED,
            severity=Severity.INFO,
        )

    # -- command -------------------------------------------------------------------------------

    def _command(self, service: Service) -> Outcome:
        command = service.body["command"]
        if not isinstance(command, list):
            return Outcome.KEPT
        if not command:
            self._del(service, "command")
            self.notes.add(
                "CS507",
                service.at("command"),
                f"dropped the empty 'command' list of service {service.name!r}: the image's "
                "CMD runs instead, as it does when CodeShip has no command",
                Outcome.DROPPED,
            )
            return Outcome.DROPPED
        text = shlex.join(str(part) for part in command)
        self._set(service, "command", text)
        self.notes.add(
            "CS507",
            service.at("command"),
            f"wrote the 'command' list of service {service.name!r} as the string {text!r}, "
            "quoted so that CodeShip splits it back into the same words",
            Outcome.CHANGED,
        )
        return Outcome.CHANGED

    # -- dependencies ----------------------------------------------------------------------

    def _depends_on(self, service: Service) -> Outcome:
        from ruamel.yaml.comments import CommentedSeq

        value = service.body["depends_on"]
        if isinstance(value, list):
            return Outcome.KEPT
        if not isinstance(value, Mapping):
            return Outcome.KEPT
        names = CommentedSeq(str(name) for name in value)
        self._set(service, "depends_on", names)
        self.notes.add(
            "CS505",
            service.at("depends_on"),
            f"wrote 'depends_on' of service {service.name!r} as a list: CodeShip has no "
            "conditions and waits for the image's HEALTHCHECK of each dependency",
            Outcome.CHANGED,
            severity=Severity.INFO,
        )
        for name, spec in value.items():
            if not isinstance(spec, Mapping):
                continue
            condition = spec.get("condition")
            where = service.at("depends_on", str(name), "condition")
            if condition == "service_healthy":
                dep = self.services.get(str(name))
                had = dep is not None and "healthcheck" in dep.origins
                extra = " (its compose 'healthcheck' was dropped: move it there)" if had else ""
                self.notes.add(
                    "CS505",
                    where,
                    f"service {service.name!r} waits for {name!r} to be healthy: put a "
                    f"HEALTHCHECK in the image of {name!r}{extra}; CodeShip waits for it",
                    Outcome.ADVICE,
                    severity=Severity.WARNING,
                )
            elif condition == "service_completed_successfully":
                self.notes.add(
                    "CS505",
                    where,
                    f"service {service.name!r} waited for {name!r} to finish: CodeShip starts "
                    f"dependencies and does not wait for them to exit; run {name!r} in an "
                    "earlier step instead",
                    Outcome.ADVICE,
                    severity=Severity.WARNING,
                )
            if spec.get("required") is False:
                self.notes.add(
                    "CS505",
                    service.at("depends_on", str(name), "required"),
                    f"dependency {name!r} of service {service.name!r} was optional in "
                    "compose; CodeShip always starts it",
                    Outcome.ADVICE,
                    severity=Severity.INFO,
                )
        return Outcome.CHANGED

    def _links(self, service: Service) -> Outcome:
        from ruamel.yaml.comments import CommentedSeq

        links = service.body["links"]
        if not isinstance(links, list):
            return Outcome.KEPT
        kept = CommentedSeq()
        moved: list[str] = []
        for item in links:
            name, alias = split_link(item)
            if alias is not None:
                kept.append(item)
            else:
                moved.append(name)
        if not moved:
            return Outcome.KEPT
        depends = service.body.get("depends_on")
        if depends is None:
            depends = CommentedSeq()
            self._set(service, "depends_on", depends)
        if isinstance(depends, list):
            depends.extend(n for n in moved if n not in depends)
        if kept:
            self._set(service, "links", kept)
        else:
            self._del(service, "links")
        note = (
            "; links with an alias stay, because the alias is a hostname depends_on cannot give"
            if kept
            else ""
        )
        self.notes.add(
            "CS506",
            service.at("links"),
            f"moved 'links' {', '.join(repr(m) for m in moved)} of service {service.name!r} "
            f"to 'depends_on': CodeShip deprecates links, and service names already resolve"
            f"{note}",
            Outcome.CHANGED,
        )
        return Outcome.CHANGED if kept else Outcome.DROPPED

    # -- volumes -------------------------------------------------------------------------

    def _codeship_extension(self, service: Service) -> Outcome:
        """`x-codeship:` on a compose service carries CodeShip-only keys (`cached`,
        `encrypted_env_file`, ...), the way kompose reads hints from labels."""
        value = service.body["x-codeship"]
        self._del(service, "x-codeship")
        if not isinstance(value, Mapping):
            return self._note_extension_drop(service, "x-codeship", "it is not a mapping")
        for key, setting in value.items():
            name = str(key)
            if name not in SERVICE_KEYS or name in ("image", "build"):
                self._note_extension_drop(service, f"x-codeship.{name}", "CodeShip has no such key")
                continue
            self._set(service, name, setting)
            self.notes.add(
                "CS517",
                service.at("x-codeship", name),
                f"set {name!r} of service {service.name!r} from its 'x-codeship' extension",
                Outcome.CHANGED,
            )
        return Outcome.CHANGED

    def _note_extension_drop(self, service: Service, what: str, why: str) -> Outcome:
        self.notes.add(
            "CS517",
            service.at(*what.split(".")),
            f"dropped {what!r} of service {service.name!r}: {why}",
            Outcome.DROPPED,
            severity=Severity.WARNING,
        )
        return Outcome.DROPPED

    def _boolean(self, service: Service, key: str) -> Outcome:
        """A kept `${VAR}` cannot stand where CodeShip wants true or false: use the
        default compose would have used, or drop the key."""
        from cslint.convert.interpolate import InterpolationError, interpolate

        value = service.body[key]
        if not isinstance(value, str) or "$" not in value:
            return Outcome.KEPT
        try:
            text = interpolate(value, lambda _name: None).text.strip().lower()
        except InterpolationError:
            text = ""
        if text in ("true", "false"):
            self._set(service, key, text == "true")
            self.notes.add(
                "CS510",
                service.at(key),
                f"wrote {key!r} of service {service.name!r} as {text}, the default of "
                f"{value!r}: CodeShip wants true or false and does not interpolate",
                Outcome.CHANGED,
            )
            return Outcome.CHANGED
        self._del(service, key)
        self.notes.add(
            "CS510",
            service.at(key),
            f"dropped {key!r} of service {service.name!r}: {value!r} has no value without "
            "interpolation, and CodeShip wants true or false; write it, or rerun with "
            "--interpolate",
            Outcome.DROPPED,
        )
        return Outcome.DROPPED

    # -- health --------------------------------------------------------------------------

    def _healthcheck(self, service: Service) -> Outcome:
        check = service.body["healthcheck"]
        self._del(service, "healthcheck")
        self.notes.add(
            "CS502",
            service.at("healthcheck"),
            f"dropped 'healthcheck' of service {service.name!r}: CodeShip reads health "
            f"checks from the image only; {healthcheck_advice(check)}",
            Outcome.DROPPED,
        )
        return Outcome.DROPPED


def healthcheck_advice(check: Any) -> str:
    """The Dockerfile instruction that carries a compose health check."""
    if not isinstance(check, Mapping):
        return "add a HEALTHCHECK instruction to the Dockerfile"
    test = check.get("test")
    if check.get("disable") is True or (isinstance(test, list) and test[:1] == ["NONE"]):
        return "compose disabled the image's check; CodeShip always waits for it"
    flags = [
        f"--{name.replace('_', '-')}={check[name]}"
        for name in ("interval", "timeout", "start_period", "start_interval", "retries")
        if check.get(name) is not None
    ]
    if isinstance(test, list) and test[:1] == ["CMD"]:
        import json

        cmd = "CMD " + json.dumps([str(t) for t in test[1:]])
    elif isinstance(test, list) and test[:1] == ["CMD-SHELL"]:
        cmd = "CMD " + " ".join(str(t) for t in test[1:])
    elif isinstance(test, str):
        cmd = "CMD " + test
    else:
        return "add a HEALTHCHECK instruction to the Dockerfile"
    return f"add 'HEALTHCHECK {' '.join([*flags, cmd])}' to its Dockerfile"


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, (list, dict, str)) and len(value) == 0)


def lift_service_keys(service: Service, notes: Notes) -> list[str]:
    """Move the service keys written under `build` (the table's misplaced build keys:
    `encrypted_env_file` in real files) up to the service, where CodeShip reads them,
    before anything is planned or converted, so that they are converted like the
    service's own; beside the service's own key, drop them. Returns the keys moved."""
    body = service.body
    if not isinstance(body.get("build"), Mapping):
        return []
    build: Any = body["build"]  # a CommentedMap: comments travel with its keys
    moved: list[str] = []
    for key in [str(k) for k in build if service_key_in_build(str(k))]:
        written = service.at("build", key)
        why = advice(Place.BUILD, key).split(";")[0]  # "it is a service key, not a build key"
        names = list(build)
        position = names.index(key)
        following = names[position + 1] if position + 1 < len(names) else None
        lines = take_trailing(build, key)
        comment = build.ca.items.pop(key, None)  # an end-of-line comment moves along
        value = build.pop(key)
        if following is not None:
            attach_before(build, following, lines)
        else:
            attach_after_last(build, lines)
        if key in body:
            notes.add(
                "CS503",
                written,
                f"dropped 'build.{key}' of service {service.name!r}: {why}, and the service "
                f"sets its own {key!r}",
                Outcome.DROPPED,
            )
            continue
        # After `build` and the keys moved before it, in their order under `build`; notes
        # about the key (a volume, an environment item) point where it is written.
        body.insert(list(body).index("build") + 1 + len(moved), key, value)
        service.origins[key] = written
        if comment is not None:
            body.ca.items[key] = comment
            _outdent(service, key, comment)
        moved.append(key)
        notes.add(
            "CS520",
            written,
            f"moved 'build.{key}' of service {service.name!r} up to the service: {why}",
            Outcome.CHANGED,
        )
    return moved


def _outdent(service: Service, key: str, comment: Any) -> None:
    """The end-of-line comment of a key moved up from `build` keeps its distance from
    the value (ruamel would keep its old column)."""
    token = comment[2] if len(comment) > 2 else None
    inner, outer = service.at(key), service.at("build")
    moved, build = inner.source.doc.get(inner.path), outer.source.doc.get(outer.path)
    if token is None or moved is None or build is None or not moved.key or not build.key:
        return
    token.start_mark.column = max(token.start_mark.column - (moved.key.col - build.key.col), 0)
