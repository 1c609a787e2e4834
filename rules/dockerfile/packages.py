"""Package managers other than apt: apk (DL3019, DL3018), pip (DL3042, DL3013),
npm (DL3016)."""

from __future__ import annotations

from collections.abc import Iterator

from cslint.core.diagnostics import Finding, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.parsers.dockerfile import DockerfileDocument, Instruction
from cslint.parsers.shell import Command, Script
from cslint.rules.dockerfile._common import TRUTHY, cache_mount_targets, expands, scripts

DOCKERFILE = frozenset({FileKind.DOCKERFILE})


def _apk_adds(doc: DockerfileDocument) -> Iterator[tuple[Instruction, Script, Command]]:
    for run, script in scripts(doc):
        for command in script.find("apk", "add"):
            yield run, script, command


class ApkWithoutNoCache(Rule):
    """## What it does
    Reports `apk add` without `--no-cache`.

    ## Why is this bad?
    The package index stays in `/var/cache/apk` inside the layer. `--no-cache` fetches
    it fresh and leaves nothing behind, so neither `apk update` nor `rm -rf
    /var/cache/apk/*` is needed. A cache mount on `/var/cache/apk` is accepted, and so is
    `apk add --no-network`, which fetches no index at all (hadolint DL3019 reports it).

    ## Example
    ```dockerfile
    RUN apk add curl
    ```

    ## Use instead
    ```dockerfile
    RUN apk add --no-cache curl
    ```
    """

    code = "CS313"
    name = "apk-without-no-cache"
    summary = "`apk add` without `--no-cache`"
    targets = DOCKERFILE
    default_severity = Severity.INFO
    default_enabled = False
    opt_in = "image size, not correctness"
    hadolint = ("DL3019",)
    valid = (
        Valid("FROM alpine:3.20\nRUN apk add --no-cache curl=8.9.0-r0\n", filename="Dockerfile"),
        # Installs a local package file: no index is fetched (hadolint DL3019 flags it).
        Valid(
            "FROM alpine:3.20\nCOPY pkgs/ /pkgs/\n"
            "RUN apk add --no-network --allow-untrusted /pkgs/app.apk\n",
            filename="Dockerfile",
            hadolint_differs="apk add --no-network fetches no index",
        ),
    )
    invalid = (
        Invalid(
            "FROM alpine:3.20\nRUN apk add curl=8.9.0-r0\n",
            filename="Dockerfile",
            expect=("CS313@2:5",),
        ),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        for run, script, command in _apk_adds(ctx.document):
            # --no-network installs from local files and fetches no index to leave behind.
            if command.has_flag("no-cache") or command.has_flag("no-network"):
                continue
            if any(t.startswith("/var/cache/apk") for t in cache_mount_targets(run)):
                continue
            yield Finding(
                script.span(command.words[0]),
                "'apk add' without '--no-cache' leaves the package index in the layer; add "
                "'--no-cache'",
            )


class ApkUnpinned(Rule):
    """## What it does
    Reports packages in `apk add` without a version (`curl=8.9.0-r0` or `curl~8.9`).
    `.apk` files and the name given to `--virtual` are not packages, and neither is a
    variable such as `$PHPIZE_DEPS`: it holds a list whose versions are set where it is
    defined (hadolint DL3018 asks to write `$PHPIZE_DEPS=<version>`).

    ## Why is this bad?
    Builds install whatever version the mirror has that day.

    ## Example
    ```dockerfile
    RUN apk add --no-cache curl
    ```

    ## Use instead
    ```dockerfile
    RUN apk add --no-cache curl=8.9.0-r0
    ```
    """

    code = "CS314"
    name = "apk-unpinned"
    summary = "`apk add` of a package without a version"
    targets = DOCKERFILE
    default_severity = Severity.WARNING
    default_enabled = False
    opt_in = (
        "version pinning is a policy, and Alpine drops old package versions from its "
        "mirrors, so pins break rebuilds"
    )
    hadolint = ("DL3018",)
    valid = (
        Valid(
            "FROM alpine:3.20\nRUN apk add --no-cache --virtual .deps curl~8.9\n",
            filename="Dockerfile",
        ),
        # A variable holds a list of packages, not a package named '$PHPIZE_DEPS'.
        Valid(
            "FROM php:8.4-fpm-alpine3.20\n"
            "RUN apk add --no-cache --virtual .build-deps $PHPIZE_DEPS ${EXTRA} icu-dev=74.2-r0\n",
            filename="Dockerfile",
            hadolint_differs="$PHPIZE_DEPS holds a list of packages, not a package",
        ),
    )
    invalid = (
        Invalid(
            "FROM alpine:3.20\nRUN apk add --no-cache curl\n",
            filename="Dockerfile",
            expect=("CS314@2:24",),
        ),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        for _run, script, command in _apk_adds(ctx.document):
            operands = command.operands(taking_value=("t", "virtual", "repository", "X"))
            for word in operands:
                package = word.text
                if package == "add" or "=" in package or "~" in package or expands(package):
                    continue
                if package.endswith(".apk"):
                    continue
                yield Finding(
                    script.span(word),
                    f"package {package!r} has no pinned version; write '{package}=<version>'",
                )


def _is_pip_install(command: Command) -> bool:
    args = command.arg_texts
    if command.basename.startswith("pip"):
        return "install" in args and not command.basename.startswith(("pipx", "pipenv"))
    if command.basename.startswith("python"):
        for i in range(len(args) - 2):
            if args[i : i + 3] == ["-m", "pip", "install"]:
                return True
    return False


def _pip_installs(doc: DockerfileDocument) -> Iterator[tuple[Instruction, Script, Command]]:
    for run, script in scripts(doc):
        for command in script.commands:
            if _is_pip_install(command):
                yield run, script, command


def _env_sets(doc: DockerfileDocument, run: Instruction, name: str) -> bool:
    """Whether an ENV of `run`'s stage, before it, sets `name` to a true value."""
    stage = doc.stage_of(run)
    if stage is None:
        return False
    for instr in stage.instructions:
        if instr is run:
            break
        if instr.cmd == "ENV":
            pairs = dict(zip(instr.args[0::2], instr.args[1::2], strict=False))
            if pairs.get(name, "").strip("\"'") in TRUTHY:
                return True
    return False


class PipWithoutNoCacheDir(Rule):
    """## What it does
    Reports `pip install` without `--no-cache-dir`, unless `PIP_NO_CACHE_DIR` is set
    (by an earlier `ENV` of the stage, or in the RUN itself) or a cache mount is used.
    pip run by path (`/opt/venv/bin/python3 -m pip`, `/venv/bin/pip`) counts too;
    hadolint DL3042 only recognises names that start with `pip` or `python`.

    ## Why is this bad?
    pip keeps every downloaded wheel in `~/.cache/pip`, inside the layer.

    ## Example
    ```dockerfile
    RUN pip install -r requirements.txt
    ```

    ## Use instead
    ```dockerfile
    RUN pip install --no-cache-dir -r requirements.txt
    ```
    """

    code = "CS315"
    name = "pip-without-no-cache-dir"
    summary = "`pip install` without `--no-cache-dir`"
    targets = DOCKERFILE
    default_severity = Severity.WARNING
    default_enabled = False
    opt_in = "image size, not correctness"
    hadolint = ("DL3042",)
    valid = (
        Valid("FROM python:3.12\nRUN pip install --no-cache-dir -r r.txt\n", filename="Dockerfile"),
        Valid(
            "FROM python:3.12\nENV PIP_NO_CACHE_DIR=1\nRUN pip install -r r.txt\n",
            filename="Dockerfile",
        ),
    )
    invalid = (
        Invalid(
            "FROM python:3.12\nRUN pip install -r r.txt\n",
            filename="Dockerfile",
            expect=("CS315@2:5",),
        ),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        doc = ctx.document
        for run, script, command in _pip_installs(doc):
            if "--no-cache-dir" in command.arg_texts:
                continue
            if _env_sets(doc, run, "PIP_NO_CACHE_DIR") or _inline_no_cache(script.text):
                continue
            if cache_mount_targets(run):
                continue
            yield Finding(
                script.span(command.words[0]),
                "'pip install' without '--no-cache-dir' keeps downloaded packages in the "
                "layer; add '--no-cache-dir'",
            )


def _inline_no_cache(text: str) -> bool:
    _, found, rest = text.partition("PIP_NO_CACHE_DIR=")
    return bool(found) and any(rest.startswith(v) for v in TRUTHY)


_PIP_VALUE_FLAGS = (
    "abi", "b", "build", "e", "editable", "extra-index-url", "f", "find-links", "i",
    "index-url", "implementation", "no-binary", "only-binary", "platform", "prefix",
    "progress-bar", "proxy", "python-version", "root", "src", "t", "target", "trusted-host",
    "upgrade-strategy",
)  # fmt: skip
_VERSION_SYMBOLS = ("==", ">=", "<=", ">", "<", "!=", "~=", "===")


def _pip_pinned(package: str) -> bool:
    if any(s in package for s in _VERSION_SYMBOLS) or package.endswith((".whl", ".tar.gz")):
        return True
    vcs = package.split("+", 1)[0] in ("git", "hg", "svn", "bzr")
    return ("@" in package) if vcs else "/" in package


class PipUnpinned(Rule):
    """## What it does
    Reports packages in `pip install` without a version (`flask==3.0.3`). Requirement
    files (`-r`), the local project (`.`), constraints (`-c`), paths, wheels and
    versioned VCS URLs are accepted. As in CS315, pip run by path is recognised
    (hadolint DL3013 misses `/opt/venv/bin/python3 -m pip install`).

    ## Why is this bad?
    Each build resolves the newest release: a new major version of a dependency breaks
    the image without a change in the repository.

    ## Example
    ```dockerfile
    RUN pip install --no-cache-dir flask
    ```

    ## Use instead
    ```dockerfile
    RUN pip install --no-cache-dir flask==3.0.3
    ```
    """

    code = "CS316"
    name = "pip-unpinned"
    summary = "`pip install` of a package without a version"
    targets = DOCKERFILE
    default_severity = Severity.WARNING
    default_enabled = False
    opt_in = "version pinning is a policy; many images install the current release on purpose"
    hadolint = ("DL3013",)
    valid = (
        Valid(
            "FROM python:3.12\nRUN pip install --no-cache-dir flask==3.0.3 -r r.txt\n",
            filename="Dockerfile",
        ),
    )
    invalid = (
        Invalid(
            "FROM python:3.12\nRUN pip install --no-cache-dir flask\n",
            filename="Dockerfile",
            expect=("CS316@2:32",),
        ),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        for _run, script, command in _pip_installs(ctx.document):
            args = command.arg_texts
            if {"-r", "--requirement", "."} & set(args) or command.has_flag("constraint", "c"):
                continue
            operands = command.operands(taking_value=_PIP_VALUE_FLAGS)
            texts = [w.text for w in operands]
            if "install" not in texts:
                continue
            for word in operands[texts.index("install") + 1 :]:
                if word.text == "install" or _pip_pinned(word.text) or expands(word.text):
                    continue
                yield Finding(
                    script.span(word),
                    f"package {word.text!r} has no pinned version; write "
                    f"'{word.text}==<version>' or install from a requirements file",
                )


_NPM_PATHS = ("/", "./", "../", "~/")
_NPM_GIT = ("git://", "git+ssh://", "git+http://", "git+https://")


def _npm_pinned(package: str) -> bool:
    if package.startswith(_NPM_GIT):
        return "#" in package
    if package.endswith((".tar", ".tar.gz", ".tgz")) or package.startswith(_NPM_PATHS):
        return True
    name = package.split("/", 1)[1] if package.startswith("@") and "/" in package else package
    return "@" in name


class NpmUnpinned(Rule):
    """## What it does
    Reports packages in `npm install <pkg>` without a version (`express@4.19.2`).
    `npm install` with no package (from package.json), paths, tarballs and git URLs
    with a commit are accepted.

    ## Why is this bad?
    Each build resolves the newest release of the package.

    ## Example
    ```dockerfile
    RUN npm install -g pm2
    ```

    ## Use instead
    ```dockerfile
    RUN npm install -g pm2@5.4.2
    ```
    """

    code = "CS317"
    name = "npm-unpinned"
    summary = "`npm install` of a package without a version"
    targets = DOCKERFILE
    default_severity = Severity.WARNING
    default_enabled = False
    opt_in = "version pinning is a policy; many images install the current release on purpose"
    hadolint = ("DL3016",)
    valid = (
        Valid("FROM node:22\nRUN npm install && npm install -g pm2@5.4.2\n", filename="Dockerfile"),
    )
    invalid = (
        Invalid(
            "FROM node:22\nRUN npm install -g pm2\n", filename="Dockerfile", expect=("CS317@2:20",)
        ),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        for _run, script in scripts(ctx.document):
            for command in script.find("npm", "install"):
                operands = command.operands()
                if not operands or operands[0].text != "install":
                    continue
                for word in operands[1:]:
                    if word.text == "install" or _npm_pinned(word.text) or expands(word.text):
                        continue
                    yield Finding(
                        script.span(word),
                        f"package {word.text!r} has no pinned version; write "
                        f"'{word.text}@<version>'",
                    )
