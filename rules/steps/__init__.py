"""The steps rules."""

from __future__ import annotations

from cslint.rule import Rule

STEPS_RULES: tuple[type[Rule], ...] = ()
