"""Dockerfiles as a list of instructions with exact positions, parsed the way BuildKit does.

Two readers cooperate. BuildKit's own Go parser (the `dockerfile` package) is the authority
on structure and values: instruction boundaries, arguments, flags, JSON form, heredoc
bodies, the escape directive. It gives no columns, though, and its errors carry no line.
So a small reader here re-splits the same text into instructions with BuildKit's line
rules (directives, continuations with comments and blank lines inside, heredocs, CRLF)
and keeps, for every instruction, a map from offsets in its joined text back to
line:column in the file. Rules then report at the exact word, and a Go error is located
by re-parsing instruction by instruction.
"""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING, Any, Final

from cslint.core.diagnostics import Span
from cslint.core.lazyre import lazy
from cslint.core.rule import ParseProblem

if TYPE_CHECKING:
    from cslint.parsers.shell import Script

KNOWN_INSTRUCTIONS = frozenset(
    {
        "ADD",
        "ARG",
        "CMD",
        "COPY",
        "ENTRYPOINT",
        "ENV",
        "EXPOSE",
        "FROM",
        "HEALTHCHECK",
        "LABEL",
        "MAINTAINER",
        "ONBUILD",
        "RUN",
        "SHELL",
        "STOPSIGNAL",
        "USER",
        "VOLUME",
        "WORKDIR",
    }
)
HEREDOC_INSTRUCTIONS = frozenset({"RUN", "COPY", "ADD"})
# Instructions whose arguments may be a JSON array (BuildKit's parseMaybeJSON family).
JSON_INSTRUCTIONS = frozenset({"RUN", "CMD", "ENTRYPOINT", "SHELL", "COPY", "ADD", "VOLUME"})
NON_POSIX_SHELLS = ("pwsh", "powershell", "cmd")
_WINDOWS_IMAGES = ("windows", "nanoserver", "servercore")

_DIRECTIVE = re.compile(r"^#[ \t]*([a-zA-Z][a-zA-Z0-9]*)[ \t]*=[ \t]*(.*?)[ \t]*$")
_HEREDOC = lazy(r"(?<![<\w])\d*<<(-?)([\"']?)([A-Za-z0-9_.\-]+)\2")


class SourceMap:
    """Offsets in a joined text -> positions in the file. Each anchor says: the text from
    this offset on sits at (line, col) and runs on that line until the next anchor."""

    __slots__ = ("_base", "_cols", "_lines", "_offsets")

    def __init__(self, anchors: list[tuple[int, int, int]], base: int = 0) -> None:
        self._offsets = [a[0] for a in anchors]
        self._lines = [a[1] for a in anchors]
        self._cols = [a[2] for a in anchors]
        self._base = base

    def position(self, offset: int) -> tuple[int, int]:
        offset += self._base
        index = max(bisect.bisect_right(self._offsets, offset) - 1, 0)
        return self._lines[index], self._cols[index] + offset - self._offsets[index]

    def span(self, start: int, end: int) -> Span:
        line, col = self.position(start)
        end_line, end_col = self.position(max(end - 1, start))
        return Span(line, col, end_line, end_col + 1)

    def shifted(self, by: int) -> SourceMap:
        """The same map for the text that starts `by` characters into this one."""
        anchors = list(zip(self._offsets, self._lines, self._cols, strict=True))
        return SourceMap(anchors, self._base + by)


class Heredoc:
    """A here-document of an instruction (`<<EOF`): its body and where it starts."""

    __slots__ = ("body_line", "chomp", "content", "name")

    name: Final[str]
    content: Final[str]
    chomp: Final[bool]  # `<<-`: leading tabs are stripped
    body_line: Final[int]  # the file line of the body's first line

    def __init__(self, name: str, content: str, chomp: bool = False, body_line: int = 0) -> None:
        self.name = name
        self.content = content
        self.chomp = chomp
        self.body_line = body_line

    def source_map(self) -> SourceMap:
        anchors = []
        offset = 0
        for number, line in enumerate(self.content.split("\n")):
            anchors.append((offset, self.body_line + number, 1))
            offset += len(line) + 1
        return SourceMap(anchors or [(0, self.body_line, 1)])


class Instruction:
    """One Dockerfile instruction as BuildKit's parser reads it, with its place."""

    __slots__ = (
        "args",
        "cmd",
        "flags",
        "heredocs",
        "json",
        "keyword_span",
        "original",
        "rest_offset",
        "source_map",
        "span",
        "sub",
        "text",
    )

    cmd: Final[str]  # upper case: "FROM", "RUN", ...
    args: Final[tuple[str, ...]]  # the parser's values (JSON form: the list items)
    flags: Final[tuple[str, ...]]  # "--from=build", "--chown=1:1", ...
    json: Final[bool]  # exec (JSON) form
    original: Final[str]  # the instruction as one line, continuations joined
    span: Final[Span]
    heredocs: Final[tuple[Heredoc, ...]]
    keyword_span: Final[Span | None]
    text: Final[str]  # keyword and arguments, continuations joined, without heredoc bodies
    source_map: Final[SourceMap | None]
    rest_offset: Final[int]  # where the arguments (after keyword and flags) start in `text`
    sub: Final[Instruction | None]  # ONBUILD's trigger instruction

    def __init__(
        self,
        cmd: str,
        args: tuple[str, ...],
        flags: tuple[str, ...],
        json: bool,
        original: str,
        span: Span,
        heredocs: tuple[Heredoc, ...] = (),
        keyword_span: Span | None = None,
        text: str = "",
        source_map: SourceMap | None = None,
        rest_offset: int = 0,
        sub: Instruction | None = None,
    ) -> None:
        self.cmd = cmd
        self.args = args
        self.flags = flags
        self.json = json
        self.original = original
        self.span = span
        self.heredocs = heredocs
        self.keyword_span = keyword_span
        self.text = text
        self.source_map = source_map
        self.rest_offset = rest_offset
        self.sub = sub

    def flag(self, name: str) -> str | None:
        """The value of `--name=value`, or None."""
        prefix = f"--{name}="
        for item in self.flags:
            if item.lower().startswith(prefix):
                return item[len(prefix) :]
        return None

    @property
    def rest(self) -> str:
        """The arguments as written (after keyword and flags), continuations joined."""
        return self.text[self.rest_offset :]

    def span_of(self, start: int, end: int) -> Span:
        """The file span of `text[start:end]`."""
        if self.source_map is None:
            return self.span
        return self.source_map.span(start, end)

    def find(self, needle: str, start: int = 0, *, word: bool = True) -> Span | None:
        """The span of the first `needle` in `text` from `start` (as a whole word)."""
        index = _find_word(self.text, needle, start) if word else self.text.find(needle, start)
        if index < 0:
            return None
        return self.span_of(index, index + len(needle))

    def find_or_keyword(self, needle: str, start: int = 0) -> Span:
        return self.find(needle, start) or self.keyword_span or self.span

    def rest_span(self) -> Span:
        """The span of the arguments, for findings about them as a whole."""
        stripped = self.rest.rstrip()
        if not stripped:
            return self.keyword_span or self.span
        return self.span_of(self.rest_offset, self.rest_offset + len(stripped))


def _find_word(text: str, needle: str, start: int) -> int:
    pattern = re.compile(r"(?<![\w\-./])" + re.escape(needle) + r"(?![\w\-])")
    match = pattern.search(text, start)
    return match.start() if match else -1


class Stage:
    """One build stage: a FROM and the instructions up to the next FROM."""

    __slots__ = ("from_", "image", "index", "instructions", "name")

    index: int
    from_: Instruction
    image: str  # as written, variables unexpanded
    name: str | None  # the `AS name`, lower-cased as BuildKit does
    instructions: list[Instruction]

    def __init__(
        self,
        index: int,
        from_: Instruction,
        image: str,
        name: str | None,
        instructions: list[Instruction] | None = None,
    ) -> None:
        self.index = index
        self.from_ = from_
        self.image = image
        self.name = name
        self.instructions = [] if instructions is None else instructions

    @property
    def name_span(self) -> Span:
        if self.name is None:
            return self.from_.keyword_span or self.from_.span
        return self.from_.find_or_keyword(self.from_.args[-1], self.from_.rest_offset)

    @property
    def image_span(self) -> Span:
        return self.from_.find_or_keyword(self.image, self.from_.rest_offset)


class DockerfileDocument:
    """A parsed Dockerfile: its instructions, parser directives, and the shell scripts of its
    RUNs (parsed on demand)."""

    __slots__ = (
        "_scripts",
        "_shells",
        "_stages",
        "directives",
        "escape",
        "instructions",
        "lines",
        "text",
    )

    text: str
    lines: list[str]
    instructions: list[Instruction]
    directives: dict[str, str]
    escape: str
    _scripts: dict[int, Script | None]
    _shells: dict[int, tuple[str, ...]]
    _stages: list[Stage] | None

    def __init__(
        self,
        text: str,
        lines: list[str],
        instructions: list[Instruction] | None = None,
        directives: dict[str, str] | None = None,
        escape: str = "\\",
    ) -> None:
        self.text = text
        self.lines = lines
        self.instructions = [] if instructions is None else instructions
        self.directives = {} if directives is None else directives
        self.escape = escape
        self._scripts = {}
        self._shells = {}
        self._stages = None

    @property
    def stages(self) -> list[Stage]:
        if self._stages is None:
            self._stages = _build_stages(self.instructions)
        return self._stages

    def final_healthcheck(self) -> bool | None:
        """Whether the final image has a HEALTHCHECK: True, False, or None when it may come
        from the base image (a `healthcheck/*` image). Shared by CS454 and `cslint plan`."""
        if not self.stages:
            return None
        by_name = {s.name: s for s in self.stages if s.name}
        stage = self.stages[-1]
        seen: set[int] = set()
        while stage.index not in seen:
            seen.add(stage.index)
            checks = [i for i in stage.instructions if i.cmd == "HEALTHCHECK"]
            if checks:
                return not (checks[-1].args and checks[-1].args[0].upper() == "NONE")
            parent = by_name.get(stage.image.lower())
            if parent is None:
                return None if stage.image.lower().startswith("healthcheck/") else False
            stage = parent
        return False

    def global_args(self) -> list[Instruction]:
        """ARG instructions before the first FROM."""
        out = []
        for instr in self.instructions:
            if instr.cmd == "FROM":
                break
            if instr.cmd == "ARG":
                out.append(instr)
        return out

    def stage_of(self, instr: Instruction) -> Stage | None:
        for stage in self.stages:
            if instr is stage.from_ or any(i is instr for i in stage.instructions):
                return stage
        return None

    def shell_for(self, instr: Instruction) -> tuple[str, ...]:
        """The SHELL in effect for `instr` (Docker's default on Linux: /bin/sh -c)."""
        if not self._shells:
            current: tuple[str, ...] = ("/bin/sh", "-c")
            for item in self.instructions:
                if item.cmd == "FROM":
                    current = self._default_shell(item)
                elif item.cmd == "SHELL" and item.json and item.args:
                    current = tuple(item.args)
                self._shells[id(item)] = current
        return self._shells.get(id(instr), ("/bin/sh", "-c"))

    def _default_shell(self, from_: Instruction) -> tuple[str, ...]:
        """Docker's default: /bin/sh -c on Linux, cmd /S /C on Windows images. A backtick
        escape is the Windows convention, so it counts as a Windows hint too."""
        image = (from_.args[0] if from_.args else "").lower()
        if self.escape == "`" or any(hint in image for hint in _WINDOWS_IMAGES):
            return ("cmd", "/S", "/C")
        return ("/bin/sh", "-c")

    def is_posix_shell(self, instr: Instruction) -> bool:
        shell = self.shell_for(instr)
        name = shell[0].lower().rsplit("/", 1)[-1].rsplit("\\", 1)[-1] if shell else ""
        return not name.startswith(NON_POSIX_SHELLS)

    def runs(self) -> list[Instruction]:
        """Every shell-form RUN, including the ones in ONBUILD, under a POSIX shell."""
        out = []
        for instr in self.instructions:
            run = instr.sub if instr.cmd == "ONBUILD" else instr
            if run is None or run.cmd != "RUN" or run.json:
                continue
            if self.is_posix_shell(instr):
                out.append(run)
        return out

    def script(self, run: Instruction) -> Script | None:
        """The shell script a RUN executes, parsed once and shared by every rule."""
        key = id(run)
        if key not in self._scripts:
            from cslint.parsers.shell import script_of_run

            self._scripts[key] = script_of_run(run)
        return self._scripts[key]


def _build_stages(instructions: list[Instruction]) -> list[Stage]:
    stages: list[Stage] = []
    for instr in instructions:
        if instr.cmd == "FROM":
            args = instr.args
            image = args[0] if args else ""
            name = args[2].lower() if len(args) >= 3 and args[1].lower() == "as" else None
            stages.append(Stage(len(stages), instr, image, name))
        elif stages:
            stages[-1].instructions.append(instr)
    return stages


# --- the line reader ---------------------------------------------------------------


class _Chunk:
    """One instruction as the line reader sees it."""

    __slots__ = (
        "anchors",
        "end_line",
        "heredocs",
        "keyword",
        "keyword_col",
        "start_line",
        "text",
        "unterminated",
    )

    start_line: int
    end_line: int
    text: str  # joined
    anchors: list[tuple[int, int, int]]
    keyword: str
    keyword_col: int
    heredocs: list[tuple[str, bool, int]]  # name, chomp, line
    unterminated: str | None

    def __init__(
        self,
        start_line: int,
        end_line: int,
        text: str,
        anchors: list[tuple[int, int, int]],
        keyword: str,
        keyword_col: int,
        heredocs: list[tuple[str, bool, int]] | None = None,
        unterminated: str | None = None,
    ) -> None:
        self.start_line = start_line
        self.end_line = end_line
        self.text = text
        self.anchors = anchors
        self.keyword = keyword
        self.keyword_col = keyword_col
        self.heredocs = [] if heredocs is None else heredocs
        self.unterminated = unterminated


def _split_lines(text: str) -> list[str]:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.removesuffix("\r") for line in lines]


def _read_directives(lines: list[str]) -> tuple[dict[str, str], int]:
    directives: dict[str, str] = {}
    index = 0
    while index < len(lines):
        match = _DIRECTIVE.match(lines[index].lstrip("\ufeff"))
        if not match or match.group(1).lower() in directives:
            break
        directives[match.group(1).lower()] = match.group(2)
        index += 1
    return directives, index


def _chunks(lines: list[str], escape: str) -> list[_Chunk]:
    continuation = re.compile(re.escape(escape) + r"[ \t]*$")
    chunks: list[_Chunk] = []
    index = 0
    total = len(lines)
    while index < total:
        raw = lines[index]
        stripped = raw.lstrip(" \t\ufeff")
        index += 1
        if not stripped or stripped.startswith("#"):
            continue
        start_line = index
        col = len(raw) - len(stripped) + 1
        anchors: list[tuple[int, int, int]] = []
        piece, more = _trim_continuation(stripped, continuation)
        anchors.append((0, start_line, col))
        pieces = [piece]  # joined once: `+=` per line is quadratic in a long instruction
        width = len(piece)
        while more and index < total:
            line = lines[index]
            index += 1
            if line.lstrip(" \t").startswith("#"):
                continue
            if not line.strip():
                continue
            piece, more = _trim_continuation(line, continuation)
            anchors.append((width, index, 1))
            pieces.append(piece)
            width += len(piece)
        joined = "".join(pieces)
        keyword = joined.split(None, 1)[0] if joined.split() else ""
        chunk = _Chunk(start_line, index, joined, anchors, keyword, col)
        if keyword.upper() in HEREDOC_INSTRUCTIONS and "<<" in joined:
            for match in _unquoted_heredocs(joined):
                name, chomp = match.group(3), match.group(1) == "-"
                body_line = index + 1
                closed = False
                while index < total:
                    line = lines[index]
                    index += 1
                    if (line.lstrip("\t") if chomp else line) == name:
                        closed = True
                        break
                if not closed:
                    chunk.unterminated = name
                chunk.heredocs.append((name, chomp, body_line))
            chunk.end_line = index
        chunks.append(chunk)
    return chunks


def _unquoted_heredocs(line: str) -> list[re.Match[str]]:
    """Heredoc markers outside quotes: `RUN echo "<<EOF"` has none."""
    out = []
    quote = ""
    index = 0
    while index < len(line):
        char = line[index]
        if quote:
            if char == quote:
                quote = ""
            elif char == "\\" and quote == '"':
                index += 1
        elif char in "'\"":
            quote = char
        elif char == "<":
            match = _HEREDOC.match(line, index)
            if match and (index == 0 or line[index - 1] != "<"):
                out.append(match)
                index = match.end()
                continue
        index += 1
    return out


def _trim_continuation(line: str, continuation: re.Pattern[str]) -> tuple[str, bool]:
    match = continuation.search(line)
    if match is None:
        return line, False
    return line[: match.start()], True


# BuildKit joins an instruction's lines one `+=` at a time, which is quadratic in their
# number: 100,000 continuation lines took over a minute. It skips an empty line inside an
# instruction, so the lines of a long instruction are folded into few physical lines of at
# most _MAX_LINE_CHARS, each folded line left empty in place: BuildKit reads the same
# instruction (same value, original and line numbers) in linear time.
_FOLD_FROM = 64


def _fold_continuations(lines: list[str], chunks: list[_Chunk], escape: str) -> list[str]:
    continuation = re.compile(re.escape(escape) + r"[ \t]*$")
    out = lines
    for chunk in chunks:
        if chunk.end_line - chunk.start_line < _FOLD_FROM or chunk.heredocs:
            continue
        if out is lines:
            out = list(lines)
        # The instruction's own line and its last line stay as they are (BuildKit treats
        # both specially); the lines between are folded into the first of each run.
        head, width = -1, 0
        pieces: list[str] = []
        for i in range(chunk.start_line, chunk.end_line):
            line = out[i]
            stripped = line.lstrip(" \t")
            if not stripped or stripped.startswith("#"):
                continue  # BuildKit skips it inside an instruction; it stays in place
            piece, more = _trim_continuation(line, continuation)
            if not more:
                break
            if head < 0 or width + len(piece) > _MAX_LINE_CHARS:
                if head >= 0:
                    out[head] = "".join(pieces) + escape
                head, pieces, width = i, [piece], len(piece)
                continue
            out[i] = ""
            pieces.append(piece)
            width += len(piece)
        if head >= 0:
            out[head] = "".join(pieces) + escape
    return out


# --- the parse ---------------------------------------------------------------------


# BuildKit reads lines of at most 64 KiB; 16,000 characters stay under it in any UTF-8.
_MAX_LINE_CHARS = 16_000


def parse(text: str) -> tuple[DockerfileDocument | None, tuple[ParseProblem, ...]]:
    """Parse a Dockerfile. Returns the document (None when BuildKit rejects the file) and
    the syntax problems found."""
    import dockerfile as buildkit

    lines = _split_lines(text)
    directives, first = _read_directives(lines)
    escape = directives.get("escape", "\\")
    if escape not in ("\\", "`"):
        line = list(directives).index("escape") + 1
        return None, (
            ParseProblem(
                f"invalid escape character {escape!r}: it must be '\\' or '`'",
                Span.whole_line(line, lines[line - 1]),
            ),
        )
    chunks = _chunks(lines[first:], escape)
    for chunk in chunks:  # the reader started after the directives
        chunk.start_line += first
        chunk.end_line += first
        chunk.anchors = [(o, ln + first, c) for o, ln, c in chunk.anchors]
        chunk.heredocs = [(n, ch, ln + first) for n, ch, ln in chunk.heredocs]
    long_lines = [
        i
        for i, line in enumerate(lines)
        if len(line) > _MAX_LINE_CHARS and len(line.encode("utf-8", "replace")) >= 65536
    ]
    go_lines = lines
    if long_lines:
        # BuildKit's line scanner stops at 64 KiB and reports the whole file as empty,
        # which would hide every other check: parse with such lines cut, and say so.
        go_lines = list(lines)
        for i in long_lines:
            go_lines[i] = go_lines[i][:_MAX_LINE_CHARS]
    go_lines = _fold_continuations(go_lines, chunks, escape)
    go_text = text if go_lines is lines else "\n".join(go_lines) + "\n"
    try:
        commands = buildkit.parse_string(go_text)
    except (buildkit.GoParseError, UnicodeDecodeError) as exc:
        # The binding cannot decode some of BuildKit's error messages (one cuts a multi-byte
        # character in half: `HEALTHCHECK Ġ`): that is a syntax error all the same.
        for chunk in chunks:
            if chunk.unterminated is not None:
                return None, (
                    ParseProblem(
                        f"unterminated heredoc: no line {chunk.unterminated!r} ends the "
                        "heredoc started here",
                        _keyword_span(chunk),
                    ),
                )
        message = str(exc) if isinstance(exc, buildkit.GoParseError) else "BuildKit rejects it"
        return None, (_locate_go_error(message, go_lines, first, chunks),)
    doc = DockerfileDocument(text=text, lines=lines, directives=directives, escape=escape)
    by_line = {chunk.start_line: chunk for chunk in chunks}
    problems: list[ParseProblem] = []
    unknown: list[Instruction] = []
    for command in commands:
        if command.cmd is None:
            continue
        instr = _instruction(command, by_line.get(command.start_line), lines)
        doc.instructions.append(instr)
        if instr.cmd not in KNOWN_INSTRUCTIONS:
            unknown.append(instr)
        else:
            problems.extend(_instruction_problems(instr))
    for i in long_lines:
        problems.append(
            ParseProblem(
                f"line {i + 1} is longer than 64 KiB, more than BuildKit's parser reads; "
                f"cslint checked its first {_MAX_LINE_CHARS} characters",
                Span(i + 1, _MAX_LINE_CHARS + 1, i + 1, len(lines[i]) + 1),
            )
        )
    if unknown:
        # Like a parser, stop at the first: a template or a non-Dockerfile would
        # otherwise give one error per line.
        problems.append(_unknown_instruction(unknown[0], len(unknown) - 1))
    return doc, tuple(sorted(problems, key=lambda p: p.span))


def _keyword_span(chunk: _Chunk) -> Span:
    return Span(
        chunk.start_line,
        chunk.keyword_col,
        chunk.start_line,
        chunk.keyword_col + len(chunk.keyword),
    )


def _instruction(command: Any, chunk: _Chunk | None, lines: list[str]) -> Instruction:
    end_line = min(command.end_line, len(lines)) or 1
    end_col = len(lines[end_line - 1]) + 1 if lines else 1
    span = Span(command.start_line, 1, end_line, end_col)
    heredocs = []
    for number, heredoc in enumerate(command.heredocs):
        chomp, body_line = False, command.start_line + 1
        if chunk is not None and number < len(chunk.heredocs):
            _, chomp, body_line = chunk.heredocs[number]
        heredocs.append(Heredoc(heredoc.name, heredoc.content, chomp, body_line))
    if chunk is None:
        text = command.original.split("\n", 1)[0]
        source_map = SourceMap([(0, command.start_line, 1)])
        keyword_span = Span(command.start_line, 1, command.start_line, len(command.cmd) + 1)
    else:
        text = chunk.text
        source_map = SourceMap(chunk.anchors)
        keyword_span = _keyword_span(chunk)
    rest_offset = _rest_offset(text, len(command.flags))
    sub = None
    if command.sub_cmd:
        sub = _onbuild_trigger(command, text, source_map, span, rest_offset)
    return Instruction(
        cmd=command.cmd.upper(),
        args=tuple(command.value),
        flags=tuple(command.flags),
        json=command.json,
        original=command.original,
        span=span,
        heredocs=tuple(heredocs),
        keyword_span=keyword_span,
        text=text,
        source_map=source_map,
        rest_offset=rest_offset,
        sub=sub,
    )


def _rest_offset(text: str, flag_count: int) -> int:
    """Skip the keyword and `flag_count` leading `--flag` words."""
    match = re.match(r"\s*\S+\s*", text)
    offset = match.end() if match else len(text)
    for _ in range(flag_count):
        match = re.compile(r"--\S+\s*").match(text, offset)
        if match is None:
            break
        offset = match.end()
    return offset


def _onbuild_trigger(
    command: Any, text: str, source_map: SourceMap, span: Span, rest_offset: int
) -> Instruction:
    """ONBUILD RUN x: the trigger as an instruction of its own, positioned in the file."""
    import dockerfile as buildkit

    inner_text = text[rest_offset:]
    try:
        parsed = buildkit.parse_string(inner_text + "\n")
    except buildkit.GoParseError:
        parsed = ()
    inner = parsed[0] if parsed else None
    inner_map = source_map.shifted(rest_offset)
    keyword = inner_text.split(None, 1)[0] if inner_text.split() else command.sub_cmd
    keyword_span = inner_map.span(0, len(keyword))
    flags = tuple(inner.flags) if inner is not None else ()
    return Instruction(
        cmd=command.sub_cmd.upper(),
        args=tuple(inner.value) if inner is not None else tuple(command.value),
        flags=flags,
        json=inner.json if inner is not None else command.json,
        original=inner_text,
        span=span,
        keyword_span=keyword_span,
        text=inner_text,
        source_map=inner_map,
        rest_offset=_rest_offset(inner_text, len(flags)),
    )


def _instruction_problems(instr: Instruction) -> list[ParseProblem]:
    problems = []
    if not instr.text[len(instr.cmd) :].strip():
        problems.append(
            ParseProblem(
                f"{instr.cmd!r} needs at least one argument", instr.keyword_span or instr.span
            )
        )
        return problems
    target = instr.sub or instr
    if target.cmd in JSON_INSTRUCTIONS and not target.json:
        rest = target.rest.strip()
        if _looks_like_json(target.cmd, rest) and not target.heredocs:
            problems.append(
                ParseProblem(
                    f"the arguments of {target.cmd!r} start with '[' but are not a valid JSON "
                    f"array ({_json_reason(rest)}), so Docker runs them as a shell command",
                    target.rest_span(),
                )
            )
        elif target.cmd == "SHELL":
            problems.append(
                ParseProblem(
                    '\'SHELL\' requires a JSON array, e.g. SHELL ["/bin/bash", "-c"]',
                    target.rest_span(),
                )
            )
    return problems


_JSON_START = lazy(r"""^\[\s*(\]|(["'])[^"']*\2\s*(,|\]\s*$))""")


def _looks_like_json(cmd: str, rest: str) -> bool:
    """Whether the author meant a JSON array. In RUN, COPY and ADD a leading `[` is also
    the shell's test command (`RUN [ -f x ] && ...`), so there it takes a quoted first item
    followed by a comma or the closing bracket."""
    if not rest.startswith("["):
        return False
    if cmd in ("RUN", "COPY", "ADD"):
        return bool(_JSON_START.match(rest))
    return True


def _unknown_instruction(instr: Instruction, more: int) -> ParseProblem:
    import difflib  # only a file with a problem pays for it

    close = difflib.get_close_matches(instr.cmd, sorted(KNOWN_INSTRUCTIONS), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    also = f" ({more} more unknown instructions follow)" if more else ""
    return ParseProblem(
        f"unknown instruction {instr.cmd!r}{hint}{also}", instr.keyword_span or instr.span
    )


def _json_reason(rest: str) -> str:
    import json  # only a file with a problem pays for it

    try:
        value = json.loads(rest)
    except json.JSONDecodeError as exc:
        if "'" in rest and '"' not in rest:
            return "JSON strings need double quotes"
        return exc.msg.lower()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return "every item must be a string"
    return "not a flat list of strings"


def _locate_go_error(
    message: str, lines: list[str], first: int, chunks: list[_Chunk]
) -> ParseProblem:
    """BuildKit's errors carry no line: re-parse instruction by instruction to find it."""
    import dockerfile as buildkit

    if message == "file with no instructions":
        return ParseProblem("the Dockerfile has no instructions", Span.point(1, 1))
    header = "\n".join(lines[:first])
    for chunk in chunks:
        body = "\n".join(lines[chunk.start_line - 1 : chunk.end_line])
        try:
            buildkit.parse_string(f"{header}\n{body}\n" if header else body + "\n")
        except buildkit.GoParseError as exc:
            return ParseProblem(f"Dockerfile syntax error: {exc}", _keyword_span(chunk))
        except UnicodeDecodeError:
            return ParseProblem(
                f"Dockerfile syntax error: BuildKit rejects this {chunk.keyword.upper()}",
                _keyword_span(chunk),
            )
    return ParseProblem(f"Dockerfile syntax error: {message}", Span.point(1, 1))
