"""The one notion of a secret-looking value, shared by the rules that look for secrets
(CS117, CS119, CS368, CS380, CS516) and by every output: messages, excerpts, fix texts
and reports. No other module keeps its own (tests/test_secrets.py walks them all).

Two ways a value is a secret:
- its shape says so: an AWS key, a GitHub, Slack, npm or Stripe token, a private key, a
  password in a URL (`https://user:pass@host`);
- its name says so (`is_secret_name`): a variable, key or argument called `*PASSWORD*`,
  `*SECRET*`, `*TOKEN*`, `*API_KEY*`, `*PRIVATE_KEY*`, `*ACCESS_KEY*`, `*CLIENT_KEY*`,
  `*CREDENTIAL*` and its value is written out (not a `${VAR}` reference, not empty). A
  `*_FILE` name holds a path to the secret (`POSTGRES_PASSWORD_FILE=/run/secrets/db`),
  not the secret.

A `Redactor` holds the secret values of one file (and, for convert, every value read from
an env file) and hides them wherever output would quote them.

Encrypted files (format doc §5) are here too: which ones a CodeShip file names, and
whether their bytes look encrypted. Nothing here decrypts, and nothing keeps a secret's
text.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, Final

from cslint.core.kinds import FileKind
from cslint.core.lazyre import LazyPattern, lazy

if TYPE_CHECKING:
    from cslint.parsers.yamldoc import JsonPath

MASK = "********"
# Shorter values are too common to hide everywhere ("1", "yes", "test"): a password that
# short is no secret anyway.
MIN_LENGTH = 6

SECRET_NAME = lazy(
    r"PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIAL"
    r"|AUTH_?KEY|CLIENT_?KEY",
    re.IGNORECASE,
)
# Names that hold where a secret is, or say something about it, not the secret itself.
_NOT_A_VALUE = ("_FILE", "_PATH", "_DIR", "_NAME", "_ID", "_LENGTH", "_TTL")

# Credential formats with a fixed, recognisable shape: a match is almost never anything
# else. (Passwords of throw-away test databases have no shape and are found by name.)
PATTERNS: tuple[tuple[str, LazyPattern], ...] = (
    ("an AWS access key ID", lazy(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")),
    ("a GitHub token", lazy(r"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_\w{22,})")),
    ("a Slack token", lazy(r"\bxox[abprs]-[A-Za-z0-9-]{10,}")),
    (
        "a Slack webhook URL",
        lazy(r"https://hooks\.slack\.com/services/T[A-Z0-9]+/B[A-Z0-9]+/\w+"),
    ),
    ("a Google API key", lazy(r"\bAIza[0-9A-Za-z_-]{35}\b")),
    ("a Stripe live key", lazy(r"\b[rs]k_live_[0-9A-Za-z]{24,}\b")),
    ("an npm token", lazy(r"\bnpm_[A-Za-z0-9]{36}\b")),
    ("a private key", lazy(r"-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----")),
)
# A literal each pattern's match must contain: a text without one skips that pattern.
_LITERALS: tuple[tuple[str, ...], ...] = (
    ("AKIA", "ASIA"),
    ("gh", "github_pat_"),
    ("xox",),
    ("hooks.slack.com",),
    ("AIza",),
    ("k_live_",),
    ("npm_",),
    ("-----BEGIN",),
)
_AWS_SECRET_NAME = lazy(r"AWS_SECRET_ACCESS_KEY|AWS_SECRET_KEY", re.IGNORECASE)
_AWS_SECRET_VALUE = lazy(r"^[A-Za-z0-9/+]{40}$")
# The password of `scheme://user:password@host`.
# Bounded repeats and a scheme that must start at a word boundary keep it linear on a long
# run of letters.
_URL_PASSWORD = lazy(
    r"(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{0,31}://[^\s:/@'\"]{1,256}:([^\s@/'\"]{1,256})@"
)

# A name with a secret word in it, then where its value sits: NAME=value, NAME: value,
# NAME value (Dockerfile ENV's old form), quoted or not; in any of the files cslint reads.
# Secret words, then the rest of the name (a bounded repeat: names are short).
_WORD = lazy(SECRET_NAME.pattern.lower())
_NAME_TAIL = lazy(r"[A-Za-z0-9_.-]{1,128}")
_VALUE = lazy(
    r"""["']?[ \t]*(?:=|:(?=[ \t])|[ \t](?=\S))[ \t]*"""
    r"""(?:"(?P<dq>[^"\n]*)"|'(?P<sq>[^'\n]*)'|(?P<bare>[^\s"'#,}\]]+))"""
)


def is_secret_name(name: str) -> bool:
    """A variable, key or argument whose name says its value is a secret."""
    return bool(SECRET_NAME.search(name)) and not name.upper().endswith(_NOT_A_VALUE)


def is_reference(value: str) -> bool:
    """`${VAR}`, `$VAR`: the value comes from elsewhere at run time."""
    return "$" in value


def credential_kind(name: str | None, text: str) -> str | None:
    """What credential `text` looks like by its shape, or None. `name` is the variable
    it is assigned to, when known."""
    for (label, pattern), literals in zip(PATTERNS, _LITERALS, strict=True):
        # The literal first: most values have none, and their patterns stay uncompiled.
        if any(literal in text for literal in literals) and pattern.search(text):
            return label
    if name and _AWS_SECRET_NAME.fullmatch(name) and _AWS_SECRET_VALUE.match(text.strip()):
        return "an AWS secret access key"
    if "://" in text and _URL_PASSWORD.search(text):
        return "a password in a URL"
    return None


def looks_secret(name: str | None, value: str) -> bool:
    """The one test: does `value`, assigned to `name`, look like a secret?"""
    value = value.strip()
    if not value:
        return False
    if credential_kind(name, value):
        return True
    return bool(name) and is_secret_name(str(name)) and not is_reference(value)


# Whether a value is reported for its name alone (`POSTGRES_PASSWORD: test`, no credential's
# shape), by default, in both commands: check's CS119 is on exactly when this is true, and
# convert's CS516 notes such a variable exactly when this is true (a value with a
# credential's shape is reported by both always: CS117 and CS516). Off, because over
# ../shared/corpus every such finding was the password of a throw-away test database (9 of
# 9 in the CodeShip files, and the compose files' are their local databases' passwords):
# warnings nobody acts on (docs/precision.md).
NAMED_SECRETS_BY_DEFAULT = False
NAMED_SECRETS_OPT_IN = (
    "a policy: over the corpus every finding was the password of a throw-away test "
    "database; CS117 reports credentials that have a credential's shape"
)


def reported_by_default(name: str | None, value: str) -> bool:
    """Whether a written-out variable is reported with no rule selected: when it has a
    credential's shape, or (with NAMED_SECRETS_BY_DEFAULT) a secret's name."""
    if credential_kind(name, value.strip()):
        return True
    return NAMED_SECRETS_BY_DEFAULT and looks_secret(name, value)


def secret_values(text: str) -> set[str]:
    """Every secret-looking value written in `text` (any of cslint's file kinds, an env
    file, a command line): named ones, and anything with a credential's shape."""
    found: set[str] = set()
    for (_, pattern), literals in zip(PATTERNS, _LITERALS, strict=True):
        if any(literal in text for literal in literals):
            found.update(m.group() for m in pattern.finditer(text))
    if "://" in text:
        found.update(m.group(1) for m in _URL_PASSWORD.finditer(text))
    last_end = -1
    # Case-folded once, so the word search is a plain (fast) alternation; a name's tail
    # is all that decides (`*_FILE`), so no scan backwards is needed.
    for word in _WORD.finditer(text.lower()):
        tail = _NAME_TAIL.match(text, word.end())
        end = tail.end() if tail else word.end()
        if end == last_end or text[word.start() : end].upper().endswith(_NOT_A_VALUE):
            continue
        last_end = end
        match = _VALUE.match(text, end)
        if match is None:
            continue
        value = match.group("dq") or match.group("sq") or match.group("bare") or ""
        if value and not is_reference(value):
            found.add(value)
    return {value for value in found if len(value) >= MIN_LENGTH}


class Redactor:
    """Hides known secret values (and anything shaped like a credential) in text."""

    def __init__(self, values: Iterable[str] = ()) -> None:
        self.values = {v for v in values if len(v) >= MIN_LENGTH}
        alternatives = [re.escape(v) for v in sorted(self.values, key=len, reverse=True)]
        alternatives += [p.pattern for _, p in PATTERNS]
        self._pattern = re.compile("|".join(f"(?:{a})" for a in alternatives))

    def __bool__(self) -> bool:
        return bool(self.values)

    def merged(self, values: Iterable[str]) -> Redactor:
        return Redactor(self.values | set(values))

    def redact(self, text: str) -> str:
        out = self._pattern.sub(MASK, text)
        return _URL_PASSWORD.sub(lambda m: m.group().replace(m.group(1), MASK), out)

    def reveals(self, text: str) -> bool:
        """True when `text` holds a secret: it must not be printed as it is."""
        return self._pattern.search(text) is not None or _URL_PASSWORD.search(text) is not None


def redactor_for(text: str | None, extra: Iterable[str] = ()) -> Redactor:
    return Redactor((secret_values(text) if text else set()) | set(extra))


# -- encrypted files ----------------------------------------------------------------

ENCRYPTED_KEYS = ("encrypted_env_file", "encrypted_args_file", "encrypted_dockercfg_path")
HEADERS = ("codeship:v2", "cloudbees:v1")
_BASE64 = lazy(r"[A-Za-z0-9+/_-]+={0,2}")
_ENV_LINE = lazy(r"^\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_.-]*\s*=")
_YAML_LINE = lazy(r"^\s*[A-Za-z_][A-Za-z0-9_.-]*\s*:\s+\S")


class EncryptedRef:
    """A key of a CodeShip file that names an encrypted file."""

    __slots__ = ("file", "key", "path")

    path: Final[JsonPath]  # the value naming the file
    key: Final[str]
    file: Final[str]  # as written

    def __init__(self, path: JsonPath, key: str, file: str) -> None:
        self.path = path
        self.key = key
        self.file = file


def _texts(value: Any, path: JsonPath) -> Iterator[tuple[JsonPath, str]]:
    from cslint.codeship.steps_model import scalar_text

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
    from cslint.codeship.services_model import services_root
    from cslint.codeship.steps_model import build_steps

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


class Verdict:
    """What a file named as encrypted holds (encrypted, empty, plaintext or unknown), and
    what gives plaintext away."""

    __slots__ = ("content", "line", "shape")

    content: Final[Content]
    line: Final[int | None]  # the first line that gives the plaintext away
    shape: Final[str]  # "KEY=value lines", "JSON", "key: value lines"

    def __init__(self, content: Content, line: int | None = None, shape: str = "") -> None:
        self.content = content
        self.line = line
        self.shape = shape


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
