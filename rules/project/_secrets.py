"""Encrypted files: which ones a CodeShip file names, and whether their bytes look
encrypted (format doc §5). Nothing here decrypts, and nothing keeps a secret's text."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from cslint.codeship.services_model import services_root
from cslint.codeship.steps_model import build_steps, scalar_text
from cslint.core.kinds import FileKind
from cslint.parsers.yamldoc import JsonPath

ENCRYPTED_KEYS = ("encrypted_env_file", "encrypted_args_file", "encrypted_dockercfg_path")
HEADERS = ("codeship:v2", "cloudbees:v1")
_BASE64 = re.compile(r"[A-Za-z0-9+/_-]+={0,2}")
_ENV_LINE = re.compile(r"^\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_.-]*\s*=")
_YAML_LINE = re.compile(r"^\s*[A-Za-z_][A-Za-z0-9_.-]*\s*:\s+\S")


@dataclass(frozen=True, slots=True)
class EncryptedRef:
    path: JsonPath  # the value naming the file
    key: str
    file: str  # as written


def _texts(value: Any, path: JsonPath) -> Iterator[tuple[JsonPath, str]]:
    if isinstance(value, list):
        for i, item in enumerate(value):
            text = scalar_text(item)
            if text:
                yield (*path, i), text
    else:
        text = scalar_text(value)
        if text:
            yield path, text


def encrypted_refs(data: Any, kind: FileKind) -> list[EncryptedRef]:
    """Every encrypted file a services or steps document names, in document order."""
    places: list[tuple[JsonPath, dict[str, Any]]] = []
    if kind is FileKind.SERVICES:
        prefix, services = services_root(data)
        for name, definition in services.items():
            if isinstance(definition, dict):
                places.append(((*prefix, name), definition))
                build = definition.get("build")
                if isinstance(build, dict):
                    places.append(((*prefix, name, "build"), build))
    elif kind is FileKind.STEPS:
        places = [(step.path, step.data) for step in build_steps(data).steps]
    refs: list[EncryptedRef] = []
    for path, mapping in places:
        for key in ENCRYPTED_KEYS:
            if key in mapping:
                for at, text in _texts(mapping[key], (*path, key)):
                    refs.append(EncryptedRef(at, key, text))
    return refs


class Content(enum.Enum):
    ENCRYPTED = "encrypted"
    EMPTY = "empty"
    PLAINTEXT = "plaintext"  # KEY=value, key: value, or JSON credentials
    UNKNOWN = "unknown"  # neither: binary, or text in no known shape


@dataclass(frozen=True, slots=True)
class Verdict:
    content: Content
    line: int | None = None  # the first line that gives the plaintext away
    shape: str = ""  # "KEY=value lines", "JSON", "key: value lines"


def _is_base64(lines: list[str]) -> bool:
    body = "".join(line.strip() for line in lines)
    return bool(body) and _BASE64.fullmatch(body) is not None


def classify(raw: bytes) -> Verdict:
    """What an encrypted file's bytes are. Ciphertext is text: a bare base64 body (before
    jet 2.6), or a `codeship:v2` / `cloudbees:v1` header line and a base64 body."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return Verdict(Content.UNKNOWN)
    lines = text.splitlines()
    if not text.strip():
        return Verdict(Content.EMPTY)
    first = next(i for i, line in enumerate(lines) if line.strip())
    if lines[first].strip() in HEADERS:
        body = lines[first + 1 :]
        return Verdict(Content.ENCRYPTED if _is_base64(body) else Content.UNKNOWN)
    if _is_base64(lines):
        return Verdict(Content.ENCRYPTED)
    if lines[first].lstrip().startswith("{"):
        return Verdict(Content.PLAINTEXT, first + 1, "JSON")
    for number, line in enumerate(lines, start=1):
        if line.lstrip().startswith("#"):
            continue
        if _ENV_LINE.match(line):
            return Verdict(Content.PLAINTEXT, number, "KEY=value lines")
        if _YAML_LINE.match(line):
            return Verdict(Content.PLAINTEXT, number, "key: value lines")
    return Verdict(Content.UNKNOWN)
