"""What the project rules share: the sibling services file, and paths in the project."""

from __future__ import annotations

import posixpath
from typing import Any, Final

from cslint.codeship.services_model import services_root
from cslint.core.kinds import SERVICES_NAMES, UNREAD_VARIANTS, FileKind
from cslint.core.rule import ProjectFile, RuleContext
from cslint.parsers.yamldoc import JsonPath, YamlDocument


class ServicesView:
    """The services file as the project rules read it."""

    __slots__ = ("document", "file", "prefix", "services")

    file: Final[ProjectFile]
    document: Final[YamlDocument]
    prefix: Final[JsonPath]  # () for the flat layout, ("services",) under the compose wrapper
    services: Final[dict[str, Any]]

    def __init__(
        self, file: ProjectFile, document: YamlDocument, prefix: JsonPath, services: dict[str, Any]
    ) -> None:
        self.file = file
        self.document = document
        self.prefix = prefix
        self.services = services


def sibling_services(ctx: RuleContext[YamlDocument, object]) -> ProjectFile | None:
    """The services file CodeShip would read next to the file under check. A steps file
    spelled `.yaml` (which CodeShip does not read, CS006) is paired with a services file
    spelled the same way when there is no other: that is the one its author meant."""
    found = ctx.project.services_file()
    if found is None and posixpath.basename(ctx.project_path) in UNREAD_VARIANTS:
        for variant, real in UNREAD_VARIANTS.items():
            if real in SERVICES_NAMES:
                found = found or ctx.project.load(
                    posixpath.join(posixpath.dirname(ctx.project_path), variant),
                    FileKind.SERVICES,
                )
    return found


def services_view(ctx: RuleContext[YamlDocument, object]) -> ServicesView | None:
    """The services file CodeShip would read next to the file under check, when it parsed
    into a mapping; None when it is absent or broken (its own diagnostics say why)."""
    found = sibling_services(ctx)
    if found is None or found.document is None or found.problems:
        return None
    document: YamlDocument = found.document
    if not isinstance(document.data, dict):
        return None
    prefix, services = services_root(document.data)
    return ServicesView(found, document, prefix, {str(k): v for k, v in services.items()})


def in_project(ctx: RuleContext[YamlDocument, object], path: str) -> str:
    """`path` as written in the file under check, made relative to the project root: paths
    in CodeShip files are relative to the folder of the file (format doc §1.3)."""
    folder = posixpath.dirname(ctx.project_path)
    return posixpath.normpath(posixpath.join(folder, path))


def checkable(path: str) -> bool:
    """Whether a path can be looked up in the project at all: not empty, not absolute,
    not a remote build context (URL, `git@...`), not templated."""
    text = path.strip()
    remote = "://" in text or text.startswith(("git@", "github.com/"))
    templated = "{{" in text or "${" in text
    return bool(text) and not text.startswith(("/", "~", "$")) and not remote and not templated


def display_path(ctx: RuleContext[YamlDocument, object], relpath: str) -> str:
    """A path to another file of the project that a reporter can open (related info)."""
    root = ctx.project.root
    return relpath if root.startswith("<") else posixpath.join(root, relpath)
