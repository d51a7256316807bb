#!/usr/bin/env bash
# The soak: a stack started as scripts/run.sh starts it (embedded PostgreSQL and Redis, real Tomcat 11, loopback
# only, its own fresh data under target/soak/), the fault tests' mixed workload at a fixed rate for N minutes
# (catalog reads, availability, bookings by several customers: 2 requests in 10 are bookings), then the checks:
#   zero errors; appointments in the database = 201s received; no overlaps (SQL); heap after a full GC (JMX
#   java.lang:type=Memory gc, then HeapMemoryUsage, each minute) flat from minute 2 to the end; p99 reported.
#
#   scripts/soak.sh [--minutes N] [--rate REQUESTS_PER_SECOND|auto]      (defaults: 10 minutes, 20 requests/s)
#
# --rate auto first searches the rate: 40 s steps at 10, 20, 40 ... 640 requests/s (fresh customers each), and soaks
# at the highest whose p99 stayed under 100 ms with no error (about 40 s per step before the soak).
#
# Ports: SOAK_HTTP_PORT (18280), SOAK_JMX_PORT (18299), SOAK_PG_PORT (25632), SOAK_REDIS_PORT (26579), away from
# run.sh's and bench.sh's. Output: target/soak/result.txt (figures and verdicts), the stack's log in
# target/soak/stack.log. Exit status 0 when every check passes.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

MINUTES=10
RATE=20
OUT=target/soak
STACK_PID=""

log() { printf '[soak] %s\n' "$*" >&2; }
die() { printf '[soak] error: %s\n' "$*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) MINUTES="${2:?--minutes needs a number}"; shift ;;
    --rate) RATE="${2:?--rate needs a number}"; shift ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option: $1" ;;
  esac
  shift
done
[[ "$MINUTES" =~ ^[0-9]+$ ]] && [ "$MINUTES" -ge 1 ] && [ "$MINUTES" -le 240 ] || die "--minutes must be 1..240"
[ "$RATE" = auto ] || { [[ "$RATE" =~ ^[0-9]+$ ]] && [ "$RATE" -ge 5 ] && [ "$RATE" -le 500 ]; } \
  || die "--rate must be 5..500 or auto"

HTTP_PORT="${SOAK_HTTP_PORT:-18280}"
JMX_PORT="${SOAK_JMX_PORT:-18299}"
BASE_URL="http://127.0.0.1:$HTTP_PORT/citas/api/v1"

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

stop_stack() {
  [ -n "$STACK_PID" ] || return 0
  log "stopping the stack (pid $STACK_PID)"
  kill -TERM "$STACK_PID" 2>/dev/null || true
  local i
  for ((i = 0; i < 90; i++)); do
    kill -0 "$STACK_PID" 2>/dev/null || { wait "$STACK_PID" 2>/dev/null || true; STACK_PID=""; return 0; }
    sleep 1
  done
  log "the stack did not stop in 90 s; killing it"
  kill -KILL "$STACK_PID" 2>/dev/null || true
  STACK_PID=""
}
trap 'status=$?; trap - EXIT; stop_stack; exit $status' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

start_stack() {
  local p
  for p in "$HTTP_PORT" "$JMX_PORT" "${SOAK_PG_PORT:-25632}" "${SOAK_REDIS_PORT:-26579}"; do
    ! port_in_use "$p" || die "port $p is in use (set SOAK_HTTP_PORT, SOAK_JMX_PORT, SOAK_PG_PORT, SOAK_REDIS_PORT)"
  done
  rm -rf "$OUT"
  mkdir -p "$OUT"
  (
    unset CITAS_DB_URL CITAS_REDIS_URL
    export CITAS_DATA_DIR="$OUT/data" CITAS_RUN_BASE="$OUT/run-base"
    export CITAS_HTTP_PORT="$HTTP_PORT" CITAS_HTTP_ADDRESS=127.0.0.1
    export CITAS_EMBEDDED_PG_PORT="${SOAK_PG_PORT:-25632}" CITAS_EMBEDDED_REDIS_PORT="${SOAK_REDIS_PORT:-26579}"
    # Measuring JMX as the bench has it: loopback, no authentication; run.sh's authenticated JMX off.
    export CITAS_JMX_PORT=off
    export CATALINA_OPTS="-Dcom.sun.management.jmxremote.port=$JMX_PORT \
 -Dcom.sun.management.jmxremote.rmi.port=$JMX_PORT -Dcom.sun.management.jmxremote.host=127.0.0.1 \
 -Djava.rmi.server.hostname=127.0.0.1 -Dcom.sun.management.jmxremote.authenticate=false \
 -Dcom.sun.management.jmxremote.ssl=false"
    # The workload's customers make thousands of requests an hour: production quotas would answer 429.
    export CITAS_QUOTA_ANONYMOUS_PER_HOUR=100000000 CITAS_QUOTA_USER_PER_HOUR=100000000
    export CITAS_QUOTA_STAFF_PER_HOUR=100000000
    # Eight customers make every booking: the cap on upcoming appointments per customer (10) would refuse them.
    export CITAS_MAX_UPCOMING_APPOINTMENTS_PER_CUSTOMER=100000
    exec scripts/run.sh
  ) >"$OUT/stack.log" 2>&1 &
  STACK_PID=$!
  log "starting the stack (scripts/run.sh, HTTP 127.0.0.1:$HTTP_PORT, JMX 127.0.0.1:$JMX_PORT); log: $OUT/stack.log"
  local deadline=$((SECONDS + 300)) code
  while :; do
    kill -0 "$STACK_PID" 2>/dev/null || { tail -n 30 "$OUT/stack.log" >&2; STACK_PID=""; die "the stack exited during start-up"; }
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$BASE_URL/health" || true)
    [ "$code" = 200 ] && [ -s "$OUT/data/stack.env" ] && break
    [ "$SECONDS" -lt "$deadline" ] || die "the stack did not become healthy in 300 s (last /health: $code)"
    sleep 1
  done
}

citas_build_if_needed
start_stack
# The embedded database's URL, for create-user.sh and the checks.
# shellcheck disable=SC1091
source "$OUT/data/stack.env"
export CITAS_DB_URL CITAS_DB_USER CITAS_DB_PASSWORD
SOAK_STAFF_PASSWORD="soak-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
export SOAK_STAFF_PASSWORD
printf '%s\n' "$SOAK_STAFF_PASSWORD" | scripts/create-user.sh --staff soak-staff soak-staff@example.com >/dev/null
log "running $MINUTES minute(s) at $RATE requests/s"
status=0
java -cp "$(citas_dev_classpath)" app.citas.dev.Soak \
  --url "$BASE_URL" --jmx "127.0.0.1:$JMX_PORT" --staff soak-staff --minutes "$MINUTES" --rate "$RATE" \
  --out "$OUT/result.txt" || status=$?
{ echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GB", $2/1048576}' /proc/meminfo), load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"; } >>"$OUT/result.txt"
log "results: $OUT/result.txt"
exit "$status"
