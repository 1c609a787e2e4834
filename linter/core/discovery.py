"""Which files to lint, and of which kind.

With no paths, or a folder, cslint looks for what CodeShip reads: codeship-services.yml
(else docker-compose.yml), codeship-steps.yml (else codeship-steps.json), the Dockerfiles
the services build, and any `Dockerfile*` in the folder. Folders are not searched
recursively: a CodeShip project is one folder, and a recursive walk would lint every
vendored Dockerfile of node_modules. Files named explicitly are linted whatever their name.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Sequence
from typing import Any, Final

from cslint.core import observe
from cslint.core.config import Config
from cslint.core.kinds import (
    COMPOSE_FALLBACK_NAMES,
    SERVICES_NAMES,
    STEPS_NAMES,
    UNREAD_VARIANTS,
    FileKind,
    kind_from_name,
)


class DiscoveryError(Exception):
    """A path that does not exist or whose kind cannot be told: a usage error (exit 2)."""


class Target:
    """A file to lint, of a known kind (stdin's content given)."""

    __slots__ = ("kind", "path", "raw", "text")

    path: Final[str]  # as the user gave it, or as found under a given folder
    kind: Final[FileKind]
    text: Final[str | None]  # given for stdin
    raw: Final[bytes | None]  # stdin's bytes, decoded (or refused) like a file's

    def __init__(
        self, path: str, kind: FileKind, text: str | None = None, raw: bytes | None = None
    ) -> None:
        self.path = path
        self.kind = kind
        self.text = text
        self.raw = raw


def discover(
    paths: Sequence[str],
    config: Config,
    kind: FileKind | None = None,
    parse: Callable[[str, FileKind], Any] | None = None,
    unknown: list[str] | None = None,
) -> list[Target]:
    """The targets for these paths. `parse(path, kind)` returns a parsed file (with a
    `document`); the engine's, so a services file read here is not parsed again. A file
    named explicitly whose kind its name does not tell goes into `unknown` when given
    (the caller reports it and goes on), else raises DiscoveryError."""
    targets: list[Target] = []
    seen: set[str] = set()

    def add(path: str, file_kind: FileKind) -> None:
        real = observe.realpath(path)
        if real in seen or config.is_excluded(path):
            return
        seen.add(real)
        targets.append(Target(path, file_kind))

    for given in paths or ["."]:
        if observe.isdir(given):
            for path, found_kind in _walk_project(given, parse):
                add(path, found_kind)
        elif observe.exists(given):
            file_kind = kind or kind_from_name(os.path.basename(given))
            if file_kind is None and unknown is not None:
                if observe.realpath(given) not in seen and not config.is_excluded(given):
                    seen.add(observe.realpath(given))
                    unknown.append(given)
                continue
            if file_kind is None:
                raise DiscoveryError(
                    f"{given}: cannot tell what kind of file this is from its name; "
                    "pass --kind services|steps|dockerfile"
                )
            add(given, file_kind)
        elif _unreachable(given) and (kind or kind_from_name(os.path.basename(given))):
            # Behind a folder the user may not enter: the file is there, and its read
            # says why it cannot be checked (CS005), not "no such file".
            add(given, kind or kind_from_name(os.path.basename(given)))  # type: ignore[arg-type]
        elif _unreachable(given):
            raise DiscoveryError(f"{given}: cannot reach it: permission denied")
        else:
            raise DiscoveryError(f"{given}: no such file or directory")
    return targets


def _unreachable(path: str) -> bool:
    """stat() refused for want of permission (a folder on the way is not searchable)."""
    try:
        observe.stat(path)
    except PermissionError:
        return True
    except (OSError, ValueError):
        return False
    return False


def _file_or_unreachable(path: str) -> bool:
    """A regular file, or an entry of a listable folder that cannot be searched: it is
    there, and reading it reports why it cannot be checked (CS005)."""
    try:
        return stat.S_ISREG(observe.stat(path).st_mode)
    except PermissionError:
        return True
    except (OSError, ValueError):
        return False


def _join(folder: str, name: str) -> str:
    """`str(Path(folder) / name)`, as users see found files named, without pathlib."""
    if folder in (".", ""):
        return name
    if os.sep != "/":  # Windows paths (drives, both slashes): pathlib's rules
        from pathlib import Path

        return str(Path(folder) / name)
    if name.startswith("/"):
        return posix_normal(name)
    base = posix_normal(folder)
    return posix_normal(base + name if base.endswith("/") else f"{base}/{name}")


def posix_normal(path: str) -> str:
    """`str(PurePosixPath(path))`: empty and `.` parts dropped, `..` kept, exactly two
    leading slashes kept (POSIX leaves their meaning to the system). Not pathlib itself:
    its import, with urllib.parse and ipaddress, costs every start about 3 ms."""
    if path.startswith("//") and not path.startswith("///"):
        root = "//"
    else:
        root = "/" if path.startswith("/") else ""
    return root + "/".join(part for part in path.split("/") if part not in ("", ".")) or "."


def _walk_project(
    folder: str, parse: Callable[[str, FileKind], Any] | None
) -> list[tuple[str, FileKind]]:
    try:
        listed = observe.listdir(folder)
    except OSError as exc:
        raise DiscoveryError(f"{folder}: cannot list the folder: {exc.strerror}") from None
    names = {n for n in listed if _file_or_unreachable(os.path.join(folder, n))}
    found: list[tuple[str, FileKind]] = []
    services = next((n for n in SERVICES_NAMES if n in names), None)
    if services is None:
        services = next((n for n in COMPOSE_FALLBACK_NAMES if n in names), None)
    if services is not None:
        found.append((_join(folder, services), FileKind.SERVICES))
    steps = next((n for n in STEPS_NAMES if n in names), None)
    if steps is not None:
        found.append((_join(folder, steps), FileKind.STEPS))
    for variant in sorted(UNREAD_VARIANTS):
        # A `.yaml` spelling is linted (and flagged): its author meant CodeShip to read it.
        if variant in names and not variant.startswith("docker-compose"):
            variant_kind = kind_from_name(variant)
            if variant_kind is not None:
                found.append((_join(folder, variant), variant_kind))
    if services is not None:
        for dockerfile in _built_dockerfiles(_join(folder, services), parse):
            found.append((_join(folder, dockerfile), FileKind.DOCKERFILE))
    for name in sorted(names):
        if kind_from_name(name) is FileKind.DOCKERFILE:
            found.append((_join(folder, name), FileKind.DOCKERFILE))
    return found


def _built_dockerfiles(
    services_path: str, parse: Callable[[str, FileKind], Any] | None
) -> list[str]:
    from cslint.codeship.services_model import build_refs
    from cslint.parsers import yamldoc

    if parse is not None:
        parsed = parse(services_path, FileKind.SERVICES)
        document = getattr(parsed, "document", None)
    else:
        from cslint.core.limits import read_file

        try:
            document = yamldoc.parse(read_file(services_path).decode("utf-8"))
        except (OSError, UnicodeDecodeError, yamldoc.YamlSyntaxError):
            document = None
    if document is None:
        return []  # the services file's own diagnostics say what is wrong with it
    out: list[str] = []
    for ref in build_refs(document.data):
        if ref.dockerfile.startswith(("/", "../")):
            continue  # outside the project: a finding for the build rules, not a target
        if observe.isfile(os.path.join(os.path.dirname(services_path), ref.dockerfile)):
            out.append(ref.dockerfile)
    return out
