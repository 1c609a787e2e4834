"""What a server imports and builds before it listens, so that a worker imports nothing.

Every cslint module but the language server, the contributor tooling, the server itself
and the Docker client; the rule families; the libraries the check path imports inside its
functions. Then what is built from cslint's own files alone and cached for the process:
the rule lists by kind, the compiled schema checks, jsonschema's validators, the
tree-sitter parser. Nothing that depends on a call's files, settings or environment (the
ShellCheck executable found on PATH, the limits, the result cache) is built here.
tests/test_server.py checks that a worker of the fast-path matrix imports no module.
"""

from __future__ import annotations

import importlib
import pkgutil
from contextlib import suppress

# Rooms a check never enters: pygls, libcst and the Docker client stay out of the server.
_SKIPPED = ("cslint.lsp", "cslint.dev", "cslint.server", "cslint.__main__", "cslint.pipeline")
# Never imported by a server: `dockerfile` (BuildKit's parser) is Go, and loading it starts
# the Go runtime's threads, which a fork does not copy; a worker forked after it would
# deadlock in its first garbage collection. Each worker imports it itself (about 2 ms).
FORK_UNSAFE = ("dockerfile",)
# Imported inside functions on the check path (and by typer for help and errors).
_LIBRARIES = (
    "concurrent.futures",
    "concurrent.futures.process",
    "multiprocessing",
    "multiprocessing.connection",
    "multiprocessing.managers",
    "multiprocessing.popen_fork",
    "multiprocessing.queues",
    "multiprocessing.synchronize",
    "difflib",
    "tomllib",
    "importlib.metadata",
    "atexit",
    "traceback",
    "tempfile",
    "shutil",
    "hashlib",
    "json",
    "selectors",
    "subprocess",
    "threading",
    "encodings.utf_8_sig",
    "typer",
    "typer._click.decorators",
    "typer._click._textwrap",
    "jsonschema",
    "ruamel.yaml",
    "tree_sitter",
    "tree_sitter_bash",
)


def preload() -> None:
    import cslint

    for found in pkgutil.walk_packages(cslint.__path__, "cslint.", onerror=lambda name: None):
        if not found.name.startswith(_SKIPPED):
            _try_import(found.name)
    for name in _LIBRARIES:
        _try_import(name)
    _warm()


def _try_import(name: str) -> None:
    # One that fails is imported by a worker itself, as in-process.
    with suppress(Exception):
        importlib.import_module(name)


def _warm() -> None:
    from cslint.codeship import fastschema, schema
    from cslint.core.kinds import FileKind
    from cslint.core.registry import rules_of_kind
    from cslint.parsers import yamldoc
    from cslint.parsers.bashlex_loader import import_bashlex
    from cslint.parsers.shell import warm
    from cslint.rules import all_rules

    all_rules()
    for kind in FileKind:
        rules_of_kind(kind)
        try:
            fastschema.checker(kind)
            # An invalid document builds jsonschema's validator for the kind.
            text = "a: 1\n" if kind is FileKind.SERVICES else "- 1\n"
            schema.validate(yamldoc.parse(text), kind)
        except Exception:  # noqa: BLE001, S110 - kinds without a schema
            pass
    warm()
    with suppress(Exception):  # the fallback parser is optional
        import_bashlex()
