from __future__ import annotations

from cslint.entry import main

if __name__ == "__main__":
    main()
