"""`cslint check`'s command line read with the standard library, for the console script's
fast path (entry.py): pre-commit and editors call `cslint check` with a few known options
on every commit or save, and importing typer and building its command would cost more
than the whole check of a small project.

`parse` accepts only what it is sure click reads the same way (the options of
`cslint check`, spelled exactly, a value that does not look like an option, a whole
number for --jobs) and returns None for anything else: help, an unknown option, a
missing or odd value, `--`, options before `check`. The caller then runs the typer app,
so every error and every help text is typer's own (tests/test_fast_path.py runs a matrix
of command lines through both and compares the output and exit code, and checks that
OPTIONS names exactly the options of the typer command).
"""

from __future__ import annotations

FLAG, VALUE, MANY, NUMBER = "flag", "value", "many", "number"

# option -> (run_check's parameter, how it takes its value)
OPTIONS: dict[str, tuple[str, str]] = {
    "--format": ("output_format", VALUE),
    "-f": ("output_format", VALUE),
    "--fail-on": ("fail_on", VALUE),
    "--select": ("select", MANY),
    "--ignore": ("ignore", MANY),
    "--config": ("config", VALUE),
    "--kind": ("kind", VALUE),
    "--stdin-filename": ("stdin_filename", VALUE),
    "--output": ("output", VALUE),
    "-o": ("output", VALUE),
    "--fix": ("fix", FLAG),
    "--unsafe-fixes": ("unsafe_fixes", FLAG),
    "--no-color": ("no_color", FLAG),
    "--color": ("color", VALUE),
    "--quiet": ("quiet", FLAG),
    "-q": ("quiet", FLAG),
    "--statistics": ("statistics", FLAG),
    "--show-fixes": ("show_fixes", FLAG),
    "--diff": ("diff", FLAG),
    "--debug": ("debug", FLAG),
    "--no-cache": ("no_cache", FLAG),
    "--jobs": ("jobs", NUMBER),
}


def parse(argv: list[str]) -> dict[str, object] | None:
    """run_check's keyword arguments for `check ...`, or None when typer must decide."""
    if not argv or argv[0] != "check":
        return None
    found: dict[str, object] = {}
    paths: list[str] = []
    rest = iter(argv[1:])
    for arg in rest:
        if arg == "-" or not arg.startswith("-"):
            paths.append(arg)  # click takes '-' as an argument too (stdin)
            continue
        name, equals, inline = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        spec = OPTIONS.get(name)
        if spec is None:
            return None
        param, how = spec
        if how == FLAG:
            if equals:
                return None  # click: "Option '--fix' does not take a value."
            found[param] = True
            continue
        value = inline if equals else next(rest, None)
        # A value that looks like an option: click would take it as the value, but a
        # mistake is likelier, and typer's own reading is then the one to show.
        if value is None or (not equals and value.startswith("-")):
            return None
        if how == NUMBER:
            if not (value.isascii() and value.isdigit()):
                return None  # negative, signed, spaced or not a number: typer's message
            found[param] = int(value)
        elif how == MANY:
            values = found.setdefault(param, [])
            assert isinstance(values, list)
            values.append(value)
        else:
            found[param] = value
    if paths:
        found["paths"] = paths
    return found
