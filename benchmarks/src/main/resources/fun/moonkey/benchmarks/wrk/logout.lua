-- Logouts through the server under test: POST with a distinct MoonKey session token cookie per
-- request, sent the way a same-origin fetch() sends it (Origin of the page, Accept JSON).
-- Script argument (after "--"): a prefix that keeps the tokens of separate runs apart.

dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "report.lua")

function init(args)
  prefix = args[1] or "run"
  sent = 0
  pending = 0
  wrk.method = "POST"
  wrk.body = ""
  wrk.headers["Origin"] = "http://" .. wrk.headers["Host"]
  wrk.headers["Accept"] = "application/json"
end

function request()
  sent = sent + 1
  wrk.headers["Cookie"] = "session_token=bench-" .. prefix .. "-" .. id .. "-" .. sent
  return wrk.format()
end

-- LogoutFilter answers {"success":true,"revocation":"pending"} (or "failed") when MoonKey was
-- not reached within its timeout: a 200 that is not a revocation.
function response(status, headers, body)
  if body and string.find(body, '"revocation"', 1, true) then
    pending = pending + 1
  end
end
