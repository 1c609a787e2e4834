"""The user's settings: `.cslint.yaml` or `[tool.cslint]` in pyproject.toml.

Found by walking up from each checked file's folder (ruff's way; see
commands/config_groups.py); `--config` names one for every file. A bad config is reported at its own file:line:col, and the CLI exits 2.

    select: [CS1, CS201]          # codes, code prefixes or rule names (default: all)
    ignore: [CS104, deprecated-links]
    severity: {CS103: error}      # override a rule's default severity
    fail-on: warning              # error (default) | warning | info | never
    exclude: ["vendor/**"]        # globs, relative to the config file's folder
    per-file-ignores: {"legacy/*.yml": [CS1]}
    rules: {CS205: {option: value}}
    docs-url: "https://<your docs site>/rules/{code}.html"   # rule links in json/sarif
    limits: {max-file-size: 8MiB}  # bounds on hostile input (docs/limits.md)
"""

from __future__ import annotations

import fnmatch
import os
import stat
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

from cslint.core import observe
from cslint.core.diagnostics import Severity, Span
from cslint.core.limits import DEFAULTS, Limits, LimitSettingError, from_settings

CONFIG_NAMES = (".cslint.yaml", ".cslint.yml")
FAIL_ON_VALUES = ("error", "warning", "info", "never")


class ConfigError(Exception):
    """A bad setting, at the place in the config file where it stands."""

    def __init__(self, path: str, span: Span | None, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.span = span
        self.message = message

    def __str__(self) -> str:
        where = f"{self.path}:{self.span.line}:{self.span.col}" if self.span else self.path
        return f"{where}: {self.message}"


class Config:
    """The settings a file is checked under: from the config file and the command line.
    Its repr names every setting: the result cache keys a run by it."""

    __slots__ = (
        "base_dir",
        "docs_url",
        "exclude",
        "fail_on",
        "hadolint_ignored",
        "hadolint_settings",
        "hadolint_severity",
        "ignore",
        "limits",
        "per_file_ignores",
        "rule_options",
        "select",
        "severity",
        "source",
    )

    select: Final[tuple[str, ...]]  # empty: every rule that is on by default
    ignore: Final[tuple[str, ...]]
    severity: Final[Mapping[str, Severity]]
    fail_on: Final[str]
    exclude: Final[tuple[str, ...]]
    per_file_ignores: Final[tuple[tuple[str, tuple[str, ...]], ...]]
    rule_options: Final[Mapping[str, Mapping[str, Any]]]
    # Codes from a `.hadolint.yaml` `ignored:` list; honoured for the corresponding rules.
    hadolint_ignored: Final[tuple[str, ...]]
    limits: Final[Limits]
    # The `.hadolint.yaml` settings rules read as options (`label-schema`,
    # `trustedRegistries`, `strict-labels`), by hadolint's key.
    hadolint_settings: Final[Mapping[str, Any]]
    # The `.hadolint.yaml` `override:` levels, by cslint rule code; `severity` wins over them.
    hadolint_severity: Final[Mapping[str, Severity]]
    base_dir: Final[str]  # the folder that globs are relative to
    source: Final[str | None]  # the config file, for messages
    # Template of the rule pages' web address, with `{code}`; None: see cslint.core.links.
    docs_url: Final[str | None]

    def __init__(
        self,
        *,
        select: tuple[str, ...] = (),
        ignore: tuple[str, ...] = (),
        severity: Mapping[str, Severity] | None = None,
        fail_on: str = "error",
        exclude: tuple[str, ...] = (),
        per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = (),
        rule_options: Mapping[str, Mapping[str, Any]] | None = None,
        hadolint_ignored: tuple[str, ...] = (),
        limits: Limits = DEFAULTS,
        hadolint_settings: Mapping[str, Any] | None = None,
        hadolint_severity: Mapping[str, Severity] | None = None,
        base_dir: str = ".",
        source: str | None = None,
        docs_url: str | None = None,
    ) -> None:
        self.select = select
        self.ignore = ignore
        self.severity = {} if severity is None else severity
        self.fail_on = fail_on
        self.exclude = exclude
        self.per_file_ignores = per_file_ignores
        self.rule_options = {} if rule_options is None else rule_options
        self.hadolint_ignored = hadolint_ignored
        self.limits = limits
        self.hadolint_settings = {} if hadolint_settings is None else hadolint_settings
        self.hadolint_severity = {} if hadolint_severity is None else hadolint_severity
        self.base_dir = base_dir
        self.source = source
        self.docs_url = docs_url

    def __repr__(self) -> str:
        return (
            f"Config(select={self.select!r}, ignore={self.ignore!r}, "
            f"severity={self.severity!r}, fail_on={self.fail_on!r}, "
            f"exclude={self.exclude!r}, per_file_ignores={self.per_file_ignores!r}, "
            f"rule_options={self.rule_options!r}, hadolint_ignored={self.hadolint_ignored!r}, "
            f"limits={self.limits!r}, hadolint_settings={self.hadolint_settings!r}, "
            f"hadolint_severity={self.hadolint_severity!r}, base_dir={self.base_dir!r}, "
            f"source={self.source!r}, docs_url={self.docs_url!r})"
        )

    def with_hadolint(
        self,
        ignored: tuple[str, ...],
        settings: Mapping[str, Any],
        severity: Mapping[str, Severity],
    ) -> Config:
        """These settings, with a `.hadolint.yaml`'s `ignored:`, rule settings and levels."""
        return Config(
            select=self.select,
            ignore=self.ignore,
            severity=self.severity,
            fail_on=self.fail_on,
            exclude=self.exclude,
            per_file_ignores=self.per_file_ignores,
            rule_options=self.rule_options,
            hadolint_ignored=ignored,
            limits=self.limits,
            hadolint_settings=settings,
            hadolint_severity=severity,
            base_dir=self.base_dir,
            source=self.source,
            docs_url=self.docs_url,
        )

    def with_rules(self, select: tuple[str, ...], ignore: tuple[str, ...], fail_on: str) -> Config:
        """These settings, with other rule selections and exit threshold."""
        return Config(
            select=select,
            ignore=ignore,
            severity=self.severity,
            fail_on=fail_on,
            exclude=self.exclude,
            per_file_ignores=self.per_file_ignores,
            rule_options=self.rule_options,
            hadolint_ignored=self.hadolint_ignored,
            limits=self.limits,
            hadolint_settings=self.hadolint_settings,
            hadolint_severity=self.hadolint_severity,
            base_dir=self.base_dir,
            source=self.source,
            docs_url=self.docs_url,
        )

    def is_excluded(self, path: str) -> bool:
        return any(_glob_match(path, pattern, self.base_dir) for pattern in self.exclude)

    def ignores_for(self, path: str) -> tuple[str, ...]:
        out: list[str] = []
        for pattern, codes in self.per_file_ignores:
            if _glob_match(path, pattern, self.base_dir):
                out.extend(codes)
        return tuple(out)


def _glob_match(path: str, pattern: str, base_dir: str) -> bool:
    """gitignore-like: a pattern without `/` matches any path component; one with `/` is
    matched against the path relative to the config's folder (fnmatch's `*` spans `/`)."""
    absolute = os.path.abspath(path)
    try:
        relative = os.path.relpath(absolute, os.path.abspath(base_dir)).replace(os.sep, "/")
    except ValueError:  # another drive on Windows
        relative = absolute.replace(os.sep, "/")
    pattern = pattern.removeprefix("./").rstrip("/")
    if "/" not in pattern:
        return any(fnmatch.fnmatchcase(part, pattern) for part in relative.split("/"))
    return fnmatch.fnmatchcase(relative, pattern) or fnmatch.fnmatchcase(relative, pattern + "/*")


def find_config(start: str, memo: dict[str, str | None] | None = None) -> str | None:
    """The nearest .cslint.yaml, or pyproject.toml with a [tool.cslint] table, upwards.
    `memo` (the answer for each folder already asked) lets a run over many folders look
    at each folder once."""
    return _nearest(observe.realpath(start), _config_in, memo)


# Folders are plain strings (os.path), not pathlib: its import, with urllib.parse and
# ipaddress, costs every start about 3 ms.
def _config_in(folder: str) -> str | None:
    for name in CONFIG_NAMES:
        candidate = os.path.join(folder, name)
        # A FIFO or device under a config name is an error to report, not a file to
        # skip silently (it would change the settings of every run below it).
        mode = _mode(candidate)
        if mode is not None and not stat.S_ISDIR(mode):
            return str(candidate)
    pyproject = os.path.join(folder, "pyproject.toml")
    mode = _mode(pyproject)
    if mode is not None and stat.S_ISREG(mode) and b"[tool.cslint" in _read_or_empty(pyproject):
        return pyproject
    return None


def upwards(folder: str) -> list[str]:
    """`folder` (absolute) and each folder above it, up to the root."""
    out = [folder]
    while (parent := os.path.dirname(out[-1])) != out[-1]:
        out.append(parent)
    return out


def _nearest(
    directory: str,
    here: Callable[[str], str | None],
    memo: dict[str, str | None] | None,
) -> str | None:
    """`here` of `directory` or of the nearest of its parents that has one."""
    seen: list[str] = []
    found = None
    for folder in upwards(directory):
        if memo is not None and folder in memo:
            found = memo[folder]
            break
        seen.append(folder)
        found = here(folder)
        if found is not None:
            break
    if memo is not None:
        memo.update(dict.fromkeys(seen, found))
    return found


def _mode(path: str) -> int | None:
    """The file type and mode, or None when there is nothing to see: missing, or in a
    folder this user may not search (os.stat raises PermissionError there; whatever
    config such a folder holds, its files are unreadable too and say so)."""
    try:
        return observe.stat(path).st_mode
    except (OSError, ValueError):
        return None


def _read_or_empty(path: str) -> bytes:
    """A pyproject.toml that cannot be read (or is huge, or a FIFO) holds no cslint table;
    `--config` names it explicitly when it should."""
    from cslint.core.limits import read_file

    try:
        return read_file(path)
    except OSError:
        return b""


def find_hadolint_config(start: str, memo: dict[str, str | None] | None = None) -> str | None:
    return _nearest(observe.realpath(start), _hadolint_config_in, memo)


def _hadolint_config_in(folder: str) -> str | None:
    for name in (".hadolint.yaml", ".hadolint.yml"):
        candidate = os.path.join(folder, name)
        mode = _mode(candidate)
        if mode is not None and stat.S_ISREG(mode):
            return candidate
    return None


def load_config(path: str | None, *, start: str = ".") -> Config:
    """Load the config at `path`, or the one found from `start`, or the defaults."""
    config = _load_cslint_config(path, start)
    hadolint = find_hadolint_config(start)
    if hadolint is None:
        return config
    ignored, settings, spans, override = _load_hadolint(hadolint)
    try:
        _check_hadolint_settings(hadolint, settings, spans)
    except ConfigError as exc:
        raise _quoted_safely(exc, hadolint) from None
    return config.with_hadolint(ignored, settings, _hadolint_levels(override))


def load_own_config(path: str | None, *, start: str = ".") -> Config:
    """The `.cslint.yaml` or `[tool.cslint]` settings alone, without `.hadolint.yaml`
    (`convert` reads only their limits)."""
    return _load_cslint_config(path, start)


def _load_cslint_config(path: str | None, start: str) -> Config:
    hadolint_ignored: tuple[str, ...] = ()  # filled in by load_config
    if path is None:
        path = find_config(start)
    if path is None:
        return Config()
    from cslint.core.limits import InputRefused, read_file

    try:
        raw = read_file(path)
    except InputRefused as exc:
        raise ConfigError(path, None, f"config not read: {exc.strerror}") from None
    except OSError as exc:
        raise ConfigError(path, None, f"cannot read config: {exc.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before.rsplit(b"\n", 1)[-1].decode("utf-8", errors="replace")) + 1
        raise ConfigError(path, Span.point(line, col), "config is not UTF-8 text") from None
    base_dir = os.path.dirname(observe.realpath(path))
    try:
        if path.endswith(".toml"):
            return _from_toml(path, text, base_dir, hadolint_ignored)
        return _from_yaml(path, text, base_dir, hadolint_ignored)
    except ConfigError as exc:
        raise _quoted_safely(exc, path) from None


def _quoted_safely(exc: ConfigError, path: str) -> ConfigError:
    """A config error quotes the config's text (a key, a value): never a credential, and
    nothing at all of a config that is a link out of its folder. A `.cslint.yaml` planted
    as a link to ~/.aws/credentials or /etc/shadow would otherwise print a line of it."""
    from cslint.codeship.secrets import Redactor

    real = observe.realpath(path)
    folder = observe.realpath(os.path.dirname(os.path.abspath(path)))
    if not real.startswith(folder + os.sep):
        return ConfigError(
            exc.path,
            exc.span,
            f"not a valid config; it is a link to {real}, out of its folder, so none of "
            f"its text is quoted here (check that file with --config {real})",
        )
    return ConfigError(exc.path, exc.span, Redactor().redact(exc.message))


def _from_toml(path: str, text: str, base_dir: str, hadolint_ignored: tuple[str, ...]) -> Config:
    import tomllib

    try:
        table = tomllib.loads(text).get("tool", {}).get("cslint", {})
    except tomllib.TOMLDecodeError as exc:
        message, span = _toml_error(str(exc), text)
        raise ConfigError(path, span, f"invalid TOML: {message}") from None
    except RecursionError:
        # tomllib recurses per nested array or inline table: `x = [[[...` three thousand
        # deep was exit 3.
        raise ConfigError(path, None, "invalid TOML: nested too deeply to read") from None
    # tomllib keeps no positions: find the key in the text (toml_keys.py).
    from cslint.core.toml_keys import key_span

    return _build(path, table, lambda keys: key_span(text, keys), base_dir, hadolint_ignored)


def _toml_error(message: str, text: str) -> tuple[str, Span | None]:
    """tomllib says "... (at line 3, column 5)" or "(at end of document)": make it a span."""
    import re

    match = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
    if match:
        return message[: match.start()], Span.point(int(match.group(1)), int(match.group(2)))
    match = re.search(r"\s*\(at end of document\)$", message)
    if match:
        lines = text.splitlines() or [""]
        return message[: match.start()], Span.point(len(lines), len(lines[-1]) + 1)
    return message, None


def _from_yaml(path: str, text: str, base_dir: str, hadolint_ignored: tuple[str, ...]) -> Config:
    from cslint.parsers import yamldoc

    try:
        doc = yamldoc.parse(text)
    except yamldoc.YamlSyntaxError as exc:
        raise ConfigError(path, exc.span, exc.message) from None
    if doc.duplicates:
        dup = doc.duplicates[0]
        raise ConfigError(path, dup.second, f"duplicate key {dup.key!r}")
    data = doc.data if doc.data is not None else {}
    return _build(path, data, doc.span, base_dir, hadolint_ignored)


_KEYS = (
    "select",
    "ignore",
    "severity",
    "fail-on",
    "exclude",
    "per-file-ignores",
    "rules",
    "docs-url",
    "limits",
)


def _build(
    path: str,
    data: Any,
    span_of: Any,
    base_dir: str,
    hadolint_ignored: tuple[str, ...],
) -> Config:
    def fail(keys: tuple[str | int, ...], message: str) -> ConfigError:
        return ConfigError(path, span_of(keys), message)

    if not isinstance(data, dict):
        raise fail((), "config must be a mapping of settings")
    for key in data:
        if key not in _KEYS:
            import difflib

            close = difflib.get_close_matches(str(key), _KEYS, n=1, cutoff=0.6)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise fail((key,), f"unknown setting {key!r}; {hint}expected one of {', '.join(_KEYS)}")

    def str_list(key: str) -> tuple[str, ...]:
        value = data.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail((key,), f"{key!r} must be a list of strings")
        return tuple(value)

    severity: dict[str, Severity] = {}
    raw_severity = data.get("severity", {})
    if not isinstance(raw_severity, dict):
        raise fail(("severity",), "'severity' must map rule codes to error, warning or info")
    for code, level in raw_severity.items():
        try:
            severity[code] = Severity.parse(str(level))
        except ValueError as exc:
            raise fail(("severity", code), str(exc)) from None

    fail_on = str(data.get("fail-on", "error")).lower()
    if fail_on not in FAIL_ON_VALUES:
        raise fail(("fail-on",), f"'fail-on' must be one of {', '.join(FAIL_ON_VALUES)}")

    per_file: list[tuple[str, tuple[str, ...]]] = []
    raw_pfi = data.get("per-file-ignores", {})
    if not isinstance(raw_pfi, dict):
        raise fail(("per-file-ignores",), "'per-file-ignores' must map globs to lists of codes")
    for glob, codes in raw_pfi.items():
        if isinstance(codes, str):
            codes = [codes]
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            raise fail(("per-file-ignores", glob), "each glob must map to a list of codes")
        per_file.append((str(glob), tuple(codes)))

    raw_rules = data.get("rules", {})
    if not isinstance(raw_rules, dict) or not all(isinstance(v, dict) for v in raw_rules.values()):
        raise fail(("rules",), "'rules' must map rule codes to mappings of options")

    docs_url = data.get("docs-url")
    if docs_url is not None and (
        not isinstance(docs_url, str)
        or not docs_url.startswith(("https://", "http://"))
        or "{code}" not in docs_url
    ):
        raise fail(
            ("docs-url",),
            "'docs-url' must be an http(s) address with {code} where the rule code goes",
        )

    raw_limits = data.get("limits", {})
    if not isinstance(raw_limits, dict):
        raise fail(("limits",), "'limits' must map limit names to values (docs/limits.md)")
    try:
        limits = from_settings(raw_limits)
    except LimitSettingError as exc:
        raise fail(("limits", exc.key), exc.message) from None

    config = Config(
        docs_url=docs_url,
        limits=limits,
        select=str_list("select"),
        ignore=str_list("ignore"),
        severity=severity,
        fail_on=fail_on,
        exclude=str_list("exclude"),
        per_file_ignores=tuple(per_file),
        rule_options=raw_rules,
        hadolint_ignored=hadolint_ignored,
        base_dir=base_dir,
        source=path,
    )
    _check_codes(config, fail)
    return config


def _check_codes(config: Config, fail: Any) -> None:
    """Every code, prefix and name in the config must mean at least one rule; a typo in
    `ignore` would otherwise silently ignore nothing."""
    from cslint.core.registry import resolve_rule, selector_matches_any

    for key, values in (("select", config.select), ("ignore", config.ignore)):
        for i, selector in enumerate(values):
            if not selector_matches_any(selector):
                raise fail((key, i), f"{selector!r} names no rule (see `cslint rules`)")
    for glob, codes in config.per_file_ignores:
        for code in codes:
            if not selector_matches_any(code):
                raise fail(("per-file-ignores", glob), f"{code!r} names no rule")
    for code in config.severity:
        if resolve_rule(code) is None:
            raise fail(("severity", code), f"{code!r} names no rule")
    for code, options in config.rule_options.items():
        rule = resolve_rule(code)
        if rule is None:
            raise fail(("rules", code), f"{code!r} names no rule")
        try:
            rule.make_options(options)
        except (ValueError, TypeError) as exc:
            raise fail(("rules", code), str(exc)) from None


HADOLINT_SETTINGS = ("label-schema", "strict-labels", "trustedRegistries")


def _load_hadolint(
    path: str,
) -> tuple[tuple[str, ...], dict[str, Any], dict[str, Span | None], Any]:
    """The `ignored:` codes, the settings rules read and the `override:` mapping, from a
    `.hadolint.yaml`. Other keys, and a file that is not YAML, are hadolint's to report,
    not cslint's."""
    from cslint.core.limits import read_file
    from cslint.parsers import yamldoc

    try:
        doc = yamldoc.parse(read_file(path).decode("utf-8", errors="replace"))
    except (OSError, yamldoc.YamlSyntaxError):
        return (), {}, {}, None
    if not isinstance(doc.data, dict):
        return (), {}, {}, None
    ignored = doc.data.get("ignored")
    codes = tuple(str(code) for code in ignored) if isinstance(ignored, list) else ()
    settings = {key: doc.data[key] for key in HADOLINT_SETTINGS if key in doc.data}
    spans: dict[str, Span | None] = {key: doc.span((key,)) for key in settings}
    return codes, settings, spans, doc.data.get("override")


# hadolint's four levels; cslint has no `style`, and hadolint ranks it below info.
_HADOLINT_LEVELS = {
    "error": Severity.ERROR,
    "warning": Severity.WARNING,
    "info": Severity.INFO,
    "style": Severity.INFO,
}


def _hadolint_levels(override: Any) -> dict[str, Severity]:
    """`override: {error: [DL3008], ...}` as levels of the cslint rules that answer for those
    codes. A shape hadolint would refuse is hadolint's to report; cslint reads what it can.
    A code listed under two levels takes the lower one."""
    from cslint.core.kinds import FileKind
    from cslint.core.registry import rules_of_kind

    if not isinstance(override, dict):
        return {}
    dockerfile_rules = rules_of_kind(FileKind.DOCKERFILE)
    by_code = {code: rule.code for rule in dockerfile_rules for code in rule.hadolint}
    out: dict[str, Severity] = {}
    for level, severity in _HADOLINT_LEVELS.items():
        listed = override.get(level)
        for code in listed if isinstance(listed, list) else ():
            rule_code = by_code.get(str(code).strip().upper())
            if rule_code is not None:
                out[rule_code] = severity
    return out


def _check_hadolint_settings(
    path: str, settings: Mapping[str, Any], spans: Mapping[str, Span | None]
) -> None:
    """A setting cslint uses must have the shape hadolint expects; say where it does not."""
    for rule in _hadolint_readers() if settings else ():
        given = _from_hadolint(rule.hadolint_settings, settings)
        if not given:
            continue
        try:
            rule.make_options(given)
        except (ValueError, TypeError) as exc:
            key = _culprit(rule, given)
            raise ConfigError(path, spans.get(key), f"{key!r}: {exc}") from None


def _culprit(rule: Any, given: Mapping[str, Any]) -> str:
    """The `.hadolint.yaml` key whose value the rule's options refuse on its own."""
    present = [(key, option) for key, option in rule.hadolint_settings if option in given]
    for key, option in present:
        try:
            rule.make_options({option: given[option]})
        except (ValueError, TypeError):
            return str(key)
    return str(present[0][0])


def _from_hadolint(
    mapping: tuple[tuple[str, str], ...], settings: Mapping[str, Any]
) -> dict[str, Any]:
    return {option: settings[key] for key, option in mapping if key in settings}


def _hadolint_readers() -> tuple[Any, ...]:
    """The rules that read `.hadolint.yaml` settings: Dockerfile rules (only that family is
    imported)."""
    from cslint.core.kinds import FileKind
    from cslint.core.registry import rules_of_kind

    return tuple(r for r in rules_of_kind(FileKind.DOCKERFILE) if r.hadolint_settings)


def rule_options(config: Config, given: Mapping[Any, Mapping[str, Any]]) -> dict[Any, Any]:
    """Each rule's options: its `.hadolint.yaml` settings, overridden by the `rules:` of
    the cslint config (`given`, keyed by rule class)."""
    readers = _hadolint_readers() if config.hadolint_settings else ()
    out: dict[Any, Any] = {}
    for rule in dict.fromkeys((*readers, *given)):
        merged = _from_hadolint(rule.hadolint_settings, config.hadolint_settings)
        merged.update({k.replace("-", "_"): v for k, v in (given.get(rule) or {}).items()})
        if merged or rule in given:
            out[rule] = merged
    return out


def merge_cli(
    config: Config,
    *,
    select: Sequence[str] | None,
    ignore: Sequence[str] | None,
    fail_on: str | None,
) -> Config:
    """Command-line flags win over the file: --select replaces, --ignore adds."""
    return config.with_rules(
        tuple(select) if select else config.select,
        config.ignore + tuple(ignore or ()),
        fail_on or config.fail_on,
    )
