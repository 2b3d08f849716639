-- Shared by the wrk scripts: numbers each thread and prints one machine-readable line at the end,
--   wrk-result requests=N duration_us=N p50_us=N p90_us=N p99_us=N p999_us=N connect=N read=N
--   write=N timeout=N status=N pending=N
-- where status counts answers with a status above 399 and pending the logouts whose answer said
-- the revocation was not done in time (a script that does not count them reports 0).

local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function done(summary, latency, requests)
  local pending = 0
  for _, thread in ipairs(threads) do
    pending = pending + (thread:get("pending") or 0)
  end
  local e = summary.errors
  print(string.format(
    "wrk-result requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d p999_us=%d connect=%d"
      .. " read=%d write=%d timeout=%d status=%d pending=%d",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency:percentile(99.9),
    e.connect, e.read, e.write, e.timeout, e.status, pending))
end
