from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cslint.codeship.steps_model import steps_model
from cslint.core.diagnostics import Finding, Related, Severity, Span
from cslint.core.kinds import COMPOSE_FALLBACK_NAMES, SERVICES_NAMES, FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.parsers.yamldoc import JsonPath
from cslint.rules.messages import q
from cslint.rules.project.views import display_path, services_view, sibling_services

if TYPE_CHECKING:
    from cslint.parsers.yamldoc import YamlDocument

_SERVICES = "app:\n  image: busybox\ndb:\n  image: postgres\n"


class UnknownStepService(Rule):
    """## What it does
    Checks every `service`, `services` entry and `dockercfg_service` of the steps file
    against the services CodeShip would load: `codeship-services.yml` next to the steps
    file, else `codeship-services.json`, else `docker-compose.yml` (format doc §1.1). With
    no services file at all it reports that once, at the top of the steps file. When the
    services file does not parse, nothing is reported here: its own syntax error is the
    one thing to fix.

    ## Why is this bad?
    A step runs in a container of the service it names; CodeShip stops the build when the
    service does not exist. Typical causes are a renamed service, a typo, or a step name
    used as a service name (the CodeShip tutorial itself has one).

    ## Example
    ```yaml
    # codeship-services.yml has `app` and `db`
    - service: web
      command: make test
    ```

    ## Use instead
    ```yaml
    - service: app
      command: make test
    ```
    """

    code = "CS401"
    name = "unknown-step-service"
    summary = "a step names a service that the services file does not define"
    targets = frozenset({FileKind.STEPS})
    default_severity = Severity.ERROR
    valid = (
        Valid("- service: app\n  command: x\n", files={"codeship-services.yml": _SERVICES}),
        Valid(
            "- service: web\n  command: x\n",
            files={"docker-compose.yml": "services:\n  web:\n    image: nginx\n"},
        ),
        Valid("- service: app\n  command: x\n", files={"codeship-services.yml": "app: [\n"}),
        # jet reads `01` as the text "01", and so does the services file's key.
        Valid(
            "- service: 01\n  command: x\n", files={"codeship-services.yml": "01:\n  image: a\n"}
        ),
    )
    invalid = (
        Invalid(
            "- service: ap\n  command: x\n- type: parallel\n  services: [app, cache]\n"
            "  steps:\n    - command: y\n",
            files={"codeship-services.yml": _SERVICES},
            expect=("CS401@1:12", "CS401@4:19"),
        ),
        Invalid(
            "- service: app\n  command: x\n- service: db\n  command: y\n", expect=("CS401@1:1",)
        ),
    )

    def check(self, ctx: RuleContext[YamlDocument, None]) -> Iterator[Finding]:
        model = steps_model(ctx)
        if not model.steps:
            return
        if sibling_services(ctx) is None:
            names = " or ".join(repr(n) for n in (*SERVICES_NAMES[:1], *COMPOSE_FALLBACK_NAMES))
            yield Finding(
                Span.point(1, 1),
                f"no services file next to this steps file: CodeShip reads the services the "
                f"steps run on from {names}; add one",
            )
            return
        view = services_view(ctx)
        if view is None:
            return
        doc = ctx.document
        known = sorted(view.services)
        where = display_path(ctx, view.file.path)
        related = (Related(Span.point(1, 1), "the services are defined here", where),)
        for step in model.steps:
            references: list[tuple[JsonPath, str]] = []
            for key in ("service", "dockercfg_service"):
                text = step.text(key)
                if text:
                    references.append(((*step.path, key), text))
            many = step.data.get("services")
            if isinstance(many, list):
                for i in range(len(many)):
                    text = step.text("services", i)
                    if text:
                        references.append(((*step.path, "services", i), text))
            for path, name in references:
                if name in view.services:
                    continue
                import difflib  # only once a name is unknown

                close = difflib.get_close_matches(name, known, n=1)
                hint = f"; did you mean {q(close[0])}?" if close else ""
                if not close:
                    listed = ", ".join(repr(n) for n in known[:8]) or "none"
                    hint = f"; it defines {listed}"
                yield Finding(
                    doc.value_span(path),
                    f"service {q(name)} is not defined in {view.file.path}{hint}",
                    related=related,
                )
