"""`cslint completion SHELL`, run by the real shells (zsh and fish skip where absent:
`apt-get install zsh fish`)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest


def shell_run(argv: list[str], cwd: Path) -> str:
    result = subprocess.run(
        argv,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "HOME": str(cwd)},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_bash(tmp_path: Path, cslint_exe: str) -> None:
    script = (
        f'source <("{cslint_exe}" completion bash)\n'
        "complete -p cslint\n"
        "COMP_WORDS=(cslint ch); COMP_CWORD=1; _cslint_completion cslint\n"
        'printf "1:%s\\n" "${COMPREPLY[@]}"\n'
        "COMP_WORDS=(cslint check --col); COMP_CWORD=2; _cslint_completion cslint\n"
        'printf "2:%s\\n" "${COMPREPLY[@]}"\n'
        "COMP_WORDS=(cslint convert --fo); COMP_CWORD=2; _cslint_completion cslint\n"
        'printf "3:%s\\n" "${COMPREPLY[@]}"\n'
    )
    out = shell_run(["bash", "--norc", "-c", script], tmp_path).splitlines()
    assert out[0] == "complete -o default -F _cslint_completion cslint"
    assert out[1:] == ["1:check", "2:--color", "3:--force", "3:--format"]


def test_zsh(tmp_path: Path, cslint_exe: str) -> None:
    if shutil.which("zsh") is None:
        pytest.skip("zsh is not installed")
    # compinit for real; only _arguments, which draws the menu, is replaced by a printer.
    script = (
        f"autoload -U compinit && compinit -u -d {tmp_path}/zcompdump\n"
        f'source <("{cslint_exe}" completion zsh)\n'
        'print -r -- "registered: ${_comps[cslint]}"\n'
        '_arguments() { print -r -- "$@"; }\n'
        "words=(cslint check --sta); CURRENT=3; _cslint_completion\n"
        "words=(cslint ex); CURRENT=2; _cslint_completion\n"
    )
    out = shell_run(["zsh", "-f", "-c", script], tmp_path).splitlines()
    assert out[0] == "registered: _cslint_completion"
    assert out[1] == '*: :(("--statistics":"Counts by rule instead of each finding."))'
    assert out[2].startswith('*: :(("explain":"Show a rule')


def test_fish(tmp_path: Path, cslint_exe: str) -> None:
    if shutil.which("fish") is None:
        pytest.skip("fish is not installed")
    script = (
        f'"{cslint_exe}" completion fish | source\n'
        'complete -C "cslint ch"\n'
        'complete -C "cslint check --sta"\n'
    )
    out = shell_run(["fish", "--no-config", "-c", script], tmp_path).splitlines()
    assert out[0].startswith("check\t")
    assert out[1] == "--statistics\tCounts by rule instead of each finding."


def test_unknown_shell(tmp_path: Path, cslint_exe: str) -> None:
    result = subprocess.run(
        [cslint_exe, "completion", "tcsh"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr == "cslint: unknown shell 'tcsh'; expected bash, zsh or fish\n"


def test_bash_completes_the_fixed_values(tmp_path: Path, cslint_exe: str) -> None:
    script = f'source <("{cslint_exe}" completion bash)\n'
    cases = [
        "check -f s",
        "check --format ''",
        "check --color a",
        "check --fail-on w",
        "check --kind ''",
        "convert -f ''",
        "rules -f j",
        "plan --format ''",
        "completion ''",
    ]
    for number, words in enumerate(cases):
        script += (
            f"COMP_WORDS=(cslint {words}); COMP_CWORD=$((${{#COMP_WORDS[@]}}-1));"
            f' _cslint_completion cslint; printf "{number}:%s\\n" "${{COMPREPLY[*]}}"\n'
        )
    out = shell_run(["bash", "--norc", "-c", script], tmp_path).splitlines()
    assert out == [
        "0:sarif",
        "1:text json sarif github",
        "2:auto always",
        "3:warning",
        "4:services steps dockerfile",
        "5:text json",
        "6:json",
        "7:text json",
        "8:bash zsh fish",
    ]
