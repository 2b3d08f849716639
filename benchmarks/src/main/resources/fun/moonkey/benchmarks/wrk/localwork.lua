-- The local part of a logout, from outside the server: each wrk thread signs users in and logs
-- them out, every sign-in followed by one logout with the session cookie it set.
--   GET <signin path>  -> 204 with Set-Cookie: JSESSIONID=...; the cookie joins the thread's queue
--   POST <logout path> with the oldest queued cookie (Origin of the server, as a same-origin form
--   sends it) -> a redirect (301 to 303) counts as a logout
-- A connection sends a logout whenever a cookie waits and signs a new user in otherwise, so about
-- half the requests are logouts. Anything else is counted as unexpected.
-- Script arguments (after "--"): a run prefix (unused) and the sign-in path.

dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "report.lua")

function init(args)
  signin_path = args[2]
  logout_path = wrk.path
  origin = "http://" .. wrk.headers["Host"]
  cookies = {}
  first, last = 1, 0
  logouts, signins, unexpected = 0, 0, 0
end

function request()
  if first <= last then
    local cookie = cookies[first]
    cookies[first] = nil
    first = first + 1
    return wrk.format("POST", logout_path, { ["Cookie"] = cookie, ["Origin"] = origin }, "")
  end
  return wrk.format("GET", signin_path)
end

function response(status, headers, body)
  if status == 204 then
    local set = headers["Set-Cookie"]
    local cookie = set and set:match("^(JSESSIONID=[^;]+)")
    if cookie then
      signins = signins + 1
      last = last + 1
      cookies[last] = cookie
      return
    end
  elseif status >= 301 and status <= 303 then
    logouts = logouts + 1
    return
  end
  unexpected = unexpected + 1
end
