"""The build rules."""

from __future__ import annotations

from cslint.rule import Rule

BUILD_RULES: tuple[type[Rule], ...] = ()
