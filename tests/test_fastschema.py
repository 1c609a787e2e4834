"""The compiled yes/no schema check agrees with jsonschema, so skipping jsonschema for the
files it calls valid never hides a schema error."""

from __future__ import annotations

import copy
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from cslint.codeship.fastschema import Unsupported, checker, compile_schema, plainly_valid
from cslint.codeship.schema import load_schema, validate
from cslint.core.kinds import FileKind, kind_from_name
from cslint.parsers import yamldoc


def _jsonschema_valid(data: Any, kind: FileKind) -> bool:
    return not any(Draft202012Validator(load_schema(kind)).iter_errors(data))


def _corpus_documents(corpus: Path) -> list[tuple[str, FileKind, Any]]:
    out = []
    for folder in ("codeship", "compose"):
        for path in sorted((corpus / folder).iterdir()):
            kind = kind_from_name(path.name.split("__")[-1]) or FileKind.SERVICES
            if path.suffix not in (".yml", ".yaml", ".json"):
                continue
            try:
                data = yamldoc.parse(path.read_text(encoding="utf-8")).data
            except (yamldoc.YamlSyntaxError, UnicodeDecodeError):
                continue
            out.append((path.name, kind, data))
    return out


VALUES: list[Any] = [None, True, False, 0, 7, 1.5, 2.0, "", "text", "x-y", [], ["a"], {}, {"a": 1}]


def _nodes(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _nodes(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found += _nodes(value, (*path, i))
    return found


def _mutate(data: Any, rng: random.Random) -> Any:
    """One random edit of the kind people make: a wrong type, an unknown or misspelt key, a
    missing key, an `x-` extension."""
    data = copy.deepcopy(data)
    path = rng.choice(_nodes(data))
    if not path:
        return rng.choice(VALUES) if rng.random() < 0.2 else data
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    action = rng.randrange(5)
    if action == 0:
        parent[last] = copy.deepcopy(rng.choice(VALUES))
    elif action == 1 and isinstance(parent, dict):
        del parent[last]
    elif action == 2 and isinstance(parent, dict) and isinstance(last, str):
        # A misspelt key, or a service that becomes the compose `services:` wrapper.
        parent[rng.choice([last[:-1] or "k", "services"])] = parent.pop(last)
    elif action == 3 and isinstance(parent, dict):
        parent[
            rng.choice(["x-anchor", "ports", "unknown_key", "image", "type", "steps", "services"])
        ] = copy.deepcopy(rng.choice(VALUES))
    elif isinstance(parent[last], dict | list) and parent[last]:
        target = parent[last]
        key = rng.choice(list(target) if isinstance(target, dict) else range(len(target)))
        target[key] = copy.deepcopy(rng.choice(VALUES))
    return data


def test_both_schemas_compile() -> None:
    # If either did not, every file would go to jsonschema: correct but slow, silently.
    assert checker(FileKind.SERVICES) is not None
    assert checker(FileKind.STEPS) is not None


def test_agrees_with_jsonschema_on_the_corpus(corpus: Path) -> None:
    documents = _corpus_documents(corpus)
    assert len(documents) > 150
    verdicts = {True: 0, False: 0}
    for name, kind, data in documents:
        expected = _jsonschema_valid(data, kind)
        assert plainly_valid(data, kind) == expected, name
        verdicts[expected] += 1
    assert verdicts[True] and verdicts[False]  # both answers were exercised


def test_agrees_with_jsonschema_on_generated_files(corpus: Path) -> None:
    rng = random.Random(12)
    documents = _corpus_documents(corpus)
    verdicts = {True: 0, False: 0}
    for _ in range(3000):
        name, kind, data = rng.choice(documents)
        for _ in range(rng.randrange(1, 4)):
            data = _mutate(data, rng)
        expected = _jsonschema_valid(data, kind)
        assert plainly_valid(data, kind) == expected, (name, data)
        verdicts[expected] += 1
    assert min(verdicts.values()) > 300


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "object", "minProperties": 1},
        {"$ref": "https://example.org/other.json"},
        {"type": "decimal"},
        {"enum": [{"a": 1}]},
    ],
)
def test_refuses_what_it_does_not_implement(schema: dict[str, Any]) -> None:
    with pytest.raises(Unsupported):
        compile_schema(schema)


def test_cautious_where_jsonschema_could_differ() -> None:
    # A non-string key (YAML `1: x`) and a value JSON has no type for go to jsonschema.
    assert not plainly_valid({1: {"image": "busybox"}}, FileKind.SERVICES)
    assert not plainly_valid({"app": {"image": object()}}, FileKind.SERVICES)


def test_invalid_files_still_get_jsonschemas_rich_errors() -> None:
    document = yamldoc.parse("app:\n  image: busybox\n  imagge: x\n")
    [finding] = validate(document, FileKind.SERVICES)
    assert "unknown service key 'imagge'" in finding.message


def test_checking_valid_yaml_never_imports_jsonschema(tmp_path: Path) -> None:
    (tmp_path / "codeship-services.yml").write_text("app:\n  image: busybox:1.36\n")
    (tmp_path / "codeship-steps.yml").write_text("- service: app\n  command: 'true'\n")
    code = (
        "import sys\nfrom cslint.cli import main\nsys.argv = ['cslint', 'check']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('jsonschema' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert done.stdout.splitlines()[-1] == "False", done.stdout
    (tmp_path / "codeship-steps.yml").write_text("- service: app\n  comand: 'true'\n")
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert "unknown step key 'comand'" in done.stdout
    assert done.stdout.splitlines()[-1] == "True"
