"""Helpers the Dockerfile rules share: RUN scripts, image references, variables."""

from __future__ import annotations

from collections.abc import Iterator

from cslint.parsers.dockerfile import DockerfileDocument, Instruction, Stage
from cslint.parsers.shell import Script

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


def global_arg_defaults(doc: DockerfileDocument) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for instr in doc.global_args():
        for arg in instr.args:
            name, sep, value = arg.partition("=")
            out[name] = _unquote(value) if sep else None
    return out


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def expand(text: str, variables: dict[str, str | None]) -> str | None:
    """`text` with `$X`/`${X}`/`${X:-d}` replaced from `variables`; None if one is unknown."""
    import re

    unknown = False

    def replace(match: re.Match[str]) -> str:
        nonlocal unknown
        name = match.group(1) or match.group(2)
        default = match.group(3)
        value = variables.get(name)
        if value is None or value == "":
            if default is not None:
                return default
            unknown = True
            return ""
        return value

    out = re.sub(r"\$(?:(\w+)|\{(\w+)(?::?-([^}]*))?\})", replace, text)
    return None if unknown else out


def split_image(ref: str) -> tuple[str, str | None, str | None]:
    """`registry/name:tag@digest` -> (name with registry, tag, digest)."""
    digest = None
    if "@" in ref:
        ref, digest = ref.split("@", 1)
    tag = None
    slash = ref.rfind("/")
    colon = ref.rfind(":")
    if colon > slash:
        ref, tag = ref[:colon], ref[colon + 1 :]
    return ref, tag, digest


def previous_stage_names(doc: DockerfileDocument, stage: Stage) -> set[str]:
    return {s.name for s in doc.stages[: stage.index] if s.name}
