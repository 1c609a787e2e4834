"""Import bashlex without rebuilding its parser tables on every run.

bashlex builds its LALR tables when it is imported (its bundled PLY never reads the
`parsetab` it ships): about 75 ms of CPU on every start that lints a Dockerfile, which a
pre-commit hook pays on each commit. The tables depend only on the grammar, so the first
run keeps them as JSON in the user's cache folder, keyed by bashlex's version and a hash
of its grammar, and later runs load them in about 2 ms. Any surprise (a bashlex whose
internals differ, an unwritable cache, a damaged file) falls back to the plain import.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from cslint.core.cachedir import cache_dir


def _grammar_key(grammar: Any) -> str:
    from importlib.metadata import version

    productions = "\n".join(str(p) for p in grammar.Productions)
    digest = hashlib.sha256(productions.encode()).hexdigest()[:16]
    return f"bashlex-{version('bashlex')}-{digest}.json"


def _read(path: Path) -> tuple[dict[int, Any], dict[int, Any]] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        action = {int(k): v for k, v in data["action"].items()}
        goto = {int(k): v for k, v in data["goto"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return action, goto


def _write(path: Path, action: dict[int, Any], goto: dict[int, Any]) -> None:
    from cslint.core.atomic import write_atomic

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(
            {
                "action": {str(k): v for k, v in action.items()},
                "goto": {str(k): v for k, v in goto.items()},
            }
        )
        write_atomic(str(path), text)
    except OSError:
        pass  # no cache this time; the tables were built anyway


def import_bashlex() -> ModuleType:
    if "bashlex.parser" in sys.modules:
        loaded: ModuleType = sys.modules["bashlex"]
        return loaded
    spec = importlib.util.find_spec("bashlex")
    if spec is None or spec.loader is None:
        raise ImportError("bashlex is not installed")
    package = importlib.util.module_from_spec(spec)
    sys.modules["bashlex"] = package
    try:
        yacc: Any = importlib.import_module("bashlex.yacc")
        base: Any = yacc.LRTable
    except (ImportError, AttributeError):
        del sys.modules["bashlex"]
        return importlib.import_module("bashlex")

    class CachedTable(base):  # type: ignore[misc]
        def __init__(self, grammar: Any, log: Any = None) -> None:
            path = cache_dir() / _grammar_key(grammar)
            tables = _read(path)
            if tables is None:
                super().__init__(grammar, log)
                _write(path, self.lr_action, self.lr_goto)
                return
            self.grammar = grammar
            self.lr_action: dict[int, Any] = tables[0]
            self.lr_goto: dict[int, Any] = tables[1]
            self.lr_productions = grammar.Productions
            self.sr_conflicts: list[Any] = []
            self.rr_conflicts: list[Any] = []

    yacc.LRTable = CachedTable
    try:
        spec.loader.exec_module(package)
    except BaseException:
        for name in [m for m in sys.modules if m == "bashlex" or m.startswith("bashlex.")]:
            del sys.modules[name]
        raise
    finally:
        yacc.LRTable = base
    return package
