"""The language server (pygls): diagnostics from the unsaved buffer, code actions, hover
and go-to-definition. Only this module imports pygls; `cslint lsp` imports it only when
the `lsp` extra is installed."""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path
from pygls.workspace import PositionCodec, ServerTextPosition, ServerTextRange, TextDocument

from cslint import __version__
from cslint.core.config import CONFIG_NAMES
from cslint.core.diagnostics import Diagnostic, Edit, Severity, Span
from cslint.core.engine import FileResult, Linter, project_root_for
from cslint.core.kinds import COMPOSE_FALLBACK_NAMES, SERVICES_NAMES, FileKind
from cslint.lsp import actions, navigation
from cslint.lsp.analysis import Settings, SettingsCache, fix_all, kind_for, lint_buffer
from cslint.lsp.overlay import OverlayFileSystem

# Wait this long after the last keystroke before linting: typing stays smooth, and a
# burst of edits costs one run.
DEBOUNCE_SECONDS = 0.3
_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}
_SETTINGS_FILES = (*CONFIG_NAMES, "pyproject.toml", ".hadolint.yaml", ".hadolint.yml")
_SERVICES_FILES = (*SERVICES_NAMES, *COMPOSE_FALLBACK_NAMES)


@dataclass
class Linted:
    """The last lint of an open document, kept for code actions and hover."""

    version: int | None
    kind: FileKind
    result: FileResult
    settings: Settings
    document: Any  # the parsed document, for suppression comments
    # What its rules looked at (lint_buffer's `reads`): another document's change matters
    # to this one only if its file is among them.
    reads: frozenset[tuple[str, str]] = frozenset()


class CslintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("cslint", __version__)
        self.settings = SettingsCache()
        self.linted: dict[str, Linted] = {}
        self.pending: dict[str, asyncio.TimerHandle] = {}
        # Settings files whose error is on show: URI -> (path, message). A settings error
        # belongs to the settings file's own URI, never to the document being linted.
        self.settings_errors: dict[str, tuple[str, str]] = {}

    # -- documents -------------------------------------------------------------------

    def document(self, uri: str) -> TextDocument | None:
        """The open document of `uri`, as the client spells it. pygls keys its documents
        by the percent-decoded URI, so a folder with a space or an accent in its name
        (`my%20project`) is found only this way."""
        doc: TextDocument | None = self.workspace.text_documents.get(unquote(uri))
        return doc

    def open_uris(self) -> list[str]:
        """The URIs of the open documents, as the client sent them (and expects back)."""
        return [doc.uri for doc in list(self.workspace.text_documents.values())]

    def buffers(self) -> dict[str, str]:
        """Every open file's text, by absolute path."""
        out = {}
        for doc in self.workspace.text_documents.values():
            path = to_fs_path(doc.uri)
            if path is not None:
                out[os.path.abspath(path)] = doc.source
        return out

    def lint(self, uri: str) -> None:
        self.pending.pop(uri, None)
        doc = self.document(uri)
        path = to_fs_path(uri)
        if doc is None or path is None:
            return
        kind = kind_for(path, doc.language_id)
        if kind is None:
            return  # not a file cslint knows; say nothing rather than guess
        settings = self.settings.for_file(path)
        if settings.error is not None:
            self.publish_settings_error(settings)
        elif self.settings_errors:
            self.clear_mended_settings_errors()
        reads: set[tuple[str, str]] = set()
        result, document = lint_buffer(
            path, doc.source, kind, settings.config, self.buffers(), reads=reads
        )
        self.linted[uri] = Linted(doc.version, kind, result, settings, document, frozenset(reads))
        from cslint.core.links import docs_url_template

        docs_url = docs_url_template(settings.config.docs_url)
        diagnostics = [self.to_lsp(doc, d, docs_url) for d in result.diagnostics]
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, version=doc.version, diagnostics=diagnostics)
        )

    def publish_settings_error(self, settings: Settings) -> None:
        """On the settings file's own URI, and once in a message: a client may show no
        diagnostics for a file that is not open."""
        error = settings.error
        assert error is not None
        path = os.path.abspath(error.path)
        uri = from_fs_path(path)
        message = f"{error.message} (cslint uses its defaults until this is fixed)"
        if uri is not None:
            span = error.span or Span.point(1, 1)
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(
                    uri=uri,
                    diagnostics=[
                        types.Diagnostic(
                            range=_plain_range(span),
                            message=message,
                            severity=types.DiagnosticSeverity.Error,
                            source="cslint",
                        )
                    ],
                )
            )
        key = uri or path
        if self.settings_errors.get(key) != (path, message):
            self.settings_errors[key] = (path, message)
            self.window_show_message(
                types.ShowMessageParams(type=types.MessageType.Error, message=f"{error}")
            )

    def clear_mended_settings_errors(self) -> None:
        """Take a settings error off its file once the file reads cleanly again."""
        for key, (path, _) in list(self.settings_errors.items()):
            error = self.settings.for_file(path).error
            if error is None or os.path.abspath(error.path) != path:
                del self.settings_errors[key]
                if key != path:  # a URI
                    self.text_document_publish_diagnostics(
                        types.PublishDiagnosticsParams(uri=key, diagnostics=[])
                    )

    def lint_related(self, uri: str) -> None:
        """After a change to `uri`, lint the other open documents that may read it: those
        of the same project whose last lint looked at its file (a services file changes
        what a steps file may name; one Dockerfile does not change another), and all of
        them when a settings or services file changed (which may move a project's root)."""
        path = to_fs_path(uri)
        if path is None:
            return
        name = os.path.basename(path)
        folder = os.path.dirname(os.path.abspath(path))
        for other in self.open_uris():
            if other == uri:
                continue
            other_path = to_fs_path(other)
            if other_path is None:
                continue
            if (
                name in _SETTINGS_FILES
                or name in _SERVICES_FILES
                or (_same_project(folder, other_path) and self._may_read(other, path))
            ):
                self.lint(other)

    def _may_read(self, uri: str, path: str) -> bool:
        """Whether the last lint of `uri` looked at `path`, or listed its folder (a buffer
        just opened shows in a listing before it is saved). Not linted yet: assume so."""
        linted = self.linted.get(uri)
        if linted is None:
            return True
        path = os.path.normpath(os.path.abspath(path))
        folder = os.path.dirname(path)
        return ("path", path) in linted.reads or ("list", folder) in linted.reads

    def schedule(self, uri: str) -> None:
        old = self.pending.pop(uri, None)
        if old is not None:
            old.cancel()
        loop = asyncio.get_running_loop()
        self.pending[uri] = loop.call_later(DEBOUNCE_SECONDS, self.lint_and_related, uri)

    def lint_and_related(self, uri: str) -> None:
        self.lint(uri)
        self.lint_related(uri)

    # -- positions -------------------------------------------------------------------

    def to_lsp(self, doc: TextDocument, diag: Diagnostic, docs_url: str | None) -> types.Diagnostic:
        from cslint.core.links import rule_url

        href = rule_url(docs_url, diag.code)
        related = [
            types.DiagnosticRelatedInformation(
                location=types.Location(
                    uri=doc.uri if rel.path is None else _uri_near(doc.uri, rel.path),
                    range=self.client_range(doc, rel.span)
                    if rel.path is None
                    else _plain_range(rel.span),
                ),
                message=rel.message,
            )
            for rel in diag.related
        ]
        return types.Diagnostic(
            range=self.client_range(doc, diag.span),
            severity=_SEVERITY[diag.severity],
            code=diag.code,
            code_description=types.CodeDescription(href=href) if href else None,
            source="cslint",
            message=diag.message,
            related_information=related or None,
            data={"name": diag.name},
        )

    @staticmethod
    def client_range(doc: TextDocument, span: Span) -> types.Range:
        return doc.range_to_client_units(_server_range(span))

    def edit_to_lsp(self, doc: TextDocument, edit: Edit) -> types.TextEdit:
        return types.TextEdit(range=self.client_range(doc, edit.span), new_text=edit.replacement)

    @staticmethod
    def cursor(doc: TextDocument, position: types.Position) -> tuple[int, int]:
        """A client position as cslint's 1-based (line, code-point column)."""
        server = doc.position_from_client_units(position)
        return server.line + 1, server.character + 1


def _plain_range(span: Span) -> types.Range:
    """cslint's 1-based code-point span as a 0-based range in code points (server units)."""
    return types.Range(
        start=types.Position(line=max(span.line - 1, 0), character=max(span.col - 1, 0)),
        end=types.Position(line=max(span.end_line - 1, 0), character=max(span.end_col - 1, 0)),
    )


def _server_range(span: Span) -> ServerTextRange:
    plain = _plain_range(span)
    return ServerTextRange(
        start=ServerTextPosition(plain.start.line, plain.start.character),
        end=ServerTextPosition(plain.end.line, plain.end.character),
    )


def _uri_near(uri: str, relative: str) -> str:
    base = to_fs_path(uri) or ""
    root = project_root_for(base, FileKind.SERVICES)
    return from_fs_path(os.path.join(root, relative)) or uri


def _same_project(folder: str, other_path: str) -> bool:
    other = os.path.dirname(os.path.abspath(other_path))
    return other == folder or other.startswith(folder + os.sep)


def _other_file_range(text: str | None, span: Span, codec: PositionCodec) -> types.Range:
    lines = (text or "").splitlines(keepends=True)
    return codec.range_to_client_units(lines, _server_range(span))


server = CslintServer()


class LspLinesDocument(TextDocument):
    """A document whose lines end where the protocol says (LF, CRLF, CR) and nowhere else.
    pygls splits with `str.splitlines`, which also breaks at a form feed, a vertical tab,
    U+001C-U+001E, NEL and U+2028/9: an editor's edit "line 3, characters 4-8" after a
    form feed then landed on another line, and the server linted (and fixed) a text the
    editor does not have."""

    @property
    def lines(self) -> Sequence[str]:
        return tuple(_LSP_LINE.findall(self.source))


_LSP_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: CslintServer, params: types.DidOpenTextDocumentParams) -> None:
    doc = ls.document(params.text_document.uri)
    if doc is not None and type(doc) is TextDocument:
        # pygls makes the document before this handler runs and offers no hook to make
        # another kind: the subclass only replaces how lines are split.
        doc.__class__ = LspLinesDocument
    ls.lint(params.text_document.uri)
    ls.lint_related(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
async def did_change(ls: CslintServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: CslintServer, params: types.DidSaveTextDocumentParams) -> None:
    ls.lint_and_related(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: CslintServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    pending = ls.pending.pop(uri, None)
    if pending is not None:
        pending.cancel()
    ls.linted.pop(uri, None)
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
    ls.lint_related(uri)  # the others now read this file from the disk


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_watched(ls: CslintServer, params: types.DidChangeWatchedFilesParams) -> None:
    # Settings are re-read when their file's mtime changes, and a services file changed on
    # disk (a git checkout) changes what the open steps files may name: lint them again.
    watched = (*_SETTINGS_FILES, *_SERVICES_FILES)
    if any(os.path.basename(to_fs_path(c.uri) or "") in watched for c in params.changes):
        for uri in ls.open_uris():
            ls.lint(uri)


@server.feature(types.INITIALIZED)
async def initialized(ls: CslintServer, params: types.InitializedParams) -> None:
    watched = ls.client_capabilities.workspace
    dynamic = watched and watched.did_change_watched_files
    if not (dynamic and dynamic.dynamic_registration):
        return
    globs = ["**/.cslint.yaml", "**/.cslint.yml", "**/pyproject.toml", "**/.hadolint.y*ml"]
    globs += [f"**/{name}" for name in _SERVICES_FILES]
    await ls.client_register_capability_async(
        types.RegistrationParams(
            registrations=[
                types.Registration(
                    id="cslint-settings",
                    method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                    register_options=types.DidChangeWatchedFilesRegistrationOptions(
                        watchers=[types.FileSystemWatcher(glob_pattern=g) for g in globs]
                    ),
                )
            ]
        )
    )


def _overlaps(span: Span, start: tuple[int, int], end: tuple[int, int]) -> bool:
    return (span.line, span.col) <= end and start <= (span.end_line, span.end_col)


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll]
    ),
)
def code_action(ls: CslintServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    uri = params.text_document.uri
    doc = ls.document(uri)
    linted = ls.linted.get(uri)
    path = to_fs_path(uri)
    if doc is None or linted is None or path is None:
        return []
    wanted = params.context.only
    start = ls.cursor(doc, params.range.start)
    end = ls.cursor(doc, params.range.end)
    found: list[actions.Action] = []
    if not wanted or any(k.startswith(types.CodeActionKind.QuickFix) for k in wanted):
        for diag in linted.result.diagnostics:
            if not _overlaps(diag.span, start, end):
                continue
            fix = actions.fix_action(diag)
            if fix is not None:
                found.append(fix)
            line = actions.disable_line_action(diag, doc.source, linted.kind, linted.document)
            if line is not None:
                found.append(line)
            found.append(actions.disable_file_action(diag, doc.source, linted.kind))
    if not wanted or any(k.startswith(types.CodeActionKind.Source) for k in wanted):
        current = linted.result if linted.version == doc.version else None
        fixed = fix_all(
            path, doc.source, linted.kind, linted.settings.config, ls.buffers(), first=current
        )
        every = actions.fix_all_action(doc.source, fixed)
        if every is not None:
            found.append(every)
    lsp_diags = {id(d): ls.to_lsp(doc, d, None) for d in linted.result.diagnostics}
    redactor = linted.result.redactor
    out = []
    for action in found:
        edits = list(action.edits)
        if redactor is not None and any(redactor.reveals(e.replacement) for e in edits):
            edits = [part for e in edits for part in actions.narrowed(e, doc.source)]
            if any(redactor.reveals(e.replacement) for e in edits):
                continue  # as `check --format json`: a fix that writes a secret is not shown
        out.append(
            types.CodeAction(
                title=redactor.redact(action.title) if redactor else action.title,
                kind=action.kind,
                diagnostics=[lsp_diags[id(action.diagnostic)]] if action.diagnostic else None,
                is_preferred=action.preferred or None,
                edit=types.WorkspaceEdit(changes={uri: [ls.edit_to_lsp(doc, e) for e in edits]}),
            )
        )
    return out


@server.feature(types.TEXT_DOCUMENT_HOVER)
def hover(ls: CslintServer, params: types.HoverParams) -> types.Hover | None:
    uri = params.text_document.uri
    doc = ls.document(uri)
    linted = ls.linted.get(uri)
    if doc is None or linted is None:
        return None
    line, col = ls.cursor(doc, params.position)
    from cslint.core.registry import resolve_rule
    from cslint.core.ruledocs import rule_markdown

    texts = []
    for diag in linted.result.diagnostics:
        rule = resolve_rule(diag.code)
        if rule is not None and navigation.contains(diag.span, line, col):
            texts.append(rule_markdown(rule, relative_links=False))
    if not texts and linted.kind is FileKind.STEPS and linted.document is not None:
        ref = navigation.step_service_at(linted.document, line, col)
        services = _services_of(ls, uri) if ref is not None else None
        if ref is not None and services is not None and services.document is not None:
            summary = navigation.service_summary(services.document, ref.text)
            if summary is not None:
                texts.append(f"{summary}\n\n(defined in `{services.path}`)")
    if not texts:
        return None
    from cslint.codeship.secrets import Redactor

    # A clean file's result carries no redactor; a credential's shape is hidden anyway.
    redactor = linted.result.redactor or Redactor()
    texts = [redactor.redact(text) for text in texts]
    return types.Hover(
        contents=types.MarkupContent(
            kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(dict.fromkeys(texts))
        )
    )


def _services_of(ls: CslintServer, uri: str) -> Any:
    """The services file of the project of `uri`: the open buffer if any, else the disk."""
    path = to_fs_path(uri)
    if path is None:
        return None
    root = project_root_for(path, FileKind.STEPS)
    settings = ls.settings.for_file(path)
    project = Linter(settings.config).project(root, OverlayFileSystem(root, ls.buffers()))
    found = project.services_file()
    return found if found is None else _Located(root, found)


@dataclass
class _Located:
    root: str
    file: Any

    @property
    def document(self) -> Any:
        return self.file.document

    @property
    def path(self) -> str:
        return str(self.file.path)

    @property
    def uri(self) -> str:
        return from_fs_path(os.path.join(self.root, self.file.path)) or str(self.file.path)


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
def definition(ls: CslintServer, params: types.DefinitionParams) -> list[types.Location] | None:
    uri = params.text_document.uri
    doc = ls.document(uri)
    linted = ls.linted.get(uri)
    path = to_fs_path(uri)
    if doc is None or linted is None or linted.document is None or path is None:
        return None
    line, col = ls.cursor(doc, params.position)
    if linted.kind is FileKind.STEPS:
        ref = navigation.step_service_at(linted.document, line, col)
        services = _services_of(ls, uri) if ref is not None else None
        if ref is None or services is None or services.document is None:
            return None
        span = navigation.service_key_span(services.document, ref.text)
        if span is None:
            return None
        target = _other_file_range(services.file.text, span, ls.workspace.position_codec)
        return [types.Location(uri=services.uri, range=target)]
    if linted.kind is FileKind.SERVICES:
        dockerfile = navigation.dockerfile_at(linted.document, line, col)
        if dockerfile is None:
            return None
        target_path = os.path.normpath(os.path.join(os.path.dirname(path), dockerfile))
        if not os.path.isfile(target_path) and os.path.abspath(target_path) not in ls.buffers():
            return None
        start = types.Position(line=0, character=0)
        return [
            types.Location(
                uri=from_fs_path(target_path) or target_path,
                range=types.Range(start=start, end=start),
            )
        ]
    return None


def run() -> None:
    """Serve on stdin/stdout until the client says exit."""
    server.start_io()
