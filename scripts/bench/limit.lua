-- GET /citas/bench/limit: a fixed body the size of a services page, no framework, database or cache work.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
wrk.path = bench.data.limit_path or "/citas/bench/limit"
