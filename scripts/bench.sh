#!/usr/bin/env bash
# The load harness: runs wrk scenarios against Citas and writes docs/bench/results.csv and docs/bench/machine.txt.
#
#   scripts/bench.sh [--long] [--url BASE_URL [--jmx HOST:PORT] [--pid TOMCAT_PID]] [--scenarios a,b,c]
#                    [--connections 1,8,32,128] [--repeats N] [--warmup S] [--scenario-warmup S] [--duration S]
#                    [--configuration NAME] [--append] [--no-seed]
#
# Without --url it starts its own stack (scripts/run.sh in the background, loopback only, the bench's limit
# servlet on, JMX on a loopback port), seeds the demo data, measures, and stops the stack at the end, also on
# Ctrl-C or error. With --url it measures a running stack (loopback only, e.g. http://127.0.0.1:8080/citas/api/v1,
# seeded with scripts/seed-demo.sh); SQL/request and cache figures are n/a unless --jmx names its JMX port, CPU and
# memory are n/a unless --pid names its Tomcat process; start it with raised quotas (see raise_quotas_for_run).
#
# Every point is a warm-up (excluded) then a measured wrk run of fixed length: 3 s + 5 s by default,
# 10 s + 30 s with 3 repeats with --long (for publication). wrk threads = min(connections, 2). Before a scenario's
# first point, a longer warm-up at 8 connections (--scenario-warmup, 15 s by default, 0 for none) lets the JIT
# compile the scenario's path: with 3 s alone a scenario's first repeats ran at up to a third of its warm speed.
#
# Scenarios (the CSV's keys): services_page service_detail resources_page availability availability_month
# appointments_staff appointments_user book_cancel mixed limit — the Lua scripts are in scripts/bench/. The cached catalog reads
# (services_page, service_detail, resources_page) come from many callers, so the quota filter works on many
# buckets as in production: every request names one of BENCH_ADDRESSES (1000) client addresses in X-Forwarded-For
# (198.18.0.0/15; believed because the RemoteIpValve trusts loopback, see tomcat-conf/conf/server.xml: with --url
# against a stack whose CITAS_INTERNAL_PROXIES excludes loopback they all count as the one loopback address), and
# every second one carries the token of one of the BENCH_USERS users (32), the others are anonymous.
#
# Configurations: --configuration NAME (or BENCH_CONFIGURATION) names the server setup in the CSV (default
# "default"). The environment passes through to the stack it starts, e.g.
#   CITAS_CACHE_ENABLED=false scripts/bench.sh --configuration cache_off --append
#   CITAS_QUOTA_ENABLED=false scripts/bench.sh --configuration quota_off --append
# (quota_off against the "default" rows of the same CSV gives the quota filter's cost: throughput lost and p50
# added on the cached reads at 32 connections, a target row of docs/performance.md.)
# --append keeps the CSV's rows of other configurations (rows of this one are replaced); without it the CSV is
# rewritten. Ports of the stack it starts: BENCH_HTTP_PORT (18080), BENCH_JMX_PORT (18099), BENCH_PG_PORT (25432),
# BENCH_REDIS_PORT (26379), away from run.sh's defaults so a developer's stack can keep running.
#
# Output: docs/bench/results.csv (published when the run ends; rows appear in target/bench/results.csv as they
# are measured), docs/bench/machine.txt, raw wrk output under target/bench/raw/, the stack's log in
# target/bench/stack.log; then scripts/bench-report.sh runs if it exists.
#
# Sourceable (scripts/warmup-chart.sh reuses its functions): main runs only when this file is executed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib.sh

readonly ALL_SCENARIOS=(services_page service_detail resources_page availability availability_month
  appointments_staff appointments_user book_cancel mixed limit)
readonly CSV_HEADER="configuration,scenario,connections,repeat,duration_s,requests,rps,p50_ms,p90_ms,p99_ms,errors,conflicts,sql_per_request,cache_hit_ratio,cpu_percent,rss_mb"
readonly OUT=target/bench
readonly CSV_WORK=$OUT/results.csv
readonly CSV_PUBLISHED=docs/bench/results.csv
readonly MACHINE_TXT=docs/bench/machine.txt

# Options (see the usage above).
URL=""
JMX=""
TOMCAT_PID=""
SCENARIOS="$(IFS=,; echo "${ALL_SCENARIOS[*]}")"
CONNECTIONS="1,8,32,128"
REPEATS=1
WARMUP_S=3
SCENARIO_WARMUP_S=15
readonly SCENARIO_WARMUP_CONNECTIONS=8
DURATION_S=5
CONFIGURATION="${BENCH_CONFIGURATION:-default}"
APPEND=false
SEED=true
# wrk's per-request timeout: generous, so slow answers under 128 connections count in the percentiles rather
# than as timeouts.
readonly WRK_TIMEOUT=10s

# The run's data: demo users and staff (scripts/seed-demo.sh), service ids 1..200.
readonly STAFF_USER="${BENCH_STAFF_USER:-staff1}"
readonly STAFF_PASSWORD="${BENCH_STAFF_PASSWORD:-demo-staff-password}"
readonly USER_PASSWORD="${BENCH_USER_PASSWORD:-demo-user-password}"
readonly USER_COUNT="${BENCH_USERS:-32}"          # tokens of user0001..user00NN, rotated by the user scenarios
readonly ADDRESS_COUNT="${BENCH_ADDRESSES:-1000}" # client addresses (X-Forwarded-For) of the catalog reads
readonly SERVICE_FIRST=1
readonly SERVICE_LAST="${BENCH_SERVICE_LAST:-200}"
readonly SLOT_TARGET="${BENCH_SLOTS:-1024}"       # free slots gathered for the booking scenarios
readonly EDITED_SERVICES=20                       # services whose price the mixed scenario's staff edits alternate

# Set while running; the trap cleans up whatever is set.
STACK_PID=""
WRK_PID=""
SAMPLER_PID=""
SLOTS_FROM=""
STAFF_TOKEN=""
ORIGIN=""
API_PATH=""
LIMIT_PATH=""
FAILED_POINTS=0
STACK_UP_NS=""   # date +%s%N when /health first answered 200 (start_stack)

log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] error: %s\n' "$*" >&2; exit 1; }

usage() {
  sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
  exit "${1:-0}"
}

parse_args() {
  local long=false warmup="" duration="" repeats=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --long) long=true ;;
      --url) URL="${2:?--url needs a value}"; shift ;;
      --jmx) JMX="${2:?--jmx needs HOST:PORT}"; shift ;;
      --pid) TOMCAT_PID="${2:?--pid needs a process id}"; shift ;;
      --scenarios) SCENARIOS="${2:?--scenarios needs a list}"; shift ;;
      --connections) CONNECTIONS="${2:?--connections needs a list}"; shift ;;
      --repeats) repeats="${2:?--repeats needs a number}"; shift ;;
      --warmup) warmup="${2:?--warmup needs seconds}"; shift ;;
      --scenario-warmup) SCENARIO_WARMUP_S="${2:?--scenario-warmup needs seconds}"; shift ;;
      --duration) duration="${2:?--duration needs seconds}"; shift ;;
      --configuration) CONFIGURATION="${2:?--configuration needs a name}"; shift ;;
      --append) APPEND=true ;;
      --no-seed) SEED=false ;;
      -h|--help) usage 0 ;;
      *) printf 'unknown option: %s\n\n' "$1" >&2; usage 2 ;;
    esac
    shift
  done
  if $long; then WARMUP_S=10; DURATION_S=30; REPEATS=3; fi
  WARMUP_S="${warmup:-$WARMUP_S}"
  DURATION_S="${duration:-$DURATION_S}"
  REPEATS="${repeats:-$REPEATS}"

  local s c known
  for s in ${SCENARIOS//,/ }; do
    known=false
    for c in "${ALL_SCENARIOS[@]}"; do [ "$s" = "$c" ] && known=true; done
    $known || die "unknown scenario '$s' (known: ${ALL_SCENARIOS[*]})"
  done
  for c in ${CONNECTIONS//,/ }; do
    in_range "$c" 1 1024 || die "connections must be 1..1024, got '$c'"
  done
  in_range "$REPEATS" 1 99 || die "--repeats must be 1..99"
  in_range "$USER_COUNT" 1 2000 || die "BENCH_USERS must be 1..2000 (the demo data's users)"
  in_range "$ADDRESS_COUNT" 1 128000 || die "BENCH_ADDRESSES must be 1..128000"
  in_range "$WARMUP_S" 0 300 || die "--warmup must be 0..300 seconds"
  in_range "$SCENARIO_WARMUP_S" 0 300 || die "--scenario-warmup must be 0..300 seconds"
  in_range "$DURATION_S" 1 600 || die "--duration must be 1..600 seconds"
  [[ "$CONFIGURATION" =~ ^[A-Za-z0-9_.-]+$ ]] || die "--configuration must be letters, digits, _ . -"
  if [ -z "$URL" ] && { [ -n "$JMX" ] || [ -n "$TOMCAT_PID" ]; }; then
    die "--jmx and --pid only go with --url (the stack bench.sh starts is measured anyway)"
  fi
  if [ -n "$TOMCAT_PID" ] && ! [ -r "/proc/$TOMCAT_PID/stat" ]; then
    die "--pid $TOMCAT_PID: no such process"
  fi
}

# in_range VALUE MIN MAX: VALUE is a whole number within MIN..MAX.
in_range() {
  [[ "$1" =~ ^[0-9]+$ ]] || return 1
  [ "$1" -ge "$2" ] && [ "$1" -le "$3" ]
}

is_loopback() {
  case "$1" in
    localhost|::1|\[::1\]) return 0 ;;
    127.*) [[ "$1" =~ ^127\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$ ]] ;;
    *) return 1 ;;
  esac
}

# Splits BASE_URL (http://HOST:PORT/CONTEXT/api/v1) into ORIGIN and API_PATH; refuses anything but loopback.
set_target() {
  local url="$1" host port rest
  [[ "$url" =~ ^http://(\[[^]]+\]|[^/:]+)(:[0-9]+)?(/.*)?$ ]] || die "--url must look like http://127.0.0.1:8080/citas/api/v1"
  host="${BASH_REMATCH[1]}" port="${BASH_REMATCH[2]:-}" rest="${BASH_REMATCH[3]:-/citas/api/v1}"
  is_loopback "$host" || die "refusing to load a non-loopback host: $host (the bench targets loopback only)"
  ORIGIN="http://${host}${port}"
  API_PATH="${rest%/}"
  [[ "$API_PATH" == */api/v1 ]] || die "--url must end with the API prefix /api/v1, e.g. http://127.0.0.1:8080/citas/api/v1"
  LIMIT_PATH="${API_PATH%/api/v1}/bench/limit"
}

ensure_wrk() {
  command -v wrk >/dev/null && return 0
  log "wrk is not installed; installing it from Debian (apt-get install -y wrk)"
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "wrk is missing and apt-get needs root: run 'apt-get install wrk' as root"
    sudo=(sudo -n)
  fi
  if ! { "${sudo[@]}" apt-get update -qq && "${sudo[@]}" apt-get install -y -qq wrk; } >"$OUT/apt.log" 2>&1; then
    die "could not install wrk (see $OUT/apt.log); install it with 'apt-get install wrk'"
  fi
  command -v wrk >/dev/null || die "apt-get reported success but wrk is still not on the PATH"
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Quotas must not distort throughput: the per-role request quotas (CITAS_QUOTA_*_PER_HOUR, token buckets per caller,
# defaults 100 / 1000 / 5000 an hour) would refuse the bench's traffic with 429 within seconds; each bench caller
# (a token, or one of the catalog reads' client addresses) sends far more. Here bench.sh raises them to the maximum
# for the stack it starts, leaving the quota filter on so its cost is measured; a value set in the environment wins (so a
# configuration can measure real limits). The scenarios also use staff tokens wherever the scenario allows.
# With --url, start the target with the same values (429s count as errors).
# Likewise the cap on upcoming appointments per customer (default 10): the seeded users already hold about that
# many, so the booking scenarios would measure the cap's refusals instead of bookings.
raise_quotas_for_run() {
  export CITAS_MAX_UPCOMING_APPOINTMENTS_PER_CUSTOMER="${CITAS_MAX_UPCOMING_APPOINTMENTS_PER_CUSTOMER:-100000}"
  export CITAS_QUOTA_ANONYMOUS_PER_HOUR="${CITAS_QUOTA_ANONYMOUS_PER_HOUR:-100000000}"
  export CITAS_QUOTA_USER_PER_HOUR="${CITAS_QUOTA_USER_PER_HOUR:-100000000}"
  export CITAS_QUOTA_STAFF_PER_HOUR="${CITAS_QUOTA_STAFF_PER_HOUR:-100000000}"
}

# Quota buckets live in Redis and outlive restarts with the capacity they were made with, so buckets left by an
# earlier run (or by a run.sh with the default quotas) would still throttle. Removes them, only from the embedded
# Redis of the stack bench.sh started (never from a Redis named by CITAS_REDIS_URL).
reset_quota_buckets() {
  [ -z "${CITAS_REDIS_URL:-}" ] || { log "CITAS_REDIS_URL is set: leaving its quota buckets alone"; return 0; }
  local url pattern="${CITAS_REDIS_KEY_PREFIX:-${CITAS_CACHE_PREFIX:-citas:}}quota:*" keys
  url=$(citas_load_stack_env; echo "${CITAS_REDIS_URL:-}")
  if ! command -v redis-cli >/dev/null; then
    log "warning: no redis-cli; quota buckets from earlier runs may throttle (apt-get install redis-tools)"
    return 0
  fi
  keys=$(redis-cli -u "$url" --scan --pattern "$pattern" | wc -l)
  redis-cli -u "$url" --scan --pattern "$pattern" | xargs -r -n 100 redis-cli -u "$url" UNLINK >/dev/null
  log "removed $keys quota bucket(s) left in the stack's Redis"
}

start_stack() {
  local http_port="${BENCH_HTTP_PORT:-18080}" jmx_port="${BENCH_JMX_PORT:-18099}"
  local pg_port="${BENCH_PG_PORT:-25432}" redis_port="${BENCH_REDIS_PORT:-26379}" p
  for p in "$http_port" "$jmx_port"; do
    ! port_in_use "$p" || die "port $p is in use (set BENCH_HTTP_PORT / BENCH_JMX_PORT)"
  done
  if [ -z "${CITAS_DB_URL:-}" ] && port_in_use "$pg_port"; then die "port $pg_port is in use (set BENCH_PG_PORT)"; fi
  if [ -z "${CITAS_REDIS_URL:-}" ] && port_in_use "$redis_port"; then die "port $redis_port is in use (set BENCH_REDIS_PORT)"; fi

  export CITAS_HTTP_PORT="$http_port" CITAS_HTTP_ADDRESS=127.0.0.1 CITAS_BENCH_ENDPOINT=true
  export CITAS_EMBEDDED_PG_PORT="$pg_port" CITAS_EMBEDDED_REDIS_PORT="$redis_port"
  # JMX for measuring only: loopback, no authentication (as the integration tests do); run.sh's own
  # authenticated JMX (CITAS_JMX_PORT) is off, or its port would replace this one.
  export CITAS_JMX_PORT=off
  export CATALINA_OPTS="${CATALINA_OPTS:-} -Dcom.sun.management.jmxremote.port=$jmx_port \
 -Dcom.sun.management.jmxremote.rmi.port=$jmx_port -Dcom.sun.management.jmxremote.host=127.0.0.1 \
 -Djava.rmi.server.hostname=127.0.0.1 -Dcom.sun.management.jmxremote.authenticate=false \
 -Dcom.sun.management.jmxremote.ssl=false"
  raise_quotas_for_run
  set_target "http://127.0.0.1:$http_port/citas/api/v1"
  JMX="127.0.0.1:$jmx_port"

  rm -f data/tomcat.pid
  STACK_UP_NS=""
  log "starting the stack (scripts/run.sh, HTTP 127.0.0.1:$http_port, JMX 127.0.0.1:$jmx_port); log: $OUT/stack.log"
  scripts/run.sh >"$OUT/stack.log" 2>&1 &
  STACK_PID=$!

  local deadline=$((SECONDS + ${BENCH_STARTUP_TIMEOUT:-300})) code
  while :; do
    kill -0 "$STACK_PID" 2>/dev/null || { tail -n 30 "$OUT/stack.log" >&2; STACK_PID=""; die "the stack exited during start-up (see $OUT/stack.log)"; }
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$ORIGIN$API_PATH/health" || true)
    if [ "$code" = 200 ] && [ -z "$STACK_UP_NS" ]; then STACK_UP_NS=$(now_ns); fi
    [ "$code" = 200 ] && [ -s data/tomcat.pid ] && break
    [ "$SECONDS" -lt "$deadline" ] || die "the stack did not become healthy in time (last /health: $code; see $OUT/stack.log)"
    sleep "${BENCH_HEALTH_POLL_S:-1}"
  done
  TOMCAT_PID=$(tr -d '[:space:]' < data/tomcat.pid)
  TOMCAT_PID=$(java_pid_of "$TOMCAT_PID")
  log "stack is up: Tomcat pid $TOMCAT_PID"
  reset_quota_buckets
}

# data/tomcat.pid holds the process run.sh started (catalina.sh, which execs java); follow to java if it did not.
java_pid_of() {
  local pid="$1" child
  if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" != java ]; then
    child=$(awk '{print $1}' "/proc/$pid/task/$pid/children" 2>/dev/null || pgrep -P "$pid" | head -n1)
    [ -n "$child" ] && pid="$child"
  fi
  echo "$pid"
}

# Stops the stack gracefully (run.sh's shutdown hook stops Tomcat, then Redis and PostgreSQL). STACK_PID stays set
# until the stack is gone, so an interruption while waiting lets cleanup wait again.
stop_stack() {
  [ -n "$STACK_PID" ] || return 0
  local i
  log "stopping the stack (pid $STACK_PID)"
  kill -TERM "$STACK_PID" 2>/dev/null || true
  for ((i = 0; i < 90; i++)); do
    if ! kill -0 "$STACK_PID" 2>/dev/null; then
      wait "$STACK_PID" 2>/dev/null || true
      STACK_PID=""
      return 0
    fi
    sleep 1
  done
  log "the stack did not stop in 90 s; killing it"
  kill -KILL "$STACK_PID" 2>/dev/null || true
  if [ -n "$TOMCAT_PID" ]; then kill -KILL "$TOMCAT_PID" 2>/dev/null || true; fi
  STACK_PID=""
}

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [ -n "$WRK_PID" ]; then kill "$WRK_PID" 2>/dev/null || true; fi
  stop_jmx_sampler
  stop_stack
  if [ "$status" -ne 0 ] && [ -s "$CSV_WORK" ]; then
    log "interrupted or failed; rows measured so far are in $CSV_WORK ($CSV_PUBLISHED left as it was)"
  fi
  exit "$status"
}

seed() {
  $SEED || { log "--no-seed: using the data already there"; return 0; }
  log "seeding the demo data"
  scripts/seed-demo.sh --reset
}

# --- Measuring ---------------------------------------------------------------------------------------------

# One JVM (JmxAttribute --serve) connected for the whole run: a line on its stdin prints one sample.
start_jmx_sampler() {
  [ -n "$JMX" ] || return 0
  local host="${JMX%:*}"
  is_loopback "$host" || die "--jmx must be a loopback HOST:PORT"
  coproc JMXS { exec java -cp "$(citas_dev_classpath)" \
    app.citas.dev.JmxAttribute --serve "$JMX" 'citas:type=Database#SqlStatementCount' \
    'citas:type=Cache,name=*#Hits' 'citas:type=Cache,name=*#Misses' 2>>"$OUT/jmx.log"; }
  SAMPLER_PID=$JMXS_PID   # bash unsets JMXS_PID when the co-process ends; keep our own copy
  jmx_sample
  if [ "$SQL_COUNT" = n/a ]; then
    log "warning: no citas:type=Database over JMX at $JMX (see $OUT/jmx.log); SQL figures will be n/a"
  fi
}

stop_jmx_sampler() {
  [ -n "$SAMPLER_PID" ] || return 0
  kill "$SAMPLER_PID" 2>/dev/null || true
  wait "$SAMPLER_PID" 2>/dev/null || true
  SAMPLER_PID=""
}

# Sets SQL_COUNT, CACHE_HITS, CACHE_MISSES (n/a when unknown).
jmx_sample() {
  SQL_COUNT=n/a CACHE_HITS=n/a CACHE_MISSES=n/a
  [ -n "$SAMPLER_PID" ] && [ -n "${JMXS[1]:-}" ] && kill -0 "$SAMPLER_PID" 2>/dev/null || return 0
  { printf 'sample\n' 1>&"${JMXS[1]}"; } 2>/dev/null || return 0
  read -r -t 20 SQL_COUNT CACHE_HITS CACHE_MISSES <&"${JMXS[0]}" || { SQL_COUNT=n/a CACHE_HITS=n/a CACHE_MISSES=n/a; }
}

# utime + stime of the Tomcat JVM, in clock ticks.
cpu_ticks() {
  local stat fields
  stat=$(cat "/proc/$TOMCAT_PID/stat" 2>/dev/null) || { echo n/a; return; }
  read -ra fields <<<"${stat##*) }"
  echo $((fields[11] + fields[12]))
}

rss_kb() {
  awk '/^VmRSS:/ {print $2}' "/proc/$TOMCAT_PID/status" 2>/dev/null || true
}

now_ns() { date +%s%N; }

# Runs wrk; the raw output goes to $1. Extra environment for the Lua scripts comes from the caller.
run_wrk() {
  local out="$1" threads="$2" connections="$3" seconds="$4" scenario="$5"
  wrk -t "$threads" -c "$connections" -d "${seconds}s" --timeout "$WRK_TIMEOUT" --latency \
    -s "scripts/bench/$scenario.lua" "$ORIGIN" >"$out" 2>&1
}

# Scenarios that book (and so leave bookings behind when wrk stops).
books() {
  [ "$1" = book_cancel ] || [ "$1" = mixed ]
}

# A warm-up run (not measured) of $1 at $2 connections for $3 seconds, raw output in $4; then the bookings it left
# are swept and the mixed scenario's edits undone.
warm_up() {
  local scenario="$1" connections="$2" seconds="$3" out="$4"
  export BENCH_THREADS=$((connections < 2 ? connections : 2))
  run_wrk "$out" "$BENCH_THREADS" "$connections" "$seconds" "$scenario" || log "warning: warm-up wrk failed (see $out)"
  sleep 1   # let requests still in flight finish before the counters are read
  if books "$scenario"; then sweep_bench_bookings "$SLOTS_FROM"; fi
  if [ "$scenario" = mixed ]; then restore_edited_services; fi
}

# One point: warm-up, then the measured run with CPU, memory and JMX around it; appends a CSV row.
run_point() {
  local scenario="$1" connections="$2" repeat="$3"
  local threads=$((connections < 2 ? connections : 2))
  local raw="$OUT/raw/$CONFIGURATION/$scenario-c$connections-r$repeat"
  export BENCH_THREADS="$threads"

  if [ "$WARMUP_S" -gt 0 ]; then
    warm_up "$scenario" "$connections" "$WARMUP_S" "$raw.warmup.txt"
  fi

  local sql0 hits0 misses0 cpu0 t0 rss_max=0 rss
  jmx_sample; sql0=$SQL_COUNT hits0=$CACHE_HITS misses0=$CACHE_MISSES
  cpu0=$(if [ -n "$TOMCAT_PID" ]; then cpu_ticks; else echo n/a; fi)
  t0=$(now_ns)
  run_wrk "$raw.txt" "$threads" "$connections" "$DURATION_S" "$scenario" &
  WRK_PID=$!
  while kill -0 "$WRK_PID" 2>/dev/null; do
    if [ -n "$TOMCAT_PID" ]; then
      rss=$(rss_kb)
      if [ -n "$rss" ] && [ "$rss" -gt "$rss_max" ]; then rss_max=$rss; fi
    fi
    sleep 0.2
  done
  local wrk_status=0
  wait "$WRK_PID" || wrk_status=$?
  WRK_PID=""
  local t1 cpu1
  t1=$(now_ns)
  cpu1=$(if [ -n "$TOMCAT_PID" ]; then cpu_ticks; else echo n/a; fi)
  sleep 0.5
  jmx_sample
  if books "$scenario"; then sweep_bench_bookings "$SLOTS_FROM"; fi
  if [ "$scenario" = mixed ]; then restore_edited_services; fi

  local result
  result=$(grep -m1 '^BENCH_RESULT ' "$raw.txt" || true)
  if [ "$wrk_status" -ne 0 ] || [ -z "$result" ]; then
    log "FAILED: $scenario c=$connections r=$repeat (wrk exit $wrk_status; see $raw.txt)"
    FAILED_POINTS=$((FAILED_POINTS + 1))
    return 0
  fi

  local row
  row=$(awk -v res="$result" -v cfg="$CONFIGURATION" -v sc="$scenario" -v c="$connections" -v r="$repeat" \
    -v sql0="$sql0" -v sql1="$SQL_COUNT" -v h0="$hits0" -v h1="$CACHE_HITS" -v m0="$misses0" -v m1="$CACHE_MISSES" \
    -v cpu0="$cpu0" -v cpu1="$cpu1" -v t0="$t0" -v t1="$t1" -v hz="$(getconf CLK_TCK)" -v rss="$rss_max" \
    -v haspid="${TOMCAT_PID:+1}" '
    BEGIN {
      n = split(res, kv, " ")
      for (i = 2; i <= n; i++) { split(kv[i], p, "="); v[p[1]] = p[2] }
      req = v["requests"]; dur = v["duration_us"] / 1e6
      errors = v["connect_errors"] + v["read_errors"] + v["write_errors"] + v["timeouts"] + v["status_errors"]
      sql = (sql0 == "n/a" || sql1 == "n/a" || req == 0) ? "n/a" : sprintf("%.2f", (sql1 - sql0) / req)
      lookups = (h0 == "n/a" || h1 == "n/a" || m0 == "n/a" || m1 == "n/a") ? 0 : (h1 - h0) + (m1 - m0)
      hit = lookups > 0 ? sprintf("%.3f", (h1 - h0) / lookups) : "n/a"
      cpu = (cpu0 == "n/a" || cpu1 == "n/a" || t1 <= t0) ? "n/a" : sprintf("%.1f", 100 * (cpu1 - cpu0) / hz / ((t1 - t0) / 1e9))
      mem = (haspid == "" || rss == 0) ? "n/a" : sprintf("%.1f", rss / 1024)
      printf "%s,%s,%d,%d,%.3f,%d,%.1f,%.3f,%.3f,%.3f,%d,%d,%s,%s,%s,%s\n", cfg, sc, c, r, dur, req,
        (dur > 0 ? req / dur : 0), v["p50_us"] / 1000, v["p90_us"] / 1000, v["p99_us"] / 1000, errors, v["conflicts"],
        sql, hit, cpu, mem
    }')
  echo "$row" >>"$CSV_WORK"
  log "$(awk -F, '{printf "%-18s c=%-4s r=%s  %9s req/s  p50 %8s ms  p99 %8s ms  errors %s  409 %s  sql/req %s  hit %s  cpu %s%%  rss %s MB", $2, $3, $4, $7, $8, $10, $11, $12, $13, $14, $15, $16}' <<<"$row")"
}

# --- Run data ------------------------------------------------------------------------------------------------

# POST /auth/token; prints the token.
token_for() {
  local user="$1" password="$2" body token
  body=$(curl -sS --max-time 30 -X POST "$ORIGIN$API_PATH/auth/token" -H 'Content-Type: application/json' \
    -d "$(jq -nc --arg u "$user" --arg p "$password" '{username: $u, password: $p}')") \
    || die "POST /auth/token for $user failed"
  token=$(jq -r '.token // empty' <<<"$body" 2>/dev/null || true)
  [[ "$token" =~ ^[A-Za-z0-9._~+/=-]+$ ]] || die "no token for $user (is the demo data seeded? answer: ${body:0:200})"
  echo "$token"
}

# A weekday (Monday-Friday) $1 days or more from today.
weekday_in() {
  local d=$1 day
  while :; do
    day=$(date -d "+$d days" +%u)
    [ "$day" -le 5 ] && { date -d "+$d days" +%F; return; }
    d=$((d + 1))
  done
}

# Writes $OUT/data.lua, read by every Lua script: tokens (obtained once here), the date, free slots, service bodies.
prepare_data() {
  local data="$OUT/data.lua" staff i name token date
  log "getting tokens (staff $STAFF_USER, users user0001..user$(printf '%04d' "$USER_COUNT")) and run data"
  staff=$(token_for "$STAFF_USER" "$STAFF_PASSWORD")
  STAFF_TOKEN="$staff"
  date=$(weekday_in 14)
  {
    echo "-- Written by scripts/bench.sh for one run; do not edit."
    echo "return {"
    printf '  api = "%s",\n  limit_path = "%s",\n  date = "%s",\n' "$API_PATH" "$LIMIT_PATH" "$date"
    # availability_month's range: the date and the 30 days after it (31 dates, the most a range may span).
    printf '  month_last = "%s",\n' "$(date -d "$date + 30 days" +%F)"
    printf '  service_first = %d,\n  service_last = %d,\n  staff_token = "%s",\n' "$SERVICE_FIRST" "$SERVICE_LAST" "$staff"
    printf '  addresses = %d,\n' "$ADDRESS_COUNT"
    echo "  users = {"
    local by_name=""
    for ((i = 1; i <= USER_COUNT; i++)); do
      name=$(printf 'user%04d' "$i")
      token=$(token_for "$name" "$USER_PASSWORD")
      printf '    { name = "%s", token = "%s" },\n' "$name" "$token"
      by_name+=$(printf '    %s = "%s",\n' "$name" "$token")$'\n'
    done
    echo "  },"
    printf '  users_by_name = {\n%s  },\n' "$by_name"
    echo "  slots = {"
    free_slots
    echo "  },"
    echo "  service_bodies = {"
    service_bodies
    echo "  },"
    echo "}"
  } >"$data.tmp"
  mv "$data.tmp" "$data"
  local slots
  slots=$(grep -c '^    { [0-9]*, [0-9]*, "[^"]*", [0-9]* },$' "$data" || true)
  [ "$slots" -gt 0 ] || die "found no free slots in the coming weeks; book_cancel and mixed cannot run"
  grep -q '^    { [0-9]*, \[==\[' "$data" || die "could not read any service for the mixed scenario's edits"
  SLOTS_FROM=$(weekday_in 14)
  log "run data: date $date, $slots free slots, tokens for $USER_COUNT users and $STAFF_USER"
}

# Free slots for the booking scenarios, from the availability endpoint on weekdays 14+ days ahead, made
# conflict-free among themselves: per resource no two overlap (availability steps by 15 minutes, appointments last
# longer), and each slot gets a customer (1..USER_COUNT) who has no other slot overlapping it; slots left without
# one are dropped. In start-time order, at most SLOT_TARGET. Prints Lua table rows
# { serviceId, resourceId, "startsAt", user }.
free_slots() {
  local raw="$OUT/slots.jsonl" found=0 day id date lines
  : >"$raw"
  for day in 14 15 16 17 18 21 22 23 24 25; do
    date=$(weekday_in "$day")
    for ((id = SERVICE_FIRST; id <= SERVICE_LAST; id += 23)); do
      [ "$found" -lt $((SLOT_TARGET * 3)) ] || break 2
      lines=$(curl -sS --max-time 30 -H "Authorization: Bearer $STAFF_TOKEN" \
        "$ORIGIN$API_PATH/services/$id/availability?date=$date" \
        | jq -c --argjson id "$id" '.slots[]? | {s: $id, r: .resourceId, start: .startsAt, end: .endsAt}' \
          2>/dev/null || true)
      [ -n "$lines" ] || continue
      echo "$lines" >>"$raw"
      found=$((found + $(wc -l <<<"$lines")))
    done
  done
  jq -rn --argjson users "$USER_COUNT" --argjson max "$SLOT_TARGET" '
    [inputs]
    | group_by(.r)
    | map(sort_by(.start) | reduce .[] as $x ([]; if length == 0 or .[-1].end <= $x.start then . + [$x] else . end))
    | add // []
    | sort_by(.start, .r)
    | reduce .[] as $x ({free: [range(0; $users) | ""], out: []};
        (first(range(0; $users) as $u | select(.free[$u] <= $x.start) | $u) // null) as $u
        | if $u == null then . else .free[$u] = $x.end | .out += [$x + {u: ($u + 1)}] end)
    | .out[:$max][]
    | "    { \(.s), \(.r), \"\(.start)\", \(.u) },"' "$raw"
}

# Cancels the bench's bookings still confirmed (each wrk run ends with some booked and not yet cancelled), so the
# next run finds its slots free again. Looks through every bench customer's own appointments (notes "bench").
sweep_bench_bookings() {
  local from="$1" token page ids id
  while read -r token; do
    for ((page = 1; page <= 20; page++)); do
      ids=$(curl -sS --max-time 30 -H "Authorization: Bearer $token" \
        "$ORIGIN$API_PATH/appointments?status=CONFIRMED&from=${from}T00:00:00Z&size=100&page=$page" \
        | jq -r '.items[] | select(.notes == "bench") | .id' 2>/dev/null || true)
      [ -n "$ids" ] || break
      for id in $ids; do
        curl -sS --max-time 30 -o /dev/null -X POST "$ORIGIN$API_PATH/appointments/$id/cancel" \
          -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d '{"reason":"bench sweep"}' || true
      done
    done
  done < <(sed -n 's/^    { name = "[^"]*", token = "\([^"]*\)" },$/\1/p' "$OUT/data.lua")
}

# Puts the services the mixed scenario edits back as they were read (their price as seeded), so that every run's
# edits start from the same state and each one really changes the price (mixed.lua alternates it).
restore_edited_services() {
  local id body
  while IFS=$'\t' read -r id body; do
    curl -sS --max-time 30 -o /dev/null -X PUT "$ORIGIN$API_PATH/services/$id" \
      -H "Authorization: Bearer $STAFF_TOKEN" -H 'Content-Type: application/json' -d "$body" \
      || log "warning: could not restore service $id after the mixed scenario"
  done < <(sed -n 's/^    { \([0-9]*\), \[==\[\(.*\)\]==\] },$/\1\t\2/p' "$OUT/data.lua")
}

# The services the mixed scenario edits: each one's current state as a PUT body, whose price mixed.lua alternates.
service_bodies() {
  local id body
  for ((id = SERVICE_FIRST; id < SERVICE_FIRST + EDITED_SERVICES; id++)); do
    body=$(curl -sS --max-time 30 -H "Authorization: Bearer $STAFF_TOKEN" "$ORIGIN$API_PATH/services/$id" \
      | jq -c '{name, description, durationMinutes, price, currency, categoryId: .category.id,
               resourceIds: [.resources[].id], active}' 2>/dev/null || true)
    if [ -n "$body" ]; then
      printf '    { %d, [==[%s]==] },\n' "$id" "$body"
    else
      log "warning: could not read service $id for the mixed scenario's edits"
    fi
  done
}

# --- Reports ----------------------------------------------------------------------------------------------------

write_machine_txt() {
  local db_url="${CITAS_DB_URL:-}" db_user="${CITAS_DB_USER:-postgres}" db_password="${CITAS_DB_PASSWORD:-}"
  local redis_url="${CITAS_REDIS_URL:-}" pg="n/a" redis="n/a"
  if [ -z "$URL" ] && [ -f data/stack.env ]; then
    # The stack bench.sh started: its embedded servers (or the CITAS_DB_URL / CITAS_REDIS_URL it was given).
    local saved_db="$db_url" saved_redis="$redis_url"
    citas_load_stack_env
    db_url="${CITAS_DB_URL:-$saved_db}" redis_url="${CITAS_REDIS_URL:-$saved_redis}"
    db_user="${CITAS_DB_USER:-postgres}" db_password="${CITAS_DB_PASSWORD:-}"
  fi
  if [ -n "$db_url" ] && command -v psql >/dev/null \
     && [[ "$db_url" =~ ^jdbc:postgresql://([^/:]+)(:([0-9]+))?/([^?]+) ]]; then
    pg=$(PGPASSWORD="$db_password" PGCONNECT_TIMEOUT=5 psql -h "${BASH_REMATCH[1]}" -p "${BASH_REMATCH[3]:-5432}" \
      -U "$db_user" -d "${BASH_REMATCH[4]}" -Atc 'select version()' 2>/dev/null || echo n/a)
  fi
  if [ -n "$redis_url" ] && command -v redis-cli >/dev/null; then
    redis=$(timeout 5 redis-cli -u "$redis_url" INFO server 2>/dev/null | tr -d '\r' | sed -n 's/^redis_version://p')
    redis="${redis:-n/a}"
  fi
  if { [ "$pg" = n/a ] && [ -n "$db_url" ]; } || { [ "$redis" = n/a ] && [ -n "$redis_url" ]; }; then
    # No psql / redis-cli here: ask the servers from Java (JDBC, Jedis).
    local versions
    versions=$(java -cp "$(citas_dev_classpath)" \
      app.citas.dev.ServerVersions "${db_url:-none}" "$db_user" "$db_password" "${redis_url:-redis://none:1}" 2>/dev/null || true)
    [ "$pg" != n/a ] || pg=$(sed -n 's/^postgresql: //p' <<<"$versions")
    [ "$redis" != n/a ] || redis=$(sed -n 's/^redis: //p' <<<"$versions")
  fi

  mkdir -p "$(dirname "$MACHINE_TXT")"
  {
    echo "# Written by scripts/bench.sh; the machine and servers behind docs/bench/results.csv."
    echo "date: $(date -u +%FT%TZ)"
    echo "git: $(git rev-parse --short HEAD 2>/dev/null || echo n/a)$(git diff --quiet 2>/dev/null || echo ' (with local changes)')"
    echo "cpu: $(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)"
    echo "cores: $(nproc)"
    echo "memory: $(awk '/^MemTotal:/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
    echo "os: $(sed -n 's/^PRETTY_NAME="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' /etc/os-release 2>/dev/null), kernel $(uname -r)"
    echo "jdk: $(java -version 2>&1 | sed -n '1,2p' | paste -sd ';' - | sed 's/;/; /')"
    echo "tomcat: $(citas_tomcat_version)"
    echo "postgresql: ${pg:-n/a}"
    echo "redis: ${redis:-n/a}"
    echo "wrk: $(wrk -v 2>&1 | head -n1)"
    echo "target: $ORIGIN$API_PATH ($([ -n "$URL" ] && echo 'given with --url' || echo 'started by bench.sh'))"
    echo "configuration: $CONFIGURATION"
    echo "configuration environment: $(env | grep -E '^CITAS_' | grep -v -E 'PASSWORD|_URL=' | sort | tr '\n' ' ')"
    echo "bench: warm-up ${SCENARIO_WARMUP_S}s per scenario (8 connections), ${WARMUP_S}s per point, measured ${DURATION_S}s, repeats $REPEATS, connections $CONNECTIONS, wrk threads min(connections, 2), timeout $WRK_TIMEOUT"
  } >"$MACHINE_TXT"
}

publish_csv() {
  mkdir -p "$(dirname "$CSV_PUBLISHED")"
  if $APPEND && [ -f "$CSV_PUBLISHED" ]; then
    [ "$(head -n1 "$CSV_PUBLISHED")" = "$CSV_HEADER" ] || die "$CSV_PUBLISHED has another header; not appending"
    { echo "$CSV_HEADER"
      tail -n +2 "$CSV_PUBLISHED" | awk -F, -v cfg="$CONFIGURATION" '$1 != cfg'
      tail -n +2 "$CSV_WORK"; } >"$CSV_PUBLISHED.tmp"
  else
    cp "$CSV_WORK" "$CSV_PUBLISHED.tmp"
  fi
  mv "$CSV_PUBLISHED.tmp" "$CSV_PUBLISHED"
  log "wrote $CSV_PUBLISHED ($(($(wc -l <"$CSV_PUBLISHED") - 1)) rows)"
}

# --- Main ---------------------------------------------------------------------------------------------------------

main() {
  parse_args "$@"
  mkdir -p "$OUT/raw/$CONFIGURATION"
  rm -f "$OUT/raw/$CONFIGURATION"/*.txt "$CSV_WORK"
  command -v curl >/dev/null || die "curl is required"
  command -v jq >/dev/null || die "jq is required (apt-get install jq)"
  ensure_wrk
  citas_build_if_needed
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  export BENCH_LUA_DIR="$PWD/scripts/bench" BENCH_DATA="$PWD/$OUT/data.lua"

  if [ -z "$URL" ]; then
    start_stack
    seed
  else
    set_target "$URL"
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$ORIGIN$API_PATH/health" || true)" = 200 ] \
      || die "$ORIGIN$API_PATH/health does not answer 200"
    if [ -z "$JMX" ]; then log "no --jmx: SQL/request and cache hit ratio will be n/a"; fi
    if [ -z "$TOMCAT_PID" ]; then log "no --pid: CPU and memory will be n/a"; fi
  fi
  start_jmx_sampler
  prepare_data
  write_machine_txt

  local scenarios=() connections=() scenario c r points
  IFS=, read -ra scenarios <<<"$SCENARIOS"
  IFS=, read -ra connections <<<"$CONNECTIONS"
  if [[ " ${scenarios[*]} " == *" limit "* ]] \
     && [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$ORIGIN$LIMIT_PATH")" != 200 ]; then
    die "$ORIGIN$LIMIT_PATH does not answer 200 (the server needs CITAS_BENCH_ENDPOINT=true for the limit scenario)"
  fi
  points=$((${#scenarios[@]} * ${#connections[@]} * REPEATS))
  log "configuration '$CONFIGURATION': ${#scenarios[@]} scenario warm-ups of ${SCENARIO_WARMUP_S}s, $points points" \
    "of ${WARMUP_S}s warm-up + ${DURATION_S}s measured" \
    "(about $(((${#scenarios[@]} * SCENARIO_WARMUP_S + points * (WARMUP_S + DURATION_S + 3)) / 60 + 1)) min)"
  echo "$CSV_HEADER" >"$CSV_WORK"
  for scenario in "${scenarios[@]}"; do
    if [ "$SCENARIO_WARMUP_S" -gt 0 ]; then
      warm_up "$scenario" "$SCENARIO_WARMUP_CONNECTIONS" "$SCENARIO_WARMUP_S" \
        "$OUT/raw/$CONFIGURATION/$scenario-scenario-warmup.txt"
    fi
    for c in "${connections[@]}"; do
      for ((r = 1; r <= REPEATS; r++)); do
        run_point "$scenario" "$c" "$r"
      done
    done
  done

  stop_jmx_sampler
  stop_stack
  publish_csv
  if [ -x scripts/bench-report.sh ]; then
    log "running scripts/bench-report.sh"
    scripts/bench-report.sh
  fi
  [ "$FAILED_POINTS" -eq 0 ] || die "$FAILED_POINTS point(s) failed; see the messages above"
  log "done"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  main "$@"
fi
