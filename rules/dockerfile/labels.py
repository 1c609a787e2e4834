"""Labels against a label schema (hadolint's `label-schema`): required labels (DL3049),
labels outside the schema (DL3050), empty values (DL3051), and values that must be a
URL (DL3052), an RFC 3339 time (DL3053), an SPDX license (DL3054), a git hash (DL3055),
a semantic version (DL3056) or an e-mail address (DL3058).

Every rule here is off until it has a schema: `label-schema` in `.hadolint.yaml`, or the
rule's `label-schema` option in `.cslint.yaml`. The schema maps label names to a type:
text, url, semver, hash, rfc3339, spdx or email.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar, Final

from cslint.core.diagnostics import Finding, Severity
from cslint.core.kinds import FileKind
from cslint.core.lazyre import lazy
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.rules.dockerfile._image import image_chain, pairs

if TYPE_CHECKING:
    from cslint.parsers.dockerfile import DockerfileDocument

DOCKERFILE = frozenset({FileKind.DOCKERFILE})
LABEL_TYPES = ("text", "url", "semver", "hash", "rfc3339", "spdx", "email")


# The default schema: none (immutable, so that one object can be every default).
_NO_SCHEMA: Mapping[str, str] = MappingProxyType({})


class LabelSchemaOptions:
    """The options of the label rules: hadolint's `label-schema`, each label's type."""

    __slots__ = ("label_schema",)

    # label name -> type (text, url, semver, hash, rfc3339, spdx, email), as hadolint's
    # `label-schema`.
    label_schema: Final[Mapping[str, str]]

    def __init__(self, label_schema: Mapping[str, str] = _NO_SCHEMA) -> None:
        schema: Any = label_schema
        if not isinstance(schema, Mapping):
            raise TypeError("label-schema must map label names to types")
        for name, kind in schema.items():
            if kind not in LABEL_TYPES:
                raise ValueError(
                    f"label {name!r} has the type {kind!r}; expected one of "
                    f"{', '.join(LABEL_TYPES)}"
                )
        # A copy: a plain dict, as the config gave it (and as the rule pages show the default).
        self.label_schema = dict(schema)


class StrictLabelsOptions(LabelSchemaOptions):
    """The options of label-not-in-schema: the schema, and hadolint's `strict-labels`."""

    __slots__ = ("strict",)

    # Report labels the schema does not name (hadolint's `strict-labels`).
    strict: Final[bool]

    def __init__(self, label_schema: Mapping[str, str] = _NO_SCHEMA, strict: bool = False) -> None:
        super().__init__(label_schema)
        if not isinstance(strict, bool):
            raise TypeError("strict must be true or false")
        self.strict = strict


SCHEMA = (("label-schema", "label_schema"),)
_SCHEMA_EXAMPLE = {"label-schema": {"org.opencontainers.image.version": "semver"}}


def _schema(ctx: RuleContext[object, LabelSchemaOptions]) -> Mapping[str, str]:
    return ctx.options.label_schema if ctx.options is not None else {}


class LabelMissing(Rule):
    """## What it does
    Reports a label of the schema that the image does not set: neither its final stage
    nor a stage it builds on through FROM has it. hadolint DL3049 checks every stage
    (except those only copied from) and reports a builder stage even when the final
    image sets the label; cslint checks the image that is built.

    ## Why is this bad?
    Tools that read image labels (registries, scanners, the team's release process)
    depend on the labels the schema requires.

    ## Example
    ```dockerfile
    FROM debian:12
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    LABEL org.opencontainers.image.version=1.4.0
    ```
    """

    code = "CS355"
    name = "label-missing"
    summary = "label of the label schema not set"
    targets = DOCKERFILE
    default_severity = Severity.INFO
    default_enabled = False
    enabled_when_configured = True
    opt_in = "needs a label schema"
    hadolint = ("DL3049",)
    hadolint_settings = SCHEMA
    Options = LabelSchemaOptions
    valid = (
        Valid(
            "FROM debian:12\nLABEL org.opencontainers.image.version=1.4.0\n",
            options=_SCHEMA_EXAMPLE,
        ),
        Valid(
            "FROM debian:12 AS base\nLABEL org.opencontainers.image.version=1.4.0\n"
            "FROM base\nRUN echo hi\n",
            options=_SCHEMA_EXAMPLE,
        ),
        Valid(
            "FROM debian:12\nLABEL a=1\nLABEL b=2\n",
            options={"label-schema": {"a": "text", "b": "url"}},
        ),
    )
    invalid = (
        Invalid("FROM debian:12\nRUN echo hi\n", options=_SCHEMA_EXAMPLE, expect=("CS355@1:1",)),
        Invalid(
            "FROM debian:12\nLABEL org.opencontainers.image.title=app\n",
            options=_SCHEMA_EXAMPLE,
            expect=("CS355@1:1",),
        ),
        Invalid(
            "FROM debian:12\nLABEL a=1\n",
            options={"label-schema": {"a": "text", "b": "text", "c": "url"}},
            expect=("CS355@1:1", "CS355@1:1"),
        ),
        Invalid(
            "FROM debian:12\nLABEL other=1\nRUN echo\n",
            expect=("CS355@1:1",),
            options={"label-schema": {"a": "text"}},
        ),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, LabelSchemaOptions]) -> Iterator[Finding]:
        schema = _schema(ctx)
        chain = image_chain(ctx.document)
        if not schema or not chain:
            return
        present = {
            key
            for stage in chain
            for instr in stage.instructions
            if instr.cmd == "LABEL"
            for key, _value, _span in pairs(instr)
        }
        final = chain[0].from_
        for name in schema:
            if name not in present:
                yield Finding(
                    final.keyword_span or final.span,
                    f"the image has no label {name!r}, which the label schema requires",
                )


class LabelNotInSchema(Rule):
    """## What it does
    With `strict: true` (hadolint's `strict-labels`), reports labels that the label
    schema does not name.

    ## Why is this bad?
    A strict schema is the whole list of labels a team agreed on; another label is a typo
    or a label nobody reads.

    ## Example
    ```dockerfile
    LABEL org.opencontainers.image.verison=1.4.0
    ```

    ## Use instead
    ```dockerfile
    LABEL org.opencontainers.image.version=1.4.0
    ```
    """

    code = "CS356"
    name = "label-not-in-schema"
    summary = "label the strict label schema does not name"
    targets = DOCKERFILE
    default_severity = Severity.INFO
    default_enabled = False
    enabled_when_configured = True
    opt_in = "needs a label schema"
    hadolint = ("DL3050",)
    hadolint_settings = (("label-schema", "label_schema"), ("strict-labels", "strict"))
    Options = StrictLabelsOptions
    valid = (
        Valid(
            "FROM debian:12\nLABEL org.opencontainers.image.version=1.4.0\n",
            options={**_SCHEMA_EXAMPLE, "strict": True},
        ),
        Valid("FROM debian:12\nLABEL other=1\n", options=_SCHEMA_EXAMPLE),
        Valid(
            "FROM debian:12\nLABEL a=1 b=2\n",
            options={"label-schema": {"a": "text", "b": "text"}, "strict": True},
        ),
        Valid(
            "FROM debian:12\nLABEL a=1\n", options={"label-schema": {"a": "text"}, "strict": True}
        ),
        Valid(
            "FROM debian:12\nLABEL a=1\n",
            options={"label-schema": {"a": "text", "b": "text"}, "strict": True},
        ),
    )
    invalid = (
        Invalid(
            "FROM debian:12\nLABEL org.opencontainers.image.verison=1.4.0\n",
            options={**_SCHEMA_EXAMPLE, "strict": True},
            expect=("CS356@2:7",),
        ),
        Invalid(
            "FROM debian:12\nLABEL a=1\nLABEL b=2\n",
            options={"label-schema": {"a": "text"}, "strict": True},
            expect=("CS356@3:7",),
        ),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, StrictLabelsOptions]) -> Iterator[Finding]:
        if ctx.options is None or not ctx.options.strict:
            return
        schema = _schema(ctx)
        for instr in ctx.document.instructions:
            if instr.cmd != "LABEL":
                continue
            for key, _value, span in pairs(instr):
                if key not in schema:
                    yield Finding(span, f"the label {key!r} is not in the label schema")


class _LabelValueRule(Rule):
    """Shared check: every label of the schema with this rule's type has a valid value."""

    label_type: ClassVar[str] = ""
    what: ClassVar[str] = ""

    @staticmethod
    def valid_value(value: str) -> bool:
        raise NotImplementedError

    def check(self, ctx: RuleContext[DockerfileDocument, LabelSchemaOptions]) -> Iterator[Finding]:
        schema = _schema(ctx)
        wanted = {name for name, kind in schema.items() if kind == self.label_type}
        if not wanted:
            return
        for instr in ctx.document.instructions:
            if instr.cmd != "LABEL":
                continue
            for key, value, span in pairs(instr):
                if key in wanted and not self.valid_value(value):
                    yield Finding(span, f"the label {key!r} is {value!r}, not {self.what}")


class LabelEmpty(Rule):
    """## What it does
    Reports a label of the schema whose value is empty (any type).

    ## Why is this bad?
    An empty label is there to satisfy a check, not to say anything.

    ## Example
    ```dockerfile
    LABEL org.opencontainers.image.version=""
    ```

    ## Use instead
    ```dockerfile
    LABEL org.opencontainers.image.version=1.4.0
    ```
    """

    code = "CS357"
    name = "label-empty"
    summary = "label of the label schema with an empty value"
    targets = DOCKERFILE
    default_severity = Severity.WARNING
    default_enabled = False
    enabled_when_configured = True
    opt_in = "needs a label schema"
    hadolint = ("DL3051",)
    hadolint_settings = SCHEMA
    Options = LabelSchemaOptions
    valid = (
        Valid('FROM debian:12\nLABEL a=x other=""\n', options={"label-schema": {"a": "text"}}),
        Valid(
            "FROM debian:12\nLABEL a=x\nLABEL b=y\n",
            options={"label-schema": {"a": "text", "b": "text"}},
        ),
        Valid("FROM debian:12\nLABEL a=x\n", options={"label-schema": {"a": "url"}}),
    )
    invalid = (
        Invalid(
            "FROM debian:12\nLABEL a=\"\" b=''\n",
            options={"label-schema": {"a": "text", "b": "url"}},
            expect=("CS357@2:7", "CS357@2:12"),
        ),
        Invalid(
            'FROM debian:12\nLABEL a=1\nLABEL a=""\n',
            options={"label-schema": {"a": "text"}},
            expect=("CS357@3:7",),
        ),
    )

    def check(self, ctx: RuleContext[DockerfileDocument, LabelSchemaOptions]) -> Iterator[Finding]:
        schema = _schema(ctx)
        for instr in ctx.document.instructions:
            if instr.cmd != "LABEL":
                continue
            for key, value, span in pairs(instr):
                if key in schema and value == "":
                    yield Finding(span, f"the label {key!r} is empty")


_URI = lazy(
    r"^[A-Za-z][A-Za-z0-9+.\-]*:"
    r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*"
    r"(?:#(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*)?$"
)


def _is_url(value: str) -> bool:
    """An absolute URI (RFC 3986: a scheme, then characters a URI may hold)."""
    if not _URI.match(value):
        return False
    rest = value.split(":", 1)[1]
    if rest.startswith("//"):
        authority = rest[2:].split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
        host = authority.rsplit("@", 1)[-1]
        port = host.rsplit(":", 1)[1] if ":" in host and not host.endswith("]") else ""
        return port.isdigit() or port == ""
    return True


class LabelNotUrl(_LabelValueRule):
    """## What it does
    Reports a label the schema types `url` whose value is not an absolute URL.

    ## Why is this bad?
    Tools that link to the source or documentation of an image follow this value.

    ## Example
    ```dockerfile
    LABEL org.opencontainers.image.source=github.com/org/app
    ```

    ## Use instead
    ```dockerfile
    LABEL org.opencontainers.image.source=https://github.com/org/app
    ```
    """

    code = "CS358"
    name = "label-not-url"
    summary = "label of type url that is not a URL"
    targets = DOCKERFILE
    default_severity = Severity.WARNING
    default_enabled = False
    enabled_when_configured = True
    opt_in = "needs a label schema"
    hadolint = ("DL3052",)
    hadolint_settings = SCHEMA
    Options = LabelSchemaOptions
    label_type = "url"
    what = "an absolute URL"
    valid_value = staticmethod(_is_url)
    valid = (
        Valid(
            "FROM debian:12\nLABEL src=https://github.com/org/app docs=mailto:a@example.com\n",
            options={"label-schema": {"src": "url", "docs": "url"}},
        ),
        Valid(
            'FROM debian:12\nLABEL src="https://example.com/a?b=c#d" other=x\n',
            options={"label-schema": {"src": "url"}},
        ),
        Valid("FROM debian:12\nLABEL other=notaurl\n", options={"label-schema": {"src": "url"}}),
        Valid(
            "FROM debian:12\nLABEL src=ftp://ftp.example.com/pub/\n",
            options={"label-schema": {"src": "url"}},
        ),
    )
    invalid = (
        Invalid(
            "FROM debian:12\nLABEL src=github.com/org/app\n",
            options={"label-schema": {"src": "url"}},
            expect=("CS358@2:7",),
        ),
        Invalid(
            "FROM debian:12\nLABEL src=/docs/index.html\n",
            options={"label-schema": {"src": "url"}},
            expect=("CS358@2:7",),
        ),
        Invalid(
            'FROM debian:12\nLABEL src="https://example.com/a b"\n',
            options={"label-schema": {"src": "url"}},
            expect=("CS358@2:7",),
        ),
    )


_RFC3339 = lazy(r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def _is_rfc3339(value: str) -> bool:
    import datetime

    match = _RFC3339.match(value)
    if not match:
        return False
    year, month, day, hour, minute, second = (int(match.group(i)) for i in range(1, 7))
    try:
        datetime.datetime(year, month, day, hour, minute, min(second, 59))
    except ValueError:
        return False
    return second <= 60


class LabelNotRfc3339(_LabelValueRule):
    """## What it does
    Reports a label the schema types `rfc3339` whose value is not an RFC 3339 time
    (`2024-05-01T12:00:00Z`).

    ## Why is this bad?
    Build times are compared and sorted by tools; another format breaks them.

    ## Example
    ```dockerfile
    LABEL org.opencontainers.image.created="2024-05-01 12:00"
    ```

    ## Use instead
    ```dockerfile
    LABEL org.opencontainers.image.created=2024-05-01T12:00:00Z
    ```
    """

    code = "CS359"
    name = "label-not-rfc3339"
    summary = "label of type rfc3339 that is not an RFC 3339 time"
    targets = DOCKERFILE
    default_severity = Severity.WARNING
    default_enabled = False
    enabled_when_configured = True
    opt_in = "needs a label schema"
    hadolint = ("DL3053",)
    hadolint_settings = SCHEMA
    Options = LabelSchemaOptions
    label_type = "rfc3339"
    what = "an RFC 3339 time"
    valid_value = staticmethod(_is_rfc3339)
    valid = (
        Valid(
            "FROM debian:12\nLABEL created=2024-05-01T12:00:00Z built=2024-05-01T12:00:00.5+02:00\n",
            options={"label-schema": {"created": "rfc3339", "built": "rfc3339"}},
        ),
        Valid(
            "FROM debian:12\nLABEL created=2024-02-29T23:59:59-05:00\n",
            options={"label-schema": {"created": "rfc3339"}},
        ),
        Valid(
            "FROM debian:12\nLABEL c=1985-04-12T23:20:50.52Z\n",
            options={"label-schema": {"c": "rfc3339"}},
        ),
    )
    invalid = (
        Invalid(
            'FROM debian:12\nLABEL created="2024-05-01 12:00"\n',
            options={"label-schema": {"created": "rfc3339"}},
            expect=("CS359@2:7",),
        ),
        Invalid(
            "FROM debian:12\nLABEL created=2024-13-01T12:00:00Z\n",
            options={"label-schema": {"created": "rfc3339"}},
            expect=("CS359@2:7",),
        ),
        Invalid(
            "FROM debian:12\nLABEL created=2024-05-01\n",
            options={"label-schema": {"created": "rfc3339"}},
            expect=("CS359@2:7",),
        ),
    )


def _is_spdx(value: str) -> bool:
    """One SPDX license identifier, as hadolint reads it (no expressions such as
    `MIT OR Apache-2.0`)."""
    from packaging.licenses import InvalidLicenseExpression, canonicalize_license_expression

    if not value or any(c.isspace() or c in "()" for c in value) or "LicenseRef-" in value:
        return False
    try:
        return canonicalize_license_expression(value) == value
    except InvalidLicenseExpression:
        return False


class LabelNotSpdx(_LabelValueRule):
    """## What it does
    Reports a label the schema types `spdx` whose value is not an SPDX license
    identifier (`MIT`, `Apache-2.0`). Like hadolint, one identifier: an expression such
    as `MIT OR Apache-2.0` is reported.

    ## Why is this bad?
    License scanners read this label; a free-form value cannot be matched to a license.

    ## Example
    ```dockerfile
    LABEL org.opencontainers.image.licenses="Apache 2"
    ```

    ## Use instead
    ```dockerfile
    LABEL org.opencontainers.image.licenses=Apache-2.0
    ```
    """

    code = "CS360"
    name = "label-not-spdx"
    summary = "label of type spdx that is not an SPDX license identifier"
    targets = DOCKERFILE
    default_severity = Severity.WARNING
    default_enabled = False
    enabled_when_configured = True
    opt_in = "needs a label schema"
    hadolint = ("DL3054",)
    hadolint_settings = SCHEMA
    Options = LabelSchemaOptions
    label_type = "spdx"
    what = "an SPDX license identifier"
    valid_value = staticmethod(_is_spdx)
    valid = (
        Valid(
            "FROM debian:12\nLABEL license=Apache-2.0 other=MIT\n",
            options={"label-schema": {"license": "spdx", "other": "spdx"}},
        ),
        Valid(
            "FROM debian:12\nLABEL license=GPL-3.0-or-later\n",
            options={"label-schema": {"license": "spdx"}},
        ),
        Valid(
            "FROM debian:12\nLABEL license=BSD-3-Clause\n",
            options={"label-schema": {"license": "spdx"}},
        ),
    )
    invalid = (
        Invalid(
            'FROM debian:12\nLABEL license="Apache 2"\n',
            options={"label-schema": {"license": "spdx"}},
            expect=("CS360@2:7",),
        ),
        Invalid(
            "FROM debian:12\nLABEL license=mit\n",
            options={"label-schema": {"license": "spdx"}},
            expect=("CS360@2:7",),
        ),
        Invalid(
            "FROM debian:12\nLABEL license=Proprietary\n",
            options={"label-schema": {"license": "spdx"}},
            expect=("CS360@2:7",),
        ),
    )


_GIT_HASH = lazy(r"^(?:[0-9a-f]{7}|[0-9a-f]{40})$")


def _is_git_hash(value: str) -> bool:
    return bool(_GIT_HASH.match(value))


class LabelNotGitHash(_LabelValueRule):
    """## What it does
    Reports a label the schema types `hash` whose value is not a git commit hash: 7 or
    40 lower-case hexadecimal digits, as hadolint requires.

    ## Why is this bad?
    The revision label ties an image to its source; a value that is not a commit cannot
    be looked up.

    ## Example
    ```dockerfile
    LABEL org.opencontainers.image.revision=main
    ```

    ## Use instead
    ```dockerfile
    LABEL org.opencontainers.image.revision=3f2a9c1
    ```
    """

    code = "CS361"
    name = "label-not-git-hash"
    summary = "label of type hash that is not a git commit hash"
    targets = DOCKERFILE
    default_severity = Severity.WARNING
    default_enabled = False
    enabled_when_configured = True
    opt_in = "needs a label schema"
    hadolint = ("DL3055",)
    hadolint_settings = SCHEMA
    Options = LabelSchemaOptions
    label_type = "hash"
    what = "a git commit hash (7 or 40 hex digits)"
    valid_value = staticmethod(_is_git_hash)
    valid = (
        Valid(
            "FROM debian:12\nLABEL rev=3f2a9c1 full=3f2a9c1d0b6e4a5f8c7d9e0a1b2c3d4e5f6a7b8c\n",
            options={"label-schema": {"rev": "hash", "full": "hash"}},
        ),
        Valid("FROM debian:12\nLABEL rev=0000000\n", options={"label-schema": {"rev": "hash"}}),
        Valid("FROM debian:12\nLABEL other=main\n", options={"label-schema": {"rev": "hash"}}),
    )
    invalid = (
        Invalid(
            "FROM debian:12\nLABEL rev=main\n",
            options={"label-schema": {"rev": "hash"}},
            expect=("CS361@2:7",),
        ),
        Invalid(
            "FROM debian:12\nLABEL rev=3F2A9C1\n",
            options={"label-schema": {"rev": "hash"}},
            expect=("CS361@2:7",),
        ),
        Invalid(
            "FROM debian:12\nLABEL rev=3f2a9c1d\n",
            options={"label-schema": {"rev": "hash"}},
            expect=("CS361@2:7",),
        ),
    )


_SEMVER = lazy(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$"
)


def _is_semver(value: str) -> bool:
    return bool(_SEMVER.match(value))


class LabelNotSemver(_LabelValueRule):
    """## What it does
    Reports a label the schema types `semver` whose value is not a semantic version
    (`1.4.0`, `2.0.0-rc.1`); a leading `v` is not part of one.

    ## Why is this bad?
    Deployment tools compare versions; `latest` or `1.4` cannot be ordered reliably.

    ## Example
    ```dockerfile
    LABEL org.opencontainers.image.version=v1.4
    ```

    ## Use instead
    ```dockerfile
    LABEL org.opencontainers.image.version=1.4.0
    ```
    """

    code = "CS362"
    name = "label-not-semver"
    summary = "label of type semver that is not a semantic version"
    targets = DOCKERFILE
    default_severity = Severity.WARNING
    default_enabled = False
    enabled_when_configured = True
    opt_in = "needs a label schema"
    hadolint = ("DL3056",)
    hadolint_settings = SCHEMA
    Options = LabelSchemaOptions
    label_type = "semver"
    what = "a semantic version"
    valid_value = staticmethod(_is_semver)
    valid = (
        Valid(
            "FROM debian:12\nLABEL v=1.4.0 w=2.0.0-rc.1+build.5\n",
            options={"label-schema": {"v": "semver", "w": "semver"}},
        ),
        Valid("FROM debian:12\nLABEL v=0.0.1\n", options={"label-schema": {"v": "semver"}}),
        Valid("FROM debian:12\nLABEL v=10.20.30\n", options={"label-schema": {"v": "semver"}}),
        Valid("FROM debian:12\nLABEL v=1.0.0-alpha\n", options={"label-schema": {"v": "semver"}}),
    )
    invalid = (
        Invalid(
            "FROM debian:12\nLABEL v=v1.4\n",
            options={"label-schema": {"v": "semver"}},
            expect=("CS362@2:7",),
        ),
        Invalid(
            "FROM debian:12\nLABEL v=1.4\n",
            options={"label-schema": {"v": "semver"}},
            expect=("CS362@2:7",),
        ),
        Invalid(
            "FROM debian:12\nLABEL v=latest\n",
            options={"label-schema": {"v": "semver"}},
            expect=("CS362@2:7",),
        ),
    )


_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_EMAIL = lazy(
    rf"^(?:{_ATOM}(?:\.{_ATOM})*|\"(?:[^\"\\]|\\.)*\")@(?:{_ATOM}(?:\.{_ATOM})*|\[[^\[\]\\]*\])$"
)


def _is_email(value: str) -> bool:
    return bool(_EMAIL.match(value))


class LabelNotEmail(_LabelValueRule):
    """## What it does
    Reports a label the schema types `email` whose value is not an e-mail address
    (RFC 5322 `local@domain`).

    ## Why is this bad?
    The maintainer address is how people reach the owners of an image.

    ## Example
    ```dockerfile
    LABEL maintainer="Jane Doe"
    ```

    ## Use instead
    ```dockerfile
    LABEL maintainer=jane@example.com
    ```
    """

    code = "CS364"
    name = "label-not-email"
    summary = "label of type email that is not an e-mail address"
    targets = DOCKERFILE
    default_severity = Severity.WARNING
    default_enabled = False
    enabled_when_configured = True
    opt_in = "needs a label schema"
    hadolint = ("DL3058",)
    hadolint_settings = SCHEMA
    Options = LabelSchemaOptions
    label_type = "email"
    what = "an e-mail address"
    valid_value = staticmethod(_is_email)
    valid = (
        Valid(
            "FROM debian:12\nLABEL maintainer=jane.doe@example.com\n",
            options={"label-schema": {"maintainer": "email"}},
        ),
        Valid(
            "FROM debian:12\nLABEL maintainer=ops+docker@mail.example.org other=x\n",
            options={"label-schema": {"maintainer": "email"}},
        ),
        Valid("FROM debian:12\nLABEL m=x@y.z\n", options={"label-schema": {"m": "email"}}),
        Valid(
            "FROM debian:12\nLABEL m=team.ops@example.co.uk\n",
            options={"label-schema": {"m": "email"}},
        ),
    )
    invalid = (
        Invalid(
            'FROM debian:12\nLABEL maintainer="Jane Doe"\n',
            options={"label-schema": {"maintainer": "email"}},
            expect=("CS364@2:7",),
        ),
        Invalid(
            "FROM debian:12\nLABEL maintainer=jane@@example.com\n",
            options={"label-schema": {"maintainer": "email"}},
            expect=("CS364@2:7",),
        ),
        Invalid(
            "FROM debian:12\nLABEL maintainer=example.com\n",
            options={"label-schema": {"maintainer": "email"}},
            expect=("CS364@2:7",),
        ),
        Invalid(
            'FROM debian:12\nLABEL m="a b@example.com"\n',
            expect=("CS364@2:7",),
            options={"label-schema": {"m": "email"}},
        ),
    )
