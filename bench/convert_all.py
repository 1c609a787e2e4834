"""Convert each compose file named on the command line, one after the other, in this one
process (bench/run.py times it); refusals are expected for some real files."""

from __future__ import annotations

import sys

from cslint.convert.convert import convert
from cslint.convert.errors import ConvertError


def main(paths: list[str]) -> int:
    for path in paths:
        try:
            convert([path])
        except ConvertError:
            continue
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
