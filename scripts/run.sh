#!/usr/bin/env bash
# Runs Citas in the foreground: a real Tomcat 11 with tomcat-conf/, the WAR at /citas, migrations applied,
# on embedded PostgreSQL and Redis (data under ./data) unless CITAS_DB_URL / CITAS_REDIS_URL are set.
# Port: CITAS_HTTP_PORT (default 8080). Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
citas_build_if_needed
# Prometheus metrics on loopback (docs/monitoring.md); CITAS_METRICS_PORT= (empty) turns them off.
export CITAS_METRICS_PORT="${CITAS_METRICS_PORT-9404}"
exec java -Dcitas.projectDir="$PWD" -Dcitas.tomcatVersion="$(citas_tomcat_version)" \
  -cp "$(citas_dev_classpath)" app.citas.dev.DevStack "$@"
