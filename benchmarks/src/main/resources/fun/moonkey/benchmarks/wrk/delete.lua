-- The limit: MoonKey's session deletion called directly, with a distinct session token per
-- request. Script arguments (after "--"): a prefix that keeps the tokens of separate runs apart,
-- and the secret key.

dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "report.lua")

function init(args)
  prefix = args[1] or "run"
  sent = 0
  wrk.method = "DELETE"
  wrk.headers["Authorization"] = "Bearer " .. args[2]
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Accept"] = "application/json"
end

function request()
  sent = sent + 1
  wrk.body = '{"session_token":"bench-' .. prefix .. '-' .. id .. '-' .. sent .. '"}'
  return wrk.format()
end
