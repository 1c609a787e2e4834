from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from cslint.codeship.steps_model import scalar_text, steps_model
from cslint.core.diagnostics import Finding, Related, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.rules.messages import q
from cslint.rules.project.views import display_path, services_view

if TYPE_CHECKING:
    from cslint.parsers.yamldoc import YamlDocument

_DOCKER_HUB = re.compile(r"^(?:https?://)?(?:docker\.io|index\.docker\.io|registry-1\.docker\.io)/")
_SERVICES = (
    "app:\n  build:\n    image: acme/app\n    context: .\n"
    "db:\n  image: postgres\n"
    "worker:\n  build: ./worker\n"
)


def normalize_image(name: str) -> str:
    """An image reference without tag or digest, with Docker Hub's implicit parts removed,
    so `docker.io/library/app:1.0` and `app` compare equal."""
    text = name.strip().split("@", 1)[0]
    last_slash = text.rfind("/")
    colon = text.rfind(":")
    if colon > last_slash:
        text = text[:colon]
    text = _DOCKER_HUB.sub("", text)
    return text.removeprefix("library/")


class PushImageMismatch(Rule):
    """## What it does
    Compares the `image_name` of each push step with the `build.image` of the service it
    pushes (from the services file next to the steps file), ignoring tags and Docker Hub's
    implicit `docker.io/library/` prefix. It also reports a push step whose service has no
    `build` at all.

    ## Why is this bad?
    A push step pushes the image its service built, and CodeShip documents that
    `image_name` must match that service's `build.image` (format doc §3.5): otherwise the
    push fails to find the image, or pushes under a name that nothing else uses.

    How strictly jet enforces this is UNCERTAIN: official CodeShip repositories push
    services that set no `build.image` at all, so jet evidently tags the built image with
    `image_name` itself. A differing name is therefore a warning (usually a rename or a
    typo, and other services that `FROM` the image use the other name), and pushing a
    service that only pulls an `image:` (not documented) a warning. A service without
    `build.image` is not reported: the push works, and CS453 reports the one case where the
    missing name matters (another Dockerfile's `FROM`). The advice keeps `image_name`, the registry path the push goes
    to, and changes `build.image`: a `build.image` such as
    `us-central1-docker.pkg.dev/project/repo` may be no path a registry accepts a push to.
    An `image_name` below the `build.image` path (`.../repo/test-image`) is deliberate,
    and only an info.

    ## Example
    ```yaml
    # codeship-services.yml: app: {build: {image: acme/app}}
    - type: push
      service: app
      image_name: acme/api
    ```

    ## Use instead
    ```yaml
    # codeship-services.yml: app: {build: {image: acme/api}}
    - type: push
      service: app
      image_name: acme/api
    ```
    """

    code = "CS402"
    name = "push-image-mismatch"
    summary = "a push step's image_name differs from its service's build.image"
    targets = frozenset({FileKind.STEPS})
    default_severity = Severity.WARNING
    valid = (
        Valid(
            "- type: push\n  service: app\n  image_name: docker.io/acme/app\n"
            "  image_tag: '{{ .Branch }}'\n",
            files={"codeship-services.yml": _SERVICES},
        ),
    )
    invalid = (
        Invalid(
            "- type: push\n  service: app\n  image_name: acme/api\n",
            files={"codeship-services.yml": _SERVICES},
            expect=("CS402@3:15",),
        ),
        Invalid(
            "- type: push\n  service: worker\n  image_name: acme/worker\n"
            "- type: push\n  service: db\n  image_name: acme/db\n",
            files={"codeship-services.yml": _SERVICES},
            expect=("CS402@6:15",),
        ),
        # codeship-library/google-cloud-utilities: a test image below the build.image path
        # (an info that keeps the pushable path, not advice to push to 'host/project/repo').
        Invalid(
            "- type: push\n  service: gar\n"
            "  image_name: us-central1-docker.pkg.dev/project/repo/test-image\n",
            files={
                "codeship-services.yml": "gar:\n  build:\n"
                "    image: us-central1-docker.pkg.dev/project/repo\n"
            },
            expect=("CS402@3:15",),
        ),
    )

    def check(self, ctx: RuleContext[YamlDocument, None]) -> Iterator[Finding]:
        view = services_view(ctx)
        if view is None:
            return
        doc = ctx.document
        where = display_path(ctx, view.file.path)
        for step in steps_model(ctx).steps:
            image_name = step.text("image_name")
            if step.kind != "push" or not image_name or "{{" in image_name:
                continue
            span = doc.value_span((*step.path, "image_name"))
            for service in step.effective_services():
                definition = view.services.get(service)
                if not isinstance(definition, dict):
                    continue  # unknown service: CS401's finding
                service_path = (*view.prefix, service)
                build = definition.get("build")
                if build is None:
                    yield Finding(
                        span,
                        f"service {q(service)} has no 'build', so there is no built image for "
                        f"this push step to push; give {q(service)} a 'build' with "
                        f"'image: {image_name}'",
                        related=(Related(view.document.span(service_path), "the service", where),),
                    )
                    continue
                built = scalar_text(build.get("image")) if isinstance(build, dict) else None
                if not built:
                    # jet tags the built image with image_name (official repositories rely
                    # on it); CS453 reports the case where the name matters, a FROM of it.
                    continue
                if "{{" in built or normalize_image(built) == normalize_image(image_name):
                    continue
                # `image_name` is the registry path the push goes to; the advice keeps it
                # (a build.image such as `host/project/repo` may be no pushable path).
                nested = normalize_image(image_name).startswith(normalize_image(built) + "/")
                yield Finding(
                    span,
                    f"'image_name' {q(image_name)} differs from the 'build.image' {q(built)} of "
                    f"service {q(service)}; jet pushes the built image under 'image_name', and "
                    f"other services know it as {q(built)}: if they mean one image, set "
                    f"'build.image' to {q(normalize_image(image_name))}",
                    severity=Severity.INFO if nested else None,
                    related=(
                        Related(
                            view.document.value_span((*service_path, "build", "image")),
                            "the service's build.image",
                            where,
                        ),
                    ),
                )
