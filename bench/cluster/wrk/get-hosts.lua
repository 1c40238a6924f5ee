-- bench/compare/wrk/get.lua (bearer GETs round-robin over WRK_TOKENS, checked, WRKJSON at the end),
-- with each wrk thread connected to its own daemon: thread k to the k-th port of WRK_PORTS (a
-- comma-separated list, all on 127.0.0.1). Run with -t<number of ports>; wrk gives each thread
-- c/t connections, so the connections are split evenly over the daemons.
dofile(os.getenv("WRK_LUA_DIR") .. "/get.lua")
local compare_setup = setup
local started = 0

function setup(thread)
  compare_setup(thread)
  local ports = {}
  for port in string.gmatch(os.getenv("WRK_PORTS"), "%d+") do ports[#ports + 1] = port end
  started = started + 1
  thread.addr = wrk.lookup("127.0.0.1", ports[(started - 1) % #ports + 1])[1]
end
