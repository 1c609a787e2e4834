"""CS008 with every rule running: unknown codes and suppressions that suppressed nothing."""

from __future__ import annotations

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
