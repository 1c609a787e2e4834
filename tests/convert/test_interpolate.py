"""Compose interpolation as compose-go reads it."""

from __future__ import annotations

import pytest

from cslint.convert.interpolate import (
    InterpolationError,
    interpolate,
    make_lookup,
    read_env_file,
)

ENV = {"SET": "value", "EMPTY": ""}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("${SET}", "value"),
        ("$SET/x", "value/x"),
        ("${UNSET}", ""),
        ("${UNSET:-d}", "d"),
        ("${EMPTY:-d}", "d"),
        ("${EMPTY-d}", ""),
        ("${UNSET-d}", "d"),
        ("${SET:+alt}", "alt"),
        ("${UNSET:+alt}", ""),
        ("${EMPTY+alt}", "alt"),
        ("${UNSET:-${SET}}", "value"),
        ("$$SET", "$SET"),
        ("a $ b", "a $ b"),
        ("cost: $$5", "cost: $5"),
    ],
)
def test_resolves_like_compose(text: str, expected: str) -> None:
    assert interpolate(text, ENV.get).text == expected


def test_keeps_references_when_not_asked() -> None:
    result = interpolate("img:${TAG:-latest} $$HOME ${A:-${B}}", None)
    assert result.text == "img:${TAG:-latest} $HOME ${A:-${B}}"
    assert [r.name for r in result.references] == ["TAG", "A", "B"]
    assert result.escapes == 1


@pytest.mark.parametrize("text", ["${", "${1BAD}", "${A:x}", "${A B}"])
def test_invalid_syntax(text: str) -> None:
    with pytest.raises(InterpolationError, match="invalid interpolation format"):
        interpolate(text, None)


def test_required_variable() -> None:
    with pytest.raises(
        InterpolationError, match="required variable TAG is missing a value: set it"
    ):
        interpolate("${TAG:?set it}", ENV.get)
    with pytest.raises(InterpolationError, match="required variable EMPTY"):
        interpolate("${EMPTY:?}", ENV.get)
    assert interpolate("${EMPTY?x}", ENV.get).text == ""


def test_env_file_and_precedence() -> None:
    values = read_env_file(
        "# comment\nexport A=1\nB='two words'\nC=\"q\"\nD=x # note\nnot a line\n"
    )
    assert values == {"A": "1", "B": "two words", "C": "q", "D": "x"}
    lookup = make_lookup(values, {"A": "shell"})
    assert lookup("A") == "shell" and lookup("B") == "two words" and lookup("Z") is None
