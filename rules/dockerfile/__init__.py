"""The dockerfile rules."""

from __future__ import annotations

from cslint.rule import Rule

DOCKERFILE_RULES: tuple[type[Rule], ...] = ()
