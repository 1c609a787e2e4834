"""CS40x-CS44x: the services and steps files together, and the files they name."""

from __future__ import annotations

from cslint.core.rule import Rule
from cslint.rules.project.committed_aes_key import CommittedAesKey
from cslint.rules.project.missing_build_path import MissingBuildPath
from cslint.rules.project.missing_encrypted_file import MissingEncryptedFile
from cslint.rules.project.plaintext_secret_file import PlaintextSecretFile
from cslint.rules.project.push_image_mismatch import PushImageMismatch
from cslint.rules.project.unknown_step_service import UnknownStepService

PROJECT_RULES: tuple[type[Rule], ...] = (
    UnknownStepService,
    PushImageMismatch,
    MissingBuildPath,
    MissingEncryptedFile,
    PlaintextSecretFile,
    CommittedAesKey,
)
