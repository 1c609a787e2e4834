from __future__ import annotations

import posixpath
from collections.abc import Iterator

from cslint.codeship.services_model import services_root
from cslint.codeship.steps_model import scalar_text
from cslint.core.diagnostics import Finding, Severity, Span
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.parsers.yamldoc import JsonPath, YamlDocument
from cslint.rules.messages import q
from cslint.rules.project.views import checkable, in_project

_DOCKERFILE = "FROM busybox\n"
# Stand-ins in a message for the services it is about, and a verb's singular -s.
_WHO, _S = "\x00who", "\x00s"


def _build_inputs(
    definition: dict[str, object], path: JsonPath
) -> tuple[tuple[JsonPath, str], tuple[JsonPath | None, str]] | None:
    """((path of the context value, context), (path of the dockerfile value or None when
    defaulted, dockerfile)) of a service that builds; None when it does not."""
    if "build" not in definition:
        return None
    build = definition["build"]
    context_path: JsonPath = (*path, "build")
    dockerfile_path: JsonPath | None = None
    context = "."
    dockerfile = "Dockerfile"
    if isinstance(build, dict):
        for key in ("context", "path"):
            text = scalar_text(build.get(key))
            if text:
                context_path, context = (*path, "build", key), text
                break
        for key in ("dockerfile", "dockerfile_path"):
            text = scalar_text(build.get(key))
            if text:
                dockerfile_path, dockerfile = (*path, "build", key), text
                break
    else:
        text = scalar_text(build)
        if text:
            context = text
    if dockerfile_path is None:
        text = scalar_text(definition.get("dockerfile"))
        if text:
            dockerfile_path, dockerfile = (*path, "dockerfile"), text
    return (context_path, context), (dockerfile_path, dockerfile)


class MissingBuildPath(Rule):
    """## What it does
    Reports a service whose build context directory does not exist in the project, or
    whose Dockerfile (the `dockerfile` given, else `Dockerfile` in the context) is not
    there. A Dockerfile is looked up in the build context, as Docker and Compose do: the
    default `Dockerfile` must be in the context folder (a `Dockerfile` next to the services
    file, built for another service, does not count), and so must a `dockerfile` given
    with or without a context. A `dockerfile` that exists only next to the services file
    and not in the context is reported as a warning: Docker reads it from the context,
    but CodeShip's docs do not say so in words (format doc §2.3).
    Paths that leave the project folder, absolute paths, URLs and templated paths are not
    checked: what lies outside the project is not known here. `encrypted_args_file` is a
    file jet reads from the repository, not from the context (CS404 checks it).

    ## Why is this bad?
    CodeShip builds every service's image before the first step; a missing context or
    Dockerfile fails the build at once, usually after a folder was renamed or a Dockerfile
    moved without updating the services file.

    ## Example
    ```yaml
    app:
      build:
        context: ./sevrer
        dockerfile: Dockerfile.ci
    ```

    ## Use instead
    ```yaml
    app:
      build:
        context: ./server
        dockerfile: Dockerfile.ci
    ```
    """

    code = "CS403"
    name = "missing-build-path"
    summary = "a build context or Dockerfile does not exist"
    targets = frozenset({FileKind.SERVICES})
    default_severity = Severity.ERROR
    valid = (
        Valid(
            "app:\n  build:\n    context: server\n    dockerfile: Dockerfile.ci\n"
            "web:\n  build: .\n",
            files={"server/Dockerfile.ci": _DOCKERFILE, "Dockerfile": _DOCKERFILE},
        ),
        Valid("app:\n  build: ../shared\n"),
        Valid("app:\n  build: git@github.com:acme/app.git\n"),
        Valid("app:\n  build: app\n", files={"app/dockerfile": _DOCKERFILE}),
    )
    invalid = (
        Invalid(
            "app:\n  build:\n    context: sevrer\n",
            files={"server/Dockerfile": _DOCKERFILE},
            expect=("CS403@3:14",),
        ),
        Invalid(
            "app:\n  build:\n    context: server\n    dockerfile: Dockerfile.test\n"
            "web:\n  build: .\n",
            files={"server/Dockerfile": _DOCKERFILE},
            expect=("CS403@4:17", "CS403@6:3"),
        ),
        # The root Dockerfile belongs to another service: the worker's context has none.
        Invalid(
            "web:\n  build: .\nworker:\n  build: ./worker/\n",
            files={"Dockerfile": _DOCKERFILE, "worker/main.go": "package main\n"},
            expect=("CS403@4:3",),
        ),
        # Services merging one build mapping share its defect: one finding names them all.
        Invalid(
            "app: &app\n  build:\n    context: server\n    dockerfile: Dockerfile.ci\n"
            "test:\n  <<: *app\n  command: make test\n",
            files={"server/Dockerfile": _DOCKERFILE},
            expect=("CS403@4:17",),
        ),
        # A dockerfile next to the services file is not in the context (a warning).
        Invalid(
            "app:\n  build:\n    context: app\n    dockerfile: Dockerfile.ci\n",
            files={"Dockerfile.ci": _DOCKERFILE, "app/main.go": "package main\n"},
            expect=("CS403@4:17",),
        ),
    )

    def check(self, ctx: RuleContext[YamlDocument, None]) -> Iterator[Finding]:
        # One defect, one finding: services that merge one build mapping (`<<: *build`)
        # share its context and Dockerfile, and the finding at its place names them all.
        groups: dict[tuple[Span, Severity | None], list[tuple[str, str]]] = {}
        for name, span, severity, message in self._each(ctx):
            groups.setdefault((span, severity), []).append((name, message))
        for (span, severity), found in groups.items():
            names = [name for name, _ in found]
            who = (
                f"service {q(names[0])}"
                if len(names) == 1
                else f"services {', '.join(q(n) for n in names[:-1])} and {q(names[-1])} "
                "(one merged build)"
            )
            message = found[0][1].replace(_WHO, who).replace(_S, "s" if len(names) == 1 else "")
            yield Finding(span, message, severity=severity)

    def _each(
        self, ctx: RuleContext[YamlDocument, None]
    ) -> Iterator[tuple[str, Span, Severity | None, str]]:
        """(service, place, severity, message with _WHO for the services it is about)."""
        doc: YamlDocument = ctx.document
        fs = ctx.project.fs
        prefix, services = services_root(doc.data)
        for name, definition in services.items():
            if not isinstance(definition, dict):
                continue
            inputs = _build_inputs(definition, (*prefix, name))
            if inputs is None:
                continue
            (context_at, context), (dockerfile_at, dockerfile) = inputs
            if not checkable(context):
                continue
            context_dir = in_project(ctx, context)
            if not fs.inside_root(context_dir):
                continue
            if not fs.is_dir(context_dir):
                what = "is a file, not a directory" if fs.is_file(context_dir) else "does not exist"
                yield (
                    name,
                    doc.value_span(context_at),
                    None,
                    f"build context {q(context)} of {_WHO} {what} in the project",
                )
                continue
            if not checkable(dockerfile):
                continue
            in_context = [in_project(ctx, posixpath.join(context, dockerfile))]
            if dockerfile_at is None:
                # The docker CLI falls back to a lower-case `dockerfile` in the context.
                in_context.append(in_project(ctx, posixpath.join(context, "dockerfile")))
            if any(fs.is_file(c) for c in in_context if fs.inside_root(c)):
                continue
            if dockerfile_at is None:
                yield (
                    name,
                    doc.span((*prefix, name, "build")),
                    None,
                    (
                        f"{_WHO} build{_S} from {q(context)}, but there is no Dockerfile in it; "
                        "add one or name it with 'dockerfile'"
                    ),
                )
                continue
            beside = in_project(ctx, dockerfile)
            if fs.inside_root(beside) and fs.is_file(beside):
                yield (
                    name,
                    doc.value_span(dockerfile_at),
                    Severity.WARNING,
                    (
                        f"the Dockerfile {q(dockerfile)} of {_WHO} is not in its build context "
                        f"{q(context)}, only next to the services file; Docker reads the "
                        f"Dockerfile from the context: write {q(_from_context(context, dockerfile))}"
                    ),
                )
            else:
                yield (
                    name,
                    doc.value_span(dockerfile_at),
                    None,
                    (
                        f"the Dockerfile {q(dockerfile)} of {_WHO} does not exist in "
                        f"its build context {q(context)}"
                    ),
                )


def _from_context(context: str, dockerfile: str) -> str:
    """The path, relative to the context, of a Dockerfile given relative to the services
    file."""
    return posixpath.relpath(posixpath.normpath(dockerfile), posixpath.normpath(context))
