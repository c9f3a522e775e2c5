-- Drives the language server from headless Neovim (0.7+) the way a user's config does, and writes what
-- Neovim saw to a JSON file for test/neovim/neovim.test.ts. Run by that test:
--   nvim --headless --clean -c 'luafile test/neovim/client.lua'
-- Environment: SME_SERVER (dist/server.js), SME_FILE (the Dockerfile to open), SME_ROOT (workspace folder),
-- SME_EXPECT (codes to wait for, comma-separated), SME_FIX (the code whose quick fix to apply),
-- SME_RESULT (where to write the JSON), SME_WAIT_MS (how long each wait may take), SME_SETTINGS (JSON, optional).
local env = vim.env
local wait_ms = tonumber(env.SME_WAIT_MS) or 20000
local result = { nvim = tostring(vim.version().major) .. '.' .. vim.version().minor .. '.' .. vim.version().patch }

local function write_result()
  local file = assert(io.open(env.SME_RESULT .. '.tmp', 'w'))
  file:write(vim.fn.json_encode(result))
  file:close()
  assert(os.rename(env.SME_RESULT .. '.tmp', env.SME_RESULT))
end

-- What the user sees: the diagnostics Neovim holds for the buffer, 1-based lines.
local function seen(bufnr)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(out, { code = d.code, line = d.lnum + 1, severity = d.severity, source = d.source, message = d.message })
  end
  return out
end

local function has_code(bufnr, code)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.code == code then return d end
  end
  return nil
end

local function main()
  vim.cmd('edit ' .. vim.fn.fnameescape(env.SME_FILE))
  local bufnr = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({
    name = 'sagemaker-entrypoint',
    cmd = { 'node', env.SME_SERVER, '--stdio' },
    root_dir = env.SME_ROOT,
    workspace_folders = { { uri = vim.uri_from_fname(env.SME_ROOT), name = 'workspace' } },
    settings = env.SME_SETTINGS and vim.fn.json_decode(env.SME_SETTINGS) or {},
    -- What nvim-lspconfig does: Neovim itself does not send the settings.
    on_init = function(client)
      client.notify('workspace/didChangeConfiguration', { settings = client.config.settings })
    end,
  })
  assert(client_id, 'the server did not start')
  assert(vim.lsp.buf_attach_client(bufnr, client_id), 'could not attach the buffer')
  local client = vim.lsp.get_client_by_id(client_id)

  local expected = vim.split(env.SME_EXPECT, ',', { trimempty = true })
  local started = vim.loop.hrtime()
  local all_there = vim.wait(wait_ms, function()
    for _, code in ipairs(expected) do
      if not has_code(bufnr, code) then return false end
    end
    return true
  end, 20)
  result.first_diagnostics_ms = (vim.loop.hrtime() - started) / 1e6
  result.before = seen(bufnr)
  result.pull_announced = client.server_capabilities.diagnosticProvider ~= nil
  if not all_there then
    result.error = 'timed out waiting for ' .. env.SME_EXPECT
    return
  end

  -- A quick fix as `vim.lsp.buf.code_action` asks for it: the LSP form of the diagnostics on that line.
  local target = has_code(bufnr, env.SME_FIX)
  local line_diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr, target.lnum)
  local context_diagnostics = vim.tbl_filter(function(d) return d.code == env.SME_FIX end, line_diagnostics)
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = context_diagnostics[1].range,
    context = { diagnostics = context_diagnostics, only = { 'quickfix' } },
  }
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, wait_ms) or {}
  local actions = (responses[client_id] or {}).result or {}
  result.actions = vim.tbl_map(function(a) return a.title end, actions)
  local chosen
  for _, action in ipairs(actions) do
    if action.edit and (chosen == nil or action.isPreferred) and not action.title:lower():find('ignore') then chosen = action end
  end
  if not chosen then
    result.error = 'no quick fix with an edit for ' .. env.SME_FIX
    return
  end
  result.applied = chosen.title
  vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding)
  result.fixed_line = vim.api.nvim_buf_get_lines(bufnr, target.lnum, target.lnum + 1, false)[1]

  local gone = vim.wait(wait_ms, function() return has_code(bufnr, env.SME_FIX) == nil end, 20)
  result.after = seen(bufnr)
  if not gone then result.error = env.SME_FIX .. ' did not go away after the fix' end
end

local ok, err = pcall(main)
if not ok then result.error = tostring(err) end
write_result()
vim.cmd(result.error and 'cquit' or 'qall!')
