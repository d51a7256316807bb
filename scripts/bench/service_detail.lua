-- GET /services/{id}, ids rotating over the seeded range (1..200), each thread from its own offset.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local requests, n = {}, 0

bench.on_init = function()
   for id = bench.data.service_first, bench.data.service_last do
      requests[#requests + 1] = bench.get(bench.api .. "/services/" .. id)
   end
   n = (thread_index - 1) * 97
end

function request()
   n = n + 1
   return requests[n % #requests + 1]
end
