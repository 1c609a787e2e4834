"""Language package managers beyond pip and npm: gem (DL3028), yarn (DL3060), go
(DL3062)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cslint.core.diagnostics import Finding, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.parsers.dockerfile import Instruction
from cslint.rules.dockerfile._common import scripts
from cslint.rules.dockerfile._image import in_image

if TYPE_CHECKING:
    from cslint.parsers.dockerfile import DockerfileDocument

DOCKERFILE = frozenset({FileKind.DOCKERFILE})
# gem install options that take a value (`gem help install`).
_GEM_VALUE_FLAGS = (
    "bindir", "build-root", "document", "env-shebang", "file", "g", "i", "install-dir",
    "n", "platform", "s", "source", "target-rbconfig", "without", "with",
)  # fmt: skip


class GemUnpinned(Rule):
    """## What it does
    Reports gems in `gem install` without a version (`rails:7.1.3`), unless the command
    gives one with `-v`/`--version`. Off by default, like every pinning rule.

    cslint knows which `gem install` options take a value; hadolint DL3028 takes the
    word after every option as its value, so it misses `rails` in
    `gem install --no-document rails`.

    ## Why is this bad?
    Each build installs the newest release of the gem.

    ## Example
    ```dockerfile
    RUN gem install bundler
    ```

    ## Use instead
    ```dockerfile
    RUN gem install bundler:2.5.11
    ```
    """

    code = "CS341"
    name = "gem-unpinned"
    summary = "`gem install` of a gem without a version"
    targets = DOCKERFILE
    default_severity = Severity.WARNING
    default_enabled = False
    opt_in = "version pinning is a policy; many images install the current release on purpose"
    hadolint = ("DL3028",)
    valid = (
        Valid("FROM ruby:3.3\nRUN gem install bundler:2.5.11\n"),
        Valid("FROM ruby:3.3\nRUN gem install rails -v 7.1.3\n"),
        Valid("FROM ruby:3.3\nRUN gem install --version=7.1.3 rails\n"),
        Valid("FROM ruby:3.3\nRUN gem update --system && gem list\n"),
        Valid("FROM ruby:3.3\nRUN gem install rake:13.2.1 rspec:3.13.0\n"),
        Valid("FROM ruby:3.3\nRUN gem install rails --version 7.1.3 --no-document\n"),
        Valid("FROM ruby:3.3\nRUN bundle install --jobs 4\n"),
    )
    invalid = (
        Invalid("FROM ruby:3.3\nRUN gem install bundler\n", expect=("CS341@2:17",)),
        Invalid("FROM ruby:3.3\nRUN gem i rake:13.2.1 rspec\n", expect=("CS341@2:23",)),
        Invalid(
            "FROM ruby:3.3\nRUN bundle install && gem install foreman\n", expect=("CS341@2:35",)
        ),
        Invalid(
            "FROM ruby:3.3\nRUN gem install --no-document rails\n",
            expect=("CS341@2:31",),
            hadolint_differs="hadolint reads 'rails' as the value of --no-document, which "
            "takes none",
        ),
        Invalid("FROM ruby:3.3\nRUN gem install rails -N\n", expect=("CS341@2:17",)),
        Invalid("FROM ruby:3.3\nRUN gem install bundler:2.5.11 rake\n", expect=("CS341@2:32",)),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        for _run, script in scripts(ctx.document):
            for command in script.find("gem", "install", "i"):
                if command.has_flag("v", "version"):
                    continue
                words = []
                for word in command.args:
                    if word.text == "--":
                        break
                    words.append(word)
                operands = [
                    w for w in command.operands(taking_value=_GEM_VALUE_FLAGS) if w in words
                ]
                if not operands or operands[0].text not in ("install", "i"):
                    continue
                for word in operands[1:]:
                    if ":" in word.text or word.text.endswith(".gem"):
                        continue
                    yield Finding(
                        script.span(word),
                        f"gem {word.text!r} has no pinned version; write '{word.text}:<version>'",
                    )


def _yarn_cache_mount(run: Instruction) -> bool:
    for flag in run.flags:
        if flag.lower().startswith("--mount=") and ".cache/yarn" in flag:
            return "type=cache" in flag or "type=tmpfs" in flag
    return False


class YarnCacheNotCleaned(Rule):
    """## What it does
    Reports a RUN with `yarn install` that does not run `yarn cache clean` after it, in a
    stage that ends up in the image (the final stage, or one a later FROM builds on). A
    cache or tmpfs mount on the yarn cache is accepted.

    ## Why is this bad?
    yarn keeps a copy of every package in its cache folder, inside the layer, next to
    `node_modules`.

    ## Example
    ```dockerfile
    RUN yarn install --frozen-lockfile
    ```

    ## Use instead
    ```dockerfile
    RUN yarn install --frozen-lockfile && yarn cache clean
    ```
    """

    code = "CS365"
    name = "yarn-cache-not-cleaned"
    summary = "`yarn install` without `yarn cache clean`"
    targets = DOCKERFILE
    default_severity = Severity.INFO
    default_enabled = False
    opt_in = "image size, not correctness"
    hadolint = ("DL3060",)
    valid = (
        Valid("FROM node:22\nRUN yarn install --frozen-lockfile && yarn cache clean\n"),
        Valid("FROM node:22\nRUN yarn add react@18.3.1 && yarn build\n"),
        Valid(
            "FROM node:22 AS build\nRUN yarn install\n"
            "FROM nginx:1.27\nCOPY --from=build /app/dist /usr/share/nginx/html\n"
        ),
        Valid(
            "FROM node:22\n"
            "RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install\n"
        ),
        Valid("FROM node:22\nRUN yarn install && yarn build && yarn cache clean --all\n"),
        Valid("FROM node:22\nRUN npm ci && npm cache clean --force\n"),
        Valid("FROM node:22\nRUN yarn --version\n"),
    )
    invalid = (
        Invalid("FROM node:22\nRUN yarn install --frozen-lockfile\n", expect=("CS365@2:5",)),
        Invalid(
            "FROM node:22 AS deps\nRUN yarn install\nFROM deps\nRUN yarn build\n",
            expect=("CS365@2:5",),
        ),
        Invalid("FROM node:22\nRUN yarn cache clean && yarn install\n", expect=("CS365@2:25",)),
        Invalid(
            'FROM node:22\nWORKDIR /app\nRUN yarn install --production\nCMD ["node", "index.js"]\n',
            expect=("CS365@3:5",),
        ),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        doc = ctx.document
        for run, script in scripts(doc):
            if not in_image(doc, run) or _yarn_cache_mount(run):
                continue
            commands = script.commands
            for index, command in enumerate(commands):
                if not command.is_("yarn", "install"):
                    continue
                if any(c.is_("yarn", "cache") and c.has_arg("clean") for c in commands[index:]):
                    continue
                yield Finding(
                    script.span(command.words[0]),
                    "'yarn install' leaves its package cache in the layer; run "
                    "'yarn cache clean' after it",
                )
                break


def _go_pinned(package: str) -> bool:
    if package == "." or package.startswith(("/", ".")):
        return True
    return "@" in package and not package.endswith(("@latest", "@none"))


class GoUnpinned(Rule):
    """## What it does
    Reports `go install`, `go get` and `go run` of a package without a version
    (`golang.org/x/tools/cmd/goimports@v0.24.0`); `@latest` is no version. Local paths
    (`.`, `./cmd/app`) are accepted. Off by default, like every pinning rule.

    ## Why is this bad?
    Each build fetches whatever the module's newest release is that day.

    ## Example
    ```dockerfile
    RUN go install github.com/go-delve/delve/cmd/dlv@latest
    ```

    ## Use instead
    ```dockerfile
    RUN go install github.com/go-delve/delve/cmd/dlv@v1.23.0
    ```
    """

    code = "CS366"
    name = "go-unpinned"
    summary = "`go install` of a package without a version"
    targets = DOCKERFILE
    default_severity = Severity.WARNING
    default_enabled = False
    opt_in = "version pinning is a policy; many images install the current release on purpose"
    hadolint = ("DL3062",)
    valid = (
        Valid("FROM golang:1.23\nRUN go install github.com/x/tool@v1.2.3 && go build ./...\n"),
        Valid("FROM golang:1.23\nRUN go install ./cmd/app\n"),
        Valid("FROM golang:1.23\nRUN go run ./cmd/gen --out x\n"),
        Valid("FROM golang:1.23\nRUN go get example.com/m@v1.0.0 && go mod download\n"),
        Valid("FROM golang:1.23\nRUN go install -v golang.org/x/tools/gopls@v0.16.1\n"),
        Valid("FROM golang:1.23\nRUN go get -u ./...\n"),
        Valid("FROM golang:1.23\nRUN go build -o /app . && go test ./...\n"),
        Valid("FROM golang:1.23\nRUN go version\n"),
    )
    invalid = (
        Invalid("FROM golang:1.23\nRUN go install github.com/x/tool\n", expect=("CS366@2:16",)),
        Invalid("FROM golang:1.23\nRUN go get example.com/m@latest\n", expect=("CS366@2:12",)),
        Invalid("FROM golang:1.23\nRUN go run example.com/gen@none arg\n", expect=("CS366@2:12",)),
        Invalid("FROM golang:1.23\nRUN go install a.io/x@v1 b.io/y\n", expect=("CS366@2:26",)),
        Invalid(
            "FROM golang:1.23\nRUN go install golang.org/x/tools/cmd/goimports\n",
            expect=("CS366@2:16",),
        ),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        for _run, script in scripts(ctx.document):
            for command in script.find("go", "install", "get", "run"):
                operands = command.operands()
                if not operands or operands[0].text not in ("install", "get", "run"):
                    continue
                verb = operands[0].text
                packages = operands[1:2] if verb == "run" else operands[1:]
                for word in packages:
                    if word.text == "tool" or _go_pinned(word.text):
                        continue
                    yield Finding(
                        script.span(word),
                        f"package {word.text!r} has no pinned version; write "
                        f"'{word.text.split('@')[0]}@<version>'",
                    )
