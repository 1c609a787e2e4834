"""Images between services: FROM a sibling's unnamed image, dependencies without a
HEALTHCHECK, and multi-stage Dockerfiles on cached services."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from cslint.codeship.services_model import build_refs
from cslint.core.diagnostics import Finding, Related, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.parsers.dockerfile import DockerfileDocument
from cslint.parsers.dockerfile_words import expand, global_arg_defaults, split_image
from cslint.rules.build._common import (
    dockerfile_of,
    refs_building_this,
    service_definitions,
)

if TYPE_CHECKING:
    from cslint.parsers.yamldoc import YamlDocument


class FromUnnamedBuiltImage(Rule):
    """## What it does
    Reports a `FROM` that names another service of the services file, when that service
    builds its image without `build.image`, in a Dockerfile that a service builds.

    ## Why is this bad?
    CodeShip builds each image once per build, under the name in `build.image`; without
    it the image gets a generated name (with a `codeship_` prefix; the exact scheme is
    not documented), so `FROM base` looks for an image `base` that does not exist and
    the build pulls from Docker Hub or fails. The generated name is not documented, so
    this is a warning rather than an error.

    ## Example
    ```yaml
    base:
      build: ./base
    app:
      build: ./app        # app/Dockerfile: FROM base
    ```

    ## Use instead
    ```yaml
    base:
      build:
        context: ./base
        image: myorg/base
    app:
      build: ./app        # app/Dockerfile: FROM myorg/base
    ```
    """

    code = "CS453"
    name = "from-unnamed-built-image"
    summary = "FROM names a sibling service's image, which has no build.image name"
    targets = frozenset({FileKind.DOCKERFILE})
    default_severity = Severity.WARNING
    valid = (
        Valid(
            "FROM myorg/base:latest\n",
            filename="app/Dockerfile",
            files={
                "codeship-services.yml": "base:\n  build:\n    context: base\n    image: myorg/base\n"
                "app:\n  build: app\n",
                "base/Dockerfile": "FROM alpine:3.20\n",
            },
        ),
    )
    invalid = (
        Invalid(
            "FROM base\n",
            filename="app/Dockerfile",
            files={
                "codeship-services.yml": "base:\n  build: base\napp:\n  build: app\n",
                "base/Dockerfile": "FROM alpine:3.20\n",
            },
            expect=("CS453@1:6",),
        ),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        mine = refs_building_this(ctx)
        if not mine:
            return
        services = ctx.project.services_file()
        if services is None or services.document is None:
            return
        unnamed = {
            ref.service: ref
            for ref in build_refs(services.document.data)
            if ref.image is None and ref.dockerfile != ctx.project_path
        }
        doc: DockerfileDocument = ctx.document
        defaults = global_arg_defaults(doc)
        for stage in doc.stages:
            resolved = expand(stage.image, defaults) if "$" in stage.image else stage.image
            if not resolved:
                continue
            name = split_image(resolved)[0]
            ref = unnamed.get(name)
            if ref is None:
                continue
            yield Finding(
                stage.image_span,
                f"'FROM {resolved}' names service {name!r}, whose image has no 'build.image', "
                f"so no image called {name!r} exists; set 'build.image' on {name!r} and use "
                "that name here",
                related=(
                    Related(
                        services.document.span(ref.path),
                        f"service {name!r} is built here",
                        path=services.path,
                    ),
                ),
            )


def _dependencies(service: Any) -> list[tuple[str, tuple[str | int, ...]]]:
    depends = service.get("depends_on") if isinstance(service, dict) else None
    if isinstance(depends, list):
        return [(str(d), ("depends_on", i)) for i, d in enumerate(depends) if isinstance(d, str)]
    if isinstance(depends, dict):
        return [(str(d), ("depends_on", d)) for d in depends]
    return []


class DependencyWithoutHealthcheck(Rule):
    """## What it does
    Reports a `depends_on` entry naming a service whose image is built from a Dockerfile
    with no `HEALTHCHECK` (in its final stage or the local stages it builds on), at the
    entry.

    ## Why is this bad?
    CodeShip starts a step as soon as its dependencies' containers are running, unless
    the dependency's image has a `HEALTHCHECK`; then it waits for "healthy". A database
    that is still starting makes the first test fail at random. Base images named
    `healthcheck/*` carry their own check and are accepted. Info, since some services
    start instantly.

    ## Example
    ```yaml
    app:
      build: .
      depends_on: [db]
    db:
      build: ./db     # db/Dockerfile: FROM postgres:16, no HEALTHCHECK
    ```

    ## Use instead
    ```dockerfile
    FROM postgres:16
    HEALTHCHECK --interval=2s CMD pg_isready -U postgres
    ```
    """

    code = "CS454"
    name = "dependency-without-healthcheck"
    summary = "a depends_on service's image has no HEALTHCHECK"
    targets = frozenset({FileKind.SERVICES})
    default_severity = Severity.INFO
    valid = (
        Valid(
            "app:\n  image: a:1\n  depends_on: [db]\ndb:\n  build: db\n",
            filename="codeship-services.yml",
            files={"db/Dockerfile": "FROM postgres:16\nHEALTHCHECK CMD pg_isready\n"},
        ),
    )
    invalid = (
        Invalid(
            "app:\n  image: a:1\n  depends_on:\n    - db\ndb:\n  build: db\n",
            filename="codeship-services.yml",
            files={"db/Dockerfile": "FROM postgres:16\n"},
            expect=("CS454@4:7",),
        ),
    )

    def check(self, ctx: RuleContext[YamlDocument, None]) -> Iterator[Finding]:
        doc = ctx.document
        prefix, services = service_definitions(doc.data)
        refs = {ref.service: ref for ref in build_refs(doc.data)}
        for name, service in services.items():
            for dependency, sub_path in _dependencies(service):
                ref = refs.get(dependency)
                if ref is None:
                    continue
                dockerfile = dockerfile_of(ctx, ref)
                if dockerfile is None or dockerfile.final_healthcheck() is not False:
                    continue
                path = (*prefix, name, *sub_path)
                yield Finding(
                    doc.value_span(path) if isinstance(sub_path[-1], int) else doc.span(path),
                    f"service {name!r} depends on {dependency!r}, whose image "
                    f"({ref.dockerfile!r}) has no HEALTHCHECK, so steps start before it is "
                    "ready; add a HEALTHCHECK to that Dockerfile",
                )


class CachedMultistage(Rule):
    """## What it does
    Reports `cached: true` on a service whose Dockerfile has several stages, at `cached`.

    ## Why is this bad?
    CodeShip caches only the final stage's layers: every build rebuilds the earlier
    stages (the compile step, usually the slow one) from scratch, which is the opposite
    of what `cached` was meant to buy. Split the build stage into its own cached service,
    or accept the cost knowingly. Info.

    ## Example
    ```yaml
    app:
      build: .          # Dockerfile: FROM golang AS build ... FROM alpine
      cached: true
    ```

    ## Use instead
    A separate service (with `build.image`) for the build stage, itself cached, and a
    final Dockerfile that starts `FROM` that image.
    """

    code = "CS455"
    name = "cached-multistage"
    summary = "`cached: true` on a multi-stage Dockerfile caches only the last stage"
    targets = frozenset({FileKind.SERVICES})
    default_severity = Severity.INFO
    valid = (
        Valid(
            "app:\n  build: .\n  cached: true\n",
            filename="codeship-services.yml",
            files={"Dockerfile": "FROM alpine:3.20\n"},
        ),
    )
    invalid = (
        Invalid(
            "app:\n  build: .\n  cached: true\n",
            filename="codeship-services.yml",
            files={"Dockerfile": "FROM golang:1.22 AS build\nFROM alpine:3.20\n"},
            expect=("CS455@3:3",),
        ),
    )

    def check(self, ctx: RuleContext[YamlDocument, None]) -> Iterator[Finding]:
        doc = ctx.document
        _, services = service_definitions(doc.data)
        for ref in build_refs(doc.data):
            service = services.get(ref.service)
            if not isinstance(service, dict) or service.get("cached") not in (True, "true"):
                continue
            dockerfile = dockerfile_of(ctx, ref)
            if dockerfile is None or len(dockerfile.stages) < 2:
                continue
            yield Finding(
                doc.span((*ref.path, "cached")),
                f"{ref.dockerfile!r} has {len(dockerfile.stages)} stages but CodeShip caches "
                "only the last; give the build stage its own cached service",
            )
