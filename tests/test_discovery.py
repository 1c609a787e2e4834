from __future__ import annotations

from pathlib import Path

import pytest

from cslint.core.config import Config
from cslint.core.discovery import DiscoveryError, discover
from cslint.core.engine import project_root_for
from cslint.core.kinds import FileKind, kind_from_name


def make(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def found(
    root: Path, paths: list[str] | None = None, config: Config | None = None
) -> list[tuple[str, str]]:
    targets = discover([str(root / p) for p in paths] if paths else [str(root)], config or Config())
    return [(str(Path(t.path).relative_to(root)), t.kind.value) for t in targets]


def test_a_project_folder(tmp_path: Path) -> None:
    make(
        tmp_path,
        {
            "codeship-services.yml": "app:\n  build:\n    context: api\n    dockerfile: Dockerfile.ci\n"
            "web:\n  build: web\ndb:\n  image: postgres\n",
            "codeship-steps.yml": "- service: app\n  command: test\n",
            "docker-compose.yml": "services: {}\n",
            "api/Dockerfile.ci": "FROM busybox\n",
            "web/Dockerfile": "FROM busybox\n",
            "Dockerfile": "FROM busybox\n",
            "other/Dockerfile": "FROM busybox\n",
        },
    )
    assert found(tmp_path) == [
        ("codeship-services.yml", "services"),
        ("codeship-steps.yml", "steps"),
        ("api/Dockerfile.ci", "dockerfile"),
        ("web/Dockerfile", "dockerfile"),
        ("Dockerfile", "dockerfile"),
    ]


def test_compose_file_is_the_services_file_only_without_codeship_services(tmp_path: Path) -> None:
    make(tmp_path, {"docker-compose.yml": "app:\n  image: busybox\n", "codeship-steps.json": "[]"})
    assert found(tmp_path) == [("docker-compose.yml", "services"), ("codeship-steps.json", "steps")]


def test_yaml_spelling_is_linted_so_it_can_be_flagged(tmp_path: Path) -> None:
    make(tmp_path, {"codeship-steps.yaml": "- service: a\n  command: b\n"})
    assert found(tmp_path) == [("codeship-steps.yaml", "steps")]


def test_explicit_files_and_exclusions(tmp_path: Path) -> None:
    make(
        tmp_path, {"ci/codeship-services.yml": "a:\n  image: b\n", "vendor/Dockerfile": "FROM a\n"}
    )
    assert found(tmp_path, ["ci/codeship-services.yml", "vendor/Dockerfile"]) == [
        ("ci/codeship-services.yml", "services"),
        ("vendor/Dockerfile", "dockerfile"),
    ]
    config = Config(exclude=("vendor",), base_dir=str(tmp_path))
    assert found(tmp_path, ["vendor/Dockerfile"], config) == []


def test_missing_path_and_unknown_kind(tmp_path: Path) -> None:
    with pytest.raises(DiscoveryError, match="no such file"):
        discover([str(tmp_path / "nope")], Config())
    make(tmp_path, {"pipeline.yml": "a: 1\n"})
    with pytest.raises(DiscoveryError, match="--kind"):
        discover([str(tmp_path / "pipeline.yml")], Config())
    (target,) = discover([str(tmp_path / "pipeline.yml")], Config(), FileKind.STEPS)
    assert target.kind is FileKind.STEPS


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("codeship-services.yml", FileKind.SERVICES),
        ("codeship-steps.json", FileKind.STEPS),
        ("docker-compose.yml", FileKind.SERVICES),
        ("compose.yaml", FileKind.SERVICES),
        ("Dockerfile", FileKind.DOCKERFILE),
        ("Dockerfile.prod", FileKind.DOCKERFILE),
        ("api.dockerfile", FileKind.DOCKERFILE),
        ("build.yml", None),
        ("README.md", None),
    ],
)
def test_kind_from_name(name: str, kind: FileKind | None) -> None:
    assert kind_from_name(name) is kind


def test_dockerfile_project_root_is_the_services_folder(tmp_path: Path) -> None:
    make(
        tmp_path,
        {".git/HEAD": "", "codeship-services.yml": "a:\n  build: api\n", "api/Dockerfile": ""},
    )
    assert project_root_for(str(tmp_path / "api" / "Dockerfile"), FileKind.DOCKERFILE) == str(
        tmp_path
    )
    make(tmp_path, {"lone/Dockerfile": ""})
    (tmp_path / "codeship-services.yml").unlink()
    assert project_root_for(str(tmp_path / "lone" / "Dockerfile"), FileKind.DOCKERFILE) == str(
        tmp_path / "lone"
    )
