"""CS5xx: the notes of `cslint convert`, documented as rules but never run by `check`."""

from __future__ import annotations

from cslint.core.rule import Rule
from cslint.rules.convert.changed import (
    BuildKeyMovedToService,
    CommandJoined,
    DependsOnSimplified,
    EnvironmentItemRewritten,
    HostMountChanged,
    ImageMovedIntoBuild,
    LinksConverted,
    LongSyntaxShortened,
    NamedVolumeReplaced,
    Yaml11ValueQuoted,
)
from cslint.rules.convert.dropped import (
    BuildKeyDropped,
    HealthcheckDropped,
    ServiceKeyDropped,
    TopLevelKeyDropped,
)
from cslint.rules.convert.origins import (
    CodeshipExtensionApplied,
    EnvFilePrecedence,
    ExtendsInlined,
    FileMerged,
    InterpolationKept,
    InterpolationResolved,
    SecretInEnvironment,
)

CONVERT_RULES: tuple[type[Rule], ...] = (
    TopLevelKeyDropped,
    ServiceKeyDropped,
    HealthcheckDropped,
    BuildKeyDropped,
    ImageMovedIntoBuild,
    DependsOnSimplified,
    LinksConverted,
    CommandJoined,
    NamedVolumeReplaced,
    HostMountChanged,
    InterpolationKept,
    InterpolationResolved,
    ExtendsInlined,
    EnvFilePrecedence,
    LongSyntaxShortened,
    FileMerged,
    SecretInEnvironment,
    CodeshipExtensionApplied,
    Yaml11ValueQuoted,
    EnvironmentItemRewritten,
    BuildKeyMovedToService,
)
