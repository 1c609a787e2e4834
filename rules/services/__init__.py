"""CS1xx: the services file (codeship-services.yml, or docker-compose.yml read in its place)."""

from __future__ import annotations

from cslint.core.rule import Rule
from cslint.rules.services.absolute_host_volume import AbsoluteHostVolume
from cslint.rules.services.build_arg_template import BuildArgTemplate
from cslint.rules.services.build_context_outside_repo import BuildContextOutsideRepo
from cslint.rules.services.cache_branch_without_cache import CacheBranchWithoutCache
from cslint.rules.services.cached_image_service import CachedImageService
from cslint.rules.services.conflicting_image_builds import ConflictingImageBuilds
from cslint.rules.services.credential_in_file import CredentialInFile
from cslint.rules.services.dependency_cycle import DependencyCycle
from cslint.rules.services.deprecated_build_path import DeprecatedBuildPath
from cslint.rules.services.deprecated_dockerfile_path import DeprecatedDockerfilePath
from cslint.rules.services.deprecated_links import DeprecatedLinks
from cslint.rules.services.environment_item_format import EnvironmentItemFormat
from cslint.rules.services.ignored_compose_key import IgnoredComposeKey
from cslint.rules.services.missing_build_or_image import MissingBuildOrImage
from cslint.rules.services.named_volume import NamedVolume
from cslint.rules.services.plaintext_secret_in_environment import PlaintextSecretInEnvironment
from cslint.rules.services.services_schema import ServicesSchema
from cslint.rules.services.truthy_ambiguity import TruthyAmbiguity
from cslint.rules.services.unknown_build_key import UnknownBuildKey
from cslint.rules.services.unknown_service_reference import UnknownServiceReference
from cslint.rules.services.volume_outside_repo import VolumeOutsideRepo

SERVICES_RULES: tuple[type[Rule], ...] = (
    ServicesSchema,
    MissingBuildOrImage,
    UnknownBuildKey,
    DeprecatedBuildPath,
    DeprecatedDockerfilePath,
    DeprecatedLinks,
    IgnoredComposeKey,
    UnknownServiceReference,
    DependencyCycle,
    CacheBranchWithoutCache,
    CachedImageService,
    NamedVolume,
    AbsoluteHostVolume,
    VolumeOutsideRepo,
    TruthyAmbiguity,
    ConflictingImageBuilds,
    EnvironmentItemFormat,
    CredentialInFile,
    BuildArgTemplate,
    PlaintextSecretInEnvironment,
    BuildContextOutsideRepo,
)
