from __future__ import annotations

from cslint.core.engine import lint_text

DUP = "app:\n  image: a\n  image: b{tail}\n"


def codes(text: str, filename: str = "codeship-services.yml") -> list[str]:
    return [f"{d.code}@{d.span.line}" for d in lint_text(text, filename).diagnostics]


def test_unsuppressed_finding_is_reported() -> None:
    assert codes(DUP.format(tail="")) == ["CS002@3"]


def test_disable_on_the_line() -> None:
    assert codes(DUP.format(tail="  # cslint: disable=CS002")) == []
    assert codes(DUP.format(tail="  # cslint: disable=duplicate-key -- the loader keeps a")) == []
    assert codes(DUP.format(tail="  # cslint: disable=CS0")) == []
    assert codes(DUP.format(tail="  # cslint: disable")) == []


def test_disable_for_another_code_keeps_the_finding() -> None:
    # ...and the comment that suppressed nothing is itself reported (CS008).
    assert codes(DUP.format(tail="  # cslint: disable=CS003")) == ["CS002@3", "CS008@3"]


def test_disable_next_line() -> None:
    text = "app:\n  image: a\n  # cslint: disable-next-line=CS002\n  image: b\n"
    assert codes(text) == []


def test_disable_file() -> None:
    assert codes("# cslint: disable-file=CS002\n" + DUP.format(tail="")) == []
    assert codes("# cslint: disable-file\n" + DUP.format(tail="")) == []


def test_directive_inside_a_block_scalar_is_content() -> None:
    text = "app:\n  command: |\n    # cslint: disable-file\n  image: a\n  image: b\n"
    assert codes(text) == ["CS002@5"]


def test_directive_inside_a_quoted_string_is_content() -> None:
    text = 'app:\n  image: a\n  image: "b # cslint: disable=CS002"\n'
    assert codes(text) == ["CS002@3"]


def test_suppression_applies_after_a_syntax_error_only_by_line() -> None:
    text = "app:\n  image: a\n command: b  # cslint: disable=CS001\n"
    assert codes(text) == []
    assert codes("app:\n  image: a\n command: b\n") == ["CS001@3"]
