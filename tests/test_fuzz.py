"""Mutated real files never crash cslint: every outcome is findings or a clear refusal.

Seeded, so a failure reproduces; bounded, so the suite stays fast. The same mutations,
run by the thousand, found the crashes these tests now guard against."""

from __future__ import annotations

import random
from pathlib import Path

from cslint.convert.convert import convert
from cslint.convert.errors import ConvertError
from cslint.core.engine import lint_text

TOKENS = [
    "- ", ": ", "{", "}", "[", "]", "&a", "*a", "<<: *a", "!!str ", "yes", "~", '"', "'", "|",
    ">", "{{ .Branch }}", "\t", "^(a|b)$", "sh -c", "$HOME", "..", "/abs", ":ro", "123", "true",
    "[1, 2]", "{a: 1}", "build:", "image:", "steps:", "type: parallel", "services:",
    "- service: x", "${VAR:-x}", "$$", "extends: web", "depends_on: {db: {condition: x}}",
    "volumes: [data:/x]", "command: [a, 'b c']", "environment: [A=1]", "true:",
]  # fmt: skip


def mutate(rng: random.Random, text: str) -> str:
    lines = text.splitlines() or [""]
    for _ in range(rng.randint(1, 4)):
        if not lines:
            lines = [""]
        i = rng.randrange(len(lines))
        op = rng.randrange(6)
        if op == 0:
            del lines[i]
        elif op == 1:
            lines.insert(i, lines[rng.randrange(len(lines))])
        elif op == 2:
            lines[i] = " " * rng.randint(0, 6) + lines[i].lstrip()
        elif op == 3:
            j = rng.randint(0, len(lines[i]))
            lines[i] = lines[i][:j] + rng.choice(TOKENS) + lines[i][j:]
        elif op == 4:
            lines[i] = lines[i].split(":")[0] + ": " + rng.choice(TOKENS)
        else:
            lines.insert(i, rng.choice(TOKENS))
    return "\n".join(lines) + "\n"


def _texts(folder: Path, *words: str) -> list[str]:
    return [
        p.read_text(encoding="utf-8", errors="replace")
        for p in sorted(folder.iterdir())
        if p.is_file() and any(w in p.name for w in words)
    ]


def test_check_survives_mutated_codeship_files(corpus: Path) -> None:
    rng = random.Random(20261130)
    services = _texts(corpus / "codeship", "services", "compose")
    steps = _texts(corpus / "codeship", "steps")
    for _ in range(400):
        service, step = rng.choice(services), rng.choice(steps)
        if rng.random() < 0.5:
            name, text, others = (
                "codeship-services.yml",
                mutate(rng, service),
                {"codeship-steps.yml": step},
            )
        else:
            name, text, others = (
                "codeship-steps.yml",
                mutate(rng, step),
                {"codeship-services.yml": service},
            )
        others["Dockerfile"] = "FROM busybox:1.36\nRUN echo hi\n"
        lint_text(text, name, files=others)  # a RuleCrash here fails the test


def test_convert_survives_mutated_compose_files(corpus: Path, tmp_path: Path) -> None:
    rng = random.Random(20261130)
    sources = _texts(corpus / "compose", "")
    path = tmp_path / "docker-compose.yml"
    converted = 0
    for _ in range(150):
        path.write_text(mutate(rng, rng.choice(sources)), encoding="utf-8")
        try:
            convert([str(path)], display_root=str(tmp_path), with_steps=True)
            converted += 1
        except ConvertError:
            pass  # a refusal with a position is a fine outcome for broken input
    assert converted > 0
