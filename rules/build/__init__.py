"""CS451-CS499: the services file and the Dockerfiles it builds, checked together."""

from __future__ import annotations

from cslint.core.rule import Rule
from cslint.rules.build.args import ArgWithoutValue, BuildArgNotConsumed
from cslint.rules.build.images import (
    CachedMultistage,
    DependencyWithoutHealthcheck,
    FromUnnamedBuiltImage,
)

BUILD_RULES: tuple[type[Rule], ...] = (
    BuildArgNotConsumed,  # CS451
    ArgWithoutValue,  # CS452
    FromUnnamedBuiltImage,  # CS453
    DependencyWithoutHealthcheck,  # CS454
    CachedMultistage,  # CS455
)
