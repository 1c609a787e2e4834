"""Start-up cost is a feature: `cslint check` must not import what it does not use."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

# The console script's own code (entry.py): a plain `cslint check` takes the fast path.
PROBE = (
    "import sys\n"
    "from cslint.entry import main\n"
    "sys.argv = ['cslint', 'check', *sys.argv[1:]]\n"
    "try:\n"
    "    main()\n"
    "except SystemExit:\n"
    "    pass\n"
    "heavy = {'docker', 'libcst', 'jsonschema', 'pydantic', 'typer', 'ruamel'}\n"
    "print(sorted({m.split('.')[0] for m in sys.modules} & heavy), file=sys.stderr)\n"
)


def loaded(cwd: Path, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args], cwd=cwd, capture_output=True, text=True, check=False
    )
    return result.stderr.strip().splitlines()[-1]


def test_services_check_imports_only_the_yaml_parser(tmp_path: Path) -> None:
    """A valid services file: ruamel to read it, and neither typer (the fast path), nor
    jsonschema (the compiled check says valid), docker, libcst or pydantic."""
    (tmp_path / "codeship-services.yml").write_text("app:\n  image: busybox\n")
    assert loaded(tmp_path, "codeship-services.yml") == "['ruamel']"


def test_dockerfile_check_imports_no_typer_yaml_or_jsonschema(tmp_path: Path) -> None:
    """A Dockerfile with no services file beside it (whose build args the build rules
    would read) needs no YAML parser; `check` with its usual flags needs no typer."""
    (tmp_path / "Dockerfile").write_text("FROM busybox:1.36\nRUN echo hi\n")
    assert loaded(tmp_path, "Dockerfile") == "[]"
    assert loaded(tmp_path, "--no-cache", "-f", "json", "--select", "CS3", "Dockerfile") == "[]"


def test_a_cached_check_imports_no_parser_and_no_rule(tmp_path: Path) -> None:
    """Answered from the result cache: no YAML or Dockerfile parser, no shell parser, no
    rule module (the cache replays findings), no typer. The files are named, as pre-commit
    names them: a folder is still walked by parsing its services file (the Dockerfiles it
    builds are part of the folder)."""
    (tmp_path / "codeship-services.yml").write_text("app:\n  build: .\n")
    (tmp_path / "codeship-steps.yml").write_text("- service: app\n  command: make\n")
    (tmp_path / "Dockerfile").write_text("FROM busybox:1.36\nRUN echo hi\n")
    names = ["codeship-services.yml", "codeship-steps.yml", "Dockerfile"]
    probe = PROBE.replace(
        "print(sorted(",
        "heavy |= {'dockerfile', 'tree_sitter', 'bashlex', 're2'}\n"
        "rules = {m for m in sys.modules if m.startswith('cslint.rules.')}\n"
        "print(sorted(rules | ",
    )
    first = subprocess.run(
        [sys.executable, "-c", probe, *names], cwd=tmp_path, capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    assert "ruamel" in first.stderr and "cslint.rules.services" in first.stderr
    again = subprocess.run(
        [sys.executable, "-c", probe, *names], cwd=tmp_path, capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    assert again.stdout == first.stdout
    assert again.stderr.strip().splitlines()[-1] == "[]"


def test_importing_the_cli_is_light() -> None:
    code = "import sys, cslint.cli; print(sorted(m for m in ('ruamel', 'jsonschema', 'docker') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_plan_never_imports_docker(tmp_path: Path) -> None:
    """`cslint plan` needs no daemon: the docker SDK stays unloaded."""
    (tmp_path / "codeship-services.yml").write_text("app:\n  image: busybox:1.36\n")
    (tmp_path / "codeship-steps.yml").write_text("- service: app\n  command: 'true'\n")
    probe = PROBE.replace("'check'", "'plan'").replace(
        "except SystemExit:\n", "except SystemExit as exit:\n    assert exit.code == 0, exit.code\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    modules = result.stderr.strip().splitlines()[-1]
    assert "Plan of codeship-steps.yml" in result.stdout
    assert "docker" not in modules and "libcst" not in modules, modules


def test_only_the_runner_imports_docker() -> None:
    """Outside cslint.pipeline's runner modules and the two commands that call them, no
    module imports the docker SDK, not even lazily."""
    import ast

    root = Path(__file__).resolve().parent.parent / "linter"
    allowed = {
        "pipeline/session.py",
        "pipeline/cleanup.py",
        "pipeline/images.py",
        "pipeline/containers.py",
        "pipeline/steps.py",
        "pipeline/run.py",
    }
    found = set()
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(name == "docker" or name.startswith("docker.") for name in names):
                found.add(path.relative_to(root).as_posix())
    assert found and found <= allowed, found - allowed


# Modules a check must not import. The interpreter may have loaded some before cslint
# (a .pth file of the machine's site-packages imports importlib.resources and tempfile), so
# the probe first forgets them, then reports which the check brought back.
FORGET = (
    "forgotten = set(sys.argv[1].split(','))\n"
    "del sys.argv[1]\n"
    "prefixes = tuple(name + '.' for name in forgotten)\n"
    "for name in [m for m in sys.modules if m in forgotten or m.startswith(prefixes)]:\n"
    "    del sys.modules[name]\n"
    "    parent, _, child = name.rpartition('.')\n"
    "    if parent in sys.modules:\n"
    "        vars(sys.modules[parent]).pop(child, None)\n"
)


def brought_back(cwd: Path, forgotten: list[str], *args: str, preload: str = "") -> list[str]:
    """Which of the `forgotten` modules a `cslint check *args` in `cwd` imported."""
    probe = PROBE.replace("from cslint.entry", preload + FORGET + "from cslint.entry").replace(
        "print(sorted({m.split('.')[0] for m in sys.modules} & heavy)",
        "print(sorted(m for m in forgotten if m in sys.modules)",
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, ",".join(forgotten), *args],
        cwd=cwd, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return eval(result.stderr.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _typical_project(folder: Path) -> list[str]:
    (folder / "codeship-services.yml").write_text(
        "app:\n  build:\n    image: acme/app\n    dockerfile: Dockerfile\n"
    )
    (folder / "codeship-steps.yml").write_text("- service: app\n  command: bin/test\n")
    (folder / "Dockerfile").write_text(
        "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends"
        ' curl=7.88.1-10 && rm -rf /var/lib/apt/lists/*\nCMD ["bin/app"]\n'
    )
    return ["codeship-services.yml", "codeship-steps.yml", "Dockerfile"]


def test_brought_back_sees_an_import_the_interpreter_had_made(tmp_path: Path) -> None:
    """The probe itself: a module loaded before the check (here by the probe) and imported
    again by it counts, even as `from package import module`; one it never asks for does
    not."""
    (tmp_path / "Dockerfile").write_text('FROM busybox:1.36\nCMD ["sh"]\n')
    # The engine imports the parser as `from cslint.parsers import dockerfile`, which
    # imports bisect.
    preload = "import bisect, wave, cslint.parsers.dockerfile\n"
    forgotten = ["bisect", "wave", "cslint.parsers.dockerfile"]
    assert brought_back(tmp_path, forgotten, "--no-cache", "Dockerfile", preload=preload) == [
        "bisect",
        "cslint.parsers.dockerfile",
    ]


def test_a_check_imports_no_pool_no_resources_and_no_openssl(tmp_path: Path) -> None:
    """A typical call without the result cache: tree-sitter-bash's grammar without its
    package's importlib.resources (tempfile), the ShellCheck pool without concurrent.futures
    (logging), and no hashing (hashlib's OpenSSL) when no cache stores a digest."""
    from cslint.parsers.shellcheck_path import find_executable

    names = _typical_project(tmp_path)
    forgotten = ["importlib.resources", "tempfile", "_hashlib", "hashlib"]
    if find_executable() is not None:  # the pool starts only when ShellCheck runs
        forgotten += ["concurrent.futures", "logging"]
    found = brought_back(tmp_path, forgotten, "--no-cache", *names)
    assert found == [], found
    # The probe's own check: the shell parser and ShellCheck's module did run.
    assert brought_back(tmp_path, ["tree_sitter", "cslint.parsers.shellcheck"], "--no-cache",
                        *names) == ["cslint.parsers.shellcheck", "tree_sitter"]  # fmt: skip


def test_a_dockerfile_without_run_starts_no_process(tmp_path: Path) -> None:
    """ShellCheck has nothing to check: subprocess stays unloaded."""
    (tmp_path / "Dockerfile").write_text('FROM busybox:1.36\nCMD ["sh"]\n')
    assert brought_back(tmp_path, ["subprocess"], "--no-cache", "Dockerfile") == []


def _project(root: Path) -> list[str]:
    """A project whose check reaches every part of the check path: a suppression to judge
    (CS008, fixable), a Dockerfile with RUN scripts (shell parser, ShellCheck when
    installed) and a finding (CS308), the steps model, a label rule's options."""
    (root / "codeship-services.yml").write_text(
        "app:\n  build: .\n  image: busybox:1.36  # cslint: disable=CS103\n"
    )
    (root / "codeship-steps.yml").write_text("- service: app\n  command: make\n")
    (root / "Dockerfile").write_text(
        "FROM busybox:1.36\nRUN cd /tmp && echo $HOME\nRUN apt-get install curl\n"
    )
    (root / ".cslint.yaml").write_text("rules: {CS349: {label-schema: {a: text}}}\n")
    return ["codeship-services.yml", "codeship-steps.yml", "Dockerfile"]


@pytest.mark.parametrize(
    ("case", "args"),
    [
        ("services", ["--no-cache", "codeship-services.yml"]),
        ("steps", ["--no-cache", "codeship-steps.yml"]),
        ("dockerfile", ["--no-cache", "Dockerfile"]),
        ("mixed", ["--no-cache", "."]),
        ("json", ["--no-cache", "-f", "json", "."]),
        ("sarif", ["--no-cache", "-f", "sarif", "."]),
        ("github", ["--no-cache", "-f", "github", "."]),
        ("fix", ["--no-cache", "--fix", "."]),
        # Named, as pre-commit names them: a folder is walked by parsing its services file.
        ("cached", ["codeship-services.yml", "codeship-steps.yml", "Dockerfile"]),
    ],
)
def test_a_check_imports_no_dataclasses(tmp_path: Path, case: str, args: list[str]) -> None:
    """Making a dataclass execs generated source for each of its methods (about 0.5 ms a
    class, 54 classes in a typical check before they became plain classes), and
    `import dataclasses` pulls in inspect, ast, dis and tokenize: no check imports it."""
    if case == "dockerfile":
        (tmp_path / "Dockerfile").write_text("FROM busybox:1.36\nRUN apt-get install curl\n")
    else:
        _project(tmp_path)
    forgotten = ["dataclasses"]
    if case == "cached":
        (tmp_path / ".cslint.yaml").unlink()  # read with the YAML parser, even when cached
        brought_back(tmp_path, forgotten, *args)  # fills the cache
        forgotten.append("ruamel")  # the second run answers from it, parsing nothing
    assert brought_back(tmp_path, forgotten, *args) == []


# Records every cslint class that @dataclass makes, at a module's top or in a function.
_MADE = (
    "import dataclasses\n"
    "made = []\n"
    "_process = dataclasses._process_class\n"
    "def _record(cls, *args, **kwargs):\n"
    "    if cls.__module__.startswith('cslint'):\n"
    "        made.append(cls.__module__ + '.' + cls.__qualname__)\n"
    "    return _process(cls, *args, **kwargs)\n"
    "dataclasses._process_class = _record\n"
)


def test_a_schema_error_makes_no_cslint_dataclass(tmp_path: Path) -> None:
    """A services file the compiled check cannot say is valid goes to jsonschema, which
    imports dataclasses itself (through pprint): there, no class of cslint is made by it."""
    (tmp_path / "codeship-services.yml").write_text("app:\n  image: 3\n  portz: [1]\n")
    probe = _MADE + PROBE.replace("heavy = ", "print('MADE', made, file=sys.stderr)\nheavy = ")
    result = subprocess.run(
        [sys.executable, "-c", probe, "--no-cache", "codeship-services.yml"], cwd=tmp_path,
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert "CS100" in result.stdout, result.stdout + result.stderr
    assert "jsonschema" in result.stderr.splitlines()[-1]
    assert "MADE []" in result.stderr.splitlines(), result.stderr


def test_no_module_of_the_check_path_uses_dataclasses() -> None:
    """The runs above cover the file kinds and formats; this covers every module the check
    path may load, whatever the input: the engine's rooms and every rule import no
    `dataclasses`, at their top or inside a function. The rooms outside the check path
    (pipeline, lsp, convert, dev, the other commands) may."""
    import ast

    repo = Path(__file__).resolve().parent.parent
    # Contributor tooling inside core: it writes docs/hadolint.md, never runs in a check.
    allowed = {"linter/core/hadolint_table.py"}
    found = set()
    for room in ("linter/core", "linter/parsers", "linter/codeship", "linter/reporters", "rules"):
        for path in (repo / room).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                names = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                if "dataclasses" in names:
                    found.add(path.relative_to(repo).as_posix())
    assert found == allowed, found ^ allowed


def test_a_clean_check_compiles_only_the_patterns_it_uses(tmp_path: Path) -> None:
    """Patterns are compiled on first use: a check of files with no label schema, no
    suppression comment and no credential compiles none of the label rules' value
    patterns, the suppression comment patterns or the credential shapes (about 3 ms of
    every start when they were compiled at import)."""
    names = _typical_project(tmp_path)
    probe = PROBE.replace(
        "from cslint.entry",
        "import re\n"
        "compiled = set()\n"
        "real = re.compile\n"
        "def recording(pattern, flags=0):\n"
        "    compiled.add(pattern)\n"
        "    return real(pattern, flags)\n"
        "re.compile = recording\n"
        "from cslint.entry",
    ).replace(
        "print(sorted({m.split('.')[0] for m in sys.modules} & heavy)",
        "from cslint.codeship import secrets\n"
        "from cslint.core import suppress\n"
        "from cslint.rules.dockerfile import labels\n"
        "kept = [v for m in (labels, suppress) for v in vars(m).values()]\n"
        "kept += [pattern for _, pattern in secrets.PATTERNS]\n"
        "sources = [v.pattern for v in kept if isinstance(getattr(v, 'pattern', None), str)]\n"
        "assert len(sources) >= 17, sources\n"
        "print(sorted(s[:30] for s in sources if s in compiled)",
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, "--no-cache", *names],
        cwd=tmp_path, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().splitlines()[-1] == "[]"


def test_a_check_imports_no_pathlib_and_no_difflib(tmp_path: Path) -> None:
    """Paths are strings on the check's way (pathlib imports urllib.parse and ipaddress:
    about 3 ms of every start); difflib's suggestions are imported by a file that needs
    one. Named files, and a folder walked."""
    names = _typical_project(tmp_path)
    forgotten = ["pathlib", "urllib.parse", "ipaddress", "difflib"]
    for args in (names, ["."]):
        found = brought_back(tmp_path, forgotten, "--no-cache", *args)
        assert found == [], (args, found)


def test_usual_tag_regexes_need_no_re2(tmp_path: Path) -> None:
    """`^(master|main)$` means the same to Python's `re` (tests/test_tags.py): RE2's C++
    library is loaded only for a pattern outside the part of the syntax both read alike."""
    (tmp_path / "codeship-services.yml").write_text("app:\n  image: busybox:1.36\n")
    steps = tmp_path / "codeship-steps.yml"
    steps.write_text(
        "- service: app\n  tag: ^(master|main)$\n  command: make\n"
        "- service: app\n  exclude: ^release/.*\n  command: make test\n"
    )
    names = ["codeship-services.yml", "codeship-steps.yml"]
    assert brought_back(tmp_path, ["re2"], "--no-cache", *names) == []
    steps.write_text("- service: app\n  tag: (?i)^master$\n  command: make\n")
    assert brought_back(tmp_path, ["re2"], "--no-cache", *names) == ["re2"]


def test_a_memoized_check_imports_no_engine_settings_or_typing(tmp_path: Path) -> None:
    """The same call again, nothing changed: the whole-run memo answers (core/memo.py)
    before the engine loads. Only the console script, its argument reader, the memo and
    its file-system layer are imported, and of the standard library nothing beyond what
    the interpreter's start loads, `__future__`, `errno` and the built-in `_blake2`."""
    (tmp_path / "codeship-services.yml").write_text("app:\n  build: .\n")
    (tmp_path / "codeship-steps.yml").write_text("- service: app\n  command: make\n")
    (tmp_path / "Dockerfile").write_text("FROM busybox:1.36\nRUN echo hi\n")
    names = ["codeship-services.yml", "codeship-steps.yml", "Dockerfile"]
    probe = (
        "import sys\n"
        "before = set(sys.modules)\n"
        "from cslint.entry import main\n"
        "sys.argv = ['cslint', 'check', *sys.argv[1:]]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(set(sys.modules) - before), file=sys.stderr)\n"
    )
    first = subprocess.run(
        [sys.executable, "-c", probe, *names], cwd=tmp_path, capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    assert "cslint.core.engine" in first.stderr
    again = subprocess.run(
        [sys.executable, "-c", probe, *names], cwd=tmp_path, capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    assert again.stdout == first.stdout and again.returncode == first.returncode
    loaded = set(ast.literal_eval(again.stderr.strip().splitlines()[-1]))
    assert {m for m in loaded if m.startswith("cslint")} == {
        "cslint", "cslint.entry", "cslint.commands", "cslint.commands.check_argv",
        "cslint.core", "cslint.core.memo", "cslint.core.observe", "cslint.core.cachedir",
    }  # fmt: skip
    # (The first two are loaded at start already where .pth hooks run, as in a checkout.)
    assert {m for m in loaded if not m.startswith("cslint")} <= {"__future__", "errno", "_blake2"}
    # And nothing the interpreter (or a .pth hook) had loaded before is imported again.
    heavy = ["typing", "dataclasses", "pathlib", "json", "re", "enum", "hashlib", "inspect",
             "tempfile", "importlib.util", "cslint.core.engine", "cslint.core.config",
             "cslint.core.diagnostics", "cslint.core.cache", "cslint.commands.common",
             "cslint.commands.check_run"]  # fmt: skip
    assert brought_back(tmp_path, heavy, *names) == []
    assert brought_back(tmp_path, heavy, "--no-cache", *names) != []  # the probe sees them
