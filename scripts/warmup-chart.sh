#!/usr/bin/env bash
# Throughput after a start, with and without the warm-up: docs/bench/warmup.csv, warmup.png and warmup.md.
#
#   scripts/warmup-chart.sh [--duration S] [--connections C] [--scenario NAME] [--warmup-seconds N] [--no-seed]
#
# Starts the same stack as scripts/bench.sh (its functions, ports and raised quotas), first once to seed the demo
# data (unless --no-seed) and empty the catalog cache, then twice more: with CITAS_WARMUP_SECONDS=0 (warmup_off)
# and with --warmup-seconds (default 5, the application's default; warmup_on). Each run takes the instant /health
# first answers 200 (polled every 0.1 s), then at once runs wrk for 1 s at a time for --duration seconds (60) on
# --scenario (services_page; also service_detail, resources_page) with --connections (32), one CSV row per wrk
# run: run, seconds since UP at its end, req/s. The catalog cache is emptied before each run's stack stops, so
# every run starts cold. Then WarmupReport writes the chart and the table (time to 80% of warm throughput, warm
# being the median of the last 20 s). Never run it beside other load: it measures this machine.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench.sh

log() { printf '[warmup-chart] %s\n' "$*" >&2; }
die() { printf '[warmup-chart] error: %s\n' "$*" >&2; exit 1; }

readonly WARMUP_SELF="$PWD/scripts/warmup-chart.sh"
readonly WARMUP_CSV=docs/bench/warmup.csv
readonly WARMUP_OUT=$OUT/warmup
readonly WARMUP_HEADER="run,seconds_since_up,rps"
readonly WARMUP_SCENARIOS=(services_page service_detail resources_page)

W_DURATION=60
W_CONNECTIONS=32
W_SCENARIO=services_page
W_WARMUP_SECONDS=5
W_SEED=true

warmup_usage() {
  sed -n '2,13p' "$WARMUP_SELF" | sed 's/^# \{0,1\}//'
  exit "${1:-0}"
}

warmup_parse_args() {
  while [ $# -gt 0 ]; do
    case "$1" in
      --duration) W_DURATION="${2:?--duration needs seconds}"; shift ;;
      --connections) W_CONNECTIONS="${2:?--connections needs a number}"; shift ;;
      --scenario) W_SCENARIO="${2:?--scenario needs a name}"; shift ;;
      --warmup-seconds) W_WARMUP_SECONDS="${2:?--warmup-seconds needs seconds}"; shift ;;
      --no-seed) W_SEED=false ;;
      -h|--help) warmup_usage 0 ;;
      *) printf 'unknown option: %s\n\n' "$1" >&2; warmup_usage 2 ;;
    esac
    shift
  done
  in_range "$W_DURATION" 1 600 || die "--duration must be 1..600 seconds"
  in_range "$W_CONNECTIONS" 1 1024 || die "--connections must be 1..1024"
  in_range "$W_WARMUP_SECONDS" 1 120 || die "--warmup-seconds must be 1..120 (the off run uses 0)"
  local s known=false
  for s in "${WARMUP_SCENARIOS[@]}"; do [ "$s" = "$W_SCENARIO" ] && known=true; done
  $known || die "unknown scenario '$W_SCENARIO' (known: ${WARMUP_SCENARIOS[*]})"
}

# The run data the catalog scenarios read (no tokens: signing in would load the node inside the measured window).
write_catalog_data() {
  {
    echo "-- Written by scripts/warmup-chart.sh for one run; do not edit."
    echo "return {"
    printf '  api = "%s",\n  limit_path = "%s",\n' "$API_PATH" "$LIMIT_PATH"
    printf '  service_first = %d,\n  service_last = %d,\n' "$SERVICE_FIRST" "$SERVICE_LAST"
    echo "}"
  } >"$BENCH_DATA"
}

# Empties the catalog cache of the running stack, so the next start finds Redis cold (its data outlives restarts).
flush_cache() {
  scripts/cache-flush.sh >&2 || die "could not empty the catalog cache (scripts/cache-flush.sh)"
}

# Seeds (unless --no-seed) and empties the cache, in a stack of its own, so both measured runs start alike.
prepare() {
  export CITAS_WARMUP_SECONDS=0
  start_stack
  if $W_SEED; then
    log "seeding the demo data"
    scripts/seed-demo.sh --reset
  else
    log "--no-seed: using the data already there"
  fi
  flush_cache
  stop_stack
}

# measure_run NAME WARMUP_SECONDS: one start, then W_DURATION seconds of 1-second wrk runs; rows to $WARMUP_OUT/rows.csv.
measure_run() {
  local name="$1" threads=$((W_CONNECTIONS < 2 ? W_CONNECTIONS : 2)) up end i=0 raw result
  export CITAS_WARMUP_SECONDS="$2" BENCH_THREADS="$threads"
  log "run $name (CITAS_WARMUP_SECONDS=$2): $W_DURATION s of $W_SCENARIO at $W_CONNECTIONS connections after UP"
  start_stack
  up="$STACK_UP_NS"
  [ -n "$up" ] || die "start_stack did not record when /health first answered"
  end=$((up + W_DURATION * 1000000000))
  while [ "$(now_ns)" -lt "$end" ]; do
    i=$((i + 1))
    raw="$WARMUP_OUT/$name-$i.txt"
    run_wrk "$raw" "$threads" "$W_CONNECTIONS" 1 "$W_SCENARIO" || log "warning: wrk run $i failed (see $raw)"
    result=$(grep -m1 '^BENCH_RESULT ' "$raw" || true)
    if [ -z "$result" ]; then
      log "warning: no result from wrk run $i of $name (see $raw); that second is left out"
      continue
    fi
    awk -v res="$result" -v run="$name" -v now="$(now_ns)" -v up="$up" 'BEGIN {
      n = split(res, kv, " ")
      for (j = 2; j <= n; j++) { split(kv[j], p, "="); v[p[1]] = p[2] }
      errors = v["connect_errors"] + v["read_errors"] + v["write_errors"] + v["timeouts"] + v["status_errors"]
      if (errors > 0) printf "[warmup-chart] warning: %d errors in one second of %s\n", errors, run > "/dev/stderr"
      dur = v["duration_us"] / 1e6
      printf "%s,%.1f,%.1f\n", run, (now - up) / 1e9, (dur > 0 ? v["requests"] / dur : 0)
    }' >>"$WARMUP_OUT/rows.csv"
  done
  flush_cache
  stop_stack
}

warmup_main() {
  warmup_parse_args "$@"
  mkdir -p "$WARMUP_OUT"
  rm -f "$WARMUP_OUT"/*.txt "$WARMUP_OUT/rows.csv"
  command -v curl >/dev/null || die "curl is required"
  command -v jq >/dev/null || die "jq is required (apt-get install jq)"
  ensure_wrk
  citas_build_if_needed
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  export BENCH_LUA_DIR="$PWD/scripts/bench" BENCH_DATA="$PWD/$WARMUP_OUT/data.lua" BENCH_HEALTH_POLL_S=0.1

  prepare
  write_catalog_data
  measure_run warmup_off 0
  measure_run warmup_on "$W_WARMUP_SECONDS"

  { echo "$WARMUP_HEADER"; cat "$WARMUP_OUT/rows.csv"; } >"$WARMUP_CSV.tmp"
  mv "$WARMUP_CSV.tmp" "$WARMUP_CSV"
  log "wrote $WARMUP_CSV ($(($(wc -l <"$WARMUP_CSV") - 1)) rows)"
  local note
  note="Measured $(date -u +%F) at $(git rev-parse --short HEAD 2>/dev/null || echo n/a) on $(nproc) cores:"
  note+=" \`$W_SCENARIO\` at $W_CONNECTIONS connections, wrk runs of 1 s (each opens its connections anew) for"
  note+=" $W_DURATION s from UP (UP: /health 200, after the warm-up over HTTP when on); warmup_on with"
  note+=" CITAS_WARMUP_SECONDS=$W_WARMUP_SECONDS and CITAS_WARMUP_HTTP_SECONDS=${CITAS_WARMUP_HTTP_SECONDS:-120} (it ends"
  note+=" once the JIT compiler is quiet), warmup_off with CITAS_WARMUP_SECONDS=0 (no warm-up at all)."
  java -Djava.awt.headless=true -Dcitas.projectDir="$PWD" -cp "$(citas_dev_classpath)" \
    app.citas.dev.WarmupReport --note "$note"
  log "done"
}

warmup_main "$@"
