"""The convert rules."""

from __future__ import annotations

from cslint.rule import Rule

CONVERT_RULES: tuple[type[Rule], ...] = ()
