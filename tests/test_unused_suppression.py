"""CS008 with every rule running: unknown codes and suppressions that suppressed nothing."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from cslint.core.engine import lint_text

SERVICES = (
    "app:\n"
    "  build:\n"
    "    path: .  # cslint: disable=CS103\n"  # used: CS103 is on this line
    "    image: a/b  # cslint: disable=CS103\n"  # unused
    "  ports: []  # cslint: disable=CS999,ignored-compose-key\n"  # unknown, and used
    "  # cslint: disable-next-line=deprecated-links\n"  # unused: no links below
    "  environment: {A: b}\n"
)


def found(text: str, filename: str = "codeship-services.yml", **kw: object) -> list[str]:
    result = lint_text(text, filename, **kw)  # type: ignore[arg-type]
    return [f"{d.code}@{d.span.line}:{d.span.col} {d.message}" for d in result.diagnostics]


def test_unused_and_unknown_in_yaml() -> None:
    got = [line for line in found(SERVICES) if line.startswith("CS008")]
    assert got == [
        "CS008@4:17 'CS103' suppressed nothing on this line; remove it",
        (
            "CS008@5:14 unknown code 'CS999' in a suppression comment: it names no rule "
            "(see `cslint rules`)"
        ),
        "CS008@6:3 'deprecated-links' suppressed nothing on the next line; remove it",
    ]


def test_a_rule_that_did_not_run_is_not_judged() -> None:
    got = found(SERVICES, select=["CS008"])
    assert [line.split(" ", 1)[0] for line in got] == ["CS008@5:14"]  # only the unknown code
    got = found(SERVICES, ignore=["CS103"])
    assert not any("'CS103'" in line for line in got)


def test_dockerfile_next_instruction_and_file() -> None:
    text = (
        "FROM busybox:1.36\n"
        "# cslint: disable-next-line=CS305\n"
        "RUN true\n"
        "# cslint: disable-next-line=sudo\n"
        "RUN sudo true\n"
        "# cslint: disable-file=CS307\n"
    )
    got = [line for line in found(text, "Dockerfile") if line.startswith("CS008")]
    assert got == [
        "CS008@2:1 'CS305' suppressed nothing on the next line; remove it",
        "CS008@6:1 'CS307' suppressed nothing in this file; remove it",
    ]


def test_prefixes_and_everything() -> None:
    text = "app:\n  image: a\n  image: b  # cslint: disable=CS0\n# cslint: disable-file\n"
    assert found(text) == []  # CS0 suppressed CS002; a bare disable is never judged


def test_cs008_can_be_silenced_like_any_rule() -> None:
    text = "app:\n  image: busybox:1.36  # cslint: disable=CS999,CS008\n"
    assert found(text) == []
    assert found("app:\n  image: busybox:1.36  # cslint: disable=CS999\n", ignore=["CS008"]) == []


# ----- the fix: the unused code leaves the comment, the rest of the line stays ----------


def fixed(text: str, filename: str = "codeship-services.yml") -> str:
    from cslint.core.fix import apply_to_original

    result = lint_text(text, filename)
    fixes = [d.fix for d in result.diagnostics if d.code == "CS008" and d.fix]
    assert fixes and all(f.safe for f in fixes)
    return apply_to_original(text, fixes, yaml=filename != "Dockerfile")


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # The only code: the comment goes, with the blanks before it.
        ("  image: busybox:1.36  # cslint: disable=CS999\n", "  image: busybox:1.36\n"),
        # One code of two: only it and its separator, the other stays as written.
        (
            "  ports: []  # cslint: disable=ignored-compose-key,  CS999\n",
            "  ports: []  # cslint: disable=ignored-compose-key\n",
        ),
        (
            "  ports: []  # cslint: disable=CS999 ,ignored-compose-key\n",
            "  ports: []  # cslint: disable=ignored-compose-key\n",
        ),
        # Every code unused: never a bare `disable` (it would silence every rule).
        ("  image: busybox:1.36  #cslint:disable=CS999,CS103\n", "  image: busybox:1.36\n"),
        # Another comment after it stays; a `-- reason` goes with the directive.
        (
            "  image: busybox:1.36  # cslint: disable=CS999 #  keep   me\n",
            "  image: busybox:1.36  #  keep   me\n",
        ),
        (
            "  image: busybox:1.36\t# cslint: disable=CS999 -- old reason\n",
            "  image: busybox:1.36\n",
        ),
        # The same text inside a quoted value is content, not a directive: it stays.
        (
            "  image: busybox:1.36\n  command: 'echo # cslint: disable=CS999'  # cslint: disable=CS998\n",
            "  image: busybox:1.36\n  command: 'echo # cslint: disable=CS999'\n",
        ),
        # A comment line: the line goes.
        ("  # cslint: disable-next-line=CS103\n  image: busybox:1.36\n", "  image: busybox:1.36\n"),
    ],
)
def test_fix_in_yaml(before: str, after: str) -> None:
    text = "app:\n" + before + "  environment: {A: b}\n"
    result = fixed(text)
    assert result == "app:\n" + after + "  environment: {A: b}\n"
    assert not [
        d for d in lint_text(result, "codeship-services.yml").diagnostics if d.code == "CS008"
    ]


def test_fix_keeps_crlf_and_the_other_lines() -> None:
    text = "app:\r\n  image: busybox:1.36  # cslint: disable=CS999\r\n  ports: []\r\n"
    assert fixed(text) == "app:\r\n  image: busybox:1.36\r\n  ports: []\r\n"


def test_fix_in_a_dockerfile() -> None:
    text = (
        "FROM busybox:1.36\n"
        "# cslint: disable-next-line=CS307, sudo\n"
        "RUN sudo true\n"
        "  # cslint: disable-next-line=DL9999\n"
        "RUN true\n"
        "# cslint: disable-file=CS307\n"
    )
    assert fixed(text, "Dockerfile") == (
        "FROM busybox:1.36\n# cslint: disable-next-line=sudo\nRUN sudo true\nRUN true\n"
    )


def test_cli_fix_and_diff(tmp_path: Path, cslint_exe: str) -> None:
    (tmp_path / ".git").mkdir()
    services = tmp_path / "codeship-services.yml"
    original = (
        b"\xef\xbb\xbfapp:\r\n"
        b"  image: busybox:1.36  # cslint: disable=CS999,CS998\r\n"
        b"  ports: []  # cslint: disable=ignored-compose-key, CS103 # keep me\r\n"
        b"  # cslint: disable-next-line=deprecated-links -- old\r\n"
        b"  environment: {A: b}\r\n"
    )
    services.write_bytes(original)
    services.chmod(0o640)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [cslint_exe, "check", *args, "codeship-services.yml"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
        )

    diff = run("--fix", "--diff")
    assert services.read_bytes() == original  # shown, not written
    assert diff.stdout == (
        "--- a/codeship-services.yml\n"
        "+++ b/codeship-services.yml\n"
        "@@ -1,5 +1,4 @@\n"
        " app:\n"
        "-  image: busybox:1.36  # cslint: disable=CS999,CS998\n"
        "-  ports: []  # cslint: disable=ignored-compose-key, CS103 # keep me\n"
        "-  # cslint: disable-next-line=deprecated-links -- old\n"
        "+  image: busybox:1.36\n"
        "+  ports: []  # cslint: disable=ignored-compose-key # keep me\n"
        "   environment: {A: b}\n"
    ), diff.stdout + diff.stderr
    done = run("--fix")
    assert done.returncode == 0, done.stdout + done.stderr
    assert services.read_bytes() == (
        b"\xef\xbb\xbfapp:\r\n"
        b"  image: busybox:1.36\r\n"
        b"  ports: []  # cslint: disable=ignored-compose-key # keep me\r\n"
        b"  environment: {A: b}\r\n"
    )
    assert services.stat().st_mode & 0o777 == 0o640
    assert "CS008" not in run().stdout
