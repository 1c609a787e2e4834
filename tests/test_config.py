from __future__ import annotations

from pathlib import Path

import pytest

from cslint.core.config import ConfigError, find_config, load_config, merge_cli
from cslint.core.diagnostics import Severity
from cslint.core.kinds import FileKind
from cslint.core.registry import enabled_rules, is_selected, resolve_rule


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_defaults_when_no_config(tmp_path: Path) -> None:
    config = load_config(None, start=str(tmp_path))
    assert config.select == () and config.fail_on == "error"


def test_full_yaml_config(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        ".cslint.yaml",
        "select: [CS0]\nignore: [CS003]\nseverity: {CS002: warning}\nfail-on: warning\n"
        "exclude: ['vendor/**']\nper-file-ignores: {'legacy/*.yml': [CS002]}\n",
    )
    config = load_config(path)
    assert config.select == ("CS0",)
    assert config.ignore == ("CS003",)
    assert config.severity == {"CS002": Severity.WARNING}
    assert config.fail_on == "warning"
    assert config.is_excluded(str(tmp_path / "vendor" / "x" / "codeship-steps.yml"))
    assert not config.is_excluded(str(tmp_path / "codeship-steps.yml"))
    assert config.ignores_for(str(tmp_path / "legacy" / "a.yml")) == ("CS002",)


def test_config_found_walking_up(tmp_path: Path) -> None:
    write(tmp_path, ".cslint.yaml", "fail-on: never\n")
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    assert find_config(str(nested)) == str(tmp_path / ".cslint.yaml")
    assert load_config(None, start=str(nested)).fail_on == "never"


def test_pyproject_table(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", '[tool.cslint]\nignore = ["CS006"]\nfail-on = "warning"\n')
    config = load_config(None, start=str(tmp_path))
    assert config.ignore == ("CS006",) and config.fail_on == "warning"


@pytest.mark.parametrize(
    ("text", "line", "col", "words"),
    [
        ("selct: [CS1]\n", 1, 1, "unknown setting 'selct'"),
        ("ignore: [CS999]\n", 1, 10, "names no rule"),
        ("severity:\n  CS002: fatal\n", 2, 3, "unknown severity"),
        ("fail-on: sometimes\n", 1, 1, "'fail-on' must be one of"),
        ("ignore: [CS002\n", 1, 15, "invalid YAML"),
        ("rules:\n  CS002: {depth: 3}\n", 2, 3, "takes no options"),
    ],
)
def test_bad_config_is_reported_at_its_position(
    tmp_path: Path, text: str, line: int, col: int, words: str
) -> None:
    path = write(tmp_path, ".cslint.yaml", text)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert info.value.span is not None
    assert (info.value.span.line, info.value.span.col) == (line, col)
    assert words in info.value.message
    assert str(info.value).startswith(f"{path}:{line}:{col}: ")


def test_hadolint_yaml_ignored_list_is_read(tmp_path: Path) -> None:
    write(tmp_path, ".hadolint.yaml", "ignored:\n  - DL3008\n  - SC2086\n")
    assert load_config(None, start=str(tmp_path)).hadolint_ignored == ("DL3008", "SC2086")


def test_cli_flags_win(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, ".cslint.yaml", "select: [CS0]\nignore: [CS003]\n"))
    merged = merge_cli(config, select=["CS002"], ignore=["CS006"], fail_on="info")
    assert merged.select == ("CS002",)
    assert merged.ignore == ("CS003", "CS006")
    assert merged.fail_on == "info"


def test_more_specific_selector_wins() -> None:
    dup = resolve_rule("CS002")
    assert dup is not None
    assert is_selected(dup, ["CS0"], [])
    assert not is_selected(dup, ["CS0"], ["CS002"])
    assert is_selected(dup, ["CS002"], ["CS0"])
    assert not is_selected(dup, [], ["duplicate-key"])
    assert is_selected(dup, ["duplicate-key"], ["CS"])
    assert dup in enabled_rules(FileKind.SERVICES, [], [])
    assert dup not in enabled_rules(FileKind.DOCKERFILE, [], [])


def test_the_cache_key_names_every_setting() -> None:
    """The result cache keys a run by `repr(config)` (cslint.core.cache.run_key): a setting
    left out of Config's or Limits' repr would replay findings made under other settings.
    The copies `with_hadolint` and `with_rules` keep every setting they are not given."""
    from cslint.core.cache import run_key
    from cslint.core.config import Config
    from cslint.core.limits import Limits

    for made in (Config(), Limits()):
        text = repr(made)
        assert all(f"{name}=" in text for name in type(made).__slots__), text
    limits = Limits(7, 8, 9, 1.5, 11, 12, 13)
    assert repr(limits) == (
        "Limits(max_file_size=7, max_yaml_nodes=8, max_depth=9, shellcheck_timeout=1.5, "
        "shellcheck_memory=11, max_quote=12, excerpt_width=13)"
    )
    config = Config(
        select=("CS1",),
        ignore=("CS2",),
        severity={"CS101": Severity.INFO},
        fail_on="warning",
        exclude=("vendor",),
        per_file_ignores=(("a/*", ("CS3",)),),
        rule_options={"CS349": {"label-schema": {}}},
        hadolint_ignored=("DL3008",),
        limits=limits,
        hadolint_settings={"strict-labels": True},
        hadolint_severity={"CS308": Severity.INFO},
        base_dir="/base",
        source="/base/.cslint.yaml",
        docs_url="https://docs.example/{code}",
    )
    for name in Config.__slots__:
        assert repr(getattr(config, name)) in repr(config), name
    same = config.with_hadolint(
        config.hadolint_ignored, config.hadolint_settings, config.hadolint_severity
    )
    assert repr(same) == repr(config)
    assert repr(config.with_rules(config.select, config.ignore, config.fail_on)) == repr(config)
    assert run_key(config) != run_key(Config()) == run_key(Config())
