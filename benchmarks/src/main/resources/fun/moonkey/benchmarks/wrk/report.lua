-- Shared by the wrk scripts: numbers each thread and prints one machine-readable line at the end,
--   wrk-result requests=N duration_us=N p50_us=N p90_us=N p99_us=N p999_us=N connect=N read=N
--   write=N timeout=N status=N pending=N logouts=N unexpected=N
-- where status counts answers with a status above 399 and pending the logouts whose answer said
-- the revocation was not done in time (a script that does not count them reports 0); logouts and
-- unexpected are the script's own counts of logouts and of answers it did not expect (-1 and 0
-- for a script that does not count them: every request is then a logout).

local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function done(summary, latency, requests)
  local pending, logouts, unexpected = 0, -1, 0
  for _, thread in ipairs(threads) do
    pending = pending + (thread:get("pending") or 0)
    local counted = thread:get("logouts")
    if counted then
      logouts = math.max(logouts, 0) + counted
    end
    unexpected = unexpected + (thread:get("unexpected") or 0)
  end
  local e = summary.errors
  print(string.format(
    "wrk-result requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d p999_us=%d connect=%d"
      .. " read=%d write=%d timeout=%d status=%d pending=%d logouts=%d unexpected=%d",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency:percentile(99.9),
    e.connect, e.read, e.write, e.timeout, e.status, pending, logouts, unexpected))
end
