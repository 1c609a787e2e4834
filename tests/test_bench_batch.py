"""bench/batch.py, the batch sections of BENCHMARKS.md, runs from start to end (a quick
pass: one round, four corpus Dockerfiles, tiny monorepos, the largest run over processes).
No time is asserted: what is checked is that every batch target has its row and verdict,
so the benchmark cannot rot."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "bench" / "batch.py"


@pytest.mark.skipif(shutil.which("cslint") is None, reason="cslint is not installed")
def test_quick_batch_benchmark_prints_every_target(corpus: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick", "--corpus", str(corpus)],
        capture_output=True, text=True, check=False, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    text = done.stdout
    for needed in (
        "## Batch targets",
        "## Monorepo: time per file across sizes",
        "per file beyond the start-up",
        "peak memory (all processes, PSS)",
        "with `--jobs 1`",
        "| monorepo time per file beyond the start-up, spread across sizes |",
        "| monorepo cores busy at 52 files |",
        "| monorepo peak memory, all processes |",
    ):
        assert needed in text, needed
    if shutil.which("hadolint"):
        assert "## Corpus Dockerfiles with ShellCheck: one process or two" in text
        for row in ("| hadolint |", "| cslint --jobs 1 |", "| cslint --jobs 2 |",
                    "| cslint without ShellCheck (--ignore CS390) |"):  # fmt: skip
            assert row in text, row
        assert "| corpus Dockerfiles with ShellCheck, default |" in text
    # Every run exited as cslint does on these files (0 or 1), never 2 or 3.
    rows = [line for line in text.splitlines() if line.startswith("| cslint")]
    assert all(line.rstrip(" |").split("|")[-1].strip() in ("0", "1", "0,1", "1,0")
               for line in rows), rows  # fmt: skip
    peak = [line for line in text.splitlines() if line.startswith("| 52 |")]
    assert peak and " MB |" in peak[0]


@pytest.mark.skipif(shutil.which("cslint") is None, reason="cslint is not installed")
def test_only_the_monorepo_section(corpus: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick", "--only", "monorepo", "--corpus", str(corpus)],
        capture_output=True, text=True, check=False, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "## Monorepo: time per file across sizes" in done.stdout
    assert "| monorepo time per file beyond the start-up, spread across sizes |" in done.stdout
    assert "Corpus Dockerfiles" not in done.stdout and "hadolint" not in done.stdout
