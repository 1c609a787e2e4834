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
from cslint.rules.dockerfile.instructions import (
    InvalidLabelKey,
    LastUserRoot,
    Maintainer,
    RelativeWorkdir,
    ShellFormCommand,
)
from cslint.rules.dockerfile.packages import (
    ApkUnpinned,
    ApkWithoutNoCache,
    NpmUnpinned,
    PipUnpinned,
    PipWithoutNoCacheDir,
)
from cslint.rules.dockerfile.run_commands import AptInsteadOfAptGet, CdInRun, LnBinSh, Sudo
from cslint.rules.dockerfile.run_structure import (
    ConsecutiveRun,
    PipeWithoutPipefail,
    WgetAndCurl,
)
from cslint.rules.dockerfile.shellcheck import ShellCheck
from cslint.rules.dockerfile.stages import (
    CopyFromOwnStage,
    CopyFromUnknownStage,
    DuplicateStageName,
    MissingFrom,
    MultipleCmd,
    MultipleEntrypoint,
    MultipleHealthcheck,
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
    ShellCheck,  # CS390
)
