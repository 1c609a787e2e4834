from __future__ import annotations

from collections.abc import Iterator

from cslint.codeship.compose_keys import SERVICE_KEY_ADVICE
from cslint.codeship.schema import IGNORED_SERVICE_KEYS, UNDOCUMENTED_SERVICE_KEYS
from cslint.codeship.services_model import compose_top_level
from cslint.core.diagnostics import Finding, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.rules.services._common import services

_TOP_LEVEL_ADVICE = {
    "volumes": "CodeShip has only per-service volumes: use a repository directory "
    "('./data:/data') or an anonymous volume shared with 'volumes_from'",
    "networks": "each step runs its containers on its own network; remove it",
    "secrets": "use 'encrypted_env_file' or 'encrypted_environment' on the service",
    "configs": "commit the file and mount it with a relative volume",
    "name": "remove it",
    "include": "CodeShip reads this one file; copy the included services into it",
    "models": "remove it",
}
_UNDOCUMENTED_TOP_LEVEL = frozenset({"secrets", "configs", "name", "include", "models"})


class IgnoredComposeKey(Rule):
    """## What it does
    Reports docker-compose keys that CodeShip ignores or does not support, each with what
    to do instead: on a service `ports`, `container_name`, `networks`, `network_mode`,
    `healthcheck`, `privileged`, `extends`, `labels`, `logging`, `external_links`,
    `stdin_open`, `tty`, `devices`, `ulimits` and the rest of CodeShip's documented list;
    at the top level `volumes` and `networks` (warnings). Compose keys CodeShip's
    documentation never mentions (`shm_size`, `deploy`, `platform`, top-level `secrets`,
    ...) are reported as info: probably ignored, UNCERTAIN. Keys CodeShip lists among the
    supported compose keys (`restart`, `cap_add`, `user`, ...) are not reported.

    ## Why is this bad?
    CodeShip documents these keys as unavailable and ignores them silently (format doc
    §2.4): the file looks like it publishes a port, names a container, checks health or
    extends a base service, and none of it happens. Code that relies on a
    `container_name` as hostname fails to connect; an `extends` base's settings are
    missing.

    ## Example
    ```yaml
    version: '3'
    services:
      app:
        build: .
        container_name: app
        ports:
          - "3000:3000"
        healthcheck:
          test: curl -f http://localhost:3000
    volumes:
      data: {}
    ```

    ## Use instead
    ```yaml
    version: '3'
    services:
      app:
        build: .
        volumes:
          - ./tmp/data:/data
    ```
    """

    code = "CS106"
    name = "ignored-compose-key"
    summary = "a docker-compose key that CodeShip ignores"
    targets = frozenset({FileKind.SERVICES})
    default_severity = Severity.WARNING
    valid = (
        Valid("version: '2'\nservices:\n  app:\n    image: ruby\n    restart: always\n"),
        Valid("x-env: &env\n  A: b\napp:\n  image: ruby\n  environment: *env\n"),
    )
    invalid = (
        Invalid(
            "services:\n  app:\n    build: .\n    ports: ['3000:3000']\n"
            "    shm_size: 1g\nvolumes:\n  data: {}\n",
            expect=("CS106@4:5", "CS106@5:5", "CS106@6:1"),
        ),
    )

    def check(self, ctx: RuleContext) -> Iterator[Finding]:
        doc = ctx.document
        for entry in services(ctx):
            for key in entry.mapping:
                name = str(key)
                path = (*entry.path, key)
                if name in IGNORED_SERVICE_KEYS:
                    advice = SERVICE_KEY_ADVICE.get(name)
                    instead = f": {advice}; remove it" if advice else "; remove it"
                    yield Finding(
                        doc.span(path), f"{name!r} is a compose key that CodeShip ignores{instead}"
                    )
                elif name in UNDOCUMENTED_SERVICE_KEYS:
                    yield Finding(
                        doc.span(path),
                        f"{name!r} is a compose key that CodeShip does not document, so it "
                        "is probably ignored; remove it or check that the build needs it",
                        severity=Severity.INFO,
                    )
        for name, path in compose_top_level(doc.data):
            if name not in _TOP_LEVEL_ADVICE:
                continue  # `version` is accepted; `x-*` hold anchors
            yield Finding(
                doc.span(path),
                f"a top-level {name!r} is not supported by CodeShip; {_TOP_LEVEL_ADVICE[name]}",
                severity=Severity.INFO if name in _UNDOCUMENTED_TOP_LEVEL else None,
            )
