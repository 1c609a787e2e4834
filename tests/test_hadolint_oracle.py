"""hadolint as the oracle: every CS3xx rule's own examples (valid and invalid) also run
through the real hadolint binary, which must agree on the corresponding DL code (same
instruction lines, or none), unless the example records why cslint differs on purpose
(`hadolint_differs`, shown on the rule's page). A recorded difference must really be one,
so the list cannot go stale, and agreement over all examples must stay at 98 % or more.

Each example runs with a `.hadolint.yaml` made from its options (label schema, trusted
registries, strict labels) that also turns on hadolint's off-by-default rules (DL1001,
DL3057).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from cslint.core.kinds import FileKind
from cslint.core.rule import Invalid, Rule, Valid
from cslint.parsers.dockerfile import parse
from cslint.rules import ALL_RULES

HADOLINT = shutil.which("hadolint")
pytestmark = pytest.mark.skipif(HADOLINT is None, reason="hadolint is not installed")
THRESHOLD = 0.98


def _cases() -> list[tuple[type[Rule], Valid, str]]:
    out = []
    for rule in ALL_RULES:
        if FileKind.DOCKERFILE not in rule.targets or not rule.hadolint:
            continue
        for kind, examples in (("valid", rule.valid), ("invalid", rule.invalid)):
            for index, example in enumerate(examples):
                if isinstance(example.source, str):
                    out.append((rule, example, f"{rule.code}-{kind}-{index}"))
    return out


CASES = _cases()


def hadolint_config(rule: type[Rule], options: Any) -> dict[str, Any]:
    """The `.hadolint.yaml` that says what the example's cslint options say."""
    config: dict[str, Any] = {"override": {"info": ["DL1001", "DL3057"]}}
    by_option = {option: key for key, option in rule.hadolint_settings}
    for name, value in (options or {}).items():
        key = by_option.get(name.replace("-", "_"))
        if key is not None:
            config[key] = value
    return config


def _instruction_lines(text: str) -> dict[int, int]:
    document, _ = parse(text)
    starts: dict[int, int] = {}
    for instr in document.instructions if document is not None else ():
        for line in range(instr.span.line, instr.span.end_line + 1):
            starts[line] = instr.span.line
    return starts


def expected_lines(example: Valid) -> set[int]:
    """The lines hadolint would report for cslint's expected findings: the line where the
    finding's instruction starts (hadolint's unit), or the line itself for a comment."""
    if not isinstance(example, Invalid):
        return set()
    assert isinstance(example.source, str)
    starts = _instruction_lines(example.source)
    lines = set()
    for expect in example.expect:
        line = int(expect.split("@", 1)[1].split(":", 1)[0])
        lines.add(starts.get(line, line))
    return lines


def run_hadolint(tmp: Path, cases: list[tuple[type[Rule], Valid, str]]) -> dict[str, set[int]]:
    """case id -> lines where hadolint reports the rule's DL codes. One hadolint process per
    distinct configuration."""
    groups: dict[str, list[tuple[type[Rule], Valid, str]]] = defaultdict(list)
    for case in cases:
        rule, example, _ = case
        groups[json.dumps(hadolint_config(rule, example.options), sort_keys=True)].append(case)
    found: dict[str, set[int]] = {case_id: set() for _, _, case_id in cases}
    for number, (config_text, group) in enumerate(sorted(groups.items())):
        folder = tmp / f"group{number}"
        folder.mkdir()
        # JSON is YAML: hadolint reads it as its config file.
        (folder / "hadolint.yaml").write_text(config_text, encoding="utf-8")
        files = {}
        for rule, example, case_id in group:
            assert isinstance(example.source, str)
            path = folder / f"{case_id}.Dockerfile"
            path.write_text(example.source, encoding="utf-8")
            files[str(path)] = (rule, case_id)
        config = str(folder / "hadolint.yaml")
        out = subprocess.run(
            [HADOLINT or "hadolint", "-c", config, "--no-fail", "-f", "json", *files],
            capture_output=True,
            text=True,
            check=False,
        )
        assert out.stdout.strip().startswith("["), out.stderr
        for finding in json.loads(out.stdout):
            rule, case_id = files[finding["file"]]
            if finding["code"] in rule.hadolint:
                found[case_id].add(int(finding["line"]))
    return found


@pytest.fixture(scope="module")
def hadolint_lines(tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[int]]:
    return run_hadolint(tmp_path_factory.mktemp("oracle"), CASES)


@pytest.mark.parametrize(("rule", "example"), [c[:2] for c in CASES], ids=[c[2] for c in CASES])
def test_example_against_hadolint(
    rule: type[Rule], example: Valid, hadolint_lines: dict[str, set[int]], request: Any
) -> None:
    case_id = request.node.callspec.id
    theirs = hadolint_lines[case_id]
    ours = expected_lines(example)
    codes = "/".join(rule.hadolint)
    if example.hadolint_differs:
        assert theirs != ours, (
            f"{case_id}: recorded as a difference ({example.hadolint_differs}), but hadolint "
            f"agrees ({codes} on lines {sorted(theirs)}); drop hadolint_differs"
        )
    else:
        assert theirs == ours, (
            f"{case_id}: hadolint reports {codes} on lines {sorted(theirs)}, cslint on "
            f"{sorted(ours)}; fix the rule, or record why in hadolint_differs"
        )


def test_agreement_rate(hadolint_lines: dict[str, set[int]]) -> None:
    # Documented differences (`hadolint_differs`, each checked above against hadolint and
    # shown on the rule's page) are deliberate: the rate is over the other examples.
    cases = [c for c in CASES if not c[1].hadolint_differs]
    agree = sum(
        1 for _, example, case_id in cases if hadolint_lines[case_id] == expected_lines(example)
    )
    rate = agree / len(cases)
    assert rate >= THRESHOLD, f"{agree}/{len(cases)} = {rate:.1%} agree with hadolint"


def test_every_dl_rule_has_examples_for_the_oracle() -> None:
    ruled = {rule.code for rule, _, _ in CASES}
    for rule in ALL_RULES:
        if rule.hadolint and FileKind.DOCKERFILE in rule.targets:
            assert rule.code in ruled
