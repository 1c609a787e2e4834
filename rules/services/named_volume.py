from __future__ import annotations

from collections.abc import Iterator

from cslint.core.diagnostics import Finding, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.parsers.yamldoc import YamlDocument
from cslint.rules.services._common import volume_mounts


class NamedVolume(Rule):
    """## What it does
    Reports a named volume (`pgdata:/var/lib/postgresql/data`) in a service's `volumes`.

    ## Why is this bad?
    CodeShip supports two kinds of volume only: a directory of the repository checkout
    (`./tmp/pgdata:/var/lib/postgresql/data`), which is how data travels between steps,
    and an anonymous container volume (`/var/lib/postgresql/data`), shared within a step
    through `volumes_from`. Named volumes and the top-level `volumes:` that declares them
    are listed as unavailable (format doc §2.2, §2.4): the data does not persist where the
    compose file expects.

    ## Example
    ```yaml
    db:
      image: postgres:15
      volumes:
        - pgdata:/var/lib/postgresql/data
    ```

    ## Use instead
    ```yaml
    db:
      image: postgres:15
      volumes:
        - ./tmp/pgdata:/var/lib/postgresql/data
    ```
    """

    code = "CS111"
    name = "named-volume"
    summary = "a named volume, which CodeShip does not support"
    targets = frozenset({FileKind.SERVICES})
    default_severity = Severity.ERROR
    valid = (Valid("db:\n  image: postgres\n  volumes:\n    - ./tmp/pg:/data\n    - /cache\n"),)
    invalid = (
        Invalid(
            "db:\n  image: postgres\n  volumes:\n    - pgdata:/var/lib/postgresql/data\n",
            expect=("CS111@4:7",),
        ),
    )

    def check(self, ctx: RuleContext[YamlDocument, None]) -> Iterator[Finding]:
        for mount in volume_mounts(ctx):
            if not mount.named:
                continue
            yield Finding(
                ctx.document.value_span(mount.path),
                f"{mount.text!r} mounts the named volume {mount.source!r}, which CodeShip "
                f"does not support; use a repository directory ('./{mount.source}:...') or "
                "an anonymous volume",
            )
