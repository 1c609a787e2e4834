"""Hostile input (issue 11): every case an attacker tried, through the real console script,
under a memory cap and a timeout. The only accepted outcomes are a finding (exit 1) or a
one-line error (exit 2), in bounded time, memory and output; never exit 3."""

from __future__ import annotations

import contextlib
import json
import os
import resource
import shutil
import stat
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

MEMORY_CAP = 2048 * 1024 * 1024  # address space; the Go Dockerfile parser reserves ~1 GiB
BOMB = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8)
)


def _cap() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def cli(
    exe: str, args: list[str], cwd: Path, *, stdin: bytes | None = None, timeout: float = 30
) -> subprocess.CompletedProcess[bytes]:
    done = subprocess.run(
        [exe, *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        timeout=timeout,
        preexec_fn=_cap,
        check=False,
    )
    assert done.returncode != 3, done.stderr.decode(errors="replace")
    assert b"Traceback" not in done.stderr, done.stderr.decode(errors="replace")
    return done


def one_line_error(done: subprocess.CompletedProcess[bytes]) -> str:
    assert done.returncode == 2, done.stdout + done.stderr
    text = done.stderr.decode()
    assert text.count("\n") == 1 and text.startswith("cslint: "), text
    return text


# -- unbounded time and memory ---------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["codeship-services.yml", "codeship-steps.yml", "docker-compose.yml"]
)
def test_alias_bomb_is_a_finding_within_a_second(
    tmp_path: Path, cslint_exe: str, name: str
) -> None:
    (tmp_path / name).write_text(BOMB)
    started = time.monotonic()
    done = cli(cslint_exe, ["check", "--format", "json", name], tmp_path)
    assert time.monotonic() - started < 5  # interpreter start included; the parse is ms
    assert done.returncode == 1
    assert b"max-yaml-nodes" in done.stdout and b"CS001" in done.stdout


def test_alias_bomb_in_config_is_exit_2(tmp_path: Path, cslint_exe: str) -> None:
    (tmp_path / ".cslint.yaml").write_text(BOMB)
    (tmp_path / "codeship-services.yml").write_text("app:\n  image: busybox:1.36\n")
    text = one_line_error(cli(cslint_exe, ["check"], tmp_path))
    assert ".cslint.yaml:" in text and "max-yaml-nodes" in text


def test_alias_bomb_in_hadolint_config_is_ignored(tmp_path: Path, cslint_exe: str) -> None:
    (tmp_path / ".hadolint.yaml").write_text(BOMB)
    (tmp_path / "codeship-services.yml").write_text("app:\n  image: busybox:1.36\n")
    assert cli(cslint_exe, ["check"], tmp_path).returncode == 0


def test_alias_bomb_in_convert_is_exit_2(tmp_path: Path, cslint_exe: str) -> None:
    (tmp_path / "docker-compose.yml").write_text(BOMB)
    done = cli(cslint_exe, ["convert", "docker-compose.yml"], tmp_path)
    assert done.returncode == 2 and b"max-yaml-nodes" in done.stderr


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_device_is_refused_unread(tmp_path: Path, cslint_exe: str, device: str) -> None:
    (tmp_path / "codeship-services.yml").symlink_to(device)
    done = cli(cslint_exe, ["check", "codeship-services.yml"], tmp_path, timeout=10)
    assert done.returncode == 1 and b"a device, not a file" in done.stdout
    done = cli(cslint_exe, ["check", "--kind", "services", device], tmp_path, timeout=10)
    assert done.returncode == 1 and b"CS005" in done.stdout


def test_fifo_is_refused_without_hanging(tmp_path: Path, cslint_exe: str) -> None:
    os.mkfifo(tmp_path / "codeship-steps.yml")
    done = cli(cslint_exe, ["check", "codeship-steps.yml"], tmp_path, timeout=10)
    assert done.returncode == 1 and b"named pipe (FIFO), not a file" in done.stdout


def test_fifo_config_and_env_file_do_not_hang(tmp_path: Path, cslint_exe: str) -> None:
    os.mkfifo(tmp_path / "pyproject.toml")
    (tmp_path / "codeship-services.yml").write_text("app:\n  image: busybox:1.36\n")
    assert cli(cslint_exe, ["check"], tmp_path, timeout=10).returncode == 0
    os.mkfifo(tmp_path / ".cslint.yaml")
    text = one_line_error(cli(cslint_exe, ["check"], tmp_path, timeout=10))
    assert "FIFO" in text


def test_file_over_the_size_limit_is_not_read(tmp_path: Path, cslint_exe: str) -> None:
    big = tmp_path / "codeship-services.yml"
    big.write_text("app:\n  image: busybox:1.36\n" + "# padding\n" * 500_000)  # 5 MB
    done = cli(cslint_exe, ["check"], tmp_path)
    assert done.returncode == 1 and b"larger than 4 MiB" in done.stdout
    (tmp_path / ".cslint.yaml").write_text("limits:\n  max-file-size: 8MiB\n")
    assert cli(cslint_exe, ["check"], tmp_path).returncode == 0
    (tmp_path / ".cslint.yaml").write_text("limits:\n  max-file-size: 1KiB\n")
    done = cli(cslint_exe, ["check"], tmp_path)
    assert done.returncode == 1 and b"larger than 1 KiB" in done.stdout


def test_bad_limit_setting_is_exit_2(tmp_path: Path, cslint_exe: str) -> None:
    (tmp_path / "codeship-services.yml").write_text("app:\n  image: busybox:1.36\n")
    for bad in ("max-file-size: lots", "max-depth: 0", "nonsense: 1", "max-depth: yes"):
        (tmp_path / ".cslint.yaml").write_text(f"limits:\n  {bad}\n")
        text = one_line_error(cli(cslint_exe, ["check"], tmp_path))
        assert ".cslint.yaml:2:" in text


def test_stdin_over_the_limit_is_exit_2(tmp_path: Path, cslint_exe: str) -> None:
    (tmp_path / ".cslint.yaml").write_text("limits:\n  max-file-size: 1KiB\n")
    done = cli(cslint_exe, ["check", "--kind", "services", "-"], tmp_path, stdin=b"#" * 5000)
    assert "larger than 1 KiB" in one_line_error(done)


# -- exit 3 on bad input ---------------------------------------------------------------


@pytest.mark.parametrize("byte", [b"\x00", b"\x01", b"\x1b", b"\x7f"])
@pytest.mark.parametrize("name", ["codeship-services.yml", "codeship-steps.yml"])
def test_control_byte_in_yaml_is_a_finding(
    tmp_path: Path, cslint_exe: str, byte: bytes, name: str
) -> None:
    (tmp_path / name).write_bytes(b"- service: app\n  command: echo " + byte + b"\n")
    done = cli(cslint_exe, ["check", name], tmp_path)
    assert done.returncode == 1
    assert b"CS001" in done.stdout and b":2:17:" in done.stdout
    assert byte not in done.stdout  # the byte itself never reaches the terminal


def test_control_byte_in_config_is_exit_2(tmp_path: Path, cslint_exe: str) -> None:
    (tmp_path / ".cslint.yaml").write_bytes(b"ignore: [CS1\x00]\n")
    (tmp_path / "codeship-services.yml").write_text("app:\n  image: busybox:1.36\n")
    text = one_line_error(cli(cslint_exe, ["check"], tmp_path))
    assert ".cslint.yaml:1:13:" in text and "U+0000" in text


@pytest.mark.parametrize(
    "text",
    [
        "app: " + "[" * 500 + "]" * 500 + "\n",
        "app: " + "{a: " * 500 + "1" + "}" * 500 + "\n",
    ],
    ids=["flow-seq", "flow-map"],
)
def test_deep_nesting_is_a_finding(tmp_path: Path, cslint_exe: str, text: str) -> None:
    (tmp_path / "codeship-services.yml").write_text(text)
    done = cli(cslint_exe, ["check"], tmp_path)
    assert done.returncode == 1 and b"max-depth" in done.stdout


def test_deep_json_steps_are_a_finding(tmp_path: Path, cslint_exe: str) -> None:
    (tmp_path / "codeship-steps.json").write_text("[" * 500 + "]" * 500)
    done = cli(cslint_exe, ["check", "codeship-steps.json"], tmp_path)
    assert done.returncode == 1 and b"max-depth" in done.stdout


def test_steps_nested_150_deep(tmp_path: Path, cslint_exe: str) -> None:
    step = "- service: app\n  command: make\n"
    for _ in range(150):
        step = "- type: serial\n  steps:\n" + "".join(f"  {line}\n" for line in step.splitlines())
    (tmp_path / "codeship-steps.yml").write_text(step)
    (tmp_path / "codeship-services.yml").write_text("app:\n  image: busybox:1.36\n")
    done = cli(cslint_exe, ["check"], tmp_path)
    assert done.returncode == 1 and b"max-depth" in done.stdout
    (tmp_path / ".cslint.yaml").write_text("limits:\n  max-depth: 400\n")
    done = cli(cslint_exe, ["check"], tmp_path)
    assert done.returncode in (0, 1), done.stdout


def test_cr_only_line_ends_are_read(tmp_path: Path, cslint_exe: str) -> None:
    (tmp_path / "codeship-services.yml").write_bytes(
        b"app:\r  build:\r    path: .\r    dockerfile_path: Dockerfile\r"
    )
    done = cli(cslint_exe, ["check", "--format", "json"], tmp_path)
    assert done.returncode == 1 and b"CS103" in done.stdout and b"CS104" in done.stdout


def test_invalid_utf8_on_stdin_is_a_finding(tmp_path: Path, cslint_exe: str) -> None:
    done = cli(cslint_exe, ["check", "--kind", "services", "-"], tmp_path, stdin=b"a: \xff\xfe\n")
    assert done.returncode == 1 and b"CS005" in done.stdout


@pytest.mark.parametrize("where", ["missing/report.txt", "ro/report.txt", "codeship-services.yml"])
def test_output_that_cannot_or_must_not_be_written(
    tmp_path: Path, cslint_exe: str, where: str
) -> None:
    services = tmp_path / "codeship-services.yml"
    services.write_text("app:\n  image: busybox:1.36\n")
    (tmp_path / "ro").mkdir()
    (tmp_path / "ro" / "report.txt").write_text("old")
    (tmp_path / "ro" / "report.txt").chmod(0o444)
    text = one_line_error(
        cli(cslint_exe, ["check", "-o", where, "codeship-services.yml"], tmp_path)
    )
    assert where in text and ".tmp" not in text
    assert services.read_text() == "app:\n  image: busybox:1.36\n"
    assert (tmp_path / "ro" / "report.txt").read_text() == "old"


def test_output_over_the_input_dockerfile(tmp_path: Path, cslint_exe: str) -> None:
    (tmp_path / "Dockerfile").write_text("FROM busybox:1.36\n")
    text = one_line_error(cli(cslint_exe, ["check", "-o", "Dockerfile", "Dockerfile"], tmp_path))
    assert "input" in text
    assert (tmp_path / "Dockerfile").read_text() == "FROM busybox:1.36\n"


def test_convert_output_over_its_input(tmp_path: Path, cslint_exe: str) -> None:
    compose = tmp_path / "docker-compose.yml"
    compose.write_text("services:\n  app:\n    image: busybox:1.36\n")
    done = cli(
        cslint_exe,
        ["convert", "docker-compose.yml", "-o", "docker-compose.yml", "--force"],
        tmp_path,
    )
    assert "input" in one_line_error(done)
    assert compose.read_text() == "services:\n  app:\n    image: busybox:1.36\n"


def test_convert_extends_chain_and_interpolation_nesting(tmp_path: Path, cslint_exe: str) -> None:
    chain = "".join(f"  s{i}:\n    extends: s{i + 1}\n" for i in range(2000))
    (tmp_path / "a.yml").write_text(f"services:\n{chain}  s2000:\n    image: busybox\n")
    done = cli(cslint_exe, ["convert", "a.yml"], tmp_path)
    assert done.returncode == 2 and b"max-depth" in done.stderr
    nested = "${A:-" * 5000 + "x" + "}" * 5000
    (tmp_path / "b.yml").write_text(f"services:\n  app:\n    image: 'busybox:{nested}'\n")
    done = cli(cslint_exe, ["convert", "b.yml", "--interpolate"], tmp_path)
    assert done.returncode == 2 and b"max-depth" in done.stderr
    assert len(done.stderr) < 1000
    # Kept verbatim, the references are listed down to the depth limit, no further.
    done = cli(cslint_exe, ["convert", "b.yml"], tmp_path)
    assert done.returncode == 0 and done.stderr.count(b"CS510") <= 101


# -- files -----------------------------------------------------------------------------


def test_fix_keeps_cr_line_ends_bom_and_mode(tmp_path: Path, cslint_exe: str) -> None:
    services = tmp_path / "codeship-services.yml"
    services.write_bytes(b"\xef\xbb\xbfapp:\r  build:\r    path: .\r")
    services.chmod(0o640)
    (tmp_path / "Dockerfile").write_text("FROM busybox:1.36\n")
    done = cli(cslint_exe, ["check", "--fix"], tmp_path)
    assert done.returncode == 0, done.stdout
    assert services.read_bytes() == b"\xef\xbb\xbfapp:\r  build:\r    context: .\r"
    assert stat.S_IMODE(services.stat().st_mode) == 0o640


def test_fix_writes_through_a_symlink(tmp_path: Path, cslint_exe: str) -> None:
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "services.yml"
    target.write_bytes(b"app:\r\n  build:\r\n    path: .\r\n")
    (tmp_path / "codeship-services.yml").symlink_to("real/services.yml")
    (tmp_path / "Dockerfile").write_text("FROM busybox:1.36\n")
    assert cli(cslint_exe, ["check", "--fix"], tmp_path).returncode == 0
    assert (tmp_path / "codeship-services.yml").is_symlink()
    assert target.read_bytes() == b"app:\r\n  build:\r\n    context: .\r\n"


def test_fix_refuses_a_read_only_file(tmp_path: Path, cslint_exe: str) -> None:
    services = tmp_path / "codeship-services.yml"
    services.write_text("app:\n  build:\n    path: .\n")
    services.chmod(0o444)
    text = one_line_error(cli(cslint_exe, ["check", "--fix"], tmp_path))
    assert "codeship-services.yml is read-only" in text
    assert services.read_text() == "app:\n  build:\n    path: .\n"


# -- output that stays small and inert -------------------------------------------------


def test_long_line_output_is_linear(tmp_path: Path, cslint_exe: str) -> None:
    # One 95 KB flow line with thousands of findings: each excerpt is a window, not the line.
    items = ", ".join(f"s{i}: {{image: 'x:latest', links: [a]}}" for i in range(2500))
    (tmp_path / "codeship-services.yml").write_text("{" + items + "}\n")
    assert len((tmp_path / "codeship-services.yml").read_bytes()) > 90_000
    for fmt in ("text", "json", "sarif", "github"):
        started = time.monotonic()
        done = cli(cslint_exe, ["check", "--format", fmt], tmp_path, timeout=120)
        assert done.returncode == 1
        findings = done.stdout.count(b"CS105")
        assert findings >= 2500
        assert len(done.stdout) < 2500 * findings, (fmt, len(done.stdout))
        assert time.monotonic() - started < 60
    text = cli(cslint_exe, ["check"], tmp_path, timeout=120).stdout.decode()
    longest = max(len(line) for line in text.splitlines())
    assert longest < 500 and "…" in text


def test_convert_report_of_many_references_is_bounded(tmp_path: Path, cslint_exe: str) -> None:
    value = "${A}" * 6000
    (tmp_path / "docker-compose.yml").write_text(f"services:\n  app:\n    image: 'x:{value}'\n")
    done = cli(cslint_exe, ["convert", "docker-compose.yml"], tmp_path, timeout=120)
    assert done.returncode == 0
    assert len(done.stderr) < 6000 * 600, len(done.stderr)
    assert max(len(line) for line in done.stderr.splitlines()) < 2000


def test_control_characters_never_reach_the_terminal(tmp_path: Path, cslint_exe: str) -> None:
    folder = tmp_path / "evil\nproj:1:1: error: forged [CS999 x]"
    folder.mkdir()
    (folder / "codeship-services.yml").write_bytes(
        b"app:\n  image: 'busybox:latest\x1b]0;pwned\x07\x1b[31m'\n  links: [db]\n"
    )
    for fmt in ("text", "json", "sarif", "github"):
        done = cli(cslint_exe, ["check", "--format", fmt, str(folder)], tmp_path)
        assert done.returncode == 1
        for raw in (b"\x1b", b"\x07", b"\r"):
            assert raw not in done.stdout, fmt
        if fmt in ("text", "github"):
            assert b"\nproj:1:1: error: forged" not in done.stdout
    sarif = cli(cslint_exe, ["check", "--format", "sarif", str(folder)], tmp_path)
    from urllib.parse import unquote

    uris = {
        loc["physicalLocation"]["artifactLocation"]["uri"]
        for result in json.loads(sarif.stdout)["runs"][0]["results"]
        for loc in result["locations"]
    }
    assert uris and all("\n" not in u and " " not in u and "%0A" in u for u in uris)
    assert all(unquote(u).endswith("codeship-services.yml") for u in uris)


def test_long_message_quotes_are_cut(tmp_path: Path, cslint_exe: str) -> None:
    name = "x" * 5000
    (tmp_path / "codeship-steps.yml").write_text(f"- service: {name}\n  command: make\n")
    (tmp_path / "codeship-services.yml").write_text("app:\n  image: busybox:1.36\n")
    done = cli(cslint_exe, ["check"], tmp_path)
    assert done.returncode == 1 and b"CS401" in done.stdout
    assert max(len(line) for line in done.stdout.splitlines()) < 600


# -- ShellCheck, rules and the Dockerfile parser stay bounded -----------------------------


def _shellcheck_or_skip() -> None:
    from cslint.parsers.shellcheck import find_executable

    if find_executable() is None:
        pytest.skip("ShellCheck is not installed")


@pytest.mark.parametrize(
    ("setting", "said"),
    [
        ("shellcheck-timeout: 0.01", b"did not finish within 0.01 s"),
        ("shellcheck-memory: 8", b"shellcheck-memory 8 MiB"),
    ],
)
def test_shellcheck_limit_is_a_finding_not_silence(
    tmp_path: Path, cslint_exe: str, setting: str, said: bytes
) -> None:
    _shellcheck_or_skip()
    # Long enough that ShellCheck needs seconds for it (a two-line RUN finished within
    # 0.01 s on an idle machine, so the timeout case could not fail there).
    chain = "    echo $X $((1+1)) && \\\n" * 1500
    (tmp_path / "Dockerfile").write_text(
        f"FROM busybox:1.36\nRUN echo $((1+1)) $X && \\\n{chain}    true\n"
    )
    (tmp_path / ".cslint.yaml").write_text(f"limits:\n  {setting}\n")
    done = cli(cslint_exe, ["check", "--select", "CS390", "Dockerfile"], tmp_path)
    assert done.returncode == 0  # a warning: the run goes on
    assert b"this RUN was not checked" in done.stdout and said in done.stdout
    assert b"CS390" in done.stdout and b"SC2086" not in done.stdout


def test_shellcheck_scripts_never_touch_the_disk(tmp_path: Path, cslint_exe: str) -> None:
    _shellcheck_or_skip()
    (tmp_path / "Dockerfile").write_text("FROM busybox:1.36\nRUN sleep 1; echo $X\n")
    env = {**os.environ, "TMPDIR": str(tmp_path / "tmp")}
    (tmp_path / "tmp").mkdir()
    process = subprocess.Popen(
        [cslint_exe, "check", "Dockerfile"], cwd=tmp_path, env=env, stdout=subprocess.DEVNULL
    )
    time.sleep(1.0)
    process.kill()  # SIGKILL: no cleanup code runs
    process.wait()
    assert list((tmp_path / "tmp").iterdir()) == []


def test_thousand_same_named_steps_is_linear(tmp_path: Path, cslint_exe: str) -> None:
    steps = "".join(
        f"- name: deploy\n  tag: ^release-{i}$\n  service: app\n  command: x\n" for i in range(1000)
    )
    (tmp_path / "codeship-steps.yml").write_text(steps)
    (tmp_path / "codeship-services.yml").write_text("app:\n  image: busybox:1.36\n")
    started = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
    done = cli(cslint_exe, ["check", "--select", "CS207", "codeship-steps.yml"], tmp_path)
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime - started
    assert done.returncode == 0 and done.stdout.count(b"CS207") == 999
    assert cpu < 8, cpu  # was 14 s of CPU (22 s) before the comparison was bounded


def test_dockerfile_line_over_64_kib_does_not_hide_the_rest(
    tmp_path: Path, cslint_exe: str
) -> None:
    (tmp_path / "Dockerfile").write_text(
        "FROM busybox:1.36\nRUN echo " + "x" * 70_000 + "\nUSER root\n"
    )
    done = cli(cslint_exe, ["check", "--select", "CS001,CS306", "Dockerfile"], tmp_path)
    assert done.returncode == 1
    assert b"Dockerfile:2:16001: error: line 2 is longer than 64 KiB" in done.stdout
    assert b"CS306" in done.stdout  # the rest of the file is still checked


# -- data safety: --fix and convert keep every byte they do not mean to change ---------------

_ENDS = {"lf": b"\n", "crlf": b"\r\n", "cr": b"\r"}


@pytest.mark.parametrize("end", list(_ENDS))
@pytest.mark.parametrize("bom", [False, True])
@pytest.mark.parametrize("mode", [0o600, 0o644, 0o755])
@pytest.mark.parametrize("link", [False, True])
def test_fix_matrix(
    tmp_path: Path, cslint_exe: str, end: str, bom: bool, mode: int, link: bool
) -> None:
    nl = _ENDS[end]
    prefix = b"\xef\xbb\xbf" if bom else b""
    before = prefix + nl.join([b"# keep", b"app:", b"  build:", b"    path: .", b""])
    after = prefix + nl.join([b"# keep", b"app:", b"  build:", b"    context: .", b""])
    (tmp_path / "Dockerfile").write_text("FROM busybox:1.36\n")
    real = tmp_path / ("real.yml" if link else "codeship-services.yml")
    real.write_bytes(before)
    real.chmod(mode)
    if link:
        (tmp_path / "codeship-services.yml").symlink_to("real.yml")
    done = cli(cslint_exe, ["check", "--fix"], tmp_path)
    assert done.returncode == 0, done.stdout
    assert real.read_bytes() == after
    assert stat.S_IMODE(real.stat().st_mode) == mode
    assert (tmp_path / "codeship-services.yml").is_symlink() is link
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".cslint-")]


@pytest.mark.parametrize("end", list(_ENDS))
@pytest.mark.parametrize("bom", [False, True])
def test_convert_keeps_line_ends_and_bom(
    tmp_path: Path, cslint_exe: str, end: str, bom: bool
) -> None:
    nl = _ENDS[end]
    prefix = b"\xef\xbb\xbf" if bom else b""
    compose = prefix + nl.join([b"services:", b"  app:", b"    image: busybox:1.36", b""])
    (tmp_path / "docker-compose.yml").write_bytes(compose)
    (tmp_path / "old.yml").write_text("old\n")
    (tmp_path / "old.yml").chmod(0o640)
    done = cli(cslint_exe, ["convert", "docker-compose.yml", "-o", "old.yml", "--force"], tmp_path)
    assert done.returncode == 0, done.stderr
    out = (tmp_path / "old.yml").read_bytes()
    assert out.startswith(prefix + b"services:" + nl) and out.endswith(nl)
    other = {b"\r\n", b"\r", b"\n"} - {nl}
    assert not any(o in out.replace(nl, b"") for o in other)
    assert stat.S_IMODE((tmp_path / "old.yml").stat().st_mode) == 0o640
    assert (tmp_path / "docker-compose.yml").read_bytes() == compose


def test_a_write_failing_half_way_leaves_the_original(tmp_path: Path, cslint_exe: str) -> None:
    """A real full disk: a small tmpfs (root only). The fix needs more room than is left,
    the write fails, and the file is the original, byte for byte."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mount = tmp_path / "small"
    mount.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], check=False
    )
    if mounted.returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        (mount / "Dockerfile").write_text("FROM busybox:1.36\n")
        original = b"app:\n  build:\n    path: .\n" + b"# " + b"x" * 40_000 + b"\n"
        (mount / "codeship-services.yml").write_bytes(original)
        # Leave less room than the rewritten copy needs.
        with open(mount / "filler", "wb") as filler, contextlib.suppress(OSError):
            filler.write(b"\0" * 30_000)
        done = cli(cslint_exe, ["check", "--fix"], mount)
        text = one_line_error(done)
        assert "codeship-services.yml" in text and ".tmp" not in text and "space" in text
        assert (mount / "codeship-services.yml").read_bytes() == original
        assert not [p for p in mount.iterdir() if p.name.startswith(".cslint-")]
        done = cli(cslint_exe, ["check", "-o", "report.txt"], mount)
        assert done.returncode == 2 and b".tmp" not in done.stderr
    finally:
        subprocess.run(["umount", str(mount)], check=False)


# -- a long RUN stays linear ------------------------------------------------------------


def _long_run(lines: int) -> str:
    return (
        "FROM busybox:1.36\nRUN echo start && \\\n"
        + "    echo $X line && \\\n" * lines
        + "    true\n"
    )


def _cpu_seconds(work: Callable[[], object]) -> float:
    # CPU time of this process (BuildKit's Go threads included): load on the machine
    # stretches wall time, not this much.
    started = time.process_time()
    work()
    return time.process_time() - started


def test_a_long_run_instruction_is_linear() -> None:
    """100,000 continuation lines took 77 s: BuildKit joins an instruction's lines one `+=`
    at a time and so did the chunker. Ten times the lines must cost about ten times the
    time, not a hundred times (30,000 lines: 5.2 s in the parser before, 0.4 s now)."""
    from cslint.core.engine import lint_text
    from cslint.parsers.dockerfile import parse
    from cslint.parsers.shellcheck import use_runner

    small, big = _long_run(3000), _long_run(30_000)
    parse_small = min(_cpu_seconds(lambda: parse(small)) for _ in range(3))
    parse_big = _cpu_seconds(lambda: parse(big))
    assert parse_big < 30 * parse_small + 0.3, (parse_small, parse_big)
    doc, problems = parse(big)
    assert doc is not None and not problems
    run = doc.instructions[1]
    assert (run.span.line, run.span.end_line) == (2, 30_003)
    assert run.args[0].count("echo $X line") == 30_000
    with use_runner(None):  # ShellCheck has its own time limit (tested above)
        lint_small = min(_cpu_seconds(lambda: lint_text(small, "Dockerfile")) for _ in range(3))
        lint_big = _cpu_seconds(lambda: lint_text(big, "Dockerfile"))
    assert lint_big < 30 * lint_small + 0.5, (lint_small, lint_big)


def test_a_folded_run_keeps_its_positions() -> None:
    """Past 64 lines an instruction reaches BuildKit folded: what is found in it is still
    reported at its own line and column, and the next instruction at its own line."""
    from cslint.core.engine import lint_text
    from cslint.parsers.shellcheck import use_runner

    lines = ["    echo $X line && \\"] * 200
    lines[149] = "    # a comment inside the RUN"
    lines[150] = "    apt-get install curl && \\"
    text = "FROM debian:12\nRUN echo start && \\\n" + "\n".join(lines) + "\n    true\nUSER root\n"
    with use_runner(None):
        result = lint_text(text, "Dockerfile", select=["CS306", "CS308"])
    where = {(d.code, d.span.line, d.span.col) for d in result.diagnostics}
    assert ("CS308", 153, 5) in where, where
    assert ("CS306", 204, 6) in where, where


def test_a_shellcheck_timeout_is_not_cached(tmp_path: Path, cslint_exe: str) -> None:
    """A timeout is the machine's state, not the file's: the result cache must not replay
    it. A file whose check did not finish is not stored, so the next run tries again."""
    _shellcheck_or_skip()
    (tmp_path / "codeship-services.yml").write_text("app:\n  build: .\n")
    (tmp_path / "Dockerfile").write_text("FROM busybox:1.36\nRUN echo $X\n")

    def run(cache: Path) -> tuple[bytes, int]:
        env = {**os.environ, "CSLINT_CACHE_DIR": str(cache)}
        done = subprocess.run(
            [cslint_exe, "check", "--select", "CS390"],
            cwd=tmp_path, env=env, capture_output=True, timeout=120, preexec_fn=_cap, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout, len(list(cache.rglob("*.json")))

    # Checked in full: both files are stored.
    out, stored = run(tmp_path / "cache-a")
    assert b"SC2086" not in out and stored == 2  # CS391 reports SC2086; CS390 is clean
    chain = "    echo $X $((1+1)) && \\\n" * 1500
    (tmp_path / "Dockerfile").write_text(f"FROM busybox:1.36\nRUN echo $X && \\\n{chain}    true\n")
    (tmp_path / ".cslint.yaml").write_text("limits:\n  shellcheck-timeout: 0.01\n")
    for _ in range(2):  # the second run tries again and times out again: still not stored
        out, stored = run(tmp_path / "cache-b")
        assert b"did not finish within 0.01 s" in out
        assert stored == 1  # the services file only


# -- limits follow the settings nearest each file ---------------------------------------------


def test_nested_config_limits_apply_to_its_files_only(tmp_path: Path, cslint_exe: str) -> None:
    """A nested `.cslint.yaml` governs the files below it, its `limits:` included, as its
    other settings; the files elsewhere keep theirs (in both directions)."""
    (tmp_path / ".git").mkdir()
    big = "app:\n  image: busybox:1.36\n" + "# padding\n" * 500_000  # 5 MB
    for name in ("roomy", "tight", "plain"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "codeship-services.yml").write_text(big)
    (tmp_path / "roomy" / ".cslint.yaml").write_text("limits:\n  max-file-size: 8MiB\n")
    (tmp_path / "tight" / ".cslint.yaml").write_text("limits:\n  max-file-size: 1KiB\n")
    (tmp_path / "tight" / "codeship-services.yml").write_text(
        "app:\n  image: busybox:1.36\n# " + "x" * 2000 + "\n"
    )
    deep = "app:\n  image: busybox:1.36\n  labels: " + "[" * 150 + "]" * 150 + "\n"
    (tmp_path / "roomy" / "deep").mkdir()
    (tmp_path / "roomy" / "deep" / "codeship-services.yml").write_text(deep)
    (tmp_path / "roomy" / "deep" / ".cslint.yaml").write_text("limits:\n  max-depth: 400\n")
    (tmp_path / "plain" / "deep").mkdir()
    (tmp_path / "plain" / "deep" / "codeship-services.yml").write_text(deep)
    every = ["plain", "tight", "roomy", "roomy/deep", "plain/deep"]
    for where, args in ((tmp_path, every), (tmp_path / "plain", [".", "../roomy", "deep"])):
        done = cli(cslint_exe, ["check", "--format", "json", *args], where, timeout=120)
        found = {
            (os.path.normpath(entry["path"]), diag["code"])
            for entry in json.loads(done.stdout)["files"]
            for diag in entry["diagnostics"]
        }
        found = {(os.path.relpath(where / path, tmp_path), code) for path, code in found}
        too_big = {path for path, code in found if code == "CS005"}
        too_deep = {path for path, code in found if code == "CS001"}
        assert too_deep == {"plain/deep/codeship-services.yml"}, found
        if where == tmp_path:
            assert too_big == {"plain/codeship-services.yml", "tight/codeship-services.yml"}
        else:
            assert too_big == {"plain/codeship-services.yml"}, found
    # A file named on its own is under the same settings as when its folder is walked.
    done = cli(cslint_exe, ["check", "roomy/codeship-services.yml"], tmp_path, timeout=120)
    assert done.returncode == 0, done.stdout


def test_convert_takes_the_limits_of_the_config_it_finds(tmp_path: Path, cslint_exe: str) -> None:
    chain = "".join(f"  s{i}:\n    extends: s{i + 1}\n" for i in range(150))
    (tmp_path / "app").mkdir()
    compose = tmp_path / "app" / "docker-compose.yml"
    compose.write_text(f"services:\n{chain}  s150:\n    image: busybox:1.36\n")
    done = cli(cslint_exe, ["convert", "app/docker-compose.yml"], tmp_path)
    assert done.returncode == 2 and b"max-depth" in done.stderr
    # Found upwards from the compose file, not from the current folder.
    (tmp_path / "app" / ".cslint.yaml").write_text("limits:\n  max-depth: 400\n")
    done = cli(cslint_exe, ["convert", "app/docker-compose.yml"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert b"s0:" in done.stdout
    # --config, as in check; a broken one is a one-line error naming it.
    (tmp_path / "app" / ".cslint.yaml").unlink()
    (tmp_path / "deep.yaml").write_text("limits:\n  max-depth: 400\n")
    done = cli(cslint_exe, ["convert", "--config", "deep.yaml", "app/docker-compose.yml"], tmp_path)
    assert done.returncode == 0, done.stderr
    (tmp_path / "app" / ".cslint.yaml").write_text("limits:\n  max-depth: lots\n")
    text = one_line_error(cli(cslint_exe, ["convert", "app/docker-compose.yml"], tmp_path))
    assert ".cslint.yaml:2:" in text
    # The size limit too.
    compose.write_text("services:\n  app:\n    image: busybox:1.36\n# " + "x" * 2000 + "\n")
    (tmp_path / "app" / ".cslint.yaml").write_text("limits:\n  max-file-size: 1KiB\n")
    done = cli(cslint_exe, ["convert", "app/docker-compose.yml"], tmp_path)
    assert done.returncode == 2 and b"max-file-size" in done.stderr, done.stderr
    (tmp_path / "app" / ".cslint.yaml").unlink()
    done = cli(cslint_exe, ["convert", "app/docker-compose.yml"], tmp_path)
    assert done.returncode == 0, done.stderr


# -- permissions and owners: without root's powers over files ---------------------------------


def _without_root_powers(tmp_path: Path) -> list[str]:
    """A command prefix under which permission bits hold. Tests run as root, which reads and
    writes anything; `setpriv` runs cslint as uid 0 with an empty capability set, which the
    kernel checks against every permission bit as it does any user. (A real `nobody` cannot
    run this machine's Python, installed under /root, mode 0700.) Not root: nothing to drop."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("setpriv (util-linux) is not installed: cannot drop root's powers")
    prefix = [setpriv, "--bounding-set=-all", "--inh-caps=-all"]
    probe = tmp_path / ".probe"
    probe.write_text("x")
    probe.chmod(0)
    denied = subprocess.run([*prefix, "cat", str(probe)], capture_output=True, check=False)
    probe.unlink()
    if denied.returncode == 0:
        pytest.skip("dropping capabilities does not take effect here (a permissive sandbox)")
    return prefix


def as_user(
    prefix: list[str], exe: str, args: list[str], cwd: Path
) -> subprocess.CompletedProcess[bytes]:
    return cli(prefix[0] if prefix else exe, [*prefix[1:], exe, *args] if prefix else args, cwd)


@pytest.fixture
def unprivileged(tmp_path: Path) -> Iterator[list[str]]:
    prefix = _without_root_powers(tmp_path)
    yield prefix
    for path in (tmp_path, *tmp_path.rglob("*")):  # let pytest clean up
        with contextlib.suppress(OSError):
            if not path.is_symlink():
                path.chmod(0o755 if path.is_dir() else 0o644)


SERVICES_TO_FIX = b"app:\n  build:\n    path: .\n"


def _project(folder: Path) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / "codeship-services.yml").write_bytes(SERVICES_TO_FIX)
    (folder / "Dockerfile").write_text("FROM busybox:1.36\n")
    return folder


def test_unreadable_file_is_a_finding(
    tmp_path: Path, cslint_exe: str, unprivileged: list[str]
) -> None:
    _project(tmp_path)
    (tmp_path / "codeship-services.yml").chmod(0)
    for args in (["check", "codeship-services.yml"], ["check"], ["check", "--fix"]):
        done = as_user(unprivileged, cslint_exe, args, tmp_path)
        assert done.returncode == 1, (args, done.stdout, done.stderr)
        assert (
            b"codeship-services.yml:1:1: error: cannot read file: Permission denied" in done.stdout
        )
    (tmp_path / "codeship-services.yml").chmod(0o644)
    assert (tmp_path / "codeship-services.yml").read_bytes() == SERVICES_TO_FIX


def test_unreadable_folder_in_discovery(
    tmp_path: Path, cslint_exe: str, unprivileged: list[str]
) -> None:
    proj = _project(tmp_path / "proj")
    proj.chmod(0)  # neither listed nor searched
    text = one_line_error(as_user(unprivileged, cslint_exe, ["check", "proj"], tmp_path))
    assert "proj: cannot list the folder: Permission denied" in text
    # A file named behind it is there, unreadable: a finding, not "no such file".
    done = as_user(unprivileged, cslint_exe, ["check", "proj/codeship-services.yml"], tmp_path)
    assert done.returncode == 1 and b"proj/codeship-services.yml:1:1" in done.stdout
    assert b"Permission denied" in done.stdout
    text = one_line_error(as_user(unprivileged, cslint_exe, ["check", "proj/notes.txt"], tmp_path))
    assert "proj/notes.txt" in text and "ermission denied" in text
    # Listed but not searchable: the files are seen, and each says it cannot be read
    # (it was "no CodeShip file" and exit 0: the files were silently skipped).
    proj.chmod(0o444)
    done = as_user(unprivileged, cslint_exe, ["check", "proj"], tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert done.stdout.count(b"cannot read file: Permission denied") == 2


def test_unreadable_config_up_the_tree(
    tmp_path: Path, cslint_exe: str, unprivileged: list[str]
) -> None:
    proj = _project(tmp_path / "proj")
    (proj / "codeship-services.yml").write_text("app:\n  image: busybox:1.36\n")
    config = tmp_path / ".cslint.yaml"
    config.write_text("ignore: [CS103]\n")
    config.chmod(0)
    text = one_line_error(as_user(unprivileged, cslint_exe, ["check"], proj))
    assert str(config) in text and "Permission denied" in text
    config.unlink()
    # A pyproject.toml without a readable [tool.cslint] table and a .hadolint.yaml cslint
    # cannot read are not cslint's settings: ignored, as documented.
    for name, text_of in (
        ("pyproject.toml", '[tool.cslint]\nignore = ["CS1"]\n'),
        (".hadolint.yaml", "ignored: [DL3006]\n"),
    ):
        (tmp_path / name).write_text(text_of)
        (tmp_path / name).chmod(0)
        done = as_user(unprivileged, cslint_exe, ["check"], proj)
        assert done.returncode == 0, (name, done.stdout, done.stderr)
        (tmp_path / name).unlink()
    # A folder up the tree that cannot be searched for a config (it was exit 3).
    (proj / "inner").mkdir()
    _project(proj / "inner")
    (proj / "inner").chmod(0o444)
    done = as_user(unprivileged, cslint_exe, ["check", "inner"], proj)
    assert done.returncode == 1 and b"Permission denied" in done.stdout


def test_read_only_file_and_folder_under_fix(
    tmp_path: Path, cslint_exe: str, unprivileged: list[str]
) -> None:
    _project(tmp_path / "file")
    (tmp_path / "file" / "codeship-services.yml").chmod(0o444)
    text = one_line_error(as_user(unprivileged, cslint_exe, ["check", "--fix", "file"], tmp_path))
    assert "file/codeship-services.yml is read-only; it was not changed" in text
    # The file may be written but not its folder: the temporary file of the atomic write
    # cannot be made there, and the file is not written in place either.
    folder = _project(tmp_path / "folder")
    folder.chmod(0o555)
    text = one_line_error(as_user(unprivileged, cslint_exe, ["check", "--fix", "folder"], tmp_path))
    assert "cannot write folder/codeship-services.yml: its folder is not writable" in text
    assert ".tmp" not in text
    for name in ("file", "folder"):
        assert (tmp_path / name / "codeship-services.yml").read_bytes() == SERVICES_TO_FIX
        assert sorted(p.name for p in (tmp_path / name).iterdir()) == [
            "Dockerfile",
            "codeship-services.yml",
        ]


def test_outputs_into_folders_that_cannot_be_written(
    tmp_path: Path, cslint_exe: str, unprivileged: list[str]
) -> None:
    (tmp_path / "docker-compose.yml").write_text("services:\n  app:\n    image: busybox:1.36\n")
    _project(tmp_path / "proj")
    (tmp_path / "ro").mkdir()
    (tmp_path / "ro" / "old.yml").write_text("old\n")
    (tmp_path / "ro").chmod(0o555)
    (tmp_path / "closed").mkdir()
    (tmp_path / "closed").chmod(0)
    for out, extra in (
        ("ro/new.yml", []), ("ro/old.yml", ["--force"]), ("closed/new.yml", []), ("closed/sub/new.yml", [])
    ):  # fmt: skip
        for args in (
            ["convert", "docker-compose.yml", "-o", out, *extra],
            ["check", "proj", "-o", out],
        ):
            text = one_line_error(as_user(unprivileged, cslint_exe, args, tmp_path))
            assert f"cannot write {out}: " in text, (args, text)
    (tmp_path / "ro").chmod(0o755)
    assert (tmp_path / "ro" / "old.yml").read_text() == "old\n"
    assert sorted(p.name for p in (tmp_path / "ro").iterdir()) == ["old.yml"]


def _root_or_skip() -> None:
    if os.geteuid() != 0:
        pytest.skip("giving a file to another owner needs root")


def test_fix_and_convert_keep_another_owner(tmp_path: Path, cslint_exe: str) -> None:
    """Run as root on a file another user owns: the rewritten file is still theirs, with
    its mode (the atomic write's new inode would otherwise belong to root)."""
    _root_or_skip()
    proj = _project(tmp_path / "proj")
    services = proj / "codeship-services.yml"
    os.chown(services, 1234, 5678)
    services.chmod(0o640)
    done = cli(cslint_exe, ["check", "--fix", "proj"], tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    info = services.stat()
    assert services.read_bytes() == b"app:\n  build:\n    context: .\n"
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (1234, 5678, 0o640)
    (tmp_path / "docker-compose.yml").write_text("services:\n  app:\n    image: busybox:1.36\n")
    old = tmp_path / "old.yml"
    old.write_text("old\n")
    os.chown(old, 4321, 8765)
    old.chmod(0o604)
    done = cli(cslint_exe, ["convert", "docker-compose.yml", "-o", "old.yml", "--force"], tmp_path)
    assert done.returncode == 0, done.stderr
    info = old.stat()
    assert old.read_text().startswith("services:") or "app:" in old.read_text()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (4321, 8765, 0o604)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (".cslint.yaml", "ignore: [CS103]\n"),
        ("pyproject.toml", '[tool.cslint]\nignore = ["CS103"]\n'),
        (".hadolint.yaml", "ignored: [DL3006]\n"),
    ],
)
def test_report_over_the_settings_it_read(
    tmp_path: Path, cslint_exe: str, name: str, text: str
) -> None:
    """The settings a run read are its inputs too: `-o .cslint.yaml` wrote the report over
    the config, which broke every later run below it."""
    _project(tmp_path)
    (tmp_path / name).write_text(text)
    message = one_line_error(cli(cslint_exe, ["check", "-o", name], tmp_path))
    assert f"{name} is also an input of this run" in message
    assert (tmp_path / name).read_text() == text


@pytest.mark.parametrize("value", ["[" * 3000 + "]" * 3000, "{a=" * 3000 + "1" + "}" * 3000])
def test_deep_pyproject_is_exit_2(tmp_path: Path, cslint_exe: str, value: str) -> None:
    _project(tmp_path)
    (tmp_path / "pyproject.toml").write_text(f"[tool.cslint]\nx = {value}\n")
    text = one_line_error(cli(cslint_exe, ["check"], tmp_path))
    assert "pyproject.toml: invalid TOML: nested too deeply" in text


def test_config_errors_quote_no_secret(tmp_path: Path, cslint_exe: str) -> None:
    """A config error quotes the config (a key): never a credential, and nothing of a config
    that is a link out of its folder (to ~/.aws/credentials, to /etc/shadow)."""
    _project(tmp_path / "proj")
    secret = "ghp_Zq3xR8vT1mN6pL0sK4hJ9gGeN3r4t3dS3cr3t"
    outside = tmp_path / "home" / "credentials"
    outside.parent.mkdir()
    outside.write_text(f"root:$6$Pl4nt3dS4lt$Pl4nt3dH4sh:19000:0:99999:7:::\n{secret}: 1\n")
    config = tmp_path / "proj" / ".cslint.yaml"
    config.symlink_to(outside)
    text = one_line_error(cli(cslint_exe, ["check"], tmp_path / "proj"))
    assert "out of its folder" in text and str(outside) in text
    assert "Pl4nt3d" not in text and secret not in text
    config.unlink()
    config.write_text(f"{secret}: 1\n")
    text = one_line_error(cli(cslint_exe, ["check"], tmp_path / "proj"))
    assert "unknown setting" in text and secret not in text
    config.unlink()
    (tmp_path / "proj" / "pyproject.toml").write_text(f'[tool.cslint]\n"{secret}" = 1\n')
    text = one_line_error(cli(cslint_exe, ["check"], tmp_path / "proj"))
    assert "unknown setting" in text and secret not in text


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_full_disk_under_the_report_is_exit_2_with_the_reason(
    tmp_path: Path, cslint_exe: str, fmt: str
) -> None:
    """`>/dev/full`: the write fails (ENOSPC); exit 2 and one line, as `ls` does, on the
    first run and on the memoized replay alike; never a crash report."""
    (tmp_path / "Dockerfile").write_text("FROM busybox:1.36\nRUN echo hi\n")
    for _ in range(2):
        with open("/dev/full", "wb") as full:
            done = subprocess.run(
                [cslint_exe, "check", "-f", fmt, "Dockerfile"],
                cwd=tmp_path, stdout=full, stderr=subprocess.PIPE, check=False,
            )  # fmt: skip
        assert done.returncode == 2, done.stderr
        assert done.stderr.decode() == (
            "cslint: cannot write the report: No space left on device\n"
        )


@pytest.mark.parametrize("closed", [1, 2])
def test_a_closed_stdout_or_stderr_is_not_a_crash(
    tmp_path: Path, cslint_exe: str, closed: int
) -> None:
    """`>&-` or `2>&-`: Python leaves the stream None; the check runs, its output goes
    nowhere, and the exit code still tells (1: a finding)."""
    (tmp_path / "codeship-services.yml").write_text("app:\n  imagee: busybox\n")
    done = subprocess.run(
        ["sh", "-c", f'"$0" check --no-cache codeship-services.yml {closed}>&-', cslint_exe],
        cwd=tmp_path, capture_output=True, check=False,
    )  # fmt: skip
    assert done.returncode == 1
    assert b"internal error" not in done.stdout + done.stderr


def test_a_removed_current_folder_is_exit_2(tmp_path: Path, cslint_exe: str) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    done = subprocess.run(
        ["sh", "-c", 'cd "$1" && rmdir "$1" && "$0" check --no-cache .', cslint_exe, gone],
        capture_output=True, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.decode() == (
        "cslint: the current folder cannot be used (No such file or directory): "
        "run cslint from a folder that exists\n"
    )
