"""The one way a conversion fails: bad input, reported at a file position (exit 2)."""

from __future__ import annotations

from cslint.core.diagnostics import Span


class ConvertError(Exception):
    """The input cannot be converted; `path:line:col: message` says where and why."""

    def __init__(self, path: str, span: Span, message: str) -> None:
        super().__init__(f"{path}:{span.line}:{span.col}: {message}")
        self.path = path
        self.span = span
        self.message = message
