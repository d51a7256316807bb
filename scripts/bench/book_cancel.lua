-- POST /appointments on a slot the seeded availability said was free, then POST /appointments/{id}/cancel by the
-- same customer: every booking is followed by its cancellation, so the slot is free again for the next round.
-- Both requests count. A 409 (slot taken meanwhile, or the customer busy then) is an expected outcome, counted
-- apart as a conflict; no cancellation follows it.
--
-- Slots are split between threads (thread k takes every BENCH_THREADS-th slot from k) so two threads never race
-- for one slot; within a thread the cursor only comes back to a slot after going through all the thread's slots.
-- Each slot comes with its customer (bench.sh picks, per slot, a customer with no other slot overlapping it, and
-- keeps slots of one resource from overlapping), so the slots conflict only with other bookings (seeded ones, or
-- the bench's own if a run is cut short: bench.sh cancels leftovers after every run).
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local slots, pending, cursor = nil, {}, 0

bench.on_init = function()
   slots = bench.data.slots
   cursor = thread_index - 1 - bench.threads
end

function request()
   local next_cancel = table.remove(pending, 1)
   if next_cancel then
      return bench.cancel_request(next_cancel.id, next_cancel.token)
   end
   cursor = cursor + bench.threads
   local i = cursor % #slots
   return bench.book_request(slots[i + 1])
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
