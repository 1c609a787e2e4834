from __future__ import annotations

from collections.abc import Iterator

from cslint.codeship.facts import BUILD_KEYS, Place, Status, fact, service_key_in_build
from cslint.core.diagnostics import Finding, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.parsers.yamldoc import YamlDocument
from cslint.rules.services._common import services

# The build keys named in the message about an unknown one: not the deprecated spellings.
_NAMED_KEYS = sorted(fact(Place.BUILD, k).name for k in BUILD_KEYS if fact(Place.BUILD, k).accepted)


class UnknownBuildKey(Rule):
    """## What it does
    Reports a key under a service's `build` mapping that CodeShip does not know: a service
    key written one level too deep (`encrypted_env_file` under `build`, as in real
    files), a docker-compose build key CodeShip lacks (`target`, `cache_from`, ...,
    each with what to do instead), or a misspelling (with the nearest build key).

    Compose keys whose loss only costs speed or metadata (`cache_from`, `labels`,
    `network`, `shm_size`, ...) are warnings; the rest are errors. The legacy
    `configure` (a 2015 feature CodeShip removed from its documentation) is a warning.

    CodeShip's build keys are `image`, `context`, `dockerfile`, `args`,
    `encrypted_args`, `encrypted_args_file`, and the deprecated `path` and
    `dockerfile_path` (CS107, CS108 report those).

    A service key under `build` belongs one level up: the message says to move it there,
    which is what `cslint convert` does with it (CS520); when the service already sets
    the key, the one under `build` is to be removed (convert drops it, CS503).

    ## Why is this bad?
    The key is not used: an `encrypted_env_file` under `build` never reaches the
    container's environment, and `target: test` does not stop the build at that stage.
    The pipeline runs, differently from what its author meant.

    ## Example
    ```yaml
    app:
      build:
        context: .
        encrypted_env_file: env.encrypted
        target: test
    ```

    ## Use instead
    ```yaml
    app:
      build:
        context: .
        dockerfile: Dockerfile.test
      encrypted_env_file: env.encrypted
    ```
    """

    code = "CS102"
    name = "unknown-build-key"
    summary = "a key under build that CodeShip does not know"
    targets = frozenset({FileKind.SERVICES})
    default_severity = Severity.ERROR
    valid = (Valid("app:\n  build:\n    context: .\n    dockerfile: Dockerfile\n    image: a\n"),)
    invalid = (
        Invalid(
            "app:\n  build:\n    context: .\n    encrypted_env_file: env.encrypted\n"
            "    target: test\n    dockerfil: Dockerfile.ci\n",
            expect=("CS102@4:5", "CS102@5:5", "CS102@6:5"),
        ),
        Invalid(
            "app:\n  encrypted_env_file: a.encrypted\n  build:\n    context: .\n"
            "    encrypted_env_file: b.encrypted\n",
            expect=("CS102@5:5",),
        ),
        Invalid(
            "app:\n  build:\n    context: .\n    configure:\n      service: go\n"
            "      command: make\ngo:\n  image: golang\n",
            expect=("CS102@4:5",),
        ),
    )

    def check(self, ctx: RuleContext[YamlDocument, None]) -> Iterator[Finding]:
        doc = ctx.document
        for entry in services(ctx):
            build = entry.mapping.get("build")
            if not isinstance(build, dict):
                continue
            for key in build:
                message = build_key_message(str(key))
                if service_key_in_build(str(key)) and key in entry.mapping:
                    # convert drops it then (CS503): the service's own is what CodeShip reads.
                    why = str(fact(Place.BUILD, str(key)).advice).split(";")[0]
                    message = (
                        f"{key!r} under 'build' is not used: {why}, and the service sets its "
                        f"own {key!r}: remove this one"
                    )
                if message is None:
                    continue
                yield Finding(
                    doc.span((*entry.path, "build", key)),
                    message,
                    severity=fact(Place.BUILD, str(key)).finding_severity,
                )


def build_key_message(name: str) -> str | None:
    """What CS102 says about a build key; None for the keys it leaves alone (the accepted
    ones, and the renamed legacy ones that CS107 and CS108 report)."""
    row = fact(Place.BUILD, name)
    if row.accepted or row.replacement is not None:
        return None
    if row.status is Status.MISPLACED:
        return f"{name!r} under 'build' is not used: {row.advice}"
    if row.status is Status.LEGACY:
        return f"'build.{name}' is legacy: {row.advice}"
    if row.status in (Status.IGNORED, Status.UNSUPPORTED):
        return (
            f"{name!r} is a docker-compose build key that CodeShip does not support: "
            f"{row.advice}; remove it"
        )
    import difflib  # only a file with an unknown key pays for it

    near = difflib.get_close_matches(name, _NAMED_KEYS, n=1, cutoff=0.6)
    hint = f" (did you mean {near[0]!r}?)" if near else ""
    return f"unknown build key {name!r}{hint}; build keys are {', '.join(_NAMED_KEYS)}"
