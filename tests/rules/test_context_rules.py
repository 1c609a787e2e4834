"""Rules that read the context before they speak (issue 13): the advice fits the base
image and keeps a valid registry path, and one cause gives one finding with its count."""

from __future__ import annotations

import pytest

from cslint.core.diagnostics import Severity
from cslint.core.engine import lint_text


@pytest.mark.parametrize(
    ("base", "says", "never"),
    [
        ("alpine:3.20", "'set -o pipefail &&' (busybox sh has it)", "/bin/bash"),
        ("python:3.12-alpine", "'set -o pipefail &&'", "/bin/bash"),
        ("debian:12", 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]', "set -o pipefail &&"),
        ("python:3.12", 'SHELL ["/bin/bash"', "set -o pipefail &&"),
        ("node:22-slim", 'SHELL ["/bin/bash"', "set -o pipefail &&"),
    ],
)
def test_pipefail_advice_fits_the_base_image(base: str, says: str, never: str) -> None:
    text = f'FROM {base} AS build\nFROM build\nRUN curl -fsSL "$URL" | tar -xz\n'
    (found,) = lint_text(text, "Dockerfile", select=["CS328"]).diagnostics
    assert says in found.message and never not in found.message


def test_push_advice_keeps_the_image_name_the_push_goes_to() -> None:
    services = "gar:\n  build:\n    image: us-central1-docker.pkg.dev/project/repo\n"
    steps = (
        "- type: push\n  service: gar\n"
        "  image_name: us-central1-docker.pkg.dev/project/repo/test-image\n"
    )
    (found,) = lint_text(
        steps, "codeship-steps.yml", files={"codeship-services.yml": services}, select=["CS402"]
    ).diagnostics
    assert found.severity is Severity.INFO
    assert "set 'build.image' to 'us-central1-docker.pkg.dev/project/repo/test-image'" in (
        found.message
    )
    assert "use 'us-central1-docker.pkg.dev/project/repo'" not in found.message


def test_one_cause_one_finding_with_the_count_and_the_places() -> None:
    text = "".join(f"s{i}:\n  build: ./s{i}\n  default_cache_branch: latest\n" for i in range(17))
    (found,) = lint_text(text, "codeship-services.yml", select=["CS109"]).diagnostics
    assert found.span.line == 3
    assert "(the same on 16 more lines: 6, 9, 12, 15, 18, ...)" in found.message
    assert len(found.related) == 16 and found.related[-1].span.line == 51


def test_a_repeated_mistake_is_still_reported_at_each_place() -> None:
    # Service keys that change nothing on a step are errors, each its own.
    steps = "".join(f"- service: app\n  command: c{i}\n  volumes: ['./o:/o']\n" for i in range(3))
    found = lint_text(steps, "codeship-steps.yml", select=["CS209"]).diagnostics
    assert [(d.span.line, d.severity) for d in found] == [
        (3, Severity.ERROR),
        (6, Severity.ERROR),
        (9, Severity.ERROR),
    ]


def test_a_secret_name_at_a_line_end_takes_no_value_from_the_next_line() -> None:
    # `encrypted_env_file: ./test-tokens.crypt` then `volumes:` made 'volumes:' a secret,
    # and every message of the run that said 'volumes:' was masked.
    from cslint.codeship.secrets import secret_values

    text = "app:\n  encrypted_env_file: ./deployment/test-tokens.crypt\n  volumes:\n    - ./a:/a\n"
    assert secret_values(text) == set()
    assert secret_values("env:\n  DB_PASSWORD: hunter2hunter\n") == {"hunter2hunter"}


def test_shellcheck_knows_what_busybox_sh_has() -> None:
    script = 'RUN f=iptables; b="${f/tables/tables-legacy}"; [ "$b" == x ] || echo -e "a"\n'
    debian = lint_text(f"FROM debian:12\n{script}", "Dockerfile", select=["CS390"]).diagnostics
    alpine = lint_text(f"FROM alpine:3.20\n{script}", "Dockerfile", select=["CS390"]).diagnostics
    if not debian:
        pytest.skip("ShellCheck is not installed")
    assert sorted(d.message.split(":")[0] for d in debian) == ["SC3014", "SC3037", "SC3060"]
    assert alpine == []
