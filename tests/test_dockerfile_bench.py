"""bench/hadolint_compare.py runs from one command and skips cleanly without its inputs."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "bench" / "hadolint_compare.py"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, check=False
    )


def test_skips_without_corpus(tmp_path: Path) -> None:
    done = _run("--corpus", str(tmp_path / "missing"))
    assert done.returncode == 0
    assert done.stdout.startswith("skip: corpus folder")


@pytest.mark.skipif(shutil.which("hadolint") is None, reason="hadolint is not installed")
def test_compares_and_times_a_small_corpus(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "Dockerfile").write_text(
        "FROM debian\nRUN apt-get update && apt-get install -y curl\nWORKDIR app\n"
    )
    done = _run("--corpus", str(corpus), "--runs", "1", "--fixtures", str(tmp_path / "none"))
    assert done.returncode == 0, done.stderr
    # DL3006, DL3008, DL3009, DL3015 and DL3000 are found by both tools.
    assert "agreement: 5/5 = 100.0%" in done.stdout
    assert "ratio" in done.stdout
