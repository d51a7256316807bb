-- GET /resources?size=20 (catalog read), from many callers (bench.caller_headers).
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
bench.rotate_callers(function()
   return bench.api .. "/resources?size=20"
end)
