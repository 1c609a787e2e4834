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


def expands(word: str) -> bool:
    """Whether a shell word is (or holds) an expansion: `$PHPIZE_DEPS`, `${PKGS}`, `$(cat
    list)`. Its value is not known here, so it names no package and no version."""
    return "$" in word or "`" in word


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


# Images whose /bin/sh is busybox ash (it has `set -o pipefail`, and there is no bash).
_BUSYBOX_SH = ("alpine", "busybox")
# Images built on Debian or Ubuntu: /bin/sh is dash (no pipefail), and bash is installed.
_DEBIAN_SH = ("debian", "ubuntu", "bookworm", "bullseye", "buster", "trixie", "jammy", "noble")
_DEBIAN_BASED = frozenset(
    {"python", "node", "golang", "ruby", "php", "perl", "rust", "buildpack-deps", "httpd"}
)


def base_shell(doc: DockerfileDocument, stage: Stage) -> str | None:
    """ "busybox" or "dash" for the /bin/sh of a stage's base image, when the image's name
    or tag tells (an earlier stage is followed to its own base); None when unknown."""
    defaults = global_arg_defaults(doc)
    seen = 0
    while seen < len(doc.stages):
        seen += 1
        ref = expand(stage.image, defaults) if "$" in stage.image else stage.image
        if ref is None:
            return None
        earlier = [s for s in doc.stages[: stage.index] if s.name == ref.lower()]
        if earlier:
            stage = earlier[-1]
            continue
        name, tag, _ = split_image(ref.lower())
        words = f"{name.rsplit('/', 1)[-1]}:{tag or ''}"
        if any(w in words for w in _BUSYBOX_SH) or name.rsplit("/", 1)[-1] == "docker":
            return "busybox"  # the official docker image is built on Alpine
        if any(w in words for w in _DEBIAN_SH) or (tag is not None and "slim" in tag):
            return "dash"
        if name.rsplit("/", 1)[-1] in _DEBIAN_BASED:
            return "dash"  # an official image whose tags without 'alpine' are Debian
        return None
    return None
