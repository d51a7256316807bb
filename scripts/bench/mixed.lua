-- 95% reads spread evenly over the read scenarios, 5% writes: 2% bookings of a free slot, each followed by its
-- cancellation (another 2%), and 1% staff catalog edits: PUT /services/{id} with the body read before the run and
-- the price alternating between its value and that value + 1.00, so every edit changes the service (a PUT of the
-- same body would change nothing and invalidate nothing). Each wrk thread edits its own share of the services, so
-- threads never undo each other's edit into a no-op; bench.sh puts the services back after each run.
-- 409 answers are expected (slot taken, customer busy) and counted apart.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local reads, slots, edits, pending, cursor = {}, nil, nil, {}, 0

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
   -- This thread's services, each with two requests: the price + 1.00, then the price as read.
   edits = {}
   for i, b in ipairs(d.service_bodies) do
      if (i - 1) % bench.threads == thread_index - 1 then
         local price = b[2]:match('"price":"([%d.]+)"')
         local raised = string.format("%.2f", tonumber(price) + 1)
         local changed = b[2]:gsub('"price":"[%d.]+"', '"price":"' .. raised .. '"', 1)
         local path = api .. "/services/" .. b[1]
         add(edits, { next = 1, bench.post_json("PUT", path, d.staff_token, changed),
                      bench.post_json("PUT", path, d.staff_token, b[2]) })
      end
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
   elseif r < 0.03 and #edits > 0 then
      local edit = edits[math.random(#edits)]
      local req = edit[edit.next]
      edit.next = 3 - edit.next
      return req
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
