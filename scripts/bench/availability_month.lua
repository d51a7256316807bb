-- GET /services/{id}/availability?from=D&to=D+30&resourceId=R: a month view (31 dates) of one busy resource. The
-- (service, resource) pairs are those of the run's free slots: seeded resources, each holding about 1,700 of the
-- demo data's appointments (one every few hours over 15 months), so each request reads a month of appointments.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local requests, n = {}, 0

bench.on_init = function()
   local seen = {}
   for _, slot in ipairs(bench.data.slots) do
      local key = slot[1] .. "/" .. slot[2]
      if not seen[key] then
         seen[key] = true
         requests[#requests + 1] = bench.get(bench.api .. "/services/" .. slot[1] .. "/availability?from="
            .. bench.data.date .. "&to=" .. bench.data.month_last .. "&resourceId=" .. slot[2])
      end
   end
   n = (thread_index - 1) * 97
end

function request()
   n = n + 1
   return requests[n % #requests + 1]
end
