"""cslint: lint CodeShip Pro pipelines before `jet` runs them.

Kept free of imports: every command pays for this module on start-up.
"""

__version__ = "0.1.0"
