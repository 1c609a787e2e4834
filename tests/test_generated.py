"""A generated hostile corpus, run in-process for speed: at least 10,000 inputs per run
across services, steps, compose, config files and Dockerfiles. Structure comes from
hypothesis; bytes come from seeded mutations of ../shared/corpus (when present; seed
texts otherwise). The only accepted outcomes are findings or a clear refusal (a config
error, a convert error: exit 2); never an exception, never a hang (each input runs under
an alarm), never a planted secret in any output format.

CSLINT_GENERATED sets the number of inputs (default 10,000); the summary line printed at
the end gives the count and the time, e.g. `pytest -s tests/test_generated.py`.
"""

from __future__ import annotations

import json
import os
import random
import resource
import signal
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cslint.core.engine import FileResult, lint_text
from cslint.reporters import FORMATS, RenderOptions, renderer

TOTAL = int(os.environ.get("CSLINT_GENERATED", "10000"))
STRUCTURED = TOTAL * 2 // 5  # by hypothesis, split over five kinds
MUTATED = TOTAL - STRUCTURED  # byte mutations of real files
PER_INPUT_SECONDS = 20  # an alarm, not a benchmark: the machine may be busy
# Address space one input may add to the process (see _memory_bound): the hostile suite
# bounded cslint at 2 GiB in all; an alias bomb unbounded took 0.3 to 3 GB.
MEMORY_HEADROOM = 1024 * 1024 * 1024
# Planted in inputs; shaped like a GitHub token so that it is a secret wherever it lands.
SECRET = "ghp_GeN3r4t3dS3cr3tZq3xR8vT1mN6pL0sK4hJ9g"
COUNTS: dict[str, int] = {}
SLOWEST: list[float] = [0.0]
SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
if not SHARED.is_dir():
    SHARED = Path(__file__).resolve().parents[3] / "shared" / "corpus"


class Hang(Exception):
    pass


@contextmanager
def alarm(seconds: float) -> Iterator[None]:
    def ring(_signum: int, _frame: Any) -> None:
        raise Hang(f"no outcome within {seconds} s")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _address_space() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


@pytest.fixture(autouse=True, scope="module")
def _memory_bound(_no_shellcheck: None) -> Iterator[None]:
    """Each input runs in this process under an address-space bound: what the process
    holds now (BuildKit's Go runtime started, by a first parse) plus MEMORY_HEADROOM. An
    input that would eat gigabytes (an alias bomb, a file read whole) is a MemoryError,
    a failure of its own, not a machine out of memory. The soft limit only: restored after."""
    lint_text("FROM busybox:1.36\nRUN true\n", "Dockerfile")
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    now = _address_space()
    if not now:
        yield  # no /proc: the time bound (the alarm) still holds
        return
    bound = now + MEMORY_HEADROOM
    if hard != resource.RLIM_INFINITY:
        bound = min(bound, hard)
    resource.setrlimit(resource.RLIMIT_AS, (bound, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


@pytest.fixture(autouse=True, scope="module")
def _no_shellcheck() -> Iterator[None]:
    # ShellCheck is a process per batch; its own limits are tested in test_hostile.py.
    from cslint.parsers.shellcheck import use_runner

    with use_runner(None):
        yield


def _render_all(results: list[FileResult], data: str | bytes, kind: str, full: bool) -> None:
    formats = FORMATS if full else ("text", "json")
    for fmt in formats:
        out = renderer(fmt)(results, RenderOptions())
        assert SECRET not in out, (kind, fmt, data[:300])
        if fmt in ("text", "github"):
            for raw in ("\x1b", "\x00", "\r", "\x07"):
                assert raw not in out, (kind, fmt, repr(raw), data[:300])
        else:
            json.loads(out)


def check_input(kind: str, data: str | bytes, n: int) -> None:
    """One input, one outcome: findings or a refusal, within the alarm."""
    COUNTS[kind] = COUNTS.get(kind, 0) + 1
    started = time.perf_counter()
    with alarm(PER_INPUT_SECONDS):
        if kind == "config":
            _config(data)
        elif kind == "compose":
            _compose(data, full=n % 10 == 0)
        else:
            name = {
                "services": "codeship-services.yml",
                "steps": "codeship-steps.yml",
                "dockerfile": "Dockerfile",
            }[kind]
            result = lint_text(data, name, files=_SIBLINGS[kind])
            _render_all([result], data, kind, full=n % 10 == 0)
    SLOWEST[0] = max(SLOWEST[0], time.perf_counter() - started)


_SIBLINGS: dict[str, dict[str, str | bytes]] = {
    "services": {"codeship-steps.yml": "- service: app\n  command: make\n"},
    "steps": {"codeship-services.yml": "app:\n  image: busybox:1.36\n"},
    "dockerfile": {"codeship-services.yml": "app:\n  build: .\n"},
}
_TMP = Path(tempfile.mkdtemp(prefix="cslint-generated-"))


def _config(data: str | bytes) -> None:
    from cslint.core.config import ConfigError, load_config

    path = _TMP / ".cslint.yaml"
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    try:
        load_config(str(path), start=str(_TMP))
    except ConfigError as exc:
        assert "\n" not in str(exc).strip(), str(exc)  # one line (exit 2)


def _compose(data: str | bytes, full: bool) -> None:
    from cslint.convert.convert import convert
    from cslint.convert.errors import ConvertError
    from cslint.convert.report import render

    path = _TMP / "docker-compose.yml"
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    try:
        conversion = convert([str(path)], display_root=str(_TMP), with_steps=full)
    except ConvertError:
        return
    for fmt in ("text", "json"):
        assert SECRET not in render(conversion, fmt, color=False)
    # The compose file is also a services file CodeShip could be handed.
    _render_all([lint_text(data, "codeship-services.yml")], data, "compose", full)


# -- structure: hypothesis -----------------------------------------------------------------

_WORDS = st.sampled_from(
    [
        "app", "db", "build", "image", "context", "dockerfile", "args", "environment",
        "command", "service", "services", "steps", "type", "parallel", "serial", "tag",
        "exclude", "name", "volumes", "depends_on", "links", "cached", "encrypted_env_file",
        "extends", "healthcheck", "ports", "x-base", "<<", "on_fail", "image_name",
        "DB_PASSWORD", "API_TOKEN", "select", "ignore", "severity", "limits", "rules",
        "max-depth", "max-file-size", "per-file-ignores", "CS101", "CS2", "fail-on",
    ]
)  # fmt: skip
_SCALARS = st.one_of(
    _WORDS,
    st.text(max_size=20),
    st.integers(),
    st.booleans(),
    st.none(),
    st.just(SECRET),
    st.sampled_from(["${A:-x}", "$$HOME", "{{ .Branch }}", "^(a|b)$", ".", "../x", "1:30"]),
)
_TREES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5), st.dictionaries(_WORDS, inner, max_size=6)
    ),
    max_leaves=30,
)


def _block(value: Any, indent: int = 0) -> str:
    """YAML block style (json.dumps gives the flow style): both reach the parser."""
    pad = " " * indent
    if isinstance(value, dict) and value:
        return "".join(
            f"{pad}{json.dumps(k)}:\n{_block(v, indent + 2)}"
            if isinstance(v, dict | list) and v
            else f"{pad}{json.dumps(k)}: {json.dumps(v)}\n"
            for k, v in value.items()
        )
    if isinstance(value, list) and value:
        return "".join(
            f"{pad}-\n{_block(v, indent + 2)}"
            if isinstance(v, dict | list) and v
            else f"{pad}- {json.dumps(v)}\n"
            for v in value
        )
    return f"{pad}{json.dumps(value)}\n"


_INSTRUCTIONS = st.sampled_from(
    ["FROM", "RUN", "ENV", "ARG", "COPY", "ADD", "CMD", "ENTRYPOINT", "USER", "WORKDIR",
     "EXPOSE", "LABEL", "ONBUILD", "SHELL", "HEALTHCHECK", "MAINTAINER", "STOPSIGNAL", "BOGUS"]
)  # fmt: skip
_SHELL_BITS = [
    "apt-get install -y x", "&&", "|", "cd /x", "$(echo", "'", '"', "\\", "<<EOF",
    "--from=0", "A=1", f"GITHUB_TOKEN={SECRET}", "python:latest", "80800", '["a"',
]  # fmt: skip
_ARGS = st.lists(
    st.one_of(
        _WORDS,
        st.text(max_size=15),
        st.sampled_from(_SHELL_BITS),
    ),
    max_size=6,
)


def _structured(kind: str, count: int) -> Callable[[], None]:
    n = [0]

    @settings(
        max_examples=count,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(tree=_TREES, block=st.booleans(), lines=st.lists(st.tuples(_INSTRUCTIONS, _ARGS)))
    def run(tree: Any, block: bool, lines: list[tuple[str, list[str]]]) -> None:
        n[0] += 1
        if kind == "dockerfile":
            text = "".join(f"{cmd} {' '.join(args)}\n" for cmd, args in lines)
        else:
            text = _block(tree) if block else json.dumps(tree)
        check_input(kind, text, n[0])

    return run


KINDS = ("services", "steps", "compose", "config", "dockerfile")


@pytest.mark.parametrize("kind", KINDS)
def test_structured_inputs(kind: str) -> None:
    _structured(kind, STRUCTURED // len(KINDS))()


# -- bytes: mutations of real files ----------------------------------------------------------

_SEEDS = {
    "services": "app:\n  build:\n    context: .\n  environment:\n    DB_PASSWORD: x\n",
    "steps": "- type: parallel\n  steps:\n  - service: app\n    command: make test\n",
    "compose": "services:\n  web:\n    build: .\n    environment: [A=1]\n",
    "config": "select: [CS1]\nignore: [CS105]\nlimits:\n  max-depth: 50\n",
    "dockerfile": "FROM python:3.12\nRUN apt-get update && apt-get install -y gcc\n",
}
_INSERTS = [
    b"\x00", b"\x1b]0;x\x07", b"\r", b"\r\n", b"\xff", b"\xef\xbb\xbf", b"&a ", b"*a",
    b"<<: *a", b"[" * 300, b"{a: " * 200, b"${A:-" * 200, b"\t", b"\\\n", b"'", b'"',
    b"\n" + SECRET.encode() + b"\n", b"  API_TOKEN: " + SECRET.encode() + b"\n",
    "\u2028".encode(), b"\xc2\x85", b"x" * 70_000,
]  # fmt: skip


def _mutate(rng: random.Random, raw: bytes) -> bytes:
    data = bytearray(raw[:4000])
    for _ in range(rng.randint(1, 6)):
        at = rng.randint(0, len(data))
        op = rng.randrange(6)
        if op == 0 and data:
            data[rng.randrange(len(data))] = rng.randrange(256)
        elif op == 1:
            data[at:at] = rng.choice(_INSERTS)
        elif op == 2 and data:
            end = min(len(data), at + rng.randint(1, 200))
            del data[at:end]
        elif op == 3 and data:
            start = rng.randrange(len(data))
            data[at:at] = data[start : start + rng.randint(1, 300)]
        elif op == 4:
            data = data.replace(b"\n", rng.choice([b"\r", b"\r\n", b"\n"]))
        else:
            data = data[: rng.randint(0, len(data))]
    return bytes(data)


def _corpus(kind: str) -> list[bytes]:
    folder, words = {
        "services": ("codeship", ("services",)),
        "steps": ("codeship", ("steps",)),
        "compose": ("compose", ("",)),
        "config": ("codeship", ("services", "steps")),  # any YAML: a config must refuse it
        "dockerfile": ("dockerfiles", ("",)),
    }[kind]
    base = SHARED / folder
    found = (
        [p.read_bytes() for p in sorted(base.iterdir()) if any(w in p.name for w in words)]
        if base.is_dir()
        else []
    )
    return found or [_SEEDS[kind].encode()]


@pytest.mark.parametrize("kind", KINDS)
def test_mutated_inputs(kind: str) -> None:
    rng = random.Random(f"cslint-{kind}")
    sources = _corpus(kind)
    for n in range(MUTATED // len(KINDS)):
        check_input(kind, _mutate(rng, rng.choice(sources)), n)


def test_zz_count_and_time(capsys: pytest.CaptureFixture[str]) -> None:
    """Runs last in the file: the generated suite ran what it promises."""
    total = sum(COUNTS.values())
    with capsys.disabled():
        print(
            f"\ngenerated inputs: {total} ({', '.join(f'{k} {v}' for k, v in COUNTS.items())}); "
            f"slowest {SLOWEST[0]:.2f} s; peak resident "
            f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MiB"
        )
    if os.environ.get("PYTEST_XDIST_WORKER") is None and len(COUNTS) == len(KINDS):
        assert total >= TOTAL - len(KINDS) * 2
    if os.environ.get("CI"):  # issue 11: at least 10,000 inputs per CI run
        assert TOTAL >= 10_000, f"CSLINT_GENERATED={TOTAL} in CI"
