#!/usr/bin/env bash
# The failover run: a fresh cluster (scripts/cluster.sh up, 3 nodes behind HAProxy, Redis with Sentinels, PostgreSQL
# with a synchronous standby; data under target/failover/, its own ports) and the fault tests' mixed workload through
# HAProxy (bookings with an Idempotency-Key, retried by the client on a connection error or a 502/503/504) while each
# fault is injected with cluster.sh: kill a Tomcat node, a rolling deployment, kill the Redis primary, kill the
# PostgreSQL primary then promote the standby. Prints one row per scenario (requests, failures by kind, p99 during
# the fault, time to recover) and checks the database afterwards. Takes about 5 minutes; not part of mvn verify.
#
#   scripts/failover.sh [--nodes N] [--scenarios tomcat,deploy,redis,postgres] [--keep]
#
# Ports: FAILOVER_HTTP_PORT (HAProxy, 18780) and FAILOVER_PORT_BASE (18700: see cluster.sh). --keep leaves the
# cluster running afterwards (scripts/cluster.sh with CITAS_CLUSTER_DIR=target/failover/cluster to look at it).
# Output: target/failover/result.txt. Exit status 0 when every scenario passes.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

NODES=3
SCENARIOS=tomcat,deploy,redis,postgres
KEEP=false
while [ $# -gt 0 ]; do
  case "$1" in
    --nodes) NODES="${2:?--nodes needs a number}"; shift 2 ;;
    --scenarios) SCENARIOS="${2:?--scenarios needs a list}"; shift 2 ;;
    --keep) KEEP=true; shift ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "failover.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[ "$NODES" -ge 2 ] || { echo "failover.sh: --nodes must be at least 2 (one is killed)" >&2; exit 2; }

OUT=target/failover
export CITAS_CLUSTER_DIR="$OUT/cluster"
export CITAS_CLUSTER_PORT_BASE="${FAILOVER_PORT_BASE:-18700}"
export CITAS_HTTP_PORT="${FAILOVER_HTTP_PORT:-18780}"
# The workload's few customers make thousands of requests an hour and hold many upcoming appointments.
export CITAS_QUOTA_ANONYMOUS_PER_HOUR=100000000 CITAS_QUOTA_USER_PER_HOUR=100000000
export CITAS_QUOTA_STAFF_PER_HOUR=100000000 CITAS_MAX_UPCOMING_APPOINTMENTS_PER_CUSTOMER=100000
export CITAS_DEPLOY_DIR="$OUT/deploys"

citas_build_if_needed
if [ -d "$CITAS_CLUSTER_DIR" ]; then scripts/cluster.sh down >/dev/null 2>&1 || true; fi
rm -rf "$OUT"
mkdir -p "$OUT"
finish() {
  local status=$?
  if [ "$KEEP" = false ]; then scripts/cluster.sh down || true; fi
  exit "$status"
}
trap finish EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

scripts/cluster.sh up --nodes "$NODES"
# shellcheck disable=SC1091
source "$CITAS_CLUSTER_DIR/cluster.env"
export CITAS_MANAGER_USER CITAS_MANAGER_PASSWORD
export CITAS_DB_URL="jdbc:postgresql://127.0.0.1:$((CITAS_CLUSTER_PORT_BASE + 1)),127.0.0.1:$((CITAS_CLUSTER_PORT_BASE + 2))/citas?targetServerType=primary"
export CITAS_DB_USER=postgres CITAS_DB_PASSWORD=""
FAILOVER_STAFF_PASSWORD="failover-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
export FAILOVER_STAFF_PASSWORD
printf '%s\n' "$FAILOVER_STAFF_PASSWORD" | scripts/create-user.sh --staff failover-staff failover-staff@example.com >/dev/null

status=0
java -cp "$(citas_dev_classpath)" app.citas.dev.Failover --url "http://127.0.0.1:$CITAS_HTTP_PORT/citas/api/v1" \
  --nodes "$NODES" --node-port-base "$((CITAS_CLUSTER_PORT_BASE + 10))" --jmx-port-base "$((CITAS_CLUSTER_PORT_BASE + 40))" \
  --staff failover-staff --scenarios "$SCENARIOS" --out "$OUT/result.txt.tmp" || status=$?
{ cat "$OUT/result.txt.tmp"
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GB", $2/1048576}' /proc/meminfo), $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1), load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"; } >"$OUT/result.txt"
rm -f "$OUT/result.txt.tmp"
exit "$status"
