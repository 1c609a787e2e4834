"""Convert every compose file of the shared corpus and count what happened.

    python3 bench/convert_corpus.py [../shared/corpus/compose]

For each file: converted or refused (exit 2, with the reason), crashes (a bug), whether
the output passes `cslint check` with no error and converts again to the same text; then
the most common notes. Exit 1 when anything crashed, failed the check or was not
idempotent.
"""

from __future__ import annotations

import collections
import sys
import time
from pathlib import Path

from cslint.convert.convert import convert
from cslint.convert.errors import ConvertError
from cslint.core.diagnostics import Severity
from cslint.core.engine import lint_text

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "compose"


def main(folder: Path) -> int:
    files = sorted(p for p in folder.iterdir() if p.suffix in (".yml", ".yaml"))
    converted, refused, crashed, check_errors, unstable = [], [], [], [], []
    input_errors: list[tuple[str, list[str]]] = []
    notes: collections.Counter[str] = collections.Counter()
    drops: collections.Counter[str] = collections.Counter()
    started = time.perf_counter()
    for path in files:
        try:
            result = convert([str(path)], display_root=str(folder))
        except ConvertError as exc:
            refused.append((path.name, exc.message))
            continue
        except Exception as exc:  # noqa: BLE001 - a crash is what this script looks for
            crashed.append((path.name, f"{type(exc).__name__}: {exc}"))
            continue
        converted.append(path.name)
        for note in result.notes.items:
            notes[note.code] += 1
            if note.code in ("CS500", "CS501", "CS503"):
                drops[note.message.split(":", 1)[0].split(" of service")[0]] += 1
        lint = lint_text(result.text, "codeship-services.yml")
        # CS4xx look for build contexts and Dockerfiles, which the corpus does not hold.
        errors = [
            d
            for d in lint.diagnostics
            if d.severity is Severity.ERROR and not d.code.startswith("CS4")
        ]
        # An error the compose file already has (as a services file) is the input's, kept.
        before = lint_text(path.read_text(encoding="utf-8"), "docker-compose.yml")
        inherited = {d.code for d in before.diagnostics if d.severity is Severity.ERROR}
        kept_errors = [d for d in errors if d.code in inherited]
        errors = [d for d in errors if d.code not in inherited]
        if kept_errors:
            input_errors.append((path.name, sorted({d.code for d in kept_errors})))
        if errors:
            check_errors.append(
                (path.name, [f"{d.code}@{d.span.line}:{d.span.col} {d.message}" for d in errors])
            )
        tmp = folder.parent / ".convert-again.yml"
        try:
            again = _convert_text(result.text, path)
        except ConvertError as exc:
            unstable.append((path.name, f"second conversion refused: {exc}"))
            continue
        finally:
            tmp.unlink(missing_ok=True)
        if again != result.text:
            unstable.append((path.name, "second conversion changed the text"))
    elapsed = time.perf_counter() - started
    print(
        f"{len(files)} files: {len(converted)} converted, {len(refused)} refused, "
        f"{len(crashed)} crashed ({elapsed:.2f}s)"
    )
    print(f"output with an error-level finding of `cslint check`: {len(check_errors)}")
    print(f"output keeping an error the input already had: {len(input_errors)}")
    print(f"not idempotent: {len(unstable)}")
    for name, reason in refused:
        print(f"  refused {name}: {reason}")
    for name, reason in crashed:
        print(f"  CRASH {name}: {reason}")
    for name, errs in check_errors:
        print(f"  check error {name}: {errs[:3]}")
    for name, codes in input_errors:
        print(f"  input's own error kept {name}: {', '.join(codes)}")
    for name, reason in unstable:
        print(f"  unstable {name}: {reason}")
    print("notes by code:", ", ".join(f"{c} {n}" for c, n in sorted(notes.items())))
    print("most common drops:")
    for what, n in drops.most_common(15):
        print(f"  {n:4d}  {what}")
    return 1 if crashed or check_errors or unstable else 0


def _convert_text(text: str, original: Path) -> str:
    """Convert `text` as if it were written next to `original` (same relative paths)."""
    import tempfile

    with tempfile.NamedTemporaryFile(
        "w", suffix=".yml", dir=original.parent, delete=False, encoding="utf-8"
    ) as handle:
        handle.write(text)
    try:
        return convert([handle.name], display_root=str(original.parent)).text
    finally:
        Path(handle.name).unlink()


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT))
