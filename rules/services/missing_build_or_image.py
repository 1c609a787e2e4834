from __future__ import annotations

from collections.abc import Iterator

from cslint.core.diagnostics import Finding, Related, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.parsers.yamldoc import JsonPath, YamlDocument
from cslint.rules.services._common import merged, services


class MissingBuildOrImage(Rule):
    """## What it does
    Reports a service that has neither `build` nor `image`, and a service that has both.

    An entry that only holds settings for `<<: *anchor` merges gets a warning instead,
    with the advice to move it to a top-level `x-` key beside a `services:` wrapper:
    whether jet rejects such an unused service is UNCERTAIN.

    ## Why is this bad?
    CodeShip needs exactly one source for a service's image: `build` (build it from a
    Dockerfile) or `image` (pull it). Without either, jet cannot create the container.
    With both, docker-compose would build and tag the result with `image`, but CodeShip
    does not: a service may not use both (format doc §2.2). The CodeShip way to name the
    built image, e.g. for a push step or another Dockerfile's `FROM`, is `build.image`.

    ## Example
    ```yaml
    app:
      build: .
      image: myorg/app
    worker:
      environment:
        QUEUE: default
    ```

    ## Use instead
    ```yaml
    app:
      build:
        context: .
        image: myorg/app
    worker:
      image: myorg/app
      environment:
        QUEUE: default
    ```
    """

    code = "CS101"
    name = "missing-build-or-image"
    summary = "a service has neither build nor image, or both"
    targets = frozenset({FileKind.SERVICES})
    default_severity = Severity.ERROR
    valid = (
        Valid("app:\n  build:\n    context: .\n    image: myorg/app\ndb:\n  image: postgres\n"),
        Valid("version: '3'\nservices:\n  app:\n    image: ruby\n"),
    )
    invalid = (
        Invalid("app:\n  build: .\n  image: myorg/app\n", expect=("CS101@3:3",)),
        Invalid(
            "defaults: &defaults\n  environment: {A: b}\napp:\n  <<: *defaults\n  build: .\n",
            expect=("CS101@1:1",),
        ),
        Invalid("worker:\n  environment:\n    QUEUE: default\n", expect=("CS101@1:1",)),
    )

    def check(self, ctx: RuleContext[YamlDocument, None]) -> Iterator[Finding]:
        doc = ctx.document
        for entry in services(ctx):
            if not isinstance(entry.definition, dict):
                continue  # not a mapping: the schema rule says so
            has_build = entry.definition.get("build") is not None
            has_image = entry.definition.get("image") not in (None, "")
            if not has_build and not has_image:
                if _merge_source(doc, entry.path):
                    # Settings shared through `<<: *anchor`. Whether jet rejects a service
                    # that no step uses is UNCERTAIN (format doc §2.1): warn.
                    yield Finding(
                        doc.span(entry.path),
                        f"{entry.name!r} has neither 'build' nor 'image', so CodeShip may "
                        "reject it as a service; to share settings through '<<' merges, put "
                        f"the services under 'services:' and the settings in 'x-{entry.name}' "
                        "at the top level",
                        severity=Severity.WARNING,
                    )
                    continue
                yield Finding(
                    doc.span(entry.path),
                    f"service {entry.name!r} has neither 'build' nor 'image'; add 'build' to "
                    "build it from a Dockerfile or 'image' to pull an existing image",
                )
            elif has_build and has_image:
                build_path, image_path = (*entry.path, "build"), (*entry.path, "image")
                # Point at the key written in this service; a merged one sits in an anchor
                # that other services share.
                at = build_path if merged(doc, image_path) else image_path
                yield Finding(
                    doc.span(at),
                    "a service cannot have both 'build' and 'image'; move the image name "
                    "into 'build.image' to name the image this service builds",
                    related=(Related(doc.span(build_path), "'build' is here"),)
                    if at == image_path
                    else (),
                )


def _merge_source(doc: YamlDocument, path: JsonPath) -> bool:
    """Whether another mapping merges keys from the mapping at `path` (`<<: *anchor`)."""
    own = doc.get(path)
    if own is None:
        return False
    start, end = (own.value.line, own.value.col), (own.value.end_line, own.value.end_col)
    return any(
        loc.via_merge is not None
        and loc.key is not None
        and start <= (loc.key.line, loc.key.col) < end
        and other[: len(path)] != path
        for other, loc in doc.index.items()
    )
