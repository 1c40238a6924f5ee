-- Shared by the wrk scripts of bench/compare: checks every answer (status in WRK_STATUS, a
-- comma-separated list, default 200; body contains WRK_EXPECT when set), counts the bad ones, and
-- prints one machine-readable line `WRKJSON {...}` at the end.
local threads = {}
bad = 0
local statuses, expect = {}, nil

function setup(thread)
  table.insert(threads, thread)
end

function init_checks()
  for s in string.gmatch(os.getenv("WRK_STATUS") or "200", "%d+") do statuses[tonumber(s)] = true end
  expect = os.getenv("WRK_EXPECT")
  if expect == "" then expect = nil end
end

-- One request per line of a file, formatted once.
function load_lines(file)
  local lines = {}
  for line in io.lines(file) do
    if #line > 0 then lines[#lines + 1] = line end
  end
  return lines
end

function check(status, body)
  if not statuses[status] or (expect and not string.find(body, expect, 1, true)) then
    bad = bad + 1
  end
end

function report(summary, latency)
  local b = 0
  for _, t in ipairs(threads) do b = b + (t:get("bad") or 0) end
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_s":%.3f,"rps":%.1f,"p50_ms":%.3f,"p90_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,' ..
    '"err_connect":%d,"err_read":%d,"err_write":%d,"err_status":%d,"err_timeout":%d,"bad":%d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, e.connect, e.read, e.write, e.status, e.timeout, b))
end
