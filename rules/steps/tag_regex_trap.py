from __future__ import annotations

from collections.abc import Iterator

from cslint.codeship.steps_model import steps_model
from cslint.codeship.tags import is_regex
from cslint.core.diagnostics import Edit, Finding, Fix, Severity
from cslint.core.kinds import FileKind
from cslint.core.lazyre import lazy
from cslint.core.rule import Invalid, Rule, RuleContext, Valid
from cslint.parsers.yamldoc import JsonPath, Located, YamlDocument
from cslint.rules.steps._common import q
from cslint.rules.steps._tags import top_level_alternatives

# Regex syntax that a literal comparison takes at face value.
_METACHARACTERS = set("*+?()[]{}|\\")
# Characters git forbids in branch and tag names (git check-ref-format).
_NOT_IN_REFS = set("*?[\\")
_ESCAPED_DOLLAR = lazy(r"(?<!\\)(?:\\\\)*\\\$$")


def _ends_anchored(text: str) -> bool:
    return text.endswith("$") and not _ESCAPED_DOLLAR.search(text)


def grouped(value: str) -> str | None:
    """`^a|b|c$` rewritten as `^(a|b|c)$`; None when the value is not that trap."""
    alternatives = top_level_alternatives(value)
    if len(alternatives) < 2:
        return None
    starts = [a.startswith("^") for a in alternatives]
    ends = [_ends_anchored(a) for a in alternatives]
    if not ((starts[0] and not all(starts)) or (ends[-1] and not all(ends))):
        return None
    inner = "|".join(a.removeprefix("^").removesuffix("$") for a in alternatives)
    return f"^({inner})$"


def _requoted(loc: Located, text: str) -> str | None:
    """`text` written in the scalar style of `loc`, when that is simple to do."""
    if loc.style is None and ": " not in text and " #" not in text:
        return text
    if loc.style == "'":
        return "'" + text.replace("'", "''") + "'"
    if loc.style == '"' and "\\" not in text and '"' not in text:
        return f'"{text}"'  # nothing to escape
    return None


def trap(key: str, value: str) -> str | None:
    """What is wrong with a tag/exclude value that compiles but does not mean what it
    says; None when nothing."""
    if not is_regex(value):
        found = sorted(ch for ch in set(value) & _METACHARACTERS)
        if not found:
            return None
        chars = " ".join(f"'{ch}'" for ch in found)
        never = ", and git names cannot even contain them" if set(found) & _NOT_IN_REFS else ""
        if "(?!" in value or "(?=" in value or "(?<" in value or "(!" in value:
            # Anchoring would not help: RE2 has no lookaround and no negation.
            return (
                f"{q(key)} value {q(value)} looks like a negation, but it has no '^' or '$', "
                "so CodeShip compares it literally with the branch or tag name, and RE2 has "
                "no lookaround or negation anyway; list the names to leave out in 'exclude'"
            )
        return (
            f"{q(key)} value {q(value)} has regex characters ({chars}) but no '^' or '$', so "
            f"CodeShip compares it literally with the branch or tag name{never}; anchor it "
            f"('^{value}$') to make it a regex"
        )
    regrouped = grouped(value)
    if regrouped is not None:
        return (
            f"in {q(key)} regex {q(value)} the anchors bind only to the alternatives they "
            f"touch, so the others match anywhere in the name; group them: {q(regrouped)}"
        )
    if "(!" in value:
        return (
            f"{q(key)} regex {q(value)} uses '(!...)', which matches a literal '!': RE2 has no "
            "negation; list the names to leave out in 'exclude' instead"
        )
    return None


class TagRegexTrap(Rule):
    """## What it does
    Warns about `tag` / `exclude` values that are valid but do not mean what they seem to:
    - `^a|b|c$`: `^` binds only to `a` and `$` only to `c`, so `b` matches anywhere
      (`feature-b-old` runs the step);
    - `(!master)`: not a negation; RE2 has none, this matches the text `!master`;
    - regex characters (`*`, `+`, `(`, `|`, `\\d`, ...) in a value without `^` or `$`:
      CodeShip treats only values with an anchor as regexes (format doc §3.4), so the
      value is compared literally, and `*`, `?`, `[`, `\\` cannot occur in git names at all.

    ## Why is this bad?
    These are the mistakes found in real steps files: the step runs on branches it was
    meant to skip, or never runs. The anchor rule for regex mode is documented but its
    exact trigger is UNCERTAIN (format doc §3.4), hence a warning.

    ## Example
    ```yaml
    - service: app
      tag: ^master|staging|production$
      command: ./deploy.sh
    ```

    ## Use instead
    ```yaml
    - service: app
      tag: ^(master|staging|production)$
      command: ./deploy.sh
    ```
    """

    code = "CS211"
    name = "tag-regex-trap"
    summary = "a tag or exclude value that does not match what it seems to"
    targets = frozenset({FileKind.STEPS})
    default_severity = Severity.WARNING
    fixable = True
    valid = (
        Valid("- service: app\n  tag: ^(master|develop)$\n  command: x\n"),
        Valid("- service: app\n  tag: release-1.0\n  command: x\n"),
        Valid("- service: app\n  tag: ^a$|^b$\n  command: x\n"),
    )
    invalid = (
        Invalid("- service: app\n  tag: (?!wip)\n  command: make\n", expect=("CS211@2:8",)),
        Invalid(
            "- service: app\n  tag: ^master|develop$\n  command: x\n",
            expect=("CS211@2:8",),
            fixed="- service: app\n  tag: ^(master|develop)$\n  command: x\n",
        ),
        Invalid(
            "- service: app\n  tag: '^a|b$'\n  command: x\n",
            expect=("CS211@2:8",),
            fixed="- service: app\n  tag: '^(a|b)$'\n  command: x\n",
        ),
        Invalid("- service: app\n  tag: (\\d+(\\.\\d+)+)\n  command: x\n", expect=("CS211@2:8",)),
        Invalid("- service: app\n  exclude: ^(!master)$\n  command: x\n", expect=("CS211@2:12",)),
    )

    def check(self, ctx: RuleContext[YamlDocument, None]) -> Iterator[Finding]:
        doc = ctx.document
        for step in steps_model(ctx).steps:
            for key in ("tag", "exclude"):
                value = step.text(key)
                if value is None:
                    continue
                message = trap(key, value)
                if message is None:
                    continue
                path = (*step.path, key)
                yield Finding(doc.value_span(path), message, fix=self._fix(doc, path, value))

    def _fix(self, doc: YamlDocument, path: JsonPath, value: str) -> Fix | None:
        regrouped = grouped(value)
        loc = doc.get(path)
        if regrouped is None or loc is None or loc.via_merge is not None:
            return None
        replacement = _requoted(loc, regrouped)
        if replacement is None:
            return None
        # Unsafe: the step then runs on fewer branches than it does today.
        return Fix(f"group the alternatives: {regrouped}", (Edit(loc.value, replacement),), False)
