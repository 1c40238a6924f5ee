-- POST WRK_PATH with the JSON bodies in WRK_BODIES (one per line), round-robin, starting at a
-- random one. Checks as in common.lua.
dofile(os.getenv("WRK_LUA_DIR") .. "/common.lua")
local reqs, idx = {}, 0

function init(args)
  init_checks()
  local path = os.getenv("WRK_PATH")
  for _, body in ipairs(load_lines(os.getenv("WRK_BODIES"))) do
    reqs[#reqs + 1] = wrk.format("POST", path, { ["Content-Type"] = "application/json" }, body)
  end
  idx = math.random(#reqs)
end

function request()
  idx = idx % #reqs + 1
  return reqs[idx]
end

function response(status, headers, body) check(status, body) end
function done(summary, latency, requests) report(summary, latency) end
