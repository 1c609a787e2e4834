"""Text in, positioned data out: YAML, Dockerfiles, the shell inside RUN, and ShellCheck.
Parsers never import the engine, the rules or the commands."""
