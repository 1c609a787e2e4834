from __future__ import annotations

import pytest

from cslint.core.diagnostics import Span
from cslint.parsers import yamldoc


def test_every_key_and_value_has_a_position() -> None:
    doc = yamldoc.parse("app:\n  image: busybox\n  environment:\n    - A=1\n")
    assert doc.index[("app",)].key == Span(1, 1, 1, 4)
    assert doc.index[("app", "image")].key == Span(2, 3, 2, 8)
    assert doc.index[("app", "image")].value == Span(2, 10, 2, 17)
    assert doc.index[("app", "environment", 0)].key is None
    assert doc.index[("app", "environment", 0)].value == Span(4, 7, 4, 10)
    assert doc.data == {"app": {"image": "busybox", "environment": ["A=1"]}}


def test_merged_keys_point_at_the_anchor_and_remember_the_merge() -> None:
    text = "base: &b\n  image: busybox\n  cached: true\napp:\n  <<: *b\n  cached: false\n"
    doc = yamldoc.parse(text)
    assert doc.data["app"] == {"cached": False, "image": "busybox"}
    merged = doc.index[("app", "image")]
    assert merged.key == Span(2, 3, 2, 8)  # in the anchored mapping
    assert merged.via_merge == Span(5, 3, 5, 5)  # the `<<` key
    assert doc.index[("app", "cached")].via_merge is None
    assert doc.duplicates == []


def test_merge_of_a_list_of_anchors_first_wins() -> None:
    doc = yamldoc.parse("a: &a {x: 1}\nb: &b {x: 2, y: 3}\nc:\n  <<: [*a, *b]\n")
    assert doc.data["c"] == {"x": 1, "y": 3}


def test_duplicate_keys_keep_both_positions() -> None:
    doc = yamldoc.parse("app:\n  image: a\n  image: b\n")
    (dup,) = doc.duplicates
    assert (dup.mapping, dup.key, dup.first.line, dup.second.line) == (("app",), "image", 2, 3)
    assert doc.data["app"]["image"] == "a"


def test_yaml_1_1_scalars_as_go_yaml_v2_reads_them() -> None:
    doc = yamldoc.parse("a: yes\nb: off\nc: 0777\nd: 22:22\ne: 9.6\nf: '9.6'\ng: ~\n")
    assert doc.data == {"a": True, "b": False, "c": 511, "d": 1342, "e": 9.6, "f": "9.6", "g": None}
    assert doc.index[("a",)].raw == "yes"
    assert doc.index[("a",)].tag == "bool"
    assert doc.index[("f",)].style == "'"


def test_keys_are_their_text() -> None:
    doc = yamldoc.parse("1: a\ntrue: b\n")
    assert list(doc.data) == ["1", "true"]


def test_syntax_error_position() -> None:
    with pytest.raises(yamldoc.YamlSyntaxError) as info:
        yamldoc.parse("app:\n  image: a\n command: b\n")
    assert info.value.span.line == 3
    assert "invalid YAML" in info.value.message


def test_tab_indentation_is_a_syntax_error() -> None:
    with pytest.raises(yamldoc.YamlSyntaxError):
        yamldoc.parse("app:\n\timage: a\n")


def test_two_documents_is_a_syntax_error() -> None:
    with pytest.raises(yamldoc.YamlSyntaxError) as info:
        yamldoc.parse("a: 1\n---\nb: 2\n")
    assert info.value.span.line == 2


def test_recursive_alias_does_not_loop() -> None:
    doc = yamldoc.parse("a: &x [1, *x]\n")
    assert doc.data["a"][0] == 1


def test_empty_and_comment_only() -> None:
    assert yamldoc.parse("").data is None
    assert yamldoc.parse("# nothing\n").data is None


def test_block_scalar_span_stays_on_its_lines_and_hides_hashes() -> None:
    text = "a: |\n  # not a comment\n  x\nb: 1\n"
    doc = yamldoc.parse(text)
    assert doc.index[("a",)].value == Span(1, 4, 3, 4)
    assert doc.in_scalar(text.index("# not"))
    assert not doc.in_scalar(text.index(": 1"))


def test_crlf_and_unicode_columns() -> None:
    doc = yamldoc.parse("é: 1\r\nb: 😀x\r\n")
    assert doc.index[("b",)].value == Span(2, 4, 2, 6)


def test_json_is_yaml() -> None:
    doc = yamldoc.parse('[{"service": "app", "command": "true"}]')
    assert doc.data == [{"service": "app", "command": "true"}]
    assert doc.index[(0, "service")].key == Span(1, 3, 1, 12)
