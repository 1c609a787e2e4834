from __future__ import annotations

import posixpath
from collections.abc import Iterator

from cslint.codeship.services_model import build_refs
from cslint.core.diagnostics import Finding, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.parsers.yamldoc import YamlDocument
from cslint.rules.messages import q


def _leaves(path: str) -> bool:
    """Whether a path, relative to the services file's folder, ends up outside it."""
    return posixpath.isabs(path) or path == ".." or path.startswith("../")


def _local(written: str) -> bool:
    """Whether a context is a folder on disk at all: not a remote context (a URL,
    `git@...`), not templated, not empty."""
    text = written.strip()
    return bool(text) and "://" not in text and not text.startswith(("git@", "$", "~"))


class BuildContextOutsideRepo(Rule):
    """## What it does
    Reports a build context (`build: ..`, `build.context`, the old `build.path`) that
    leaves the folder of the services file, which on CodeShip is the root of the
    repository checkout: a path that starts with `..` after normalisation, or an absolute
    path. Remote and templated contexts are not reported. A Dockerfile outside the
    context is CS403's (an error).

    ## Why is this bad?
    Build contexts are relative to the services file's folder (format doc §1.3, §2.3),
    and a CodeShip build machine has the repository checkout and nothing else. A context
    above it works only on the author's machine, and there the whole parent folder (every
    sibling project, any file lying next to the checkout) is sent to the Docker daemon.
    CodeShip's documentation does not say jet refuses such a context, hence a warning;
    `cslint dry-run` refuses it unless `--allow-outside-context` is given.

    ## Example
    ```yaml
    app:
      build:
        context: ..
        dockerfile: app/Dockerfile
    ```

    ## Use instead
    ```yaml
    app:
      build:
        context: .
        dockerfile: app/Dockerfile
    ```
    """

    code = "CS120"
    name = "build-context-outside-repo"
    summary = "a build context outside the repository"
    targets = frozenset({FileKind.SERVICES})
    default_severity = Severity.WARNING
    valid = (
        Valid("app:\n  build: ./a/../b\n"),
        Valid("app:\n  build:\n    context: .\n    dockerfile: app/Dockerfile\n"),
        Valid("app:\n  build: git@github.com:acme/app.git\n"),
        Valid("app:\n  build: https://github.com/acme/app.git#main\n"),
        Valid("app:\n  build: ${CONTEXT}\n"),
    )
    invalid = (
        Invalid("app:\n  build:\n    context: ..\n", expect=("CS120@3:14",)),
        Invalid("app:\n  build: ../other\n", expect=("CS120@2:10",)),
        Invalid("app:\n  build:\n    path: /srv/app\n", expect=("CS120@3:11",)),
        Invalid(
            "app:\n  build:\n    context: ../x\n    dockerfile: Dockerfile.ci\n",
            expect=("CS120@3:14",),
        ),
    )

    def check(self, ctx: RuleContext[YamlDocument, None]) -> Iterator[Finding]:
        doc = ctx.document
        for ref in build_refs(doc.data):
            if not _local(ref.context):
                continue
            if _leaves(ref.context):
                yield Finding(
                    doc.value_span(ref.context_at),
                    f"the build context {q(ref.context)} of service {q(ref.service)} leaves "
                    "the repository, the only folder a CodeShip build has; the build would "
                    "send the folder above it to the Docker daemon: keep the context inside "
                    "the repository",
                )
