"""The kinds of file cslint lints, and how a file's name tells its kind."""

from __future__ import annotations

import enum
import re


class FileKind(enum.Enum):
    SERVICES = "services"
    STEPS = "steps"
    DOCKERFILE = "dockerfile"


# The names CodeShip itself reads, in its own lookup order (format doc §1.1, §1.2).
SERVICES_NAMES = ("codeship-services.yml", "codeship-services.json")
COMPOSE_FALLBACK_NAMES = ("docker-compose.yml",)
STEPS_NAMES = ("codeship-steps.yml", "codeship-steps.json")
# Spellings people write that CodeShip does not discover (format doc §1.1: INFERRED, strong).
UNREAD_VARIANTS = {
    "codeship-services.yaml": "codeship-services.yml",
    "codeship-steps.yaml": "codeship-steps.yml",
    "docker-compose.yaml": "docker-compose.yml",
}

# `@` too: corpora keep versions as `x.Dockerfile@1f2e`. Containerfile is Podman's name.
_DOCKERFILE = re.compile(r"(^|[._-])(docker|container)file([._@-]|$)", re.IGNORECASE)


def kind_from_name(name: str) -> FileKind | None:
    """Guess a file's kind from its base name; None when the name says nothing."""
    lower = name.lower()
    if _DOCKERFILE.search(lower) or lower.startswith(("dockerfile", "containerfile")):
        return FileKind.DOCKERFILE
    if not lower.endswith((".yml", ".yaml", ".json")):
        return None
    if "steps" in lower:
        return FileKind.STEPS
    if "services" in lower or "compose" in lower:
        return FileKind.SERVICES
    return None


def parse_kind(text: str) -> FileKind:
    try:
        return FileKind(text.strip().lower())
    except ValueError:
        allowed = ", ".join(k.value for k in FileKind)
        raise ValueError(f"unknown kind {text!r}; expected one of {allowed}") from None
