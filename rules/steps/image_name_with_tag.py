from __future__ import annotations

from collections.abc import Iterator

from cslint.codeship.steps_model import steps_model
from cslint.core.diagnostics import Finding, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.parsers.yamldoc import YamlDocument
from cslint.rules.steps._common import q


def tag_in_name(image_name: str) -> str | None:
    """The `:tag` (or `@digest`) written into an image name, if any; a `host:port/`
    registry prefix is not a tag."""
    if "@" in image_name:
        return image_name[image_name.index("@") :]
    last = image_name.rsplit("/", 1)[-1]
    if ":" in last:
        return last[last.index(":") :]
    return None


class ImageNameWithTag(Rule):
    """## What it does
    Warns about a push step whose `image_name` carries a tag or digest
    (`image_name: acme/app:latest`).

    ## Why is this bad?
    `image_name` is the repository only; the tag comes from `image_tag`, which defaults
    to `latest` (format doc §3.2). With a tag in the name, jet asks Docker to push
    something like `acme/app:1.0:latest`, which is not a valid reference, or the tag in
    the name is ignored; how jet combines the two is UNCERTAIN, hence a warning.

    ## Example
    ```yaml
    - type: push
      service: app
      image_name: acme/app:1.0
    ```

    ## Use instead
    ```yaml
    - type: push
      service: app
      image_name: acme/app
      image_tag: "1.0"
    ```
    """

    code = "CS216"
    name = "image-name-with-tag"
    summary = "a push step's image_name includes a tag; use image_tag"
    targets = frozenset({FileKind.STEPS})
    default_severity = Severity.WARNING
    valid = (Valid("- type: push\n  service: app\n  image_name: localhost:5000/acme/app\n"),)
    invalid = (
        Invalid(
            "- type: push\n  service: app\n  image_name: acme/app:1.0\n",
            expect=("CS216@3:15",),
        ),
    )

    def check(self, ctx: RuleContext[YamlDocument, None]) -> Iterator[Finding]:
        for step in steps_model(ctx).steps:
            image_name = step.text("image_name")
            if step.kind != "push" or not image_name or "{{" in image_name:
                continue
            tag = tag_in_name(image_name)
            if tag is None:
                continue
            repository = image_name[: len(image_name) - len(tag)]
            yield Finding(
                ctx.document.value_span((*step.path, "image_name")),
                f"'image_name' {q(image_name)} includes {q(tag)}; set 'image_name' to "
                f"{q(repository)} and put the tag in 'image_tag'",
            )
