"""Lint an editor buffer the way `cslint check` lints a file: the settings found above the
file, the project around it, and the other open buffers in place of their files."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cslint.core.config import Config, ConfigError, find_config, find_hadolint_config, load_config
from cslint.core.diagnostics import Span
from cslint.core.engine import (
    FileResult,
    Linter,
    Parsed,
    parse_bytes,
    project_root_for,
    protect,
)
from cslint.core.kinds import FileKind, kind_from_name
from cslint.core.limits import too_large_message
from cslint.core.rule import ParseProblem, ProjectFile
from cslint.lsp.overlay import OverlayFileSystem, buffer_bytes


def kind_for(path: str, language_id: str | None = None) -> FileKind | None:
    """The kind of an open document: by its name, else by the editor's language."""
    kind = kind_from_name(os.path.basename(path))
    if kind is None and language_id == "dockerfile":
        return FileKind.DOCKERFILE
    return kind


@dataclass(frozen=True)
class Settings:
    config: Config
    source: str | None  # the settings file, if any
    error: ConfigError | None  # a broken settings file: the defaults apply meanwhile


def _stamp(path: str | None) -> tuple[str, int] | None:
    if path is None:
        return None
    try:
        return (path, os.stat(path).st_mtime_ns)
    except OSError:
        return (path, -1)


class SettingsCache:
    """Settings per folder, as the CLI finds them (the nearest `.cslint.yaml` or
    `[tool.cslint]`), read again whenever a settings file changes on disk."""

    def __init__(self) -> None:
        self._cache: dict[tuple[object, ...], Settings] = {}

    def for_file(self, path: str) -> Settings:
        folder = os.path.dirname(os.path.abspath(path))
        source = find_config(folder)
        key = (_stamp(source), _stamp(find_hadolint_config(folder)))
        if key not in self._cache:
            try:
                self._cache[key] = Settings(load_config(source, start=folder), source, None)
            except ConfigError as exc:
                # Not load_config(None): it would find the same broken file again.
                self._cache[key] = Settings(Config(), source, exc)
        return self._cache[key]


def parse_buffer(text: str, kind: FileKind, limit: int) -> Parsed:
    raw = buffer_bytes(text, limit)
    if raw is None:
        problem = ParseProblem(too_large_message(limit), Span.point(1, 1), reason="unreadable")
        return Parsed(None, None, (problem,))
    return parse_bytes(raw, kind)


def lint_buffer(
    path: str,
    text: str,
    kind: FileKind,
    config: Config,
    buffers: Mapping[str, str],
    *,
    reads: set[tuple[str, str]] | None = None,
) -> tuple[FileResult, Any]:
    """Lint `text` as the file at `path`; sibling files come from `buffers` (absolute
    path -> text) when open, else from the disk. Returns the result and the parsed
    document (None when it did not parse). `reads`, when given, gets what the rules
    looked at: ("list", folder) for a folder listed, ("path", file) for any other
    question about a file, absolute."""
    path = os.path.abspath(path)
    parsed = parse_buffer(text, kind, config.limits.max_file_size)
    if config.is_excluded(path):
        return FileResult(path, kind, text), parsed.document
    root = project_root_for(path, kind)
    linter = Linter(config)
    overlay = OverlayFileSystem(root, {**buffers, path: text})
    project = linter.project(root, overlay)
    log: set[tuple[str, str]] = set()
    if reads is not None:
        from cslint.core.cache import recording

        project = recording(project, log)
    project_path = Path(os.path.relpath(path, root)).as_posix()
    project.remember(ProjectFile(project_path, kind, parsed.text, parsed.document, parsed.problems))
    result = linter.lint_parsed(path, project_path, kind, parsed, project)
    if reads is not None:
        for op, asked in log:
            where = os.path.normpath(os.path.join(root, asked))
            reads.add(("list" if op == "list" else "path", where))
    # As `cslint check` prints them: no secret value of any file read, bounded quotes.
    [safe] = protect([result], [text, *overlay.texts_read])
    return safe, parsed.document


def fix_all(
    path: str,
    text: str,
    kind: FileKind,
    config: Config,
    buffers: Mapping[str, str],
    *,
    unsafe: bool = False,
    first: FileResult | None = None,
) -> str:
    """The text after every safe fix (and unsafe ones when asked), linted again until
    nothing changes, as `cslint check --fix` does on disk. `first`: the lint of `text`
    already at hand (editors ask for code actions on every cursor move, and most texts
    have nothing to fix: then no lint at all)."""
    from cslint.core.fix import apply_to_original

    for _ in range(10):
        if first is not None:
            result, first = first, None
        else:
            result, _ = lint_buffer(path, text, kind, config, buffers)
        fixes = [d.fix for d in result.diagnostics if d.fix and (d.fix.safe or unsafe)]
        yaml = kind is not FileKind.DOCKERFILE
        fixed = apply_to_original(text, fixes, yaml=yaml) if fixes else text
        if fixed == text:
            break
        text = fixed
    return text
