-- GET /services?page=1&size=20 (anonymous catalog read).
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
wrk.path = bench.api .. "/services?page=1&size=20"
