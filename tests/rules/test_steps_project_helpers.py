"""The pure helpers behind the steps and project rules, on the cases that decide them."""

from __future__ import annotations

import pytest

from cslint.codeship.secrets import Content, classify
from cslint.codeship.steps_model import Step, build_steps
from cslint.codeship.tags import compile_re2, matches
from cslint.core.fsys import MemoryFileSystem
from cslint.rules.project.committed_aes_key import is_ignored
from cslint.rules.project.push_image_mismatch import normalize_image
from cslint.rules.steps._shell import script_was_split, shell_constructs
from cslint.rules.steps._tags import can_run_together, literal_names
from cslint.rules.steps.image_tag_template import template_problems
from cslint.rules.steps.tag_regex_trap import top_level_alternatives, trap


def _step(**filters: str) -> Step:
    return build_steps([{"service": "app", "command": "x", **filters}]).steps[0]


@pytest.mark.parametrize(
    ("value", "name", "expected"),
    [
        ("master", "master", True),
        ("master", "master-2", False),
        ("^master", "master-2", True),  # searched, not fully matched
        ("^(master|develop)$", "develop", True),
        ("^(?!master)", "anything", False),  # invalid RE2 never matches
        ("feature.*", "feature-x", False),  # no anchor: a literal
    ],
)
def test_matches(value: str, name: str, expected: bool) -> None:
    assert matches(value, name) is expected


def test_compile_re2_explains_without_logging(capfd: pytest.CaptureFixture[str]) -> None:
    compiled, reason = compile_re2("^(a)\\1$")
    assert compiled is None and reason is not None and "escape" in reason
    assert capfd.readouterr().err == ""


def test_literal_names() -> None:
    assert literal_names("master") == {"master"}
    assert literal_names("^(stage|staging)$") == {"stage", "staging"}
    assert literal_names("^master$|^develop$") == {"master", "develop"}
    assert literal_names("^master$|develop") is None
    assert literal_names("^release\\/1$") == {"release/1"}
    assert literal_names("^v.*$") is None
    assert literal_names("^master") is None


def test_can_run_together() -> None:
    assert can_run_together(_step(), _step()) is True
    assert can_run_together(_step(tag="master"), _step(tag="develop")) is False
    assert can_run_together(_step(tag="master"), _step(tag="^(master|main)$")) is True
    assert can_run_together(_step(tag="master"), _step(exclude="master")) is False
    assert can_run_together(_step(tag="develop"), _step(tag="^(stage|staging)$")) is False
    assert can_run_together(_step(tag="^v\\d+"), _step(tag="^release-")) is None
    assert can_run_together(_step(tag="^v\\d+"), _step()) is True


def test_shell_constructs_know_quotes() -> None:
    assert [c.text for c in shell_constructs("a && b | c > d")] == ["&&", "|", ">"]
    assert shell_constructs("echo 'a && $B' \"x | y\"") == []
    found = shell_constructs('echo "$HOME" `date` ${X}')
    assert [(c.text, c.quoted) for c in found] == [
        ("$HOME", True),
        ("`", False),
        ("`", False),
        ("${X}", False),
    ]
    assert [c.text for c in shell_constructs("npm ci\nnpm test\n")] == ["newline"]


def test_script_was_split() -> None:
    assert script_was_split("sh -c npm ci && npm test")
    assert script_was_split("bash -c ./deploy.sh production")
    assert not script_was_split("sh -c 'npm ci && npm test'")
    assert not script_was_split('bash -c "A="${X}" ./run.sh"')
    assert not script_was_split("sh -c 'echo $0' name")
    assert not script_was_split('bash --login -o pipefail -c "a | b"')


def test_top_level_alternatives() -> None:
    assert top_level_alternatives("^a|b|c$") == ["^a", "b", "c$"]
    assert top_level_alternatives("^(a|b)$") == ["^(a|b)$"]
    assert top_level_alternatives("^[|]x$") == ["^[|]x$"]
    assert top_level_alternatives("^a\\|b$") == ["^a\\|b$"]


def test_trap() -> None:
    assert trap("tag", "^a$|^b$") is None
    assert trap("tag", "release-1.0") is None
    assert "group them" in (trap("tag", "^a|b$") or "")
    assert "literal '!'" in (trap("exclude", "^(!master)$") or "")
    assert "git names cannot even contain" in (trap("tag", "feature/*") or "")


def test_template_problems() -> None:
    assert template_problems('{{ .Branch }}-{{ .Time.Format "2006" }}') == []
    assert template_problems('{{ printf "%s" .CommitID }}') == []
    assert "did you mean '.Branch'" in template_problems("{{ .branch }}")[0]
    assert "renamed" in template_problems("{{ .Commit }}")[0]
    assert "leading dot" in template_problems("{{ Branch }}")[0]
    assert "unbalanced" in template_problems("{{ .Branch }")[0]
    assert "empty" in template_problems("{{ }}")[0]


@pytest.mark.parametrize(
    ("raw", "content", "line"),
    [
        (b"codeship:v2\nQUJDRA==\n", Content.ENCRYPTED, None),
        (b"cloudbees:v1\nQUJD\nRA==\n", Content.ENCRYPTED, None),
        (b"QUJDREVGR0g=\n", Content.ENCRYPTED, None),
        (b"# comment\nexport TOKEN=abc\n", Content.PLAINTEXT, 2),
        (b'{"auths": {}}', Content.PLAINTEXT, 1),
        (b"token: abc\n", Content.PLAINTEXT, 1),
        (b"\n  \n", Content.EMPTY, None),
        (b"\xff\xfe\x00", Content.UNKNOWN, None),
        (b"codeship:v2\nnot base64!\n", Content.UNKNOWN, None),
    ],
)
def test_classify(raw: bytes, content: Content, line: int | None) -> None:
    verdict = classify(raw)
    assert verdict.content is content and verdict.line == line


def test_classify_never_keeps_the_secret() -> None:
    verdict = classify(b"PASSWORD=hunter2\n")
    assert "hunter2" not in repr(verdict)


def test_gitignore() -> None:
    def fs(files: dict[str, str]) -> MemoryFileSystem:
        return MemoryFileSystem({"codeship.aes": "k", **files})

    assert not is_ignored(fs({}), "codeship.aes")
    assert is_ignored(fs({".gitignore": "codeship.aes\n"}), "codeship.aes")
    assert is_ignored(fs({".gitignore": "/codeship.aes\n"}), "codeship.aes")
    assert is_ignored(fs({".gitignore": "**/*.aes\n"}), "codeship.aes")
    assert not is_ignored(fs({".gitignore": "*.aes\n!codeship.aes\n"}), "codeship.aes")
    assert not is_ignored(fs({".gitignore": "codeship.aes/\n"}), "codeship.aes")


def test_normalize_image() -> None:
    assert normalize_image("docker.io/library/app:1.0") == "app"
    assert normalize_image("quay.io/acme/app:latest") == "quay.io/acme/app"
    assert normalize_image("localhost:5000/app") == "localhost:5000/app"
    assert normalize_image("acme/app@sha256:abc") == "acme/app"
