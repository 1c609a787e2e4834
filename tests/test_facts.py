"""The table of CodeShip facts against the JSON schemas and the format reference: the
schemas declare exactly the keys the table knows, deprecated exactly where it says legacy,
and every row cites a section that exists."""

from __future__ import annotations

import re

import pytest

from cslint.codeship.facts import FACTS, Place, Status, fact, keys
from cslint.codeship.schema import load_schema
from cslint.core.kinds import FileKind
from tests.conftest import SHARED

FORMAT_DOC = SHARED / "docs" / "codeship-format.md"

# Where each place's keys are declared in the schemas.
_SCHEMA_PLACES = {
    Place.SERVICE: (FileKind.SERVICES, "service"),
    Place.BUILD: (FileKind.SERVICES, "buildMapping"),
    Place.STEP: (FileKind.STEPS, "step"),
}
# Statuses whose keys a schema declares: what CodeShip reads, and the compose keys the
# schema accepts so that CS106 can explain them instead of an "unknown key" error.
_DECLARED = {
    Place.SERVICE: (
        Status.SUPPORTED, Status.PASSTHROUGH, Status.LEGACY, Status.IGNORED, Status.UNDOCUMENTED
    ),
    Place.BUILD: (Status.SUPPORTED, Status.LEGACY),
    Place.STEP: (Status.SUPPORTED,),
}  # fmt: skip


def _properties(place: Place) -> dict[str, dict[str, object]]:
    kind, name = _SCHEMA_PLACES[place]
    props: dict[str, dict[str, object]] = load_schema(kind)["$defs"][name]["properties"]
    return props


@pytest.mark.parametrize("place", list(_SCHEMA_PLACES), ids=lambda p: p.value)
def test_the_schema_declares_exactly_the_keys_the_table_knows(place: Place) -> None:
    declared = set(_properties(place))
    assert declared == keys(place, *_DECLARED[place])


@pytest.mark.parametrize("place", list(_SCHEMA_PLACES), ids=lambda p: p.value)
def test_the_schema_deprecates_exactly_the_renamed_legacy_keys(place: Place) -> None:
    deprecated = {k for k, v in _properties(place).items() if v.get("deprecated")}
    renamed = {f.name for f in FACTS if f.place is place and f.replacement is not None}
    assert deprecated == renamed


def test_the_schema_top_level_is_the_table_top_level() -> None:
    schema = load_schema(FileKind.SERVICES)
    assert set(schema["properties"]) == keys(Place.TOP)
    assert set(schema["else"]["properties"]) == keys(Place.TOP) - {"services"} | {"services"}


def test_every_row_cites_a_section_of_the_format_reference() -> None:
    if not FORMAT_DOC.is_file():
        pytest.skip(f"the format reference is not at {FORMAT_DOC}")
    headings = set(re.findall(r"^#{2,3} (\d+(?:\.\d+)?)\.? ", FORMAT_DOC.read_text(), re.MULTILINE))
    for row in FACTS:
        for cited in re.findall(r"§(\d+(?:\.\d+)?)", row.section):
            assert cited in headings, f"{row.place.value}.{row.name} cites missing §{cited}"


def test_one_row_per_key_and_advice_for_every_key_not_accepted() -> None:
    seen: set[tuple[Place, str]] = set()
    for row in FACTS:
        assert (row.place, row.name) not in seen, f"{row.name} twice in {row.place}"
        seen.add((row.place, row.name))
        if not row.accepted:
            assert row.advice, f"{row.place.value}.{row.name} has no advice"
        if row.replacement is not None:
            assert fact(row.place, row.replacement).accepted


def test_a_key_the_table_does_not_name_is_unknown_with_advice() -> None:
    row = fact(Place.BUILD, "no_such_key")
    assert row.status is Status.UNKNOWN and row.advice
