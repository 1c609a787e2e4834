"""Running one case folder of tests/convert/cases the way the command would."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from cslint.convert.convert import Conversion, convert
from cslint.convert.interpolate import make_lookup, read_env_file

CASES = Path(__file__).resolve().parent / "cases"
EXPECTED = ("codeship-services.yml", "codeship-steps.yml", "report.txt")


@dataclass
class Case:
    folder: Path

    @property
    def name(self) -> str:
        return self.folder.name

    def inputs(self) -> list[str]:
        listed = self.folder / "files.txt"
        if listed.is_file():
            return listed.read_text(encoding="utf-8").split()
        for name in ("compose.yaml", "docker-compose.yml"):
            if (self.folder / name).is_file():
                return [name]
        raise AssertionError(f"case {self.name} has no compose file")

    def run(self, folder: Path | None = None) -> Conversion:
        base = folder or self.folder
        env = self.folder / "env.txt"
        lookup = None
        if env.is_file():
            # Only the case's own values: the test must not depend on the shell.
            lookup = make_lookup(read_env_file(env.read_text(encoding="utf-8")), {})
        return convert(
            [str(base / name) for name in self.inputs()],
            lookup=lookup,
            display_root=str(base),
            with_steps=(self.folder / "codeship-steps.yml").is_file(),
        )

    def copy_to(self, target: Path) -> Path:
        """The inputs alone (no expected files), for converting again elsewhere."""
        shutil.copytree(
            self.folder, target, ignore=shutil.ignore_patterns(*EXPECTED, "__pycache__")
        )
        return target

    def project_files(self) -> dict[str, str]:
        """The case's other files, as the in-memory project of `lint_text` (Dockerfiles,
        env files), so that project rules see what a real checkout would hold."""
        files: dict[str, str] = {}
        for path in self.folder.rglob("*"):
            rel = path.relative_to(self.folder).as_posix()
            if path.is_file() and rel not in EXPECTED and not rel.endswith((".yml", ".yaml")):
                files[rel] = path.read_text(encoding="utf-8")
        return files


def report_lines(conversion: Conversion) -> list[str]:
    """`file:line:col: CODE outcome: message`, in file and position order."""
    rows = []
    for n in conversion.notes.items:
        span = n.where.source.span(n.where.path, value=n.at_value)
        key = (n.where.source.display, span.line, span.col, n.code, n.message)
        text = f"{key[0]}:{span.line}:{span.col}: {n.code} {n.outcome.value}: {n.message}"
        rows.append((key, text))
    return [text for _, text in sorted(rows)]


def all_cases() -> list[Case]:
    return [Case(p) for p in sorted(CASES.iterdir()) if p.is_dir()]
