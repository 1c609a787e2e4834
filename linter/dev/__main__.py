"""`python -m cslint.dev new-rule CS119 some-name --family services [--root REPO]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cslint.dev.scaffold import ScaffoldError, new_rule


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cslint.dev")
    commands = parser.add_subparsers(dest="command", required=True)
    rule = commands.add_parser("new-rule", help="write a rule, its docs page and fixture")
    rule.add_argument("code", help="CSxxx, free and in the family's range")
    rule.add_argument("name", help="kebab-case, e.g. secret-in-environment")
    rule.add_argument("--family", required=True, help="services, steps or dockerfile")
    rule.add_argument("--root", type=Path, default=Path.cwd(), help="the cslint checkout")
    args = parser.parse_args(argv)
    try:
        written = new_rule(args.root, args.code, args.name, args.family)
    except ScaffoldError as exc:
        sys.stderr.write(f"cslint.dev: {exc}\n")
        return 2
    for path in written:
        sys.stdout.write(f"wrote {path}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
