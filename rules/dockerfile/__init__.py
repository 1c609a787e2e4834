"""CS3xx: Dockerfile rules, each recording the hadolint code it corresponds to."""

from __future__ import annotations

from cslint.core.rule import Rule
from cslint.rules.dockerfile.apt import (
    AptGetRecommends,
    AptGetUnpinned,
    AptGetWithoutYes,
    AptListsNotRemoved,
)
from cslint.rules.dockerfile.arguments import (
    CopyRelativeWithoutWorkdir,
    EnvSelfReference,
    ExposeOutOfRange,
    OnbuildTrigger,
)
from cslint.rules.dockerfile.base_image import LatestTag, UntaggedImage
from cslint.rules.dockerfile.copy_add import AddInsteadOfCopy, CopyDestinationNotFolder
from cslint.rules.dockerfile.hygiene import InlineIgnorePragma, NonNumericUser, SecretInArgOrEnv
from cslint.rules.dockerfile.instructions import (
    InvalidLabelKey,
    LastUserRoot,
    Maintainer,
    RelativeWorkdir,
    ShellFormCommand,
)
from cslint.rules.dockerfile.labels import (
    LabelEmpty,
    LabelMissing,
    LabelNotEmail,
    LabelNotGitHash,
    LabelNotInSchema,
    LabelNotRfc3339,
    LabelNotSemver,
    LabelNotSpdx,
    LabelNotUrl,
)
from cslint.rules.dockerfile.lang_packages import GemUnpinned, GoUnpinned, YarnCacheNotCleaned
from cslint.rules.dockerfile.packages import (
    ApkUnpinned,
    ApkWithoutNoCache,
    NpmUnpinned,
    PipUnpinned,
    PipWithoutNoCacheDir,
)
from cslint.rules.dockerfile.rpm import (
    DnfUnpinned,
    DnfWithoutClean,
    DnfWithoutYes,
    YumUnpinned,
    YumWithoutClean,
    YumWithoutYes,
    ZypperDistUpgrade,
    ZypperUnpinned,
    ZypperWithoutClean,
    ZypperWithoutNonInteractive,
)
from cslint.rules.dockerfile.run_commands import AptInsteadOfAptGet, CdInRun, LnBinSh, Sudo
from cslint.rules.dockerfile.run_structure import (
    ConsecutiveRun,
    PipeWithoutPipefail,
    WgetAndCurl,
)
from cslint.rules.dockerfile.run_tools import (
    CopyThenExtract,
    PointlessCommand,
    UseraddWithoutNoLogInit,
    WgetWithoutProgress,
)
from cslint.rules.dockerfile.secrets import SecretInEnvOrArg
from cslint.rules.dockerfile.shellcheck import ShellCheck, ShellCheckStyle
from cslint.rules.dockerfile.stages import (
    CopyFromOwnStage,
    CopyFromUnknownStage,
    DuplicateStageName,
    MissingFrom,
    MultipleCmd,
    MultipleEntrypoint,
    MultipleHealthcheck,
)
from cslint.rules.dockerfile.stages_more import (
    CopyWholeStage,
    FromPlatform,
    MissingHealthcheck,
    RedundantTargetPlatform,
    ReservedStageName,
    UntrustedRegistry,
)

DOCKERFILE_RULES: tuple[type[Rule], ...] = (
    UntaggedImage,  # CS301
    LatestTag,  # CS302
    RelativeWorkdir,  # CS303
    CdInRun,  # CS304
    Sudo,  # CS305
    LastUserRoot,  # CS306
    Maintainer,  # CS307
    AptGetWithoutYes,  # CS308
    AptGetRecommends,  # CS309
    AptGetUnpinned,  # CS310
    AptListsNotRemoved,  # CS311
    AptInsteadOfAptGet,  # CS312
    ApkWithoutNoCache,  # CS313
    ApkUnpinned,  # CS314
    PipWithoutNoCacheDir,  # CS315
    PipUnpinned,  # CS316
    NpmUnpinned,  # CS317
    AddInsteadOfCopy,  # CS318
    CopyDestinationNotFolder,  # CS319
    CopyFromUnknownStage,  # CS320
    CopyFromOwnStage,  # CS321
    DuplicateStageName,  # CS322
    ShellFormCommand,  # CS323
    MultipleCmd,  # CS324
    MultipleEntrypoint,  # CS325
    MultipleHealthcheck,  # CS326
    WgetAndCurl,  # CS327
    PipeWithoutPipefail,  # CS328
    LnBinSh,  # CS329
    InvalidLabelKey,  # CS330
    ConsecutiveRun,  # CS331
    MissingFrom,  # CS332
    ExposeOutOfRange,  # CS333
    EnvSelfReference,  # CS334
    OnbuildTrigger,  # CS335
    CopyRelativeWithoutWorkdir,  # CS336
    InlineIgnorePragma,  # CS337
    PointlessCommand,  # CS338
    CopyThenExtract,  # CS339
    UntrustedRegistry,  # CS340
    GemUnpinned,  # CS341
    FromPlatform,  # CS342
    YumWithoutYes,  # CS343
    YumWithoutClean,  # CS344
    YumUnpinned,  # CS345
    ZypperWithoutNonInteractive,  # CS346
    ZypperDistUpgrade,  # CS347
    ZypperWithoutClean,  # CS348
    ZypperUnpinned,  # CS349
    DnfWithoutYes,  # CS350
    DnfWithoutClean,  # CS351
    DnfUnpinned,  # CS352
    UseraddWithoutNoLogInit,  # CS353
    WgetWithoutProgress,  # CS354
    LabelMissing,  # CS355
    LabelNotInSchema,  # CS356
    LabelEmpty,  # CS357
    LabelNotUrl,  # CS358
    LabelNotRfc3339,  # CS359
    LabelNotSpdx,  # CS360
    LabelNotGitHash,  # CS361
    LabelNotSemver,  # CS362
    MissingHealthcheck,  # CS363
    LabelNotEmail,  # CS364
    YarnCacheNotCleaned,  # CS365
    GoUnpinned,  # CS366
    ReservedStageName,  # CS367
    SecretInArgOrEnv,  # CS368
    RedundantTargetPlatform,  # CS369
    NonNumericUser,  # CS370
    CopyWholeStage,  # CS371
    SecretInEnvOrArg,  # CS380
    ShellCheck,  # CS390
    ShellCheckStyle,  # CS391
)
