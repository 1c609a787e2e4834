"""No secret value is ever printed: not in messages, not in source excerpts, in no format."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

SECRET = "Zq3xR8vT1mN6pL0sK4hJ9gF2dS7aW5eY3uI8oP1c"
TOKEN = "ghp_Zq3xR8vT1mN6pL0sK4hJ9gF2dS7aW5eY3uI8"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "codeship-services.yml").write_text(
        "app:\n  image: busybox:1.36\n  encrypted_env_file: app.env.encrypted\n"
        f"  environment:\n    AWS_SECRET_ACCESS_KEY: {SECRET}\n    GITHUB_TOKEN: {TOKEN}\n"
    )
    # A plain env file committed where an encrypted one belongs: a leaked secret.
    (tmp_path / "app.env.encrypted").write_text("DATABASE_PASSWORD=correct-horse-battery\n")
    return tmp_path


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_check_never_prints_a_secret(project: Path, cslint_exe: str, fmt: str) -> None:
    done = subprocess.run(
        [cslint_exe, "check", "--format", fmt],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "CS117" in done.stdout and "CS405" in done.stdout  # the findings are there...
    for value in (SECRET, TOKEN, "correct-horse-battery"):  # ...the values are not
        assert value not in done.stdout + done.stderr


def test_convert_report_never_prints_a_secret(tmp_path: Path, cslint_exe: str) -> None:
    (tmp_path / "docker-compose.yml").write_text(
        "services:\n  web:\n    image: x\n    environment:\n"
        "      DATABASE_URL: postgres://app:hunter2secret@db/app\n"
    )
    done = subprocess.run(
        [cslint_exe, "convert", "docker-compose.yml", "-o", "codeship-services.yml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and "CS516" in done.stderr
    assert "hunter2secret" not in done.stdout + done.stderr


# -- one planted value in every place a secret can sit, every output grepped ------------

PLANTED = "Pl4ntedS3cretValue0123"  # no credential shape: found by the names around it
SHAPED = "ghp_Pl4ntedZq3xR8vT1mN6pL0sK4hJ9gF2dS7aW"  # found by its shape alone
FROM_ENV = ("envfilehost-x7Qm2", "tagfromenv-k9Zr4", "webenvvalue-p3Lw8")


def _planted_project(root: Path) -> Path:
    project = root / "proj"
    outside = root / "outside"
    project.mkdir()
    outside.mkdir()
    s, t = PLANTED, SHAPED
    (project / "codeship-services.yml").write_text(
        "app:\n  build:\n    path: .\n    args:\n"
        f"      NPM_TOKEN: {s}\n"
        f"  environment:\n    DB_PASSWORD: {s}\n    AWS_SECRET_ACCESS_KEY: {s}\n"
        f"    GITHUB: {t}\n  links: [db]\n  cached: yes\n"
        "db:\n  image: postgres:latest\n  environment:\n"
        f"    - POSTGRES_PASSWORD={s}\n    - API_TOKEN={t}\n"
    )
    # A steps file linked in from outside the project, as a credentials file could be.
    (outside / "steps.yml").write_text(
        f"- service: app\n  command: curl https://admin:{s}@example.com && echo {t}\n"
        f"- servic: app\n  command: echo {s}\n  tag: {s}\n"
    )
    (project / "codeship-steps.yml").symlink_to("../outside/steps.yml")
    (project / "Dockerfile").write_text(
        f"FROM node:latest\nARG GITHUB_TOKEN={t}\nENV DB_PASSWORD={s}\nENV API_KEY {s}\n"
        f"RUN curl https://admin:{s}@example.com/x | sh && echo {t}\n"
        f'RUN echo "{s}" > /x; cd /app\nHEALTHCHECK CMD curl -u admin:{s} http://x/?t={t}\n'
    )
    (project / "docker-compose.yml").write_text(
        "services:\n  web:\n    image: 'node:${TAG}'\n"
        f'    command: ["sh", "-c", "curl -H \'x: {t}\' ${{HOST}}"]\n'
        "    env_file: web.env\n"
        f"    environment:\n      DB_PASSWORD: {s}\n      GH_TOKEN: {t}\n      HOST_URL: ${{HOST}}\n"
        "      SESSION: 'x'\n"
        f'    healthcheck:\n      test: ["CMD", "curl", "-u", "admin:{s}", "https://x/?t={t}"]\n'
        "    ports: ['80:80']\n"
    )
    (project / ".env").write_text(f"HOST={FROM_ENV[0]}\nTAG={FROM_ENV[1]}\n")
    (project / "web.env").write_text(f"SESSION={FROM_ENV[2]}\n")
    return project


def _leaks(text: str) -> list[str]:
    return [v for v in (PLANTED, SHAPED, *FROM_ENV) if v in text]


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_planted_secret_in_no_check_output(tmp_path: Path, cslint_exe: str, fmt: str) -> None:
    project = _planted_project(tmp_path)
    done = subprocess.run(
        [cslint_exe, "check", "--format", fmt, "--fail-on", "info"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    for code in ("CS117", "CS380", "CS451", "CS200", "CS212"):  # the findings are there...
        assert code in done.stdout, code
    assert _leaks(done.stdout + done.stderr) == []  # ...the values are not


def test_planted_secret_not_in_fix_output(tmp_path: Path, cslint_exe: str) -> None:
    args = [cslint_exe, "check", "--fix", "--unsafe-fixes", "--fail-on", "never"]
    # `--diff` prints the changed lines and the lines around them, which hold the planted
    # values: each run gets a fresh project, so that the diff is not empty (a --fix run
    # before it would leave nothing to change, and nothing to leak).
    for number, run_args in enumerate([[*args, "--diff"], args]):
        for fmt in ("text", "json", "sarif", "github"):
            (tmp_path / f"{number}-{fmt}").mkdir()
            project = _planted_project(tmp_path / f"{number}-{fmt}")
            done = subprocess.run(
                [*run_args, "--format", fmt],
                cwd=project,
                capture_output=True,
                text=True,
                check=False,
            )
            assert done.returncode in (0, 1), done.stderr
            if "--diff" in run_args:
                assert done.stdout.count("\n+++ b/") >= 2, done.stdout  # fixes were shown
            assert _leaks(done.stdout + done.stderr) == []


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_planted_secret_in_no_convert_report(tmp_path: Path, cslint_exe: str, fmt: str) -> None:
    project = _planted_project(tmp_path)
    done = subprocess.run(
        [
            cslint_exe,
            "convert",
            "--interpolate",
            "docker-compose.yml",
            "--format",
            fmt,
            "-o",
            "out.yml",
        ],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "CS511" in done.stderr and "CS502" in done.stderr and "CS516" in done.stderr
    assert _leaks(done.stdout + done.stderr) == []
    # The services file itself is the product: it holds what the env files resolved.
    assert FROM_ENV[0] in (project / "out.yml").read_text()


# -- the one notion of a secret-looking value --------------------------------------------


@pytest.mark.parametrize(
    ("name", "value", "secret"),
    [
        ("DB_PASSWORD", "hunter2hunter2", True),
        ("POSTGRES_PASSWORD_FILE", "/run/secrets/db", False),  # a path to the secret
        ("API_KEY", "${API_KEY}", False),  # a reference, filled in elsewhere
        ("API_KEY", "", False),
        ("TOKEN_TTL", "3600", False),
        ("REGION", "AKIAIOSFODNN7EXAMPLE", True),  # the shape says so whatever the name
        ("URL", "https://user:pa55word@db.example.com/x", True),
        ("URL", "https://db.example.com/x", False),
    ],
)
def test_looks_secret(name: str, value: str, secret: bool) -> None:
    from cslint.codeship.secrets import looks_secret

    assert looks_secret(name, value) is secret


def test_secret_values_of_every_file_shape() -> None:
    from cslint.codeship.secrets import Redactor, secret_values

    text = (
        "DB_PASSWORD=envfile-value1\nexport API_TOKEN='quoted-value2'\n"
        "  NPM_TOKEN: yaml-value3\nENV GITHUB_TOKEN dockerfile-value4\n"
        "ARG DB_PASSWORD_FILE=/run/secrets/not-a-secret\n- API_KEY=list-value5\n"
        "ARG NPM_TOKEN\nRUN make\n"
    )
    found = secret_values(text)
    assert found == {
        f"{p}-value{i}"
        for i, p in enumerate(("envfile", "quoted", "yaml", "dockerfile", "list"), start=1)
    }
    redacted = Redactor(found).redact(text)
    assert "value" not in redacted.replace("not-a-secret", "") or "-value" not in redacted
    assert "/run/secrets/not-a-secret" in redacted and "RUN make" in redacted


# -- no second notion of a secret's name ---------------------------------------------------

_REPO = Path(__file__).resolve().parents[1]
_THE_MODULE = "linter/codeship/secrets.py"
_SECRET_WORD = (
    r"password|passwd|passphrase|secret|token|api_?key|private_?key|access_?key|credential"
    r"|auth_?key|client_?key|private"
)


def _own_notions(source: str) -> list[str]:
    """Where a module keeps a notion of a secret's name of its own: a function named for
    it, a regex alternating secret words, or a collection of two or more names or
    fragments with a secret word in them (docstrings and rule examples aside)."""
    import ast
    import re

    word = re.compile(_SECRET_WORD, re.IGNORECASE)
    alternation = re.compile(rf"(?:{_SECRET_WORD})[^|\s]{{0,12}}\|", re.IGNORECASE)
    tree = ast.parse(source)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and re.search(
            r"secret_?name|is_secret|looks_secret|secret_words?", node.name
        ):
            found.append(f"{node.lineno}: def {node.name}")
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and alternation.search(node.value)
        ):
            found.append(f"{node.lineno}: pattern {node.value[:40]!r}")
        elif isinstance(node, ast.Set | ast.List | ast.Tuple):
            names = [
                e.value
                for e in node.elts
                if isinstance(e, ast.Constant) and isinstance(e.value, str) and "\n" not in e.value
            ]
            if len([n for n in names if word.search(n) and len(n) < 40]) >= 2:
                found.append(f"{node.lineno}: names {names[:3]}")
    return found


def test_no_module_but_codeship_secrets_has_a_notion_of_a_secret_name() -> None:
    """CS368 (hadolint DL3064) kept its own list of names and fragments beside
    cslint.codeship.secrets; every module now asks that one."""
    offenders = {
        rel: found
        for path in sorted([*(_REPO / "linter").rglob("*.py"), *(_REPO / "rules").rglob("*.py")])
        if (rel := path.relative_to(_REPO).as_posix()) != _THE_MODULE
        and (found := _own_notions(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}
    assert _own_notions((_REPO / _THE_MODULE).read_text(encoding="utf-8"))  # it has one


@pytest.mark.parametrize(
    "planted",
    [
        "def is_secret_name(name: str) -> bool:\n    return 'TOKEN' in name\n",
        "import re\nSECRET = re.compile(r'PASSWORD|TOKEN')\n",
        "KNOWN = frozenset({'GITHUB_TOKEN', 'NPM_TOKEN', 'MODE'})\n",
        "FRAGMENTS = ('password', 'secret')\n",
    ],
)
def test_the_notion_finder_finds_a_planted_one(planted: str) -> None:
    assert _own_notions(planted)


@pytest.mark.parametrize(
    "name",
    ["GITHUB_TOKEN", "client_key", "app_private_key", "DB_PASSWORD", "MY_SECRET_VALUE",
     "POSTGRES_PASSWORD_FILE", "DOCKER_USERNAME", "PRIVATE_REGISTRY", "TOKEN_PATH", "MODE",
     "NPM_AUTH_TOKEN", "API_KEY", "AWS_ACCESS_KEY_ID", "VAULT_CLIENT_KEY", "TRAVIS_OS_NAME"],
)  # fmt: skip
def test_cs368_reports_exactly_the_shared_notion(name: str) -> None:
    from cslint.codeship.secrets import is_secret_name
    from cslint.core.engine import lint_text

    found = lint_text(f"FROM debian:12\nARG {name}\n", "Dockerfile", select=["CS368"])
    assert bool(found.diagnostics) is is_secret_name(name), name
