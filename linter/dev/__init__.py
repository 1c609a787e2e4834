"""Contributor tooling: `python -m cslint.dev new-rule CODE NAME --family FAMILY`.

Never imported by `cslint check` (libcst is imported here only, see the import contracts).
"""
