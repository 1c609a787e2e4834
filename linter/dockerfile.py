"""Dockerfiles as a list of instructions with line spans, parsed by BuildKit's own parser.

The `dockerfile` package wraps moby/buildkit's Go parser, so directives, continuations,
heredocs and the escape character behave exactly as in `docker build`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cslint.diagnostics import Span
from cslint.rule import ParseProblem


@dataclass(frozen=True, slots=True)
class Heredoc:
    name: str
    content: str


@dataclass(frozen=True, slots=True)
class Instruction:
    cmd: str  # upper case: "FROM", "RUN", ...
    args: tuple[str, ...]  # the parser's values (JSON form: the list items)
    flags: tuple[str, ...]  # "--from=build", "--chown=1:1", ...
    json: bool  # exec (JSON) form
    original: str  # the instruction as one line, continuations joined
    span: Span
    heredocs: tuple[Heredoc, ...] = ()

    def flag(self, name: str) -> str | None:
        """The value of `--name=value`, or None."""
        prefix = f"--{name}="
        for item in self.flags:
            if item.lower().startswith(prefix):
                return item[len(prefix) :]
        return None


@dataclass
class DockerfileDocument:
    text: str
    lines: list[str]
    instructions: list[Instruction] = field(default_factory=list)


def parse(text: str) -> tuple[DockerfileDocument | None, tuple[ParseProblem, ...]]:
    """Parse a Dockerfile. Returns the document (None when nothing could be parsed) and the
    syntax problems found."""
    import dockerfile as buildkit

    lines = text.splitlines()
    try:
        commands = buildkit.parse_string(text)
    except buildkit.GoParseError as exc:
        return None, (ParseProblem(f"Dockerfile syntax error: {exc}", Span.point(1, 1)),)
    doc = DockerfileDocument(text=text, lines=lines)
    for command in commands:
        if command.cmd is None:
            continue
        end_line = min(command.end_line, len(lines)) or 1
        end_col = len(lines[end_line - 1]) + 1 if lines else 1
        doc.instructions.append(
            Instruction(
                cmd=command.cmd.upper(),
                args=tuple(command.value),
                flags=tuple(command.flags),
                json=command.json,
                original=command.original,
                span=Span(command.start_line, 1, end_line, end_col),
                heredocs=tuple(Heredoc(h.name, h.content) for h in command.heredocs),
            )
        )
    return doc, ()
