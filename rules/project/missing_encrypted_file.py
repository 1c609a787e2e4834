from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cslint.codeship.secrets import encrypted_refs
from cslint.core.diagnostics import Finding, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.rules.messages import q
from cslint.rules.project.views import checkable, in_project

if TYPE_CHECKING:
    from cslint.parsers.yamldoc import YamlDocument

_ENCRYPTED = "codeship:v2\nU29tZUNpcGhlcnRleHRCeXRlcw==\n"


class MissingEncryptedFile(Rule):
    """## What it does
    Reports an `encrypted_env_file`, `encrypted_args_file` or `encrypted_dockercfg_path`
    (in the services file or the steps file) that names a file which is not in the
    project. Paths are taken relative to the folder of the file that names them, where
    every documented example keeps them (whether jet resolves them from the services file
    or from `--dir` is UNCERTAIN, format doc §1.3; both are the same folder in practice).
    Absolute and templated paths are not checked.

    ## Why is this bad?
    jet decrypts these files before the build starts; a missing one fails the build, or
    leaves a step without the credentials it needs. It happens when the file was never
    committed, or only the plaintext was.

    ## Example
    ```yaml
    app:
      build: .
      encrypted_env_file: env.encrypted   # not in the repository
    ```

    ## Use instead
    Commit the file `jet encrypt env env.encrypted` wrote, or fix the path.
    """

    code = "CS404"
    name = "missing-encrypted-file"
    summary = "an encrypted file named in the services or steps file does not exist"
    targets = frozenset({FileKind.SERVICES, FileKind.STEPS})
    default_severity = Severity.ERROR
    valid = (
        Valid(
            "app:\n  image: busybox\n  encrypted_env_file: [env.encrypted]\n",
            files={"env.encrypted": _ENCRYPTED},
        ),
    )
    invalid = (
        Invalid(
            "app:\n  image: busybox\n  encrypted_env_file:\n    - env.encrypted\n"
            "    - deploy.env.encrypted\n",
            files={"env.encrypted": _ENCRYPTED},
            expect=("CS404@5:7",),
        ),
        Invalid(
            "- type: push\n  service: app\n  image_name: a/b\n"
            "  encrypted_dockercfg_path: dockercfg.encrypted\n",
            filename="codeship-steps.yml",
            expect=("CS404@4:29",),
        ),
    )

    def check(self, ctx: RuleContext[YamlDocument, None]) -> Iterator[Finding]:
        fs = ctx.project.fs
        for ref in encrypted_refs(ctx.document.data, ctx.kind):
            if not checkable(ref.file):
                continue
            target = in_project(ctx, ref.file)
            if not fs.inside_root(target) or fs.is_file(target):
                continue
            what = "is a directory, not a file" if fs.is_dir(target) else "does not exist"
            yield Finding(
                ctx.document.value_span(ref.path),
                f"{q(ref.key)} names {q(ref.file)}, which {what} in the project; commit the "
                "encrypted file or fix the path",
            )
