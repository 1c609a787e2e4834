"""Rules about build stages and the instructions that may appear once per stage."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from cslint.core.diagnostics import Finding, Related, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.parsers.dockerfile import KNOWN_INSTRUCTIONS, Instruction

if TYPE_CHECKING:
    from cslint.parsers.dockerfile import DockerfileDocument

DOCKERFILE = frozenset({FileKind.DOCKERFILE})


class CopyFromUnknownStage(Rule):
    """## What it does
    Reports `COPY --from=name` where `name` is not a stage defined earlier in the file,
    and `COPY --from=N` where `N` is not the index of an earlier stage.

    ## Why is this bad?
    Docker treats a `name` that is no stage as an image to pull; a typo in a stage name
    becomes a pull of an image that does not exist, or worse, of one that does. That
    reading may be meant, so it is a warning.

    A number is always a stage index, never an image name, so an index that is negative
    or past the last stage has no reading under which it works: Docker's classic builder
    stops with `invalid from flag value 2: index out of bounds`, BuildKit with `invalid
    stage index 2`. That is an error. The index of a *later* stage is a warning: BuildKit
    accepts it, the classic builder refuses it. The stage's own index is CS321's.

    hadolint (DL3022) also flags `--from` values that are clearly image references
    (`--from=nginx:1.27`, `--from=ghcr.io/x/y`) and every stage index (`--from=0`);
    cslint accepts those, since Docker documents both, and tells an index out of range
    (an error) from a name it does not know (a warning).

    ## Example
    ```dockerfile
    FROM golang:1.22 AS build
    FROM alpine:3.20
    COPY --from=biuld /out/app /app
    ```

    ## Use instead
    ```dockerfile
    COPY --from=build /out/app /app
    ```
    """

    code = "CS320"
    name = "copy-from-unknown-stage"
    summary = "COPY --from names no earlier stage"
    targets = DOCKERFILE
    default_severity = Severity.WARNING
    hadolint = ("DL3022",)
    valid = (
        Valid("FROM a:1 AS build\nFROM b:1\nCOPY --from=build /x /x\n", filename="Dockerfile"),
        Valid("FROM b:1\nCOPY --from=nginx:1.27 /etc/nginx /etc/nginx\n", filename="Dockerfile"),
    )
    invalid = (
        Invalid(
            "FROM a:1 AS build\nFROM b:1\nCOPY --from=biuld /x /x\n",
            filename="Dockerfile",
            expect=("CS320@3:6",),
        ),
        # Two stages, indexes 0 and 1: 2 and -1 are out of range (errors).
        Invalid(
            "FROM a:1 AS build\nRUN make\nFROM b:1\nCOPY --from=2 /x /x\nCOPY --from=-1 /y /y\n",
            filename="Dockerfile",
            expect=("CS320@4:6", "CS320@5:6"),
        ),
        # A later stage's index: BuildKit builds it, the classic builder does not.
        Invalid(
            "FROM a:1\nCOPY --from=1 /x /x\nFROM b:1\nRUN make\n",
            filename="Dockerfile",
            expect=("CS320@2:6",),
        ),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        stages = ctx.document.stages
        for stage in stages:
            earlier = {s.name for s in stages[: stage.index] if s.name}
            for instr in stage.instructions:
                source = instr.flag("from") if instr.cmd == "COPY" else None
                if source is None:
                    continue
                value = source.lower()
                if value in earlier or value == stage.name:
                    continue
                index = stage_index(value)
                if index is not None:
                    yield from _index_findings(instr, source, index, stage.index, len(stages))
                    continue
                if any(c in value for c in ":/@$"):
                    continue
                known = ", ".join(sorted(earlier)) or "none"
                yield Finding(
                    instr.find_or_keyword(f"--from={source}"),
                    f"'--from={source}' names no earlier stage (stages: {known}); "
                    "fix the name or define the stage before this COPY",
                )


def stage_index(value: str) -> int | None:
    """The stage index a `--from` value is, when it is an integer: Docker reads any
    integer, a negative one too, as an index, never as an image name."""
    digits = value.removeprefix("-")
    return int(value) if digits.isdigit() and digits.isascii() else None


def _index_findings(
    instr: Instruction, source: str, index: int, current: int, count: int
) -> Iterator[Finding]:
    at = instr.find_or_keyword(f"--from={source}")
    if index < 0 or index >= count:
        indexes = f"indexes 0 to {count - 1}" if count > 1 else "index 0"
        yield Finding(
            at,
            f"'--from={source}' is a stage index out of range: the stages have {indexes}, "
            "so the build stops with 'index out of bounds'; copy from an earlier stage",
            severity=Severity.ERROR,
        )
    elif index > current:
        yield Finding(
            at,
            f"'--from={source}' is the index of a later stage: BuildKit builds it first, but "
            "Docker's classic builder stops with 'index out of bounds'; move that stage "
            "before this one",
        )


class CopyFromOwnStage(Rule):
    """## What it does
    Reports `COPY --from=name` inside the stage called `name`, and `COPY --from=N` inside
    the stage whose index is `N`.

    ## Why is this bad?
    A stage cannot copy from itself: BuildKit fails with a circular dependency, Docker's
    classic builder with `invalid from flag value 1: refers to current build stage`.

    ## Example
    ```dockerfile
    FROM alpine:3.20 AS app
    COPY --from=app /a /b
    ```

    ## Use instead
    Copy from an earlier stage, or use `RUN cp` within the stage.
    """

    code = "CS321"
    name = "copy-from-own-stage"
    summary = "COPY --from names the stage it is in"
    targets = DOCKERFILE
    default_severity = Severity.ERROR
    hadolint = ("DL3023",)
    valid = (Valid("FROM a:1 AS x\nFROM b:1 AS y\nCOPY --from=x /a /b\n", filename="Dockerfile"),)
    invalid = (
        Invalid(
            "FROM a:1 AS app\nCOPY --from=app /a /b\n", filename="Dockerfile", expect=("CS321@2:6",)
        ),
        Invalid(
            "FROM a:1\nRUN make\nFROM b:1\nCOPY --from=1 /a /b\n",
            filename="Dockerfile",
            expect=("CS321@4:6",),
            hadolint_differs="hadolint compares --from with stage names only, not indexes",
        ),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        for stage in ctx.document.stages:
            for instr in stage.instructions:
                source = instr.flag("from") if instr.cmd == "COPY" else None
                if source is None:
                    continue
                value = source.lower()
                if (stage.name and value == stage.name) or stage_index(value) == stage.index:
                    yield Finding(
                        instr.find_or_keyword(f"--from={source}"),
                        f"'--from={source}' names the stage this COPY is in; copy from an "
                        "earlier stage instead",
                    )


class DuplicateStageName(Rule):
    """## What it does
    Reports a stage name (`FROM ... AS name`) used twice.

    ## Why is this bad?
    Docker refuses the file ("duplicate stage name"). Stage names are case-insensitive
    in BuildKit, so `AS build` and `AS Build` clash (hadolint DL3024 compares them
    case-sensitively and misses it).

    ## Example
    ```dockerfile
    FROM golang:1.22 AS build
    FROM node:22 AS build
    ```

    ## Use instead
    ```dockerfile
    FROM golang:1.22 AS build-go
    FROM node:22 AS build-web
    ```
    """

    code = "CS322"
    name = "duplicate-stage-name"
    summary = "two stages have the same name"
    targets = DOCKERFILE
    default_severity = Severity.ERROR
    hadolint = ("DL3024",)
    valid = (Valid("FROM a:1 AS x\nFROM b:1 AS y\n", filename="Dockerfile"),)
    invalid = (
        Invalid("FROM a:1 AS x\nFROM b:1 AS x\n", filename="Dockerfile", expect=("CS322@2:13",)),
        Invalid(
            "FROM a:1 AS x\nFROM b:1 AS X\n",
            filename="Dockerfile",
            expect=("CS322@2:13",),
            hadolint_differs="BuildKit lower-cases stage names, so 'X' is 'x' again",
        ),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        seen: dict[str, int] = {}
        for stage in ctx.document.stages:
            if stage.name is None:
                continue
            if stage.name in seen:
                first = ctx.document.stages[seen[stage.name]]
                yield Finding(
                    stage.name_span,
                    f"stage name {stage.name!r} is already used on line "
                    f"{first.from_.span.line}; give each stage its own name",
                    related=(Related(first.name_span, "first defined here"),),
                )
            else:
                seen[stage.name] = stage.index


class _OncePerStage(Rule):
    """Shared check: an instruction that only takes effect once per stage."""

    instruction: ClassVar[str]
    # One finding per stage, however many instructions repeat (one cause, one finding).
    once: ClassVar[bool] = False

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        groups: list[list[Instruction]] = [[]]
        for instr in ctx.document.instructions:
            if instr.cmd == "FROM":
                groups.append([])
            elif instr.cmd == self.instruction:
                groups[-1].append(instr)
        for found in groups:
            first = found[0] if found else None
            if self.once and len(found) > 2:
                last = found[-1]
                yield Finding(
                    found[1].keyword_span or found[1].span,
                    f"{len(found)} {self.instruction}s in this stage: only the last, on line "
                    f"{last.span.line}, takes effect; keep only one",
                    related=tuple(
                        Related(i.keyword_span or i.span, "replaced") for i in found[:-1]
                    ),
                )
                continue
            for later in found[1:]:
                assert first is not None
                yield Finding(
                    later.keyword_span or later.span,
                    f"second {self.instruction} in this stage: it replaces the one on line "
                    f"{first.span.line}, and only the last takes effect; keep only one",
                    related=(Related(first.keyword_span or first.span, "replaced here"),),
                )


class MultipleCmd(_OncePerStage):
    """## What it does
    Reports a `CMD` followed by another `CMD` in the same stage.

    ## Why is this bad?
    Only the last `CMD` takes effect; the earlier one is dead text that readers believe.
    Three or more in one stage are one finding, with the count (hadolint DL4003 reports
    each).


    ## Example
    ```dockerfile
    FROM a:1
    CMD ["a"]
    CMD ["b"]
    ```

    ## Use instead
    ```dockerfile
    FROM a:1
    CMD ["b"]
    ```
    """

    code = "CS324"
    name = "multiple-cmd"
    summary = "a stage has more than one CMD"
    targets = DOCKERFILE
    default_severity = Severity.WARNING
    hadolint = ("DL4003",)
    instruction = "CMD"
    once = True
    valid = (Valid('FROM a:1\nCMD ["a"]\nFROM b:1\nCMD ["b"]\n', filename="Dockerfile"),)
    invalid = (
        Invalid('FROM a:1\nCMD ["a"]\nCMD ["b"]\n', filename="Dockerfile", expect=("CS324@3:1",)),
        Invalid(
            'FROM a:1\nCMD ["a"]\nCMD ["b"]\nCMD ["c"]\nCMD ["d"]\n',
            filename="Dockerfile",
            expect=("CS324@3:1",),
            hadolint_differs="three or more CMDs in one stage are one finding, with the count",
        ),
    )


class MultipleEntrypoint(_OncePerStage):
    """## What it does
    Reports an `ENTRYPOINT` followed by another `ENTRYPOINT` in the same stage.

    ## Why is this bad?
    Only the last one takes effect.

    ## Example
    ```dockerfile
    FROM a:1
    ENTRYPOINT ["a"]
    ENTRYPOINT ["b"]
    ```

    ## Use instead
    ```dockerfile
    FROM a:1
    ENTRYPOINT ["b"]
    ```
    """

    code = "CS325"
    name = "multiple-entrypoint"
    summary = "a stage has more than one ENTRYPOINT"
    targets = DOCKERFILE
    default_severity = Severity.ERROR
    hadolint = ("DL4004",)
    instruction = "ENTRYPOINT"
    valid = (Valid('FROM a:1\nENTRYPOINT ["a"]\n', filename="Dockerfile"),)
    invalid = (
        Invalid(
            'FROM a:1\nENTRYPOINT ["a"]\nENTRYPOINT ["b"]\n',
            filename="Dockerfile",
            expect=("CS325@3:1",),
        ),
    )


class MultipleHealthcheck(_OncePerStage):
    """## What it does
    Reports a `HEALTHCHECK` followed by another `HEALTHCHECK` in the same stage.

    ## Why is this bad?
    Only the last one takes effect, and CodeShip waits on exactly that one before it
    starts a step that depends on the service.

    ## Example
    ```dockerfile
    FROM a:1
    HEALTHCHECK CMD ["a"]
    HEALTHCHECK CMD ["b"]
    ```

    ## Use instead
    ```dockerfile
    FROM a:1
    HEALTHCHECK CMD ["b"]
    ```
    """

    code = "CS326"
    name = "multiple-healthcheck"
    summary = "a stage has more than one HEALTHCHECK"
    targets = DOCKERFILE
    default_severity = Severity.ERROR
    hadolint = ("DL3012",)
    instruction = "HEALTHCHECK"
    valid = (Valid('FROM a:1\nHEALTHCHECK CMD ["a"]\n', filename="Dockerfile"),)
    invalid = (
        Invalid(
            'FROM a:1\nHEALTHCHECK CMD ["a"]\nHEALTHCHECK CMD ["b"]\n',
            filename="Dockerfile",
            expect=("CS326@3:1",),
        ),
    )


class MissingFrom(Rule):
    """## What it does
    Reports a Dockerfile whose first instruction (other than `ARG`) is not `FROM`, or
    that has no `FROM` at all: once, at the first such instruction, saying how many
    more there are (one defect, one finding).

    ## Why is this bad?
    Docker refuses it: every instruction but a global `ARG` must belong to a stage.
    A file that is only a fragment (a template included elsewhere) is not buildable.

    ## Example
    ```dockerfile
    RUN make
    FROM alpine:3.20
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    RUN make
    ```
    """

    code = "CS332"
    name = "missing-from"
    summary = "an instruction comes before the first FROM"
    targets = DOCKERFILE
    default_severity = Severity.ERROR
    hadolint = ("DL3061",)
    valid = (Valid("ARG V=1\nFROM a:$V\n", filename="Dockerfile"),)
    invalid = (
        Invalid("RUN make\nFROM a:1\n", filename="Dockerfile", expect=("CS332@1:1",)),
        Invalid(
            'CMD ["a"]\nCMD ["b"]\n',
            filename="Dockerfile",
            expect=("CS332@1:1",),
            hadolint_differs="one missing FROM is one finding, not one per instruction",
        ),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, None]) -> Iterator[Finding]:
        early = []
        has_from = False
        for instr in ctx.document.instructions:
            if instr.cmd == "FROM":
                has_from = True
                break
            # An unknown instruction is CS001's already; a Go template or a file that is not
            # a Dockerfile would otherwise get one CS332 per line.
            if instr.cmd != "ARG" and instr.cmd in KNOWN_INSTRUCTIONS:
                early.append(instr)
        if not early:
            return
        # One defect, one finding: at the first instruction, counting the others.
        first = early[0]
        more = len(early) - 1
        others = f" and {more} more instruction{'s' if more != 1 else ''}" if more else ""
        if has_from:
            text = f"{first.cmd!r}{others} come{'' if more else 's'} before the first FROM"
        else:
            verb = "belong" if more else "belongs"
            text = f"the Dockerfile has no FROM, so {first.cmd!r}{others} {verb} to no stage"
        yield Finding(
            first.keyword_span or first.span,
            f"{text}; start the Dockerfile with FROM (only ARG may precede it)",
        )
