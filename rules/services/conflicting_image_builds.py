from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from cslint.codeship.services_model import BuildRef, build_refs
from cslint.core.diagnostics import Finding, Related, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.parsers.yamldoc import YamlDocument

# Build inputs besides context and Dockerfile that change the image.
_INPUT_KEYS = ("args", "encrypted_args", "encrypted_args_file")


class ConflictingImageBuilds(Rule):
    """## What it does
    Reports two services that build the same `build.image` name from different
    definitions (another context, Dockerfile or build arguments), at the second one.
    Services that build one image name from identical definitions are fine.

    ## Why is this bad?
    jet builds each image once per build and reuses it in every step (format doc §2.5).
    When two services claim the same name with different inputs, one of the builds wins
    and the other service runs an image it did not ask for; jet 0.7.2 even rejected such
    files. The official load-balancer example builds one name from one Dockerfile for
    two services, so identical definitions are allowed. How current jet resolves a
    conflict is UNCERTAIN, hence a warning.

    ## Example
    ```yaml
    app:
      build:
        image: myorg/app
        dockerfile: Dockerfile
    test:
      build:
        image: myorg/app
        dockerfile: Dockerfile.test
    ```

    ## Use instead
    ```yaml
    app:
      build:
        image: myorg/app
        dockerfile: Dockerfile
    test:
      build:
        image: myorg/app-test
        dockerfile: Dockerfile.test
    ```
    """

    code = "CS115"
    name = "conflicting-image-builds"
    summary = "two services build the same image name from different definitions"
    targets = frozenset({FileKind.SERVICES})
    default_severity = Severity.WARNING
    valid = (
        Valid(
            "web1:\n  build:\n    image: go-hello\n    dockerfile: Dockerfile\n"
            "web2:\n  build:\n    image: go-hello\n    dockerfile_path: ./Dockerfile\n"
        ),
    )
    invalid = (
        Invalid(
            "app:\n  build:\n    image: myorg/app\n    dockerfile: Dockerfile\n"
            "test:\n  build:\n    image: myorg/app\n    dockerfile: Dockerfile.test\n",
            expect=("CS115@7:12",),
        ),
    )

    def check(self, ctx: RuleContext[YamlDocument, None]) -> Iterator[Finding]:
        doc = ctx.document
        first: dict[str, tuple[BuildRef, str]] = {}
        for ref in build_refs(doc.data):
            if not ref.image:
                continue
            signature = _signature(ref, doc.data)
            if ref.image not in first:
                first[ref.image] = (ref, signature)
                continue
            earlier, earlier_signature = first[ref.image]
            if signature == earlier_signature:
                continue
            image_path = (*ref.path, "build", "image")
            yield Finding(
                doc.value_span(image_path),
                f"services {earlier.service!r} and {ref.service!r} both build the image "
                f"{ref.image!r} from different definitions, so one of them runs the other's "
                "image; give each its own 'build.image'",
                related=(
                    Related(
                        doc.value_span((*earlier.path, "build", "image")),
                        f"{earlier.service!r} builds {ref.image!r} here",
                    ),
                ),
            )


def _signature(ref: BuildRef, data: Any) -> str:
    service: Any = data
    for part in ref.path:
        service = service[part]
    build = service.get("build") if isinstance(service, dict) else None
    inputs = {key: build.get(key) for key in _INPUT_KEYS} if isinstance(build, dict) else {}
    return json.dumps([ref.context, ref.dockerfile, inputs], sort_keys=True, default=str)
