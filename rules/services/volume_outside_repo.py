from __future__ import annotations

import posixpath
from collections.abc import Iterator

from cslint.core.diagnostics import Finding, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.parsers.yamldoc import YamlDocument
from cslint.rules.services._common import volume_mounts


class VolumeOutsideRepo(Rule):
    """## What it does
    Reports a volume whose relative host path leaves the folder of the services file
    (`../shared:/shared`), which on CodeShip is the root of the repository checkout.

    ## Why is this bad?
    Host directories must lie inside the repository checkout (format doc §1.3, §2.2):
    that checkout is all a CodeShip build machine has. A path above it points at
    whatever happens to be on the build host, or nothing, and works only on the
    author's machine.

    ## Example
    ```yaml
    app:
      build: .
      volumes:
        - ../shared-config:/config
    ```

    ## Use instead
    ```yaml
    app:
      build: .
      volumes:
        - ./config:/config
    ```
    """

    code = "CS113"
    name = "volume-outside-repo"
    summary = "a volume host path that leaves the repository"
    targets = frozenset({FileKind.SERVICES})
    default_severity = Severity.ERROR
    valid = (Valid("app:\n  build: .\n  volumes:\n    - ./a/../b:/b\n    - .:/code\n"),)
    invalid = (
        Invalid(
            "app:\n  build: .\n  volumes:\n    - ../shared-config:/config\n",
            expect=("CS113@4:7",),
        ),
    )

    def check(self, ctx: RuleContext[YamlDocument, None]) -> Iterator[Finding]:
        for mount in volume_mounts(ctx):
            source = mount.source
            if not source or mount.named or source.startswith(("/", "~", "$")):
                continue
            normal = posixpath.normpath(source.replace("\\", "/"))
            if normal != ".." and not normal.startswith("../"):
                continue
            yield Finding(
                ctx.document.value_span(mount.path),
                f"host path {source!r} leaves the repository, the only directory a CodeShip "
                "build has; mount a directory inside it instead",
            )
