"""The language server under a real editor: Neovim's built-in client, headless (skipped
where Neovim is not installed; `apt-get install neovim` gives 0.7, whose API is
`vim.lsp.start_client`; 0.8+ also has the `vim.lsp.start` that docs/editors.md shows)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = r"""
local root = vim.fn.getcwd()
local id = vim.lsp.start_client({ name = "cslint", cmd = CMD, root_dir = root })
vim.cmd("edit " .. root .. "/codeship-steps.yml")
vim.lsp.buf_attach_client(0, id)
local out = io.open(root .. "/out.txt", "w")
local function dump(label)
  out:write(label .. "\n")
  for _, d in ipairs(vim.diagnostic.get(0)) do
    out:write(string.format("%d:%d-%d:%d %s %s\n", d.lnum, d.col, d.end_lnum, d.end_col,
      d.source, d.message))
  end
end
vim.wait(30000, function() return #vim.diagnostic.get(0) > 0 end, 50)
dump("opened")
-- Type the fix into the buffer, unsaved: the diagnostic goes away.
vim.api.nvim_buf_set_lines(0, 0, 1, false, { "- service: web" })
vim.wait(30000, function() return #vim.diagnostic.get(0) == 0 end, 50)
dump("edited")
out:close()
vim.cmd("qa!")
"""


def test_neovim_builtin_client(tmp_path: Path) -> None:
    nvim = shutil.which("nvim")
    if nvim is None:
        pytest.skip("Neovim is not installed (apt-get install neovim)")
    (tmp_path / ".git").mkdir()
    (tmp_path / "codeship-services.yml").write_text("web:\n  image: nginx:1.27\n")
    (tmp_path / "codeship-steps.yml").write_text("- service: database\n  command: make\n")
    cmd = f'{{ "{sys.executable}", "-m", "cslint", "lsp" }}'
    (tmp_path / "t.lua").write_text(SCRIPT.replace("CMD", cmd))
    subprocess.run(
        [nvim, "--headless", "-u", "NONE", "-c", "luafile t.lua"],
        cwd=tmp_path,
        timeout=120,
        check=False,
        capture_output=True,
    )
    out = (tmp_path / "out.txt").read_text()
    assert out == (
        "opened\n"
        "0:11-0:19 cslint service 'database' is not defined in codeship-services.yml;"
        " it defines 'web'\n"
        "edited\n"
    )
