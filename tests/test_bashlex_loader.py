"""bashlex with cached parser tables parses exactly like bashlex built from scratch."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SCRIPTS = [
    "apt-get update && apt-get install -y --no-install-recommends curl=7.88 | tee log",
    "set -eux; (cd /src && make -j$(nproc)) || exit 1; echo `date` > /built",
    "if [ -f x ]; then pip install -r x; else echo none; fi; for a in 1 2; do echo $a; done",
    'bash -c "echo \\"$HOME\\"" && cat <<EOF > /etc/x\nline\nEOF\n',
    "case $x in a|b) y;; esac",
]

PROBE = """
import json, sys
scripts = json.loads(sys.argv[1])
if sys.argv[2] == "cached":
    from cslint.parsers.bashlex_loader import import_bashlex
    bashlex = import_bashlex()
else:
    import bashlex
out = []
for s in scripts:
    try:
        out.append([t.dump() for t in bashlex.parse(s)])
    except Exception as exc:
        out.append(type(exc).__name__)
print(json.dumps(out))
"""


def _parse_all(mode: str, cache: Path) -> object:
    env = {**os.environ, "CSLINT_CACHE_DIR": str(cache)}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(SCRIPTS), mode],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return json.loads(done.stdout)


def test_cached_tables_parse_like_fresh_ones(tmp_path: Path) -> None:
    plain = _parse_all("plain", tmp_path)
    first = _parse_all("cached", tmp_path)  # builds the tables and writes the cache
    assert list(tmp_path.glob("bashlex-*.json")), "the tables were not cached"
    second = _parse_all("cached", tmp_path)  # loads them
    assert plain == first == second


def test_a_damaged_cache_falls_back_to_building(tmp_path: Path) -> None:
    _parse_all("cached", tmp_path)
    for path in tmp_path.glob("bashlex-*.json"):
        path.write_text("{not json")
    assert _parse_all("cached", tmp_path) == _parse_all("plain", tmp_path)


def test_an_unwritable_cache_is_harmless(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("")
    assert _parse_all("cached", blocked / "sub") == _parse_all("plain", tmp_path)
