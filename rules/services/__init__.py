"""The services rules."""

from __future__ import annotations

from cslint.rule import Rule

SERVICES_RULES: tuple[type[Rule], ...] = ()
