"""`check` and `convert` agree about every key of the table of facts.

For each services-file key the table names (top level, service, build mapping), plus one
unknown key per place, a small compose file holding it goes through both commands. The
agreement: `check` reports nothing on the key's line exactly when `convert` keeps the key
as written without a note about it; when `check` reports the key (info, warning or
error), `convert` changes or drops it and says so. A key `check` calls an error is never
kept by `convert`. Change what cslint thinks of a key in `linter/codeship/facts.py`,
and both commands follow.

The one exception is a top-level `x-*` extension field: `check` accepts it (it holds
anchors), and `convert` drops it because it writes every alias out in full, so the
output no longer needs it; that is a rewrite, not a disagreement about the format.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cslint.codeship.facts import FACTS, Fact, Place, Severity, fact, service_key_in_build
from cslint.convert.convert import convert
from cslint.core.engine import lint_text

# A value each key accepts, written in flow style so that the key is one line.
_VALUES: dict[tuple[Place, str], Any] = {
    (Place.SERVICE, "build"): ".",
    (Place.SERVICE, "volumes"): ["./data:/data"],
    (Place.SERVICE, "volumes_from"): ["db"],
    (Place.SERVICE, "depends_on"): ["db"],
    (Place.SERVICE, "links"): ["db"],
    (Place.SERVICE, "environment"): {"A": "b"},
    (Place.SERVICE, "dockercfg_service"): "db",
    (Place.SERVICE, "extends"): {"service": "db"},
    (Place.SERVICE, "healthcheck"): {"test": "true"},
    (Place.SERVICE, "default_cache_branch"): "main",
    (Place.SERVICE, "env_file"): "app.env",
    (Place.SERVICE, "encrypted_env_file"): "secrets.encrypted",
    (Place.SERVICE, "encrypted_dockercfg_path"): "secrets.encrypted",
    (Place.SERVICE, "cpu_shares"): 512,
    (Place.BUILD, "encrypted_args_file"): "secrets.encrypted",
    (Place.TOP, "include"): ["other.yml"],
    (Place.SERVICE, "dockerfile"): "Dockerfile",
    (Place.BUILD, "args"): {"A": "b"},
    (Place.BUILD, "context"): ".",
    (Place.BUILD, "dockerfile"): "Dockerfile",
    (Place.BUILD, "path"): ".",
    (Place.BUILD, "dockerfile_path"): "Dockerfile",
    (Place.BUILD, "configure"): {"service": "db", "command": "make"},
    (Place.TOP, "version"): "3",
    (Place.TOP, "volumes"): {"data": {}},
    (Place.TOP, "networks"): {"back": {}},
}
_BOOLEANS = {"add_docker", "cached", "read_only", "privileged", "tty", "stdin_open", "init"}
_LISTS = {"cap_add", "cap_drop", "dns", "dns_search", "expose", "security_opt", "ports",
          "external_links", "extra_hosts", "devices", "tmpfs", "cache_from", "cache_to",
          "platforms", "tags", "profiles", "group_add", "dns_opt", "device_cgroup_rules",
          "encrypted_environment", "encrypted_args", "label_file"}  # fmt: skip
_MAPPINGS = {"labels", "logging", "deploy", "ulimits", "sysctls", "blkio_config", "develop",
             "secrets", "configs", "annotations", "log_opt", "storage_opt", "credential_spec",
             "models", "provider", "additional_contexts", "ssh"}  # fmt: skip


_DOCKERFILE = "FROM ruby\nARG A\n"
_SEALED = "mPGsUUXq3JAXUyEFIkkXpL4vRhXd0wC8vWgY1y1eTmU9KqgHxwXxR8d0kF9Lq7hw\n"
_OTHER = "services:\n  other:\n    image: busybox\n"


_FILES = {
    "Dockerfile": _DOCKERFILE,
    "app.env": "A=b\n",
    "other.yml": _OTHER,
    "secrets.encrypted": _SEALED,
}


def _value(row: Fact) -> Any:
    if (row.place, row.name) in _VALUES:
        return _VALUES[(row.place, row.name)]
    if row.name.startswith("encrypted_") and row.name != "encrypted_environment":
        return "secrets.encrypted"  # a file that exists: CS404 is another defect
    if row.name in _BOOLEANS:
        return True
    if row.name in _LISTS:
        return ["x"]
    if row.name in _MAPPINGS and row.place is not Place.TOP:
        return {"a": "b"}
    if row.place is Place.TOP:
        return {"a": {}}
    return "x"


def _compose(row: Fact) -> tuple[str, int]:
    """The compose file holding the key, and the key's line."""
    value = json.dumps(_value(row))
    db = "  db:\n    image: postgres\n"
    if row.place is Place.TOP:
        return f"services:\n  app:\n    image: ruby\n{db}{row.name}: {value}\n", 5
    if row.place is Place.BUILD:
        body = f"    build:\n      context: .\n      {row.name}: {value}\n"
        if row.name == "context":
            body = "    build:\n      context: .\n      image: app\n"
            return f"services:\n  app:\n{body}{db}", 4
        return f"services:\n  app:\n{body}{db}", 5
    base = "    image: ruby\n" if row.name not in ("image", "build") else ""
    if row.name in ("cached", "default_cache_branch"):
        base = "    build: .\n    cached: true\n" if row.name != "cached" else "    build: .\n"
        return f"services:\n  app:\n{base}    {row.name}: {value}\n{db}", len(base.splitlines()) + 3
    return f"services:\n  app:\n{base}    {row.name}: {value}\n{db}", 4 if base else 3


def _rows() -> list[Fact]:
    # `services` is the wrapper these files are written in, not a key to try.
    rows = [f for f in FACTS if f.place is not Place.STEP and f.name != "services"]
    rows += [fact(p, "no_such_key") for p in (Place.SERVICE, Place.BUILD)]
    rows.append(fact(Place.TOP, "jobs"))
    return rows


def _check(text: str, line: int, tmp: Path) -> list[Any]:
    files = _FILES
    result = lint_text(text, "codeship-services.yml", files=files)
    return [d for d in result.diagnostics if d.span.line == line]


def _convert(text: str, line: int, tmp: Path) -> tuple[list[Any], str]:
    (tmp / "Dockerfile").write_text(_DOCKERFILE)
    (tmp / "app.env").write_text("A=b\n")
    (tmp / "other.yml").write_text(_OTHER)
    (tmp / "secrets.encrypted").write_text(_SEALED)
    (tmp / "docker-compose.yml").write_text(text)
    result = convert([str(tmp / "docker-compose.yml")], display_root=str(tmp))
    notes = [n for n in result.notes.items if n.where.source.span(n.where.path).line == line]
    return notes, result.text


@pytest.mark.parametrize("row", _rows(), ids=lambda r: f"{r.place.value}.{r.name}")
def test_check_and_convert_agree(row: Fact, tmp_path: Path) -> None:
    text, line = _compose(row)
    diagnostics = _check(text, line, tmp_path)
    notes, output = _convert(text, line, tmp_path)
    written = text.splitlines()[line - 1]
    kept = not notes and written in output.splitlines()
    said = [f"{d.code} {d.severity.value}: {d.message}" for d in diagnostics]
    noted = [f"{n.code} {n.outcome.value}: {n.message}" for n in notes]
    assert kept == (not diagnostics), f"check: {said}; convert: {noted}"
    # One defect, one finding: the schema leaves a key to the rule that explains it.
    assert len(diagnostics) <= 1, said
    if any(d.severity is Severity.ERROR for d in diagnostics):
        assert not kept


def _both(text: str, tmp: Path) -> tuple[list[Any], Any]:
    (tmp / "docker-compose.yml").write_text(text)
    checked = lint_text(text, "codeship-services.yml", files={"Dockerfile": _DOCKERFILE})
    return checked.diagnostics, convert([str(tmp / "docker-compose.yml")], display_root=str(tmp))


def test_a_source_without_a_path_separator_is_a_named_volume_to_both(tmp_path: Path) -> None:
    """`_vol:/x` was a named volume to check (CS111) and a bind mount `./_vol` to convert."""
    text = "services:\n  app:\n    image: ruby\n    volumes: ['_vol:/x', 'data/sub:/y']\n"
    diagnostics, result = _both(text, tmp_path)
    assert [(d.code, d.message.split("'")[1]) for d in diagnostics if d.code == "CS111"] == [
        ("CS111", "_vol:/x")
    ]
    assert "./.codeship/volumes/_vol:/x" in result.text and "./_vol" not in result.text
    assert "./data/sub:/y" in result.text
    [note] = [n for n in result.notes.items if n.code == "CS508" and "_vol" in n.message]
    assert "named volume '_vol'" in note.message


def test_a_link_with_an_alias_is_kept_by_convert_and_accepted_by_check(tmp_path: Path) -> None:
    text = (
        "services:\n  app:\n    image: ruby\n    links: ['db:database', 'cache']\n"
        "  db:\n    image: postgres\n  cache:\n    image: redis\n"
    )
    diagnostics, result = _both(text, tmp_path)
    assert [d.code for d in diagnostics if d.code == "CS105"] == ["CS105"]  # `cache` moves
    out = result.text
    assert "links:\n      - 'db:database'" in out and "depends_on:\n      - cache" in out
    again = lint_text(out, "codeship-services.yml")
    assert [d.code for d in again.diagnostics if d.code == "CS105"] == []


def test_top_level_advice_is_the_tables_in_both_commands(tmp_path: Path) -> None:
    text = "services:\n  app:\n    image: ruby\nsecrets:\n  a: {file: ./a}\nnetworks: {b: {}}\n"
    diagnostics, result = _both(text, tmp_path)
    for key in ("secrets", "networks"):
        advice = str(fact(Place.TOP, key).advice)
        assert [d for d in diagnostics if d.code == "CS106" and advice in d.message], key
        assert [n for n in result.notes.items if n.code == "CS500" and advice in n.message], key


def test_restart_configure_and_jobs_are_reported_by_check_and_dropped_by_convert(
    tmp_path: Path,
) -> None:
    text = (
        "services:\n  app:\n    build:\n      context: .\n"
        "      configure: {service: db, command: make}\n    restart: always\n"
        "  db:\n    image: postgres\njobs:\n  test: rake\n"
    )
    diagnostics, result = _both(text, tmp_path)
    reported = {(d.code, d.span.line) for d in diagnostics}
    assert {("CS102", 5), ("CS106", 6), ("CS106", 9)} <= reported
    assert "configure" not in result.text and "restart" not in result.text
    assert "jobs" not in result.text
    noted = {(n.code, n.where.source.span(n.where.path).line) for n in result.notes.items}
    assert {("CS503", 5), ("CS501", 6), ("CS500", 9)} <= noted


def test_an_environment_item_without_equals_is_rewritten_or_said(tmp_path: Path) -> None:
    """kompose's fixture writes `KEY:-value` in a list: check rejects it (CS116), so convert
    writes the KEY=value meant, at the compose line (CS519), and its output passes CS116;
    a bare KEY check warns about is kept with a warning note, not silently."""
    text = (
        "services:\n  app:\n    image: ruby\n    environment:\n"
        "      - URL:-http://example.com\n      - 'MODE: test'\n      - FROM_SHELL\n"
    )
    diagnostics, result = _both(text, tmp_path)
    cs116 = {(d.span.line, d.severity) for d in diagnostics if d.code == "CS116"}
    assert cs116 == {(5, Severity.ERROR), (6, Severity.ERROR), (7, Severity.WARNING)}
    notes = {(n.where.source.span(n.where.path).line, n.outcome.value) for n in result.notes.items}
    assert {(5, "changed"), (6, "changed"), (7, "advice")} <= notes
    assert "URL=http://example.com" in result.text and "MODE=test" in result.text
    again = lint_text(result.text, "codeship-services.yml")
    assert [(d.code, d.severity) for d in again.diagnostics if d.code == "CS116"] == [
        ("CS116", Severity.WARNING)
    ]


@pytest.mark.parametrize(
    "row", [f for f in FACTS if f.place is Place.STEP and not f.accepted], ids=lambda r: r.name
)
def test_a_misplaced_step_key_is_one_finding(row: Fact) -> None:
    """The schema leaves the service keys written on a step to CS209: one finding each."""
    steps = f"- service: app\n  command: rake\n  {row.name}: {json.dumps(_value(row))}\n"
    files = {"codeship-services.yml": "app:\n  image: ruby\n", **_FILES}
    result = lint_text(steps, "codeship-steps.yml", files=files)
    assert [(d.code, d.span.line) for d in result.diagnostics] == [("CS209", 3)]


def test_a_dockerfile_without_from_is_one_finding() -> None:
    text = 'RUN make\nCOPY . /app\nWORKDIR /app\nCMD ["app"]\n'
    result = lint_text(text, "Dockerfile", select=["CS332"])
    [diagnostic] = result.diagnostics
    assert diagnostic.span.line == 1 and "3 more instructions" in diagnostic.message


_SECRET_CASES = [
    ("POSTGRES_PASSWORD", "hunter22"),  # a secret's name only: CS119, opt-in
    ("API_TOKEN", "abc123456"),
    ("POSTGRES_PASSWORD_FILE", "/run/secrets/db"),  # a path, not a secret
    ("API_TOKEN", "${TOKEN}"),  # a reference, no value
    ("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE"),  # a credential's shape: CS117
    ("DATABASE_URL", "postgres://app:s3cr3tpw@db/app"),
    ("CI_TOKEN", "ghp_0123456789abcdefghijABCDEFGHIJ012345"),
    ("MODE", "test"),
]


def _secret_verdicts(name: str, value: str, tmp: Path) -> tuple[list[str], list[str]]:
    """What check (default rules) reports on the variable's line, what convert notes."""
    text = f"services:\n  db:\n    image: postgres\n    environment:\n      {name}: {value}\n"
    diagnostics, result = _both(text, tmp)
    said = [d.code for d in diagnostics if d.span.line == 5]
    noted = [
        n.code
        for n in result.notes.items
        if n.code == "CS516" and n.where.source.span(n.where.path).line == 5
    ]
    return said, noted


@pytest.mark.parametrize(("name", "value"), _SECRET_CASES, ids=lambda v: str(v)[:12])
def test_check_and_convert_agree_about_a_secret_in_environment(
    name: str, value: str, tmp_path: Path
) -> None:
    """convert's CS516 warned about `POSTGRES_PASSWORD: secret` by default while check's
    CS119 was opt-in: with no rule selected, convert notes a variable exactly when check
    reports it (CS117 for a credential's shape, CS119 only when on by default)."""
    said, noted = _secret_verdicts(name, value, tmp_path)
    assert bool(said) == bool(noted), f"check: {said}; convert: {noted}"
    assert set(said) <= {"CS117", "CS119"}


def test_one_switch_sets_the_default_of_both_commands(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CS119's default and convert's CS516 read NAMED_SECRETS_BY_DEFAULT: flipping it
    makes convert note a secret's name alone, as check does with CS119 on."""
    from cslint.codeship import secrets
    from cslint.rules.services.plaintext_secret_in_environment import (
        PlaintextSecretInEnvironment as CS119,
    )

    assert CS119.default_enabled is secrets.NAMED_SECRETS_BY_DEFAULT
    assert bool(CS119.opt_in) is not secrets.NAMED_SECRETS_BY_DEFAULT
    text = "services:\n  db:\n    image: postgres\n    environment:\n      PGPASSWORD: hunter22\n"
    selected = lint_text(text, "codeship-services.yml", select=["CS119"]).diagnostics
    assert [(d.code, d.span.line) for d in selected] == [("CS119", 5)]
    for default in (False, True):
        monkeypatch.setattr(secrets, "NAMED_SECRETS_BY_DEFAULT", default)
        _, noted = _secret_verdicts("PGPASSWORD", "hunter22", tmp_path)
        assert bool(noted) is default
    _, noted = _secret_verdicts("PGPASSWORD_FILE", "/run/secrets/pg", tmp_path)
    assert noted == []  # still a path, whatever the default


_MOVABLE = [f for f in FACTS if f.place is Place.BUILD and service_key_in_build(f.name)]


@pytest.mark.parametrize("row", _MOVABLE, ids=lambda r: r.name)
def test_a_service_key_under_build_is_moved_by_convert_and_placed_by_check(
    row: Fact, tmp_path: Path
) -> None:
    """convert dropped `build.encrypted_env_file` although the table says where it belongs:
    now check says to move it to the service (CS102), convert moves it there (CS520) at
    the compose line, and check has nothing to say about the key in convert's output."""
    assert "encrypted_env_file" in {f.name for f in _MOVABLE}
    value = json.dumps(_value(fact(Place.SERVICE, row.name)))
    text = (
        f"services:\n  app:\n    build:\n      context: .\n      {row.name}: {value}\n"
        "  db:\n    image: postgres\n"
    )
    said = [(d.code, d.severity) for d in _check(text, 5, tmp_path)]
    assert said == [("CS102", Severity.ERROR)]
    [message] = [d.message for d in _check(text, 5, tmp_path)]
    assert str(row.advice) in message and "move it" in message
    notes, output = _convert(text, 5, tmp_path)
    assert [(n.code, n.outcome.value) for n in notes] == [("CS520", "changed")]
    assert f"\n    {row.name}:" in output  # at the service's level, not under build
    again = lint_text(output, "codeship-services.yml", files=_FILES)
    assert not [d for d in again.diagnostics if row.name in d.message and d.code == "CS102"]


@pytest.mark.parametrize("row", _MOVABLE[:3], ids=lambda r: r.name)
def test_a_service_key_under_build_beside_the_services_own_is_dropped_and_said(
    row: Fact, tmp_path: Path
) -> None:
    value = json.dumps(_value(fact(Place.SERVICE, row.name)))
    text = (
        f"services:\n  app:\n    {row.name}: {value}\n    build:\n      context: .\n"
        f"      {row.name}: {value}\n  db:\n    image: postgres\n"
    )
    [finding] = _check(text, 6, tmp_path)
    assert finding.code == "CS102" and "remove this one" in finding.message
    notes, _ = _convert(text, 6, tmp_path)
    assert [(n.code, n.outcome.value) for n in notes] == [("CS503", "dropped")]


# -- one defect, one finding: the schema and the rules never report a key twice ----------

_SHAPES = ('"x"', "5", "[a, b]", "{a: b}", "true", "null", '"${X}"')


def _placed(row: Fact, value: str) -> list[tuple[str, int]]:
    """The key with this value in a services file, wrapped in `services:` and not (the
    CodeShip form), with the key's line."""
    if row.place is Place.TOP:
        return [
            (f"services:\n  app:\n    image: ruby\n{row.name}: {value}\n", 4),
            (f"version: '2'\nservices:\n  app:\n    image: ruby\n{row.name}: {value}\n", 5),
        ]
    if row.place is Place.BUILD:
        return [
            (f"app:\n  build:\n    context: .\n    {row.name}: {value}\ndb:\n  image: pg\n", 4),
            (
                (
                    f"services:\n  app:\n    build:\n      context: .\n"
                    f"      {row.name}: {value}\n  db:\n    image: pg\n"
                ),
                5,
            ),
        ]
    return [
        (f"app:\n  image: ruby\n  {row.name}: {value}\ndb:\n  image: pg\n", 3),
        (f"services:\n  app:\n    image: ruby\n    {row.name}: {value}\n  db:\n    image: pg\n", 4),
    ]


@pytest.mark.parametrize(
    "row",
    [f for f in _rows() if f.place is not Place.SERVICE]
    + [fact(Place.TOP, "x-anchors"), fact(Place.BUILD, "x-cache")]
    + [f for f in FACTS if f.place is Place.SERVICE and not f.accepted],
    ids=lambda r: f"{r.place.value}.{r.name}",
)
def test_a_key_the_schema_reports_is_not_reported_again_by_a_rule(row: Fact) -> None:
    """Every top-level, build (and not accepted service) key, with a value of every shape:
    the schema (CS100) and a rule never both report it, unless the value outlives what
    the rule asks (a renamed key, `path` to `context`, keeps its value: a wrong value is
    then a second defect), or the key is accepted and the rule's defect is another."""
    for value in _SHAPES:
        for text, line in _placed(row, value):
            found = lint_text(text, "codeship-services.yml", files=_FILES, select=["ALL"])
            at = [d for d in found.diagnostics if d.span.line == line]
            schema = [d for d in at if d.code == "CS100"]
            again = [d for d in at if d.code != "CS100" and schema]
            said = [f"{d.code}: {d.message}" for d in at]
            assert not again or row.accepted or row.replacement is not None, (value, said)


# The schema and the rules that judge a key by its row of the table.
_KEY_JUDGES = ("CS100", "CS102", "CS103", "CS104", "CS105", "CS106", "CS200", "CS209")


@pytest.mark.slow
def test_no_key_is_judged_twice_over_the_corpus(corpus: Path, tmp_path: Path) -> None:
    """Every CodeShip file of ../shared/corpus, laid out as projects, every rule on: no
    key gets two findings from the schema and the rules that judge keys (the corpus has
    no schema error at all, tests/test_schema.py; the rules' findings are many)."""
    from corpus_projects import corpus_projects

    from cslint.core.config import Config
    from cslint.core.discovery import discover
    from cslint.core.engine import Linter

    config = Config(select=("ALL",))
    linter = Linter(config)
    twice: list[str] = []
    checked = judged = 0
    for folder in corpus_projects(corpus / "codeship", tmp_path):
        for result in linter.lint_targets(discover([str(folder)], config)):
            checked += 1
            places: dict[tuple[int, int], list[str]] = {}
            for d in result.diagnostics:
                if d.code in _KEY_JUDGES:
                    places.setdefault((d.span.line, d.span.col), []).append(d.code)
            judged += sum(len(codes) for codes in places.values())
            twice += [
                f"{result.path}:{at} {codes}" for at, codes in places.items() if len(codes) > 1
            ]
    assert checked >= 130 and judged >= 50  # the corpus was read, and keys were judged
    assert twice == []


def test_a_key_moved_up_from_build_is_converted_like_the_services_own(tmp_path: Path) -> None:
    """A named volume or a `KEY:-value` item under `build` moves up, then gets the
    service's conversions (CS508, CS519) at its compose line, not an internal error."""
    text = (
        "services:\n  app:\n    build:\n      context: .\n      volumes: ['data:/x']\n"
        "      environment: ['URL:-http://example.com']  # the API\n    command: rake\n"
    )
    (tmp_path / "docker-compose.yml").write_text(text)
    result = convert([str(tmp_path / "docker-compose.yml")], display_root=str(tmp_path))
    noted = {(n.code, n.where.source.span(n.where.path).line) for n in result.notes.items}
    assert {("CS520", 5), ("CS508", 5), ("CS520", 6), ("CS519", 6)} <= noted
    out = result.text
    assert "    volumes:\n      - ./.codeship/volumes/data:/x\n" in out
    [line] = [x for x in out.splitlines() if "environment" in x]
    assert line.startswith("    environment: ['URL=http://example.com'] ")
    assert line.endswith(" # the API")  # the comment moved along
    assert out.index("environment") < out.index("command")
    again = lint_text(out, "codeship-services.yml", files=_FILES)
    assert [d.code for d in again.diagnostics if d.severity is Severity.ERROR] == []


def test_services_merging_one_build_get_one_missing_dockerfile_finding() -> None:
    """Three services merging one `build` whose Dockerfile is missing were three CS403
    findings at the same place (../shared/corpus, Autodesk's services file)."""
    text = (
        "base: &base\n  build:\n    context: .\n    dockerfile: ci.dockerfile\n"
        "one:\n  <<: *base\ntwo:\n  <<: *base\n"
    )
    found = lint_text(text, "codeship-services.yml", select=["CS403"]).diagnostics
    assert [(d.span.line, d.span.col) for d in found] == [(4, 17)]
    assert "services 'base', 'one' and 'two' (one merged build)" in found[0].message
