"""Tag and exclude regexes: the ones Python's `re` compiles in RE2's stead mean exactly
what RE2 makes of them (valid or not, and what each one matches)."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
import re2

from cslint.codeship.tags import as_python, compile_re2, matches

# Pieces of patterns, one or several characters each: in the subset and out of it.
PIECES = ["a", "b", "-", ".", "^", "$", "|", "(", ")", "(?:", "*", "+", "?", "[a-b]", "[^a]",
          "\\.", "\\d", "[", "]", "\\", "{1}", "\\s"]  # fmt: skip
# Names to search: empty, plain, with a dot, a digit, a newline (RE2's `$` is not Python's),
# a vertical tab, and beyond ASCII.
NAMES = ["", "a", "b", "ab", "ba", "aab", "a.b", "a-b", "a1", "1", "a\n", "\na", "a\x0b",
         "é", "aé", "-", ".", "master", "release/1.2"]  # fmt: skip


def _re2(pattern: str) -> object | None:
    options = re2.Options()
    options.log_errors = False
    try:
        return re2.compile(pattern, options)
    except re2.error:
        return None


def _agree(pattern: str) -> None:
    translated = as_python(pattern)
    if translated is None:
        return
    by_re2 = _re2(pattern)
    assert by_re2 is not None, f"{pattern!r} is taken as valid, RE2 refuses it"
    ours = re.compile(translated, re.ASCII)
    for name in NAMES:
        want = by_re2.search(name) is not None  # type: ignore[attr-defined]
        assert (ours.search(name) is not None) == want, (pattern, translated, name)


def test_every_short_pattern_means_what_rre2_makes_of_it() -> None:
    taken = 0
    for size in range(1, 5):
        for pieces in itertools.product(PIECES, repeat=size):
            pattern = "".join(pieces)
            _agree(pattern)
            taken += as_python(pattern) is not None
    assert taken > 10_000  # the subset is not empty by mistake


@pytest.mark.parametrize(
    "pattern",
    ["^(master|main)$", "^release/.*", "^v[0-9]+\\.[0-9]+\\.[0-9]+$", "^(feature|bugfix)/",
     "^[A-Za-z0-9_-]+$", "^(?:dev|staging)$", "[a-]", "[-a]", "^$", "", "^\\d+(\\.\\d+)*$"],
)  # fmt: skip
def test_usual_tags_are_read_without_re2(pattern: str) -> None:
    assert as_python(pattern) is not None
    _agree(pattern)


@pytest.mark.parametrize(
    "pattern",
    ["a**", "a*+", "(?i)master", "a{2}", "\\s", "\\b", "(?P<x>a)", "[]a]", "[a-Z]", "[z-a]",
     "[[:alpha:]]", "(a", "a)", "^*", "\\pL", "\\Qa.b\\E", "[a--b]", "é"],
)  # fmt: skip
def test_the_rest_goes_to_re2(pattern: str) -> None:
    assert as_python(pattern) is None
    compiled, reason = compile_re2(pattern)
    assert (compiled is None) == (_re2(pattern) is None)
    assert (reason is None) == (compiled is not None)


def test_the_corpus_tags_agree() -> None:
    """Every `tag` and `exclude` value of the real steps files."""
    from cslint.parsers import yamldoc

    corpus = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "codeship"
    if not corpus.is_dir():
        corpus = Path("/work/shared/corpus/codeship")
    values: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("tag", "exclude") and isinstance(value, str):
                    values.add(value)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for path in sorted(corpus.glob("*steps*")):
        try:
            walk(yamldoc.parse(path.read_text(encoding="utf-8")).data)
        except (yamldoc.YamlSyntaxError, UnicodeDecodeError):
            continue
    assert len(values) >= 10, values
    for value in values:
        _agree(value)
        for name in (*NAMES, value):
            by_re2 = _re2(value)
            if by_re2 is not None and ("^" in value or "$" in value):
                assert matches(value, name) == (by_re2.search(name) is not None)  # type: ignore[attr-defined]
