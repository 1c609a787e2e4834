from __future__ import annotations

from collections.abc import Iterator

from cslint.core.diagnostics import Finding, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.parsers.yamldoc import YamlDocument
from cslint.rules.services._common import volume_mounts

_DOCKER_SOCKET = "/var/run/docker.sock"


class AbsoluteHostVolume(Rule):
    """## What it does
    Reports a volume whose host side is an absolute path (`/srv/data:/data`, `~/x:/x`).
    Mounting the Docker socket gets its own advice: use `add_docker: true`.

    ## Why is this bad?
    CodeShip wants host paths relative to the repository checkout; absolute host paths
    are discouraged and announced for removal, and local `jet` ignores them (format doc
    §2.2, §3.8), so the step sees different files on a laptop and on CodeShip. A warning:
    hosted builds still mount them today.

    ## Example
    ```yaml
    app:
      build: .
      volumes:
        - /var/run/docker.sock:/var/run/docker.sock
        - /tmp/artifacts:/artifacts
    ```

    ## Use instead
    ```yaml
    app:
      build: .
      add_docker: true
      volumes:
        - ./tmp/artifacts:/artifacts
    ```
    """

    code = "CS112"
    name = "absolute-host-volume"
    summary = "a volume with an absolute host path"
    targets = frozenset({FileKind.SERVICES})
    default_severity = Severity.WARNING
    valid = (Valid("app:\n  build: .\n  volumes:\n    - ./tmp:/tmp\n    - /cache\n"),)
    invalid = (
        Invalid(
            "app:\n  build: .\n  volumes:\n    - /var/run/docker.sock:/var/run/docker.sock\n"
            "    - /tmp/artifacts:/artifacts\n",
            expect=("CS112@4:7", "CS112@5:7"),
        ),
    )

    def check(self, ctx: RuleContext[YamlDocument, None]) -> Iterator[Finding]:
        for mount in volume_mounts(ctx):
            source = mount.source
            if not source or not source.startswith(("/", "~")):
                continue
            if source.rstrip("/") == _DOCKER_SOCKET:
                message = (
                    f"{mount.text!r} mounts the build host's Docker socket; use "
                    "'add_docker: true' on the service instead"
                )
            else:
                message = (
                    f"host path {source!r} is absolute: CodeShip discourages absolute host "
                    "paths and local jet ignores them; use a path inside the repository "
                    "such as './tmp/...'"
                )
            yield Finding(ctx.document.value_span(mount.path), message)
