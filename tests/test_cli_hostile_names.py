"""File names that are not UTF-8 (a Latin-1 name on a Linux disk): Python keeps their bytes
as lone surrogates, which no UTF-8 stream takes. Every format, to stdout and to a file,
still reports the file (exit 1), never an internal error (exit 3) after the check ran."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

NAME = b"\xffDockerfile"


@pytest.mark.parametrize("output_format", ["text", "json", "sarif", "github"])
def test_a_file_name_that_is_not_utf8(tmp_path: Path, cslint_exe: str, output_format: str) -> None:
    folder = os.fsencode(tmp_path)
    with open(os.path.join(folder, NAME), "wb") as handle:
        handle.write(b"FROM busybox:1.36\nMAINTAINER me\n")
    # A desktop's locale: stdout refuses what is not UTF-8, as under en_US.UTF-8.
    env = {**os.environ, "PYTHONIOENCODING": "utf-8:strict", "CSLINT_NO_CACHE": "1"}
    args = [os.fsencode(cslint_exe), b"check", b"--kind", b"dockerfile", b"-f"]
    args += [output_format.encode(), NAME]
    done = subprocess.run(args, cwd=tmp_path, env=env, capture_output=True, check=False)
    assert done.returncode == 1, done.stderr
    shown = done.stdout.decode("utf-8")  # valid UTF-8, whatever the name
    if output_format != "sarif":  # SARIF names files by URI only
        assert "\ufffdDockerfile" in shown
    written = subprocess.run(
        [*args, b"-o", b"report"], cwd=tmp_path, env=env, capture_output=True, check=False
    )
    assert written.returncode == 1, written.stderr
    assert (tmp_path / "report").read_text(encoding="utf-8") == shown
    if output_format == "sarif":
        # The URI keeps the byte, percent-encoded, as the file is named on disk.
        run = json.loads(shown)["runs"][0]
        uri = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert uri == "%FFDockerfile"
    if output_format == "json":
        assert json.loads(shown)["files"][0]["uri"].endswith("/%FFDockerfile")
