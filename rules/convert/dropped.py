"""Notes for what the converter drops: top-level keys, service keys, health checks and
build keys CodeShip does not read."""

from __future__ import annotations

from cslint.convert.rulebase import ConvertNote
from cslint.core.diagnostics import Severity
from cslint.core.rule import Invalid, Valid


class TopLevelKeyDropped(ConvertNote):
    """## What it does
    Reports each top-level compose key the converter leaves out: `networks`, `volumes`,
    `secrets`, `configs`, `name`, `include` (after merging it) and `x-` extension fields.

    ## Why is this bad?
    CodeShip reads services only. Top-level `volumes` and `networks` are listed as
    unavailable (format doc §2.1, §2.4); in the flat layout any other top-level key would
    be read as a service. Extension fields are kept by the converter only through the
    anchors they define, which are written out where they are used.

    ## Example
    ```yaml
    services:
      app:
        image: python:3.12
    networks:
      backend: {}
    ```

    ## Use instead
    ```yaml
    services:
      app:
        image: python:3.12
    ```
    """

    code = "CS500"
    name = "top-level-key-dropped"
    summary = "convert dropped a top-level compose key CodeShip does not read"
    default_severity = Severity.WARNING
    valid = (Valid("services:\n  app:\n    image: python:3.12\n"),)
    invalid = (
        Invalid(
            "services:\n  app:\n    image: python:3.12\nnetworks:\n  backend: {}\n",
            expect=("CS500@4:1",),
        ),
    )


class ServiceKeyDropped(ConvertNote):
    """## What it does
    Reports each service key the converter drops because CodeShip ignores it or does not
    know it: `ports`, `networks`, `network_mode`, `container_name`, `labels`, `logging`,
    `restart`, `deploy`, `profiles`, `secrets`, `configs`, `privileged` and the rest of
    the documented ignored list (format doc §2.4). Each note says what to do instead.

    ## Why is this bad?
    CodeShip silently ignores these keys, so a pipeline that relied on one of them (a
    published port, a container name used as a hostname, a restart policy) behaves
    differently without a word. The note makes the difference visible.

    ## Example
    ```yaml
    services:
      web:
        image: nginx:1.27
        container_name: frontend
        ports:
          - "8080:80"
    ```

    ## Use instead
    ```yaml
    services:
      web:
        image: nginx:1.27
    ```
    Other services reach it as `web:80`.
    """

    code = "CS501"
    name = "service-key-dropped"
    summary = "convert dropped a service key CodeShip ignores, and says what to do instead"
    default_severity = Severity.WARNING
    valid = (Valid("services:\n  web:\n    image: nginx:1.27\n"),)
    invalid = (
        Invalid(
            "services:\n  web:\n    image: nginx:1.27\n    container_name: frontend\n"
            "    ports:\n      - '8080:80'\n",
            expect=("CS501@4:5", "CS501@5:5"),
        ),
    )


class HealthcheckDropped(ConvertNote):
    """## What it does
    Reports a service `healthcheck`, which the converter drops, and writes the
    `HEALTHCHECK` instruction that carries the same check in the image.

    ## Why is this bad?
    CodeShip reads health checks from the image only: it asks Docker for the container's
    health and waits for it before a step starts (format doc §2.5). A compose
    `healthcheck` is ignored, so dependants would start before the service is ready.

    ## Example
    ```yaml
    services:
      db:
        image: postgres:16
        healthcheck:
          test: ["CMD", "pg_isready"]
          interval: 5s
    ```

    ## Use instead
    ```dockerfile
    FROM postgres:16
    HEALTHCHECK --interval=5s CMD ["pg_isready"]
    ```
    and build that image in the service.
    """

    code = "CS502"
    name = "healthcheck-dropped"
    summary = "convert dropped a service healthcheck; it belongs in the image's HEALTHCHECK"
    default_severity = Severity.WARNING
    valid = (Valid("services:\n  db:\n    image: postgres:16\n"),)
    invalid = (
        Invalid(
            "services:\n  db:\n    image: postgres:16\n    healthcheck:\n"
            "      test: [CMD, pg_isready]\n",
            expect=("CS502@4:5",),
        ),
    )


class BuildKeyDropped(ConvertNote):
    """## What it does
    Reports each key of a `build` mapping that CodeShip's build lacks (`target`,
    `cache_from`, `labels`, `network`, `shm_size`, `secrets`, `ssh`, ...), which the
    converter drops with advice.

    ## Why is this bad?
    CodeShip's build takes `context`, `dockerfile`, `args`, `image` and its encrypted
    arguments only (format doc §2.3). A dropped `target` means CodeShip builds the last
    stage of the Dockerfile, which may be a different image.

    ## Example
    ```yaml
    services:
      app:
        build:
          context: .
          target: test
    ```

    ## Use instead
    ```yaml
    services:
      app:
        build:
          context: .
          dockerfile: Dockerfile.test  # the test stage last, or on its own
    ```
    """

    code = "CS503"
    name = "build-key-dropped"
    summary = "convert dropped a build key CodeShip's build does not have"
    default_severity = Severity.WARNING
    valid = (Valid("services:\n  app:\n    build:\n      context: .\n"),)
    invalid = (
        Invalid(
            "services:\n  app:\n    build:\n      context: .\n      target: test\n",
            expect=("CS503@5:7",),
        ),
    )
