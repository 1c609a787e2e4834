from __future__ import annotations

from collections.abc import Iterator

from cslint.codeship.facts import Place, Status, keys
from cslint.codeship.steps_model import Step, steps_model
from cslint.core.collapse import once_per_cause
from cslint.core.diagnostics import Finding, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.parsers.yamldoc import YamlDocument
from cslint.rules.project.views import ServicesView, services_view
from cslint.rules.steps._common import q

# Keys of a service definition that people write on a step; none of them is a step key.
SERVICE_KEYS = keys(Place.STEP, Status.MISPLACED)
PUSH_KEYS = frozenset({"image_name", "image_tag", "registry"})
# Every key this rule may report, for the schema rule to leave alone on steps.
OWNED_STEP_KEYS = SERVICE_KEYS | PUSH_KEYS | {"command", "services"}


def _misplaced(step: Step, key: str) -> tuple[str, Severity] | None:
    """Why `key` does not belong on `step`, and how sure that is; None when it does."""
    if key in SERVICE_KEYS:
        message = (
            f"{q(key)} is a service key, not a step key: it has no effect on the step; "
            "move it to the service's definition in codeship-services.yml"
        )
        return message, Severity.ERROR
    if key in PUSH_KEYS and step.kind == "run" and "steps" not in step.data:
        message = (
            f"{q(key)} only applies to push steps, and this is a run step; remove it, or "
            "make a separate 'type: push' step"
        )
        return message, Severity.WARNING
    if key == "command" and (step.is_group or step.kind == "push"):
        what = "a group" if step.is_group else "a push step"
        return (
            f"'command' is never run on {what}; move it to a run step"
            + (" inside the group" if step.is_group else ""),
            Severity.WARNING,
        )
    if key == "services" and step.kind in ("run", "push") and "steps" not in step.data:
        message = (
            f"'services' is a group key, but this is a {step.kind} step; use 'service' to "
            "name the one service it runs on, or make it a group"
        )
        return message, Severity.WARNING
    return None


def _already_on_service(view: ServicesView | None, step: Step, key: str) -> str | None:
    """The service the step runs on when it sets `key` to the same value the step does: the
    step's copy is then dead but harmless."""
    if view is None or key not in SERVICE_KEYS:
        return None
    services = step.effective_services()
    if not services:
        return None
    for name in services:
        definition = view.services.get(name)
        if not isinstance(definition, dict) or definition.get(key) != step.data[key]:
            return None
    return services[0]


class MisplacedStepKey(Rule):
    """## What it does
    Reports keys that are not step keys where they stand:
    - service keys written on a step (`volumes`, `environment`, `encrypted_env_file`,
      `env_file`, `depends_on`, `image`, `build`, `working_dir`, ...): error;
    - push keys (`registry`, `image_name`, `image_tag`) on a run step: warning;
    - `command` on a push step or a group, `services` on a run or push step: warning.

    ## Why is this bad?
    A step names a service and says what to do with it; how the container is set up
    (volumes, environment, encrypted env files) belongs to the service in
    `codeship-services.yml`. Real files have `volumes`, `encrypted_env_file` and
    `registry` on steps (format doc §3.2). Whether jet rejects such keys or ignores them
    is UNCERTAIN (jet is closed source). For service keys that makes no difference: the
    environment or volume the author wrote is not applied either way, so it is an
    error, unless the step's service already sets the same value (a real repository
    repeats its service's `encrypted_env_file` on each step): then the step's copy is
    dead but harmless, a warning, and reported once for all the steps that repeat it,
    with the count. The other cases are usually leftovers that change nothing, hence
    warnings.

    ## Example
    ```yaml
    - service: app
      command: make test
      encrypted_env_file: test.env.encrypted
    ```

    ## Use instead
    ```yaml
    # codeship-services.yml
    app:
      build: .
      encrypted_env_file: test.env.encrypted
    ```
    """

    code = "CS209"
    name = "misplaced-step-key"
    summary = "a key that is not a step key where it stands"
    targets = frozenset({FileKind.STEPS})
    default_severity = Severity.ERROR
    valid = (
        Valid("- service: app\n  command: make\n"),
        Valid("- type: push\n  service: app\n  image_name: a/b\n  registry: quay.io\n"),
    )
    invalid = (
        Invalid(
            "- service: app\n  command: make\n  volumes:\n    - ./out:/out\n",
            expect=("CS209@3:3",),
        ),
        Invalid(
            "- service: app\n  command: make\n  encrypted_env_file: env.encrypted\n",
            files={
                "codeship-services.yml": "app:\n  image: a\n  encrypted_env_file: env.encrypted\n"
            },
            expect=("CS209@3:3",),
        ),
        # The service's own value repeated on every step: one cause, one finding.
        Invalid(
            "- service: app\n  command: a\n  encrypted_env_file: env.encrypted\n"
            "- service: app\n  command: b\n  encrypted_env_file: env.encrypted\n"
            "- service: app\n  command: c\n  encrypted_env_file: env.encrypted\n",
            files={
                "codeship-services.yml": "app:\n  image: a\n  encrypted_env_file: env.encrypted\n"
            },
            expect=("CS209@3:3",),
        ),
        Invalid(
            "- service: app\n  command: deploy\n  registry: https://index.docker.io/v1/\n",
            expect=("CS209@3:3",),
        ),
        Invalid(
            "- type: serial\n  command: make\n  steps:\n    - service: a\n      command: b\n",
            expect=("CS209@2:3",),
        ),
    )

    def check(self, ctx: RuleContext[YamlDocument, None]) -> Iterator[Finding]:
        yield from once_per_cause(self._each(ctx))

    def _each(self, ctx: RuleContext[YamlDocument, None]) -> Iterator[tuple[object, Finding]]:
        doc = ctx.document
        view = services_view(ctx)
        for step in steps_model(ctx).steps:
            for key in step.data:
                why = _misplaced(step, key)
                if why is None:
                    continue
                message, severity = why
                owner = _already_on_service(view, step, key)
                # Each mistake is its own finding; a harmless copy of the service's own
                # value, repeated on many steps, is one cause and one finding.
                cause: object = (step.path, key)
                if owner is not None:
                    message = (
                        f"{q(key)} is a service key, not a step key; service {q(owner)} already "
                        "sets the same value, so remove it from the step"
                    )
                    severity = Severity.WARNING
                    cause = message
                # A key merged from an anchor points into the anchor: one finding for N uses.
                yield cause, Finding(doc.span((*step.path, key)), message, severity=severity)
