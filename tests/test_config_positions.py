"""Every config error at file:line:col, TOML included; unknown keys get "did you mean"."""

from __future__ import annotations

from pathlib import Path

import pytest

from cslint.core.config import ConfigError, load_config


def error_of(path: Path) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        load_config(str(path))
    return caught.value


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ('[tool.cslint]\nselect = ["CS0"\n', "2:16", "invalid TOML: Unclosed array"),
        ("[tool.cslint]\nselect = 3 3\n", "2:12", "invalid TOML:"),
        (
            '[project]\nname = "x"\n\n[tool.cslint]\nselct = ["CS1"]\n',
            "5:1",
            "did you mean 'select'?",
        ),
        ('[tool.cslint]\n  fail-on = "often"\n', "2:3", "'fail-on' must be one of"),
        ('[tool.cslint]\nignore = ["CS999"]\n', "2:1", "'CS999' names no rule"),
        (
            '[tool.cslint]\n\n[tool.cslint.severity]\nCS001 = "loud"\n',
            "4:1",
            "unknown severity 'loud'",
        ),
        ('[tool.cslint]\nseverity = {CS001 = "loud"}\n', "2:1", "unknown severity 'loud'"),
        ("[tool.cslint.rules.CS999]\nx = 1\n", "1:1", "'CS999' names no rule"),
    ],
)
def test_toml_errors_have_positions(tmp_path: Path, text: str, where: str, message: str) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(text)
    error = error_of(path)
    assert error.span is not None, str(error)
    assert f"{error.span.line}:{error.span.col}" == where, str(error)
    assert message in error.message


def test_yaml_unknown_key_did_you_mean(tmp_path: Path) -> None:
    path = tmp_path / ".cslint.yaml"
    path.write_text("select: [CS0]\nper-file-ignore: {}\n")
    error = error_of(path)
    assert str(error).endswith(
        ".cslint.yaml:2:1: unknown setting 'per-file-ignore'; did you mean 'per-file-ignores'? "
        + "expected one of "
        + error.message.split("expected one of ")[1]
    )
    path.write_text("zzz: 1\n")
    assert "did you mean" not in error_of(path).message


def test_bytes_that_are_not_utf8_have_a_position(tmp_path: Path) -> None:
    path = tmp_path / ".cslint.yaml"
    path.write_bytes(b"select: [CS0]\nignore: [\xff]\n")
    error = error_of(path)
    assert error.span is not None and (error.span.line, error.span.col) == (2, 10)
