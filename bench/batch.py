"""The batch targets of BENCHMARKS.md: large runs that use every core and grow linearly.

    python3 bench/batch.py                 # prints the sections (about 3 minutes, idle)
    python3 bench/batch.py --quick         # a fast pass that only proves it runs
    python3 bench/batch.py --only monorepo # the monorepo section alone (about a minute)

`bench/run.py` calls `sections` to write these sections of BENCHMARKS.md (with the
install it measures); run alone, this prints them for the cslint next to this Python.

- **All corpus Dockerfiles with ShellCheck against hadolint**: in each round hadolint and
  cslint as a user runs it (one process per core from 48 files), with `--jobs 1`, with
  `--jobs 2`, and without ShellCheck (`--ignore CS390`, to show cslint's own share) run
  one after another, the order reversed every other round; each ratio is taken against
  hadolint's run of the same round, and the table shows its median and spread. CPU is
  user + system time of the process and every child it waited for (workers, ShellCheck),
  so it also says how much work a variant does whatever else runs on the machine.
- **A generated monorepo at three sizes**: in each round cslint over each size and over
  one project of it (4 files: the start-up every run pays, the yardstick of the time per
  file). Time per file is given raw (wall / files) and beyond that start-up ((wall - one
  project's wall) / (files - 4)), which is what grows with the files. Cores busy is CPU /
  wall. Peak memory is the sum of the proportional set size (PSS) of cslint and all its
  descendants (workers, the ShellCheck pool, ShellCheck), sampled every 10 ms in a run
  of its own, so pages the forked workers share are counted once.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from projects import write_monorepo

REPO = HERE.parent
# ../shared next to the checkout; a worktree under wt/ finds it one level further up.
CORPUS = (
    next(
        (p / "shared" for p in (REPO.parent, REPO.parent.parent) if (p / "shared").is_dir()),
        REPO.parent / "shared",
    )
    / "corpus"
)


@dataclass
class Sample:
    wall: float  # seconds
    cpu: float  # user + system seconds, waited children included
    code: int
    rss_mb: float = 0.0  # peak resident memory of the process itself


def run_once(cmd: Sequence[str], cwd: Path, env: dict[str, str]) -> Sample:
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss of a waited child is that child's own peak (kB on Linux); ShellCheck's
    # processes are its children and are not counted in it.
    cpu = usage.ru_utime + usage.ru_stime
    return Sample(wall, cpu, proc.returncode, usage.ru_maxrss / 1024)


def rounds(
    commands: dict[str, list[str]], count: int, cwd: Path, env: dict[str, str]
) -> dict[str, list[Sample]]:
    """Every command once per round, the order reversed every other round."""
    out: dict[str, list[Sample]] = {name: [] for name in commands}
    names = list(commands)
    for index in range(count):
        for name in names if index % 2 == 0 else reversed(names):
            out[name].append(run_once(commands[name], cwd, env))
    return out


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    todo += [int(c) for c in children.read().split()]
        except OSError:
            continue
    return found


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def peak_memory(cmd: Sequence[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """(peak MB of the whole process tree's PSS, peak RSS MB of its largest process);
    the first is 0 where /proc has no smaps_rollup."""
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    peak = [0]

    def sample() -> None:
        while proc.returncode is None:
            peak[0] = max(peak[0], sum(_pss_kb(p) for p in _tree(proc.pid)))
            time.sleep(0.01)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    sampler.join()
    return peak[0] / 1024, usage.ru_maxrss / 1024


def _med(values: Sequence[float]) -> float:
    return statistics.median(values)


def _spread(values: Sequence[float], unit: str = "x") -> str:
    return f"{min(values):.2f}-{max(values):.2f}{unit}"


@dataclass
class Verdict:
    label: str
    value: str
    target: str
    met: bool | None


def corpus_dockerfiles(
    cslint: str,
    hadolint: str,
    files: list[str],
    cwd: Path,
    env: dict[str, str],
    count: int,
) -> tuple[list[str], Verdict]:
    """The section on the corpus Dockerfiles (markdown lines) and its verdict."""
    base = [cslint, "check", "--no-cache", "--kind", "dockerfile"]
    commands = {
        "hadolint": [hadolint, "--no-fail", *files],
        "cslint (default: one process per core from 48 files)": [*base, *files],
        "cslint --jobs 1": [*base, "--jobs", "1", *files],
        "cslint --jobs 2": [*base, "--jobs", "2", *files],
        "cslint without ShellCheck (--ignore CS390)": [*base, "--ignore", "CS390", *files],
    }
    got = rounds(commands, count, cwd, env)
    yard = got["hadolint"]
    lines = [
        "## Corpus Dockerfiles with ShellCheck: one process or two",
        "",
        f"All {len(files)} Dockerfiles of the corpus in one call, no cache; {count} rounds,",
        "each running every row once (order reversed every other round). Ratios are per",
        "round against hadolint's run of that round. CPU: user + system of the process and",
        "its waited children (workers, ShellCheck).",
        "",
        (
            "| command | wall (median) | wall spread | ratio to hadolint | ratio spread "
            "| CPU (median) | CPU ratio | cores busy | exit |"
        ),
        "|---|---:|---|---:|---|---:|---:|---:|---|",
    ]
    for name, samples in got.items():
        walls = [s.wall for s in samples]
        ratios = [s.wall / y.wall for s, y in zip(samples, yard, strict=True)]
        cpus = [s.cpu / y.cpu for s, y in zip(samples, yard, strict=True) if y.cpu]
        busy = [s.cpu / s.wall for s in samples]
        codes = ",".join(sorted({str(s.code) for s in samples}))
        lines.append(
            f"| {name} | {_med(walls) * 1000:.0f} ms | {_spread(walls, ' s')} | "
            f"{_med(ratios):.2f}x | {_spread(ratios)} | {_med([s.cpu for s in samples]):.2f} s | "
            f"{_med(cpus):.2f}x | {_med(busy):.2f} | {codes} |"
        )
    default = got["cslint (default: one process per core from 48 files)"]
    ratio = _med([s.wall / y.wall for s, y in zip(default, yard, strict=True)])
    without = _med([s.cpu for s in got["cslint without ShellCheck (--ignore CS390)"]])
    lines += [
        "",
        (
            f"Where the CPU goes: cslint without ShellCheck takes {without:.2f} s; ShellCheck "
            f"over the run's distinct scripts takes the rest of the default row's "
            f"{_med([s.cpu for s in default]):.2f} s. hadolint runs on one core."
        ),
        "",
        "Commands (from the corpus folder's parent):",
        "",
        *[f"- {name}: `{_shown(cmd)}`" for name, cmd in commands.items()],
    ]
    return lines, Verdict(
        "corpus Dockerfiles with ShellCheck, default", f"{ratio:.2f}x hadolint", "<= 0.5x",
        ratio <= 0.5,
    )  # fmt: skip


def monorepo(
    cslint: str,
    root: Path,
    sizes: Sequence[int],
    env: dict[str, str],
    count: int,
    cores: int,
) -> tuple[list[str], list[Verdict]]:
    """The monorepo section (markdown lines) and its verdicts."""
    folders: dict[int, tuple[Path, list[str]]] = {}
    for size in sizes:
        folder = root / f"mono{size}"
        if not folder.exists():
            write_monorepo(folder, size)
        names = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if _checked(p))
        folders[size] = (folder, names)
    largest = max(sizes)
    one_folder, one_names = folders[largest]
    one = [n for n in one_names if n.startswith("svc0000/")]
    commands: dict[str, tuple[Path, list[str]]] = {
        "one project": (one_folder, [cslint, "check", "--no-cache", *one]),
    }
    for size, (folder, names) in folders.items():
        commands[str(size)] = (folder, [cslint, "check", "--no-cache", *names])
    commands[f"{largest} --jobs 1"] = (one_folder, [cslint, "check", "--no-cache", "--jobs", "1",
                                                    *folders[largest][1]])  # fmt: skip
    got: dict[str, list[Sample]] = {name: [] for name in commands}
    names = list(commands)
    for index in range(count):
        for name in names if index % 2 == 0 else reversed(names):
            folder, cmd = commands[name]
            got[name].append(run_once(cmd, folder, env))
    start = _med([s.wall for s in got["one project"]])
    lines = [
        "## Monorepo: time per file across sizes",
        "",
        "Generated projects (services, steps, two Dockerfiles each) in one call, no cache;",
        f"{count} rounds, each running every row once (order reversed every other round).",
        f"One project of it (4 files) takes {start * 1000:.0f} ms: the start-up every call",
        "pays (interpreter, imports, settings) and the yardstick of the time per file.",
        f"Cores busy = CPU (with workers and ShellCheck) / wall; this machine has {cores}.",
        "",
        (
            "| files | wall (median) | spread | per file | per file beyond the start-up "
            "| CPU per file | cores busy | peak memory (all processes, PSS) | largest process (RSS) |"
        ),
        "|---:|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    net: list[float] = []
    raw: list[float] = []
    busy_large = 0.0
    peaks: list[float] = []
    for size, (folder, names) in folders.items():
        samples = got[str(size)]
        wall = _med([s.wall for s in samples])
        files = len(names)
        per = wall / files * 1000
        beyond = (wall - start) / (files - len(one)) * 1000
        raw.append(per)
        net.append(beyond)
        busy = _med([s.cpu / s.wall for s in samples])
        if size == largest:
            busy_large = busy
        pss, rss = peak_memory([cslint, "check", "--no-cache", *names], folder, env)
        peaks.append(pss)
        lines.append(
            f"| {files} | {wall * 1000:.0f} ms | {_spread([s.wall for s in samples], ' s')} | "
            f"{per:.2f} ms | {beyond:.2f} ms | {_med([s.cpu for s in samples]) / files * 1000:.2f} ms | "
            f"{busy:.2f} | {pss:.0f} MB | {rss:.0f} MB |"
        )
    one_jobs = _med([s.wall for s in got[f"{largest} --jobs 1"]])
    many = _med([s.wall for s in got[str(largest)]])
    flat = (max(net) - min(net)) / min(net) if min(net) > 0 else float("inf")
    flat_raw = (max(raw) - min(raw)) / min(raw)
    lines += [
        "",
        (
            f"Time per file beyond the start-up varies by {flat * 100:.0f} % across sizes "
            f"(target: within 20 %); raw wall / files varies by {flat_raw * 100:.0f} %, "
            f"because the {start * 1000:.0f} ms start-up is spread over "
            f"{min(sizes)} files in the smallest run and over {largest} in the largest."
        ),
        (
            f"{largest} files: {many * 1000:.0f} ms over the cores against "
            f"{one_jobs * 1000:.0f} ms with `--jobs 1` ({one_jobs / many:.2f}x faster), "
            f"{busy_large:.2f} cores busy."
        ),
        "",
        (
            "Commands (from each monorepo folder): `cslint check --no-cache <every file>`; "
            "one project: `cslint check --no-cache svc0000/...` (4 files)."
        ),
    ]
    return lines, [
        Verdict("monorepo time per file beyond the start-up, spread across sizes",
                f"{flat * 100:.0f} %", "<= 20 %", flat <= 0.2),
        Verdict(f"monorepo cores busy at {largest} files", f"{busy_large:.2f} of {cores}",
                f">= {0.8 * cores:.1f}", busy_large >= 0.8 * cores),
        Verdict("monorepo peak memory, all processes", f"{max(peaks):.0f} MB",
                "printed and bounded (< 150 MB)", max(peaks) < 150),
    ]  # fmt: skip


def _real(name: str) -> str | None:
    """The executable beside this interpreter or the one its venv was made from, else on
    PATH (a pyenv shim there would time the shim's shell script too)."""
    base = os.path.realpath(getattr(sys, "_base_executable", sys.executable))
    for folder in (Path(sys.executable).parent, Path(base).parent):
        if (folder / name).is_file() and os.access(folder / name, os.X_OK):
            return str(folder / name)
    return shutil.which(name)


def _checked(path: Path) -> bool:
    return path.is_file() and (path.name.endswith(".yml") or path.name == "Dockerfile")


def _shown(cmd: Sequence[str]) -> str:
    parts = [Path(p).name if os.sep in p else p for p in cmd]
    if len(parts) > 12:
        parts = [*parts[:9], f"… ({len(parts) - 9} more files)"]
    return " ".join(parts)


def sections(
    cslint: str,
    hadolint: str | None,
    dockerfiles: list[str],
    root: Path,
    env: dict[str, str],
    count: int,
    sizes: Sequence[int],
    only: str | None = None,
) -> list[str]:
    """Both sections (or the `only` one: "corpus" or "monorepo"), headed by the verdict
    of each batch target (markdown lines)."""
    out: list[str] = []
    verdicts: list[Verdict] = []
    if hadolint and dockerfiles and only in (None, "corpus"):
        print(f"measuring: corpus Dockerfiles ({count} rounds)", file=sys.stderr)
        lines, verdict = corpus_dockerfiles(cslint, hadolint, dockerfiles, root, env, count)
        out += ["", *lines]
        verdicts.append(verdict)
    if only in (None, "monorepo"):
        print(f"measuring: monorepo {', '.join(map(str, sizes))} ({count} rounds)", file=sys.stderr)
        lines, found = monorepo(cslint, root, sizes, env, count, os.cpu_count() or 1)
        out += ["", *lines]
        verdicts += found
    head = [
        "",
        "## Batch targets",
        "",
        "| target | measured | wanted | |",
        "|---|---|---|---|",
        *[
            f"| {v.label} | {v.value} | {v.target} | "
            f"{'' if v.met is None else 'met' if v.met else '**missed**'} |"
            for v in verdicts
        ],
    ]
    return head + out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1 round, tiny sizes")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--corpus", default=str(CORPUS))
    parser.add_argument(
        "--only", choices=("corpus", "monorepo"), help="measure one of the two sections"
    )
    args = parser.parse_args(argv)
    bindir = Path(sys.executable).parent
    cslint = shutil.which("cslint", path=str(bindir)) or shutil.which("cslint")
    hadolint = _real("hadolint")
    if cslint is None:
        print("cslint is not installed next to this interpreter", file=sys.stderr)
        return 2
    import tempfile

    folder = Path(args.corpus) / "dockerfiles"
    files = sorted(str(p) for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []
    with tempfile.TemporaryDirectory(prefix="cslint-batch-") as tmp:
        env = {**os.environ, "CSLINT_CACHE_DIR": str(Path(tmp) / "cache"), "NO_COLOR": "1"}
        shellcheck = _real("shellcheck")
        if shellcheck:  # cslint finds the same real ShellCheck first on PATH
            env["PATH"] = os.pathsep.join([str(Path(shellcheck).parent), env.get("PATH", "")])
        lines = sections(
            cslint, hadolint, files[:4] if args.quick else files, Path(tmp), env,
            1 if args.quick else args.rounds, (8, 16, 52) if args.quick else (200, 600, 2000),
            args.only,
        )  # fmt: skip
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
