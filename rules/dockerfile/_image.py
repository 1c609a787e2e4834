"""Which stages end up in the built image, and small value helpers the newer rules share."""

from __future__ import annotations

from cslint.core.diagnostics import Span
from cslint.parsers.dockerfile import DockerfileDocument, Instruction, Stage


def builds_on(image: str, name: str) -> bool:
    """Whether `FROM image` may build on the stage `name`. A variable in the reference
    (`FROM build-${DISTRO}`) may be given any value with --build-arg, so it matches any
    text there."""
    image = image.lower()
    if "$" not in image:
        return image == name
    import re

    parts = re.split(r"\$\{[^}]*\}|\$\w+", image)
    return re.fullmatch(".*".join(re.escape(p) for p in parts), name) is not None


def in_image(doc: DockerfileDocument, instr: Instruction) -> bool:
    """Whether `instr` belongs to a stage whose layers reach the image: the final stage, or
    a stage a later FROM builds on. A builder stage that is only copied from leaves its
    caches behind."""
    stages = doc.stages
    stage = doc.stage_of(instr)
    if stage is None or stage is stages[-1]:
        return True
    name = stage.name
    return name is not None and any(builds_on(s.image, name) for s in stages[stage.index + 1 :])


def image_chain(doc: DockerfileDocument) -> list[Stage]:
    """The final stage and the stages it builds on through FROM, nearest first."""
    stages = doc.stages
    if not stages:
        return []
    chain = [stages[-1]]
    while True:
        current = chain[-1]
        parent = next(
            (
                s
                for s in reversed(stages[: current.index])
                if s.name is not None and builds_on(current.image, s.name)
            ),
            None,
        )
        if parent is None:
            return chain
        chain.append(parent)


def unquote(value: str) -> str:
    """A Dockerfile value as the builder sees it: surrounding quotes removed, `\\"` kept as
    a quote inside double quotes."""
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        inner = value[1:-1]
        return inner.replace('\\"', '"') if value[0] == '"' else inner
    return value


def pairs(instr: Instruction) -> list[tuple[str, str, Span]]:
    """The key/value pairs of a LABEL or ENV, unquoted, each with the span of its key."""
    out = []
    search = instr.rest_offset
    args = instr.args
    for key, value in zip(args[0::2], args[1::2], strict=False):
        index = instr.text.find(key, search)
        if index >= 0:
            search = index + len(key)
            span = instr.span_of(index, index + len(key))
        else:
            span = instr.rest_span()
        out.append((unquote(key), unquote(value), span))
    return out
