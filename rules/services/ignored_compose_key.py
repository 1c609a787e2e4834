from __future__ import annotations

from collections.abc import Iterator

from cslint.codeship.facts import EXTENSION_PREFIX, Place, Status, fact
from cslint.codeship.services_model import compose_top_level, is_wrapped
from cslint.core.diagnostics import Finding, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.parsers.yamldoc import YamlDocument
from cslint.rules.services._common import services


class IgnoredComposeKey(Rule):
    """## What it does
    Reports docker-compose keys that CodeShip ignores or does not support, each with what
    to do instead: on a service `ports`, `container_name`, `networks`, `network_mode`,
    `healthcheck`, `privileged`, `extends`, `labels`, `logging`, `external_links`,
    `stdin_open`, `tty`, `devices`, `ulimits` and the rest of CodeShip's documented list;
    at the top level `volumes` and `networks` (warnings), and beside a `services:` wrapper
    a key that neither CodeShip nor compose has (`jobs:`, a warning: CodeShip reads only
    `services` and `version` there). Compose keys CodeShip's
    documentation never mentions (`shm_size`, `deploy`, `platform`, top-level `secrets`,
    ...) are reported as info: probably ignored, UNCERTAIN. Keys CodeShip lists among the
    supported compose keys (`cap_add`, `user`, `read_only`, ...) are not reported;
    `restart` is reported as info: honoured, `restart: always` would start a finished
    step container again, and the format doc lists it among the keys CodeShip drops.

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
        Valid("version: '2'\nservices:\n  app:\n    image: ruby\n    cap_add: [NET_ADMIN]\n"),
        Valid("x-env: &env\n  A: b\napp:\n  image: ruby\n  environment: *env\n"),
    )
    invalid = (
        Invalid(
            "services:\n  app:\n    build: .\n    ports: ['3000:3000']\n"
            "    shm_size: 1g\nvolumes:\n  data: {}\n",
            expect=("CS106@4:5", "CS106@5:5", "CS106@6:1"),
        ),
        Invalid("services:\n  app:\n    image: ruby\njobs:\n  test: rake\n", expect=("CS106@4:1",)),
    )

    def check(self, ctx: RuleContext[YamlDocument, None]) -> Iterator[Finding]:
        doc = ctx.document
        for entry in services(ctx):
            for key in entry.mapping:
                name = str(key)
                row = fact(Place.SERVICE, name)
                if row.status is Status.IGNORED:
                    yield Finding(
                        doc.span((*entry.path, key)),
                        f"{name!r} is a compose key that CodeShip ignores: {row.advice}; remove it",
                    )
                elif row.status is Status.UNDOCUMENTED:
                    yield Finding(
                        doc.span((*entry.path, key)),
                        f"{name!r} is a compose key that CodeShip does not document, so it "
                        f"is probably ignored ({row.advice}); remove it or check that the "
                        "build needs it",
                        severity=Severity.INFO,
                    )
        wrapped = is_wrapped(doc.data)
        for name, path in compose_top_level(doc.data):
            row = fact(Place.TOP, name)
            if row.accepted or name.startswith(EXTENSION_PREFIX):
                continue  # `version` is accepted; `x-*` hold anchors
            if row.status is Status.UNKNOWN and not wrapped:
                continue  # in the flat layout, an unknown top-level key is a service
            yield Finding(
                doc.span(path),
                top_level_message(name),
                severity=row.finding_severity,
            )


def top_level_message(name: str) -> str:
    row = fact(Place.TOP, name)
    if row.status is Status.UNKNOWN:
        return f"a top-level {name!r} is neither a CodeShip nor a compose key: {row.advice}"
    return f"a top-level {name!r} is not supported by CodeShip; {row.advice}"
