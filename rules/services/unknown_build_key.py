from __future__ import annotations

import difflib
from collections.abc import Iterator

from cslint.codeship.compose_keys import BUILD_KEY_ADVICE
from cslint.core.diagnostics import Finding, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.rules.services._common import services

BUILD_KEYS = (
    "args",
    "configure",
    "context",
    "dockerfile",
    "dockerfile_path",
    "encrypted_args",
    "encrypted_args_file",
    "image",
    "path",
)
# Service keys people put under `build` by mistake (real files: `encrypted_env_file`).
_SERVICE_LEVEL = frozenset(
    {
        "encrypted_env_file",
        "env_file",
        "environment",
        "encrypted_environment",
        "cached",
        "default_cache_branch",
        "volumes",
        "depends_on",
        "working_dir",
        "command",
        "entrypoint",
        "encrypted_dockercfg_path",
        "dockercfg_service",
        "add_docker",
    }
)


# Compose build keys whose loss changes only speed or metadata, not what is built.
_HARMLESS = frozenset(
    {
        "cache_from",
        "labels",
        "network",
        "shm_size",
        "platforms",
        "pull",
        "no_cache",
        "tags",
        "extra_hosts",
        "isolation",
        "privileged",
    }
)


class UnknownBuildKey(Rule):
    """## What it does
    Reports a key under a service's `build` mapping that CodeShip does not know: a service
    key written one level too deep (`encrypted_env_file` under `build`, as in real
    files), a docker-compose build key CodeShip lacks (`target`, `cache_from`, ...,
    each with what to do instead), or a misspelling (with the nearest build key).

    Compose keys whose loss only costs speed or metadata (`cache_from`, `labels`,
    `network`, `shm_size`, ...) are warnings; the rest are errors.

    CodeShip's build keys are `image`, `context`, `dockerfile`, `args`,
    `encrypted_args`, `encrypted_args_file`, the deprecated `path` and `dockerfile_path`,
    and the legacy `configure`.

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
    )

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        doc = ctx.document
        for entry in services(ctx):
            build = entry.mapping.get("build")
            if not isinstance(build, dict):
                continue
            for key in build:
                name = str(key)
                if name in BUILD_KEYS:
                    continue
                yield Finding(
                    doc.span((*entry.path, "build", key)),
                    _message(name),
                    severity=Severity.WARNING if name in _HARMLESS else None,
                )


# Push-step keys people put under `build` to tag or name what is pushed.
_PUSH_STEP_KEYS = frozenset({"image_tag", "image_name", "registry", "tag"})


def _message(name: str) -> str:
    if name in _PUSH_STEP_KEYS:
        return (
            f"{name!r} is a push step key, not a build key, so it is not used here; set it "
            "on the 'type: push' step in codeship-steps.yml (name the built image with "
            "'build.image')"
        )
    if name in _SERVICE_LEVEL:
        return (
            f"{name!r} is a service key, not a build key, so it is not used here; "
            "move it out of 'build' to the service itself"
        )
    if name in BUILD_KEY_ADVICE:
        return (
            f"{name!r} is a docker-compose build key that CodeShip does not support: "
            f"{BUILD_KEY_ADVICE[name]}; remove it"
        )
    near = difflib.get_close_matches(name, BUILD_KEYS, n=1, cutoff=0.6)
    hint = f" (did you mean {near[0]!r}?)" if near else ""
    return f"unknown build key {name!r}{hint}; build keys are {', '.join(BUILD_KEYS)}"
