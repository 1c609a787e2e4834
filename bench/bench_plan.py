"""Time `cslint plan` against `cslint check` on the same project, interleaved pair by pair.

    python3 bench/bench_plan.py [--runs 15] [PROJECT]

`plan` checks the project first (it refuses what `check` rejects), so `check` is its
yardstick: the difference is what planning and printing the tree cost. Default project:
examples/plan. Each run is the wall clock of a whole `cslint` process; reported are the
medians, the spread (min-max) and the median of the per-pair ratios.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def timed(argv: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} exited {done.returncode}: {done.stderr.decode()}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("project", nargs="?", default=str(REPO / "examples" / "plan"))
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    exe = shutil.which("cslint")
    if exe is None:
        raise SystemExit("cslint is not installed (pip install -e .)")
    project = Path(args.project)
    plan_argv = [exe, "plan", "--branch", "main", "--ci-commit-id", "4f2a9c1"]
    check_argv = [exe, "check", "--no-color"]
    timed(plan_argv, project)  # warm the file cache and bytecode once, unmeasured
    plans: list[float] = []
    checks: list[float] = []
    for i in range(args.runs):
        # Alternate which goes first, so drift on a shared machine hits both alike.
        order = [(plan_argv, plans), (check_argv, checks)]
        for argv, into in order if i % 2 == 0 else order[::-1]:
            into.append(timed(argv, project))
    ratios = [p / c for p, c in zip(plans, checks, strict=True)]
    for label, values in (("cslint check", checks), ("cslint plan", plans)):
        print(
            f"{label:13} median {statistics.median(values) * 1000:6.0f} ms  "
            f"spread {min(values) * 1000:.0f}-{max(values) * 1000:.0f} ms  ({args.runs} runs)"
        )
    print(
        f"plan/check    median ratio {statistics.median(ratios):.2f}  "
        f"spread {min(ratios):.2f}-{max(ratios):.2f}"
    )


if __name__ == "__main__":
    main()
