from __future__ import annotations

from collections.abc import Iterator

from cslint.codeship.facts import BOOLEAN_SERVICE_KEYS
from cslint.core.diagnostics import Edit, Finding, Fix, Severity
from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.parsers.yamldoc import JsonPath, YamlDocument
from cslint.rules.services._common import services

# Mappings whose values reach the container or the build as text: a boolean there is
# turned into "true"/"false", not the word that was written.
_TEXT_MAPS = frozenset({"environment", "args"})


class TruthyAmbiguity(Rule):
    """## What it does
    Reports the plain scalars `yes`, `no`, `on`, `off`, `y` and `n` (any case) where a
    string was meant: YAML 1.1, which jet's YAML library follows, reads them as booleans.
    In `environment` and build `args` values it is a warning: the container or the build
    receives `true`/`false` (or the build fails), not the word written. Elsewhere (a step
    `name: no`, `tag: on`) it is info: jet's string fields keep the text, but every YAML
    1.1 tool, including editors and converters, reads a boolean. Keys that are booleans
    (`cached: yes`, `add_docker: on`) are fine. The fix quotes the value; it is marked
    unsafe because it changes what the value is.

    ## Why is this bad?
    `DEBUG: no` looks like the text "no", and the application reads `DEBUG=false` or
    fails on a boolean it did not expect; CodeShip's documentation says YAML booleans in
    build args must be quoted (format doc §2.3).

    ## Example
    ```yaml
    app:
      build:
        context: .
        args:
          COMPRESS: yes
      environment:
        FEATURE_X: off
    ```

    ## Use instead
    ```yaml
    app:
      build:
        context: .
        args:
          COMPRESS: "yes"
      environment:
        FEATURE_X: "off"
    ```
    """

    code = "CS114"
    name = "truthy-ambiguity"
    summary = "`yes`/`no`/`on`/`off` read as a boolean where a string was meant"
    targets = frozenset({FileKind.SERVICES, FileKind.STEPS})
    default_severity = Severity.WARNING
    fixable = True
    valid = (
        Valid("x-base: &base\n  cached: yes\napp:\n  <<: *base\n  image: busybox\n"),
        Valid("app:\n  build: .\n  cached: yes\n  environment:\n    DEBUG: 'no'\n    X: true\n"),
        Valid("- service: app\n  command: true\n", filename="codeship-steps.yml"),
    )
    invalid = (
        Invalid(
            "app:\n  build:\n    context: .\n    args:\n      COMPRESS: yes\n"
            "  environment:\n    FEATURE_X: off\n",
            expect=("CS114@5:17", "CS114@7:16"),
            fixed='app:\n  build:\n    context: .\n    args:\n      COMPRESS: "yes"\n'
            '  environment:\n    FEATURE_X: "off"\n',
        ),
        Invalid(
            "- name: no\n  service: app\n  command: make\n",
            filename="codeship-steps.yml",
            expect=("CS114@1:9",),
        ),
    )

    def check(self, ctx: RuleContext[YamlDocument, None]) -> Iterator[Finding]:
        doc = ctx.document
        boolean_paths: set[JsonPath] = set()
        if ctx.kind is FileKind.SERVICES:
            for entry in services(ctx):
                boolean_paths |= {(*entry.path, key) for key in BOOLEAN_SERVICE_KEYS}
        for path, loc in doc.index.items():
            if loc.tag != "bool" or loc.style is not None or loc.raw is None:
                continue
            if loc.raw.lower() in ("true", "false") or path in boolean_paths:
                continue
            if ctx.kind is FileKind.SERVICES and path and path[-1] in BOOLEAN_SERVICE_KEYS:
                continue  # a service fragment kept under an anchor (`x-base: &b`)
            in_text_map = len(path) >= 2 and path[-2] in _TEXT_MAPS and isinstance(path[-1], str)
            word = "true" if doc.data is not None and _value(doc.data, path) else "false"
            if in_text_map:
                message = (
                    f"{loc.raw!r} is the boolean {word} in YAML 1.1, so {path[-1]!r} does not "
                    f"get the text {loc.raw!r}; quote it"
                )
            else:
                message = (
                    f"{loc.raw!r} is the boolean {word} in YAML 1.1 (jet reads the text, "
                    "other YAML tools a boolean); quote it to say it is text"
                )
            yield Finding(
                loc.value,
                message,
                fix=Fix(f'quote "{loc.raw}"', (Edit(loc.value, f'"{loc.raw}"'),), safe=False),
                severity=None if in_text_map else Severity.INFO,
            )


def _value(data: object, path: JsonPath) -> object:
    for part in path:
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return None
    return data
