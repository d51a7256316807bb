-- GET /services/{id}, ids rotating over the seeded range (1..200), from many callers (bench.caller_headers).
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
bench.rotate_callers(function(i)
   local first, last = bench.data.service_first, bench.data.service_last
   return bench.api .. "/services/" .. (first + (i - 1) % (last - first + 1))
end)
