-- GET /services/{id}/availability?date=D: ids rotating over the seeded range, D a weekday in the coming weeks.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local requests, n = {}, 0

bench.on_init = function()
   for id = bench.data.service_first, bench.data.service_last do
      requests[#requests + 1] = bench.get(bench.api .. "/services/" .. id .. "/availability?date=" .. bench.data.date)
   end
   n = (thread_index - 1) * 97
end

function request()
   n = n + 1
   return requests[n % #requests + 1]
end
