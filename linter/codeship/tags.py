"""How a `tag` / `exclude` value matches a build's branch or tag name (format doc §3.4).

One implementation for the rules (which branches can run a step) and the planner (does
this step run for this build). A value is a regular expression only when it contains `^`
or `$`; otherwise it must equal the whole name. Regexes are Go RE2, searched (not fully
matched), and an invalid one never matches (Jet 0.9.5 release notes).
"""

from __future__ import annotations

import functools
from typing import Any

# Characters that make a value a regular expression for CodeShip.
REGEX_TRIGGERS = ("^", "$")


def is_regex(value: str) -> bool:
    return any(ch in value for ch in REGEX_TRIGGERS)


@functools.lru_cache(maxsize=512)
def compile_re2(pattern: str) -> tuple[Any, str | None]:
    """(compiled pattern, None) or (None, RE2's reason); RE2 never logs to stderr here."""
    import re2

    options = re2.Options()
    options.log_errors = False
    try:
        return re2.compile(pattern, options), None
    except re2.error as exc:
        reason = exc.args[0] if exc.args else "invalid pattern"
        if isinstance(reason, bytes):
            reason = reason.decode("utf-8", errors="replace")
        return None, str(reason)


def matches(value: str, name: str) -> bool:
    """Whether a tag/exclude value selects the branch or tag `name`."""
    if not is_regex(value):
        return value == name
    compiled, _ = compile_re2(value)
    return compiled is not None and compiled.search(name) is not None
