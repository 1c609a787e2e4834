"""VS Code's YAML extension, for real: its engine, Red Hat's yaml-language-server (npm),
driven over stdio with VS Code's client capabilities and the exact set-up docs/editors.md
gives (the `cslint schema` commands run as written, the `yaml.schemas` settings as written).
Skipped where node or the server is absent (`bash .ci/editors.sh` installs it)."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from editor_engines import INSTALL, REPO, markdown_block, yaml_language_server
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

DOC = (REPO / "docs" / "editors.md").read_text()
Found = Sequence[types.Diagnostic]


def set_up_as_documented(project: Path, cslint_exe: str) -> dict[str, object]:
    """Run the documented commands in `project`; return the documented settings."""
    commands = markdown_block(DOC, "Red Hat's YAML extension", "sh")
    env = {**os.environ, "PATH": f"{Path(cslint_exe).parent}{os.pathsep}{os.environ['PATH']}"}
    subprocess.run(["bash", "-euc", commands], cwd=project, env=env, check=True, timeout=120)
    settings: dict[str, object] = json.loads(markdown_block(DOC, ".vscode/settings.json", "json"))
    (project / ".vscode" / "settings.json").write_text(json.dumps(settings))
    return settings


async def published(
    client: LanguageClient, uri: str, until: Callable[[Found], bool], timeout: float = 30.0
) -> Found:
    async def wait() -> Found:
        while True:
            found = client.diagnostics.get(uri)
            if found is not None and until(found):
                return found
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)

    return await asyncio.wait_for(wait(), timeout)


def brief(found: Found) -> list[tuple[int, int, int, int, str]]:
    return [
        (
            d.range.start.line,
            d.range.start.character,
            d.range.end.line,
            d.range.end.character,
            d.message,
        )
        for d in found
    ]


@pytest.mark.asyncio
async def test_yaml_extension_engine_with_the_documented_settings(
    tmp_path: Path, cslint_exe: str
) -> None:
    command = yaml_language_server()
    if command is None:
        pytest.skip(f"node or yaml-language-server is absent ({INSTALL} installs it)")
    settings = set_up_as_documented(tmp_path, cslint_exe)
    client = await ClientServerConfig(server_command=command).start()
    assert isinstance(client, LanguageClient)

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams) -> None:
        pass  # as VS Code does: accept the server's registrations

    # VS Code hands the server its settings through workspace/configuration, by section.
    for key, value in settings.items():
        client.set_configuration(value, section=key)
    try:
        await client.initialize_session(
            types.InitializeParams(
                capabilities=client_capabilities("visual-studio-code"),
                root_uri=tmp_path.as_uri(),
                workspace_folders=[
                    types.WorkspaceFolder(uri=tmp_path.as_uri(), name=tmp_path.name)
                ],
            )
        )

        def open_doc(name: str, text: str) -> str:
            uri = (tmp_path / name).as_uri()
            client.text_document_did_open(
                types.DidOpenTextDocumentParams(
                    text_document=types.TextDocumentItem(
                        uri=uri, language_id="yaml", version=1, text=text
                    )
                )
            )
            return uri

        services = open_doc(
            "codeship-services.yml", 'web:\n  image: nginx:1.27\n  portz: ["8080:80"]\n'
        )
        steps = open_doc(
            "codeship-steps.yml", "- name: test\n  service: web\n  comand: make test\n"
        )
        found = await published(client, services, bool)
        assert brief(found) == [(2, 2, 2, 7, "Property portz is not allowed.")]
        assert found[0].severity is types.DiagnosticSeverity.Error
        assert "codeship-services.yml" in (found[0].source or "")  # the schema's title
        found = await published(client, steps, bool)
        assert brief(found) == [(2, 2, 2, 8, "Property comand is not allowed.")]

        # A valid file: nothing. Then the same buffer made invalid: the schema applies to it,
        # so the silence was a check that passed, not a file left unchecked.
        valid = "- name: test\n  service: web\n  command: make test\n"
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=steps, version=2),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=valid)],
            )
        )
        await published(client, steps, lambda d: not d)
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=steps, version=3),
                content_changes=[
                    types.TextDocumentContentChangeWholeDocument(text=valid + "  tag: [1]\n")
                ],
            )
        )
        found = await published(client, steps, bool)
        assert [d[:4] for d in brief(found)] == [(3, 7, 3, 10)]
    finally:
        await client.shutdown_session()
        await client.stop()
