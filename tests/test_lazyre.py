"""A LazyPattern is its regex: the same answers as `re.compile`, compiled once, on use."""

from __future__ import annotations

import re

from cslint.core.lazyre import lazy


def test_a_lazy_pattern_answers_as_the_compiled_one() -> None:
    source, flags = r"(?P<word>[a-z]+)(\d*)", re.IGNORECASE
    pattern, real = lazy(source, flags), re.compile(source, flags)
    assert pattern.pattern == source and pattern.flags == flags
    text = "Abc12 def ghi3 !"
    for pos, endpos in ((0, len(text)), (4, 9), (6, 100)):
        for method in ("search", "match", "fullmatch"):
            got, want = (
                getattr(pattern, method)(text, pos, endpos),
                getattr(real, method)(text, pos, endpos),
            )
            assert (got and got.span(), got and got.groups()) == (
                want and want.span(),
                want and want.groups(),
            )
        assert [m.span() for m in pattern.finditer(text, pos, endpos)] == [
            m.span() for m in real.finditer(text, pos, endpos)
        ]
    assert pattern.sub("<\\g<word>>", text) == real.sub("<\\g<word>>", text)
    assert pattern.sub(lambda m: m.group(1).upper(), text, count=1) == real.sub(
        lambda m: m.group(1).upper(), text, count=1
    )


def test_it_compiles_once_and_only_when_used() -> None:
    pattern = lazy(r"x+")
    assert pattern._compiled is None  # what "lazy" means
    assert pattern.search("axx") is not None
    first = pattern.compiled
    assert pattern.match("xy") is not None and pattern.compiled is first
