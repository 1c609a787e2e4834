"""CS40x-CS44x: the services and steps files together, and the files they name."""

from __future__ import annotations

from cslint.rule import Rule
from cslint.rules.project.unknown_step_service import UnknownStepService

PROJECT_RULES: tuple[type[Rule], ...] = (UnknownStepService,)
