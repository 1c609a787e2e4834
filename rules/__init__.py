"""The explicit registry of every rule, sorted by code.

Families: CS0xx files and YAML (core), CS1xx services, CS2xx steps, CS3xx Dockerfiles,
CS40x-CS44x services and steps together (project), CS45x-CS49x services and the
Dockerfiles they build (build), CS5xx notes of `cslint convert` (never run by check).
Each family's package lists its rules in its own tuple, so adding a rule touches one
family file; the meta-tests check that codes are unique and sorted.
"""

from __future__ import annotations

from cslint.core.rule import Rule
from cslint.rules.build import BUILD_RULES
from cslint.rules.convert import CONVERT_RULES
from cslint.rules.core import CORE_RULES
from cslint.rules.dockerfile import DOCKERFILE_RULES
from cslint.rules.project import PROJECT_RULES
from cslint.rules.services import SERVICES_RULES
from cslint.rules.steps import STEPS_RULES

ALL_RULES: tuple[type[Rule], ...] = (
    *CORE_RULES,
    *SERVICES_RULES,
    *STEPS_RULES,
    *DOCKERFILE_RULES,
    *PROJECT_RULES,
    *BUILD_RULES,
    *CONVERT_RULES,
)
