"""Build arguments between the services file and the Dockerfile."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cslint.codeship.services_model import build_refs
from cslint.core.diagnostics import Finding, Related, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.rules.build._common import (
    AUTOMATIC_ARGS,
    build_args,
    declared_args,
    dockerfile_of,
    has_encrypted_args,
    refs_building_this,
    service_definitions,
)

if TYPE_CHECKING:
    from cslint.parsers.dockerfile import DockerfileDocument
    from cslint.parsers.yamldoc import YamlDocument

_SERVICES = "app:\n  build:\n    context: .\n    args:\n      VERSION: '1.2'\n      EXTRA: x\n"


class BuildArgNotConsumed(Rule):
    """## What it does
    Reports a `build.args` key of a service whose Dockerfile declares no `ARG` of that
    name, at the key in the services file.

    ## Why is this bad?
    Docker ignores the value and only warns ("One or more build-args [X] were not
    consumed"), a warning nobody reads in a CodeShip log; older Docker versions fail the
    build. Usually the ARG was renamed or the value is meant for another service.
    Docker's own proxy variables and BuildKit's platform variables need no ARG.

    ## Example
    ```yaml
    app:
      build:
        args:
          NODE_VERSION: "22"   # the Dockerfile has no ARG NODE_VERSION
    ```

    ## Use instead
    Add `ARG NODE_VERSION` to the Dockerfile, or remove the key.
    """

    code = "CS451"
    name = "build-arg-not-consumed"
    summary = "a build.args key has no ARG in the Dockerfile"
    targets = frozenset({FileKind.SERVICES})
    default_severity = Severity.WARNING
    valid = (
        Valid(
            _SERVICES,
            filename="codeship-services.yml",
            files={"Dockerfile": "FROM a:1\nARG VERSION\nARG EXTRA=y\n"},
        ),
    )
    invalid = (
        Invalid(
            _SERVICES,
            filename="codeship-services.yml",
            files={"Dockerfile": "FROM a:1\nARG VERSION\n"},
            expect=("CS451@6:7",),
        ),
    )

    def check(self, ctx: RuleContext[YamlDocument, None]) -> Iterator[Finding]:
        doc = ctx.document
        for ref in build_refs(doc.data):
            dockerfile = dockerfile_of(ctx, ref)
            if dockerfile is None:
                continue
            declared = {name for name, _, _ in declared_args(dockerfile)}
            service = service_definitions(doc.data)[1].get(ref.service)
            for key, sub_path in build_args(service).items():
                if key in declared or key in AUTOMATIC_ARGS:
                    continue
                yield Finding(
                    doc.span((*ref.path, *sub_path)),
                    f"build arg {key!r} is not declared by an ARG in {ref.dockerfile!r}, so "
                    f"Docker ignores it; add 'ARG {key}' there or remove the key",
                )


class ArgWithoutValue(Rule):
    """## What it does
    Reports an `ARG` without a default in a Dockerfile that a service builds, when that
    service's `build.args` does not set it, at the ARG.

    ## Why is this bad?
    The variable is empty in the build: `FROM node:$NODE_VERSION` becomes `FROM node:`,
    `curl .../$RELEASE` downloads the wrong thing. Locally the author passes
    `--build-arg`; CodeShip passes only what the services file says. Services that use
    `encrypted_args` are skipped (their keys cannot be read), and an ARG re-declared in a
    stage after a global ARG with a default inherits that default.

    ## Example
    ```dockerfile
    ARG NODE_VERSION
    FROM node:${NODE_VERSION}
    ```
    with a service that builds it without `args: {NODE_VERSION: ...}`.

    ## Use instead
    ```dockerfile
    ARG NODE_VERSION=22
    FROM node:${NODE_VERSION}
    ```
    """

    code = "CS452"
    name = "arg-without-value"
    summary = "an ARG without default is never set by the services file"
    targets = frozenset({FileKind.DOCKERFILE})
    default_severity = Severity.WARNING
    valid = (
        Valid(
            "ARG VERSION\nFROM node:${VERSION}\n",
            filename="Dockerfile",
            files={"codeship-services.yml": "app:\n  build:\n    args:\n      VERSION: '22'\n"},
        ),
        Valid("ARG VERSION\nFROM node:${VERSION}\n", filename="Dockerfile"),
    )
    invalid = (
        Invalid(
            "ARG VERSION\nFROM node:${VERSION}\n",
            filename="Dockerfile",
            files={"codeship-services.yml": "app:\n  build: .\n"},
            expect=("CS452@1:5",),
        ),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        refs = refs_building_this(ctx)
        if not refs:
            return
        services = ctx.project.services_file()
        if services is None or services.document is None:
            return
        definitions = service_definitions(services.document.data)[1]
        with_default = {name for name, value, _ in declared_args(ctx.document) if value is not None}
        for name, value, instr in declared_args(ctx.document):
            if value is not None or name in with_default or name in AUTOMATIC_ARGS:
                continue
            if name.startswith("BUILDKIT_"):
                continue
            for ref in refs:
                service = definitions.get(ref.service)
                if has_encrypted_args(service) or name in build_args(service):
                    continue
                span = instr.find_or_keyword(name, instr.rest_offset)
                yield Finding(
                    span,
                    f"build argument {name!r} has no default and service {ref.service!r} does not set it "
                    f"in build.args, so it is empty; give it a default ('ARG {name}=...') or "
                    "set it in the services file",
                    related=(
                        Related(
                            services.document.span(ref.path),
                            f"service {ref.service!r} builds this Dockerfile",
                            path=services.path,
                        ),
                    ),
                )
                break
