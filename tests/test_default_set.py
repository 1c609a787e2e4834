"""The default rule set and the opt-in rules (issue 13): which selectors turn an opt-in
rule on, and that every opt-in rule says why it is off."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from cslint.core.engine import lint_text
from cslint.core.kinds import FileKind
from cslint.core.registry import enabled_rules, is_selected, resolve_rule
from cslint.rules import ALL_RULES

PINNING = ("CS310", "CS314", "CS316", "CS317")
DOCKERFILE = "FROM debian:12\nRUN apt-get update && apt-get install -y curl\nUSER nobody\n"


def test_every_opt_in_rule_says_why_and_no_default_rule_does() -> None:
    for rule in ALL_RULES:
        if rule.default_enabled:
            assert not rule.opt_in, rule.code
        else:
            assert rule.opt_in and not rule.opt_in.endswith("."), rule.code


def test_pinning_pipefail_and_style_are_opt_in() -> None:
    for code in (*PINNING, "CS328", "CS331", "CS304", "CS391"):
        rule = resolve_rule(code)
        assert rule is not None and not rule.default_enabled, code


@pytest.mark.parametrize(
    ("select", "on"),
    [
        ((), False),  # the default set
        (("CS",), False),  # every default rule, as before
        (("ALL",), False),
        (("CS3",), True),  # the family prefix
        (("CS31",), True),
        (("CS310",), True),
        (("apt-get-unpinned",), True),
        (("strict",), True),  # the profile
        (("STRICT",), True),
        (("CS2",), False),  # another family: not selected at all
    ],
)
def test_selectors_that_turn_an_opt_in_rule_on(select: tuple[str, ...], on: bool) -> None:
    rule = resolve_rule("CS310")
    assert rule is not None
    assert is_selected(rule, select, ()) is on


def test_strict_runs_every_rule_and_ignore_still_wins() -> None:
    every = {r.code for r in ALL_RULES if FileKind.DOCKERFILE in r.targets}
    assert {r.code for r in enabled_rules(FileKind.DOCKERFILE, ("strict",), ())} == every
    strict_but = {r.code for r in enabled_rules(FileKind.DOCKERFILE, ("strict",), ("CS31",))}
    assert not any(code.startswith("CS31") for code in strict_but)
    assert "CS301" in strict_but


def test_default_output_has_no_opinion_and_strict_has_it() -> None:
    default = {d.code for d in lint_text(DOCKERFILE, "Dockerfile").diagnostics}
    assert not default & {"CS309", "CS310", "CS311"}, default
    strict = {d.code for d in lint_text(DOCKERFILE, "Dockerfile", select=["strict"]).diagnostics}
    assert {"CS309", "CS310", "CS311"} <= strict


def test_rules_command_says_which_are_on_and_why(cslint_exe: str, tmp_path: Path) -> None:
    done = subprocess.run(
        [cslint_exe, "rules"], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    rows = {line.split()[0]: line for line in done.stdout.splitlines() if line.startswith("CS")}
    assert " on " in rows["CS403"]
    assert " opt-in " in rows["CS310"] and "(opt-in: version pinning is a policy" in rows["CS310"]
    assert "--select strict" in done.stdout
    listed = json.loads(
        subprocess.run(
            [cslint_exe, "rules", "--format", "json"], capture_output=True, text=True, check=True
        ).stdout
    )
    by_code = {row["code"]: row for row in listed}
    assert by_code["CS310"]["enabled"] is False and by_code["CS310"]["opt_in"]
    assert by_code["CS403"]["enabled"] is True and by_code["CS403"]["opt_in"] == ""


def test_strict_from_the_command_line_and_the_config(cslint_exe: str, tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text(DOCKERFILE)

    def codes(*args: str) -> set[str]:
        done = subprocess.run(
            [cslint_exe, "check", "--format", "json", *args, "Dockerfile"],
            capture_output=True,
            text=True,
            check=False,
            cwd=tmp_path,
        )
        assert done.returncode in (0, 1), done.stderr
        report = json.loads(done.stdout)
        return {d["code"] for f in report["files"] for d in f["diagnostics"]}

    assert "CS310" not in codes()
    assert "CS310" in codes("--select", "strict")
    assert "CS310" in codes("--select", "CS310")
    (tmp_path / ".cslint.yaml").write_text("select: [strict]\nignore: [CS309]\n")
    found = codes()
    assert "CS310" in found and "CS309" not in found
