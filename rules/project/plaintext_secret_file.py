from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cslint.codeship.secrets import Content, classify, encrypted_refs
from cslint.core.diagnostics import Finding, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.rules.messages import q
from cslint.rules.project.views import checkable, in_project

if TYPE_CHECKING:
    from cslint.parsers.yamldoc import YamlDocument

_SERVICES = "app:\n  image: busybox\n  encrypted_env_file: env.encrypted\n"


class PlaintextSecretFile(Rule):
    """## What it does
    Reads each file named by `encrypted_env_file`, `encrypted_args_file` or
    `encrypted_dockercfg_path` and checks that it has the shape of a file written by
    `jet encrypt` (format doc §5): a bare base64 body (before jet 2.6), or a
    `codeship:v2` or `cloudbees:v1` header line followed by base64. It never decrypts
    anything, and its messages name the file and a line number, never any content.

    - `KEY=value` lines, `key: value` lines or JSON (a dockercfg) mean the plaintext was
      committed where the ciphertext belongs: error.
    - An empty file, a header with a body that is not base64, or anything else: warning
      (jet cannot decrypt it, but it is not recognisably a leaked secret).

    ## Why is this bad?
    A plaintext secrets file in the repository is a leaked secret: everyone who can read
    the repository, its forks and its history has the credentials. Encrypt it with
    `jet encrypt`, commit only the encrypted file, and rotate every secret it held: the
    old values stay in the git history.

    ## Example
    `env.encrypted` contains `AWS_SECRET_ACCESS_KEY=...` in clear text.

    ## Use instead
    ```sh
    jet encrypt env env.encrypted   # and add `env` to .gitignore
    ```
    """

    code = "CS405"
    name = "plaintext-secret-file"
    summary = "a file named as encrypted holds plaintext (a leaked secret)"
    targets = frozenset({FileKind.SERVICES, FileKind.STEPS})
    default_severity = Severity.ERROR
    valid = (
        Valid(_SERVICES, files={"env.encrypted": "codeship:v2\nQUJDREVGR0hJSktMTU5PUA==\n"}),
        Valid(_SERVICES, files={"env.encrypted": "QUJDREVGR0hJSktM\nTU5PUA==\n"}),
        Valid(_SERVICES, files={"env.encrypted": "cloudbees:v1\nQUJDREVGR0hJSktMTU5PUA==\n"}),
    )
    invalid = (
        Invalid(
            _SERVICES,
            files={"env.encrypted": "# production\nAWS_SECRET_ACCESS_KEY=abc123\n"},
            expect=("CS405@3:23",),
        ),
        Invalid(
            "- type: push\n  service: app\n  image_name: a/b\n"
            "  encrypted_dockercfg_path: dockercfg.encrypted\n",
            filename="codeship-steps.yml",
            files={"dockercfg.encrypted": '{"auths": {"quay.io": {"auth": "c2VjcmV0"}}}\n'},
            expect=("CS405@4:29",),
        ),
    )

    def check(self, ctx: RuleContext[YamlDocument, None]) -> Iterator[Finding]:
        fs = ctx.project.fs
        for ref in encrypted_refs(ctx.document.data, ctx.kind):
            if not checkable(ref.file):
                continue
            target = in_project(ctx, ref.file)
            if not fs.inside_root(target):
                continue
            raw = fs.read_bytes(target) if fs.is_file(target) else None
            if raw is None:
                continue  # missing: CS404
            verdict = classify(raw)
            span = ctx.document.value_span(ref.path)
            if verdict.content is Content.PLAINTEXT:
                yield Finding(
                    span,
                    f"{q(ref.file)} is not encrypted: it holds {verdict.shape} in clear text "
                    f"(from line {verdict.line}), a leaked secret; encrypt it with "
                    "'jet encrypt', commit only the result and rotate the secrets",
                )
            elif verdict.content is Content.EMPTY:
                yield Finding(
                    span,
                    f"{q(ref.file)} is empty, so jet has nothing to decrypt; write it with "
                    "'jet encrypt'",
                    severity=Severity.WARNING,
                )
            elif verdict.content is Content.UNKNOWN:
                yield Finding(
                    span,
                    f"{q(ref.file)} does not look like a file written by 'jet encrypt' (a "
                    "base64 body, optionally after a 'codeship:v2' header); re-encrypt it",
                    severity=Severity.WARNING,
                )
