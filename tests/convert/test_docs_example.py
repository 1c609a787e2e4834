"""The conversion shown in docs/convert.md is what the converter writes today."""

from __future__ import annotations

import re
from pathlib import Path

from cslint.convert.convert import convert

DOC = Path(__file__).resolve().parents[2] / "docs" / "convert.md"


def test_documented_example_is_current(tmp_path: Path) -> None:
    blocks = re.findall(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)
    compose, services, steps = blocks[0], blocks[1], blocks[2]
    (tmp_path / "docker-compose.yml").write_text(compose, encoding="utf-8")
    result = convert(
        [str(tmp_path / "docker-compose.yml")], display_root=str(tmp_path), with_steps=True
    )
    assert result.text == services
    assert result.steps == steps
