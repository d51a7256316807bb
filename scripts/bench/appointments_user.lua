-- GET /appointments?size=50 as a customer (their own appointments), tokens rotating over several users.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local requests, n = {}, 0

bench.on_init = function()
   for _, user in ipairs(bench.data.users) do
      requests[#requests + 1] = bench.get(bench.api .. "/appointments?size=50", user.token)
   end
   n = thread_index - 1
end

function request()
   n = n + 1
   return requests[n % #requests + 1]
end
