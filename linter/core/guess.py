"""A file's kind from its content, when its name does not tell (stdin, `notes.txt`).

Cheap and conservative: a Dockerfile starts (after comments and parser directives) with
FROM or ARG; a YAML or JSON list is a steps file; a mapping whose entries have `image` or
`build` (or a `services:` wrapper) is a services file. Anything else: None."""

from __future__ import annotations

import re

from cslint.core.kinds import FileKind

_INSTRUCTION = re.compile(r"(FROM|ARG)\s", re.IGNORECASE)
_SERVICE_KEYS = frozenset({"image", "build"})


def guess_kind(text: str) -> FileKind | None:
    text = text.lstrip("\ufeff")
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if _INSTRUCTION.match(stripped + " "):
            return FileKind.DOCKERFILE
        break
    from cslint.parsers import yamldoc

    try:
        data = yamldoc.parse(text).data
    except yamldoc.YamlSyntaxError:
        return None
    if isinstance(data, list):
        return FileKind.STEPS
    if isinstance(data, dict):
        if isinstance(data.get("services"), dict):
            return FileKind.SERVICES
        if any(isinstance(v, dict) and _SERVICE_KEYS & v.keys() for v in data.values()):
            return FileKind.SERVICES
    return None
