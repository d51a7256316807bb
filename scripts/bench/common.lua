-- Shared by the scenario scripts of scripts/bench.sh (each one starts with dofile of this file).
--
-- bench.sh passes everything through the environment:
--   BENCH_DATA     a Lua file returning the run's data (tokens, ids, date, free slots, service bodies), written
--                  by bench.sh under target/bench/ before the runs
--   BENCH_THREADS  wrk's thread count (to split slots between threads)
--
-- done() prints one machine-readable line that bench.sh parses:
--   BENCH_RESULT requests=N duration_us=N p50_us=N p90_us=N p99_us=N connect_errors=N read_errors=N
--                write_errors=N timeouts=N status_errors=N conflicts=N
-- status_errors are non-2xx answers except 409, conflicts are 409 answers. Scripts without a response() function
-- (the cheap static ones) leave status counting to wrk itself, which counts answers >= 400 (no 3xx is expected:
-- wrk sends no If-None-Match).

bench = {}

local data_file = os.getenv("BENCH_DATA")
bench.data = data_file and dofile(data_file) or {}
bench.api = bench.data.api or "/citas/api/v1"
bench.threads = tonumber(os.getenv("BENCH_THREADS") or "1")

-- Per-thread globals (each wrk thread has its own Lua state); read back in done() through thread:get.
thread_index = 0          -- set by setup() through thread:set before init() runs
bench_conflicts = 0
bench_status_errors = 0
bench_counts_status = false

local threads = {}

function setup(thread)
   table.insert(threads, thread)
   thread:set("thread_index", #threads)
end

function init(args)
   math.randomseed(1000 + thread_index)
   if bench.on_init then
      bench.on_init()
   end
end

-- For scripts that define response(): counts 409 apart and every other non-2xx as an error.
function bench.count_status(status)
   bench_counts_status = true
   if status == 409 then
      bench_conflicts = bench_conflicts + 1
   elseif status < 200 or status > 299 then
      bench_status_errors = bench_status_errors + 1
   end
end

function bench.auth(token, extra)
   local headers = { ["Authorization"] = "Bearer " .. token }
   for k, v in pairs(extra or {}) do
      headers[k] = v
   end
   return headers
end

-- The callers of the cached catalog reads: request i comes from client address i of bench.data.addresses (in
-- 198.18.0.0/15, the benchmarking range, sent as X-Forwarded-For: Tomcat's RemoteIpValve believes it from loopback,
-- see tomcat-conf/conf/server.xml), every second one as one of the users (their tokens), the others anonymous; so
-- the quota filter decides for many callers (buckets), as in production, not for one address.
function bench.caller_headers(i)
   local addresses = bench.data.addresses or 1000
   local a = (i - 1) % addresses
   local headers = { ["X-Forwarded-For"] = string.format("198.%d.%d.%d", 18 + math.floor(a / 64000),
      math.floor(a / 250) % 256, a % 250 + 1) }
   local users = bench.data.users or {}
   if i % 2 == 0 and #users > 0 then
      headers["Authorization"] = "Bearer " .. users[(i / 2 - 1) % #users + 1].token
   end
   return headers
end

-- GET path_of(i) from caller i, for one rotation over the callers; request() then cycles through them, each wrk
-- thread from its own offset.
function bench.rotate_callers(path_of)
   local requests, n = {}, 0
   bench.on_init = function()
      local count = math.max(bench.data.addresses or 1000, 2 * #(bench.data.users or {}))
      for i = 1, count do
         requests[i] = wrk.format("GET", path_of(i), bench.caller_headers(i))
      end
      n = (thread_index - 1) * 97
   end
   request = function()
      n = n + 1
      return requests[n % #requests + 1]
   end
end

function bench.get(path, token)
   return wrk.format("GET", path, token and bench.auth(token) or nil)
end

function bench.post_json(method, path, token, body)
   return wrk.format(method, path, bench.auth(token, { ["Content-Type"] = "application/json" }), body)
end

-- Booking one free slot: slot = { serviceId, resourceId, startsAt, user }, booked by that user (bench.sh gives
-- every slot a customer with no other slot overlapping it).
function bench.book_request(slot)
   local body = string.format('{"serviceId":%d,"resourceId":%d,"startsAt":"%s","notes":"bench"}',
      slot[1], slot[2], slot[3])
   return bench.post_json("POST", bench.api .. "/appointments", bench.data.users[slot[4]].token, body)
end

function bench.cancel_request(id, token)
   return bench.post_json("POST", bench.api .. "/appointments/" .. id .. "/cancel", token, '{"reason":"bench"}')
end

-- The token of the customer named in an appointment body (so the customer cancels their own booking).
function bench.token_of_customer(body)
   local username = body:match('"customer":{[^}]-"username":"([^"]+)"')
   local users = bench.data.users_by_name
   if username and users and users[username] then
      return users[username]
   end
   return bench.data.staff_token
end

function done(summary, latency, requests)
   local conflicts, status_errors, counted = 0, 0, false
   for _, t in ipairs(threads) do
      conflicts = conflicts + (t:get("bench_conflicts") or 0)
      status_errors = status_errors + (t:get("bench_status_errors") or 0)
      counted = counted or t:get("bench_counts_status") == true
   end
   if not counted then
      status_errors = summary.errors.status
   end
   local e = summary.errors
   io.write(string.format("BENCH_RESULT requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d "
      .. "connect_errors=%d read_errors=%d write_errors=%d timeouts=%d status_errors=%d conflicts=%d\n",
      summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99),
      e.connect, e.read, e.write, e.timeout, status_errors, conflicts))
end
