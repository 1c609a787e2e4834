"""Bad input is refused with the file, line and column of the problem, and nothing else
happens: the library raises ConvertError (the command turns it into exit 2)."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from cslint.convert.convert import convert
from cslint.convert.errors import ConvertError
from cslint.convert.interpolate import make_lookup


def _refusal(tmp_path: Path, files: dict[str, str], *, interpolate: bool = False) -> str:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    lookup = make_lookup({}, {}) if interpolate else None
    with pytest.raises(ConvertError) as info:
        convert([str(tmp_path / "docker-compose.yml")], lookup=lookup, display_root=str(tmp_path))
    exc = info.value
    return f"{exc.path}:{exc.span.line}:{exc.span.col}: {exc.message}"


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {"docker-compose.yml": "services:\n  a: {image: x\n"},
            "docker-compose.yml:2:15: invalid YAML",
        ),
        ({"docker-compose.yml": ""}, "docker-compose.yml:1:1: the file is empty"),
        (
            {"docker-compose.yml": "web:\n  image: x\ntrue:\n  image: y\n"},
            "docker-compose.yml:3:1: a service name must be text",
        ),
        ({"docker-compose.yml": "just text\n"}, "docker-compose.yml:1:1: not a compose file"),
        (
            {"docker-compose.yml": "version: '3'\nfoo: {}\n"},
            "docker-compose.yml:1:1: not a compose file",
        ),
        ({"docker-compose.yml": "services: [a]\n"}, "docker-compose.yml:1:11: 'services' must be"),
        (
            {"docker-compose.yml": "services:\n  a: nginx\n"},
            "docker-compose.yml:2:6: service 'a' must be",
        ),
        (
            {"docker-compose.yml": "services:\n  a:\n    environment: [A=1]\n"},
            "docker-compose.yml:2:3: service 'a' has neither 'image' nor 'build'",
        ),
        (
            {"docker-compose.yml": "services:\n  a:\n    image: x\n    depends_on: [b]\n"},
            "docker-compose.yml:4:18: service 'a' depends on 'b', which no file defines",
        ),
        (
            {
                "docker-compose.yml": "services:\n  a:\n    image: x\n    depends_on: [b]\n"
                "  b:\n    image: x\n    links: [a]\n"
            },
            "docker-compose.yml:7:13: services depend on each other in a cycle: a -> b -> a",
        ),
        (
            {"docker-compose.yml": "services:\n  a:\n    extends: b\n  b:\n    extends: a\n"},
            "docker-compose.yml:3:5: 'extends' forms a cycle: a -> b -> a",
        ),
        (
            {"docker-compose.yml": "services:\n  a:\n    extends:\n      service: nope\n"},
            "docker-compose.yml:4:16: 'extends' names service 'nope', which docker-compose.yml",
        ),
        (
            {
                "docker-compose.yml": "services:\n  a:\n    extends:\n      file: x.yml\n      service: b\n"
            },
            "docker-compose.yml:4:13: 'extends' file 'x.yml' does not exist",
        ),
        (
            {
                "docker-compose.yml": "services:\n  a:\n    extends:\n      file: other.yml\n"
                "      service: b\n",
                "other.yml": "services:\n  b:\n    extends:\n      file: docker-compose.yml\n"
                "      service: a\n",
            },
            "'extends' forms a cycle",
        ),
        (
            {"docker-compose.yml": "include: [db.yml]\nservices:\n  a:\n    image: x\n"},
            "docker-compose.yml:1:11: included file 'db.yml' does not exist",
        ),
        (
            {"docker-compose.yml": "services:\n  a:\n    image: x:${\n"},
            "docker-compose.yml:3:12: invalid interpolation format",
        ),
    ],
    ids=[
        "not-yaml",
        "empty",
        "service-name-not-text",
        "scalar",
        "version-without-services",
        "services-not-mapping",
        "service-not-mapping",
        "no-image-or-build",
        "undefined-dependency",
        "dependency-cycle",
        "extends-cycle",
        "extends-unknown-service",
        "extends-missing-file",
        "extends-cycle-across-files",
        "include-missing-file",
        "bad-interpolation",
    ],
)
def test_refused(tmp_path: Path, files: dict[str, str], expected: str) -> None:
    assert expected in _refusal(tmp_path, files)


def test_required_variable_with_interpolate(tmp_path: Path) -> None:
    got = _refusal(
        tmp_path,
        {"docker-compose.yml": "services:\n  a:\n    image: x:${TAG:?tag}\n"},
        interpolate=True,
    )
    assert got == "docker-compose.yml:3:12: required variable TAG is missing a value: tag"


def test_the_included_file_position_is_its_own(tmp_path: Path) -> None:
    got = _refusal(
        tmp_path,
        {
            "docker-compose.yml": "include: [db/compose.yaml]\nservices:\n  a:\n    image: x\n",
            "db/compose.yaml": "services:\n  db:\n    image: [\n",
        },
    )
    assert got.startswith("db/compose.yaml:")


ODD_VALUES = [None, 1, True, "", [], {}, [1], [None], {"a": None}, {"a": {"condition": 1}}]
ODD_KEYS = [
    "build",
    "command",
    "environment",
    "env_file",
    "volumes",
    "volumes_from",
    "depends_on",
    "links",
    "healthcheck",
    "extends",
    "x-codeship",
    "read_only",
    "extra_hosts",
]


@pytest.mark.parametrize("key", ODD_KEYS)
def test_odd_value_types_never_crash(tmp_path: Path, key: str) -> None:
    """Wrong types are the input's problem: refused, or kept for `cslint check` to flag,
    never an internal error; in the main file and in an override file alike."""
    import json

    for i, value in enumerate(ODD_VALUES):
        main = tmp_path / f"main{i}.yml"
        main.write_text(
            json.dumps({"services": {"a": {"image": "x", key: value}, "b": {"image": "y"}}}),
            encoding="utf-8",
        )
        override = tmp_path / f"over{i}.yml"
        override.write_text(json.dumps({"services": {"a": {key: value}}}), encoding="utf-8")
        for files in ([main], [main, override]):
            with contextlib.suppress(ConvertError):
                convert([str(f) for f in files], display_root=str(tmp_path), with_steps=True)
