"""The explicit registry of every rule, by family, sorted by code.

Families: CS0xx files and YAML (core), CS1xx services, CS2xx steps, CS3xx Dockerfiles,
CS40x-CS44x services and steps together (project), CS45x-CS49x services and the
Dockerfiles they build (build), CS5xx notes of `cslint convert` (never run by check).
Each family's package lists its rules in its own tuple, so adding a rule touches one
family file; the meta-tests check that codes are unique and sorted.

A family is imported only when a file of a kind it checks is linted: a run over two
Dockerfiles never imports the YAML rules (start-up time of a pre-commit hook). `kinds` is
written out here, not found by importing; tests/test_registry.py checks that it is exactly
the union of the family's rule targets, so a family is never skipped for a file it checks.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Final

from cslint.core.kinds import FileKind

if TYPE_CHECKING:
    from cslint.core.rule import Rule

_S, _T, _D = FileKind.SERVICES, FileKind.STEPS, FileKind.DOCKERFILE


class Family:
    """A family of rules: its package, its registry tuple and the kinds it checks."""

    __slots__ = ("kinds", "name", "rules_attr")

    name: Final[str]  # the package under cslint.rules
    rules_attr: Final[str]  # the tuple the package lists its rules in
    kinds: Final[frozenset[FileKind]]  # the kinds of file any of its rules checks

    def __init__(self, name: str, rules_attr: str, kinds: frozenset[FileKind]) -> None:
        self.name = name
        self.rules_attr = rules_attr
        self.kinds = kinds

    def rules(self) -> tuple[type[Rule], ...]:
        module = importlib.import_module(f"cslint.rules.{self.name}")
        found: tuple[type[Rule], ...] = getattr(module, self.rules_attr)
        return found


FAMILIES: tuple[Family, ...] = (
    Family("core", "CORE_RULES", frozenset({_S, _T, _D})),
    Family("services", "SERVICES_RULES", frozenset({_S, _T})),
    Family("steps", "STEPS_RULES", frozenset({_T})),
    Family("dockerfile", "DOCKERFILE_RULES", frozenset({_D})),
    Family("project", "PROJECT_RULES", frozenset({_S, _T})),
    Family("build", "BUILD_RULES", frozenset({_S, _D})),
    Family("convert", "CONVERT_RULES", frozenset()),
)


def rules_for(kind: FileKind) -> tuple[type[Rule], ...]:
    """The rules that may check a file of this kind, importing only their families."""
    return tuple(
        rule
        for family in FAMILIES
        if kind in family.kinds
        for rule in family.rules()
        if kind in rule.targets
    )


def all_rules() -> tuple[type[Rule], ...]:
    """Every rule of every family (imports them all: `rules`, `explain`, docs, tests)."""
    return tuple(rule for family in FAMILIES for rule in family.rules())


def __getattr__(name: str) -> tuple[type[Rule], ...]:
    # `from cslint.rules import ALL_RULES` keeps working, importing every family on use.
    if name == "ALL_RULES":
        return all_rules()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
