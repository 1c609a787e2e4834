"""One compose service to one CodeShip service, key by key, every change noted."""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Callable, Mapping
from typing import Any

from cslint.convert.advice import (
    CODESHIP_BUILD_KEYS,
    CODESHIP_KEYS,
    build_key_advice,
    service_key_advice,
)
from cslint.convert.comments import attach_before, take_trailing
from cslint.convert.merge import as_name_map
from cslint.convert.notes import Notes, Outcome
from cslint.convert.project import Service
from cslint.convert.volumes import Mount, VolumePlan, parse_mount, short_form
from cslint.diagnostics import Severity

_DOCKER_SOCKET = "/var/run/docker.sock"
_SECRET_NAME = re.compile(
    r"PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_KEY|ACCESS_KEY", re.IGNORECASE
)
_YAML11_WORDS = frozenset({"yes", "no", "on", "off", "y", "n"})
_SEXAGESIMAL = re.compile(r"^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+$")
_BOOLEAN_KEYS = frozenset({"read_only", "add_docker", "cached"})


class ServiceConverter:
    def __init__(
        self,
        notes: Notes,
        services: Mapping[str, Service],
        plan: VolumePlan,
        folder: str,
    ) -> None:
        self.notes = notes
        self.services = services
        self.plan = plan
        self.folder = folder  # the compose file's folder, for env files
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

    def convert(self, service: Service) -> list[str]:
        """Convert one service in place; returns the comment lines that followed it (they
        introduce whatever comes next, so the caller writes them before the next service)."""
        body = service.body
        order = [str(k) for k in body]
        trailing = take_trailing(body, order[-1]) if order else []
        self._pending: list[tuple[str, list[str]]] = []
        for key in order:
            if key not in body:
                continue  # removed while handling an earlier key
            handler = self._handlers.get(key)
            if key in _BOOLEAN_KEYS:
                outcome = self._boolean(service, key)
            elif handler is not None:
                outcome = handler(service)
            elif key in CODESHIP_KEYS:
                outcome = Outcome.KEPT
            else:
                outcome = self._drop(service, key)
            self.notes.count(outcome)
        for key, lines in self._pending:
            position = order.index(key) if key in order else len(order)
            following = next((k for k in order[position + 1 :] if k in body), None)
            if following is None:
                trailing = lines + trailing
            else:
                attach_before(body, following, lines)
        return trailing

    def _set(self, service: Service, key: str, value: Any) -> None:
        """Replace a key's value, keeping the comment lines that followed the old one."""
        if key in service.body:
            self._pending.append((key, take_trailing(service.body, key)))
            if isinstance(value, str):
                self._realign_comment(service, key, value)
        _replace(service.body, key, value)

    def _realign_comment(self, service: Service, key: str, value: str) -> None:
        """An end-of-line comment keeps its distance from a new, shorter or longer value
        (ruamel would keep its old column)."""
        entry = service.body.ca.items.get(key)
        token = entry[2] if entry and len(entry) > 2 else None
        if token is None or not str(token.value).startswith("#"):
            return
        where = service.at(key)
        located = where.source.doc.get(where.path)
        if located is None or located.key is None or located.via_merge is not None:
            token.start_mark.column = 0
            return
        gap = max(token.start_mark.column - (located.value.end_col - 1), 2)
        token.start_mark.column = located.key.col - 1 + len(key) + 2 + len(value) + gap

    def _del(self, service: Service, key: str) -> None:
        self._pending.append((key, take_trailing(service.body, key)))
        del service.body[key]

    # -- generic --------------------------------------------------------------------------

    def _drop(self, service: Service, key: str) -> Outcome:
        value = service.body[key]
        self._del(service, key)
        if key.startswith("x-") or _empty(value):
            self.notes.add(
                "CS501",
                service.at(key),
                f"dropped {key!r} of service {service.name!r}: "
                + ("it is empty" if _empty(value) else service_key_advice(key)),
                Outcome.DROPPED,
                severity=Severity.INFO,
            )
        else:
            self.notes.add(
                "CS501",
                service.at(key),
                f"dropped {key!r} of service {service.name!r}: {service_key_advice(key)}",
                Outcome.DROPPED,
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
            if key in CODESHIP_BUILD_KEYS:
                continue
            value = build[key]
            lines = take_trailing(build, key)
            del build[key]
            self._pending.append(("build", lines))
            outcome = Outcome.CHANGED
            advice = build_key_advice(key)
            if key == "target":
                advice = (
                    f"CodeShip builds the last stage, not {value!r}: " + advice.split(": ", 1)[1]
                )
            self.notes.add(
                "CS503",
                service.at("build", key),
                f"dropped 'build.{key}' of service {service.name!r}: {advice}",
                Outcome.DROPPED,
                severity=Severity.INFO if key.startswith("x-") else None,
            )
        return outcome

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
            name, _, alias = str(item).partition(":")
            if alias and alias != name:
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

    def _volumes(self, service: Service) -> Outcome:
        from ruamel.yaml.comments import CommentedSeq

        volumes = service.body["volumes"]
        if not isinstance(volumes, list):
            return Outcome.KEPT
        out = CommentedSeq()
        changed = False
        volumes_from: list[str] = []
        for i, entry in enumerate(volumes):
            where = service.at("volumes", i)
            mount = parse_mount(entry)
            if mount is None:
                out.append(entry)
                continue
            if isinstance(entry, Mapping) and mount.kind in ("bind", "volume", "anonymous"):
                self.notes.add(
                    "CS514",
                    where,
                    f"wrote the long-syntax volume of service {service.name!r} as "
                    f"{short_form(mount)!r}: CodeShip reads the short form",
                    Outcome.CHANGED,
                )
                changed = True
            if mount.kind in ("tmpfs", "other"):
                changed = True
                self.notes.add(
                    "CS509",
                    where,
                    f"dropped the {mount.kind} mount at {mount.target!r} of service "
                    f"{service.name!r}: CodeShip mounts only repository folders and volumes",
                    Outcome.CHANGED,
                )
                continue
            if mount.kind == "volume" and mount.source:
                changed = True
                data = self.plan.data_services.get(mount.source)
                if data is not None:
                    if data not in volumes_from:
                        volumes_from.append(data)
                    users = sorted({s for s, _ in self.plan.users[mount.source]})
                    self.notes.add(
                        "CS508",
                        where,
                        f"replaced named volume {mount.source!r} by data service {data!r} "
                        f"in 'volumes_from': {', '.join(users)} share it at {mount.target!r}, "
                        "and CodeShip keeps one volumes_from container for the whole build",
                        Outcome.CHANGED,
                    )
                    continue
                folder = self.plan.folders[mount.source]
                new = short_form(Mount("bind", folder, mount.target, mount.read_only, mount.mode))
                out.append(new)
                self.notes.add(
                    "CS508",
                    where,
                    f"replaced named volume {mount.source!r} by the repository folder "
                    f"{folder!r}: CodeShip has no named volumes, and a relative host path "
                    "keeps the data between steps; create the folder (with a .gitkeep) in "
                    "the repository",
                    Outcome.CHANGED,
                )
                continue
            if mount.kind == "bind" and mount.source is not None:
                result = self._bind(service, where, mount)
                if result is None:
                    changed = True
                    continue
                if result != short_form(mount) or isinstance(entry, Mapping):
                    changed = True
                out.append(
                    result if result != short_form(mount) or isinstance(entry, Mapping) else entry
                )
                continue
            out.append(short_form(mount) if isinstance(entry, Mapping) else entry)
        if not changed:
            return Outcome.KEPT
        if out:
            self._set(service, "volumes", out)
        else:
            self._del(service, "volumes")
        if volumes_from:
            existing = service.body.get("volumes_from")
            if not isinstance(existing, list):
                existing = CommentedSeq()
                self._set(service, "volumes_from", existing)
            existing.extend(v for v in volumes_from if v not in existing)
        return Outcome.CHANGED

    def _bind(self, service: Service, where: Any, mount: Mount) -> str | None:
        source = mount.source or ""
        if source == _DOCKER_SOCKET:
            self._set(service, "add_docker", True)
            self.notes.add(
                "CS509",
                where,
                f"replaced the Docker socket mount of service {service.name!r} by "
                "'add_docker: true', which is how CodeShip lets a container drive Docker",
                Outcome.CHANGED,
            )
            return None
        absolute = source.startswith(("/", "~", "$")) or (
            len(source) > 1 and source[1] == ":" and source[0].isalpha()
        )
        if not source.startswith(".") and not absolute:
            source = "./" + source
        normal = os.path.normpath(os.path.join(self.folder, source))
        outside = not (normal + os.sep).startswith(self.folder + os.sep) and normal != self.folder
        if absolute or outside:
            self.notes.add(
                "CS509",
                where,
                f"replaced host path {mount.source!r} of service {service.name!r} by a volume at "
                f"{mount.target!r}: CodeShip mounts only folders of the repository; copy what "
                f"the container needs into the repository and mount './folder:{mount.target}'",
                Outcome.CHANGED,
                severity=Severity.WARNING,
            )
            return mount.target
        return short_form(Mount("bind", source, mount.target, mount.read_only, mount.mode))

    def _volumes_from(self, service: Service) -> Outcome:
        from ruamel.yaml.comments import CommentedSeq

        value = service.body["volumes_from"]
        if not isinstance(value, list):
            return Outcome.KEPT
        out = CommentedSeq()
        changed = False
        for i, item in enumerate(value):
            text = str(item)
            name = text.removeprefix("service:")
            name = name.rsplit(":", 1)[0] if name.endswith((":ro", ":rw")) else name
            if text.startswith("container:"):
                changed = True
                self.notes.add(
                    "CS509",
                    service.at("volumes_from", i),
                    f"dropped {text!r} from 'volumes_from' of service {service.name!r}: "
                    "CodeShip mounts the volumes of services of this file only",
                    Outcome.CHANGED,
                    severity=Severity.WARNING,
                )
                continue
            if name != text:
                changed = True
                self.notes.add(
                    "CS514",
                    service.at("volumes_from", i),
                    f"wrote {text!r} in 'volumes_from' of service {service.name!r} as {name!r}: "
                    "CodeShip takes service names only",
                    Outcome.CHANGED,
                )
            out.append(name if name != text else item)
        if not changed:
            return Outcome.KEPT
        if out:
            self._set(service, "volumes_from", out)
        else:
            self._del(service, "volumes_from")
        return Outcome.CHANGED

    # -- environment -----------------------------------------------------------------------

    def _env_file(self, service: Service) -> Outcome:
        from ruamel.yaml.comments import CommentedSeq

        value = service.body["env_file"]
        if not isinstance(value, list):
            return Outcome.KEPT
        if all(isinstance(item, str) for item in value):
            return Outcome.KEPT
        out = CommentedSeq()
        for i, item in enumerate(value):
            if not isinstance(item, Mapping):
                out.append(item)
                continue
            path = str(item.get("path", ""))
            required = item.get("required", True) is not False
            exists = os.path.isfile(os.path.join(self.folder, path))
            where = service.at("env_file", i)
            if not required and not exists:
                self.notes.add(
                    "CS514",
                    where,
                    f"dropped optional env file {path!r} of service {service.name!r}: it does "
                    "not exist, and CodeShip requires every env file",
                    Outcome.CHANGED,
                )
                continue
            out.append(path)
            self.notes.add(
                "CS514",
                where,
                f"wrote the long-syntax env file of service {service.name!r} as {path!r}: "
                "CodeShip reads paths only",
                Outcome.CHANGED,
            )
        if out:
            self._set(service, "env_file", out)
        else:
            self._del(service, "env_file")
        return Outcome.CHANGED

    def _environment(self, service: Service) -> Outcome:
        self._secrets_in_environment(service)
        quoted = self._quote_yaml11(service, ("environment",), service.body["environment"])
        outcome = self._env_precedence(service)
        return Outcome.CHANGED if quoted else outcome

    def _quote_yaml11(self, service: Service, path: tuple[str, ...], mapping: Any) -> bool:
        """Compose reads `DEBUG: yes` as the text 'yes' (YAML 1.2); CodeShip's YAML 1.1
        reads a boolean (or `1:30` as the number 90). Quoted, both read the text."""
        from ruamel.yaml.scalarstring import DoubleQuotedScalarString, ScalarString

        if not isinstance(mapping, dict):
            return False
        changed = False
        for key, value in list(mapping.items()):
            if not isinstance(value, str) or isinstance(value, ScalarString):
                continue
            if value.lower() not in _YAML11_WORDS and not _SEXAGESIMAL.match(value):
                continue
            mapping[key] = DoubleQuotedScalarString(value)
            changed = True
            self.notes.add(
                "CS518",
                service.at(*path, str(key)),
                f"quoted {value!r} of {str(key)!r} in service {service.name!r}: compose reads "
                "the text, CodeShip's YAML 1.1 would read "
                + ("a number" if _SEXAGESIMAL.match(value) else "a boolean"),
                Outcome.CHANGED,
                at_value=True,
            )
        return changed

    def _secrets_in_environment(self, service: Service) -> None:
        value = service.body["environment"]
        items = (
            [(str(k), k, v) for k, v in value.items()]
            if isinstance(value, Mapping)
            else [
                (str(item).partition("=")[0], i, str(item).partition("=")[2] or None)
                for i, item in enumerate(value if isinstance(value, list) else [])
            ]
        )
        for name, key, text in items:
            if not _SECRET_NAME.search(name) or not isinstance(text, str):
                continue
            if not text.strip() or "$" in text:
                continue
            self.notes.add(
                "CS516",
                service.at("environment", key),
                f"{name!r} of service {service.name!r} looks like a secret written in plain "
                "text: move it to an encrypted env file ('jet encrypt', then "
                "'encrypted_env_file') before committing the services file",
                Outcome.ADVICE,
            )

    def _env_precedence(self, service: Service) -> Outcome:
        """Compose lets `environment` win over `env_file`; CodeShip applies `env_file` after
        `environment` (format doc §2.5), so a variable set in both would change value.
        The env files are then written into `environment`, in compose's order."""
        from cslint.convert.interpolate import read_env_file

        env = as_name_map(service.body["environment"])
        files = service.body.get("env_file")
        paths = [files] if isinstance(files, str) else list(files or [])
        paths = [p if isinstance(p, str) else str(p.get("path", "")) for p in paths]
        from_files: dict[str, str] = {}
        for path in paths:
            try:
                with open(os.path.join(self.folder, path), encoding="utf-8") as handle:
                    from_files.update(read_env_file(handle.read()))
            except OSError:
                continue
        clashes = sorted(
            name
            for name in env
            if name in from_files and env[name] is not None and str(env[name]) != from_files[name]
        )
        if not clashes:
            return Outcome.KEPT
        from ruamel.yaml.comments import CommentedMap

        original = service.body["environment"]
        merged = CommentedMap()
        for name, value in from_files.items():
            merged[name] = value
        for name, value in env.items():
            merged[name] = value
        if isinstance(original, dict) and hasattr(original, "ca"):
            merged.ca.items.update(original.ca.items)
        self._set(service, "environment", merged)
        if "env_file" in service.body:
            self._del(service, "env_file")
        self.notes.add(
            "CS513",
            service.at("environment"),
            f"wrote the env files of service {service.name!r} into 'environment': "
            f"{', '.join(clashes)} also set there, and CodeShip lets 'env_file' win where "
            "compose lets 'environment' win",
            Outcome.CHANGED,
            severity=Severity.WARNING,
        )
        return Outcome.CHANGED

    def _codeship_extension(self, service: Service) -> Outcome:
        """`x-codeship:` on a compose service carries CodeShip-only keys (`cached`,
        `encrypted_env_file`, ...), the way kompose reads hints from labels."""
        value = service.body["x-codeship"]
        self._del(service, "x-codeship")
        if not isinstance(value, Mapping):
            return self._note_extension_drop(service, "x-codeship", "it is not a mapping")
        for key, setting in value.items():
            name = str(key)
            if name not in CODESHIP_KEYS or name in ("image", "build"):
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

    def _extra_hosts(self, service: Service) -> Outcome:
        from ruamel.yaml.comments import CommentedSeq

        value = service.body["extra_hosts"]
        if not isinstance(value, Mapping):
            return Outcome.KEPT
        self._set(service, "extra_hosts", CommentedSeq(f"{k}:{v}" for k, v in value.items()))
        self.notes.add(
            "CS514",
            service.at("extra_hosts"),
            f"wrote 'extra_hosts' of service {service.name!r} as a list of 'host:ip': "
            "CodeShip reads the list form",
            Outcome.CHANGED,
        )
        return Outcome.CHANGED

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


def _replace(body: Any, key: str, value: Any) -> None:
    """Set `body[key]`, forgetting comments ruamel kept for the old value's position: a
    comment placed before a block collection would be emitted inside the new value."""
    entry = getattr(body, "ca", None) and body.ca.items.get(key)
    if entry and len(entry) > 3:
        entry[3] = None
    body[key] = value
