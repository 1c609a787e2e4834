"""`environment`, `env_file` and `extra_hosts`: the order in which CodeShip applies the
environment sources, YAML 1.1 values, secrets written in plain text, short forms."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any

from cslint.convert.base import ConverterBase
from cslint.convert.merge import as_name_map
from cslint.convert.notes import Outcome
from cslint.convert.project import Service
from cslint.core.diagnostics import Severity

_YAML11_WORDS = frozenset({"yes", "no", "on", "off", "y", "n"})
_SEXAGESIMAL = re.compile(r"^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+$")


class EnvironmentRules(ConverterBase):
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
        rewritten = self._misread_items(service)
        passed = self._pass_through(service)
        quoted = self._quote_yaml11(service, ("environment",), service.body["environment"])
        outcome = self._env_precedence(service)
        return Outcome.CHANGED if quoted or passed or rewritten else outcome

    def _misread_items(self, service: Service) -> bool:
        """List items without `=` define no variable (CS116): `KEY:-value` and
        `KEY: value` are written as the `KEY=value` their author meant; a bare `KEY` is
        kept, with a warning (unless --interpolate fills it in)."""
        from cslint.codeship.environment import misread_item, misread_reason

        value = service.body["environment"]
        if not isinstance(value, list):
            return False
        changed = False
        for i, item in enumerate(value):
            misread = misread_item(item) if isinstance(item, str) else None
            if misread is None:
                continue
            if misread.meant is None:
                if self.lookup is None:
                    self.notes.add(
                        "CS519",
                        service.at("environment", i),
                        f"kept {misread.name!r} of service {service.name!r} without a value: "
                        "compose copies it from its shell, which a CodeShip build lacks; "
                        f"write '{misread.name}=value', or rerun with --interpolate",
                        Outcome.ADVICE,
                        at_value=True,
                        severity=Severity.WARNING,
                    )
                continue
            value[i] = misread.meant
            changed = True
            self.notes.add(
                "CS519",
                service.at("environment", i),
                f"wrote the {misread.name!r} item of service {service.name!r} as "
                f"'{misread.name}=...': {misread_reason(item, misread)}",
                Outcome.CHANGED,
                at_value=True,
            )
        return changed

    def _pass_through(self, service: Service) -> bool:
        """`- NAME` or `NAME:` without a value: compose copies it from the shell running
        `docker compose`; a CodeShip build has no such shell. With --interpolate the value
        is taken from the same place interpolation takes it."""
        value = service.body["environment"]
        if self.lookup is None or not isinstance(value, (dict, list)):
            return False
        changed = False
        entries = list(value.items()) if isinstance(value, dict) else list(enumerate(value))
        for key, item in entries:
            name = str(key) if isinstance(value, dict) else str(item)
            if (isinstance(value, dict) and item is not None) or (
                isinstance(value, list) and (not isinstance(item, str) or "=" in item)
            ):
                continue
            found = self.lookup(name)
            if found is None:
                continue
            value[key] = found if isinstance(value, dict) else f"{name}={found}"
            changed = True
            self.notes.add(
                "CS511",
                service.at("environment", key),
                f"wrote the value of {name!r} for service {service.name!r} from the environment "
                "of this run: compose copies it from its shell, which a CodeShip build lacks",
                Outcome.CHANGED,
            )
        return changed

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
        from cslint.codeship.secrets import reported_by_default

        for name, key, text in items:
            # What check reports with no rule selected (CS117, and CS119 when it is on by
            # default): one switch in cslint.codeship.secrets decides for both commands.
            if not isinstance(text, str) or not reported_by_default(name, text):
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
            from cslint.core.limits import read_file

            try:
                raw = read_file(os.path.join(self.folder, path))
            except OSError:
                continue
            from_files.update(read_env_file(raw.decode("utf-8", errors="replace")))
        self.notes.env_values.update(from_files.values())
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
