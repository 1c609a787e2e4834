"""`cslint lsp` end to end: the real server over stdio, driven by pytest-lsp's client."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

SERVICES = "web:\n  build:\n    path: .\n    dockerfile: Dockerfile\ndb:\n  image: postgres:16\n"
STEPS = (
    "- name: test\n  service: web\n  command: make test\n"
    "- name: migrate\n  service: database\n  command: ./migrate\n"
)
DOCKERFILE = 'FROM python:3.12\nCMD ["python"]\n'


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()  # the project's top: settings above it are not read
    (tmp_path / "codeship-services.yml").write_text(SERVICES)
    (tmp_path / "codeship-steps.yml").write_text(STEPS)
    (tmp_path / "Dockerfile").write_text(DOCKERFILE)
    return tmp_path


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[sys.executable, "-m", "cslint", "lsp"]),
)
async def client(lsp_client: LanguageClient, project: Path) -> AsyncIterator[None]:
    # As VS Code does: accept the server's request to watch the settings files.
    registered: list[types.Registration] = []
    lsp_client.registered = registered  # type: ignore[attr-defined]

    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams) -> None:
        registered.extend(params.registrations)

    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("visual-studio-code"),
            root_uri=project.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=project.as_uri(), name="p")],
        )
    )
    yield
    await lsp_client.shutdown_session()


def uri(path: Path) -> str:
    return path.as_uri()


def open_doc(
    client: LanguageClient, path: Path, text: str | None = None, lang: str = "yaml"
) -> str:
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri(path),
                language_id=lang,
                version=1,
                text=path.read_text() if text is None else text,
            )
        )
    )
    return uri(path)


def change(client: LanguageClient, doc: str, version: int, text: str) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=doc, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


async def diagnostics(
    client: LanguageClient,
    doc: str,
    until: Callable[[list[types.Diagnostic]], bool] = lambda _: True,
    timeout: float = 20.0,
) -> list[types.Diagnostic]:
    """Wait until the diagnostics published for `doc` satisfy `until`."""

    async def wait() -> list[types.Diagnostic]:
        while True:
            found = client.diagnostics.get(doc)
            if found is not None and until(found):
                return found
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)

    return await asyncio.wait_for(wait(), timeout)


def codes(found: list[types.Diagnostic]) -> list[Any]:
    return sorted(d.code for d in found)


def rng(line: int, char: int, end_line: int, end_char: int) -> types.Range:
    return types.Range(
        start=types.Position(line=line, character=char),
        end=types.Position(line=end_line, character=end_char),
    )


def apply_edits(text: str, edits: list[types.TextEdit]) -> str:
    """Apply LSP text edits (UTF-16 positions; the tests' texts are ASCII) as a client does."""
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)

    def offset(pos: types.Position) -> int:
        return starts[pos.line] + pos.character if pos.line < len(starts) else len(text)

    for edit in sorted(edits, key=lambda e: offset(e.range.start), reverse=True):
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
    return text


@pytest.mark.asyncio
async def test_diagnostics_with_exact_ranges_and_cross_file_refresh(
    client: LanguageClient, project: Path
) -> None:
    steps = open_doc(client, project / "codeship-steps.yml")
    found = await diagnostics(client, steps, lambda d: "CS401" in codes(d))
    unknown = next(d for d in found if d.code == "CS401")
    assert unknown.range == rng(4, 11, 4, 19)
    assert unknown.severity == types.DiagnosticSeverity.Error
    assert unknown.source == "cslint" and unknown.code_description is None
    assert "'database' is not defined" in unknown.message

    # The services *buffer*, unsaved, defines 'database': the steps file is checked
    # against it, not against the disk.
    services_path = project / "codeship-services.yml"
    services = open_doc(client, services_path, SERVICES + "database:\n  image: postgres:16\n")
    await diagnostics(client, steps, lambda d: "CS401" not in codes(d))
    assert "database" not in services_path.read_text()

    # Editing the services buffer back refreshes the steps file again (debounced).
    change(client, services, 2, SERVICES)
    found = await diagnostics(client, steps, lambda d: "CS401" in codes(d))
    assert next(d for d in found if d.code == "CS401").range == rng(4, 11, 4, 19)

    # Closed, the services file is read from the disk, which lacks 'database' too.
    change(client, services, 3, SERVICES + "database:\n  image: postgres:16\n")
    await diagnostics(client, steps, lambda d: "CS401" not in codes(d))
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=services))
    )
    await diagnostics(client, steps, lambda d: "CS401" in codes(d))


@pytest.mark.asyncio
async def test_edit_moves_the_diagnostic(client: LanguageClient, project: Path) -> None:
    services = open_doc(client, project / "codeship-services.yml")
    found = await diagnostics(client, services, lambda d: "CS103" in codes(d))
    assert next(d for d in found if d.code == "CS103").range == rng(2, 4, 2, 8)
    # Two lines added on top, and a multi-byte comment: still exact, in UTF-16 units.
    change(client, services, 2, "# ünïcode 🐳\n# two\n" + SERVICES.replace("    path", "    path"))
    found = await diagnostics(
        client, services, lambda d: any(x.range.start.line == 4 for x in d if x.code == "CS103")
    )
    assert next(d for d in found if d.code == "CS103").range == rng(4, 4, 4, 8)
    # The unsaved buffer is what is linted: the fix typed in clears the finding.
    change(client, services, 3, SERVICES.replace("path: .", "context: ."))
    await diagnostics(client, services, lambda d: "CS103" not in codes(d))


async def actions_at(
    client: LanguageClient, doc: str, where: types.Range, only: list[str] | None = None
) -> list[types.CodeAction]:
    found = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=doc),
            range=where,
            context=types.CodeActionContext(diagnostics=[], only=only),
        )
    )
    return [a for a in found or [] if isinstance(a, types.CodeAction)]


def edits_of(action: types.CodeAction, doc: str) -> list[types.TextEdit]:
    assert action.edit is not None and action.edit.changes is not None
    return list(action.edit.changes[doc])


@pytest.mark.asyncio
async def test_code_actions_fix_and_disable(client: LanguageClient, project: Path) -> None:
    services = open_doc(client, project / "codeship-services.yml")
    found = await diagnostics(client, services, lambda d: "CS103" in codes(d))
    cs103 = next(d for d in found if d.code == "CS103")
    titles = {a.title: a for a in await actions_at(client, services, cs103.range)}
    fix = next(a for t, a in titles.items() if "[CS103]" in t)
    assert "(safe fix)" in fix.title and fix.is_preferred
    assert fix.kind == types.CodeActionKind.QuickFix
    fixed = apply_edits(SERVICES, edits_of(fix, services))
    assert fixed == SERVICES.replace("path: .", "context: .")

    disable = titles["Disable CS103 on this line"]
    silenced = apply_edits(SERVICES, edits_of(disable, services))
    assert "    path: .  # cslint: disable=CS103\n" in silenced
    change(client, services, 2, silenced)
    await diagnostics(client, services, lambda d: "CS103" not in codes(d))

    file_wide = titles["Disable CS103 for this file"]
    whole = apply_edits(SERVICES, edits_of(file_wide, services))
    assert whole.startswith("# cslint: disable-file=CS103\n")
    change(client, services, 3, whole)
    await diagnostics(client, services, lambda d: "CS103" not in codes(d))


@pytest.mark.asyncio
async def test_disable_line_in_a_dockerfile_goes_above_the_instruction(
    client: LanguageClient, project: Path
) -> None:
    # Default rules only (CS302 and the pinning rules are opt-in): sudo, MAINTAINER.
    text = (
        "FROM python:3.12\nRUN apt-get update && \\\n    sudo apt-get install -y curl\n"
        "MAINTAINER someone@example.com\n"
    )
    doc = open_doc(client, project / "Dockerfile", text, lang="dockerfile")
    found = await diagnostics(client, doc, lambda d: "CS307" in codes(d))
    on_continuation = [d for d in found if d.range.start.line == 2]
    assert on_continuation, codes(found)
    diag = on_continuation[0]
    titles = {a.title: a for a in await actions_at(client, doc, diag.range)}
    action = titles[f"Disable {diag.code} on this line"]
    silenced = apply_edits(text, edits_of(action, doc))
    assert silenced.splitlines()[1] == f"# cslint: disable-next-line={diag.code}"
    change(client, doc, 2, silenced)
    await diagnostics(client, doc, lambda d: diag.code not in codes(d) and "CS307" in codes(d))


@pytest.mark.asyncio
async def test_fix_all_safe_matches_check_fix(client: LanguageClient, project: Path) -> None:
    services = open_doc(client, project / "codeship-services.yml")
    await diagnostics(client, services, lambda d: "CS103" in codes(d))
    found = await actions_at(client, services, rng(0, 0, 0, 0), only=["source.fixAll"])
    assert [a.title for a in found] == ["Fix all safe problems (cslint)"]
    assert found[0].kind == "source.fixAll.cslint"
    in_editor = apply_edits(SERVICES, edits_of(found[0], services))
    # The same as `cslint check --fix` writes on disk.
    await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "cslint", "check", "--fix", "codeship-services.yml"],
        cwd=project,
        capture_output=True,
        check=False,
    )
    assert in_editor == (project / "codeship-services.yml").read_text() != SERVICES


@pytest.mark.asyncio
async def test_hover_on_a_finding_shows_explain(client: LanguageClient, project: Path) -> None:
    steps = open_doc(client, project / "codeship-steps.yml")
    await diagnostics(client, steps, lambda d: "CS401" in codes(d))
    found = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=steps),
            position=types.Position(line=4, character=14),
        )
    )
    assert found is not None and isinstance(found.contents, types.MarkupContent)
    explain = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "cslint", "explain", "CS401"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert found.contents.value == explain.stdout
    assert found.contents.kind == types.MarkupKind.Markdown
    assert "](../" not in found.contents.value  # a sibling page's link leads nowhere here


@pytest.mark.asyncio
async def test_hover_on_a_service_name(client: LanguageClient, project: Path) -> None:
    steps = open_doc(client, project / "codeship-steps.yml")
    await diagnostics(client, steps)

    async def hover(line: int, char: int) -> str | None:
        found = await client.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=steps),
                position=types.Position(line=line, character=char),
            )
        )
        if found is None:
            return None
        assert isinstance(found.contents, types.MarkupContent)
        return found.contents.value

    web = await hover(1, 12)
    assert web is not None and "build: context `.`, Dockerfile `Dockerfile`" in web
    # From the buffer when open: an unsaved change of the image shows.
    open_doc(client, project / "codeship-services.yml", SERVICES.replace("postgres:16", "pg:17"))
    change(client, steps, 2, STEPS.replace("database", "db"))
    await diagnostics(client, steps, lambda d: "CS401" not in codes(d))
    assert "image: `pg:17`" in (await hover(4, 12) or "")
    assert await hover(2, 4) is None  # on `command`: nothing to say


@pytest.mark.asyncio
async def test_go_to_definition(client: LanguageClient, project: Path) -> None:
    steps = open_doc(client, project / "codeship-steps.yml")
    await diagnostics(client, steps)
    found = await client.text_document_definition_async(
        types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(uri=steps),
            position=types.Position(line=1, character=13),
        )
    )
    assert isinstance(found, list) and len(found) == 1
    assert isinstance(found[0], types.Location)
    assert found[0].uri == uri(project / "codeship-services.yml")
    assert found[0].range == rng(0, 0, 0, 3)

    services = open_doc(client, project / "codeship-services.yml")
    await diagnostics(client, services)
    found = await client.text_document_definition_async(
        types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(uri=services),
            position=types.Position(line=3, character=20),
        )
    )
    assert isinstance(found, list) and isinstance(found[0], types.Location)
    assert found[0].uri == uri(project / "Dockerfile")
    # `db` has no build: nothing to go to.
    none = await client.text_document_definition_async(
        types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(uri=services),
            position=types.Position(line=5, character=12),
        )
    )
    assert not none


@pytest.mark.asyncio
async def test_settings_are_read_and_reread(client: LanguageClient, project: Path) -> None:
    settings = project / ".cslint.yaml"
    settings.write_text("ignore: [CS401]\n")
    steps = open_doc(client, project / "codeship-steps.yml")
    found = await diagnostics(client, steps)
    assert "CS401" not in codes(found)
    registered = client.registered  # type: ignore[attr-defined]
    watched = [r for r in registered if r.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES]
    assert watched, "the server did not ask to watch the settings files"
    options = watched[0].register_options  # arrives untyped: LSP's `LSPAny`
    assert isinstance(options, dict)
    globs = {w["globPattern"] for w in options["watchers"]}
    assert {"**/.cslint.yaml", "**/pyproject.toml"} <= globs

    settings.write_text("ignore: []\n")
    os.utime(settings, ns=(1, 1))  # a new mtime even on a coarse clock
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=uri(settings), type=types.FileChangeType.Changed)]
        )
    )
    await diagnostics(client, steps, lambda d: "CS401" in codes(d))

    # A broken settings file: reported at its own line and column, defaults meanwhile.
    settings.write_text("ignore: []\nselct: [CS2]\n")
    os.utime(settings, ns=(2, 2))
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=uri(settings), type=types.FileChangeType.Changed)]
        )
    )
    found = await diagnostics(client, uri(settings))
    assert found[0].range.start == types.Position(line=1, character=0)
    assert "unknown setting 'selct'" in found[0].message


@pytest.mark.asyncio
async def test_dockerfile_by_language_and_unknown_files(
    client: LanguageClient, project: Path
) -> None:
    # A name that says nothing, but the editor knows it is a Dockerfile.
    odd = project / "build.df"
    doc = open_doc(client, odd, "FROM python:3.12\nMAINTAINER a@example.com\n", lang="dockerfile")
    found = await diagnostics(client, doc, lambda d: "CS307" in codes(d))
    assert next(d for d in found if d.code == "CS307").range == rng(1, 0, 1, 10)
    # A YAML file that is no CodeShip file gets no diagnostics at all.
    other = open_doc(client, project / "mkdocs.yml", "site_name: x\n")
    steps = open_doc(client, project / "codeship-steps.yml")
    await diagnostics(client, steps)
    assert other not in client.diagnostics


def test_check_never_imports_the_server(tmp_path: Path) -> None:
    (tmp_path / "codeship-services.yml").write_text("app:\n  image: busybox:1\n")
    probe = (
        "import sys\nfrom cslint.cli import main\nsys.argv = ['cslint', 'check']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pygls', 'lsprotocol')"
        " or m.startswith('cslint.lsp')), file=sys.stderr)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert out.stderr.strip().splitlines()[-1] == "[]"


def test_without_the_extra_one_line_and_exit_2(tmp_path: Path) -> None:
    # Make pygls not installed, the way Python sees it: no finder can find it.
    (tmp_path / "sitecustomize.py").write_text(
        "import sys\n"
        "class Hide:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('pygls', 'lsprotocol'):\n"
        "            raise ModuleNotFoundError(f'No module named {name!r}', name=name)\n"
        "        return None\n"
        "sys.meta_path.insert(0, Hide())\n"
    )
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "cslint", "lsp"],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        check=False,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr == 'cslint: the language server needs pygls: pip install "cslint[lsp]"\n'
    assert result.stdout == ""


@pytest.mark.asyncio
async def test_services_file_changed_on_disk(client: LanguageClient, project: Path) -> None:
    steps = open_doc(client, project / "codeship-steps.yml")
    await diagnostics(client, steps, lambda d: "CS401" in codes(d))
    registered = client.registered  # type: ignore[attr-defined]
    options = next(
        r.register_options
        for r in registered
        if r.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
    )
    assert "**/codeship-services.yml" in {w["globPattern"] for w in options["watchers"]}
    services = project / "codeship-services.yml"
    services.write_text(SERVICES + "database:\n  image: postgres:16\n")  # e.g. a git checkout
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=uri(services), type=types.FileChangeType.Changed)]
        )
    )
    await diagnostics(client, steps, lambda d: "CS401" not in codes(d))


@pytest.mark.asyncio
async def test_unused_suppression_has_a_safe_fix(client: LanguageClient, project: Path) -> None:
    text = (
        "web:\n  image: nginx:1.27  # cslint: disable=CS999 # pinned for the demo\n"
        "  ports: []  # cslint: disable=ignored-compose-key, CS103\n"
    )
    services = open_doc(client, project / "codeship-services.yml", text)
    found = await diagnostics(client, services, lambda d: "CS008" in codes(d))
    unused = sorted((d for d in found if d.code == "CS008"), key=lambda d: d.range.start.line)
    assert [d.range for d in unused] == [rng(1, 21, 1, 44), rng(2, 13, 2, 57)]
    titles = {a.title: a for a in await actions_at(client, services, unused[0].range)}
    fix = titles["Remove the suppression comment (safe fix) [CS008]"]
    assert fix.is_preferred and fix.kind == types.CodeActionKind.QuickFix
    once = apply_edits(text, edits_of(fix, services))
    assert once == text.replace("# cslint: disable=CS999 ", "")
    titles = {a.title: a for a in await actions_at(client, services, unused[1].range)}
    part = titles["Remove 'CS103' from the suppression comment (safe fix) [CS008]"]
    twice = apply_edits(once, edits_of(part, services))
    assert twice == (
        "web:\n  image: nginx:1.27  # pinned for the demo\n"
        "  ports: []  # cslint: disable=ignored-compose-key\n"
    )
    change(client, services, 2, twice)
    await diagnostics(client, services, lambda d: "CS008" not in codes(d))
    # "Fix all safe" on the original text takes out both, as `check --fix` does.
    change(client, services, 3, text)
    await diagnostics(client, services, lambda d: "CS008" in codes(d))
    every = await actions_at(client, services, rng(0, 0, 0, 0), only=["source.fixAll"])
    assert apply_edits(text, edits_of(every[0], services)) == twice


class _Recorder(dict[str, Any]):
    """The client's diagnostics by URI, keeping every publication in order."""

    def __init__(self) -> None:
        super().__init__()
        self.log: list[tuple[str, list[types.Diagnostic]]] = []

    def __setitem__(self, uri: str, found: Any) -> None:
        self.log.append((uri, list(found)))
        super().__setitem__(uri, found)


@pytest.mark.asyncio
async def test_a_settings_error_stays_on_the_settings_file(
    client: LanguageClient, project: Path
) -> None:
    recorder = _Recorder()
    client.diagnostics = recorder
    settings = project / ".cslint.yaml"
    settings.write_text("ignore: @x\n")  # a YAML error at 1:9, i.e. 0:8
    steps = open_doc(client, project / "codeship-steps.yml")
    await diagnostics(client, steps, lambda d: "CS401" in codes(d))
    change(client, steps, 2, STEPS + "\n")
    await diagnostics(client, steps, lambda d: len(recorder.log) >= 4)

    for where, found in recorder.log:
        if where == steps:  # only the rules' findings, never the settings error
            assert all(d.code for d in found), found
            assert not any("defaults until this is fixed" in d.message for d in found)
    on_settings = [found for where, found in recorder.log if where == uri(settings)]
    assert on_settings and all(
        [(d.range, d.code) for d in found] == [(rng(0, 8, 0, 9), None)] for found in on_settings
    )
    # Said once in a message too (a client may hide diagnostics of a file that is not open).
    shown = [m.message for m in client.messages]
    assert len(shown) == 1 and shown[0].startswith(f"{settings}:1:9: invalid YAML"), shown

    # Mended: the error leaves the settings file.
    settings.write_text("ignore: [CS201]\n")
    os.utime(settings, ns=(1, 1))
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=uri(settings), type=types.FileChangeType.Changed)]
        )
    )
    await diagnostics(client, uri(settings), lambda d: not d)
    assert len(client.messages) == 1


@pytest.mark.asyncio
async def test_a_change_relints_only_the_documents_that_read_the_file(
    client: LanguageClient, project: Path
) -> None:
    """One Dockerfile does not change another's findings; the services file, which builds
    it, does read it. Opening 60 Dockerfiles of a project re-linted each open one on every
    open and every change, seconds of a blocked server."""
    recorder = _Recorder()
    client.diagnostics = recorder
    (project / "other").mkdir()
    (project / "other" / "Dockerfile").write_text(DOCKERFILE)
    services = open_doc(client, project / "codeship-services.yml")
    dockerfile = open_doc(client, project / "Dockerfile", lang="dockerfile")
    other = open_doc(client, project / "other" / "Dockerfile", lang="dockerfile")
    steps = open_doc(client, project / "codeship-steps.yml")
    for doc in (services, dockerfile, other, steps):
        await diagnostics(client, doc)

    recorder.log.clear()
    change(client, dockerfile, 2, DOCKERFILE + "RUN echo changed\n")
    await diagnostics(client, dockerfile, lambda _: any(w == dockerfile for w, _ in recorder.log))
    # The server answers in order: once the steps file's own change is published, every
    # publication that the Dockerfile's change caused has arrived.
    change(client, steps, 2, STEPS + "\n")
    await diagnostics(client, steps, lambda _: any(w == steps for w, _ in recorder.log))
    published = [where for where, _ in recorder.log]
    assert services in published  # it builds that Dockerfile: CS403 and friends read it
    assert other not in published, published
