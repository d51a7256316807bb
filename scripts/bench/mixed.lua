-- 95% reads spread evenly over the read scenarios, 5% writes: 2% bookings of a free slot, each followed by its
-- cancellation (another 2%), and 1% staff catalog edits (PUT /services/{id} with the body read from it before the
-- run, so the data stays as seeded; every edit also invalidates the catalog cache, as real edits do).
-- 409 answers are expected (slot taken, customer busy) and counted apart.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local reads, slots, bodies, pending, cursor = {}, nil, nil, {}, 0

local function add(list, req)
   list[#list + 1] = req
end

bench.on_init = function()
   local d, api = bench.data, bench.api
   local static = {
      bench.get(api .. "/services?page=1&size=20"),
      bench.get(api .. "/resources?size=20"),
      bench.get(api .. "/appointments?size=50", d.staff_token),
   }
   -- Six read kinds with equal weight: the three static reads, service detail, availability, a user's appointments.
   local detail, avail, mine = {}, {}, {}
   for id = d.service_first, d.service_last do
      add(detail, bench.get(api .. "/services/" .. id))
      add(avail, bench.get(api .. "/services/" .. id .. "/availability?date=" .. d.date))
   end
   for _, user in ipairs(d.users) do
      add(mine, bench.get(api .. "/appointments?size=50", user.token))
   end
   reads = { { static[1] }, detail, { static[2] }, avail, { static[3] }, mine }
   slots = d.slots
   bodies = {}
   for _, b in ipairs(d.service_bodies) do
      add(bodies, bench.post_json("PUT", api .. "/services/" .. b[1], d.staff_token, b[2]))
   end
   cursor = thread_index - 1 - bench.threads
end

function request()
   local next_cancel = table.remove(pending, 1)
   if next_cancel then
      return bench.cancel_request(next_cancel.id, next_cancel.token)
   end
   local r = math.random()
   if r < 0.02 then
      cursor = cursor + bench.threads
      local i = cursor % #slots
      return bench.book_request(slots[i + 1])
   elseif r < 0.03 then
      return bodies[math.random(#bodies)]
   end
   local kind = reads[math.random(#reads)]
   return kind[math.random(#kind)]
end

function response(status, headers, body)
   bench.count_status(status)
   if status == 201 then
      local id = body:match('^%s*{%s*"id"%s*:%s*(%d+)')
      if id then
         pending[#pending + 1] = { id = id, token = bench.token_of_customer(body) }
      end
   end
end
