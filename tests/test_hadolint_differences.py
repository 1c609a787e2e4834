"""Where cslint's counterparts of hadolint rules answer differently on purpose, beyond the
differences the rules' own examples record (those run against the real hadolint in
test_hadolint_oracle.py). Each behaviour here is described on the rule's page."""

from __future__ import annotations

from typing import Any

import pytest

from cslint.core.engine import lint_text

SCHEMA = {"label-schema": {"org.opencontainers.image.version": "semver"}}
CASES: list[tuple[str, str, dict[str, Any] | None, int]] = [
    # A cache mount keeps yum's cache out of the layer.
    (
        "CS344",
        "FROM centos:7\nRUN --mount=type=cache,target=/var/cache/yum yum install -y x-1\n",
        None,
        0,
    ),
    # A builder stage's cache never reaches the image.
    (
        "CS344",
        "FROM centos:7 AS b\nRUN yum install -y g-4\nFROM alpine:3\nCOPY --from=b /x /x\n",
        None,
        0,
    ),
    (
        "CS348",
        "FROM suse:15 AS b\nRUN zypper -n in g=4\nFROM alpine:3\nCOPY --from=b /x /x\n",
        None,
        0,
    ),
    ("CS351", "FROM fedora:40\nRUN dnf install -y g-4 && rm -rf /var/cache/dnf\n", None, 0),
    # BuildKit lower-cases stage names.
    ("CS367", "FROM golang:1.23 AS Context\n", None, 1),
    # Stages outside the image need no labels.
    (
        "CS355",
        (
            "FROM golang:1 AS build\nFROM alpine:3 AS other\nFROM debian:12\n"
            "LABEL org.opencontainers.image.version=1.4.0\n"
        ),
        SCHEMA,
        0,
    ),
    # cslint's own inline directive is an inline pragma too.
    ("CS337", "FROM debian:12\n# cslint: disable-next-line=CS331\nRUN echo hi\n", None, 1),
    # A *_FILE name holds the path of a secret file, not the secret.
    ("CS368", "FROM postgres:16\nENV POSTGRES_PASSWORD_FILE=/run/secrets/pg\n", None, 0),
    # A user name is not a secret, a registry login's neither (hadolint's list has it):
    # CS368 asks cslint's one notion of a secret's name (cslint.codeship.secrets).
    ("CS368", "FROM debian:12\nARG USERNAME=vscode\nRUN useradd $USERNAME\n", None, 0),
    ("CS368", "FROM debian:12\nARG DOCKER_USERNAME\n", None, 0),
    ("CS368", "FROM debian:12\nARG DOCKER_PASSWORD\n", None, 1),
    # Semantic versions have no leading zeros.
    ("CS362", "FROM debian:12\nLABEL v=1.04.0\n", {"label-schema": {"v": "semver"}}, 1),
    # An .rpm file carries its version, with or without a dash in its name.
    ("CS345", "FROM centos:7\nRUN yum install -y /tmp/app.rpm && yum clean all\n", None, 0),
    # An image named by a build argument is checked with the argument's default.
    (
        "CS340",
        "ARG REG=ghcr.io\nFROM ${REG}/org/app:1\n",
        {"trusted-registries": ["ghcr.io"]},
        0,
    ),
    # A UID from an ENV variable is a UID.
    ("CS370", "FROM debian:12\nENV UID=10001\nUSER $UID\n", None, 0),
]


@pytest.mark.parametrize(("code", "source", "options", "count"), CASES)
def test_deliberate_difference(
    code: str, source: str, options: dict[str, Any] | None, count: int
) -> None:
    result = lint_text(
        source, "Dockerfile", select=[code], options={code: options} if options else None
    )
    assert len(result.diagnostics) == count, [d.message for d in result.diagnostics]
