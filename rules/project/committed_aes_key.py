from __future__ import annotations

import fnmatch
import posixpath
from collections.abc import Iterator
from typing import TYPE_CHECKING

from cslint.core.diagnostics import Finding, Severity, Span
from cslint.core.kinds import FileKind
from cslint.core.rule import FileSystem, Invalid, Rule, RuleContext, Valid
from cslint.rules.messages import q

if TYPE_CHECKING:
    from cslint.parsers.yamldoc import YamlDocument

KEY_FILE = "codeship.aes"
# How far up to look for a .gitignore when the project folder is not the repository top.
_MAX_PARENTS = 8


def _patterns(text: str) -> list[tuple[bool, str]]:
    """(negated, pattern) for each rule of a .gitignore, in order."""
    out: list[tuple[bool, str]] = []
    for line in text.splitlines():
        rule = line.strip()
        if not rule or rule.startswith("#"):
            continue
        negated = rule.startswith("!")
        out.append((negated, rule.removeprefix("!")))
    return out


def _matches(pattern: str, relpath: str, here: bool) -> bool:
    """Whether a gitignore pattern matches the file `relpath`. In a .gitignore above the
    project folder (`here` False) the folder names in between are unknown, so only
    patterns without a folder part (`codeship.aes`, `*.aes`) are tried there."""
    if pattern.endswith("/"):
        return False  # matches directories only
    body = pattern.removeprefix("**/")
    if "/" not in body:
        return fnmatch.fnmatchcase(posixpath.basename(relpath), body)
    return here and fnmatch.fnmatchcase(relpath, body.lstrip("/"))


def is_ignored(fs: FileSystem, relpath: str) -> bool:
    """Whether a .gitignore in the project folder, or in a folder above it up to the
    repository top, ignores `relpath` (a file of the project folder). As in git, the
    nearest .gitignore with a matching rule decides, and in it the last matching rule.
    Other ignore sources (.git/info/exclude, the global excludes file) are not read."""
    prefix = ""
    for level in range(_MAX_PARENTS + 1):
        raw = fs.read_bytes(posixpath.join(prefix, ".gitignore"))
        if raw is not None:
            verdict: bool | None = None
            for negated, pattern in _patterns(raw.decode("utf-8", errors="replace")):
                if _matches(pattern, relpath, here=level == 0):
                    verdict = not negated
            if verdict is not None:
                return verdict
        if fs.exists(posixpath.join(prefix, ".git")):
            break
        prefix = posixpath.join(prefix, "..")
    return False


class CommittedAesKey(Rule):
    """## What it does
    Reports a `codeship.aes` file (the project's AES key, which `jet` reads by default) in
    the project folder that no `.gitignore` ignores. It is reported once per project, at
    the top of the services file (or of the steps file when there is no services file).

    What the rule can know: that the file is there, and whether a `.gitignore` in the
    project folder or in a folder above it (up to the one holding `.git`) ignores it,
    including `*.aes` patterns and `!` negations. It cannot see whether git actually
    tracks the file (a file added before the ignore rule, or with `git add -f`, stays
    committed), nor `.git/info/exclude` or a global excludes file, so a key ignored only
    there is reported too; suppress the finding in that case.

    ## Why is this bad?
    The AES key decrypts every encrypted file and encrypted variable of the project.
    CodeShip's docs say to keep it out of the repository and git-ignore it (format doc
    §5). A committed key means all those secrets are public: remove the file from git,
    ignore it, reset the key in Project Settings and re-encrypt.

    ## Example
    A repository with `codeship.aes` next to `codeship-services.yml` and no `.gitignore`
    entry for it.

    ## Use instead
    ```gitignore
    # .gitignore
    codeship.aes
    ```
    """

    code = "CS406"
    name = "committed-aes-key"
    summary = "the AES key codeship.aes is in the project and not git-ignored"
    targets = frozenset({FileKind.SERVICES, FileKind.STEPS})
    default_severity = Severity.ERROR
    valid = (
        Valid(
            "app:\n  image: busybox\n",
            files={"codeship.aes": "a2V5a2V5a2V5\n", ".gitignore": "node_modules/\n*.aes\n"},
        ),
        Valid("app:\n  image: busybox\n"),
    )
    invalid = (
        Invalid(
            "app:\n  image: busybox\n",
            files={"codeship.aes": "a2V5a2V5a2V5\n", ".gitignore": "*.aes\n!codeship.aes\n"},
            expect=("CS406@1:1",),
        ),
        Invalid(
            "- service: app\n  command: x\n",
            filename="codeship-steps.yml",
            files={"codeship.aes": "a2V5a2V5a2V5\n"},
            expect=("CS406@1:1",),
        ),
    )

    def check(self, ctx: RuleContext[YamlDocument, None]) -> Iterator[Finding]:
        services = ctx.project.services_file()
        if ctx.kind is FileKind.STEPS and services is not None:
            return  # the services file carries the finding
        if ctx.kind is FileKind.SERVICES and (
            services is None or services.path != ctx.project_path
        ):
            return
        folder = posixpath.dirname(ctx.project_path)
        key = posixpath.join(folder, KEY_FILE) if folder else KEY_FILE
        fs = ctx.project.fs
        if not fs.is_file(key) or is_ignored(fs, key):
            return
        yield Finding(
            Span.point(1, 1),
            f"{q(KEY_FILE)} (the project's AES key) is in the project folder and no .gitignore "
            "ignores it; remove it from git, add it to .gitignore and reset the key in "
            "Project Settings",
        )
