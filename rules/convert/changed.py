"""Notes for what the converter rewrites so that CodeShip reads the same meaning."""

from __future__ import annotations

from cslint.convert.rulebase import ConvertNote
from cslint.core.diagnostics import Severity
from cslint.core.rule import Invalid, Valid


class ImageMovedIntoBuild(ConvertNote):
    """## What it does
    Reports a service with both `build` and `image`; the converter moves `image` into
    `build.image`.

    ## Why is this bad?
    In compose, `image` next to `build` names the built image. CodeShip takes either
    `build` or `image` on a service, and names a built image with `build.image` (format
    doc §2.2, §2.3), which push steps and `FROM` lines of other services refer to.

    ## Example
    ```yaml
    services:
      app:
        build: .
        image: myorg/app:latest
    ```

    ## Use instead
    ```yaml
    services:
      app:
        build:
          context: .
          image: myorg/app:latest
    ```
    """

    code = "CS504"
    name = "image-moved-into-build"
    summary = "convert moved 'image' of a building service into 'build.image'"
    valid = (Valid("services:\n  app:\n    build: .\n"),)
    invalid = (
        Invalid("services:\n  app:\n    build: .\n    image: myorg/app\n", expect=("CS504@4:5",)),
    )


class DependsOnSimplified(ConvertNote):
    """## What it does
    Reports the long form of `depends_on` (a mapping with `condition`, `required`,
    `restart`), which the converter writes as a list of service names, and warns about
    each condition CodeShip cannot express.

    ## Why is this bad?
    CodeShip models `depends_on` as a list only. It waits for a dependency's image
    `HEALTHCHECK`, so `condition: service_healthy` needs one in the image; it never waits
    for a dependency to exit, so `service_completed_successfully` needs an earlier step.

    ## Example
    ```yaml
    services:
      app:
        build: .
        depends_on:
          db:
            condition: service_healthy
      db:
        image: postgres:16
    ```

    ## Use instead
    ```yaml
    services:
      app:
        build: .
        depends_on:
          - db
      db:
        build: ./db  # FROM postgres:16 plus a HEALTHCHECK
    ```
    """

    code = "CS505"
    name = "depends-on-simplified"
    summary = "convert wrote the long form of depends_on as a list; conditions need the image"
    valid = (
        Valid("services:\n  app:\n    build: .\n    depends_on: [db]\n  db:\n    image: redis\n"),
    )
    invalid = (
        Invalid(
            "services:\n  app:\n    build: .\n    depends_on:\n      db:\n"
            "        condition: service_healthy\n  db:\n    image: redis\n",
            expect=("CS505@4:5", "CS505@6:9"),
        ),
    )


class LinksConverted(ConvertNote):
    """## What it does
    Reports `links` entries that the converter turns into `depends_on`: those without an
    alias, or whose alias is the service name. Links with a different alias stay.

    ## Why is this bad?
    CodeShip deprecates `links` in favour of `depends_on` (format doc §2.2); every service
    of a step already resolves by its name, so a plain link adds nothing but the start
    order, which `depends_on` keeps. An alias is a second hostname, which only a link gives.

    ## Example
    ```yaml
    services:
      app:
        build: .
        links:
          - redis
      redis:
        image: redis:7
    ```

    ## Use instead
    ```yaml
    services:
      app:
        build: .
        depends_on:
          - redis
      redis:
        image: redis:7
    ```
    """

    code = "CS506"
    name = "links-converted"
    summary = "convert turned links without an alias into depends_on"
    valid = (
        Valid(
            "services:\n  app:\n    build: .\n    links: ['redis:cache']\n"
            "  redis:\n    image: redis\n"
        ),
    )
    invalid = (
        Invalid(
            "services:\n  app:\n    build: .\n    links:\n      - redis\n"
            "  redis:\n    image: redis\n",
            expect=("CS506@4:5",),
        ),
    )


class CommandJoined(ConvertNote):
    """## What it does
    Reports a `command` written as a list, which the converter writes as one string,
    quoted (POSIX shell quoting, as `shlex.join`) so that it splits back into the same
    words.

    ## Why is this bad?
    CodeShip's services schema takes `command` as a string only (format doc §2.2, §7). A
    naive join of `["sh", "-c", "make test"]` would give `sh -c make test`, which runs
    `make` without its target.

    ## Example
    ```yaml
    services:
      app:
        build: .
        command: ["sh", "-c", "make test"]
    ```

    ## Use instead
    ```yaml
    services:
      app:
        build: .
        command: sh -c 'make test'
    ```
    """

    code = "CS507"
    name = "command-joined"
    summary = "convert wrote a command list as one correctly quoted string"
    valid = (Valid("services:\n  app:\n    build: .\n    command: make test\n"),)
    invalid = (
        Invalid(
            "services:\n  app:\n    build: .\n    command: [sh, -c, make test]\n",
            expect=("CS507@4:5",),
        ),
    )


class NamedVolumeReplaced(ConvertNote):
    """## What it does
    Reports each use of a named volume, which CodeShip lacks. When several services mount
    the volume at the same path, the converter adds a data service (`<volume>-volume`,
    busybox with an anonymous volume at that path) that they mount with `volumes_from`:
    CodeShip creates `volumes_from` containers once per build, so the services share one
    volume, as they did. Otherwise the volume becomes the repository folder
    `./.codeship/volumes/<volume>`, which keeps data between steps; the folder must exist
    in the repository.

    ## Why is this bad?
    CodeShip supports neither named volumes nor a top-level `volumes` key (format doc
    §2.2, §2.4). Left as is, the name would be read as a relative host path or rejected.

    ## Example
    ```yaml
    services:
      db:
        image: postgres:16
        volumes:
          - pgdata:/var/lib/postgresql/data
    volumes:
      pgdata:
    ```

    ## Use instead
    ```yaml
    services:
      db:
        image: postgres:16
        volumes:
          - ./.codeship/volumes/pgdata:/var/lib/postgresql/data
    ```
    """

    code = "CS508"
    name = "named-volume-replaced"
    summary = "convert replaced a named volume by a repository folder or a data service"
    default_severity = Severity.WARNING
    valid = (Valid("services:\n  db:\n    image: postgres:16\n    volumes: ['./data:/data']\n"),)
    invalid = (
        Invalid(
            "services:\n  db:\n    image: postgres:16\n    volumes:\n      - pgdata:/data\n",
            expect=("CS508@5:9",),
        ),
    )


class HostMountChanged(ConvertNote):
    """## What it does
    Reports host mounts CodeShip cannot make: the Docker socket (replaced by
    `add_docker: true`), host paths outside the repository (replaced by a volume at the
    same container path), `tmpfs` mounts and `container:` entries of `volumes_from`
    (dropped); and notes relative paths that leave the compose file's folder.

    ## Why is this bad?
    CodeShip mounts folders of the repository checkout only; absolute host paths are
    discouraged and ignored by local `jet` (format doc §2.2, §7). `add_docker` is
    CodeShip's own way to let a container drive Docker (§2.2).

    ## Example
    ```yaml
    services:
      ci:
        image: docker:27
        volumes:
          - /var/run/docker.sock:/var/run/docker.sock
    ```

    ## Use instead
    ```yaml
    services:
      ci:
        image: docker:27
        add_docker: true
    ```
    """

    code = "CS509"
    name = "host-mount-changed"
    summary = "convert replaced a host mount CodeShip cannot make"
    valid = (Valid("services:\n  ci:\n    image: docker:27\n    add_docker: true\n"),)
    invalid = (
        Invalid(
            "services:\n  ci:\n    image: docker:27\n    volumes:\n"
            "      - /var/run/docker.sock:/var/run/docker.sock\n",
            expect=("CS509@5:9",),
        ),
    )


class LongSyntaxShortened(ConvertNote):
    """## What it does
    Reports long-syntax entries the converter writes in the short form CodeShip reads:
    `volumes` mappings (`type`, `source`, `target`, `read_only`), `env_file` mappings
    (`path`, `required`; a missing optional file is dropped), `volumes_from` entries with
    `service:` or `:ro`, and `extra_hosts` as a mapping.

    ## Why is this bad?
    CodeShip documents only the short forms (format doc §2.2); the long syntax is
    undocumented there.

    ## Example
    ```yaml
    services:
      app:
        build: .
        volumes:
          - type: bind
            source: ./src
            target: /app
    ```

    ## Use instead
    ```yaml
    services:
      app:
        build: .
        volumes:
          - ./src:/app
    ```
    """

    code = "CS514"
    name = "long-syntax-shortened"
    summary = "convert wrote a long-syntax entry in the short form CodeShip reads"
    valid = (Valid("services:\n  app:\n    build: .\n    volumes: ['./src:/app']\n"),)
    invalid = (
        Invalid(
            "services:\n  app:\n    build: .\n    volumes:\n      - type: bind\n"
            "        source: ./src\n        target: /app\n",
            expect=("CS514@5:9",),
        ),
    )


class Yaml11ValueQuoted(ConvertNote):
    """## What it does
    Reports a plain value of `environment` or `build.args` that YAML 1.1 reads differently
    from YAML 1.2 (`yes`, `no`, `on`, `off`, `y`, `n`, and base-60 numbers such as
    `1:30`), which the converter quotes.

    ## Why is this bad?
    Compose reads YAML 1.2, where `DEBUG: yes` is the text `yes`. CodeShip's `jet` is
    written in Go with a YAML 1.1 library, where it is the boolean true and the container
    may see `true` instead (format doc §2.3: "YAML booleans must be quoted"). Quoted, both
    read the same text.

    ## Example
    ```yaml
    services:
      app:
        image: acme/app
        environment:
          DEBUG: yes
    ```

    ## Use instead
    ```yaml
    services:
      app:
        image: acme/app
        environment:
          DEBUG: "yes"
    ```
    """

    code = "CS518"
    name = "yaml11-value-quoted"
    summary = "convert quoted a value that YAML 1.1 would read as a boolean or number"
    valid = (
        Valid('services:\n  app:\n    image: acme/app\n    environment:\n      DEBUG: "yes"\n'),
    )
    invalid = (
        Invalid(
            "services:\n  app:\n    image: acme/app\n    environment:\n      DEBUG: yes\n",
            expect=("CS518@5:14",),
        ),
    )


class EnvironmentItemRewritten(ConvertNote):
    """## What it does
    Reports an item of an `environment` list that is not `KEY=VALUE`: the converter
    writes `KEY:-value` (the shell's default syntax outside `${...}`) and `"KEY: value"`
    as `KEY=value`, and says so at the compose line; a bare `KEY` it keeps, with a
    warning that CodeShip has no shell to copy the value from (with `--interpolate` it
    writes the value of this run instead, CS511).

    ## Why is this bad?
    Compose and CodeShip split a list item at its first `=` (format doc §2.2). Without
    one the whole item is a variable name with no value: `URL:-http://example.com`
    defines no `URL`, in compose or in CodeShip, and `cslint check` reports it (CS116).
    The author meant the value after `:-`.

    ## Example
    ```yaml
    services:
      app:
        image: ruby
        environment:
          - URL:-http://example.com
    ```

    ## Use instead
    ```yaml
    services:
      app:
        image: ruby
        environment:
          - URL=http://example.com
    ```
    """

    code = "CS519"
    name = "environment-item-rewritten"
    summary = "convert wrote an environment item that was not KEY=VALUE as KEY=VALUE"
    valid = (Valid("services:\n  app:\n    image: ruby\n    environment:\n      - A=b\n"),)
    invalid = (
        Invalid(
            "services:\n  app:\n    image: ruby\n    environment:\n"
            "      - URL:-http://example.com\n      - 'MODE: test'\n",
            expect=("CS519@5:9", "CS519@6:9"),
        ),
    )


class BuildKeyMovedToService(ConvertNote):
    """## What it does
    Reports a service key written under `build` (`encrypted_env_file`, `environment`,
    `cached`, `volumes`, ...: the table of facts' misplaced build keys) that the converter
    moved up to the service, where CodeShip reads it and where it is then converted like
    the service's own keys. When the service already sets the key, the one under `build`
    is dropped instead (CS503), since the service's own is what CodeShip reads.
    `cslint check` reports the same key as CS102, with the advice to move it.

    ## Why is this bad?
    CodeShip's `build` mapping has no such key, so it is not used there: an
    `encrypted_env_file` under `build` never reaches the container's environment (format
    doc §2.3: real files make this mistake). Moved, it means what its author meant.

    ## Example
    ```yaml
    services:
      app:
        build:
          context: .
          encrypted_env_file: app.env.encrypted
    ```

    ## Use instead
    ```yaml
    services:
      app:
        build:
          context: .
        encrypted_env_file: app.env.encrypted
    ```
    """

    code = "CS520"
    name = "build-key-moved-to-service"
    summary = "convert moved a service key written under build up to the service"
    valid = (Valid("services:\n  app:\n    build: .\n    encrypted_env_file: a.encrypted\n"),)
    invalid = (
        Invalid(
            "services:\n  app:\n    build:\n      context: .\n"
            "      encrypted_env_file: app.env.encrypted\n      cached: true\n",
            expect=("CS520@5:7", "CS520@6:7"),
        ),
    )
