from __future__ import annotations

from pathlib import Path, PurePosixPath

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


# Spellings of a folder and of a name found in it, as a user or a services file writes them.
_FOLDERS = [
    "a",
    "a/",
    "//",
    "/./a",
    "a/b/",
    "./a",
    "a//b",
    "a/./b",
    "a/../b",
    "/a/b",
    "//a",
    "///a",
    "/",
    "../a",
    ".a",
    "a/.",
    "..",
    "./",
]
_NAMES = [
    "codeship-services.yml",
    "worker/Dockerfile",
    "./worker/Dockerfile",
    "w//Dockerfile",
    "../x/Dockerfile",
    "/abs/Dockerfile",
    ".",
]


def _pathlib_join(folder: str, name: str) -> str:
    """How found files were named with pathlib (a name in "." stays as written)."""
    return name if folder in (".", "") else str(Path(folder) / name)


@pytest.mark.parametrize("folder", _FOLDERS)
def test_found_files_are_named_as_pathlib_names_them(folder: str) -> None:
    """Found files are joined without pathlib (its import costs every start about 3 ms),
    and named exactly as pathlib named them."""
    from cslint.core.discovery import _join, posix_normal

    for name in _NAMES:
        assert _join(folder, name) == _pathlib_join(folder, name), (folder, name)
        assert posix_normal(f"{folder}/{name}") == str(PurePosixPath(f"{folder}/{name}"))
    assert posix_normal(folder) == str(PurePosixPath(folder))
    assert posix_normal("") == str(PurePosixPath(""))


def test_every_short_spelling_is_normalised_as_pathlib_does() -> None:
    from itertools import product

    from cslint.core.discovery import _join, posix_normal

    pieces = ["a", "/", ".", "..", "b."]
    for size in range(1, 6):
        for spelled in product(pieces, repeat=size):
            path = "".join(spelled)
            assert posix_normal(path) == str(PurePosixPath(path)), path
            assert _join(path, "x/./y") == _pathlib_join(path, "x/./y"), path


def test_a_folder_walk_names_what_it_finds_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "p" / "worker").mkdir(parents=True)
    (tmp_path / "p" / "codeship-services.yml").write_text(
        "app:\n  build:\n    dockerfile: ./worker//Dockerfile\n"
    )
    (tmp_path / "p" / "worker" / "Dockerfile").write_text("FROM busybox:1.36\n")
    monkeypatch.chdir(tmp_path)
    found = [(t.path, t.kind) for t in discover(["./p/"], Config())]
    assert found == [
        ("p/codeship-services.yml", FileKind.SERVICES),
        ("p/worker/Dockerfile", FileKind.DOCKERFILE),
    ]
