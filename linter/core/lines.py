"""Line ends. Every part of cslint sees text with `\\n` line ends only, so a line number
means the same line to the YAML parser, the rules and the reporters; a file's own line
ends (LF, CRLF, CR, or a mix) are kept when a fix or a conversion writes it back.

YAML counts CR, LF and CRLF as line breaks (and YAML 1.1 also NEL, U+2028, U+2029);
Dockerfiles are split on LF by BuildKit, which then strips a trailing CR.
"""

from __future__ import annotations

import bisect

from cslint.core.lazyre import lazy

_BREAK = lazy(r"\r\n|\r|\n")
_YAML_BREAK = lazy(r"\r\n|[\r\n\x85\u2028\u2029]")


def normalize(text: str, *, yaml: bool) -> str:
    """`text` with every line break written as `\\n`."""
    pattern = _YAML_BREAK if yaml else _BREAK
    if yaml and not any(c in text for c in "\r\x85\u2028\u2029"):
        return text
    if not yaml and "\r" not in text:
        return text
    return pattern.sub("\n", text)


def split(text: str) -> list[str]:
    """Lines of normalized text (`str.splitlines` also splits on form feeds and other
    characters that are no line break to YAML or Docker)."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


class LineMap:
    """Positions of normalized text -> offsets in the original text, whose line breaks
    may be CRLF, CR or a mix; and the break each line ends with."""

    def __init__(self, original: str, *, yaml: bool) -> None:
        pattern = _YAML_BREAK if yaml else _BREAK
        self.text = original
        self.starts = [0]
        self.breaks: list[str] = []
        for match in pattern.finditer(original):
            self.breaks.append(match.group())
            self.starts.append(match.end())

    def offset(self, line: int, col: int) -> int:
        """1-based line and column (code points) -> offset into the original, clamped to
        the end of that line (or of the text)."""
        if line < 1:
            return 0
        if line > len(self.starts):
            return len(self.text)
        start = self.starts[line - 1]
        if line > len(self.breaks):  # the last line, without a break
            return min(start + max(col - 1, 0), len(self.text))
        next_start = self.starts[line]
        content = next_start - len(self.breaks[line - 1]) - start
        k = max(col - 1, 0)
        # Past the end of the line's text is past its break, whatever its width.
        return start + k if k <= content else next_start

    def newline(self) -> str:
        """The file's dominant line break (LF when it has none)."""
        if not self.breaks:
            return "\n"
        counts: dict[str, int] = {}
        for brk in self.breaks:
            counts[brk] = counts.get(brk, 0) + 1
        return max(counts, key=lambda b: counts[b])

    def break_at(self, offset: int) -> str:
        """The line break of the line that holds `offset`."""
        i = bisect.bisect_right(self.starts, offset) - 1
        return self.breaks[i] if i < len(self.breaks) else self.newline()
