"""CS390 without CS391 asks ShellCheck for errors and warnings only, and without its
dataflow analysis where `needs_dataflow` says that cannot change them. Proved here with the
real ShellCheck: on every corpus and fixture script, and on a script for each error or
warning that ShellCheck's source computes from the dataflow, the errors and warnings of
the way cslint asks equal those of the full analysis; and CS391 still gets the full one."""

from __future__ import annotations

import json
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pytest

from cslint.core.engine import lint_text
from cslint.parsers.dockerfile import parse
from cslint.parsers.shellcheck import (
    EXCLUDED,
    LEAN_OPTIONS,
    LEAN_VERSIONS,
    ProcessRunner,
    find_executable,
    mode_of,
    shellcheck_version,
    use_runner,
)
from cslint.parsers.shellcheck_dataflow import needs_dataflow
from cslint.rules.dockerfile.shellcheck import _prepared

SHELLCHECK = find_executable()
VERSION = shellcheck_version(SHELLCHECK) if SHELLCHECK else None
needs_lean = pytest.mark.skipif(
    VERSION is None or VERSION[:2] not in LEAN_VERSIONS,
    reason="no ShellCheck with --extended-analysis whose checks were read",
)
ROOT = Path(__file__).resolve().parent.parent
CORPUS = next(
    (p / "shared" / "corpus" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared").is_dir()),
    ROOT.parent / "shared" / "corpus",
)

# One script per error or warning that ShellCheck computes from its dataflow analysis
# (every use of `cfgAnalysis` in 0.10.0, 0.11.0 and its main branch of May 2026), each
# from ShellCheck's own tests: without the analysis, the code is missing or another.
DATAFLOW_WARNINGS = {
    2318: '#!/bin/bash\ndeclare x=1 y=foo$x\necho "$y"\n',
    2319: "#!/bin/sh\nx; [ $? -eq 1 ] || [ $? -eq 2 ]\n",
    2320: '#!/bin/sh\nx; echo "Exit is $?"; [ $? -eq 0 ]\n',
    2324: '#!/bin/bash\nn=4; x+=$n\necho "$x"\n',
    2218: "#!/bin/sh\nf; f() { true; }\n",
    2071: "#!/bin/bash\nx=10; z=3; [[ $x > $z ]]\n",
}


def _comments(scripts: Sequence[str], options: Sequence[str]) -> list[set[tuple[object, ...]]]:
    """ShellCheck's errors and warnings on each script, by a direct call (no cslint pool)."""
    assert SHELLCHECK is not None
    out: list[set[tuple[object, ...]]] = []
    for start in range(0, len(scripts), 32):
        chunk = list(scripts[start : start + 32])
        folder = Path(tempfile.mkdtemp(prefix="cslint-dataflow-"))
        names = []
        for index, script in enumerate(chunk):
            name = folder / f"{index}.sh"
            name.write_text(script, encoding="utf-8")
            names.append(str(name))
        done = subprocess.run(
            [SHELLCHECK, "--norc", "-f", "json1", "-e", ",".join(EXCLUDED), *options, *names],
            capture_output=True,
            text=True,
            check=False,
        )
        found: list[set[tuple[object, ...]]] = [set() for _ in chunk]
        for item in json.loads(done.stdout)["comments"]:
            if item["level"] in ("error", "warning"):
                found[names.index(item["file"])].add(
                    (item["code"], item["line"], item["column"], item["message"])
                )
        out += found
    return out


def _as_cslint_asks(scripts: Sequence[str]) -> list[set[tuple[object, ...]]]:
    """Errors and warnings as CS390 alone asks for them: lean or full per script."""
    lean = [s for s in scripts if mode_of(s, False) == "lean"]
    full = [s for s in scripts if mode_of(s, False) != "lean"]
    got = dict(zip(lean, _comments(lean, LEAN_OPTIONS), strict=True))
    got.update(zip(full, _comments(full, ("-S", "warning")), strict=True))
    return [got[s] for s in scripts]


def _scripts(files: Sequence[Path]) -> list[str]:
    out: dict[str, None] = {}
    for path in files:
        doc, problems = parse(path.read_text(encoding="utf-8", errors="replace"))
        if doc is not None and not problems:
            out.update(dict.fromkeys(text for _, text, _, _ in _prepared(doc)))
    return list(out)


@needs_lean
def test_each_dataflow_warning_is_found_only_with_the_analysis_and_its_script_gets_it() -> None:
    scripts = list(DATAFLOW_WARNINGS.values())
    full = _comments(scripts, ("-S", "warning"))
    lean = _comments(scripts, LEAN_OPTIONS)
    for (code, script), with_flow, without in zip(
        DATAFLOW_WARNINGS.items(), full, lean, strict=True
    ):
        assert code in {c[0] for c in with_flow}, (code, with_flow)
        assert with_flow != without, code  # the analysis matters for this one
        assert needs_dataflow(script), code
    assert _as_cslint_asks(scripts) == full


@needs_lean
def test_fixture_and_example_scripts_get_the_same_errors_and_warnings() -> None:
    files = sorted((ROOT / "tests").rglob("*Dockerfile*")) + sorted(
        (ROOT / "examples").rglob("*Dockerfile*")
    )
    scripts = _scripts([f for f in files if f.is_file()])
    assert len(scripts) > 50
    assert _as_cslint_asks(scripts) == _comments(scripts, ("-S", "warning"))


@needs_lean
@pytest.mark.skipif(not (CORPUS / "dockerfiles").is_dir(), reason="no ../shared corpus")
def test_corpus_scripts_get_the_same_errors_and_warnings() -> None:
    scripts = _scripts(sorted((CORPUS / "dockerfiles").iterdir()))
    assert len(scripts) > 400
    lean = [s for s in scripts if mode_of(s, False) == "lean"]
    # Most of the corpus goes without the analysis (else the option buys nothing).
    assert len(lean) > 0.9 * len(scripts)
    assert _as_cslint_asks(scripts) == _comments(scripts, ("-S", "warning"))


@pytest.mark.parametrize(
    "script",
    [
        'export A="it\'s" B=$A',
        "export A=1 \\\n  B=$A",
        'export A="$(echo 1; echo 2)" B=$A',
        "export A=`echo 1` B=$A",
        'local x=1 y="${x}"',
        "let x=1 y=x+1",
        "function g { :; }",
        "[[ 1 -eq 1 && $x > 3 ]]",
        'test "$x" \\> 3',
        "export A=$(case $k in a) echo 1;; esac) B=$A",
    ],
)
def test_shapes_that_may_need_the_analysis_are_seen(script: str) -> None:
    assert needs_dataflow(script)


@pytest.mark.parametrize(
    "script",
    [
        "export PATH=$PATH:/x && echo $PATH",
        "export A=1; echo $A",
        'export GNUPGHOME="$(mktemp -d)"; gpg --x; rm -rf "$GNUPGHOME"',
        "cd /usr/local && make > /dev/null",
        '[ -z "$x" ] || echo "$y" > /f',
    ],
)
def test_common_shapes_go_without_it(script: str) -> None:
    assert not needs_dataflow(script)


# `x=1; echo $x`: with the analysis ShellCheck knows $x holds no spaces (no SC2086); without
# it, SC2086. So CS391 shows whether it got the full analysis.
CLEAN_VARIABLE = "FROM debian:12\nRUN x=1; echo $x; echo $HOME_DIR\n"


@pytest.mark.skipif(SHELLCHECK is None, reason="ShellCheck is not installed")
def test_cs391_gets_the_full_analysis_and_cs390_alone_asks_for_warnings_only() -> None:
    assert SHELLCHECK is not None
    runner = ProcessRunner(SHELLCHECK, workers=1)
    with use_runner(runner):
        style = lint_text(CLEAN_VARIABLE, "Dockerfile", select=["CS391"])
        both = lint_text(CLEAN_VARIABLE, "Dockerfile", select=["CS390", "CS391"])
        alone = lint_text(CLEAN_VARIABLE, "Dockerfile", select=["CS390"])
    for result in (style, both):
        found = [(d.code, d.span.col) for d in result.diagnostics]
        assert ("CS391", 24) in found  # $HOME_DIR
        assert ("CS391", 15) not in found, found  # $x, known clean by the dataflow
    assert alone.diagnostics == []


def _fake_version(folder: Path, version: str) -> Path:
    """A `shellcheck` that says it is `version` and, as one before 0.10 does, refuses
    --extended-analysis (exit 3); else the real one."""
    fake = folder / "shellcheck"
    fake.write_text(
        "#!/bin/sh\n"
        f'[ "$1" = --version ] && {{ printf "ShellCheck\\nversion: {version}\\n"; exit 0; }}\n'
        'for a in "$@"; do case $a in --extended-analysis*) echo "unrecognized option" >&2;'
        " exit 3;; esac; done\n"
        f'exec "{SHELLCHECK}" "$@"\n'
    )
    fake.chmod(0o755)
    return fake


@pytest.mark.skipif(SHELLCHECK is None, reason="ShellCheck is not installed")
@pytest.mark.parametrize("version", ["0.9.0", "0.12.0", "unknown"])
def test_a_shellcheck_without_the_option_or_not_read_gets_the_full_analysis(
    tmp_path: Path, version: str
) -> None:
    assert SHELLCHECK is not None
    fake = ProcessRunner(str(_fake_version(tmp_path, version)), workers=1)
    assert fake.options("lean") == ("-S", "warning")
    script = "#!/bin/sh\ncd /src; make\n"
    real = ProcessRunner(SHELLCHECK, workers=1)
    assert fake.check([script], style=False) == real.check([script], style=False) != [[]]


@pytest.mark.skipif(SHELLCHECK is None, reason="ShellCheck is not installed")
def test_a_cached_run_without_cs391_never_answers_one_with_it(tmp_path: Path) -> None:
    import os
    import sys

    (tmp_path / "Dockerfile").write_text(CLEAN_VARIABLE)
    env = {**os.environ, "CSLINT_CACHE_DIR": str(tmp_path / "cache"), "NO_COLOR": "1"}

    def run(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "cslint", "check", *args, "Dockerfile"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        return done.stdout

    assert "CS391" not in run()
    assert "CS391" not in run()  # now from the cache
    cached = run("--select", "CS391")
    assert cached == run("--select", "CS391", "--no-cache")
    assert cached.count("SC2086") == 1, cached  # $HOME_DIR only: $x is known clean
