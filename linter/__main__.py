from __future__ import annotations

from cslint.cli import main

if __name__ == "__main__":
    main()
