"""`cslint lsp` against hostile clients and buffers, through the real server and pytest-lsp's
client: it must answer, in the client's own URIs, and never crash, hang or quote a secret."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from tests.test_lsp import SERVICES, codes, diagnostics, open_doc, rng

STEPS = "- name: test\n  service: database\n  command: make test\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    # A folder name a URI must percent-encode: a space and a non-ASCII letter.
    root = tmp_path / "my project ü"
    root.mkdir()
    (root / ".git").mkdir()
    (root / "codeship-services.yml").write_text(SERVICES)
    (root / "codeship-steps.yml").write_text(STEPS)
    return root


@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[sys.executable, "-m", "cslint", "lsp"]),
)
async def client(lsp_client: LanguageClient, project: Path) -> AsyncIterator[None]:
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities("neovim"),
            root_uri=project.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=project.as_uri(), name="p")],
        )
    )
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio
async def test_percent_encoded_uri_is_linted_and_answered(
    client: LanguageClient, project: Path
) -> None:
    steps = open_doc(client, project / "codeship-steps.yml")
    assert "%20" in steps and "%C3%BC" in steps
    found = await diagnostics(client, steps, lambda d: "CS401" in codes(d))
    assert next(d for d in found if d.code == "CS401").range == rng(1, 11, 1, 19)
    # Published under the URI the client opened, never a decoded spelling of it.
    assert set(client.diagnostics) == {steps}
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=steps),
            position=types.Position(line=1, character=14),
        )
    )
    assert hover is not None
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=steps),
            range=rng(1, 11, 1, 19),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    assert any("Disable CS401" in a.title for a in actions or [])
    # A second open document is refreshed under its own URI too.
    services = open_doc(client, project / "codeship-services.yml")
    await diagnostics(client, services, lambda d: "CS103" in codes(d))
    assert set(client.diagnostics) == {steps, services}


TOKEN = "ghp_" + "Q7" * 18  # shaped like a GitHub token
PASSWORD = "hunter2-correct-horse"  # a secret by its name only


@pytest.mark.asyncio
async def test_no_message_hover_or_action_quotes_a_secret(
    client: LanguageClient, project: Path
) -> None:
    services = (
        f"web:\n  image: busybox:1.36\n  environment:\n    DB_PASSWORD: {PASSWORD}\n"
        f"  depends_on: [{PASSWORD}]\n  cached: {PASSWORD}\n"
        f"{TOKEN}:\n  image: postgres:16\n  volumes:\n    - {TOKEN}:/data\n"
    )
    steps = (
        f"- name: test\n  service: {PASSWORD}\n  command: make test\n"
        f"- name: fetch\n  service: web\n  command: curl -H {TOKEN} x && make\n"
    )
    (project / "codeship-services.yml").write_text(services)
    (project / "codeship-steps.yml").write_text(steps)
    docs = {
        open_doc(client, project / "codeship-services.yml"): services,
        open_doc(client, project / "codeship-steps.yml"): steps,
    }
    sent: list[str] = []
    for doc, text in docs.items():
        found = await diagnostics(client, doc, lambda d: len(d) >= 3)
        sent.append(repr(found))
        for number, line in enumerate(text.split("\n")):
            for char in range(0, len(line) + 1, 4):
                where = types.Position(line=number, character=char)
                hover = await client.text_document_hover_async(
                    types.HoverParams(
                        text_document=types.TextDocumentIdentifier(uri=doc), position=where
                    )
                )
                sent.append(repr(hover))
            actions = await client.text_document_code_action_async(
                types.CodeActionParams(
                    text_document=types.TextDocumentIdentifier(uri=doc),
                    range=rng(number, 0, number, len(line)),
                    context=types.CodeActionContext(diagnostics=[]),
                )
            )
            sent.append(repr(actions))
    everything = "\n".join(sent)
    # The findings that quote the values are there, masked.
    assert "service '********' is not defined" in everything
    assert "'cached' must be true or false, not the string '********'" in everything
    assert TOKEN not in everything and PASSWORD not in everything
    # The fix of the `&&` command is still offered, as the text it adds, not the command.
    assert "sh -c '" in everything


@pytest.mark.asyncio
async def test_buffer_over_the_size_limit_is_refused_not_parsed(
    client: LanguageClient, project: Path
) -> None:
    # 20 MB of services, unsaved: one finding at once, as `cslint check` gives the file,
    # never minutes of parsing and gigabytes of memory.
    huge = "web:\n  image: busybox:1.36\n  environment:\n" + "    K: v\n" * 2_500_000
    services = open_doc(client, project / "codeship-services.yml", huge)
    found = await diagnostics(client, services, lambda d: bool(d), timeout=60)
    assert [d.message for d in found] == [
        "file is larger than 4 MiB (limits: max-file-size); cslint did not read it"
    ]
    # The steps file does not read the huge buffer either: it has no services file.
    steps = open_doc(client, project / "codeship-steps.yml")
    found = await diagnostics(client, steps, lambda d: "CS401" in codes(d), timeout=60)
    assert "no services file" in next(d for d in found if d.code == "CS401").message
    # The limit is the project's own setting: 5 MB of Dockerfile is read under 8 MiB.
    client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=services))
    )
    (project / ".cslint.yaml").write_text("limits:\n  max-file-size: 8MiB\n")
    text = "FROM busybox:1.36\n" + "# padding\n" * 500_000
    dockerfile = open_doc(client, project / "Dockerfile", text, lang="dockerfile")
    assert list(await diagnostics(client, dockerfile, timeout=60)) == []


@pytest.mark.asyncio
async def test_unpaired_surrogate_is_a_finding_not_a_crash(
    client: LanguageClient, project: Path
) -> None:
    doc = open_doc(
        client, project / "Dockerfile", "FROM busybox:1.36\nRUN echo \ud800x\n", lang="dockerfile"
    )
    found = await diagnostics(client, doc, lambda d: bool(d))
    assert [(d.code, d.range.start.line) for d in found] == [("CS005", 1)]
    assert "not UTF-8" in found[0].message
    assert not [m for m in client.messages if m.type == types.MessageType.Error]


@pytest.mark.asyncio
async def test_edits_after_a_form_feed_land_where_the_editor_made_them(
    client: LanguageClient, project: Path
) -> None:
    # LSP lines end at LF, CRLF or CR only; a form feed in a comment is no line break.
    text = "FROM busybox:1.36\n# page\x0cbreak\nMAINTAINER me\nRUN sudo true\n"
    doc = open_doc(client, project / "Dockerfile", text, lang="dockerfile")
    found = await diagnostics(client, doc, lambda d: "CS305" in codes(d))
    assert [(d.code, d.range.start.line) for d in found] == [("CS307", 2), ("CS305", 3)]
    # The editor replaces `sudo` on line 3 by `echo`, sending only that change.
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=doc, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(range=rng(3, 4, 3, 8), text="echo")
            ],
        )
    )
    found = await diagnostics(client, doc, lambda d: "CS305" not in codes(d))
    # The server's text is the editor's: MAINTAINER is untouched, no syntax error.
    assert [(d.code, d.range.start.line) for d in found] == [("CS307", 2)]
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=doc),
            range=rng(2, 0, 2, 4),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    disable = next(a for a in actions or [] if a.title == "Disable CS307 on this line")
    assert disable.edit is not None and disable.edit.changes is not None
    assert disable.edit.changes[doc][0].range.start == types.Position(line=2, character=0)
