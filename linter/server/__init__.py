"""The resident server (opt-in with CSLINT_SERVER=1; docs/server.md): a process that has
imported everything a call needs forks one worker per call, so a call pays the
interpreter's start and a small client instead of cslint's imports.

- `identity.py`: the key a server must match to answer a call, and where it listens.
- `wire.py`: the request a client sends and the lines a server answers.
- `client.py`: what the console script runs first when CSLINT_SERVER is set.
- `daemon.py`: starting a server in the background and its accept loop.
- `worker.py`: one call in a forked worker, set up as the calling process was.
- `preload.py`: what a server imports and warms before it listens.

`identity`, `wire` and `client` import only the standard library's C-level modules: the
client runs on every call (tests/test_server.py measures its imports)."""
