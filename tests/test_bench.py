"""bench/run.py, the one command behind BENCHMARKS.md, runs from start to end (a quick
pass: one pair per case, tiny sizes). No time is asserted; what is checked is that every
target of the speed issue has its row, so the benchmark cannot rot."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "bench" / "run.py"


@pytest.mark.skipif(shutil.which("cslint") is None, reason="cslint is not installed")
def test_quick_benchmark_writes_every_section(tmp_path: Path, corpus: Path) -> None:
    out = tmp_path / "BENCHMARKS.md"
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick", "--out", str(out), "--corpus", str(corpus),
         "--python", sys.executable],
        capture_output=True, text=True, check=False, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    for row in (
        "typical pre-commit call",
        "the same call again, nothing changed (result cache)",
        "two Dockerfiles alone",
        "the bare interpreter (python -c pass) against hadolint",
        "the libraries alone that the two-Dockerfile call imports, no cslint",
        "the libraries alone that the cached typical call imports, no cslint",
        "the measured install: ",
        "`check`: import cslint.entry, read the command line (no typer)",
        "corpus CodeShip files, one call",
        "corpus Dockerfiles with ShellCheck",
        "Peak memory of the typical call",
        "WITH THE RESIDENT SERVER (CSLINT_SERVER=1): typical call, no cache",
        "WITH THE RESIDENT SERVER (CSLINT_SERVER=1): the same call again (result cache)",
        "WITH THE RESIDENT SERVER (CSLINT_SERVER=1): two Dockerfiles alone, no cache",
        "## Monorepo: time per file across sizes",
        "## convert",
        "## Commands",
        "cores",
        "Python 3.",
    ):
        assert row in text, row
    assert "## Runs that failed" not in text, text
    assert "The resident server answered" not in text, text  # every served row was served
    # Every table row carries a median ratio and its spread.
    rows = [line for line in text.splitlines() if line.startswith("| ") and "x |" in line]
    assert len(rows) >= 5
