"""Base images: an explicit tag (DL3006), and not `latest` (DL3007)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cslint.core.diagnostics import Finding, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.parsers.dockerfile import Stage
from cslint.rules.dockerfile._common import (
    expand,
    global_arg_defaults,
    previous_stage_names,
    split_image,
)

if TYPE_CHECKING:
    from cslint.parsers.dockerfile import DockerfileDocument

DOCKERFILE = frozenset({FileKind.DOCKERFILE})


def _base_images(
    ctx: RuleContext[DockerfileDocument, object],
) -> Iterator[tuple[Stage, str, str | None, str | None]]:
    """(stage, reference as resolved, tag, digest) for each FROM that names an image."""
    doc = ctx.document
    defaults = global_arg_defaults(doc)
    for stage in doc.stages:
        ref = stage.image
        if not ref or ref.lower() == "scratch":
            continue
        if ref.lower() in previous_stage_names(doc, stage):
            continue
        stages = previous_stage_names(doc, stage)
        resolved = expand(ref, defaults) if "$" in ref else ref
        if resolved is None:
            continue  # an ARG with no default: the tag is chosen at build time
        # `FROM build-${DISTRO}` with `ARG DISTRO=alpine` is the stage build-alpine.
        if resolved.lower() == "scratch" or resolved.lower() in stages:
            continue
        _, tag, digest = split_image(resolved)
        yield stage, resolved, tag, digest


class UntaggedImage(Rule):
    """## What it does
    Reports a `FROM` whose image has neither a tag nor a digest. `scratch`, earlier stage
    names, and references built from an `ARG` whose default carries the tag are fine.

    ## Why is this bad?
    An untagged image means `:latest`, which moves: the same Dockerfile builds a different
    image next week, and a CodeShip build that passed yesterday fails today.

    hadolint (DL3006) flags `FROM $BASE` whatever the ARG holds; cslint resolves global
    ARG defaults first and stays silent when the value is only known at build time. A
    `FROM build-${DISTRO}` that can resolve to an earlier stage (`build-alpine`,
    `build-debian`) is a stage, not an untagged image (hadolint flags it).

    ## Example
    ```dockerfile
    FROM debian
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12-slim
    ```
    """

    code = "CS301"
    name = "untagged-image"
    summary = "a FROM image has no tag or digest"
    targets = DOCKERFILE
    default_severity = Severity.WARNING
    default_enabled = False
    opt_in = (
        "version pinning is a policy: many teams follow a base image's moving tag on "
        "purpose, to get its security fixes"
    )
    hadolint = ("DL3006",)
    valid = (
        Valid("FROM debian:12\n", filename="Dockerfile"),
        Valid("FROM golang:1.22 AS build\nFROM build\n", filename="Dockerfile"),
        Valid("ARG BASE=alpine:3.20\nFROM $BASE\n", filename="Dockerfile"),
        Valid("FROM scratch\n", filename="Dockerfile"),
        # A stage chosen through an ARG (docker/compose's Dockerfile).
        Valid(
            "ARG DISTRO=alpine\nFROM python:3.12-alpine AS build-alpine\n"
            "FROM python:3.12-slim AS build-debian\nFROM build-${DISTRO} AS build\n"
            "FROM build-$DISTRO AS again\n",
            filename="Dockerfile",
            hadolint_differs="FROM build-${DISTRO} resolves to the earlier stage build-alpine",
        ),
    )
    invalid = (
        Invalid("FROM debian\n", filename="Dockerfile", expect=("CS301@1:6",)),
        Invalid(
            "ARG BASE=alpine\nFROM ${BASE} AS x\n",
            filename="Dockerfile",
            expect=("CS301@2:6",),
            hadolint_differs="hadolint does not resolve the ARG default, 'alpine', which has "
            "no tag",
        ),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        for stage, resolved, tag, digest in _base_images(ctx):
            if tag is None and digest is None:
                yield Finding(
                    stage.image_span,
                    f"image {resolved!r} has no tag, so it means ':latest'; pin a tag such as "
                    f"'{resolved}:<version>'",
                )


class LatestTag(Rule):
    """## What it does
    Reports a `FROM` image tagged `latest`.

    ## Why is this bad?
    `latest` is whatever was pushed last: builds stop being reproducible and break without
    any change in the repository.

    The tag is read after global ARG defaults are applied, so `ARG BASE=node:latest` then
    `FROM $BASE` is reported (hadolint DL3007 reads only the literal text).

    ## Example
    ```dockerfile
    FROM node:latest
    ```

    ## Use instead
    ```dockerfile
    FROM node:22-alpine
    ```
    """

    code = "CS302"
    name = "latest-tag"
    summary = "a FROM image uses the 'latest' tag"
    targets = DOCKERFILE
    default_severity = Severity.WARNING
    default_enabled = False
    opt_in = (
        "version pinning is a policy: many teams follow a base image's moving tag on "
        "purpose, to get its security fixes"
    )
    hadolint = ("DL3007",)
    valid = (Valid("FROM node:22\n", filename="Dockerfile"),)
    invalid = (Invalid("FROM node:latest\n", filename="Dockerfile", expect=("CS302@1:6",)),)

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        for stage, resolved, tag, digest in _base_images(ctx):
            if tag == "latest" and digest is None:
                yield Finding(
                    stage.image_span,
                    f"image {resolved!r} uses the moving 'latest' tag; pin a version tag",
                )
