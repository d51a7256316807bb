-- GET /appointments?size=50 as staff (every customer's appointments, first page).
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
wrk.path = bench.api .. "/appointments?size=50"
wrk.headers["Authorization"] = "Bearer " .. bench.data.staff_token
