"""No output links to a host that does not exist; rule links come from `docs-url` only."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from cslint.core.links import docs_url_from_metadata, rule_url

REPO = Path(__file__).resolve().parent.parent
URL = re.compile(r"[a-z][a-z0-9+.-]*://([^/\s\"'<>)]*)", re.IGNORECASE)
# Reserved names (RFC 2606, RFC 6761) and the placeholder this project once shipped.
PLACEHOLDER = re.compile(
    r"(\.|^)(invalid|test|example|localhost|local)$|(^|\.)example\.(com|org|net)$|cslint",
    re.IGNORECASE,
)
COMPOSE = "services:\n  web:\n    image: nginx\n    ports: ['80:80']\n"


def run(args: list[str], cwd: Path, exe: str, stdin: str | None = None) -> str:
    result = subprocess.run(
        [exe, *args], cwd=cwd, capture_output=True, text=True, input=stdin, timeout=60, check=False
    )
    assert result.returncode in (0, 1), result.stderr
    return result.stdout + result.stderr


def hosts(text: str) -> set[str]:
    return {match.group(1).lower() for match in URL.finditer(text)}


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    target = tmp_path / "demo"
    shutil.copytree(REPO / "examples" / "demo", target)
    (target / "docker-compose.yml").write_text(COMPOSE)
    return target


def every_output(demo: Path, exe: str) -> dict[str, str]:
    outputs = {
        f"check --format {fmt}": run(["check", "--format", fmt, "."], demo, exe)
        for fmt in ("text", "json", "sarif", "github")
    }
    outputs["rules --format json"] = run(["rules", "--format", "json"], demo, exe)
    outputs["rules"] = run(["rules"], demo, exe)
    outputs["schema services"] = run(["schema", "services"], demo, exe)
    outputs["schema steps"] = run(["schema", "steps"], demo, exe)
    for fmt in ("text", "json"):
        outputs[f"convert --format {fmt}"] = run(
            ["convert", "docker-compose.yml", "--format", fmt], demo, exe
        )
    for code in ("CS001", "CS302", "CS390", "CS401"):
        outputs[f"explain {code}"] = run(["explain", code], demo, exe)
    return outputs


def test_no_output_names_a_placeholder_host(demo: Path, cslint_exe: str) -> None:
    outputs = every_output(demo, cslint_exe)
    assert '"results"' in outputs["check --format sarif"]  # the run did report findings
    for name, text in outputs.items():
        bad = {host for host in hosts(text) if PLACEHOLDER.search(host)}
        assert not bad, f"{name} links to {bad}"


def test_without_docs_url_links_are_left_out(demo: Path, cslint_exe: str) -> None:
    report = json.loads(run(["check", "--format", "json", "."], demo, cslint_exe))
    diagnostics = [d for f in report["files"] for d in f["diagnostics"]]
    assert diagnostics and all("codeDescription" not in d for d in diagnostics)
    sarif = json.loads(run(["check", "--format", "sarif", "."], demo, cslint_exe))
    driver = sarif["runs"][0]["tool"]["driver"]
    assert "informationUri" not in driver
    assert driver["rules"] and all("helpUri" not in r for r in driver["rules"])
    # The text is still in the report, as it is in `cslint explain`.
    assert all(r["help"]["markdown"].startswith(f"# {r['id']} ") for r in driver["rules"])


def test_docs_url_setting_links_every_format(demo: Path, cslint_exe: str) -> None:
    template = "https://docs.acme-corp.dev/cslint/{code}.html"
    (demo / ".cslint.yaml").write_text(f"docs-url: '{template}'\n")
    report = json.loads(run(["check", "--format", "json", "."], demo, cslint_exe))
    diagnostics = [d for f in report["files"] for d in f["diagnostics"]]
    assert diagnostics
    for diag in diagnostics:
        assert diag["codeDescription"]["href"] == template.replace("{code}", diag["code"])
    sarif = json.loads(run(["check", "--format", "sarif", "."], demo, cslint_exe))
    for rule in sarif["runs"][0]["tool"]["driver"]["rules"]:
        assert rule["helpUri"] == f"https://docs.acme-corp.dev/cslint/{rule['id']}.html"


@pytest.mark.parametrize("value", ["docs/{code}.md", "https://docs.acme-corp.dev/rules/", "[1, 2]"])
def test_bad_docs_url_is_a_config_error_at_its_place(
    tmp_path: Path, cslint_exe: str, value: str
) -> None:
    (tmp_path / "codeship-services.yml").write_text("app:\n  image: busybox:1\n")
    (tmp_path / ".cslint.yaml").write_text(f"select: [CS0]\ndocs-url: {value}\n")
    result = subprocess.run(
        [cslint_exe, "check"], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert result.stderr.startswith("cslint: ") and ".cslint.yaml:2:1: 'docs-url' must" in (
        result.stderr
    )


def test_default_from_package_metadata() -> None:
    urls = ["Source, https://git.acme-corp.dev/cslint", "Documentation, https://acme.dev/cslint/"]
    template = docs_url_from_metadata(urls)
    assert template == "https://acme.dev/cslint/rules/{code}.md"
    assert rule_url(template, "CS101") == "https://acme.dev/cslint/rules/CS101.md"
    assert docs_url_from_metadata(["Source, https://git.acme-corp.dev/cslint"]) is None
    assert rule_url(None, "CS101") is None


def test_this_package_declares_no_documentation_url() -> None:
    # There is no public site: the installed metadata must not invent one.
    from cslint.core.links import installed_docs_url

    assert installed_docs_url() is None


def test_no_relative_link_away_from_the_rule_pages(demo: Path, cslint_exe: str) -> None:
    """A rule page links its sibling `../codeship-format.md`; read in SARIF (code scanning),
    `cslint explain` or an editor's hover, such a link leads nowhere: the name stays, as text."""
    page = run(["explain", "CS401"], demo, cslint_exe)
    assert "](" not in page and "`docs/codeship-format.md` in cslint's source" in page
    sarif = json.loads(run(["check", "--format", "sarif", "."], demo, cslint_exe))
    helps = [r["help"]["markdown"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]]
    assert any("format doc" in text for text in helps), "no rule of the run cites the format doc"
    assert not [text for text in helps if re.search(r"\]\((?!https?://)", text)]
    # The pages themselves, read beside their sibling, keep the link.
    assert (
        "[docs/codeship-format.md](../codeship-format.md)"
        in (REPO / "docs" / "rules" / "CS401.md").read_text()
    )
