-- GET /resources?size=20 (anonymous catalog read).
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
wrk.path = bench.api .. "/resources?size=20"
