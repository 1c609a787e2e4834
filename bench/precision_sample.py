"""Draw a stratified sample of cslint's default warnings over the shared corpus, with their
context, for a person to judge; and tally the judged verdicts.

    python3 bench/precision_sample.py [--corpus DIR] [--size 60] [--seed 13] > sample.md
    python3 bench/precision_sample.py --verdicts bench/precision_verdicts.json

The run is `cslint check` with no configuration (the default rule set) over the CodeShip
files of ../shared/corpus/codeship, laid out as projects by tests/corpus_projects.py, and
over every file of ../shared/corpus/dockerfiles. "Warnings" are the findings below error
level (warnings and infos). The sample takes every code (at least `--min` findings of each,
or all of them when a code has fewer) and more of the frequent ones, in proportion to their
count; within a code the pick is random with a fixed seed, so the same corpus and rules give
the same sample.

With `--verdicts FILE` (a JSON object: finding id -> {"verdict": "useful" | "debatable" |
"wrong", "why": "..."}), it checks that the file judges exactly the current sample and
prints the tally by code and overall, as Markdown, for docs/precision.md.

Skips with a message (exit 0) when the corpus is missing.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = next(
    (p / "shared" / "corpus" for p in (REPO.parent, REPO.parent.parent) if (p / "shared").is_dir()),
    REPO.parent / "shared" / "corpus",
)
VERDICTS = ("useful", "debatable", "wrong")


@dataclass(frozen=True)
class Sampled:
    id: str  # "CS402 project@commit/codeship-steps.yml:54:22"
    code: str
    severity: str
    message: str
    path: Path
    line: int


def default_findings(corpus: Path, into: Path) -> list[Sampled]:
    """Every finding below error level of a default `cslint check` over the corpus."""
    sys.path.insert(0, str(REPO / "tests"))
    from corpus_projects import default_check

    from cslint.core.diagnostics import Severity

    return [
        Sampled(
            f"{diag.code} {shown}:{diag.span.line}:{diag.span.col}",
            diag.code,
            diag.severity.label,
            diag.message,
            path,
            diag.span.line,
        )
        for path, shown, diag in default_check(corpus, into)
        if diag.severity < Severity.ERROR
    ]


def stratified(findings: list[Sampled], size: int, least: int, seed: int) -> list[Sampled]:
    """At least `least` of every code (all of a smaller code), the rest in proportion."""
    by_code: dict[str, list[Sampled]] = defaultdict(list)
    for finding in findings:
        by_code[finding.code].append(finding)
    total = len(findings)
    rng = random.Random(seed)
    picked: list[Sampled] = []
    for code in sorted(by_code):
        group = sorted(by_code[code], key=lambda f: f.id)
        share = max(least, round(size * len(group) / total)) if total else 0
        picked.extend(rng.sample(group, min(share, len(group))))
    return sorted(picked, key=lambda f: (f.code, f.id))


def context(finding: Sampled, around: int = 3) -> str:
    lines = finding.path.read_text(encoding="utf-8", errors="replace").splitlines()
    first = max(1, finding.line - around)
    last = min(len(lines), finding.line + around)
    width = len(str(last))
    rows = []
    for number in range(first, last + 1):
        mark = ">" if number == finding.line else " "
        rows.append(f"{mark}{number:>{width}} | {lines[number - 1]}")
    return "\n".join(rows)


def render_sample(sample: list[Sampled], counts: Counter[str]) -> str:
    out = [
        f"# Sample of default warnings: {len(sample)} of {sum(counts.values())}",
        "",
        "| code | findings | sampled |",
        "|---|---|---|",
    ]
    sampled = Counter(f.code for f in sample)
    out += [f"| {code} | {counts[code]} | {sampled[code]} |" for code in sorted(counts)]
    for finding in sample:
        out += [
            "",
            f"## {finding.id}",
            f"{finding.severity}: {finding.message}",
            "```",
            context(finding),
            "```",
            "verdict: useful | debatable | wrong; why:",
        ]
    return "\n".join(out) + "\n"


def tally(sample: list[Sampled], counts: Counter[str], verdicts: dict[str, dict[str, str]]) -> str:
    ids = {f.id for f in sample}
    missing = sorted(ids - set(verdicts))
    stale = sorted(set(verdicts) - ids)
    if missing or stale:
        raise SystemExit(
            f"the verdicts do not judge the current sample: missing {missing}, stale {stale}"
        )
    for key, entry in verdicts.items():
        if entry.get("verdict") not in VERDICTS or not entry.get("why"):
            raise SystemExit(f"{key}: a verdict is one of {VERDICTS}, with a reason")
    per_code: dict[str, Counter[str]] = defaultdict(Counter)
    for finding in sample:
        per_code[finding.code][verdicts[finding.id]["verdict"]] += 1
    overall: Counter[str] = Counter(verdicts[f.id]["verdict"] for f in sample)
    # Weighted by code: each code's share of useful findings, times its count.
    weighted = sum(
        counts[code] * per_code[code]["useful"] / sum(per_code[code].values()) for code in per_code
    )
    out = [
        "| code | findings | sampled | useful | debatable | wrong |",
        "|---|---|---|---|---|---|",
    ]
    for code in sorted(per_code):
        c = per_code[code]
        sampled = sum(c.values())
        out.append(
            f"| {code} | {counts[code]} | {sampled} | {c['useful']} | {c['debatable']} | "
            f"{c['wrong']} |"
        )
    n = len(sample)
    useful = overall["useful"]
    share = 100 * useful / n
    total = sum(counts.values())
    out.append("")
    out.append(
        f"Sample: {n} findings; useful {useful} ({share:.0f} %), "
        f"debatable {overall['debatable']}, wrong {overall['wrong']}."
    )
    out.append(
        f"Weighted by each code's count: {100 * weighted / total:.0f} % of the "
        f"{total} default warnings are useful."
    )
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--size", type=int, default=60, help="about this many findings")
    parser.add_argument("--min", type=int, default=2, dest="least", help="per code, at least")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--verdicts", type=Path, help="tally these judged verdicts (JSON)")
    args = parser.parse_args(argv)
    if not (args.corpus / "codeship").is_dir() or not (args.corpus / "dockerfiles").is_dir():
        print(f"skip: corpus folder {args.corpus} not found")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        findings = default_findings(args.corpus, Path(tmp))
        counts = Counter(f.code for f in findings)
        sample = stratified(findings, args.size, args.least, args.seed)
        if args.verdicts:
            verdicts = json.loads(args.verdicts.read_text(encoding="utf-8"))
            sys.stdout.write(tally(sample, counts, verdicts))
        else:
            sys.stdout.write(render_sample(sample, counts))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
