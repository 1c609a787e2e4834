"""The services model the schema and the services rules share (linter/codeship/services_model.py)."""

from __future__ import annotations

from cslint.codeship.services_model import (
    compose_top_level,
    is_wrapped,
    iter_services,
    services_root,
)
from cslint.parsers.yamldoc import parse


def test_flat_layout_leaves_compose_top_level_keys_out() -> None:
    data = parse(
        "version: '2'\nx-env: &env {A: b}\nvolumes:\n  pgdata: {}\n"
        "app:\n  image: ruby\n  environment: *env\n"
    ).data
    prefix, services = services_root(data)
    assert prefix == ()
    assert list(services) == ["app"]
    assert [name for name, _ in compose_top_level(data)] == ["version", "x-env", "volumes"]


def test_a_top_level_key_that_looks_like_a_service_is_a_service() -> None:
    data = parse("volumes:\n  image: busybox\n  volumes: [/data]\napp:\n  build: .\n").data
    assert [e.name for e in iter_services(data)] == ["volumes", "app"]


def test_wrapped_layout() -> None:
    data = parse("version: '3'\nservices:\n  app:\n    build: .\nnetworks: {}\n").data
    assert is_wrapped(data)
    [entry] = iter_services(data)
    assert (entry.name, entry.path) == ("app", ("services", "app"))
    assert [name for name, _ in compose_top_level(data)] == ["version", "networks"]


def test_a_service_named_services_is_not_the_wrapper() -> None:
    data = parse("services:\n  image: busybox\nweb:\n  build: .\n").data
    assert not is_wrapped(data)
    assert [e.name for e in iter_services(data)] == ["services", "web"]


def test_non_mapping_definitions_are_kept_for_the_rules_to_report() -> None:
    data = parse("app:\nweb: [1]\n").data
    entries = iter_services(data)
    assert [(e.name, e.mapping) for e in entries] == [("app", {}), ("web", {})]
    assert [e.definition for e in entries] == [None, [1]]
