#!/usr/bin/env bash
# One screen about the running Citas Tomcat, read over its loopback JMX port: threads, heap, requests/s and errors,
# HikariCP, SQL statements, cache hit ratios, quota refusals, Redis. --watch [SECONDS] redraws until Ctrl-C.
# Uses CITAS_JMX_PORT, CITAS_JMX_USER (default monitor) and CITAS_JMX_PASSWORD, or those of a running scripts/run.sh.
# See docs/monitoring.md.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
citas_require_build
# The port and credentials of a running scripts/run.sh, unless the caller named a port: then its own are meant.
if [ -z "${CITAS_JMX_PORT:-}" ]; then
  citas_load_stack_env
fi
# Bounded RMI waits, so a port that accepts but never answers gives an error instead of a hang.
exec java -Dsun.rmi.transport.connectionTimeout=5000 -Dsun.rmi.transport.tcp.responseTimeout=10000 \
  -cp "$CITAS_TOOLS_CLASSPATH" app.citas.tools.status.Status "$@"
