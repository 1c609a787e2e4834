"""`cslint lsp`: the language server. Its own room: nothing here is imported by `cslint
check`, and only `server.py` imports pygls (the `cslint[lsp]` extra); the other modules
are plain functions over the engine, tested without a client."""
