"""The one notion of a secret-looking value, shared by the rules that look for secrets
(CS117, CS380, CS516) and by every output: messages, excerpts, fix texts and reports.

Two ways a value is a secret:
- its shape says so: an AWS key, a GitHub, Slack, npm or Stripe token, a private key, a
  password in a URL (`https://user:pass@host`);
- its name says so: a variable, key or argument called `*PASSWORD*`, `*SECRET*`,
  `*TOKEN*`, `*API_KEY*`, `*PRIVATE_KEY*`, `*ACCESS_KEY*`, `*CREDENTIAL*` and its value is
  written out (not a `${VAR}` reference, not empty). A `*_FILE` name holds a path to the
  secret (`POSTGRES_PASSWORD_FILE=/run/secrets/db`), not the secret.

A `Redactor` holds the secret values of one file (and, for convert, every value read from
an env file) and hides them wherever output would quote them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MASK = "********"
# Shorter values are too common to hide everywhere ("1", "yes", "test"): a password that
# short is no secret anyway.
MIN_LENGTH = 6

SECRET_NAME = re.compile(
    r"PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIAL"
    r"|AUTH_?KEY",
    re.IGNORECASE,
)
# Names that hold where a secret is, or say something about it, not the secret itself.
_NOT_A_VALUE = re.compile(r"(?:_FILE|_PATH|_DIR|_NAME|_ID|_URL_FILE|_LENGTH|_TTL)$", re.IGNORECASE)

# Credential formats with a fixed, recognisable shape: a match is almost never anything
# else. (Passwords of throw-away test databases have no shape and are found by name.)
PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("an AWS access key ID", re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")),
    ("a GitHub token", re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_\w{22,})")),
    ("a Slack token", re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}")),
    (
        "a Slack webhook URL",
        re.compile(r"https://hooks\.slack\.com/services/T[A-Z0-9]+/B[A-Z0-9]+/\w+"),
    ),
    ("a Google API key", re.compile(r"\bAIza[0-9A-Za-z_-]{35}\b")),
    ("a Stripe live key", re.compile(r"\b[rs]k_live_[0-9A-Za-z]{24,}\b")),
    ("an npm token", re.compile(r"\bnpm_[A-Za-z0-9]{36}\b")),
    ("a private key", re.compile(r"-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----")),
)
_AWS_SECRET_NAME = re.compile(r"AWS_SECRET_ACCESS_KEY|AWS_SECRET_KEY", re.IGNORECASE)
_AWS_SECRET_VALUE = re.compile(r"^[A-Za-z0-9/+]{40}$")
# The password of `scheme://user:password@host`.
_URL_PASSWORD = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s:/@'\"]+:([^\s@/'\"]+)@")

# NAME=value, NAME: value, NAME value (Dockerfile ENV's old form), --opt=value, with the
# value quoted or not: where a named value sits in any of the files cslint reads.
_ASSIGNMENT = re.compile(
    r"""(?P<name>[A-Za-z_][A-Za-z0-9_.-]*)["']?\s*(?:=|:(?=[ \t])|[ \t](?=\S))[ \t]*"""
    r"""(?:"(?P<dq>[^"\n]*)"|'(?P<sq>[^'\n]*)'|(?P<bare>[^\s"'#,}\]]+))"""
)


def is_secret_name(name: str) -> bool:
    """A variable, key or argument whose name says its value is a secret."""
    return bool(SECRET_NAME.search(name)) and not _NOT_A_VALUE.search(name)


def is_reference(value: str) -> bool:
    """`${VAR}`, `$VAR`: the value comes from elsewhere at run time."""
    return "$" in value


def credential_kind(name: str | None, text: str) -> str | None:
    """What credential `text` looks like by its shape, or None. `name` is the variable
    it is assigned to, when known."""
    for label, pattern in PATTERNS:
        if pattern.search(text):
            return label
    if name and _AWS_SECRET_NAME.fullmatch(name) and _AWS_SECRET_VALUE.match(text.strip()):
        return "an AWS secret access key"
    if _URL_PASSWORD.search(text):
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


def secret_values(text: str) -> set[str]:
    """Every secret-looking value written in `text` (any of cslint's file kinds, an env
    file, a command line): named ones, and anything with a credential's shape."""
    found: set[str] = set()
    for _, pattern in PATTERNS:
        found.update(m.group() for m in pattern.finditer(text))
    found.update(m.group(1) for m in _URL_PASSWORD.finditer(text))
    if SECRET_NAME.search(text):
        for match in _ASSIGNMENT.finditer(text):
            name = match.group("name")
            value = match.group("dq") or match.group("sq") or match.group("bare") or ""
            if is_secret_name(name) and value and not is_reference(value):
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
