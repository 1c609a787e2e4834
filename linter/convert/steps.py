"""A starting codeship-steps.yml: one run step per service that has a command or a build,
marked for the user to edit (compose has no steps; format doc §7)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

HEADER = """\
# codeship-steps.yml: a STARTING POINT written by `cslint convert`. EDIT IT.
# Compose has no steps, so this file runs each service that builds an image or has a
# command once, in order. Replace each command by what your pipeline must run (tests,
# then deploys), group steps with `type: parallel`, and add push steps for images.
"""


def steps_skeleton(services: Mapping[str, Any]) -> str:
    lines = [HEADER]
    count = 0
    for name, body in services.items():
        if not isinstance(body, Mapping):
            continue
        command = body.get("command")
        if not command and "build" not in body:
            continue
        count += 1
        lines.append(f"- name: {_quote(name)}")
        lines.append(f"  service: {_quote(name)}")
        if isinstance(command, str) and command.strip():
            lines.append("  # EDIT: the service's compose command; put your test command here")
            lines.append(f"  command: {_quote(command)}")
        else:
            lines.append("  # EDIT: 'true' only builds the image; put your test command here")
            lines.append("  command: 'true'")
    if count == 0:
        first = next(iter(services), "app")
        lines.append("# EDIT: no service builds an image or has a command; run one:")
        lines.append(f"- name: {_quote(first)}")
        lines.append(f"  service: {_quote(first)}")
        lines.append("  command: 'true'")
    return "\n".join(lines) + "\n"


def _quote(text: str) -> str:
    """A YAML scalar for `text`: plain when that reads back as the same string."""
    import re

    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_./-]*", text) and text.lower() not in _RESERVED:
        return text
    return json.dumps(text, ensure_ascii=False)


_RESERVED = frozenset({"true", "false", "yes", "no", "on", "off", "y", "n", "null", "nil", "~"})
