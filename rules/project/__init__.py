"""The project rules."""

from __future__ import annotations

from cslint.rule import Rule

PROJECT_RULES: tuple[type[Rule], ...] = ()
