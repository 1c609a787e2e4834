"""Helpers the Dockerfile rules share: RUN scripts, image references, variables."""

from __future__ import annotations

from collections.abc import Iterator

from cslint.parsers.dockerfile import DockerfileDocument, Instruction, Stage
from cslint.parsers.dockerfile_words import expand, global_arg_defaults, split_image
from cslint.parsers.shell import Script

# What a Dockerfile's words mean lives with the parser; the family reads it through here.
__all__ = ["expand", "global_arg_defaults", "split_image"]

# Build arguments Docker defines itself (no ARG needed to pass them).
PREDEFINED_ARGS = frozenset(
    {
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "FTP_PROXY",
        "ftp_proxy",
        "NO_PROXY",
        "no_proxy",
        "ALL_PROXY",
        "all_proxy",
    }
)
TRUTHY = frozenset({"1", "true", "True", "TRUE", "on", "On", "ON", "yes", "Yes", "YES"})


def scripts(doc: DockerfileDocument) -> Iterator[tuple[Instruction, Script]]:
    """Every shell-form RUN under a POSIX shell, with its parsed script."""
    for run in doc.runs():
        script = doc.script(run)
        if script is not None:
            yield run, script


def cache_mount_targets(run: Instruction) -> list[str]:
    """The targets of `--mount=type=cache,target=...` flags."""
    out = []
    for flag in run.flags:
        if not flag.lower().startswith("--mount="):
            continue
        options: dict[str, str] = {}
        for part in flag[len("--mount=") :].split(","):
            key, _, value = part.partition("=")
            options[key] = value
        if options.get("type") == "cache":
            target = options.get("target") or options.get("dst") or options.get("destination")
            if target:
                out.append(target)
    return out


def previous_stage_names(doc: DockerfileDocument, stage: Stage) -> set[str]:
    return {s.name for s in doc.stages[: stage.index] if s.name}
