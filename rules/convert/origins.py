"""Notes about reading the compose project itself: interpolation, extends, include and
override files, and the order of environment sources."""

from __future__ import annotations

from cslint.convert.rulebase import ConvertNote
from cslint.core.diagnostics import Severity
from cslint.core.rule import Invalid, Valid


class InterpolationKept(ConvertNote):
    """## What it does
    Reports each `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}` or `$VAR`
    in a value, which the converter keeps as written unless `--interpolate` is given.

    ## Why is this bad?
    Compose fills these in from the shell and `.env` before it reads the file; CodeShip
    does not interpolate the services file (format doc §7, UNCERTAIN: nothing documents
    it, and no real services file uses it), so the container would receive the text
    `${TAG:-latest}` literally. Write the value, or rerun with `--interpolate` and
    `--env-file`.

    ## Example
    ```yaml
    services:
      app:
        image: myorg/app:${TAG:-latest}
    ```

    ## Use instead
    ```yaml
    services:
      app:
        image: myorg/app:latest
    ```
    """

    code = "CS510"
    name = "interpolation-kept"
    summary = "a compose variable reference was kept; CodeShip does not interpolate"
    default_severity = Severity.WARNING
    valid = (Valid("services:\n  app:\n    image: myorg/app:latest\n"),)
    invalid = (
        Invalid("services:\n  app:\n    image: myorg/app:${TAG:-latest}\n", expect=("CS510@3:12",)),
    )


class InterpolationResolved(ConvertNote):
    """## What it does
    Reports each value the converter rewrote for interpolation: `$$` written as `$`
    (always), and with `--interpolate` each reference replaced by its value from the
    `--env-file` files (default `.env`) and the environment, the way compose does.

    ## Why is this bad?
    It is not: the note shows what was filled in, so that a secret taken from the
    environment is not committed by accident.

    ## Example
    ```yaml
    services:
      app:
        build: .
        command: sh -c 'echo $$HOME'
    ```

    ## Use instead
    ```yaml
    services:
      app:
        build: .
        command: sh -c 'echo $HOME'
    ```
    """

    code = "CS511"
    name = "interpolation-resolved"
    summary = "convert resolved an interpolation or a '$$' escape"
    valid = (Valid("services:\n  app:\n    build: .\n    command: make\n"),)
    invalid = (
        Invalid(
            "services:\n  app:\n    build: .\n    command: echo $$HOME\n", expect=("CS511@4:14",)
        ),
    )


class ExtendsInlined(ConvertNote):
    """## What it does
    Reports each `extends`, which the converter resolves (same file or another file,
    recursively, rejecting cycles) and writes out in the service.

    ## Why is this bad?
    CodeShip ignores `extends` (format doc §2.4), so the extended settings would be lost:
    a real repository lost its `build` this way.

    ## Example
    ```yaml
    services:
      base:
        image: python:3.12
        environment:
          PYTHONUNBUFFERED: "1"
      tests:
        extends: base
        command: pytest
    ```

    ## Use instead
    ```yaml
    services:
      base:
        image: python:3.12
        environment:
          PYTHONUNBUFFERED: "1"
      tests:
        image: python:3.12
        environment:
          PYTHONUNBUFFERED: "1"
        command: pytest
    ```
    """

    code = "CS512"
    name = "extends-inlined"
    summary = "convert wrote out the settings an 'extends' brought in"
    valid = (Valid("services:\n  base:\n    image: python:3.12\n"),)
    invalid = (
        Invalid(
            "services:\n  base:\n    image: python:3.12\n  tests:\n    extends: base\n",
            expect=("CS512@5:5",),
        ),
    )


class EnvFilePrecedence(ConvertNote):
    """## What it does
    Reports a service that sets a variable in both `environment` and one of its
    `env_file` files with different values; the converter writes the files' variables into
    `environment`, with the `environment` values winning, and drops `env_file`.

    ## Why is this bad?
    Compose lets `environment` override `env_file`; CodeShip applies `environment` first
    and `env_file` after it (format doc §2.5), so the file's value would win and the
    container would see a different value.

    ## Example
    ```yaml
    services:
      app:
        build: .
        env_file: app.env   # DEBUG=1
        environment:
          DEBUG: "0"
    ```

    ## Use instead
    ```yaml
    services:
      app:
        build: .
        environment:
          DEBUG: "0"
    ```
    """

    code = "CS513"
    name = "env-file-precedence"
    summary = "convert inlined env files whose variables 'environment' overrides"
    default_severity = Severity.WARNING
    valid = (Valid("services:\n  app:\n    build: .\n    environment:\n      DEBUG: '0'\n"),)
    invalid = (
        Invalid(
            "services:\n  app:\n    build: .\n    env_file: app.env\n    environment:\n"
            "      DEBUG: '0'\n",
            files={"app.env": "DEBUG=1\n"},
            expect=("CS513@5:5",),
        ),
    )


class FileMerged(ConvertNote):
    """## What it does
    Reports each file merged into the output: override files given with repeated `-f`
    (merged in order, as `docker compose -f a.yml -f b.yml config` does: mappings merge,
    lists append, `command` is replaced) and each `include` entry.

    ## Why is this bad?
    CodeShip reads one services file. The note tells where the merged settings came from,
    so that later edits go to the one converted file.

    ## Example
    ```yaml
    include:
      - db/compose.yaml
    services:
      app:
        build: .
    ```

    ## Use instead
    One services file with the services of both.
    """

    code = "CS515"
    name = "file-merged"
    summary = "convert merged an override or included file into the services file"
    valid = (Valid("services:\n  app:\n    build: .\n"),)
    invalid = (
        Invalid(
            "include:\n  - db.yml\nservices:\n  app:\n    build: .\n",
            files={"db.yml": "services:\n  db:\n    image: postgres:16\n"},
            expect=("CS515@2:5", "CS500@1:1"),
        ),
    )


class SecretInEnvironment(ConvertNote):
    """## What it does
    Reports an `environment` variable whose value is written in plain text and has the
    shape of a real credential: an AWS key, a GitHub, Slack, npm or Stripe token, a
    Google API key, a private key, a password in a URL (`postgres://app:pw@db/app`).
    These are exactly the values `cslint check` reports as CS117 errors.

    A value that only has a secret's *name* (`POSTGRES_PASSWORD: test`, no credential's
    shape) is not reported by default, in agreement with `cslint check`, whose CS119 is
    opt-in: over the shared corpus every such finding was the password of a throw-away
    test database (all 9 in the CodeShip files; the compose files' are the passwords of
    their local databases), a warning nobody acts on (docs/precision.md). Run
    `cslint check --select CS119` on the converted file to list them. One switch decides
    for both commands: `NAMED_SECRETS_BY_DEFAULT` in `cslint.codeship.secrets`.

    ## Why is this bad?
    A compose file often stays on a laptop; a services file is committed and read by every
    build. CodeShip's answer for secrets is encryption with the project's AES key:
    `jet encrypt` a `KEY=value` file and name it in `encrypted_env_file` (format doc §5,
    §7). The converter keeps the value and only warns.

    ## Example
    ```yaml
    services:
      app:
        image: acme/app
        environment:
          AWS_ACCESS_KEY_ID: AKIAIOSFODNN7EXAMPLE
    ```

    ## Use instead
    ```yaml
    services:
      app:
        image: acme/app
        encrypted_env_file: app.env.encrypted
    ```
    """

    code = "CS516"
    reveals_secrets = True
    name = "secret-in-environment"
    summary = "a variable that looks like a secret is written in plain text"
    default_severity = Severity.WARNING
    valid = (
        Valid("services:\n  app:\n    image: acme/app\n    environment:\n      REGION: eu\n"),
        # A secret's name alone: CS119's business, opt-in (see above).
        Valid("services:\n  db:\n    image: postgres\n    environment:\n      PGPASSWORD: test\n"),
    )
    invalid = (
        Invalid(
            "services:\n  app:\n    image: acme/app\n    environment:\n"
            "      AWS_ACCESS_KEY_ID: AKIAIOSFODNN7EXAMPLE\n",
            expect=("CS516@5:7",),
        ),
        Invalid(
            "services:\n  app:\n    image: acme/app\n    environment:\n"
            "      - DATABASE_URL=postgres://app:s3cr3tpw@db/app\n",
            expect=("CS516@5:9",),
        ),
    )


class CodeshipExtensionApplied(ConvertNote):
    """## What it does
    Reports each setting taken from an `x-codeship:` extension field on a compose service:
    CodeShip-only keys (`cached`, `default_cache_branch`, `encrypted_env_file`,
    `encrypted_environment`, `add_docker`, `dockercfg_service`, ...) are written into the
    converted service; keys CodeShip lacks are dropped with a warning.

    ## Why is this bad?
    It is not: compose ignores `x-` fields, so a team can keep CodeShip's settings in
    the compose file it still uses locally (as kompose reads hints from labels), and
    convert again after every change. The note shows what was applied.

    ## Example
    ```yaml
    services:
      app:
        build: .
        x-codeship:
          cached: true
          encrypted_env_file: app.env.encrypted
    ```

    ## Use instead
    ```yaml
    services:
      app:
        build: .
        cached: true
        encrypted_env_file: app.env.encrypted
    ```
    """

    code = "CS517"
    name = "codeship-extension-applied"
    summary = "convert applied CodeShip settings from a service's x-codeship field"
    valid = (Valid("services:\n  app:\n    build: .\n    cached: true\n"),)
    invalid = (
        Invalid(
            "services:\n  app:\n    build: .\n    x-codeship:\n      cached: true\n",
            expect=("CS517@5:7",),
        ),
    )
