-- GET WRK_PATH with "Authorization: Bearer <token>", round-robin over the tokens in WRK_TOKENS
-- (one per line), starting at a random one. Checks as in common.lua.
dofile(os.getenv("WRK_LUA_DIR") .. "/common.lua")
local reqs, idx = {}, 0

function init(args)
  init_checks()
  local path = os.getenv("WRK_PATH")
  for _, token in ipairs(load_lines(os.getenv("WRK_TOKENS"))) do
    reqs[#reqs + 1] = wrk.format("GET", path, { ["Authorization"] = "Bearer " .. token }, nil)
  end
  idx = math.random(#reqs)
end

function request()
  idx = idx % #reqs + 1
  return reqs[idx]
end

function response(status, headers, body) check(status, body) end
function done(summary, latency, requests) report(summary, latency) end
