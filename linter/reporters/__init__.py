"""Output formats. Each module has `render(results, options) -> str`; the CLI writes it.

Reporters are the only place positions leave cslint's model (1-based, code points): the
JSON (LSP) reporter converts to 0-based UTF-16, SARIF and GitHub stay 1-based.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from cslint.core.engine import FileResult

FORMATS = ("text", "json", "sarif", "github")


class RenderOptions:
    """How a reporter renders: colour, source excerpts, rule links."""

    __slots__ = ("color", "docs_url", "show_source")

    color: Final[bool]
    show_source: Final[bool]
    # The rule-page link template (`{code}`), or None: then no format emits a link.
    docs_url: Final[str | None]

    def __init__(
        self, color: bool = False, show_source: bool = True, docs_url: str | None = None
    ) -> None:
        self.color = color
        self.show_source = show_source
        self.docs_url = docs_url


def renderer(name: str) -> Callable[[Sequence[FileResult], RenderOptions], str]:
    if name not in FORMATS:
        raise ValueError(f"unknown format {name!r}; expected one of {', '.join(FORMATS)}")
    module = importlib.import_module(f"cslint.reporters.{name}_format")
    render: Callable[[Sequence[FileResult], RenderOptions], str] = module.render
    return render


def utf16_column(line_text: str, col: int) -> int:
    """A 1-based code-point column -> a 0-based UTF-16 code-unit offset (LSP's default)."""
    extra = max(col - 1 - len(line_text), 0)  # a column past the end (an insertion point)
    if line_text.isascii():  # the common case, without copying a long line per finding
        return min(max(col - 1, 0), len(line_text)) + extra
    prefix = line_text[: max(col - 1, 0)]
    return len(prefix.encode("utf-16-le")) // 2 + extra
