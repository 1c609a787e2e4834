"""What a Dockerfile's words mean before a build: the defaults of its global `ARG`s,
`$VAR` expansion as BuildKit does it in `FROM`, and the parts of an image reference.
Shared by the Dockerfile rules and the build rules (`rules/build/images.py`)."""

from __future__ import annotations

from cslint.parsers.dockerfile import DockerfileDocument


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
