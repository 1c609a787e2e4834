"""How long an edit takes to show its diagnostics in the editor, against the command line.

Pairs, interleaved: (1) the language server: a `didChange` of examples/demo's steps file
until its `publishDiagnostics` for that version arrives, minus the server's debounce
(the time it waits on purpose for the typing to stop); (2) the yardstick: `cslint check`
of the same file as a new process (what an editor that runs the CLI on save pays).
Prints medians and the spread (min-max) of each.

    python3 bench/bench_lsp.py [rounds]
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent


class Server:
    def __init__(self, cwd: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "cslint", "lsp"],
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.next_id = 0

    def send(self, method: str, params: Any, request: bool = False) -> None:
        message: dict[str, Any] = {"jsonrpc": "2.0", "method": method, "params": params}
        if request:
            self.next_id += 1
            message["id"] = self.next_id
        body = json.dumps(message).encode()
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def read(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        length = 0
        while True:
            line = self.proc.stdout.readline().strip()
            if not line:
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        message: dict[str, Any] = json.loads(self.proc.stdout.read(length))
        return message

    def wait_for(self, method: str, version: int | None = None) -> dict[str, Any]:
        while True:
            message = self.read()
            if "id" in message and "method" in message:  # a request to the client
                reply = {"jsonrpc": "2.0", "id": message["id"], "result": None}
                body = json.dumps(reply).encode()
                assert self.proc.stdin is not None
                self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
                self.proc.stdin.flush()
                continue
            if message.get("method") != method:
                continue
            if version is None or message["params"].get("version") == version:
                return message


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    from cslint.lsp.server import DEBOUNCE_SECONDS

    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "demo"
        shutil.copytree(REPO / "examples" / "demo", project)
        steps = project / "codeship-steps.yml"
        text = steps.read_text()
        uri = steps.as_uri()
        server = Server(project)
        server.send(
            "initialize",
            {"processId": os.getpid(), "rootUri": project.as_uri(), "capabilities": {}},
            request=True,
        )
        server.read()
        server.send("initialized", {})
        server.send(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}},
        )
        server.wait_for("textDocument/publishDiagnostics", 1)
        lsp: list[float] = []
        cli: list[float] = []
        exe = [sys.executable, "-m", "cslint", "check", "codeship-steps.yml"]
        for i in range(rounds):
            version = i + 2
            edited = text + f"# edit {i}\n"
            start = time.perf_counter()
            server.send(
                "textDocument/didChange",
                {
                    "textDocument": {"uri": uri, "version": version},
                    "contentChanges": [{"text": edited}],
                },
            )
            server.wait_for("textDocument/publishDiagnostics", version)
            lsp.append(time.perf_counter() - start - DEBOUNCE_SECONDS)
            start = time.perf_counter()
            subprocess.run(exe, cwd=project, capture_output=True, check=False)
            cli.append(time.perf_counter() - start)
        server.send("shutdown", None, request=True)
        server.send("exit", None)
        server.proc.wait(timeout=30)

    def show(name: str, values: list[float]) -> str:
        ms = [v * 1000 for v in values]
        return (
            f"{name}: median {statistics.median(ms):.0f} ms "
            f"(min {min(ms):.0f}, max {max(ms):.0f}, n={len(ms)})"
        )

    print(
        show(
            f"lsp didChange -> diagnostics, after the {DEBOUNCE_SECONDS * 1000:.0f} ms debounce",
            lsp,
        )
    )
    print(show("cslint check (new process), the yardstick", cli))


if __name__ == "__main__":
    main()
