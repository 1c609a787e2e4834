"""CS0xx: problems of the file itself, before any CodeShip meaning."""

from __future__ import annotations

from cslint.core.rule import Rule
from cslint.rules.core.duplicate_key import DuplicateKey
from cslint.rules.core.empty_document import EmptyDocument
from cslint.rules.core.syntax_error import SyntaxError_
from cslint.rules.core.unknown_kind import UnknownFileKind
from cslint.rules.core.unread_file_name import UnreadFileName
from cslint.rules.core.unreadable_file import UnreadableFile
from cslint.rules.core.unused_suppression import UnusedSuppression
from cslint.rules.core.wrong_top_level import WrongTopLevel

CORE_RULES: tuple[type[Rule], ...] = (
    SyntaxError_,
    DuplicateKey,
    EmptyDocument,
    WrongTopLevel,
    UnreadableFile,
    UnreadFileName,
    UnknownFileKind,
    UnusedSuppression,
)
