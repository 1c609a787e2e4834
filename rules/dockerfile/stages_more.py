"""Rules about FROM and stages: trusted registries (DL3026), `--platform` (DL3029,
DL3065), reserved stage names (DL3063), copying a whole stage (DL3067), and a final image
without HEALTHCHECK (DL3057)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Final

from cslint.core.diagnostics import Finding, Severity, Span
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.parsers.dockerfile import DockerfileDocument, Instruction
from cslint.rules.dockerfile._common import expand, global_arg_defaults
from cslint.rules.dockerfile._image import image_chain, unquote

DOCKERFILE = frozenset({FileKind.DOCKERFILE})


def registry_of(image: str) -> str | None:
    """The registry host of an image reference, Docker's way: the first path component
    when it has a `.` or `:` or is `localhost`; None for Docker Hub's short names."""
    first, slash, _ = image.partition("/")
    if slash and ("." in first or ":" in first or first == "localhost"):
        return first
    return None


def _registry_allowed(pattern: str, registry: str) -> bool:
    if pattern == "*":
        return True
    if pattern.startswith("*"):
        return registry.endswith(pattern[1:])
    if pattern.endswith("*"):
        return registry.startswith(pattern[:-1])
    return registry == pattern


class RegistryOptions:
    """The options of untrusted-registry: the registries images may come from."""

    __slots__ = ("trusted_registries",)

    # Registries images may come from: `docker.io`, `*.example.com`, `ghcr.io`, or `*`.
    # Docker Hub's short names (`python:3.12`) count as `docker.io`.
    trusted_registries: Final[tuple[str, ...]]

    def __init__(self, trusted_registries: tuple[str, ...] = ()) -> None:
        value: Any = trusted_registries
        if isinstance(value, str) or not all(isinstance(v, str) for v in value or ()):
            raise ValueError("trusted-registries must be a list of registry names")
        self.trusted_registries = tuple(value)


class UntrustedRegistry(Rule):
    """## What it does
    Reports images that come from a registry outside the trusted list: in `FROM`, in
    `COPY --from=<image>` and in `RUN --mount=...,from=<image>`. Stage names and
    `scratch` are not images. Off until configured: it runs once `trusted-registries`
    is set, in `.cslint.yaml` (`rules: {CS340: {trusted-registries: [docker.io]}}`) or
    as `trustedRegistries` in `.hadolint.yaml`.

    An image named through a build argument is checked with the argument's default; with
    no default it cannot be known and is not reported (hadolint DL3026 reads
    `${REGISTRY}/app` as a Docker Hub image).

    ## Why is this bad?
    Base images run as part of every build and every container: a policy that they come
    only from vetted registries keeps typo-squatted or unreviewed images out.

    ## Example
    ```dockerfile
    FROM quay.io/someone/python:3.12
    ```

    ## Use instead
    ```dockerfile
    FROM registry.example.com/python:3.12
    ```
    """

    code = "CS340"
    name = "untrusted-registry"
    summary = "image from a registry outside the trusted list"
    targets = DOCKERFILE
    default_severity = Severity.ERROR
    default_enabled = False
    enabled_when_configured = True
    opt_in = "needs the list of trusted registries"
    hadolint = ("DL3026",)
    hadolint_settings = (("trustedRegistries", "trusted_registries"),)
    Options = RegistryOptions
    valid = (
        Valid(
            "FROM registry.example.com/python:3.12 AS build\nFROM build\nCOPY --from=build /a /a\n",
            options={"trusted-registries": ["registry.example.com"]},
        ),
        Valid(
            "FROM python:3.12\nCOPY --from=ghcr.io/org/tool:1 /bin/tool /bin/\n",
            options={"trusted-registries": ["docker.io", "*.io"]},
        ),
        Valid("FROM scratch\n", options={"trusted-registries": ["ghcr.io"]}),
        Valid("FROM ghcr.io/org/app:1\n", options={"trusted-registries": ["*"]}),
        Valid("FROM python:3.12\n", options={"trusted-registries": ["hub.docker.com"]}),
        Valid(
            "FROM localhost:5000/app:1\nRUN --mount=type=cache,target=/x echo hi\n",
            options={"trusted-registries": ["localhost:5000"]},
        ),
        Valid("FROM python:3.12\n", options={"trusted-registries": ["docker.io"]}),
    )
    invalid = (
        Invalid(
            "FROM quay.io/someone/python:3.12\n",
            options={"trusted-registries": ["registry.example.com"]},
            expect=("CS340@1:6",),
        ),
        Invalid(
            "FROM python:3.12\n", options={"trusted-registries": ["ghcr.io"]}, expect=("CS340@1:6",)
        ),
        Invalid(
            "FROM ghcr.io/a/b:1\nCOPY --from=quay.io/c/d:2 /x /x\n",
            options={"trusted-registries": ["ghcr.*"]},
            expect=("CS340@2:13",),
        ),
        Invalid(
            "FROM docker.io/library/python:3.12\n",
            options={"trusted-registries": ["*.example.com"]},
            expect=("CS340@1:6",),
        ),
        Invalid(
            "FROM ghcr.io/a/b:1\nRUN --mount=type=bind,from=quay.io/c/d:2,target=/d ls /d\n",
            options={"trusted-registries": ["ghcr.io"]},
            expect=("CS340@2:28",),
        ),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, RegistryOptions]) -> Iterator[Finding]:
        trusted = ctx.options.trusted_registries if ctx.options is not None else ()
        if not trusted:
            return
        doc = ctx.document
        variables = global_arg_defaults(doc)
        names: set[str] = set()
        for instr in doc.instructions:
            if instr.cmd == "FROM" and instr.args:
                yield from self._image(instr, instr.args[0], names, variables, trusted)
                if len(instr.args) >= 3:
                    names.add(instr.args[2].lower())
            elif instr.cmd == "COPY" and instr.flag("from") is not None:
                source = instr.flag("from") or ""
                yield from self._image(instr, source, names, variables, trusted)
            elif instr.cmd == "RUN":
                for mount in _mount_sources(instr):
                    yield from self._image(instr, mount, names, variables, trusted)

    def _image(
        self,
        instr: Instruction,
        image: str,
        stages: set[str],
        variables: dict[str, str | None],
        trusted: tuple[str, ...],
    ) -> Iterator[Finding]:
        resolved = expand(image, variables) if "$" in image else image
        if not resolved or resolved == "scratch" or resolved.lower() in stages:
            return
        if resolved.isdigit():  # COPY --from=0: a stage by its index
            return
        registry = registry_of(resolved)
        candidates = (registry,) if registry else ("docker.io", "hub.docker.com")
        if any(_registry_allowed(p, r) for p in trusted for r in candidates):
            return
        yield Finding(
            instr.find_or_keyword(image),
            f"the image {resolved!r} comes from {registry or 'docker.io'}, which is not a "
            f"trusted registry ({', '.join(trusted)})",
        )


def _mount_sources(run: Instruction) -> list[str]:
    out = []
    for flag in run.flags:
        if flag.lower().startswith("--mount="):
            options = dict(p.partition("=")[::2] for p in flag[len("--mount=") :].split(","))
            if options.get("from"):
                out.append(options["from"])
    return out


def _platform(instr: Instruction) -> tuple[str, Span] | None:
    value = instr.flag("platform")
    if value is None:
        return None
    return value, instr.find_or_keyword(f"--platform={value}")


class FromPlatform(Rule):
    """## What it does
    Reports `FROM --platform=...` with a fixed platform. `$BUILDPLATFORM` (a build
    stage that runs natively and cross-compiles) and `$TARGETPLATFORM` are accepted.

    ## Why is this bad?
    A fixed platform makes the image for that platform whatever the builder is asked
    for: on another architecture it builds, then fails to run or runs emulated.

    ## Example
    ```dockerfile
    FROM --platform=linux/amd64 debian:12
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    ```
    """

    code = "CS342"
    name = "from-platform"
    summary = "FROM with a fixed --platform"
    targets = DOCKERFILE
    default_severity = Severity.WARNING
    hadolint = ("DL3029",)
    valid = (
        Valid("FROM --platform=$BUILDPLATFORM golang:1.23 AS build\nFROM debian:12\n"),
        Valid("FROM debian:12\n"),
        Valid("FROM --platform=$TARGETPLATFORM debian:12\n"),
        Valid("FROM --platform=${BUILDPLATFORM} golang:1.23 AS b\n"),
        Valid("FROM --platform=$BUILDPLATFORM tonistiigi/xx:1.5 AS xx\n"),
    )
    invalid = (
        Invalid("FROM --platform=linux/amd64 debian:12\n", expect=("CS342@1:6",)),
        Invalid(
            "FROM golang:1.23 AS b\nFROM --platform=linux/arm64 b AS c\n",
            expect=("CS342@2:6",),
        ),
        Invalid("ARG P=linux/arm64\nFROM --platform=${P} debian:12\n", expect=("CS342@2:6",)),
        Invalid(
            "FROM --platform=windows/amd64 mcr.microsoft.com/windows/nanoserver:ltsc2022\n",
            expect=("CS342@1:6",),
        ),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        for stage in ctx.document.stages:
            found = _platform(stage.from_)
            if found is None:
                continue
            value, span = found
            if "BUILDPLATFORM" in value or "TARGETPLATFORM" in value:
                continue
            yield Finding(
                span,
                f"'--platform={value}' fixes the platform whatever the build asks for; "
                "drop it (or use $BUILDPLATFORM for a cross-compiling stage)",
            )


class RedundantTargetPlatform(Rule):
    """## What it does
    Reports `FROM --platform=$TARGETPLATFORM`.

    ## Why is this bad?
    The target platform is what FROM uses anyway; the flag says nothing and suggests
    that something special happens.

    ## Example
    ```dockerfile
    FROM --platform=$TARGETPLATFORM debian:12
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    ```
    """

    code = "CS369"
    name = "redundant-target-platform"
    summary = "FROM --platform=$TARGETPLATFORM, which is the default"
    targets = DOCKERFILE
    default_severity = Severity.WARNING
    default_enabled = False
    opt_in = "style: the flag is redundant, not wrong"
    hadolint = ("DL3065",)
    valid = (
        Valid("FROM --platform=$BUILDPLATFORM golang:1.23 AS build\nFROM debian:12\n"),
        Valid("FROM --platform=linux/amd64 debian:12\n"),
        Valid("FROM debian:12\n"),
        Valid("FROM --platform=linux/amd64 debian:12\n"),
        Valid("FROM --platform=$BUILDPLATFORM golang:1.23 AS b\n"),
    )
    invalid = (
        Invalid("FROM --platform=$TARGETPLATFORM debian:12\n", expect=("CS369@1:6",)),
        Invalid("FROM --platform=${TARGETPLATFORM} debian:12\n", expect=("CS369@1:6",)),
        Invalid(
            "FROM --platform=$TARGETPLATFORM golang:1.23 AS b\nFROM b\n", expect=("CS369@1:6",)
        ),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        for stage in ctx.document.stages:
            found = _platform(stage.from_)
            if found is not None and found[0] in ("$TARGETPLATFORM", "${TARGETPLATFORM}"):
                yield Finding(found[1], "'--platform=$TARGETPLATFORM' is FROM's default; remove it")


_RESERVED = ("scratch", "context")


class ReservedStageName(Rule):
    """## What it does
    Reports a stage named `scratch` or `context`. BuildKit lower-cases stage names, so
    `AS Scratch` is the same name (hadolint DL3063 compares case-sensitively).

    ## Why is this bad?
    `scratch` is the empty image and `context` names the build context in
    `COPY --from`; a stage with either name makes every later reference ambiguous.

    ## Example
    ```dockerfile
    FROM golang:1.23 AS scratch
    ```

    ## Use instead
    ```dockerfile
    FROM golang:1.23 AS build
    ```
    """

    code = "CS367"
    name = "reserved-stage-name"
    summary = "stage named scratch or context"
    targets = DOCKERFILE
    default_severity = Severity.WARNING
    hadolint = ("DL3063",)
    valid = (
        Valid("FROM golang:1.23 AS build\nFROM scratch\nCOPY --from=build /a /a\n"),
        Valid("FROM debian:12 AS scratchpad\n"),
        Valid("FROM debian:12\n"),
        Valid("FROM debian:12 AS ctx\nFROM ctx\n"),
        Valid("FROM debian:12 AS contexts\n"),
    )
    invalid = (
        Invalid("FROM golang:1.23 AS scratch\n", expect=("CS367@1:21",)),
        Invalid("FROM golang:1.23 AS context\n", expect=("CS367@1:21",)),
        Invalid("FROM debian:12 AS scratch\nRUN echo\n", expect=("CS367@1:19",)),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        for stage in ctx.document.stages:
            if stage.name in _RESERVED:
                yield Finding(
                    stage.name_span,
                    f"'{stage.name}' is a reserved name in Dockerfiles; name the stage "
                    "something else",
                )


class CopyWholeStage(Rule):
    """## What it does
    Reports `COPY --from=<stage> / /`: the whole file system of another stage or image.

    ## Why is this bad?
    It copies everything, including the package manager's state, caches and the base
    image's files, over the current stage: the image grows and files of the two bases
    overwrite each other. Copy the folders the image needs.

    ## Example
    ```dockerfile
    COPY --from=build / /
    ```

    ## Use instead
    ```dockerfile
    COPY --from=build /app/dist /app
    ```
    """

    code = "CS371"
    name = "copy-whole-stage"
    summary = "COPY --from of a whole file system"
    targets = DOCKERFILE
    default_severity = Severity.WARNING
    default_enabled = False
    opt_in = (
        "style: an export stage often holds only what is copied, and a dev image may take "
        "a tool image whole on purpose"
    )
    hadolint = ("DL3067",)
    valid = (
        Valid("FROM golang:1.23 AS build\nFROM scratch\nCOPY --from=build /app /app\n"),
        Valid("FROM debian:12\nCOPY / /\n"),
        Valid("FROM golang:1.23 AS build\nFROM scratch\nCOPY --from=build / /app\n"),
        Valid("FROM golang:1.23 AS build\nFROM scratch\nCOPY --from=build /etc /\n"),
        Valid("FROM golang:1.23 AS b\nFROM scratch\nCOPY --from=b /usr/lib/ /usr/lib/\n"),
        Valid("FROM debian:12 AS a\nFROM debian:12\nCOPY --from=a /opt/ /opt/\n"),
        Valid("FROM debian:12\nCOPY --chown=1:1 . /\n"),
    )
    invalid = (
        Invalid(
            "FROM golang:1.23 AS build\nFROM scratch\nCOPY --from=build / /\n",
            expect=("CS371@3:19",),
        ),
        Invalid('FROM scratch\nCOPY --from=busybox:1.36 "/" /\n', expect=("CS371@2:26",)),
        Invalid("FROM scratch\nCOPY --from=alpine:3.20 / /\n", expect=("CS371@2:25",)),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        for instr in ctx.document.instructions:
            if instr.cmd != "COPY" or instr.flag("from") is None or len(instr.args) < 2:
                continue
            if unquote(instr.args[-1]) != "/":
                continue
            if any(unquote(source) == "/" for source in instr.args[:-1]):
                yield Finding(
                    instr.rest_span(),
                    f"this copies the whole file system of '{instr.flag('from')}'; copy "
                    "only the folders the image needs",
                )


class MissingHealthcheck(Rule):
    """## What it does
    Reports an image without `HEALTHCHECK`: neither its final stage nor a stage that it
    builds on through FROM has one. `HEALTHCHECK NONE` counts as a decision. Off by
    default, as in hadolint (DL3057), since the base image may define one. hadolint
    reports every stage without a HEALTHCHECK, builder stages included; only the final
    image runs, so cslint reports its FROM alone.

    ## Why is this bad?
    Without a health check, Docker (and `jet`'s `depends_on` waiting) can only tell that
    the process runs, not that it serves.

    ## Example
    ```dockerfile
    FROM nginx:1.27
    COPY site /usr/share/nginx/html
    ```

    ## Use instead
    ```dockerfile
    FROM nginx:1.27
    COPY site /usr/share/nginx/html
    HEALTHCHECK CMD curl -fs http://localhost/ || exit 1
    ```
    """

    code = "CS363"
    name = "missing-healthcheck"
    summary = "image without HEALTHCHECK"
    targets = DOCKERFILE
    default_severity = Severity.INFO
    default_enabled = False
    opt_in = "the base image may define a HEALTHCHECK; hadolint keeps DL3057 off too"
    hadolint = ("DL3057",)
    valid = (
        Valid("FROM nginx:1.27\nHEALTHCHECK CMD curl -fs http://localhost/ || exit 1\n"),
        Valid("FROM nginx:1.27 AS base\nHEALTHCHECK NONE\nFROM base\nRUN echo hi\n"),
        Valid(
            "FROM golang:1.23 AS build\nRUN go build -o /app .\n"
            'FROM debian:12\nCOPY --from=build /app /app\nHEALTHCHECK CMD ["/app", "-ping"]\n',
            hadolint_differs="hadolint reports the builder stage too; only the final image runs",
        ),
        Valid(
            "FROM nginx:1.27 AS base\nHEALTHCHECK CMD curl -f http://localhost/\nFROM base\nFROM base AS final\n"
        ),
        Valid('FROM debian:12\nHEALTHCHECK --interval=30s CMD ["/bin/true"]\n'),
    )
    invalid = (
        Invalid("FROM nginx:1.27\nCOPY site /usr/share/nginx/html\n", expect=("CS363@1:1",)),
        Invalid('FROM scratch\nCOPY app /app\nCMD ["/app"]\n', expect=("CS363@1:1",)),
        Invalid(
            "FROM nginx:1.27 AS base\nHEALTHCHECK NONE\nFROM debian:12\n", expect=("CS363@3:1",)
        ),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        doc: DockerfileDocument = ctx.document
        chain = image_chain(doc)
        if not chain:
            return
        if any(i.cmd == "HEALTHCHECK" for stage in chain for i in stage.instructions):
            return
        final = chain[0].from_
        yield Finding(
            final.keyword_span or final.span,
            "the image has no HEALTHCHECK; add one so Docker can tell that it serves",
        )
