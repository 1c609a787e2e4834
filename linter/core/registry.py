"""Which rules run: select / ignore resolution over the explicit registry (`cslint.rules`),
importing only the rule families of the kinds of file in hand.

A selector is a code (`CS201`), a code prefix (`CS2`, `CS`) or a rule name
(`duplicate-key`). When both --select and --ignore match a rule, the more specific
selector wins (flake8's DecisionEngine): `select: [CS2], ignore: [CS201]` runs every CS2xx
rule but CS201; `select: [CS201], ignore: [CS2]` runs CS201 alone. A tie goes to ignore.

Opt-in rules (`default_enabled = False`) run only when a selector names them closely: their
code or name, a prefix of their family or narrower (`CS3`, `CS31`), or the `strict`
profile, which selects every rule. `CS` and `ALL` mean the default set.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet

from cslint.core.kinds import FileKind
from cslint.core.rule import Rule


def all_rules() -> tuple[type[Rule], ...]:
    """Every rule (imports every family)."""
    from cslint.rules import all_rules as every_rule

    return every_rule()


@functools.cache
def rules_of_kind(kind: FileKind) -> tuple[type[Rule], ...]:
    """The rules that check files of this kind (imports only their families)."""
    from cslint.rules import rules_for

    return rules_for(kind)


STRICT = "strict"  # the profile that turns every rule on, opt-in ones included
_FAMILY = len("CS3") + 1  # the specificity of a family prefix


def _specificity(selector: str, rule: type[Rule]) -> int:
    """How specifically `selector` names `rule`: 0 not at all, else a length; exact
    codes and names outrank every prefix."""
    if selector in (rule.code, rule.name):
        return 1000
    if selector.upper() == "ALL" or selector.lower() == STRICT:
        return 1
    if rule.code.startswith(selector.upper()):
        return len(selector) + 1
    return 0


def _best(selectors: Iterable[str], rule: type[Rule]) -> int:
    return max((_specificity(s, rule) for s in selectors), default=0)


def is_selected(
    rule: type[Rule],
    select: Sequence[str],
    ignore: Sequence[str],
    configured: AbstractSet[str] = frozenset(),
) -> bool:
    """`configured`: codes of rules that are on because the user gave them their settings."""
    enabled = rule.default_enabled or rule.code in configured
    if select:
        chosen = _best(select, rule)
        if chosen == 0 or (not enabled and not _turns_on(select, rule)):
            return False
    else:
        if not enabled:
            return False
        chosen = 1
    return _best(ignore, rule) < chosen


def _turns_on(select: Sequence[str], rule: type[Rule]) -> bool:
    """Whether `select` names an opt-in rule closely enough to run it."""
    return any(s.lower() == STRICT or _specificity(s, rule) >= _FAMILY for s in select)


def enabled_rules(
    kind: FileKind,
    select: Sequence[str],
    ignore: Sequence[str],
    configured: AbstractSet[str] = frozenset(),
) -> list[type[Rule]]:
    return [rule for rule in rules_of_kind(kind) if is_selected(rule, select, ignore, configured)]


def resolve_rule(code_or_name: str) -> type[Rule] | None:
    """The rule with this exact code (any case) or name."""
    wanted = code_or_name.strip()
    for rule in all_rules():
        if wanted.upper() == rule.code or wanted == rule.name:
            return rule
    return None


def selector_matches_any(selector: str) -> bool:
    return any(_specificity(selector, rule) for rule in all_rules())


def matches(selector: str, rule: type[Rule]) -> bool:
    """Whether a suppression or ignore token names this rule (code, prefix, name, or the
    corresponding hadolint code)."""
    return _specificity(selector, rule) > 0 or selector.upper() in rule.hadolint
